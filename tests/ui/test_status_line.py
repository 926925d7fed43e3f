"""The status line under the search box comes and goes without moving the card below it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from greeter.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def card_top(window: MainWindow) -> int:
    return window.card.mapTo(window, QPoint(0, 0)).y()


@pytest.mark.parametrize(("width", "lines"), [(1180, 1), (480, 2)], ids=["wide", "beside the till"])
def test_a_message_coming_and_going_never_moves_the_card(
    qtbot: QtBot, window: MainWindow, width: int, lines: int
) -> None:
    window.resize(width, 760)
    window.find("BG-1")
    assert window.status.text() == ""
    top = card_top(window)
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)  # nothing to put back: it says so
    assert window.status.text().startswith("Nothing to put back")
    assert card_top(window) == top
    # All of it readable; beside the till, on two lines, in front of the card's top.
    status = window.status
    assert status.isVisible() and status.height() == status.heightForWidth(status.width())
    assert status.height() // status.fontMetrics().lineSpacing() == lines
    last_line = status.mapTo(window, QPoint(40, status.height() - 6))
    assert window.childAt(last_line) is status
    window.find("BG-1")  # the card drawn again: the message goes
    assert window.status.text() == ""
    assert card_top(window) == top
