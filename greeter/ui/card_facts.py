"""What the shop knows about a customer at a glance: preferences, occasions and people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from greeter.core.models import Link, Occasion, Preference
from greeter.ui.card_sections import clear
from greeter.ui.flow_layout import FlowLayout
from greeter.ui.theme import plain_label

OCCASION_DAYS = 31  # occasions further off than this stay off the card


def occasion_text(occasion: Occasion, today: dt.date) -> str | None:
    when = occasion.next_after(today)
    days = (when - today).days
    if days > OCCASION_DAYS:
        return None
    day = "today" if days == 0 else "tomorrow" if days == 1 else f"{when:%a} {when.day} {when:%b}"
    return f"{occasion.label}: {day}"


class FactsRow(QWidget):
    link_chosen = Signal(int)  # the other customer's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        self.links: list[Link] = []

    def set_facts(
        self,
        preferences: Sequence[Preference],
        occasions: Sequence[Occasion],
        links: Sequence[Link],
        today: dt.date,
    ) -> None:
        clear(self.flow)
        self.links = list(links)
        for preference in preferences:
            chip = plain_label(f"{preference.label}: {preference.value}", "preference")
            chip.setToolTip(f"{preference.author}, {preference.updated:%-d %b %Y}")
            self.flow.addWidget(chip)
        for occasion in occasions:
            text = occasion_text(occasion, today)
            if text:
                self.flow.addWidget(plain_label(text, "occasion"))
        for number, link in enumerate(self.links, start=1):
            # Buttons take their text as plain text, so a name cannot inject markup.
            label = f"{link.wording} {link.other_name}  →".replace("&", "&&")  # no mnemonics
            button = QPushButton(label)
            button.setObjectName("link")
            button.setToolTip(f"Open {link.other_name}'s card (Ctrl+J, {number})")
            button.clicked.connect(
                lambda _checked=False, other=link.other_id: self.link_chosen.emit(other)
            )
            self.flow.addWidget(button)
        self.setVisible(self.flow.count() > 0)
