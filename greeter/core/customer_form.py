"""A customer as typed in the form or on the command line, checked before it is saved."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from greeter.core.identify import InvalidContact, card_code, require_email, require_phone
from greeter.core.models import Birthday, Phone
from greeter.core.text import clean_text, fold
from greeter.core.timefmt import date_fault

T = TypeVar("T")

SIMILAR_NAME = 85  # token_sort_ratio at which two names are likely the same person
_BIRTHDAY = re.compile(r"^(?:(\d{4})[-/])?(\d{1,2})[-/](\d{1,2})$")
BIRTHDAY_FORMAT = "MM-DD or YYYY-MM-DD, e.g. 03-17 or 1984-03-17"
# Longer than any name a customer gives at a counter, short enough for the greeting card: a
# pasted page would push everything else off it.
NAME_MAX = 100
_NAME_WORDS = {
    "preferred_name": "A name",
    "full_name": "A name",
    "pronunciation": "A pronunciation",
}


class DraftProblem(ValueError):
    """One field cannot be saved as typed; `field` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CustomerDraft:
    """What was typed for a new customer, as text."""

    preferred_name: str = ""
    full_name: str = ""
    pronunciation: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    birthday: str = ""  # BIRTHDAY_FORMAT, or empty

    @property
    def display_name(self) -> str:
        """The full name, or the preferred name when there is none (see Customer)."""
        return self.full_name or self.preferred_name


@dataclass(frozen=True)
class CleanCustomer:
    """A draft that passed every check, normalised for storing."""

    preferred_name: str
    full_name: str
    pronunciation: str
    phones: tuple[Phone, ...]
    emails: tuple[str, ...]
    cards: tuple[str, ...]
    birthday: Birthday | None


@dataclass(frozen=True)
class CustomerChanges:
    """An edit of one customer: None leaves a field as it is; "" clears the text fields
    that may be empty (full name, pronunciation, birthday)."""

    preferred_name: str | None = None
    full_name: str | None = None
    pronunciation: str | None = None
    birthday: str | None = None
    add_phones: tuple[str, ...] = ()
    remove_phones: tuple[str, ...] = ()
    add_emails: tuple[str, ...] = ()
    remove_emails: tuple[str, ...] = ()
    add_cards: tuple[str, ...] = ()
    remove_cards: tuple[str, ...] = ()


def parse_birthday(text: str) -> Birthday | None:
    """'03-17' or '1984-03-17' (or with /) as a Birthday; empty text is no birthday."""
    text = clean_text(text)
    if not text:
        return None
    try:
        birthday = month_day(text)
    except ValueError as fault:
        raise DraftProblem("birthday", f"“{text}” is not a birthday: {fault}.") from None
    if birthday is None:
        raise DraftProblem("birthday", f"“{text}” is not a birthday: type {BIRTHDAY_FORMAT}.")
    return birthday


def month_day(text: str) -> Birthday | None:
    """'03-17' or '1984-03-17' (or with /): a day of the year, and its year if given; None
    when the text is not shaped so. ValueError saying why ('February has at most 29 days')
    when it is, but there is no such day."""
    match = _BIRTHDAY.match(clean_text(text))
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    if (year is not None and not 1900 <= year <= 2100) or not 1 <= month <= 12:
        return None  # most likely typed in another order: the format is the answer
    fault = date_fault(year, month, day)
    if fault is not None:
        raise ValueError(fault)
    return Birthday(month, day, year)


def name_text(field: str, text: str) -> str:
    """A name field (preferred or full name, pronunciation) cleaned, or DraftProblem when it
    is longer than NAME_MAX characters."""
    name = clean_text(text)
    if len(name) > NAME_MAX:
        raise DraftProblem(
            field,
            f"{_NAME_WORDS[field]} can be at most {NAME_MAX} characters; "
            f"this one has {len(name):,}.",
        )
    return name


def preferred_name(text: str) -> str:
    name = name_text("preferred_name", text)
    if not name:
        raise DraftProblem(
            "preferred_name", "A customer needs at least the name they like to be called."
        )
    return name


def phone(text: str, region: str) -> Phone:
    try:
        return Phone(require_phone(text, region), clean_text(text))
    except InvalidContact as error:
        raise DraftProblem("phones", str(error)) from None


def email(text: str) -> str:
    try:
        return require_email(text)
    except InvalidContact as error:
        raise DraftProblem("emails", str(error)) from None


def card(text: str) -> str:
    code = card_code(text)
    if not code:
        raise DraftProblem("cards", "A card code cannot be empty.")
    return code


def clean_draft(draft: CustomerDraft, region: str) -> CleanCustomer:
    """The draft normalised, or DraftProblem for the first field that cannot be saved."""
    return CleanCustomer(
        preferred_name=preferred_name(draft.preferred_name),
        full_name=name_text("full_name", draft.full_name),
        pronunciation=name_text("pronunciation", draft.pronunciation),
        phones=_one_per_number(phone(p, region) for p in draft.phones if p.strip()),
        emails=tuple(_unique(email(e) for e in draft.emails if e.strip())),
        cards=tuple(_unique(card(c) for c in draft.cards if c.strip())),
        birthday=parse_birthday(draft.birthday),
    )


def draft_problems(draft: CustomerDraft, region: str) -> dict[str, str]:
    """Every field's problem at once, for a form that marks them as staff type."""
    checks: dict[str, Callable[[], object]] = {
        "preferred_name": lambda: preferred_name(draft.preferred_name),
        "full_name": lambda: name_text("full_name", draft.full_name),
        "pronunciation": lambda: name_text("pronunciation", draft.pronunciation),
        "phones": lambda: [phone(p, region) for p in draft.phones if p.strip()],
        "emails": lambda: [email(e) for e in draft.emails if e.strip()],
        "cards": lambda: [card(c) for c in draft.cards if c.strip()],
        "birthday": lambda: parse_birthday(draft.birthday),
    }
    problems: dict[str, str] = {}
    for field, check in checks.items():
        try:
            check()
        except DraftProblem as problem:
            problems[field] = str(problem)
    return problems


def _unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _one_per_number(phones: Iterable[Phone]) -> tuple[Phone, ...]:
    """The first of each number typed twice in different ways."""
    first: dict[str, Phone] = {}
    for p in phones:
        first.setdefault(p.e164, p)
    return tuple(first.values())


def name_similarity(a: str, b: str) -> float:
    """0–100: how alike two names are, ignoring case, accents and word order."""
    from rapidfuzz import fuzz  # loaded by the first comparison, not at start-up

    return float(fuzz.token_sort_ratio(fold(clean_text(a)), fold(clean_text(b))))
