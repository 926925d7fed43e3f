"""Writing or editing a note, with the card-number guard and sensitive-word warning as you type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.guard import (
    NOTE_GUIDELINE,
    card_number_message,
    find_card_number,
    sensitive_words_in,
    sensitive_words_message,
)
from greeter.core.models import NoteKind
from greeter.ui.disposal import drafted
from greeter.ui.screen_fit import make_room, say
from greeter.ui.theme import plain_label

KIND_LABELS = {
    NoteKind.GENERAL: "General",
    NoteKind.PREFERENCE: "Preference",
    NoteKind.CAUTION: "Caution (shown first)",
}
# Over a note put away unsaved (Esc, Cancel) the last time this dialog was open.
NOTE_BACK = "Your unsaved note is back. Empty the box and press Esc to throw it away."


def keys_line(*keys: str) -> str:
    """A dialog's keys in one line: where it wraps (a narrow panel), each key stays on one line
    with its words, never "Esc" at the end of one line and "close" on the next."""
    return " · ".join(key.replace(" ", "\u00a0") for key in keys)


def kinds_hint(kinds: int) -> str:
    return f"Alt+1–{kinds} kind"  # short: the line fits the dialog's 560 px in DejaVu Sans


# What Esc does: a new note from the card is kept for the next Ctrl+N (see `ask`'s put_away).
ESC_KEEPS_NOTE = "Esc keeps it for the next Ctrl+N"
ESC_CANCELS = "Esc cancels"


@dataclass(frozen=True)
class NoteDraft:
    text: str
    pinned: bool
    kind: NoteKind = NoteKind.GENERAL


class NoteDialog(QDialog):
    def __init__(
        self,
        customer_name: str,
        author: str,
        sensitive_words: str = "",
        parent: QWidget | None = None,
        *,
        keeps: bool = False,
    ) -> None:
        super().__init__(parent)
        self._sensitive_words = sensitive_words
        self._build_ui(customer_name, author, ESC_KEEPS_NOTE if keeps else ESC_CANCELS)
        self._connect_signals()
        self._on_editor_text_changed()

    def _build_ui(self, customer_name: str, author: str, esc: str) -> None:
        self.setWindowTitle("Note")
        self.setMinimumWidth(560)
        self._column = layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(plain_label(f"Note about {customer_name}, by {author}", "fullName"))
        self.back = plain_label(NOTE_BACK, "noteBack", wrap=True)
        self.back.hide()
        layout.addWidget(self.back)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEdit")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("e.g. Prefers to be called “miss”. Likes the blue case.")
        self.editor.setAccessibleName("Note")
        self.editor.setAccessibleDescription(NOTE_GUIDELINE)
        layout.addWidget(self.editor)
        layout.addWidget(plain_label(NOTE_GUIDELINE, "guideline", wrap=True))
        self.problem = plain_label("", "problem", wrap=True)
        layout.addWidget(self.problem)
        self.warning = plain_label("", "warning", wrap=True)
        layout.addWidget(self.warning)
        kinds = QHBoxLayout()
        self.kinds = QButtonGroup(self)
        self.kind_keys: list[QShortcut] = []
        for n, kind in enumerate(NoteKind, start=1):
            button = QRadioButton(f"{n}  {KIND_LABELS[kind]}")
            button.setToolTip(f"Alt+{n}")
            button.setChecked(kind is NoteKind.GENERAL)
            self.kinds.addButton(button, n - 1)
            kinds.addWidget(button)
            key = QShortcut(QKeySequence(f"Alt+{n}"), self)
            key.activated.connect(button.click)
            self.kind_keys.append(key)
        kinds.addStretch(1)
        layout.addLayout(kinds)
        self.pinned = QCheckBox("&Pin to the top of the card")
        layout.addWidget(self.pinned)
        keys = keys_line(kinds_hint(len(NoteKind)), "Ctrl+Enter saves", esc)
        self.keys_hint = plain_label(keys, "keysHint", wrap=True)
        layout.addWidget(self.keys_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Ctrl+Enter")
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)

    def _connect_signals(self) -> None:
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut.activated.connect(self._on_save_shortcut_activated)

    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        masked = find_card_number(text)
        found = sensitive_words_in(text, self._sensitive_words) if self._sensitive_words else []
        said = say(self.problem, card_number_message(masked) if masked else "")
        said |= say(self.warning, sensitive_words_message(found) if found else "")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()) and not masked)
        if said:  # each keystroke lands here: only a change of what is said can need room
            make_room(self)

    def _on_save_shortcut_activated(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        make_room(self)  # Qt sizes a new dialog to at most 2/3 of the screen's height

    def fill(self, draft: NoteDraft, back: bool = False) -> None:
        """Fill in `draft`; `back`: it was put away unsaved, and the dialog says so."""
        self.editor.setPlainText(draft.text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)  # typing goes on where it was
        self.pinned.setChecked(draft.pinned)
        self.kinds.button(list(NoteKind).index(draft.kind)).setChecked(True)
        self.back.setVisible(back)
        make_room(self)

    def draft(self) -> NoteDraft:
        kind = list(NoteKind)[self.kinds.checkedId()]
        return NoteDraft(self.editor.toPlainText().strip(), self.pinned.isChecked(), kind)

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        customer_name: str,
        author: str,
        kept: NoteDraft | None = None,
        sensitive_words: str = "",
        *,
        back: bool = False,
        put_away: Callable[[NoteDraft], object] | None = None,
    ) -> NoteDraft | None:
        """The note to save, or None if cancelled. `kept` fills the dialog: a note being
        edited, one that failed to save, or (`back`) one put away unsaved before. When
        cancelled, `put_away` gets what was in the box (its text empty if nothing was)."""
        dialog = cls(customer_name, author, sensitive_words, parent, keeps=put_away is not None)
        if kept is not None:
            dialog.fill(kept, back)
        return drafted(dialog, dialog.draft, put_away)
