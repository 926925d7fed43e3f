"""The status line under the search box: nothing said, it takes no room and the card starts
right under the top bar; a message moves the card down by its lines rather than cover it, and
the card goes back up only with the next page (another customer, the day's list), never while
staff read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from greeter.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def resize(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    """The window at this size, its top bar arranged for it (beside the till: two rows)."""
    window.resize(width, height)
    top = window.top
    qtbot.waitUntil(
        lambda: window.status.room.width() == width and top.height() == top.sizeHint().height()
    )


def card_top(window: MainWindow) -> int:
    return window.card.mapTo(window, QPoint(0, 0)).y()


def page_top(window: MainWindow) -> int:
    return window.pages.mapTo(window, QPoint(0, 0)).y()


def top_bar_bottom(window: MainWindow) -> int:
    return window.top.mapTo(window, QPoint(0, window.top.height())).y()


def strip_bottom(window: MainWindow) -> int:
    room = window.status.room
    return room.mapTo(window, QPoint(0, room.height())).y()


def laid_out(window: MainWindow) -> bool:
    """The strip right under the top bar, the page right under the strip: nothing left to move."""
    room = window.status.room
    strip_top = room.mapTo(window, QPoint(0, 0)).y()
    return strip_top == top_bar_bottom(window) and page_top(window) == strip_bottom(window)


def status_bottom(window: MainWindow) -> int:
    status = window.status
    return status.mapTo(window, QPoint(0, status.height())).y()


def all_of_it_shown(window: MainWindow, lines: int) -> bool:
    """The status line says something, on `lines` lines, all of them with room."""
    status = window.status
    height = status.heightForWidth(status.width())
    return (
        status.isVisible()
        and status.height() == height
        and height // status.fontMetrics().lineSpacing() == lines
    )


@pytest.mark.parametrize("size", [(1024, 600), (430, 600)], ids=["small screen", "panel"])
def test_the_card_takes_the_status_line_s_room_until_there_is_something_to_say(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    resize(qtbot, window, *size)
    window.find("BG-1")
    assert window.status.text() == "" and not window.banner.isVisible()
    # Nothing said: not a pixel between the top bar and the card.
    qtbot.waitUntil(lambda: card_top(window) == top_bar_bottom(window))
    assert window.status.room.height() == 0

    qtbot.keyClick(window.search, Qt.Key.Key_J, CTRL)  # Lisa is linked to nobody: it says so
    assert window.status.text() == "No linked customers on this card."
    # All of it readable, and none of the card covered: the card moved down for it.
    qtbot.waitUntil(lambda: laid_out(window) and card_top(window) == status_bottom(window))
    assert all_of_it_shown(window, 1)
    assert window.status.geometry() == window.status.room.geometry()


def test_a_message_that_goes_leaves_the_card_where_staff_read_it_until_the_next_customer(
    qtbot: QtBot, window: MainWindow
) -> None:
    resize(qtbot, window, 1024, 600)
    window.find("BG-1")
    qtbot.waitUntil(lambda: card_top(window) == top_bar_bottom(window))
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "613")  # a phone over the card: the card stays
    assert window.status.text() == "Press Enter to look up this card, phone or email."
    qtbot.waitUntil(lambda: laid_out(window) and card_top(window) == status_bottom(window))
    read_at = card_top(window)

    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)  # typing undone: nothing more to say
    assert window.search.text() == "BG-1" and window.status.text() == ""
    qtbot.wait(50)  # time for a layout that would move it
    assert card_top(window) == read_at and strip_bottom(window) == read_at  # no jump back up

    qtbot.keyClick(window.search, Qt.Key.Key_J, CTRL)  # said again: still nothing moves
    assert window.status.text() == "No linked customers on this card."
    qtbot.wait(50)
    assert card_top(window) == read_at and all_of_it_shown(window, 1)

    window.find("613-555-0150")  # the next customer: her card gets all the room
    assert window.card.preferred_name.text() == "Zoë" and window.status.text() == ""
    qtbot.waitUntil(lambda: card_top(window) == top_bar_bottom(window))


@pytest.mark.parametrize(("width", "lines"), [(1180, 1), (480, 2)], ids=["wide", "beside the till"])
def test_a_message_moves_the_card_down_by_its_lines_and_never_covers_it(
    qtbot: QtBot, window: MainWindow, width: int, lines: int
) -> None:
    resize(qtbot, window, width, 760)
    window.find("BG-1")
    assert window.status.text() == ""
    status, room = window.status, window.status.room
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)  # nothing to put back: it says so
    assert status.text().startswith("Nothing to put back")
    # All of it readable: in a wide window on one line; beside the till on two, the card
    # moving down for both rather than be covered.
    assert all_of_it_shown(window, lines)
    qtbot.waitUntil(lambda: laid_out(window) and card_top(window) == strip_bottom(window))
    assert status.geometry() == room.geometry()  # the strip as tall as the message
    read_at = card_top(window)
    window.find("BG-1")  # the same card drawn again: the message goes, the card stays put
    assert status.text() == ""
    qtbot.wait(50)
    assert card_top(window) == read_at


def test_a_long_message_beside_the_till_moves_the_page_down_rather_than_cover_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    resize(qtbot, window, 430, 760)
    window.find("BG-1")
    status, room = window.status, window.status.room

    window.find("Zzyzx Quackenbush")  # nobody: how to add them, on three lines here
    assert status.text().startswith("Nobody found for “Zzyzx Quackenbush”.")
    assert status.height() // status.fontMetrics().lineSpacing() == 3  # all of it
    # The page starts under all of it: nothing of the page is covered.
    qtbot.waitUntil(lambda: page_top(window) == status_bottom(window))
    assert room.height() == status.height()

    window.find("BG-1")  # a card drawn afresh, with nothing to say: it takes all the room
    assert status.text() == ""
    qtbot.waitUntil(lambda: page_top(window) == top_bar_bottom(window))
    assert room.height() == 0


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
