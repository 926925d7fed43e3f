"""What they buy, in a narrow panel beside the till: every purchase shows, its items wrapped,
and the card scrolls as one (no box scrolling inside it); in a wide window the panel is the
box of one-line rows beside the notes that it always was."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QBoxLayout

from greeter.store import Store
from greeter.ui.card_sections import BOX_HEIGHT, ITEM_LINES, PurchasesTable
from greeter.ui.main_window import MainWindow
from tests.helpers import add_purchase
from tests.ui.test_card_reuse import settled

SON_S_PHONE = "Galaxy A16 5G (for her son), Prepaid SIM kit"
A_DOZEN = [f"Picture frame, walnut, {n} by {n + 2} inches" for n in range(4, 16)]


@pytest.fixture
def buyer(store: Store, shop: dict[str, int]) -> int:
    """Lisa, with eight purchases (as many as a card shows): one for her son's phone, one of
    a dozen frames, the others of one short item each."""
    lisa = shop["lisa"]  # who bought a Pixel 9 Pro on 8 Nov
    add_purchase(
        store,
        lisa,
        dt.datetime(2026, 11, 3, 11, 0),
        ("Galaxy A16 5G (for her son)", 29999),
        ("Prepaid SIM kit", 1000),
    )
    add_purchase(store, lisa, dt.datetime(2026, 10, 20, 11, 0), *[(f, 2500) for f in A_DOZEN])
    for day in range(1, 6):
        add_purchase(store, lisa, dt.datetime(2026, 9, day, 11, 0), (f"Gift card {day}", 2500))
    return lisa


def row_of(table: PurchasesTable, items: str) -> int:
    model = table.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 1).data() == items]
    assert len(rows) == 1, items
    return rows[0]


def at_size(window: MainWindow, width: int, height: int) -> PurchasesTable:
    window.resize(width, height)
    QApplication.processEvents()
    settled(window, "BG-1")
    return window.card.purchases.table


def test_a_narrow_panel_shows_every_purchase_without_a_scroll_bar_of_its_own(
    window: MainWindow, buyer: int
) -> None:
    table = at_size(window, 480, 900)

    assert window.card.columns.direction() == QBoxLayout.Direction.TopToBottom
    assert table.model().rowCount() == 8
    assert table.verticalScrollBar().maximum() == 0  # nothing scrolled out of sight in it
    assert not table.verticalScrollBar().isVisible()
    last = table.model().rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()
    # The card scrolls as a whole instead, down to the last purchase.
    card = window.card
    card.verticalScrollBar().setValue(card.verticalScrollBar().maximum())
    QApplication.processEvents()
    bottom = table.mapTo(card.viewport(), table.rect().bottomLeft()).y()
    assert bottom <= card.viewport().height()


def test_items_wrap_in_a_narrow_panel_and_a_long_receipt_ends_in_an_ellipsis(
    window: MainWindow, buyer: int
) -> None:
    table = at_size(window, 480, 900)
    line = table.fontMetrics().lineSpacing()
    one_line = table.verticalHeader().defaultSectionSize()

    son = row_of(table, SON_S_PHONE)
    assert table.rowHeight(son) >= table.sizeHintForRow(son)  # Qt's own measure: all of it
    assert table.rowHeight(son) > one_line  # on more than one line
    frames = row_of(table, ", ".join(A_DOZEN))
    assert table.rowHeight(frames) == one_line + (ITEM_LINES - 1) * line  # no taller
    assert table.rowHeight(frames) < table.sizeHintForRow(frames)  # so it ends in "…"
    tip = table.model().index(frames, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == ", ".join(A_DOZEN)  # the whole receipt, on hover
    gift = row_of(table, "Gift card 1")
    assert table.rowHeight(gift) == one_line


def test_a_wide_window_keeps_the_box_of_one_line_rows_beside_the_notes(
    window: MainWindow, buyer: int
) -> None:
    at_size(window, 480, 900)  # narrow first: the way back must be whole too
    table = at_size(window, 1280, 800)

    card = window.card
    assert card.columns.direction() == QBoxLayout.Direction.LeftToRight
    assert card.purchases.x() > card.notes.x()  # beside the notes, not under them
    one_line = table.verticalHeader().defaultSectionSize()
    assert [table.rowHeight(r) for r in range(8)] == [one_line] * 8
    assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert table.minimumHeight() == BOX_HEIGHT
    son = table.visualRect(table.model().index(row_of(table, SON_S_PHONE), 1))
    assert son.height() == one_line  # one line, ending in "…" if it must


def test_the_next_card_in_a_narrow_panel_shows_every_purchase_too(
    window: MainWindow, buyer: int
) -> None:
    window.resize(480, 900)
    settled(window, "613-555-0150")  # Zoë, who has bought nothing: no table on her card
    table = at_size(window, 480, 900)  # then Lisa, in the panel as it is
    assert table.verticalScrollBar().maximum() == 0
    last = table.model().rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) == table.viewport().height()
