"""The note dialog (Ctrl+N): its warnings shown whole, and a note put away with Esc kept for
the next Ctrl+N on that customer, by the same person, and nowhere else: forgotten when the
customer is erased, waiting on the kept card when their record is merged into another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from greeter.core.guard import DEFAULT_SENSITIVE_WORDS
from greeter.store import Store
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog
from greeter.ui.note_dialog import NOTE_BACK, NoteDialog
from greeter.ui.outside_changes import OutsideChanges
from greeter.ui.privacy_dialogs import EraseDialog
from greeter.ui.screen_fit import free_on_screen
from tests.helpers import add_customer, run_cli

CTRL = Qt.KeyboardModifier.ControlModifier
BOTH_WARNINGS = "Paid by card 4111 1111 1111 1111 after his surgery"

Seen = tuple[str, bool]  # what the box held when the dialog opened; whether it said it is back


def ctrl_n(qtbot: QtBot, window: MainWindow, then: Callable[[NoteDialog], None]) -> Seen | None:
    """Press Ctrl+N on the window and, in the note dialog it opens (it blocks until closed),
    do `then`; what the dialog showed on opening, or None if no dialog opened."""
    seen: list[Seen] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoteDialog):
            QTimer.singleShot(10, in_the_dialog)
            return
        try:
            seen.append((dialog.editor.toPlainText(), dialog.back.isVisible()))
            then(dialog)
        finally:
            if dialog.isVisible():
                dialog.done(0)  # `then` failed: close it all the same

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL)
    window.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    return seen[0] if seen else None


def typed_then_esc(text: str) -> Callable[[NoteDialog], None]:
    def act(dialog: NoteDialog) -> None:
        QtBot.keyClicks(dialog.editor, text)
        QtBot.keyClick(dialog.editor, Qt.Key.Key_Escape)

    return act


def esc(dialog: NoteDialog) -> None:
    QtBot.keyClick(dialog.editor, Qt.Key.Key_Escape)


def emptied_then_esc(dialog: NoteDialog) -> None:
    dialog.editor.selectAll()
    QtBot.keyClick(dialog.editor, Qt.Key.Key_Delete)
    QtBot.keyClick(dialog.editor, Qt.Key.Key_Escape)


def saved(dialog: NoteDialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    QtBot.mouseClick(save, Qt.MouseButton.LeftButton)


def notes_of(store: Store, customer_id: int) -> list[str]:
    return [n.text for n in store.notes.all_for(customer_id)]


def test_both_warnings_show_in_full_under_the_note(qtbot: QtBot) -> None:
    dialog = NoteDialog("Kwame", "Priya", DEFAULT_SENSITIVE_WORDS)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.keyClicks(dialog.editor, BOTH_WARNINGS)
    assert "payment card number" in dialog.problem.text()
    assert "surgery" in dialog.warning.text()
    for said in (dialog.problem, dialog.warning):
        assert said.isVisible()
        assert said.height() >= said.heightForWidth(said.width())  # every line of it
    assert dialog.rect().contains(dialog.buttons.geometry())
    assert dialog.editor.height() >= dialog.editor.sizeHint().height()  # not one line
    assert free_on_screen(dialog).contains(dialog.frameGeometry())


def test_esc_keeps_the_note_and_ctrl_n_on_that_customer_brings_it_back(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    assert ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating")) == ("", False)
    assert notes_of(store, shop["lisa"]) == ["Prefers “miss” to “ma'am”"]  # nothing written
    assert window.status.text() == "Note not saved: Ctrl+N brings it back."

    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # the counter's reflex: back to the day
    window.find("BG-1")
    back = ctrl_n(qtbot, window, saved)
    assert back == ("Son's phone needs activating", True)
    assert "Son's phone needs activating" in notes_of(store, shop["lisa"])
    assert ctrl_n(qtbot, window, esc) == ("", False)  # saved: nothing more to bring back


def test_the_dialog_says_the_note_is_back(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    said: list[str] = []

    def read_then_esc(dialog: NoteDialog) -> None:
        said.extend(label.text() for label in [dialog.back] if label.isVisible())
        esc(dialog)

    ctrl_n(qtbot, window, read_then_esc)
    assert said == [NOTE_BACK]
    assert NOTE_BACK.startswith("Your unsaved note is back.")


def test_no_message_is_left_behind_a_dialog_that_opens(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    assert window.status.text() == "Note not saved: Ctrl+N brings it back."
    behind: list[str] = []

    def read_then(act: Callable[[NoteDialog], None]) -> Callable[[NoteDialog], None]:
        def read(dialog: NoteDialog) -> None:
            behind.append(window.status.text())
            act(dialog)

        return read

    ctrl_n(qtbot, window, read_then(saved))  # the note is back: the message has done its job
    assert window.status.text() == "Note saved."

    def ask(cls: type[FollowUpDialog], *args: object, **kwargs: object) -> None:
        behind.append(window.status.text())
        return None  # cancelled

    monkeypatch.setattr(FollowUpDialog, "ask", classmethod(ask))
    qtbot.keyClick(window.search, Qt.Key.Key_P, CTRL)  # not "Note saved." under a follow-up
    assert behind == ["", ""]


def test_a_kept_note_is_never_offered_on_another_customer_or_to_someone_else(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    window.on_duty.setCurrentText("Marcus")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    window.find("613-555-0150")
    assert window.current_customer == shop["zoe"]
    assert ctrl_n(qtbot, window, esc) == ("", False)  # Zoë's card: not Lisa's note
    window.find("BG-1")
    window.on_duty.setCurrentText("Priya")
    assert ctrl_n(qtbot, window, esc) == ("", False)  # Marcus's words, not Priya's
    window.on_duty.setCurrentText("Marcus")
    assert ctrl_n(qtbot, window, esc) == ("Son's phone needs activating", True)


def test_a_note_emptied_before_esc_is_thrown_away(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    assert ctrl_n(qtbot, window, emptied_then_esc) == ("Son's phone needs activating", True)
    assert ctrl_n(qtbot, window, esc) == ("", False)


def _unsaved_notes_about(window: MainWindow, customer_id: int) -> list[str]:
    """The notes put away unsaved that the window still holds in memory about a customer."""
    held = window.card_actions._unsaved_notes.items()
    return [draft.text for (about, _, _), draft in held if about == customer_id]


def test_erasing_a_customer_forgets_the_notes_put_away_about_them(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    lisa, zoe = shop["lisa"], shop["zoe"]
    window.on_duty.setCurrentText("Priya")  # the owner, who may erase
    window.find("613-555-0150")
    ctrl_n(qtbot, window, typed_then_esc("Asked about the Pixel launch"))
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    window.on_duty.setCurrentText("Marcus")
    ctrl_n(qtbot, window, typed_then_esc("Her toddler likes the stickers"))
    assert len(_unsaved_notes_about(window, lisa)) == 2
    monkeypatch.setattr(EraseDialog, "ask", classmethod(lambda cls, parent, preview: lisa))

    window.on_duty.setCurrentText("Priya")
    with qtbot.waitSignal(window.staff_actions.privacy.customer_erased):
        window.staff_actions.privacy.erase_customer()

    assert _unsaved_notes_about(window, lisa) == []  # neither Priya's nor Marcus's
    assert _unsaved_notes_about(window, zoe) == ["Asked about the Pixel launch"]


def test_a_customer_erased_from_the_command_line_leaves_no_note_put_away_about_them(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    following = OutsideChanges(window)
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))

    erased = run_cli(
        "--db", str(store.path), "privacy", "erase", "--id", str(shop["lisa"]), "--yes"
    )
    assert erased.returncode == 0, erased.stderr
    following.look()  # once a second, as in the running window

    assert _unsaved_notes_about(window, shop["lisa"]) == []


def test_a_note_put_away_about_a_merged_record_waits_on_the_card_it_was_merged_into(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lisa = shop["lisa"]
    duplicate = add_customer(store, "Lisa M.", "Lisa Marsh", card="OLD-7")
    window.on_duty.setCurrentText("Priya")  # the owner, who may merge
    window.find("OLD-7")
    ctrl_n(qtbot, window, typed_then_esc("Wants the blue case"))
    window.find("BG-1")
    ctrl_n(qtbot, window, typed_then_esc("Son's phone needs activating"))
    monkeypatch.setattr(MergeDialog, "ask", classmethod(lambda cls, *args: duplicate))

    with qtbot.waitSignal(window.customer_actions.customers_merged):
        qtbot.keyClick(window, Qt.Key.Key_M, CTRL)

    assert _unsaved_notes_about(window, duplicate) == []
    back = ctrl_n(qtbot, window, saved)  # on Lisa's card, where the merge left us
    assert back == ("Son's phone needs activating\n\nWants the blue case", True)
    assert "Son's phone needs activating\n\nWants the blue case" in notes_of(store, lisa)
