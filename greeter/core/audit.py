"""The audit trail's vocabulary: what can happen, one entry, and the no-free-text rule."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class AuditEvent(StrEnum):
    # Written by the database's own triggers, one per changed row.
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    # Written by the code that does them.
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    ERASE = "erase"
    BACKUP = "backup"
    RESTORE = "restore"
    ON_DUTY = "on_duty"
    PIN_SET = "pin_set"
    PIN_WRONG = "pin_wrong"
    LOCKED_OUT = "locked_out"
    BULK = "bulk"


# The detail key naming a second customer a row is about (the other side of a link): the
# trail files the row under one customer, and finds it for both.
OTHER_CUSTOMER = "other_customer"

Detail = Mapping[str, "int | float | bool | str | None | list[str] | list[int]"]

# Audit details are numbers, flags and short codes (table, column and setting names, file
# kinds, counts). No spaces, so a note, a name or an address can never be written into one.
_CODE = re.compile(r"[A-Za-z0-9_.:/@+\-]{0,120}")


def detail_problem(detail: Detail) -> str | None:
    """Why this detail may not go into the audit trail, or None if it may."""
    for key, value in detail.items():
        if not _CODE.fullmatch(key):
            return f"audit detail key {key!r} is not a short code"
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and not _CODE.fullmatch(item):
                return (
                    f"audit detail {key} must be a short code without spaces (numbers, names "
                    "of tables or settings), never free text"
                )
            if item is not None and not isinstance(item, str | int | float | bool):
                return f"audit detail {key} must be a number, flag or short code"
    return None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    staff_id: int | None
    staff_name: str  # "" when nobody was on duty (single-user start-up, migrations)
    action: str
    table_name: str | None
    row_id: int | None
    customer_id: int | None
    detail: dict[str, object]

    def customers(self) -> str:
        """Who the row is about, for people: '3', or '3 ↔ 5' for a link between two."""
        both = (self.customer_id, self.detail.get(OTHER_CUSTOMER))
        return " ↔ ".join(str(c) for c in both if c is not None)

    def details(self) -> str:
        """The detail for people, the other customer left to `customers`: 'key=region'."""
        return " ".join(f"{k}={_short(v)}" for k, v in self.detail.items() if k != OTHER_CUSTOMER)

    def describe(self) -> str:
        """One line for people: 'insert notes #12 (customer 3)'."""
        parts = [self.action]
        if self.table_name:
            parts.append(self.table_name + (f" #{self.row_id}" if self.row_id is not None else ""))
        if self.customer_id is not None:
            many = OTHER_CUSTOMER in self.detail
            parts.append(f"({'customers' if many else 'customer'} {self.customers()})")
        if details := self.details():
            parts.append(details)
        return " ".join(parts)


def _short(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)
