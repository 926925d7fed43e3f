"""A card scanned into a field meant for a card code (a customer's Cards, a search for the
card's owner or a duplicate record) is typed there, rather than opening whose card it is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from greeter.app import install_scanner
from greeter.counter import Counter
from greeter.store import Store
from greeter.till.scanner import ScanDetector, ScanRules
from greeter.ui.customer_dialog import CustomerDialog
from greeter.ui.customer_picker import CustomerPicker
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.scan_fields import type_scan
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import TODAY, add_customer
from tests.till.test_scanner import PERSON_MS, SCANNER_MS, Ticking, focus, scan
from tests.ui.test_scan_while_a_dialog_is_open import while_open

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def clock() -> Ticking:
    return Ticking(PERSON_MS)


@pytest.fixture
def scanner(qapp: QApplication, window: MainWindow, clock: Ticking) -> Iterator[ScanDetector]:
    detector = install_scanner(qapp, window, clock)
    yield detector
    qapp.removeEventFilter(detector)


def scan_now(qtbot: QtBot, clock: Ticking, widget: object, code: str) -> None:
    """`code` at a scanner's pace, then back to a person's."""
    clock.step_ms = SCANNER_MS
    try:
        scan(qtbot, widget, code)  # type: ignore[arg-type]
        qtbot.wait(100)  # the detector's own wait, and more
    finally:
        clock.step_ms = PERSON_MS


def test_a_card_scanned_into_a_new_customers_cards_field_is_theirs(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    scanner: ScanDetector,
    clock: Ticking,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered: list[str] = []
    monkeypatch.setattr(
        AttachCardDialog, "ask", classmethod(lambda cls, p, code, *a: offered.append(code))
    )
    seen: dict[str, str] = {}

    def scan_a_card(dialog: CustomerDialog) -> None:
        try:
            dialog.activateWindow()
            name = focus(qtbot, dialog.fields["preferred_name"])
            qtbot.keyClick(name, Qt.Key.Key_C, ALT)  # Cards (scan or type)
            cards = dialog.fields["cards"]
            qtbot.waitUntil(cards.hasFocus, timeout=1000)
            scan_now(qtbot, clock, cards, "BG-777777")
            seen.update(cards=cards.text(), status=window.status.text())
        finally:
            qtbot.keyClick(dialog.fields["cards"], Qt.Key.Key_Return, CTRL)  # save

    qtbot.keyClicks(window.search, "Jordan Smyth")
    qtbot.wait(100)  # a person's pause: the detector hands the last key on to the box
    while_open(qtbot, scan_a_card, CustomerDialog)
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)

    assert seen["cards"] == "BG-777777"  # typed there…
    assert "BG-777777" not in seen["status"]  # …not "Card BG-777777 read: looked up once…"
    jordan = store.customers.find_by_card("BG-777777")
    assert jordan is not None and window.current_customer == jordan
    qtbot.wait(50)
    assert offered == []  # no "Unknown card" once the dialog closed


def test_a_card_scanned_into_the_cards_of_someone_edited_is_added_to_theirs(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    window.find("BG-1")
    seen: dict[str, str] = {}

    def scan_a_card(dialog: CustomerDialog) -> None:
        try:
            dialog.activateWindow()
            name = focus(qtbot, dialog.fields["preferred_name"])
            qtbot.keyClick(name, Qt.Key.Key_C, ALT)  # her card, all of it selected
            cards = dialog.fields["cards"]
            qtbot.waitUntil(cards.hasFocus, timeout=1000)
            scan_now(qtbot, clock, cards, "BG-777777")
            seen["after one"] = cards.text()
            scan_now(qtbot, clock, cards, "bg-777777")  # the same card again
            seen["after the same"] = cards.text()
        finally:
            qtbot.keyClick(dialog.fields["cards"], Qt.Key.Key_Return, CTRL)

    while_open(qtbot, scan_a_card, CustomerDialog)
    qtbot.keyClick(window.search, Qt.Key.Key_E, CTRL)

    # Added: the card she has is not replaced by a scan.
    assert seen == {"after one": "BG-1, BG-777777", "after the same": "BG-1, BG-777777"}
    assert store.customers.find_by_card("BG-1") == shop["lisa"]
    assert store.customers.find_by_card("BG-777777") == shop["lisa"]
    qtbot.wait(50)
    assert window.current_customer == shop["lisa"]


def test_the_owners_other_card_scanned_into_the_attach_dialog_finds_them(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    seen: dict[str, object] = {}

    def scan_her_card(dialog: AttachCardDialog) -> None:
        try:
            dialog.activateWindow()
            focus(qtbot, dialog.search)
            scan_now(qtbot, clock, dialog.search, "bg-1")  # Lisa's card
            qtbot.waitUntil(lambda: dialog.candidates.candidates.rowCount() == 1, timeout=1000)
            seen["search"] = dialog.search.text()
            qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # a person's Enter: attach
        finally:
            if dialog.isVisible():
                dialog.reject()

    while_open(qtbot, scan_her_card, AttachCardDialog)
    scan_now(qtbot, clock, window.search, "NEW-42")  # a card Greeter does not know

    assert seen["search"] == "bg-1"
    assert store.customers.find_by_card("NEW-42") == shop["lisa"]
    assert window.current_customer == shop["lisa"]


def test_a_duplicates_card_scanned_into_the_merge_dialog_finds_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    add_customer(store, "Lisa", "Lisa M.", card="BG-2")  # the duplicate
    window.find("BG-1")
    seen: dict[str, object] = {}

    def scan_its_card(dialog: MergeDialog) -> None:
        try:
            dialog.activateWindow()
            focus(qtbot, dialog.search)
            scan_now(qtbot, clock, dialog.search, "BG-2")
            qtbot.waitUntil(lambda: dialog.candidates.candidates.rowCount() == 1, timeout=1000)
            seen["search"] = dialog.search.text()
            qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # Next: what would move
            seen["asks"] = dialog.confirm_title.text() if dialog.pages.currentIndex() else ""
        finally:
            dialog.reject()

    while_open(qtbot, scan_its_card, MergeDialog)
    qtbot.keyClick(window.search, Qt.Key.Key_M, CTRL)

    assert seen == {"search": "BG-2", "asks": "Merge Lisa M. into Lisa?"}
    qtbot.wait(50)
    assert window.current_customer == shop["lisa"]  # the scan opened nobody afterwards


def test_a_card_scanned_into_the_link_field_finds_its_customer(
    qtbot: QtBot, qapp: QApplication, store: Store, shop: dict[str, int], clock: Ticking
) -> None:
    counter = Counter(store, today=lambda: TODAY)
    dialog = QDialog()  # the field as the Links page of F4 has it: "…of whom"
    picker = CustomerPicker(counter.find_customers, counter.today, shop["bob"], "who", dialog)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    detector = ScanDetector(ScanRules(), clock)
    opened: list[str] = []
    detector.scanned.connect(opened.append)
    detector.scanned_into.connect(type_scan)  # as the window's scanner is wired
    qapp.installEventFilter(detector)
    try:
        focus(qtbot, picker)
        scan_now(qtbot, clock, picker, "BG-1")
    finally:
        qapp.removeEventFilter(detector)
    assert (picker.text(), opened) == ("BG-1", [])
    assert picker.chosen() == shop["lisa"]
