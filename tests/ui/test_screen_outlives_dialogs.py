"""The screen outlives every dialog sized to it. Asked with `widget.screen()`, PySide makes
the widget the screen's owner in Python's eyes: when the garbage collector then frees the
widget (one in a reference cycle, as a closure leaves it), it may delete the screen with it,
and the next window to open crashes the program."""

from __future__ import annotations

import gc

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from greeter.ui.screen_fit import fit_dialog, free_on_screen, make_room, room_on_screen


def widgets_holding_the_screen() -> list[str]:
    screen = QGuiApplication.primaryScreen()
    return [type(held).__name__ for held in gc.get_referrers(screen) if isinstance(held, QWidget)]


def test_sizing_a_dialog_never_ties_the_screen_to_it(qtbot: QtBot) -> None:
    over = QWidget()
    qtbot.addWidget(over)
    over.resize(430, 760)
    over.show()
    dialog = QDialog(over)
    QVBoxLayout(dialog).addWidget(QLabel("A line that wraps beside the till " * 8, wordWrap=True))
    fit_dialog(dialog, 560)
    dialog.show()
    make_room(dialog)
    room_on_screen(over)

    assert free_on_screen(dialog) == QGuiApplication.primaryScreen().availableGeometry()
    assert widgets_holding_the_screen() == []
