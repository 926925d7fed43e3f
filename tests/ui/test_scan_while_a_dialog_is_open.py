"""A card scanned (or a customer the till names) while a dialog is open waits for it, and the
status line above the dialog says it was read, so that nobody scans it again; it names nobody."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from greeter.app import install_scanner
from greeter.recognise import Recognition
from greeter.store import Store
from greeter.till.scanner import ScanDetector
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import NotesDialog
from greeter.ui.till_requests import SCAN_WAITS, TILL_WAITS
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import add_customer
from tests.till.test_scanner import PERSON_MS, SCANNER_MS, Ticking, focus, scan

MENU_ON_OFFSCREEN = "This plugin does not support (raise|grabbing)"
ANA = ("Ana", "Lima", "613-555-0177", "ana@example.com")  # what must not show while she waits


@pytest.fixture
def ana(store: Store) -> int:
    return add_customer(
        store, "Ana", "Ana Lima", card="BG-100017", phone="613-555-0177", email="ana@example.com"
    )


@pytest.fixture
def clock() -> Ticking:
    return Ticking(PERSON_MS)


@pytest.fixture
def scanner(qapp: QApplication, window: MainWindow, clock: Ticking) -> Iterator[ScanDetector]:
    detector = install_scanner(qapp, window, clock)
    yield detector
    qapp.removeEventFilter(detector)


def on_screen(window: MainWindow) -> str:
    """Every piece of text the window shows (not the dialog over it)."""
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    return " ".join([*labels, window.search.text(), window.windowTitle()])


def while_open(qtbot: QtBot, then: object, kind: type[QWidget] = QDialog) -> None:
    """Once a dialog (of `kind`) is open over the window, do `then` with it (from inside its
    exec()). `kind` may be a menu: then once it has popped up."""

    def when_open() -> None:
        dialog = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, when_open)
            return
        then(dialog)  # type: ignore[operator]

    QTimer.singleShot(0, when_open)


def test_a_card_scanned_while_a_note_is_written_is_said_to_be_read_and_shown_after_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    window.find("BG-1")  # Lisa, whose note it is
    meanwhile: dict[str, object] = {}

    def write_then_scan(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        dialog.activateWindow()  # as on screen: the dialog has the keyboard
        focus(qtbot, dialog.editor)
        qtbot.keyClicks(dialog.editor, "Wants the blue case")
        qtbot.waitUntil(lambda: dialog.editor.toPlainText() == "Wants the blue case")
        clock.step_ms = SCANNER_MS  # the next customer's card, at a scanner's pace
        with qtbot.waitSignal(scanner.scanned, timeout=1000):
            scan(qtbot, dialog.editor, "bg-100017")
        meanwhile.update(
            status=window.status.text() if window.status.isVisible() else "",
            seen=on_screen(window),
            note=dialog.editor.toPlainText(),
            shown=window.current_customer,
        )
        clock.step_ms = PERSON_MS
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    while_open(qtbot, write_then_scan)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    status = "Card BG-100017 read: looked up once this dialog closes."
    assert meanwhile["status"] == status
    assert [word for word in ANA if word in str(meanwhile["seen"])] == []  # nothing of hers
    assert meanwhile["note"] == "Wants the blue case"  # the code is not in it
    assert meanwhile["shown"] == shop["lisa"]  # the note stays with Lisa
    assert "Wants the blue case" in [note.text for note in store.notes.all_for(shop["lisa"])]
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=1000)
    assert window.card.preferred_name.text() == "Ana"


@pytest.mark.parametrize(
    ("code", "digits"),
    [("6135550177", "555"), ("4111111111111111", "1111")],  # Ana's phone; a payment card
    ids=["phone", "payment-card"],
)
def test_a_scan_that_is_not_a_loyalty_card_is_not_repeated_while_a_dialog_is_open(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    digits: str,
) -> None:
    monkeypatch.setattr(AttachCardDialog, "ask", classmethod(lambda cls, *args: None))
    dialog = QDialog(window)
    dialog.open()  # modal to the window, like the note dialog
    window.till.handle_scan(code)
    assert window.status.text() == SCAN_WAITS
    assert digits not in on_screen(window)
    dialog.reject()
    qtbot.waitUntil(lambda: window.search.text() == code, timeout=1000)  # looked up now
    assert store.customers.find_by_card(code) is None


def test_a_customer_the_till_names_while_a_dialog_is_open_is_said_to_be_coming(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], ana: int
) -> None:
    dialog = QDialog(window)
    dialog.open()
    assert window.till.show_selected(Recognition(customer_id=ana))  # it waits
    assert window.status.text() == TILL_WAITS
    assert [word for word in ANA if word in on_screen(window)] == []
    with qtbot.waitSignal(window.customer_recognised, timeout=1000):
        dialog.reject()
    assert window.current_customer == ana


def scan_into_the_note(
    qtbot: QtBot, dialog: NoteDialog, clock: Ticking, typed: str, seen: dict[str, object]
) -> None:
    """In the note dialog: type `typed` at the end, scan Ana's card, note what the note
    holds then, and save it with Ctrl+Enter (whatever happened, so that nothing hangs)."""
    try:
        dialog.activateWindow()
        focus(qtbot, dialog.editor)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        if typed:
            qtbot.keyClicks(dialog.editor, typed)
            qtbot.waitUntil(lambda: dialog.editor.toPlainText().endswith(typed), timeout=1000)
        clock.step_ms = SCANNER_MS
        scan(qtbot, dialog.editor, "bg-100017")
        qtbot.wait(100)  # the detector's own wait, and more
        seen["note"] = dialog.editor.toPlainText()
    finally:
        clock.step_ms = PERSON_MS
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_card_scanned_while_a_note_is_edited_from_f3_stays_out_of_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    window.find("BG-1")  # Lisa: F3, E edits her pinned note
    note = "Prefers “miss” to “ma'am”"
    seen: dict[str, object] = {}

    def edit_the_note(notes: NotesDialog) -> None:
        notes.activateWindow()
        focus(qtbot, notes.notes)

        def in_the_note(dialog: NoteDialog) -> None:
            scan_into_the_note(qtbot, dialog, clock, "", seen)
            while_open(qtbot, lambda back: back.reject(), NotesDialog)  # then Esc

        while_open(qtbot, in_the_note, NoteDialog)
        qtbot.keyClick(notes.notes, Qt.Key.Key_E)  # a person's E: edit the highlighted note

    while_open(qtbot, edit_the_note, NotesDialog)
    qtbot.keyClick(window.search, Qt.Key.Key_F3)

    assert seen["note"] == note  # the code is not in it
    assert [n.text for n in store.notes.all_for(shop["lisa"])] == [note]
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=1000)  # then Ana's card


@pytest.mark.qt_log_ignore(MENU_ON_OFFSCREEN)
def test_a_card_scanned_while_a_note_opened_from_the_more_menu_by_keys_stays_out_of_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    window.find("BG-1")
    seen: dict[str, object] = {}

    def choose_add_a_note(menu: QMenu) -> None:
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):
            qtbot.keyClick(menu, key)  # New customer…, then Add a note…

    while_open(qtbot, choose_add_a_note, QMenu)
    while_open(
        qtbot, lambda dialog: scan_into_the_note(qtbot, dialog, clock, "Theo", seen), NoteDialog
    )
    focus(qtbot, window.more_button)
    qtbot.keyClick(window.more_button, Qt.Key.Key_Space)  # ⋯ opens from the keyboard
    qtbot.waitUntil(lambda: "note" in seen, timeout=3000)

    assert seen["note"] == "Theo"
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=1000)
    assert "Theo" in [n.text for n in store.notes.all_for(shop["lisa"])]


@pytest.mark.qt_log_ignore(MENU_ON_OFFSCREEN)
def test_a_card_scanned_while_the_more_menu_is_open_from_the_keyboard_is_not_lost(
    qtbot: QtBot,
    window: MainWindow,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    window.find("BG-1")

    def scan_over_it(menu: QMenu) -> None:
        clock.step_ms = SCANNER_MS
        scan(qtbot, menu, "bg-100017")
        clock.step_ms = PERSON_MS
        QTimer.singleShot(3000, menu.close)  # whatever happened, so that nothing hangs

    while_open(qtbot, scan_over_it, QMenu)
    focus(qtbot, window.more_button)
    qtbot.keyClick(window.more_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=2000)
    assert not window.more_menu.isVisible()  # it was opened for Lisa


def test_of_two_cards_scanned_while_a_note_is_written_only_the_last_is_shown(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
) -> None:
    add_customer(store, "Kwame", "Kwame Mensah", card="BG-100023")
    window.find("BG-1")
    shown: list[int] = []
    window.customer_recognised.connect(shown.append)
    said: list[str] = []

    def scan_twice(dialog: QDialog) -> None:
        try:
            dialog.activateWindow()
            focus(qtbot, dialog.editor)  # type: ignore[attr-defined]
            clock.step_ms = SCANNER_MS
            for code in ("bg-100023", "bg-100017"):  # Kwame's card, then Ana's: she is next
                with qtbot.waitSignal(scanner.scanned, timeout=1000):
                    scan(qtbot, dialog.editor, code)  # type: ignore[attr-defined]
                said.append(window.status.text())
        finally:
            clock.step_ms = PERSON_MS
            dialog.reject()

    while_open(qtbot, scan_twice)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert said == [
        "Card BG-100023 read: looked up once this dialog closes.",
        "Card BG-100017 read: looked up once this dialog closes.",
    ]
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=1000)
    qtbot.wait(50)  # anything else waiting would have come by now
    assert shown == [ana]  # Kwame was never shown, nor counted as greeted


def test_keys_typed_as_a_card_is_scanned_stay_in_the_note(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    ana: int,
    scanner: ScanDetector,
    clock: Ticking,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered: list[str] = []
    monkeypatch.setattr(
        AttachCardDialog, "ask", classmethod(lambda cls, p, code, *a: offered.append(code))
    )
    window.find("BG-1")
    seen: dict[str, str] = {}

    def type_then_scan(dialog: QDialog) -> None:
        editor = dialog.editor  # type: ignore[attr-defined]
        try:
            dialog.activateWindow()
            focus(qtbot, editor)
            qtbot.keyClicks(editor, "Asked about")
            qtbot.waitUntil(lambda: editor.toPlainText() == "Asked about", timeout=1000)
            qtbot.keyClicks(editor, " ")
            clock.step_ms = 20  # a quick typist…
            qtbot.keyClicks(editor, "x")
            clock.step_ms = SCANNER_MS  # …and at that very moment, Ana's card
            with qtbot.waitSignal(scanner.scanned, timeout=1000) as scanned:
                scan(qtbot, editor, "BG-100017")
            seen.update(note=editor.toPlainText(), code=scanned.args[0])
        finally:
            clock.step_ms = PERSON_MS
            qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    while_open(qtbot, type_then_scan)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert seen == {"note": "Asked about x", "code": "BG-100017"}
    qtbot.waitUntil(lambda: window.current_customer == ana, timeout=1000)
    assert "Asked about x" in [note.text for note in store.notes.all_for(shop["lisa"])]
    assert offered == []  # no "xBG-100017" to attach to anyone
