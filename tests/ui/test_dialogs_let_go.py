"""Dialogs are let go of once closed: kept by the window, each one stayed in memory all day
with the customer it showed, and every later dialog opened more slowly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from greeter.ui.main_window import MainWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def open_and_close(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> bool:
    """Press the key that opens a dialog and cancel the dialog; whether one opened."""
    closed: list[QDialog] = []
    pressed = False

    def close_when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            closed.append(dialog)
            dialog.reject()
        elif not pressed:  # none opened: look no longer, or the next test's would be closed
            QTimer.singleShot(10, close_when_open)

    QTimer.singleShot(10, close_when_open)
    qtbot.keyClick(window.search, key, modifiers)  # returns once the dialog it opened closed
    pressed = True
    window.activateWindow()  # as the window manager does when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    return bool(closed)


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [(Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),  # details: preferences, tags, links
     (Qt.Key.Key_E, CTRL),  # edit the customer
     (Qt.Key.Key_N, CTRL | SHIFT),  # a new customer
     (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier)],  # notes
    ids=["F4 details", "Ctrl+E edit", "Ctrl+Shift+N new customer", "F3 notes"],
)  # fmt: skip
def test_a_dialog_opened_and_closed_again_and_again_leaves_none_behind(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    window.find("BG-1")
    for _ in range(3):
        assert open_and_close(qtbot, window, key, modifiers)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QDialog) == []
    assert window.current_customer is not None  # the card is still there
