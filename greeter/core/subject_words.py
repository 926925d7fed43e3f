"""A subject access export in words its customer reads: headings, codes as words, dates spelled.

The export keeps the file's own columns for programs; each row also gets `readable`, the
same row as a customer reads it: a heading for each thing held and its value in words, with
the shop's own ids and codes left out or spelled out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from greeter.core.models import FollowUpKind
from greeter.core.notes import import_author
from greeter.core.timefmt import MONTHS

Money = Callable[[int, str], str]

# What the customer reads for each column, table by table, in this order; None: not shown
# (the shop's own numbering, kept in the JSON). A column not listed reads by its own name.
HEADINGS: dict[str, dict[str, str | None]] = {
    "customers": {
        "preferred_name": "Preferred name",
        "full_name": "Full name",
        "pronunciation": "How to say it",
        "birthday": "Birthday",
        "created": "On file since",
        "visits": "Visits",
        "first_visit": "First visit",
        "last_visit": "Last visit",
        "lifetime_spend_cents": "Spent in all",
        "imported_from": "Brought in by",
        "search_rank": None,  # the day of the last visit, as a number for sorting
    },
    "customer_phones": {"display": "Phone number", "e164": "In international form"},
    "customer_emails": {"email": "Email address"},
    "identifiers": {"system": "Kind", "value": "Number"},
    "notes": {
        "text": "Note",
        "kind": "Kind",
        "pinned": "Pinned to the top",
        "created": "Written",
        "author": "Written by",
        "edited": "Changed",
        "edited_by": "Changed by",
        "confirmed": "Confirmed still true",
        "confirmed_by": "Confirmed by",
        "retired": "Taken off the card",
        "retired_by": "Taken off by",
        "imported_from": None,  # read in "Written by": "Square import"
    },
    "note_versions": {
        "text": "Earlier text",
        "kind": "Kind",
        "written": "Written",
        "author": "Written by",
        "replaced": "Replaced",
        "imported_from": None,
    },
    "follow_ups": {
        "kind": "Kind",
        "text": "Follow-up",
        "due": "Due",
        "status": "Status",
        "created": "Added",
        "taken_by": "Taken by",
        "done_at": "Done",
        "done_by": "Done by",
        "edited": "Changed",
        "edited_by": "Changed by",
    },
    "preferences": {"label": "About", "value": "Preference", "updated": "Updated", "author": "By"},
    "occasions": {"label": "Occasion", "date": "Date", "created": "Added", "author": "Added by"},
    "customer_tags": {"tag": "Tag", "tagged_at": "Added", "tagged_by": "Added by"},
    "customer_links": {
        "reads": "Link",
        "label": None,  # read in "Link", from this customer's side
        "other_name": None,
        "created": "Added",
        "author": "Added by",
    },
    "consents": {
        "channel": "Marketing by",
        "granted": "Answer",
        "recorded_at": "When",
        "source": "Where",
    },
    "purchases": {
        "purchased_at": "Date",
        "receipt_id": "Receipt",
        "source": "Recorded from",
        "total_cents": "Total",
        "currency": None,  # written with the total
    },
    "purchase_lines": {
        "item": "Item",
        "sku": "Product code",
        "quantity": "Quantity",
        "amount_cents": "Amount",
        "line_no": None,
    },
    "refunds_waiting": {
        "item": "Item",
        "sku": "Product code",
        "quantity": "Quantity",
        "amount_cents": "Amount",
        "purchased_at": "Given back",
        "receipt_id": "Refund receipt",
        "source": "Recorded from",
        "line_no": None,
    },
    "customer_items": {
        "item": "Item",
        "quantity": "Quantity in all",
        "times": "Times bought",
        "last_bought": "Last bought",
    },
    "greetings": {"seen_at": "Greeted", "staff": "By"},
    "merges": {
        "merged_at": "Merged",
        "merged_id": "Earlier customer number",
        "by": "By",
        "snapshot": "What the earlier record held",
    },
}

# Columns holding a code, and the words for each code; a code not listed reads capitalised.
_NOTE_KINDS: Mapping[object, str] = {
    "general": "General",
    "preference": "Preference",
    "caution": "Caution",
}
CODES: dict[tuple[str, str], Mapping[object, str]] = {
    ("notes", "kind"): _NOTE_KINDS,
    ("note_versions", "kind"): _NOTE_KINDS,
    ("notes", "pinned"): {0: "No", 1: "Yes"},
    ("follow_ups", "kind"): {kind.value: kind.label for kind in FollowUpKind},
    ("follow_ups", "status"): {"open": "Open", "done": "Done"},
    ("consents", "channel"): {"email": "Email", "sms": "Text message (SMS)"},
    ("consents", "granted"): {1: "Agreed", 0: "Declined"},
    ("consents", "source"): {"counter": "At the counter"},
    ("identifiers", "system"): {"card": "Loyalty card"},
    ("purchases", "source"): {"greeter": "This shop's records", "import": "Till import"},
    ("refunds_waiting", "source"): {"import": "Till import"},
}

# A day kept as month, day and year columns (their prefix), read as one (its heading's key).
_DAY_PARTS = {"customers": "birth_", "occasions": ""}
_DAY_KEYS = {"customers": "birthday", "occasions": "date"}

# Columns shown exactly as typed, even when what was typed looks like a date.
_AS_TYPED = frozenset(
    {"text", "value", "label", "item", "sku", "receipt_id", "email", "tag", "display"}
    | {"preferred_name", "full_name", "pronunciation"}
)

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")

# What a row of each table holds, in words: for the record of when the data was looked at
# or changed (and, with a few more, the owner's audit trail: greeter.core.audit).
ROW_NOUNS = {
    "customers": "Details",
    "customer_phones": "Phone number",
    "customer_emails": "Email address",
    "identifiers": "Card or id",
    "notes": "Note",
    "note_versions": "Earlier version of a note",
    "follow_ups": "Follow-up",
    "purchases": "Purchase",
    "purchase_lines": "Item of a purchase",
    "refunds_waiting": "Item given back, not yet matched to its purchase",
    "consents": "Marketing consent",
    "customer_tags": "Tag",
    "customer_links": "Link to another customer",
    "occasions": "Occasion",
    "preferences": "Preference",
    "greetings": "Greeting",
    "merges": "Merge of two records",
}
_VERBS = {"insert": "added", "update": "changed", "delete": "removed"}
_EVENTS = {"view": "Card shown at the counter", "export": "Exported", "erase": "Erased"}


def when_words(text: str) -> str:
    """'2026-11-14T17:20:00' → '14 November 2026 at 17:20'; '2027-03-03' → '3 March 2027'.
    Midnight to the second is a date a till gave without a time: no "at 00:00" is made up.
    Text that is not a date is returned as it is."""
    if not _ISO.fullmatch(text):
        return text
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    day = f"{when.day} {MONTHS[when.month]} {when.year}"
    if len(text) == 10 or when.time() == dt.time(0, 0):
        return day
    return f"{day} at {when:%H:%M}"


def day_words(month: object, day: object, year: object = None) -> str:
    """A birthday or occasion: '3 November', or '14 March 1979' when the year is known."""
    if not isinstance(month, int) or not isinstance(day, int) or not 1 <= month <= 12:
        return ""
    return f"{day} {MONTHS[month]}" + (f" {year}" if isinstance(year, int) else "")


def _heading(table: str, column: str) -> str | None:
    headings = HEADINGS.get(table, {})
    if column in headings:
        return headings[column]
    return column.replace("_", " ").strip().capitalize()


def column_words(table: str, column: str) -> str:
    """How a column (or the staff column beside it) is named to the customer, lower case."""
    if column.endswith("_id") and column[:-3] in HEADINGS.get(table, {}):
        column = column[:-3]
    if (
        table in _DAY_PARTS
        and column.startswith(_DAY_PARTS[table])
        and column.endswith(("month", "day", "year"))
    ):
        column = _DAY_KEYS[table]
    return (_heading(table, column) or column.replace("_", " ")).lower()


@dataclass(frozen=True)
class Wording:
    """Writes rows for people: amounts as the shop writes them (in `currency` when a row
    names none), dates spelled out, codes as words."""

    money: Money
    currency: str

    def value(self, table: str, column: str, value: object, row: Mapping[str, object]) -> str:
        if value is None or value == "":
            return ""
        if column == "source" and str(value).startswith("import:"):  # consent from a till
            return import_author(str(value).removeprefix("import:"))
        codes = CODES.get((table, column))
        if codes is not None:
            return codes.get(value, str(value).replace("_", " ").capitalize())
        if (table, column) == ("merges", "snapshot"):
            return self.snapshot(str(value))
        if column.endswith("_cents") and isinstance(value, int):
            return self.money(value, str(row.get("currency") or self.currency))
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str):
            return value if column in _AS_TYPED else when_words(value)
        return str(value)

    def row(self, table: str, row: Mapping[str, object], hidden: Collection[str]) -> dict[str, str]:
        """The row as its customer reads it: heading → words, empty ones left out. `hidden`
        are the columns holding the shop's own numbers (ids, links between rows)."""
        values = dict(row)
        prefix = _DAY_PARTS.get(table)
        if prefix is not None:
            parts = [values.pop(f"{prefix}{part}", None) for part in ("month", "day", "year")]
            values[_DAY_KEYS[table]] = day_words(*parts)
        if values.get("imported_from") is not None:
            if table == "customers":  # Brought in by: Shopify import
                values["imported_from"] = import_author(str(values["imported_from"]))
            else:
                values["author"] = import_author(str(values["imported_from"]))
        order = list(HEADINGS.get(table, {}))
        columns = sorted(values, key=lambda c: order.index(c) if c in order else len(order))
        words: dict[str, str] = {}
        for column in columns:
            value = values[column]
            heading = _heading(table, column)
            if heading is None or column in hidden or isinstance(value, list | dict):
                continue
            text = self.value(table, column, value, row)
            if text:
                words[heading] = text
        return words

    def snapshot(self, text: str) -> str:
        """What a record merged into this one held (kept as JSON), one line per thing."""
        try:
            held = json.loads(text)
        except ValueError:
            return text
        if not isinstance(held, dict):
            return text

        def line(table: str, row: object) -> str:
            if not isinstance(row, dict):
                row = {"email": row} if table == "customer_emails" else {"value": row}
            hidden = [c for c in row if c == "id" or c.endswith("_id")]
            return "; ".join(f"{h}: {v}" for h, v in self.row(table, row, hidden).items())

        lines = [
            f"{h}: {v}"
            for h, v in self.row("customers", held.get("customer") or {}, ["id"]).items()
        ]
        for key, table in (
            ("phones", "customer_phones"),
            ("emails", "customer_emails"),
            ("identifiers", "identifiers"),
        ):
            lines += [line(table, row) for row in held.get(key) or []]
        for table, found in (held.get("dropped") or {}).items():
            noun = ROW_NOUNS.get(table, table.replace("_", " ")).lower()
            lines += [f"The same {noun}, kept once: {line(table, row)}" for row in found]
        return "\n".join(line for line in lines if line)


def audit_words(action: str, table: str | None, detail: Mapping[str, object]) -> str:
    """One entry of the audit trail in words: 'Follow-up changed: status, done, done by'."""
    if action in _VERBS and table:
        noun = ROW_NOUNS.get(table, table.replace("_", " ").capitalize())
        text = f"{noun} {_VERBS[action]}"
        system = detail.get("system") if table == "identifiers" else None
        if system:
            text += " (loyalty card)" if system == "card" else f" ({system} id)"
        changed = detail.get("changed")
        if isinstance(changed, list):
            named = dict.fromkeys(column_words(table, str(c)) for c in changed)
            text += ": " + ", ".join(named)
        return text
    if action == "export" and detail.get("kind") == "subject_access":
        return "Everything held exported, as in this copy"
    if action == "erase" and detail.get("reapplied"):
        return "Erased again after a backup was restored"
    return _EVENTS.get(action, action.replace("_", " ").capitalize())
