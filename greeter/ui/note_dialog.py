"""Writing or editing a note, with the card-number guard and sensitive-word warning as you type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
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
from greeter.ui.theme import plain_label

KIND_LABELS = {
    NoteKind.GENERAL: "General",
    NoteKind.PREFERENCE: "Preference",
    NoteKind.CAUTION: "Caution (shown first)",
}


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
    ) -> None:
        super().__init__(parent)
        self._sensitive_words = sensitive_words
        self._build_ui(customer_name, author)
        self._connect_signals()
        self._on_editor_text_changed()

    def _build_ui(self, customer_name: str, author: str) -> None:
        self.setWindowTitle("Note")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(plain_label(f"Note about {customer_name}, by {author}", "fullName"))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEdit")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("e.g. Prefers to be called “miss”. Likes the blue case.")
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
        self.problem.setText(card_number_message(masked) if masked else "")
        self.problem.setVisible(bool(masked))
        found = sensitive_words_in(text, self._sensitive_words) if self._sensitive_words else []
        self.warning.setText(sensitive_words_message(found) if found else "")
        self.warning.setVisible(bool(found))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()) and not masked)

    def _on_save_shortcut_activated(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()

    def fill(self, draft: NoteDraft) -> None:
        self.editor.setPlainText(draft.text)
        self.pinned.setChecked(draft.pinned)
        self.kinds.button(list(NoteKind).index(draft.kind)).setChecked(True)

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
    ) -> NoteDraft | None:
        """The note to save, or None if cancelled. `kept` fills the dialog: a note being
        edited, or one that failed to save."""
        dialog = cls(customer_name, author, sensitive_words, parent)
        if kept is not None:
            dialog.fill(kept)
        return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None
