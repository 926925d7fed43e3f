"""One card after another: the card's rows are reused, and must never show the last customer."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind, NoteKind
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY, add_customer, add_purchase

RICH_TEXTS = (
    "Keeps the spare key for the stockroom",
    "Allergic to nothing, loves the window seat",
    "Call when the walnut frames arrive",
    "Ring size",
    "Walnut frame",
    "Lisa",
)


@pytest.fixture
def rich(store: Store, shop: dict[str, int], staff_id: int) -> int:
    """Lisa, with much more on her card: every kind of row and chip."""
    lisa = shop["lisa"]
    old = dt.datetime.combine(TODAY - dt.timedelta(days=500), dt.time(10))
    store.notes.add(lisa, RICH_TEXTS[0], staff_id, kind=NoteKind.CAUTION, created=old)
    store.notes.add(lisa, RICH_TEXTS[1], staff_id, pinned=True)
    store.follow_ups.add(
        lisa, FollowUpKind.CALL_BACK, RICH_TEXTS[2], staff_id, TODAY - dt.timedelta(days=3)
    )
    store.preferences.add(lisa, RICH_TEXTS[3], "7", staff_id)
    store.occasions.add(lisa, "Shop anniversary", TODAY.month, TODAY.day)
    store.tags.add(lisa, ["Framing club"])
    store.links.add(lisa, shop["zoe"], "buys for", staff_id)
    for days in (30, 60, 90):
        when = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(11))
        add_purchase(store, lisa, when, (RICH_TEXTS[4], 4500))
    return lisa


@pytest.fixture
def plain(store: Store, staff_id: int) -> int:
    """A customer with one ordinary note and one promise, not yet due."""
    ana = add_customer(store, "Ana", "Ana Lima", card="BG-7")
    store.notes.add(ana, "Likes the small gift bags", staff_id)
    store.follow_ups.add(
        ana, FollowUpKind.PROMISE, "Hold the blue vase", staff_id, TODAY + dt.timedelta(days=9)
    )
    add_purchase(store, ana, dt.datetime(2026, 10, 2, 15, 0), ("Blue vase", 3900))
    return ana


def settled(window: MainWindow, code: str) -> None:
    window.find(code)
    for _ in range(3):  # the scroll bar is shown or hidden on the next turn of the loop
        QApplication.processEvents()


def seen_on_card(window: MainWindow) -> list[str]:
    card = window.card
    return [
        w.text()
        for w in card.findChildren(QWidget)
        if isinstance(w, QLabel | QPushButton) and w.isVisibleTo(card) and w.text()
    ]


def card_image(window: MainWindow) -> QImage:
    return window.card.widget().grab().toImage()


@pytest.mark.parametrize("code", ["613-555-0150", "BG-7"], ids=["sparse", "plain"])
def test_a_card_after_a_rich_one_looks_as_it_does_fresh(
    window: MainWindow, rich: int, plain: int, code: str
) -> None:
    settled(window, code)
    fresh = card_image(window)
    settled(window, "BG-1")
    assert "Keeps the spare key for the stockroom" in seen_on_card(window)
    settled(window, code)
    assert card_image(window) == fresh  # no stale rows, gaps, colours or sizes


def test_nothing_of_the_last_customer_is_left_on_the_card(
    window: MainWindow, rich: int, plain: int
) -> None:
    settled(window, "BG-1")
    settled(window, "BG-7")
    seen = " ".join(seen_on_card(window))
    for text in RICH_TEXTS:
        assert text not in seen
    assert "Likes the small gift bags" in seen
    assert "Hold the blue vase" in seen
    settled(window, "613-555-0150")
    seen = seen_on_card(window)
    assert "No notes yet. Ctrl+N adds one." in seen
    assert "Nothing promised. Ctrl+P adds a follow-up." in seen
    assert not [t for t in seen if "Likes the small gift bags" in t or "Usually" in t]


def test_put_away_card_keeps_no_text(window: MainWindow, rich: int) -> None:
    settled(window, "BG-1")
    window.show_idle()
    kept = [
        w.text()
        for w in window.card.findChildren(QWidget)
        if isinstance(w, QLabel | QPushButton) and any(t in w.text() for t in RICH_TEXTS)
    ]
    assert kept == []


def test_a_reused_link_opens_the_customer_now_shown(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], rich: int
) -> None:
    settled(window, "BG-1")
    [link] = [w for w in window.card.facts.findChildren(QPushButton) if w.isVisibleTo(window)]
    assert "Zoë" in link.text()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.current_customer == shop["zoe"]
    [back] = [w for w in window.card.facts.findChildren(QPushButton) if w.isVisibleTo(window)]
    assert "Lisa" in back.text()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert window.current_customer == shop["lisa"]


def _reaching_past_the_viewport(window: MainWindow) -> list[str]:
    card = window.card
    viewport = card.viewport().width()
    shown = [w for w in card.widget().findChildren(QWidget) if w.isVisibleTo(card)]
    return [
        f"{type(w).__name__} {w.objectName()}"
        for w in shown
        if w.mapTo(card.widget(), w.rect().topRight()).x() >= viewport
    ]


def test_long_unbroken_words_fit_a_narrow_panel(
    window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    url = "https://shop.example.com/orders/2026/11/ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"
    max_ = add_customer(
        store, "Maximiliana-Alexandrina", "Maximiliana-Alexandrina Featherstonehaugh", card="BG-9"
    )
    store.notes.add(max_, f"Her order: {url}", staff_id, pinned=True)
    store.follow_ups.add(max_, FollowUpKind.RESERVED, url, staff_id, TODAY)
    store.preferences.add(max_, "Contact", "maximiliana.featherstonehaugh@example.com", staff_id)
    store.tags.add(max_, ["wholesale-account-for-the-byward-market-stall"])
    label = "buys presents for her great-grandnephew-in-law"
    store.links.add(max_, shop["zoe"], label, staff_id)
    window.resize(430, 760)
    QApplication.processEvents()
    settled(window, "BG-9")

    assert _reaching_past_the_viewport(window) == []
    seen = seen_on_card(window)
    assert f"Her order: {url}" in seen  # read back whole, though it may break anywhere
    [link] = [w for w in window.card.facts.findChildren(QPushButton) if w.isVisibleTo(window)]
    assert link.accessibleName() == f"{label} Zoë  →"

    window.resize(1280, 800)
    QApplication.processEvents()
    settled(window, "BG-9")
    assert (
        window.card.preferred_name.height() < 2 * window.card.preferred_name.fontMetrics().height()
    )


def test_a_long_card_fits_a_narrow_panel_beside_the_till(
    window: MainWindow, store: Store, rich: int, staff_id: int
) -> None:
    long_value = "Google Pixel (switched after ten years with Samsung, prefers matte cases)"
    store.preferences.add(rich, "Phone", long_value, staff_id)
    long_item = "Screen protector, tempered glass, privacy filter (Pixel 9 Pro XL)"
    for day in (3, 4, 5):  # bought often enough to be one of the usual items
        add_purchase(store, rich, dt.datetime(2026, 11, day, 10, 0), (long_item, 2999))
    window.resize(430, 760)
    QApplication.processEvents()
    settled(window, "BG-1")
    assert _reaching_past_the_viewport(window) == []
    shown = [w for w in window.card.widget().findChildren(QWidget) if w.isVisibleTo(window.card)]
    for ending in ("matte cases)", "Pro XL) ×3"):  # a preference and a usual item
        chip = next(w for w in shown if isinstance(w, QLabel) and w.text().endswith(ending))
        assert chip.height() > chip.fontMetrics().lineSpacing() * 2, ending  # wrapped, not cut


def test_badges_go_under_a_long_name_only_when_they_would_be_squeezed_beside_it(
    window: MainWindow, store: Store, rich: int
) -> None:
    tag = "wholesale-account-for-the-byward-market-stall"
    long_named = add_customer(store, "Maximiliana-Alexandrina", "", card="BG-9")
    store.tags.add(long_named, [tag])
    window.resize(430, 760)
    QApplication.processEvents()
    card = window.card
    name = card.preferred_name

    settled(window, "BG-9")
    [chip] = [c for c in card.badges_box.findChildren(QLabel) if c.isVisibleTo(card)]
    assert (
        chip.mapTo(card, chip.rect().topLeft()).y()
        >= name.mapTo(card, name.rect().bottomLeft()).y()
    )
    assert chip.height() <= 3 * chip.fontMetrics().lineSpacing()  # not a sliver of one word a line

    settled(window, "BG-1")  # Lisa: a short name, with room for her badges beside it
    chips = [c for c in card.badges_box.findChildren(QLabel) if c.isVisibleTo(card)]
    assert "Framing club" in [c.text() for c in chips]
    name_top = name.mapTo(card, name.rect().topLeft()).y()
    for chip in chips:
        assert chip.mapTo(card, chip.rect().topLeft()).y() < name_top + name.height()
