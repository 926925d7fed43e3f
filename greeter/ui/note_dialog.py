"""Adding a note in a keystroke or two, with the card-number guard checked as you type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from greeter.core.guard import card_number_message, find_card_number
from greeter.ui.theme import plain_label

GUIDELINE = "Write only what you would be happy for the customer to read."


@dataclass(frozen=True)
class NoteDraft:
    text: str
    pinned: bool


class NoteDialog(QDialog):
    def __init__(self, customer_name: str, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui(customer_name, author)
        self._connect_signals()
        self._on_editor_text_changed()

    def _build_ui(self, customer_name: str, author: str) -> None:
        self.setWindowTitle("Add a note")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(plain_label(f"Note about {customer_name}, by {author}", "fullName"))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEdit")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("e.g. Prefers to be called “miss”. Likes the blue case.")
        layout.addWidget(self.editor)
        layout.addWidget(plain_label(GUIDELINE, "guideline", wrap=True))
        self.problem = plain_label("", "problem", wrap=True)
        layout.addWidget(self.problem)
        self.pinned = QCheckBox("Pin to the top of the card")
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
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()) and not masked)

    def _on_save_shortcut_activated(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            self.accept()

    def draft(self) -> NoteDraft:
        return NoteDraft(self.editor.toPlainText().strip(), self.pinned.isChecked())

    @classmethod
    def ask(
        cls, parent: QWidget, customer_name: str, author: str, kept: NoteDraft | None = None
    ) -> NoteDraft | None:
        """The note to save, or None if cancelled. `kept` refills a note that failed to save."""
        dialog = cls(customer_name, author, parent)
        if kept is not None:
            dialog.editor.setPlainText(kept.text)
            dialog.pinned.setChecked(kept.pinned)
        return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None
