"""A card scanned (or a customer the till names) while a dialog is open waits for it, and the
status line above the dialog says it was read, so that nobody scans it again; it names nobody."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from greeter.app import install_scanner
from greeter.recognise import Recognition
from greeter.store import Store
from greeter.till.scanner import ScanDetector
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.till_requests import SCAN_WAITS, TILL_WAITS
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import add_customer
from tests.till.test_scanner import PERSON_MS, SCANNER_MS, Ticking, focus, scan

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


def while_open(qtbot: QtBot, then: object) -> None:
    """Once a dialog is open over the window, do `then` with it (from inside its exec())."""

    def when_open() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
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
