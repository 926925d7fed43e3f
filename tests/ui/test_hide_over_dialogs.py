"""Ctrl+H and F12 work whichever dialog has the keyboard, and idle hide and the idle lock put
dialogs away too: each dialog goes as Esc would (a note being written is kept), then the
screen hides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from greeter.app import answer_till
from greeter.store import Store
from greeter.till.instance import TillRequest
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.hidden_mode import TILL_WHEN_SHOWN
from greeter.ui.lock_wait import SHOW_AFTER_MS
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import NotesDialog
from tests.helpers import ImportHoldingTheFile
from tests.ui.test_privacy_screen import CTRL, visible_text
from tests.ui.test_staff_and_lock import MARCUS_PIN, open_pinned

# Each dialog about the customer on screen: the key that opens it, and what it is.
DIALOGS: dict[str, tuple[Qt.Key, Qt.KeyboardModifier, type[QDialog]]] = {
    "note": (Qt.Key.Key_N, CTRL, NoteDialog),
    "follow-up": (Qt.Key.Key_P, CTRL, FollowUpDialog),
    "notes": (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier, NotesDialog),
    "details": (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier, FactsDialog),
}
HIDE_KEYS = {
    "Ctrl+H": (Qt.Key.Key_H, CTRL),
    "F12": (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
}


def over_a_dialog(
    qtbot: QtBot, window: MainWindow, opened_with: str, then: Callable[[QDialog], None]
) -> QDialog:
    """Press the key that opens the `opened_with` dialog on the card and, in the dialog (it
    blocks until closed), do `then`; the dialog, closed one way or another by then."""
    key, modifiers, kind = DIALOGS[opened_with]
    opened: list[QDialog] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, in_the_dialog)
            return
        opened.append(dialog)
        try:
            then(dialog)
        finally:
            if dialog.isVisible():
                dialog.done(0)  # still open: close it all the same, for the test to go on

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(window.search, key, modifiers)
    assert opened, f"no {kind.__name__} opened"
    window.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    return opened[0]


def press_in(window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A key pressed where a person's keystrokes land in a window or dialog: its focused widget."""
    QtBot.keyClick(window.focusWidget() or window, key, modifiers)


def pin_or_unpin_the_first_note(dialog: QDialog) -> None:
    """A change made in F3: closing it redraws the card."""
    assert isinstance(dialog, NotesDialog)
    dialog.notes.setCurrentRow(0)
    QtBot.keyClick(dialog.notes, Qt.Key.Key_P)
    assert dialog.changed


@pytest.mark.parametrize("hide_key", HIDE_KEYS)
@pytest.mark.parametrize("opened_with", DIALOGS)
def test_ctrl_h_or_f12_over_a_dialog_puts_it_away_and_hides_the_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], opened_with: str, hide_key: str
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    open_after_hiding: list[bool] = []

    def hide(dialog: QDialog) -> None:
        press_in(dialog, *HIDE_KEYS[hide_key])
        open_after_hiding.append(dialog.isVisible())

    over_a_dialog(qtbot, window, opened_with, hide)
    assert open_after_hiding == [False]
    assert QApplication.activeModalWidget() is None
    assert window.pages.currentWidget() is window.privacy_panel
    assert window.hide_button.isChecked()
    for private in ("Lisa", "Marsh", "Pixel", "miss", "Blue case", "613"):
        assert private not in visible_text(window)
    press_in(window, *HIDE_KEYS[hide_key])  # and back: the card as it was
    assert window.pages.currentWidget() is window.card
    assert window.current_customer == shop["lisa"]


def test_a_note_put_away_by_ctrl_h_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")

    def type_then_hide(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        QtBot.keyClicks(dialog.editor, "Asked about the green case")
        press_in(dialog, Qt.Key.Key_H, CTRL)

    over_a_dialog(qtbot, window, "note", type_then_hide)
    assert window.pages.currentWidget() is window.privacy_panel
    assert "green case" not in visible_text(window)
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)
    seen: list[tuple[str, bool]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        seen.append((dialog.editor.toPlainText(), dialog.back.isVisible()))

    over_a_dialog(qtbot, window, "note", look)
    assert seen == [("Asked about the green case", True)]  # as after Esc: back, not saved
    assert [n.text for n in store.notes.all_for(shop["lisa"])] == ["Prefers “miss” to “ma'am”"]


def test_a_note_waiting_to_be_saved_when_ctrl_h_is_pressed_is_kept_unsaved(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    importing = ImportHoldingTheFile(store.path, at_most=3)
    hidden_over: list[str] = []

    def hide_while_waiting() -> None:  # Ctrl+H over "Waiting for an import"
        notice = QApplication.activeModalWidget()
        assert notice is not None
        hidden_over.append(notice.windowTitle())
        press_in(notice, Qt.Key.Key_H, CTRL)

    def type_then_save(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        QtBot.keyClicks(dialog.editor, "Asked about the green case")
        QTimer.singleShot(SHOW_AFTER_MS + 300, hide_while_waiting)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    left_open: list[str] = []

    def close_what_was_left_open() -> None:  # else the test would wait on it for ever
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and hidden_over:
            left_open.append(dialog.windowTitle())
            dialog.reject()

    closer = QTimer()
    closer.timeout.connect(close_what_was_left_open)
    closer.start(1000)
    # The wait stops, as Esc stops it; "Note not saved" and the note asked again go too.
    over_a_dialog(qtbot, window, "note", type_then_save)
    closer.stop()
    importing.finish()
    assert left_open == []
    assert hidden_over == ["Greeter: waiting for an import"]
    assert QApplication.activeModalWidget() is None
    assert window.pages.currentWidget() is window.privacy_panel
    assert "green case" not in visible_text(window)
    assert [n.text for n in store.notes.all_for(shop["lisa"])] == ["Prefers “miss” to “ma'am”"]
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        seen.append(dialog.editor.toPlainText())

    over_a_dialog(qtbot, window, "note", look)
    assert seen == ["Asked about the green case"]


def test_ctrl_h_in_the_notes_dialog_hides_instead_of_showing_a_notes_history(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")

    def hide(dialog: QDialog) -> None:
        assert isinstance(dialog, NotesDialog)
        dialog.notes.setCurrentRow(0)
        qtbot.keyClick(dialog.notes, Qt.Key.Key_H, CTRL)

    dialog = over_a_dialog(qtbot, window, "notes", hide)
    assert isinstance(dialog, NotesDialog)
    assert dialog.history.text() == ""  # H alone shows it; Ctrl+H is the window's
    assert window.pages.currentWidget() is window.privacy_panel


def test_a_change_made_in_f3_does_not_bring_the_card_back_when_ctrl_h_closes_it(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")

    def change_then_hide(dialog: QDialog) -> None:
        pin_or_unpin_the_first_note(dialog)
        press_in(dialog, Qt.Key.Key_H, CTRL)

    over_a_dialog(qtbot, window, "notes", change_then_hide)
    assert window.pages.currentWidget() is window.privacy_panel  # not redrawn into view
    assert window.hide_button.isChecked()
    assert "miss" not in visible_text(window)
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)
    card = window.card.card
    assert card is not None and card.customer.id == shop["lisa"]
    assert [n.pinned for n in card.notes] == [False]  # shown again, with the change


@pytest.mark.parametrize(
    "modifiers", [CTRL, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.MetaModifier]
)
def test_a_modified_letter_in_the_notes_dialog_is_not_its_plain_letter(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    modifiers: Qt.KeyboardModifier,
) -> None:
    priya = store.staff.by_name("Priya")
    dialog = NotesDialog(window.counter, shop["lisa"], priya, window)
    qtbot.addWidget(dialog)
    dialog.notes.setCurrentRow(0)
    for key in (Qt.Key.Key_P, Qt.Key.Key_R, Qt.Key.Key_Y, Qt.Key.Key_H):  # Ctrl+P: a follow-up
        qtbot.keyClick(dialog.notes, key, modifiers)
    (note,) = store.notes.all_for(shop["lisa"])
    assert (note.pinned, note.confirmed, dialog.changed) == (True, None, False)
    assert dialog.history.text() == "" and dialog.message.text() == ""


def test_idle_hide_puts_an_open_dialog_away(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    open_after_idle: list[bool] = []

    def change_then_wait(dialog: QDialog) -> None:
        pin_or_unpin_the_first_note(dialog)  # closing it redraws the card: not into view
        window.idle_watch.set_intervals(hide_ms=60, lock_ms=0)
        with qtbot.waitSignal(window.idle_watch.hide_due, timeout=2000):
            pass
        open_after_idle.append(dialog.isVisible())

    over_a_dialog(qtbot, window, "notes", change_then_wait)
    assert open_after_idle == [False]
    assert QApplication.activeModalWidget() is None
    assert window.pages.currentWidget() is window.idle
    assert window.current_customer is None


def test_idle_hide_keeps_a_note_being_written_for_the_next_ctrl_n(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")

    open_after_idle: list[bool] = []

    def type_then_wait(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        QtBot.keyClicks(dialog.editor, "Asked about the green case")
        window.idle_watch.set_intervals(hide_ms=60, lock_ms=0)
        with qtbot.waitSignal(window.idle_watch.hide_due, timeout=2000):
            pass
        open_after_idle.append(dialog.isVisible())

    over_a_dialog(qtbot, window, "note", type_then_wait)
    assert open_after_idle == [False]
    assert window.pages.currentWidget() is window.idle
    assert "green case" not in visible_text(window)
    window.idle_watch.set_intervals(hide_ms=0, lock_ms=0)
    window.find("BG-1")
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        seen.append(dialog.editor.toPlainText())

    over_a_dialog(qtbot, window, "note", look)
    assert seen == ["Asked about the green case"]


def test_the_idle_lock_without_pins_puts_an_open_dialog_away(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    open_after_idle: list[bool] = []

    def wait(dialog: QDialog) -> None:
        window.idle_watch.set_intervals(hide_ms=0, lock_ms=60)
        with qtbot.waitSignal(window.idle_watch.lock_due, timeout=2000):
            pass
        open_after_idle.append(dialog.isVisible())

    over_a_dialog(qtbot, window, "notes", wait)
    assert open_after_idle == [False]
    assert window.pages.currentWidget() is window.idle
    assert window.current_customer is None


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_customer_the_till_named_during_a_dialog_waits_unseen_when_ctrl_h_closes_it(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")  # a note is being written for Lisa when the till names Zoë
    named = TillRequest("show", {"id": shop["zoe"]})

    def till_then_hide(dialog: QDialog) -> None:
        answer_till(window, named)  # what the window does with `greeter show --id`
        press_in(dialog, Qt.Key.Key_H, CTRL)

    over_a_dialog(qtbot, window, "note", till_then_hide)
    assert named.answer is not None and named.answer["pending"]
    qtbot.waitUntil(lambda: window.status.text() == TILL_WHEN_SHOWN, timeout=1000)
    assert window.hide_button.isChecked()  # the card does not come up by itself
    assert window.pages.currentWidget() is window.privacy_panel
    for private in ("Zoë", "O'Brien", "0150", "Lisa", "Marsh"):
        assert private not in visible_text(window)

    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)  # shown: whom the till named
    assert window.current_customer == shop["zoe"]
    assert window.card.preferred_name.text() == "Zoë"

    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)  # named while hidden: staff at work
    answer_till(window, TillRequest("show", {"card": "BG-1"}))
    assert not window.hide_button.isChecked()
    assert window.current_customer == shop["lisa"]


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_customer_the_till_named_before_a_lock_is_not_shown_to_whoever_unlocks(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)  # Priya unlocked it
    window.find("BG-1")

    def till_then_hide(dialog: QDialog) -> None:
        answer_till(window, TillRequest("show", {"id": shop["zoe"]}))
        press_in(dialog, Qt.Key.Key_H, CTRL)

    over_a_dialog(qtbot, window, "note", till_then_hide)
    qtbot.waitUntil(lambda: window.status.text() == TILL_WHEN_SHOWN, timeout=1000)
    window.staff_actions.lock()
    assert window.staff_actions.unlock("Marcus", MARCUS_PIN)
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)  # Marcus hides the screen, then shows it
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle
