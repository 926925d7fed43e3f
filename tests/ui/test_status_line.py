"""The status line under the search box comes and goes without moving the card below it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel
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


def test_ctrl_z_with_nothing_to_undo_says_so_over_an_older_message(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window.search, Qt.Key.Key_1, CTRL)  # on the day's list: no card
    assert window.status.text() == (
        "Find a customer first, then press Ctrl+1 to mark follow-up 1 done."
    )
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert window.status.text() == "Nothing to undo."


def test_ctrl_j_without_a_card_says_to_find_a_customer_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window.search, Qt.Key.Key_J, CTRL)  # the day's list: no card to link from
    assert window.status.text() == (
        "Find a customer first, then press Ctrl+J to open a linked customer's card."
    )
    window.find("BG-1")  # Lisa, linked to nobody
    qtbot.keyClick(window.search, Qt.Key.Key_J, CTRL)
    assert window.status.text() == "No linked customers on this card."


def test_what_was_said_about_typing_goes_when_the_typing_is_undone(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.find("BG-1")
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "613")  # a phone over the card: the card stays
    assert window.status.text() == "Press Enter to look up this card, phone or email."
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert window.search.text() == "BG-1" and window.status.text() == ""


# No space, and no slash for Qt to break after, from one end of the path to the other.
LONG_PATH = (
    r"C:\Users\Shop\AppData\Local\Greeter\backups\blue_gate_phones_main_counter_till_one"
    r"\greeter_backup_2026_11_23_041238_before_restoring_the_backup_of_last_week.db"
)


@pytest.mark.parametrize("width", [500, 1024])
def test_a_long_path_in_a_message_wraps_and_is_shown_whole(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, width: int
) -> None:
    window.resize(width, 760)
    qtbot.waitUntil(lambda: window.status.room.width() == width)
    window.find("BG-1")
    message = f"Nothing was written to {LONG_PATH}: the disk is full."
    window.status.setText(message)
    status = window.status
    assert status.text() == message  # as it was given, with nothing added to it

    window.grab().save(str(tmp_path / f"status-{width}.png"))
    # All of it inside the label: no line runs past its right edge (where it would be cut).
    drawn = QLabel.text(status)  # what Qt lays out and draws
    room = status.contentsRect()
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
    needs = status.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000), flags, drawn)
    assert needs.width() <= room.width() and needs.height() <= room.height()
    # Every line has room, in front of the card's top.
    assert status.height() == status.heightForWidth(status.width())
    assert status.height() // status.fontMetrics().lineSpacing() == (4 if width == 500 else 2)
