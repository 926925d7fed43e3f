"""What the window shows when nobody is at the till, and the first-run welcome."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QStackedLayout, QVBoxLayout, QWidget

from greeter.core.day_list import DayList
from greeter.ui.day_list_view import DayListView
from greeter.ui.theme import plain_label


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
        self.title = plain_label("", "idleTitle", wrap=True)  # a long shop name at 430 px
        layout.addWidget(self.title)
        layout.addWidget(
            plain_label(
                "Scan a loyalty card, or type a phone number, email or a few letters of a name. "
                "↓ walks today's list, Enter opens a line, F2 brings the list back.",
                "idleHint",
                wrap=True,
            )
        )
        self.day_list = DayListView()
        layout.addWidget(self.day_list, 1)
        self.nothing = plain_label(
            "Nothing on today's list: no birthdays, nothing due, nobody to call.",
            "empty",
            wrap=True,
        )
        layout.addWidget(self.nothing)
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

        no_shop = QWidget()
        layout = QVBoxLayout(no_shop)
        layout.setContentsMargins(28, 28, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(plain_label("No shop in this file", "idleTitle", wrap=True))
        self.no_shop_hint = plain_label("", "idleHint", wrap=True)
        layout.addWidget(self.no_shop_hint)
        layout.addStretch(1)
        self.pages.addWidget(no_shop)

    def _connect_signals(self) -> None:
        self.demo_button.clicked.connect(self.demo_requested)

    def show_first_run(self) -> None:
        self.pages.setCurrentIndex(1)

    def show_no_shop(self, file_name: str) -> None:
        """The file holds no shop Greeter can read: say so, and what to do, not "nothing
        on today's list" as if it were an empty shop."""
        self.pages.setCurrentIndex(2)
        self.no_shop_hint.setText(
            f"There is nobody to look up in {file_name}. If it held your shop, choose "
            "Restore a backup… above. If it is the wrong file, open your shop's own file "
            "with `greeter --db FILE`."
        )

    def show_waiting(self, shop_name: str, now: dt.datetime, day_list: DayList) -> None:
        self.pages.setCurrentIndex(0)
        self.title.setText(f"{_greeting_for(now.hour)} — {shop_name}")
        self.day_list.show_day_list(day_list)
        self.day_list.setVisible(not day_list.is_empty)
        self.nothing.setVisible(day_list.is_empty)
