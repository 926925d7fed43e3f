"""Looking after a customer's notes from the keyboard: edit, pin, still true?, retire, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from greeter.core.models import Note, NoteKind, Staff
from greeter.core.permissions import Action, allowed, refusal
from greeter.core.timefmt import short_date
from greeter.counter import Counter
from greeter.store.errors import StoreError
from greeter.ui.disposal import disposed
from greeter.ui.note_dialog import NoteDialog, NoteDraft, keys_line
from greeter.ui.theme import plain_label
from greeter.ui.wrapped_rows import WrappedRows

KEYS_HELP = keys_line(
    "E edit", "P pin or unpin", "Y still true", "R retire", "H history", "Esc close"
)
# On a shop's file that can only be read, only the keys that read are offered.
KEYS_HELP_READ_ONLY = (
    keys_line("H history", "Esc close") + " · the file can only be read: notes stay as they are"
)
READ_ONLY = "The shop's file can only be read, so notes cannot be changed (the window says why)."
# A letter pressed with one of these is another key (Ctrl+P a follow-up, Ctrl+H Hide), not
# the letter's action. Shift is a capital; the keypad's Enter comes with KeypadModifier.
NOT_PLAIN = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


ITEM_PADDING = 20  # theme.qss: QListWidget#notesList::item's padding, left and right


def card_order(notes: Iterable[Note]) -> list[Note]:
    """As the card lists them: cautions, then pinned notes, then the newest first."""
    newest = sorted(notes, key=lambda note: (note.created, note.id), reverse=True)
    return sorted(newest, key=lambda note: (note.kind is not NoteKind.CAUTION, not note.pinned))


def describe(note: Note, today: dt.date) -> str:
    marks = [
        m for m, on in (("PINNED", note.pinned), ("CAUTION", note.kind is NoteKind.CAUTION)) if on
    ]
    when = f"{note.author}, {short_date(note.created, today)}"
    if note.edited_by:
        when += f", edited by {note.edited_by}"
    if note.confirmed is not None:  # Y re-dated it: who said so, and when
        when += f" · marked still true by {note.confirmed_by}, {short_date(note.confirmed, today)}"
    stale = "   ·   STILL\u00a0TRUE?" if note.stale else ""  # never "STILL" alone at a line's end
    return f"{'  '.join(marks)}{'  ' if marks else ''}{note.text}\n{when}{stale}"


class NotesDialog(QDialog):
    def __init__(
        self, counter: Counter, customer_id: int, staff: Staff, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._counter = counter
        self._customer_id = customer_id
        self._staff = staff
        self._read_only = counter.store.read_only
        self.changed = False
        self._build_ui()
        self._reload()

    def _build_ui(self) -> None:
        name = self._counter.customer_name(self._customer_id)
        self.setWindowTitle("Notes")
        # As wide as the window it opens over, up to 680: a narrow panel beside the till too.
        parent = self.parentWidget()
        self.resize(min(680, parent.width()) if parent else 680, 460)
        self.setMinimumHeight(460)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Notes about {name}", "fullName", wrap=True))
        self.notes = QListWidget()
        self.notes.setObjectName("notesList")
        self.notes.setAccessibleName("Notes")
        WrappedRows(self.notes, ITEM_PADDING)  # every line of every note, none cut short
        self.notes.installEventFilter(self)
        layout.addWidget(self.notes, 1)
        self.history = plain_label("", "meta", wrap=True)
        self.history.hide()
        layout.addWidget(self.history)
        self.message = plain_label("", "status", wrap=True)
        layout.addWidget(self.message)
        keys = KEYS_HELP_READ_ONLY if self._read_only else KEYS_HELP
        self.notes.setAccessibleDescription(keys.replace("\u00a0", " "))
        layout.addWidget(plain_label(keys, "guideline", wrap=True))

    def _reload(self, keep_row: int = 0, keep: int | None = None) -> None:
        """List the notes again, the note `keep` (an id) highlighted where it is now (pinned,
        it moves up), else the one at `keep_row`."""
        today = self._counter.today()
        self.notes.clear()
        for note in card_order(self._counter.notes_of(self._customer_id)):
            item = QListWidgetItem(describe(note, today))
            item.setData(Qt.ItemDataRole.UserRole, note)
            self.notes.addItem(item)
            if note.id == keep:
                keep_row = self.notes.count() - 1
        if not self.notes.count():
            adds = "" if self._read_only else " Ctrl+N on the card adds one."
            self.message.setText(f"No notes left.{adds}")
        self.notes.setCurrentRow(min(keep_row, self.notes.count() - 1))

    def current(self) -> Note | None:
        item = self.notes.currentItem()
        note = item.data(Qt.ItemDataRole.UserRole) if item else None
        return note if isinstance(note, Note) else None

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.notes
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            action = self._actions().get(event.key())
            if action is not None and not event.modifiers() & NOT_PLAIN:
                self.act(action)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _actions(self) -> dict[int, Callable[[Note], str]]:
        return {
            Qt.Key.Key_E: self._edit,
            Qt.Key.Key_Return: self._edit,
            Qt.Key.Key_Enter: self._edit,
            Qt.Key.Key_P: self._pin,
            Qt.Key.Key_Y: self._confirm,
            Qt.Key.Key_R: self._retire,
            Qt.Key.Key_H: self._history,
        }

    def act(self, action: Callable[[Note], str]) -> None:
        """Apply one action to the highlighted note and say what happened."""
        note = self.current()
        if note is None:
            return
        if self._read_only and action != self._history:
            self.message.setText(READ_ONLY)  # before a note is typed that could not be saved
            return
        row = self.notes.currentRow()
        try:
            said = action(note)
        except StoreError as error:
            said = str(error)
        self.message.setText(said)
        if action != self._history:
            self._reload(row, note.id)

    def _may_change(self, note: Note) -> bool:
        own = note.author == self._staff.name
        return allowed(self._staff.role, Action.EDIT_OWN_NOTE if own else Action.EDIT_OTHERS_NOTES)

    def _refused(self) -> str:
        staff = self._staff
        return refusal(staff.name, staff.role, Action.EDIT_OTHERS_NOTES, in_window=True)

    def _edit(self, note: Note) -> str:
        if not self._may_change(note):
            return self._refused()
        draft = NoteDialog.ask(
            self,
            self._counter.customer_name(self._customer_id),
            self._staff.name,
            NoteDraft(note.text, note.pinned, note.kind),
            sensitive_words=self._counter.settings.sensitive_words,
        )
        if draft is None:
            return ""
        if draft.pinned != note.pinned:
            self._counter.pin_note(note.id, draft.pinned, self._staff)
        changed = self._counter.edit_note(note.id, draft.text, draft.kind, self._staff)
        self.changed = True
        return "Saved; the earlier version is kept (H shows it)." if changed else "Pin changed."

    def _pin(self, note: Note) -> str:
        if not self._may_change(note):
            return self._refused()
        self._counter.pin_note(note.id, not note.pinned, self._staff)
        self.changed = True
        return "Unpinned." if note.pinned else "Pinned to the top of the card."

    def _confirm(self, note: Note) -> str:
        self._counter.confirm_note(note.id, self._staff)
        self.changed = True
        return f"Marked still true by {self._staff.name}, today."

    def _retire(self, note: Note) -> str:
        if not self._may_change(note):
            return self._refused()
        self._counter.retire_note(note.id, self._staff)
        self.changed = True
        return "Retired: it no longer shows on the card (it stays in the history)."

    def _history(self, note: Note) -> str:
        versions = self._counter.note_history(note.id)
        lines = [f"{v.written:%-d %b %Y} · {v.author}: {v.text}" for v in versions]
        self.history.setText("Versions, oldest first:\n" + "\n".join(lines))
        self.history.show()
        return ""

    @classmethod
    def ask(cls, parent: QWidget, counter: Counter, customer_id: int, staff: Staff) -> bool:
        """Open the notes of one customer; True when anything changed."""
        with disposed(cls(counter, customer_id, staff, parent)) as dialog:
            dialog.exec()
            return dialog.changed
