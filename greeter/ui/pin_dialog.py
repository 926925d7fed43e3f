"""Asking one staff member for their PIN: a large masked field that takes digits only."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from greeter.core.permissions import PIN_MAX_DIGITS, PIN_MIN_DIGITS
from greeter.ui.disposal import disposed
from greeter.ui.theme import plain_label


def pin_field() -> QLineEdit:
    """The masked, digits-only PIN field the dialog and the lock page share."""
    field = QLineEdit()
    field.setObjectName("pin")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX_DIGITS)
    field.setValidator(
        QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX_DIGITS}}}"))
    )
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
    )
    field.setPlaceholderText("PIN")
    field.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return field


class PinDialog(QDialog):
    """Enter confirms, Esc cancels. `problem` is why the last PIN did not do (shown in red)."""

    def __init__(
        self, name: str, reason: str, problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._build_ui(name, reason, problem)
        self._connect_signals()
        self._on_pin_text_changed(self.pin.text())

    def _build_ui(self, name: str, reason: str, problem: str) -> None:
        self.setWindowTitle(f"PIN for {name}")
        self.setObjectName("pinDialog")
        layout = QVBoxLayout(self)
        # Sized to its wrapped text, which a resizable dialog would cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(plain_label(name, "pinName"))
        self.reason = plain_label(reason, "guideline", wrap=True)
        self.reason.setMinimumWidth(380)
        layout.addWidget(self.reason)
        self.pin = pin_field()
        layout.addWidget(self.pin)
        self.problem = plain_label(problem, "problem", wrap=True)
        self.problem.setVisible(bool(problem))
        self.problem.setMinimumWidth(380)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setText("Confirm")
        self.confirm.setDefault(True)
        layout.addWidget(self.buttons)
        self.pin.setFocus()

    def _connect_signals(self) -> None:
        self.pin.textChanged.connect(self._on_pin_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _on_pin_text_changed(self, text: str) -> None:
        self.confirm.setEnabled(len(text) >= PIN_MIN_DIGITS)

    @classmethod
    def ask(cls, parent: QWidget, name: str, reason: str, problem: str = "") -> str | None:
        """The PIN typed, or None if cancelled."""
        # Nothing typed into it lingers in memory longer than needed.
        with disposed(cls(name, reason, problem, parent)) as dialog:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.pin.text() if accepted else None
