"""The dataclasses every layer shares: customers, purchases, notes, follow-ups, cards."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from greeter.core.bidi import unmarked


class FollowUpKind(StrEnum):
    PROMISE = "promise"
    RESERVED = "reserved"
    PROBLEM = "problem"
    CALL_BACK = "call_back"

    @property
    def label(self) -> str:
        return {
            "promise": "Promise",
            "reserved": "Reserved item",
            "problem": "Problem to check on",
            "call_back": "Call back",
        }[self.value]


class NoteKind(StrEnum):
    GENERAL = "general"
    PREFERENCE = "preference"
    CAUTION = "caution"


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is accepted.
        dt.date(self.year or 2000, self.month, self.day)

    def next_after(self, today: dt.date) -> dt.date:
        """The next date (today included) on which this birthday is celebrated."""
        return next_celebration(self.month, self.day, today)


LEAP_DAY = (2, 29)


def celebrated_on(year: int, month: int, day: int) -> dt.date:
    """The date in `year` on which a yearly date (a birthday, an anniversary) is celebrated:
    itself, or 28 February for 29 February in a common year, as is usual, so that a leap-day
    customer is not left out three years in four."""
    if (month, day) == LEAP_DAY and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def next_celebration(month: int, day: int, today: dt.date) -> dt.date:
    """The next date (today included) on which a yearly date is celebrated."""
    this_year = celebrated_on(today.year, month, day)
    return this_year if this_year >= today else celebrated_on(today.year + 1, month, day)


@dataclass(frozen=True)
class Customer:
    id: int
    preferred_name: str
    full_name: str
    pronunciation: str = ""
    birthday: Birthday | None = None
    created: dt.datetime = field(default_factory=lambda: dt.datetime(2000, 1, 1))
    imported_from: str | None = None  # the till or web shop whose file brought them

    @property
    def display_name(self) -> str:
        """The full name, or the preferred name when there is none: how lists and messages
        name the customer (the card itself leads with the preferred name)."""
        return self.full_name or self.preferred_name


@dataclass(frozen=True)
class Phone:
    e164: str
    display: str


@dataclass(frozen=True)
class PurchaseLine:
    item: str
    quantity: float
    amount_cents: int


@dataclass(frozen=True)
class Purchase:
    id: int
    purchased_at: dt.datetime
    total_cents: int
    currency: str
    receipt_id: str
    lines: tuple[PurchaseLine, ...] = ()

    @property
    def items_summary(self) -> str:
        """The lines in one line of text, identical items counted once: a receipt with two
        lines of "Inner tube 28\"" reads "2× Inner tube 28\"". An item returned on the same
        receipt (a negative quantity) stays apart from the one bought."""
        counts: dict[tuple[str, bool], float] = {}
        for line in self.lines:
            key = (line.item, line.quantity < 0)
            counts[key] = counts.get(key, 0) + line.quantity
        return ", ".join(
            f"{quantity:g}× {item}" if quantity != 1 else item
            for (item, _), quantity in counts.items()
        )


@dataclass(frozen=True)
class UsualItem:
    item: str
    quantity: float
    times: int
    last_bought: dt.datetime


@dataclass(frozen=True)
class Note:
    id: int
    customer_id: int
    text: str
    author: str
    created: dt.datetime
    kind: NoteKind = NoteKind.GENERAL
    pinned: bool = False
    edited: dt.datetime | None = None
    edited_by: str = ""
    confirmed: dt.datetime | None = None  # someone said it is still true
    confirmed_by: str = ""
    earlier_versions: int = 0  # Notes.history() shows them on demand
    stale: bool = False  # older than note_stale_days: ask "still true?"

    @property
    def dated(self) -> dt.datetime:
        """When the note was last known to be true: confirmed, edited or written."""
        return max(d for d in (self.created, self.edited, self.confirmed) if d is not None)


@dataclass(frozen=True)
class NoteVersion:
    """One version of a note's text, who wrote it and when; the last one is the current."""

    note_id: int
    text: str
    kind: NoteKind
    author: str
    written: dt.datetime


@dataclass(frozen=True)
class FollowUp:
    id: int
    customer_id: int
    kind: FollowUpKind
    text: str
    due: dt.date | None
    status: str
    taken_by: str
    created: dt.datetime
    done_at: dt.datetime | None = None
    done_by: str = ""

    def is_due(self, today: dt.date) -> bool:
        return self.status == "open" and (self.due is None or self.due <= today)

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == "open" and self.due is not None and self.due < today


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    role: str = "staff"


@dataclass(frozen=True)
class Badge:
    name: str
    reason: str
    manual: bool = False  # a tag staff added by hand, rather than a rule's


@dataclass(frozen=True)
class Tag:
    """A label staff (or an import) put on a customer by hand."""

    customer_id: int
    name: str
    tagged_by: str = ""  # empty for tags that came with an import
    tagged_at: dt.datetime | None = None


@dataclass(frozen=True)
class Preference:
    """A structured fact such as "Shoe size: 11" or "Avoids: Brand X", shown as a chip."""

    id: int
    customer_id: int
    label: str
    value: str
    updated: dt.datetime
    author: str


@dataclass(frozen=True)
class Link:
    """A relationship to another customer, seen from the customer whose card it is on.

    It reads `wording`, the other's name, then `after`: "buys for" Felix on Ingrid's card. On
    the other card a label reads as its inverse when it has a known one ("mother of" Felix:
    "child of" Ingrid), else as the role it names ("accountant:" Kwame) or with the other's
    name first: Ingrid "buys for them", Kwame "refers customers like them" (see
    greeter.core.links.reading).
    """

    id: int
    label: str  # as typed, from the `from` customer's point of view
    outgoing: bool  # True on the card of the customer the label was typed for
    other_id: int
    other_name: str  # the other customer's preferred name
    wording: str  # before the other's name; empty when the name leads
    after: str = ""  # after the other's name

    def text(self, other: str | None = None) -> str:
        """The whole line, e.g. "child of Ingrid"; `other` in place of the other's name."""
        name = self.other_name if other is None else other
        return " ".join(part for part in (self.wording, name, self.after) if part)


@dataclass(frozen=True)
class Occasion:
    """A date worth remembering other than the birthday: an anniversary, the first visit."""

    id: int
    customer_id: int
    label: str
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        dt.date(self.year or 2000, self.month, self.day)

    def next_after(self, today: dt.date) -> dt.date:
        """The next date (today included) on which this occasion is celebrated."""
        return next_celebration(self.month, self.day, today)


@dataclass(frozen=True)
class Greeting:
    """The line staff can say aloud, and why it was chosen. `marked` has the customer's own
    words in it (their name, what they bought) isolated (see greeter.core.bidi), so that on
    screen each reads in its own direction; `text` is the line as said, for a terminal or a
    script."""

    marked: str
    reason: str

    @property
    def text(self) -> str:
        return unmarked(self.marked)


@dataclass(frozen=True)
class VisitStats:
    """What the shop knows about a customer's visits, precomputed by the store."""

    visits: int = 0
    first_visit: dt.datetime | None = None
    last_visit: dt.datetime | None = None
    lifetime_spend_cents: int = 0
    visits_in_window: int = 0
    spend_last_year_cents: int = 0


@dataclass(frozen=True)
class SearchHit:
    """One candidate in the search list, with a detail that tells namesakes apart."""

    customer_id: int
    preferred_name: str
    full_name: str
    phone_ending: str
    last_visit: dt.datetime | None

    @property
    def display_name(self) -> str:
        """The full name, or the preferred name when there is none (see Customer)."""
        return self.full_name or self.preferred_name


@dataclass(frozen=True)
class Card:
    """Everything the greeting card shows, assembled once for the window, CLI and bench."""

    customer: Customer
    phones: tuple[Phone, ...]  # `display` as the card writes every phone, not as typed
    emails: tuple[str, ...]
    cards: tuple[str, ...]
    stats: VisitStats
    currency: str
    greeting: Greeting
    badges: tuple[Badge, ...]
    usual_items: tuple[UsualItem, ...]
    recent_purchases: tuple[Purchase, ...]
    notes: tuple[Note, ...]
    follow_ups: tuple[FollowUp, ...]
    preferences: tuple[Preference, ...] = ()
    links: tuple[Link, ...] = ()
    occasions: tuple[Occasion, ...] = ()  # soonest first
    tags: tuple[Tag, ...] = ()  # also in `badges` (manual=True), with their reasons

    @property
    def customer_since(self) -> dt.date:
        """The earlier of the first visit on file and the day the customer was added: sales
        imported later must not make a customer from 2019 look new, nor a customer imported
        today without a date look newer than their first receipt."""
        return min(d.date() for d in (self.stats.first_visit, self.customer.created) if d)
