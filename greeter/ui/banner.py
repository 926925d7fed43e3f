"""A strip under the search box for what the shop must know: a risk, or a problem to fix."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from greeter.ui.theme import plain_label, restyle


class Banner(QFrame):
    action_requested = Signal()

    def __init__(
        self, for_this_shop: Callable[[str], str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # Writes the commands a message offers to paste for the window's shop (see
        # MainWindow.for_this_shop), so whoever says something here need not.
        self._for_this_shop: Callable[[str], str] = for_this_shop or str
        self._build_ui()
        self._connect_signals()
        self.hide()

    def _build_ui(self) -> None:
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        self.message = plain_label("", "bannerText", wrap=True)
        layout.addWidget(self.message, 1)
        self.action = QPushButton()
        self.action.setObjectName("bannerAction")
        layout.addWidget(self.action)

    def _connect_signals(self) -> None:
        self.action.clicked.connect(self.action_requested)

    def say(self, message: str, *, severe: bool = False, action: str = "") -> None:
        self.setProperty("severe", severe)
        restyle(self)
        self.message.setText(self._for_this_shop(message))
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self.setVisible(bool(message))
