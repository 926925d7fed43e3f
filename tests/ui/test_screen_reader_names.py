"""What a screen reader says for each place the keyboard goes: a plain name (and what to do
there where it helps), never nothing, the symbol on a button or the name chosen in a list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import NotesDialog
from tests.helpers import TODAY
from tests.ui.test_staff_and_lock import open_pinned, staff_id


def said(widget: QWidget) -> tuple[str, str]:
    """The name and the description a screen reader reads for `widget`."""
    reader = QAccessible.queryAccessibleInterface(widget)
    assert reader is not None
    return reader.text(QAccessible.Text.Name), reader.text(QAccessible.Text.Description)


def labelled_by(widget: QWidget) -> list[str]:
    """The labels a screen reader reads before `widget` (how Linux names a drop-down list)."""
    reader = QAccessible.queryAccessibleInterface(widget)
    assert reader is not None
    return [
        label.text(QAccessible.Text.Name)
        for label, relation in reader.relations(QAccessible.RelationFlag.Label)
    ]


def test_the_note_and_follow_up_fields_and_the_notes_list_have_names(
    qtbot: QtBot, store: Store, shop: dict[str, int]
) -> None:
    note = NoteDialog("Lisa", "Priya")
    qtbot.addWidget(note)
    assert said(note.editor) == (
        "Note",
        "Write only what you would be happy for the customer to read.",
    )
    follow_up = FollowUpDialog("Lisa", "Priya", TODAY)
    qtbot.addWidget(follow_up)
    assert said(follow_up.due)[0] == "Due date"
    priya = store.staff.by_name("Priya")
    notes = NotesDialog(Counter(store, today=lambda: TODAY), shop["lisa"], priya)
    qtbot.addWidget(notes)
    name, keys = said(notes.notes)
    assert name == "Notes"
    assert "E edit" in keys and "Esc close" in keys  # its keys, not only on the screen


def test_the_top_bar_and_the_card_say_what_they_are(qtbot: QtBot, window: MainWindow) -> None:
    assert window.on_duty.currentText() == "Priya"
    assert labelled_by(window.on_duty) == ["On duty"]  # not just "Priya"
    assert said(window.more_button)[0] == "More"  # not "⋯"
    assert said(window.card)[0] == "Customer card"
    assert said(window.candidates)[0] == "Customers matching the search"


def test_the_lock_page_s_pin_field_says_whose_pin_it_is(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    pinned = open_pinned(qtbot, store, tmp_path)
    assert store.actor_id == staff_id(store, "Priya")
    pinned.staff_actions.lock()
    panel = pinned.staff_actions.lock_panel
    assert said(panel.pin) == ("PIN for Priya", "↑ ↓ choose whose PIN it is.")
    panel.staff.setCurrentRow(0)  # Marcus
    assert said(panel.pin)[0] == "PIN for Marcus"
    assert said(panel.staff)[0] == "Staff"
