"""A keyboard-wedge scanner works wherever the focus is; people's typing arrives intact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from greeter.app import answer_till, install_scanner
from greeter.core.customer_form import CustomerDraft
from greeter.core.settings import ShopSettings
from greeter.counter import Counter
from greeter.store import Store
from greeter.till.instance import TillRequest
from greeter.till.scanner import SCAN_FIELD, ScanDetector, ScanRules
from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry
from greeter.ui.hidden_mode import PUT_AWAY_WHILE_HIDDEN
from greeter.ui.main_window import ADD_THEM, MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import TODAY, add_customer

SCANNER_MS = 5  # a scanner's pace
PERSON_MS = 80  # a quick typist's pace


class Ticking:
    """A clock that moves on by a fixed step each time it is read (once per key press)."""

    def __init__(self, step_ms: float) -> None:
        self.now = 1000.0
        self.step_ms = step_ms

    def __call__(self) -> float:
        self.now += self.step_ms / 1000
        return self.now


@pytest.fixture
def clock() -> Ticking:
    return Ticking(SCANNER_MS)


@pytest.fixture
def scans() -> list[str]:
    return []


@pytest.fixture
def detector(qapp: QApplication, clock: Ticking, scans: list[str]) -> Iterator[ScanDetector]:
    found = ScanDetector(ScanRules(), clock)
    found.scanned.connect(scans.append)
    qapp.installEventFilter(found)
    yield found
    qapp.removeEventFilter(found)


@pytest.fixture
def form(qtbot: QtBot) -> QWidget:
    """A search line and a note editor, like the window and its note dialog."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    widget.line = QLineEdit()  # type: ignore[attr-defined]
    widget.note = QPlainTextEdit()  # type: ignore[attr-defined]
    layout.addWidget(widget.line)  # type: ignore[attr-defined]
    layout.addWidget(widget.note)  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    return widget


def focus(qtbot: QtBot, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return widget


def scan(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# -- the rules --


@pytest.mark.parametrize(
    ("rules", "burst", "code"),
    [
        (ScanRules(), "BG-1", "BG-1"),
        (ScanRules(), "BG1", None),
        (ScanRules(min_length=3), "BG1", "BG1"),
        (ScanRules(prefix="~", suffix="#"), "~BG-1#", "BG-1"),
        (ScanRules(prefix="~", suffix="#"), "BG-1#", None),
        (ScanRules(prefix="~", suffix="#"), "~BG-1", None),
        (ScanRules(prefix="~"), "~ab", None),
    ],
)
def test_what_a_fast_burst_must_look_like(rules: ScanRules, burst: str, code: str | None) -> None:
    assert rules.code_in(burst) == code


def test_rules_come_from_the_shop_settings() -> None:
    settings = ShopSettings().with_value("scan_prefix", "]C0").with_value("scan_max_gap_ms", "50")
    assert ScanRules.from_settings(settings) == ScanRules(50, 4, "]C0", "")


# -- the filter --


@pytest.mark.parametrize("target", ["line", "note"])
def test_a_fast_burst_ending_in_enter_is_a_scan_and_lands_nowhere(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str], target: str
) -> None:
    widget = focus(qtbot, getattr(form, target))
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, widget, "BG-1")
    assert scans == ["BG-1"]
    assert form.line.text() == "" and form.note.toPlainText() == ""  # type: ignore[attr-defined]


def test_a_person_typing_in_a_note_gets_every_letter(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, clock: Ticking, scans: list[str]
) -> None:
    clock.step_ms = PERSON_MS
    note = focus(qtbot, form.note)  # type: ignore[attr-defined]
    qtbot.keyClicks(note, "hello")
    qtbot.waitUntil(lambda: note.toPlainText() == "hello", timeout=1000)
    scan(qtbot, note, " there")
    qtbot.keyClicks(note, "!")
    qtbot.waitUntil(lambda: note.toPlainText() == "hello there\n!", timeout=1000)
    assert scans == []


def test_a_fast_burst_too_short_for_a_code_is_typing(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    note = focus(qtbot, form.note)  # type: ignore[attr-defined]
    scan(qtbot, note, "ok!")
    assert note.toPlainText() == "ok!\n"
    assert scans == []


def test_keys_after_a_fast_burst_come_after_it(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    line = focus(qtbot, form.line)  # type: ignore[attr-defined]
    qtbot.keyClicks(line, "abcd")
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "xy")
    qtbot.waitUntil(lambda: line.text() == "xy", timeout=1000)
    assert scans == []


def test_a_programmed_prefix_and_suffix_are_required_and_stripped(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    detector.set_rules(ScanRules(prefix="~", suffix="#"))
    line = focus(qtbot, form.line)  # type: ignore[attr-defined]
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, line, "~BG-1#")
    assert scans == ["BG-1"] and line.text() == ""
    scan(qtbot, line, "BG-12")
    assert line.text() == "BG-12"
    assert scans == ["BG-1"]


def test_a_gap_of_zero_turns_detection_off(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    detector.set_rules(ScanRules(max_gap_ms=0))
    line = focus(qtbot, form.line)  # type: ignore[attr-defined]
    qtbot.keyClicks(line, "BG-1")
    assert line.text() == "BG-1"


def test_a_key_typed_just_before_a_scan_stays_where_it_was_typed(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, clock: Ticking, scans: list[str]
) -> None:
    clock.step_ms = PERSON_MS
    note = focus(qtbot, form.note)  # type: ignore[attr-defined]
    qtbot.keyClicks(note, "Asked about ")
    qtbot.waitUntil(lambda: note.toPlainText() == "Asked about ", timeout=1000)
    qtbot.keyClicks(note, "x")
    clock.step_ms = 20  # the scanner starts before the detector's gap has passed…
    qtbot.keyClicks(note, "B")
    clock.step_ms = SCANNER_MS  # …and goes on at its own pace
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, note, "G-100031")
    assert scans == ["BG-100031"]
    assert note.toPlainText() == "Asked about x"


def test_a_scanner_slow_to_start_keeps_its_first_character(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, clock: Ticking, scans: list[str]
) -> None:
    line = focus(qtbot, form.line)  # type: ignore[attr-defined]
    clock.step_ms = PERSON_MS
    qtbot.keyClicks(line, "B")  # after a pause: the burst's first key
    clock.step_ms = 12  # a little slower than the rest: still the scanner's
    qtbot.keyClicks(line, "G")
    clock.step_ms = SCANNER_MS
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, line, "-100031")
    assert scans == ["BG-100031"] and line.text() == ""


def test_what_comes_before_a_programmed_prefix_was_typed(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    detector.set_rules(ScanRules(prefix="~"))
    note = focus(qtbot, form.note)  # type: ignore[attr-defined]
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, note, "x~BG-1")  # all at a scanner's pace
    assert scans == ["BG-1"] and note.toPlainText() == "x"


def test_a_scan_into_a_field_meant_for_a_code_is_for_that_field(
    qtbot: QtBot, detector: ScanDetector, form: QWidget, scans: list[str]
) -> None:
    line = focus(qtbot, form.line)  # type: ignore[attr-defined]
    line.setProperty(SCAN_FIELD, True)
    with qtbot.waitSignal(detector.scanned_into, timeout=1000) as into:
        scan(qtbot, line, "BG-1")
    assert into.args == [line, "BG-1"]
    assert scans == []  # nobody opens Lisa over it
    note = focus(qtbot, form.note)  # type: ignore[attr-defined]
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, note, "BG-1")  # a note is not meant for one
    assert scans == ["BG-1"]


def test_a_scan_into_the_note_dialog_leaves_the_note_alone(
    qtbot: QtBot, detector: ScanDetector, scans: list[str]
) -> None:
    dialog = NoteDialog("Lisa", "Priya")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    editor = focus(qtbot, dialog.editor)
    clock_step = detector._clock
    assert isinstance(clock_step, Ticking)
    clock_step.step_ms = PERSON_MS
    qtbot.keyClicks(editor, "Likes tea")
    qtbot.waitUntil(lambda: editor.toPlainText() == "Likes tea", timeout=1000)
    clock_step.step_ms = SCANNER_MS
    with qtbot.waitSignal(detector.scanned, timeout=1000):
        scan(qtbot, editor, "4111111111111111")
    assert scans == ["4111111111111111"]
    assert editor.toPlainText() == "Likes tea"


# -- the window --


@pytest.fixture
def shop(store: Store) -> dict[str, int]:
    store.staff.add("Priya", "owner")
    return {
        "lisa": add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-1"),
        "sam": add_customer(store, "Sam", "Sam Cole", phone="613-555-0199"),
        "sasha": add_customer(store, "Sasha", "Sasha Cole", phone="613-555-0199"),
    }


@pytest.fixture
def window(
    qtbot: QtBot, qapp: QApplication, store: Store, shop: dict[str, int], tmp_path: Path
) -> Iterator[MainWindow]:
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    focus(qtbot, win.search)
    detector = install_scanner(qapp, win, Ticking(SCANNER_MS))
    win.scanner = detector  # type: ignore[attr-defined]
    yield win
    qapp.removeEventFilter(detector)


def test_a_scan_opens_the_customer_from_the_search_box(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    with qtbot.waitSignal(window.customer_recognised, timeout=1000) as recognised:
        scan(qtbot, window.search, "bg-1")
    assert recognised.args == [shop["lisa"]]


def test_an_unknown_code_is_offered_as_a_new_card_and_then_recognised(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered: list[str] = []

    def ask(parent: QWidget, code: str, find: object, today: object) -> int:
        offered.append(code)
        return shop["lisa"]

    monkeypatch.setattr(AttachCardDialog, "ask", ask)
    with qtbot.waitSignal(window.customer_recognised, timeout=1000):
        scan(qtbot, window.search, "NEW-42")
    assert offered == ["NEW-42"]
    assert store.customers.find_by_card("NEW-42") == shop["lisa"]
    assert "NEW-42 is now Lisa’s loyalty card" in window.status.text()
    window.show_idle()
    with qtbot.waitSignal(window.customer_recognised, timeout=1000) as recognised:
        scan(qtbot, window.search, "NEW-42")
    assert recognised.args == [shop["lisa"]]
    assert offered == ["NEW-42"]


def test_a_card_already_taken_is_explained_not_attached(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def ask(parent: QWidget, code: str, find: object, today: object) -> int:
        store.customers.add_card(shop["sam"], code)  # someone else got there first
        return shop["lisa"]

    monkeypatch.setattr(AttachCardDialog, "ask", ask)
    window.till.handle_scan("NEW-43")
    assert store.customers.find_by_card("NEW-43") == shop["sam"]
    assert "Card NEW-43 already belongs to Sam Cole (#2)." in window.status.text()
    assert window.current_customer is None


def test_declining_the_offer_changes_nothing(
    window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AttachCardDialog, "ask", lambda *args: None)
    window.till.handle_scan("NEW-44")
    assert store.customers.find_by_card("NEW-44") is None
    assert "No customer has the card or number NEW-44" in window.status.text()


def test_a_scan_while_a_dialog_is_open_waits_for_it(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    dialog = QDialog(window)
    dialog.open()  # modal to the window, like the note dialog
    window.till.handle_scan("BG-1")
    assert window.current_customer is None  # a half-written note stays with its customer
    with qtbot.waitSignal(window.customer_recognised, timeout=1000):
        dialog.reject()
    assert window.current_customer == shop["lisa"]


def test_an_unknown_card_scanned_over_a_card_puts_that_card_away_and_can_be_added(
    qtbot: QtBot,
    window: MainWindow,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(AttachCardDialog, "ask", lambda *args: None)  # not anyone's card
    started: list[CustomerDraft] = []

    def new_customer(cls: object, *args: object) -> None:  # the new customer's dialog
        start = args[3]
        assert isinstance(start, CustomerEntry)
        started.append(start.draft)

    monkeypatch.setattr(CustomerDialog, "ask", classmethod(new_customer))
    window.find("BG-1")
    window.till.handle_scan("NEW-45")  # the next customer's card, new to Greeter
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle  # not Lisa's card, to greet them by
    assert window.search.text() == "NEW-45"
    assert window.status.text() == f"No customer has the card or number NEW-45. {ADD_THEM}"
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.search, Qt.Key.Key_N, ctrl_shift)  # a new customer
    assert [draft.cards for draft in started] == [("NEW-45",)]


def test_the_attach_dialog_finds_the_owner_by_name_and_enter_chooses(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    dialog = AttachCardDialog("NEW-45", window.till._customers_matching, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.search.text_settled, timeout=1000):
        qtbot.keyClicks(dialog.search, "sash")
    assert dialog.candidates.candidates.rowCount() == 1
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.chosen() == shop["sasha"]


# -- the till's requests, answered by the window --


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_till_shows_one_customer_or_the_candidates(
    window: MainWindow, shop: dict[str, int]
) -> None:
    one = TillRequest("show", {"card": "BG-1"})
    answer_till(window, one)
    assert one.answer == {"ok": True, "shown": {"id": shop["lisa"], "name": "Lisa"}}
    assert window.current_customer == shop["lisa"]
    several = TillRequest("show", {"phone": "613-555-0199"})
    answer_till(window, several)
    assert several.answer is not None and several.answer["ok"] is False
    assert window.pages.currentWidget() is window._candidates_page
    assert window.candidates.candidates.rowCount() == 2
    nobody = TillRequest("show", {"email": "nobody@example.com"})
    answer_till(window, nobody)
    assert nobody.answer == {"ok": False, "error": "No customer has the email nobody@example.com."}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_customer_the_till_names_but_greeter_does_not_know_puts_the_last_card_away(
    window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    unknown = TillRequest("show", {"card": "BG-99"})
    answer_till(window, unknown)
    assert unknown.answer == {"ok": False, "error": "No customer has the card BG-99."}
    assert window.current_customer is None
    assert window.card.card is None and window.pages.currentWidget() is window.idle
    assert window.search.text() == ""
    assert window.status.text() == (
        "The till named a customer Greeter does not know. No customer has the card BG-99."
    )


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_while_hidden_the_till_naming_someone_unknown_puts_the_card_away_unseen(
    window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    window.set_private(True)
    answer_till(window, TillRequest("show", {"phone": "613-555-0111"}))
    assert window.pages.currentWidget() is window.privacy_panel
    assert window.status.text() == (
        f"The till named a customer Greeter does not know. {PUT_AWAY_WHILE_HIDDEN}"
    )  # no phone number on a hidden screen
    window.set_private(False)
    assert window.current_customer is None  # Lisa's card does not come back
    assert window.pages.currentWidget() is window.idle


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_till_naming_someone_unknown_during_a_dialog_puts_the_card_away_after_it(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    dialog = QDialog(window)
    dialog.open()  # modal to the window, like a note being written for Lisa
    answer_till(window, TillRequest("show", {"card": "BG-99"}))
    assert window.current_customer == shop["lisa"]  # the note stays with its customer
    dialog.reject()
    qtbot.waitUntil(lambda: window.current_customer is None, timeout=1000)
    assert window.pages.currentWidget() is window.idle
    assert window.status.text().startswith("The till named a customer Greeter does not know.")
