"""What the shop knows about a customer at a glance: preferences, occasions and people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence, Sized

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from greeter.core.bidi import isolate
from greeter.core.models import Link, Occasion, Preference
from greeter.ui.flow_layout import Chip, FlowLayout
from greeter.ui.widget_pool import Pool
from greeter.ui.wrapping import EllipsisButton

OCCASION_DAYS = 31  # occasions further off than this stay off the card


def occasion_text(occasion: Occasion, today: dt.date) -> str | None:
    when = occasion.next_after(today)
    days = (when - today).days
    if days > OCCASION_DAYS:
        return None
    day = "today" if days == 0 else "tomorrow" if days == 1 else f"{when:%a} {when.day} {when:%b}"
    return f"{isolate(occasion.label)}: {day}"


class FactsRow(QWidget):
    link_chosen = Signal(int)  # the other customer's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        self.links: list[Link] = []
        # Chips in this order: preferences, occasions, links; each kind's pool grows in place.
        self.preferences = Pool(_chip("preference"), self._placer(0), Chip.clear)
        self.occasions = Pool(_chip("occasion"), self._placer(1), Chip.clear)
        self.link_buttons = Pool(self._link_button, self._placer(2), _blank_button)
        self._kinds: tuple[Sized, ...] = (self.preferences, self.occasions, self.link_buttons)

    def _placer(self, kind: int) -> Callable[[QWidget], None]:
        def place(chip: QWidget) -> None:
            self.flow.insert_widget(sum(len(pool) for pool in self._kinds[: kind + 1]), chip)

        return place

    def _link_button(self, number: int) -> QPushButton:
        button = EllipsisButton()
        button.setObjectName("link")
        button.clicked.connect(
            lambda _checked=False: self.link_chosen.emit(self.links[number].other_id)
        )
        return button

    def set_facts(
        self,
        preferences: Sequence[Preference],
        occasions: Sequence[Occasion],
        links: Sequence[Link],
        today: dt.date,
    ) -> None:
        self.links = list(links)
        self.preferences.fill(preferences, _show_preference)
        soon = [text for text in (occasion_text(o, today) for o in occasions) if text]
        self.occasions.fill(soon, Chip.setText)
        self.link_buttons.fill(list(enumerate(self.links, start=1)), _show_link)
        self.setVisible(bool(preferences or soon or links))


def _chip(name: str) -> Callable[[int], QLabel]:
    return lambda _number: Chip(name)


def _show_preference(chip: QLabel, preference: Preference) -> None:
    chip.setText(f"{preference.label}: {isolate(preference.value)}")
    chip.setToolTip(f"{isolate(preference.author)}, {preference.updated:%-d %b %Y}")


def _show_link(button: QPushButton, numbered: tuple[int, Link]) -> None:
    number, link = numbered
    button.setText(f"{link.text(isolate(link.other_name))}  →")  # plain: no markup, no "&" keys
    button.setToolTip(f"Open {isolate(link.other_name)}'s card (Ctrl+J, {number})")


def _blank_button(button: QPushButton) -> None:
    button.setText("")
    button.setToolTip("")
