"""The screen shown while personal data is hidden: nothing about any customer on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from greeter.ui.theme import plain_label


class PrivacyPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()

    def _build_ui(self) -> None:
        self.setObjectName("page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 60, 28, 28)
        layout.setSpacing(12)
        layout.addStretch(1)
        self.title = plain_label("Screen hidden", "idleTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.hint = plain_label("Press Ctrl+H to show it again.", "idleHint", wrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint)
        layout.addStretch(2)
