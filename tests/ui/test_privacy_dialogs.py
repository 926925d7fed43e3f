"""A customer's own data from the window: export it to a folder, or erase it for good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from greeter.app import hints_for
from greeter.cli import db_option
from greeter.core.audit import AuditEvent
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.pin_dialog import PinDialog
from greeter.ui.privacy_actions import ERASED
from greeter.ui.privacy_dialogs import EraseDialog, ErasurePreview, ExportFolderDialog
from tests.helpers import add_customer, page_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def on_duty(window: MainWindow, name: str) -> None:
    window.on_duty.setCurrentIndex(window.on_duty.findText(name))


def export_to(monkeypatch: pytest.MonkeyPatch, folder: Path | None) -> list[str]:
    asked: list[str] = []

    def ask(cls: object, parent: QWidget, customer_name: str, start: Path) -> Path | None:
        asked.append(customer_name)
        return folder

    monkeypatch.setattr(ExportFolderDialog, "ask", classmethod(ask))
    return asked


def erase_confirmed(monkeypatch: pytest.MonkeyPatch, steps: list[str]) -> list[ErasurePreview]:
    shown: list[ErasurePreview] = []

    def ask(cls: object, parent: QWidget, preview: ErasurePreview) -> int | None:
        shown.append(preview)
        steps.append("confirm")
        return preview.customer_id

    monkeypatch.setattr(EraseDialog, "ask", classmethod(ask))
    return shown


def purchases_total(store: Store) -> tuple[int, int]:
    count, total = store.db.execute("SELECT count(*), sum(total_cents) FROM purchases").fetchone()
    return int(count), int(total)


def test_export_writes_the_json_and_html_and_says_where(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_duty(window, "Priya")
    out = tmp_path / "request"
    asked = export_to(monkeypatch, out)
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    lisa = shop["lisa"]
    assert asked == ["Lisa"]
    data = json.loads((out / f"customer-{lisa}.json").read_text(encoding="utf-8"))
    assert data["profile"]["preferred_name"] == "Lisa"
    page = page_text((out / f"customer-{lisa}.html").read_text(encoding="utf-8"))
    assert page.startswith("What My shop holds about Lisa")
    assert "Loyalty card BG-1" in page and "Birthday 26 November" in page
    assert "8 November 2026 at 14:30 R-" in page and "$999.00 Item Quantity Amount" in page
    assert "Reserved item Blue case reserved 21 November 2026 Open" in page
    assert window.status.text() == f"Wrote customer-{lisa}.json and .html to {out}."
    assert store.audit.entries(customer_id=lisa, action=AuditEvent.EXPORT, limit=1)


def test_export_is_for_the_owner_and_needs_a_card_on_screen(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = export_to(monkeypatch, tmp_path)
    on_duty(window, "Priya")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    assert window.status.text().startswith("Open a customer's card first")
    on_duty(window, "Marcus")
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    assert window.status.text() == (
        "Marcus is staff; only an owner may export everything held about one customer. "
        "Ask an owner to go on duty (choosing their name at the top), then try again."
    )
    assert asked == []
    on_duty(window, "Priya")  # as the refusal asks
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    assert asked == ["Lisa"]


def test_with_pins_on_export_asks_for_the_owners_pin_again(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_duty(window, "Priya")
    store.auth.set_pin(store.staff.by_name("Priya").id, "2580")  # PINs on from now
    pins: list[str] = []

    def ask(cls: object, parent: QWidget, name: str, reason: str, problem: str = "") -> str:
        pins.append(reason)
        return "2580"

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    export_to(monkeypatch, tmp_path)
    window.find("BG-1")
    window.staff_actions.privacy.export_customer()
    assert pins == ["Type your PIN again to export everything held about one customer."]
    assert (tmp_path / f"customer-{shop['lisa']}.json").exists()


def test_erase_confirms_asks_the_pin_again_then_removes_the_customer_but_not_the_sales(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_duty(window, "Priya")
    store.auth.set_pin(store.staff.by_name("Priya").id, "2580")
    steps: list[str] = []
    shown = erase_confirmed(monkeypatch, steps)

    def ask(cls: object, parent: QWidget, name: str, reason: str, problem: str = "") -> str:
        steps.append(f"PIN for {name}: {reason}")
        return "2580"

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    before = purchases_total(store)
    lisa = shop["lisa"]
    window.find("BG-1")
    with qtbot.waitSignal(window.staff_actions.privacy.customer_erased):
        qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert steps == ["confirm", "PIN for Priya: Type your PIN again to erase a customer."]
    preview = shown[0]
    assert (preview.customer_id, preview.preferred_name, preview.purchases) == (lisa, "Lisa", 1)
    assert "Notes, with every earlier version: 1" in preview.removed
    assert "Phone numbers: 1" in preview.removed
    assert not store.customers.exists(lisa)
    assert purchases_total(store) == before
    assert window.pages.currentWidget() is window.idle
    assert window.current_customer is None
    assert window.status.text() == ERASED
    window.find("BG-1")
    assert window.current_customer is None


def test_cancelling_at_the_pin_erases_nothing(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on_duty(window, "Priya")
    store.auth.set_pin(store.staff.by_name("Priya").id, "2580")
    erase_confirmed(monkeypatch, [])
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *args: None))
    window.find("BG-1")
    window.staff_actions.privacy.erase_customer()
    assert store.customers.exists(shop["lisa"])
    assert window.current_customer == shop["lisa"]


def test_staff_cannot_erase(
    window: MainWindow, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    erase_confirmed(monkeypatch, steps)
    on_duty(window, "Marcus")
    window.find("BG-1")
    window.staff_actions.privacy.erase_customer()
    assert window.status.text() == (
        "Marcus is staff; only an owner may erase a customer. "
        "Ask an owner to go on duty (choosing their name at the top), then try again."
    )
    assert steps == []


def test_the_erase_dialog_says_what_goes_and_waits_for_the_name(qtbot: QtBot) -> None:
    preview = ErasurePreview(17, "Zoë", "Zoë O'Brien", ("Phone numbers: 2", "Notes: 3"), 4)
    dialog = EraseDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.removed)))
    assert "Erase Zoë for good?" in text and "Phone numbers: 2" in text
    assert "Their 4 purchases stay in the shop's totals, detached" in text
    assert not dialog.erase.isEnabled()
    qtbot.keyClicks(dialog.confirm, "Zo")
    assert not dialog.erase.isEnabled()
    dialog.confirm.setText("zoë ")
    assert dialog.erase.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "ERASE")
    assert dialog.erase.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_pin_dialog_takes_digits_only_and_confirms_with_enter(qtbot: QtBot) -> None:
    dialog = PinDialog("Marcus", "Type your PIN to go on duty.", "Wrong PIN for Marcus: 2 tries")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.pin, "1a4")
    assert dialog.pin.text() == "14"
    assert not dialog.confirm.isEnabled()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible()  # not yet: too short
    qtbot.keyClicks(dialog.pin, "7-0")
    assert dialog.pin.text() == "1470"
    assert dialog.pin.displayText() != "1470"  # masked
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_esc_cancels_the_pin_dialog(qtbot: QtBot) -> None:
    dialog = PinDialog("Priya", "Type your PIN again to restore a backup.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin, "2580")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_erase_dialog_names_the_notes_on_others_that_name_them(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Erasing leaves other customers' notes as they are: the dialog lists those that name
    the customer, so the owner can rewrite them (it said "search for their name", and no
    search looks in notes)."""
    on_duty(window, "Priya")
    lisa = store.customers.get(shop["lisa"])
    other = add_customer(store, "Dana")
    priya = store.staff.by_name("Priya").id
    note = store.notes.add(other, f"Buys gifts for {lisa.full_name} every Christmas", priya)
    shown = erase_confirmed(monkeypatch, [])
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *args: None))
    window.find("BG-1")
    window.staff_actions.privacy.erase_customer()

    (mention,) = shown[0].mentions
    assert mention.startswith(f"Note {note} on customer #{other}: ")
    assert lisa.full_name in mention
    dialog = EraseDialog(shown[0])
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(type(dialog.removed)))
    assert "These notes on other customers name them and are not erased" in said
    assert mention in said
    alone = EraseDialog(ErasurePreview(17, "Zoë", "Zoë O'Brien", ("Notes: 3",), 0))
    qtbot.addWidget(alone)
    said = " ".join(label.text() for label in alone.findChildren(type(alone.removed)))
    assert "No other customer's note names them." in said


def test_each_note_naming_them_comes_with_its_whole_command_to_copy_even_beside_the_till(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    staff_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command that rewrites a note is one line, never wrapped inside `--text "…"`: what
    the panel cannot show scrolls sideways and shows whole on hover; Copy takes it whole,
    with the --db of this shop so that it rewrites the note here and not in another file."""
    lisa = store.customers.get(shop["lisa"])
    other = add_customer(store, "Dana")
    note = store.notes.add(other, f"Buys gifts for {lisa.full_name} every Christmas", staff_id)
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store), prefs, hints_for(store.path))  # not the default shop
    qtbot.addWidget(window)
    window.resize(430, 700)  # beside the till
    window.show()
    shown = erase_confirmed(monkeypatch, [])
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *args: None))
    window.find("BG-1")
    window.staff_actions.privacy.erase_customer()
    dialog = EraseDialog(shown[0], window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()

    command = (
        f'greeter {db_option(store.path.absolute())} note edit {note} --text "…" --forget-earlier'
    )
    (line,) = dialog.commands
    assert (line.text(), line.toolTip(), line.cursorPosition()) == (command, command, 0)
    assert line.isReadOnly()
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "note edit" not in labels  # no longer in a label that wraps
    assert dialog.width() <= 430
    (copy,) = dialog.copy_buttons
    assert copy.mapTo(dialog, QPoint(copy.width(), 0)).x() <= dialog.width()

    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)

    assert QApplication.clipboard().text() == command
    assert copy.text() == "Copied"
    assert dialog.isVisible() and not dialog.erase.isEnabled()  # nothing erased by it
    window.close()


def test_the_erase_dialog_names_records_merged_into_others_with_the_command_that_forgets_them(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lisa's second record was merged into Dana's by mistake: Dana's merge record keeps her
    name, which erasing Lisa does not reach. The dialog lists it with the command that
    forgets what it held, to copy."""
    on_duty(window, "Priya")
    lisa = store.customers.get(shop["lisa"])
    priya = store.staff.by_name("Priya").id
    dana = add_customer(store, "Dana", "Dana Fitz")
    twin = add_customer(store, "Lisa", lisa.full_name)
    store.merges.merge(dana, twin, priya)
    shown = erase_confirmed(monkeypatch, [])
    monkeypatch.setattr(PinDialog, "ask", classmethod(lambda cls, *args: None))
    window.find("BG-1")
    window.staff_actions.privacy.erase_customer()

    preview = shown[0]
    assert preview.mentions == ()
    assert preview.held == (f"Record #{twin}, merged into customer #{dana}: Lisa · Lisa Marsh",)
    dialog = EraseDialog(preview)
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "These records, merged into other customers, still hold words that name them" in said
    assert f"•  {preview.held[0]}" in said
    (line,) = dialog.commands
    assert line.text().endswith(f" privacy forget-merged --id {twin}")
    (copy,) = dialog.copy_buttons

    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)

    assert QApplication.clipboard().text() == line.text()
