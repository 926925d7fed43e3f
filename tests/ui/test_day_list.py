"""The day's list on the idle screen, walked and opened from the keyboard; who it counts as
greeted today (the customer at the counter, not someone looked up)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from greeter.core.audit import AuditEvent
from greeter.core.day_list import Section
from greeter.recognise import Recognition
from greeter.store import Store, rows
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from tests.helpers import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier


def lines(window: MainWindow) -> list[str]:
    model = window.idle.day_list.day_model
    return [str(model.index(row).data()) for row in model.line_rows()]


def test_idle_screen_shows_the_day_list(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.idle
    shown = lines(window)
    assert any(line.startswith("Lisa — Reserved item waiting") for line in shown)
    assert any(line.startswith("Lisa — Birthday Thursday") for line in shown)
    headings = [
        str(window.idle.day_list.day_model.index(r).data())
        for r in range(window.idle.day_list.day_model.rowCount())
        if r not in window.idle.day_list.day_model.line_rows()
    ]
    assert Section.RESERVED.heading.upper() in headings


def test_down_and_enter_open_a_line_from_an_empty_search_box(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.idle.day_list.current_customer() == shop["lisa"]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["lisa"]


def test_greeted_customers_join_the_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window's day is TODAY: the greeting must be made on it, whatever the real date.
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(11, 5)))
    window.find("613 555 0150")
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.pages.currentWidget() is window.idle
    assert any(line.startswith("Zoë — Greeted at") for line in lines(window))


def greeted(qtbot: QtBot, window: MainWindow) -> list[str]:
    """Who the day's list says was greeted, once the window is back on it (F2)."""
    qtbot.keyClick(window.search, Qt.Key.Key_F2)
    return sorted(line.split(" — ")[0] for line in lines(window) if " — Greeted at" in line)


def viewed(store: Store) -> list[int]:
    """Whose cards the audit trail says were shown."""
    return sorted({e.customer_id or 0 for e in store.audit.entries(action=AuditEvent.VIEW)})


def test_a_linked_customer_looked_up_is_not_greeted_but_their_card_view_is_audited(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(11, 5)))
    store.links.add(shop["lisa"], shop["zoe"], "buys for", staff_id)
    window.find("BG-1")  # Lisa at the counter
    qtbot.keyClick(window.search, Qt.Key.Key_J, CTRL)  # Zoë's card, to look something up
    assert window.current_customer == shop["zoe"]
    monkeypatch.setattr(
        NoteDialog, "ask", classmethod(lambda cls, *a, **k: NoteDraft("Size M", False))
    )
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL)  # a note on it: the card drawn again
    assert window.status.text() == "Note saved."
    assert greeted(qtbot, window) == ["Lisa"]
    assert viewed(store) == sorted([shop["lisa"], shop["zoe"]])  # the privacy trail, whole

    window.find("613-555-0123")  # Lisa again, then Zoë by her link chip
    [chip] = [b for b in window.card.facts.findChildren(QPushButton) if b.isVisibleTo(window.card)]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.current_customer == shop["zoe"]
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "li")  # a name typed over her card, then undone
    qtbot.keyClick(window.search, Qt.Key.Key_Z, CTRL)
    assert window.current_customer == shop["zoe"]  # back, and still only looked up
    assert greeted(qtbot, window) == ["Lisa"]


def test_a_customer_named_by_the_till_scanned_or_found_in_the_search_box_is_greeted(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(11, 5)))
    window.till.show_selected(Recognition(customer_id=shop["zoe"]))
    window.till.handle_scan("BG-1")  # Lisa's loyalty card
    assert window.current_customer == shop["lisa"]
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "bob")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["bob"]
    assert greeted(qtbot, window) == ["<b>Bob</b>", "Lisa", "Zoë"]


def test_the_list_never_shows_more_than_a_first_name(window: MainWindow) -> None:
    for line in lines(window):
        assert "Marsh" not in line and "Robert" not in line
