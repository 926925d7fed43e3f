"""The greeting card: who is in front of you, what to say, and what the shop knows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from greeter.core.bidi import isolate
from greeter.core.models import Badge, Card
from greeter.core.text import counted, quoted
from greeter.core.timefmt import ago, since
from greeter.store.cards import MoneyFormat
from greeter.ui.card_cautions import CautionBand
from greeter.ui.card_facts import FactsRow
from greeter.ui.card_sections import FollowUpsSection, NotesSection, PurchasesSection
from greeter.ui.flow_layout import Chip, FlowLayout
from greeter.ui.laid_out_once import laid_out_once
from greeter.ui.theme import plain_label, set_style_properties
from greeter.ui.widget_pool import Pool

NARROW_WIDTH = 760  # below this the card stacks into one column (a panel beside the till)


class Stat(QWidget):
    """A big figure with a small caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.value = plain_label("", "statValue")
        layout.addWidget(self.value)
        self.caption = plain_label(caption, "statLabel")
        layout.addWidget(self.caption)

    def set_value(self, text: str) -> None:
        self.value.setText(text)

    def set_count(self, n: int, word: str) -> None:
        """A number over a caption that agrees with it: 1 over "visit", 2 over "visits"."""
        value, _, caption = counted(n, word).partition(" ")
        self.value.setText(value)
        self.caption.setText(caption)


class CardView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: Card | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        self.setObjectName("card")
        self.setAccessibleName("Customer card")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = page = QWidget()
        page.setObjectName("page")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.setSpacing(12)

        self.name_row = name_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        name_row.setSpacing(10)
        self.preferred_name = Chip("preferredName")  # a long name wraps on a narrow panel
        name_row.addWidget(self.preferred_name)
        self.badges_box = badges = QWidget()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # chips wrap onto more lines in a narrow window
        badges.setSizePolicy(policy)
        self.badges_row = FlowLayout(badges)
        self.badges = Pool(lambda _: Chip(), self.badges_row.addWidget, _blank_badge)
        name_row.addWidget(badges, 1, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(name_row)
        self.full_name = plain_label("", "fullName", wrap=True)
        outer.addWidget(self.full_name)

        self.greeting = plain_label("", "greeting", wrap=True)
        outer.addWidget(self.greeting)
        self.greeting_why = plain_label("", "greetingWhy")
        outer.addWidget(self.greeting_why)
        self.cautions = CautionBand()  # above the fold, whatever the card holds below
        outer.addWidget(self.cautions)

        self.stats_grid = QGridLayout()
        self.stats_grid.setHorizontalSpacing(28)
        self.stats_grid.setVerticalSpacing(8)
        self.visits = Stat("visits")
        self.last_visit = Stat("last visit")
        self.spend = Stat("spent in all")
        self.contact = Stat("phone")
        self.stats = (self.visits, self.last_visit, self.spend, self.contact)
        self._arrange_stats(per_row=4)
        outer.addLayout(self.stats_grid)
        self.facts = FactsRow()
        outer.addWidget(self.facts)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(12)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.follow_ups = FollowUpsSection()
        self.notes = NotesSection()
        left.addWidget(self.follow_ups)
        left.addWidget(self.notes)
        left.addStretch(1)
        self.purchases = PurchasesSection()
        self.columns.addLayout(left, 5)
        self.columns.addWidget(self.purchases, 4)
        outer.addLayout(self.columns, 1)
        self.setWidget(page)

    def set_card(
        self, card: Card, today: dt.date, money: MoneyFormat, *, keep_scroll: bool = False
    ) -> None:
        """Show `card` from its top, or where the card before it was scrolled to with
        `keep_scroll` (the same customer's, drawn again)."""
        scrolled = self.verticalScrollBar().value() if keep_scroll else 0
        self.card = card
        with laid_out_once(self.page, before_panel=self._fit_scroll_bar):
            self._fill(card, today, money)
        self.verticalScrollBar().setValue(scrolled)

    def _fill(self, card: Card, today: dt.date, money: MoneyFormat) -> None:
        customer, stats = card.customer, card.stats
        self.preferred_name.setText(customer.preferred_name)
        # The customer's words isolated: an Arabic full name first must not turn the line.
        full = customer.full_name if customer.full_name != customer.preferred_name else ""
        details = [isolate(full)] if full else []
        if customer.pronunciation:
            details.append(f"say {quoted(isolate(customer.pronunciation))}")
        details.append(since(card.customer_since))
        self.full_name.setText(" · ".join(details))

        self.badges.fill(card.badges, _show_badge)
        self._place_badges()
        self.greeting.setText(card.greeting.marked)
        self.greeting_why.setText(f"Why this greeting: {card.greeting.reason}")
        self.visits.set_count(stats.visits, "visit")
        self.last_visit.set_value(ago(stats.last_visit, today))
        self.spend.set_value(money(stats.lifetime_spend_cents, card.currency))
        # No phone: no "phone" caption under a dash either.
        self.contact.set_value(card.phones[0].display if card.phones else "")
        self.contact.setVisible(bool(card.phones))

        self.cautions.set_notes(card.notes)
        self.facts.set_facts(card.preferences, card.occasions, card.links, today)
        self.follow_ups.set_follow_ups(card.follow_ups, today)
        self.notes.set_notes(card.notes, today)
        self.purchases.set_purchases(card.usual_items, card.recent_purchases, today, money)
        self._fit_purchases()

    def _place_badges(self) -> None:
        """The badges beside the name (on as many lines as they need) when each fits there
        whole, else under it across the card: beside a long name, a long tag would be
        squeezed into a tall sliver."""
        margins = self.page.layout().contentsMargins()
        room = self.maximumViewportSize().width() - margins.left() - margins.right()
        if self.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
            room -= self.verticalScrollBar().sizeHint().width()  # the card may need it
        name = self.preferred_name.sizeHint().width()
        beside = name + self.name_row.spacing() + self.badges_row.widest_item() <= room
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.name_row.direction() != direction:
            self.name_row.setDirection(direction)
            # Under the name the badges take the whole width; their flow keeps them left.
            spread = Qt.AlignmentFlag.AlignVCenter if beside else Qt.AlignmentFlag(0)
            self.name_row.setAlignment(self.badges_box, spread)

    def _fit_scroll_bar(self) -> None:
        """Show the scroll bar only if the card is taller than the room for it, deciding
        before the card is laid out at its width: left to the scroll area, the bar comes
        and goes a turn of the event loop later, and the card is laid out again."""
        room = self.maximumViewportSize()
        width = room.width()
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
            # the room as without the last card's bar, as for a first card: else it narrows
            # this one, whose wrapping lengthens it, and keeps a bar it doesn't need
            width += self.verticalScrollBar().sizeHint().width()
        needed = self.page.heightForWidth(width) > room.height()
        bar = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if needed
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if self.verticalScrollBarPolicy() != bar:
            self.setVerticalScrollBarPolicy(bar)

    def _arrange_stats(self, per_row: int) -> None:
        for n, stat in enumerate(self.stats):
            self.stats_grid.addWidget(stat, n // per_row, n % per_row)
        self.stats_grid.setColumnStretch(4, 1 if per_row == 4 else 0)

    def clear(self) -> None:
        """Forget the customer shown (after an erasure, or when the card is put away)."""
        if self.card is None:
            return
        self.card = None
        with laid_out_once(self.page, before_panel=self._fit_scroll_bar):
            self._empty()

    def _empty(self) -> None:
        today = dt.date.today()
        for label in (self.preferred_name, self.full_name, self.greeting, self.greeting_why):
            label.clear()
        for stat in self.stats:
            stat.set_value("")
        self.badges.fill((), _show_badge)
        self.cautions.set_notes(())
        self.facts.set_facts((), (), (), today)
        self.follow_ups.set_follow_ups((), today)
        self.notes.set_notes((), today)
        self.purchases.set_purchases((), (), today, lambda cents, currency: "")
        self._fit_purchases()

    def _fit_purchases(self) -> None:
        """A panel with no purchases is as short as its one line, like the notes: not a tall
        empty box beside them. Under the notes (a narrow card) it is as tall as its rows."""
        card, narrow = self.card, self.columns.direction() == QBoxLayout.Direction.TopToBottom
        any_bought = card is not None and bool(card.usual_items or card.recent_purchases)
        keep = Qt.AlignmentFlag(0) if any_bought and not narrow else Qt.AlignmentFlag.AlignTop
        if self.columns.itemAt(self.columns.indexOf(self.purchases)).alignment() != keep:
            self.columns.setAlignment(self.purchases, keep)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        narrow = self.width() < NARROW_WIDTH
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self._arrange_stats(per_row=2 if narrow else 4)
            self.purchases.show_whole(narrow)  # the card scrolls, not a box inside it
            self._fit_purchases()
        self._place_badges()
        self._fit_scroll_bar()
        super().resizeEvent(event)  # type: ignore[arg-type]


def _show_badge(chip: QLabel, badge: Badge) -> None:
    set_style_properties(chip, {"badge": badge.name, "manual": badge.manual})  # its colours
    chip.setText(badge.name)
    chip.setToolTip(badge.reason)


def _blank_badge(chip: QLabel) -> None:
    chip.clear()
    chip.setToolTip("")
