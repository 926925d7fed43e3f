"""The candidate list paints its rows itself: what staff see, and what a click or a screen
reader gets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import TODAY, add_customer
from tests.ui.test_main_window import type_and_wait

SELECTED = QColor("#0E6B66")  # theme.qss: QListView#candidates::item:selected


def _seen(window: MainWindow) -> QImage:
    return window.grab().toImage()


def _pixel(window: MainWindow, image: QImage, row: int, x: int, y: int) -> QColor:
    """The colour at (x, y) inside `row` of the list, as the window shows it."""
    rect = window.candidates.visualRect(window.candidates.candidates.index(row))
    at = window.candidates.viewport().mapTo(window, rect.topLeft() + QPoint(x, y))
    return image.pixelColor(at)


def test_the_list_fills_its_background_and_marks_the_chosen_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_and_wait(qtbot, window, "b")  # Bob and Zoë O'Brien
    assert window.candidates.candidates.rowCount() == 2
    image = _seen(window)
    assert _pixel(window, image, 0, 6, 2) == SELECTED
    assert _pixel(window, image, 1, 6, 2) != SELECTED
    viewport = window.candidates.viewport()
    below = viewport.mapTo(window, QPoint(viewport.width() // 2, viewport.height() - 3))
    assert image.pixelColor(below) == QColor("#FFFFFF")  # not left unpainted (black)

    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    image = _seen(window)
    assert _pixel(window, image, 0, 6, 2) != SELECTED
    assert _pixel(window, image, 1, 6, 2) == SELECTED


def test_each_row_shows_the_name_and_what_tells_namesakes_apart(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_and_wait(qtbot, window, "b")
    image = _seen(window)
    for row, paper in ((0, SELECTED), (1, QColor("#FFFFFF"))):
        rect = window.candidates.visualRect(window.candidates.candidates.index(row))
        inked = [
            y
            for y in range(4, rect.height() - 4)
            for x in range(20, 220, 2)
            if _pixel(window, image, row, x, y) != paper
        ]
        assert inked, f"row {row} has no text"
        assert min(inked) < rect.height() // 2 < max(inked)  # a line in each half


def test_a_screen_reader_hears_the_name_and_the_detail(qtbot: QtBot, window: MainWindow) -> None:
    type_and_wait(qtbot, window, "zoe")
    spoken = window.candidates.candidates.index(0).data()
    assert spoken.startswith("Zoë  ·  Zoë O'Brien")
    assert "phone ending 0150" in spoken


def test_clicking_a_candidate_opens_their_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    type_and_wait(qtbot, window, "b")
    second = window.candidates.candidates.rows[1][0]
    rect = window.candidates.visualRect(window.candidates.candidates.index(1))
    with qtbot.waitSignal(window.customer_recognised) as recognised:
        qtbot.mouseClick(window.candidates.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert recognised.args == [second]
    assert window.current_customer == second


def test_a_name_too_long_for_a_narrow_panel_is_cut_short_with_an_ellipsis(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    add_customer(store, "Bartholomew", "Bartholomew Fitzgerald-Montgomery de la Cruz y Ortega")
    window.resize(430, 760)
    type_and_wait(qtbot, window, "barth")
    window.candidates.viewport().repaint()
    texts = window.candidates._texts
    assert texts is not None
    width = window.candidates.visualRect(window.candidates.candidates.index(0)).width() - 28
    static, _ = texts.get(window.candidates.candidates.rows[0][1], True, width)
    assert static.text().endswith("…")
    assert static.size().width() <= width


def test_a_customer_with_no_phone_shows_no_phone_in_the_list_or_on_the_card(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    sam = add_customer(store, "Sam", "Sam Lindqvist")  # left no phone
    add_customer(store, "Sam", "Sam Okafor", phone="613-555-0142")
    type_and_wait(qtbot, window, "sam")
    rows = {who: detail for who, _, detail in window.candidates.candidates.rows}
    assert rows[sam] == "no visits yet"  # nothing about a phone, not even a placeholder
    assert "phone ending 0142" in " ".join(rows.values())

    window.show_customer(sam)
    seen = [label.text() for label in window.card.findChildren(QLabel) if label.isVisibleTo(window)]
    assert "phone" not in seen and "—" not in seen  # no caption over a dash
    window.find("BG-1")
    assert window.card.contact.isVisibleTo(window)
    assert window.card.contact.value.text() == "(613) 555-0123"  # the shop's way


def test_the_merge_and_unknown_card_pickers_show_no_phone_for_a_customer_with_none(
    qtbot: QtBot, store: Store, shop: dict[str, int]
) -> None:
    sam = add_customer(store, "Sam", "Sam Lindqvist")
    counter = Counter(store, today=lambda: TODAY)
    merge = MergeDialog(
        shop["lisa"], "Lisa", "Priya", counter.find_customers, counter.merge_preview, TODAY
    )
    attach = AttachCardDialog("BG-77", counter.find_customers, TODAY)
    for dialog in (merge, attach):
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.search.text_settled, timeout=2000):
            qtbot.keyClicks(dialog.search, "lindqvist")
        assert dialog.candidates.candidates.rows == [
            (sam, "Sam  ·  Sam Lindqvist", "no visits yet")
        ]
    qtbot.keyClick(merge.search, Qt.Key.Key_Return)
    assert merge.other_detail.text() == (
        "The record to merge: Sam  ·  Sam Lindqvist   ·   no visits yet"
    )
