"""The status line under the search box: a message of one line comes and goes without moving
the card below it; a longer one moves it down rather than cover it."""

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


def strip_bottom(window: MainWindow) -> int:
    room = window.status.room
    return room.mapTo(window, QPoint(0, room.height())).y()


@pytest.mark.parametrize(("width", "lines"), [(1180, 1), (480, 2)], ids=["wide", "beside the till"])
def test_a_message_moves_the_card_only_by_the_lines_beyond_the_first_and_never_covers_it(
    qtbot: QtBot, window: MainWindow, width: int, lines: int
) -> None:
    window.resize(width, 760)
    window.find("BG-1")
    qtbot.waitUntil(lambda: window.status.room.width() == width)
    assert window.status.text() == ""
    status, room = window.status, window.status.room
    line = room.height()  # the strip keeps one line, said or not
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)  # nothing to put back: it says so
    assert status.text().startswith("Nothing to put back")
    # All of it readable: in a wide window on the strip's one line, so the card stays put;
    # beside the till on two, the card moving down by the second rather than be covered.
    assert status.isVisible() and status.height() == status.heightForWidth(status.width())
    assert status.height() // status.fontMetrics().lineSpacing() == lines
    qtbot.waitUntil(lambda: card_top(window) == strip_bottom(window))
    assert status.geometry() == room.geometry()  # the strip as tall as the message
    if lines == 1:
        assert room.height() == line  # the card did not move
    window.find("BG-1")  # the card drawn again: the message goes, the card comes back up
    assert status.text() == ""
    qtbot.waitUntil(lambda: room.height() == line and card_top(window) == strip_bottom(window))


def page_top(window: MainWindow) -> int:
    return window.pages.mapTo(window, QPoint(0, 0)).y()


def status_bottom(window: MainWindow) -> int:
    status = window.status
    return status.mapTo(window, QPoint(0, status.height())).y()


def test_a_long_message_beside_the_till_moves_the_page_down_rather_than_cover_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(430, 760)
    window.find("BG-1")
    status, room = window.status, window.status.room
    qtbot.waitUntil(lambda: room.width() == 430)
    line = room.height()  # one line's strip, kept whether or not anything is said

    window.find("Zzyzx Quackenbush")  # nobody: how to add them, on three lines here
    assert status.text().startswith("Nobody found for “Zzyzx Quackenbush”.")
    assert status.height() // status.fontMetrics().lineSpacing() == 3  # all of it
    # The page starts under all of it: nothing of the page is covered.
    qtbot.waitUntil(lambda: page_top(window) == status_bottom(window))
    assert room.height() == status.height()

    window.find("BG-1")  # the message goes: the strip is one line again
    assert status.text() == ""
    qtbot.waitUntil(lambda: page_top(window) == room.mapTo(window, QPoint(0, line)).y())
    assert room.height() == line


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
    # Every line has room, the card below it.
    assert status.height() == status.heightForWidth(status.width())
    assert status.height() // status.fontMetrics().lineSpacing() == (4 if width == 500 else 2)
