"""What the window shows when nobody is at the till, and the first-run welcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QStackedLayout, QVBoxLayout, QWidget

from greeter.core.models import FollowUp
from greeter.core.timefmt import due_in_words
from greeter.ui.card_sections import clear
from greeter.ui.theme import Section, plain_label


def _greeting_for(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


class IdlePanel(QWidget):
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("page")
        self.pages = QStackedLayout(self)

        waiting = QWidget()
        layout = QVBoxLayout(waiting)
        layout.setContentsMargins(28, 28, 28, 20)
        layout.setSpacing(10)
        self.title = plain_label("", "idleTitle")
        layout.addWidget(self.title)
        layout.addWidget(
            plain_label(
                "Scan a loyalty card, or type a phone number, email or a few letters of a name.",
                "idleHint",
                wrap=True,
            )
        )
        self.due = Section("Follow-ups due")
        layout.addWidget(self.due)
        layout.addStretch(1)
        self.pages.addWidget(waiting)

        first_run = QWidget()
        layout = QVBoxLayout(first_run)
        layout.setContentsMargins(28, 28, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(plain_label("Welcome to Greeter", "idleTitle"))
        layout.addWidget(
            plain_label(
                "Your shop has no customers yet. Add them from your till's export "
                "(see the README), or look around a demo shop first.",
                "idleHint",
                wrap=True,
            )
        )
        self.demo_button = QPushButton("Load the demo shop into this file")
        self.demo_button.setObjectName("primary")
        self.demo_button.setDefault(True)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.pages.addWidget(first_run)

    def _connect_signals(self) -> None:
        self.demo_button.clicked.connect(self.demo_requested)

    def show_first_run(self) -> None:
        self.pages.setCurrentIndex(1)

    def show_waiting(
        self, shop_name: str, now: dt.datetime, due: Sequence[FollowUp], names: dict[int, str]
    ) -> None:
        self.pages.setCurrentIndex(0)
        self.title.setText(f"{_greeting_for(now.hour)} — {shop_name}")
        clear(self.due.body, keep=1)
        if not due:
            self.due.body.addWidget(plain_label("Nothing due today.", "empty"))
        for follow_up in due[:8]:
            when = due_in_words(follow_up.due, now.date())
            line = f"{names.get(follow_up.customer_id, '?')} — {follow_up.text} ({when})"
            self.due.body.addWidget(plain_label(line, "followUpText", wrap=True))
