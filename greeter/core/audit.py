"""The audit trail's vocabulary: what can happen, one entry, the no-free-text rule, and each
entry in words for the owner reading the trail in the window (`greeter audit` keeps codes)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from greeter.core.subject_words import ROW_NOUNS, column_words
from greeter.core.text import counted


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

    @property
    def label(self) -> str:
        """What the window's filter calls this kind of entry."""
        return _EVENT_LABELS[self]


_EVENT_LABELS: dict[str, str] = {
    AuditEvent.INSERT: "Something added",
    AuditEvent.UPDATE: "Something changed",
    AuditEvent.DELETE: "Something removed",
    AuditEvent.VIEW: "Card shown",
    AuditEvent.EXPORT: "Export",
    AuditEvent.IMPORT: "Import",
    AuditEvent.ERASE: "Erasure",
    AuditEvent.BACKUP: "Backup",
    AuditEvent.RESTORE: "Restore",
    AuditEvent.ON_DUTY: "Going on duty",
    AuditEvent.PIN_SET: "PIN set",
    AuditEvent.PIN_WRONG: "Wrong PIN",
    AuditEvent.LOCKED_OUT: "Locked out",
    AuditEvent.BULK: "Many changes at once",
}


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


# -- the trail in words, for the owner in the window ---------------------------------------

# What a row of each table is, to the owner; a table not listed reads by its own name.
_THINGS = {
    **ROW_NOUNS,
    "customers": "Customer",
    "customer_links": "Link",
    "staff": "Staff member",
    "settings": "Setting",
    "imports": "Record of an imported file",
    "import_mappings": "Saved import columns",
    "shop_key": "The shop's erasure key",
}
_DONE = {"insert": "added", "update": "changed", "delete": "removed"}

# An import's counts, in the order said: (detail key, what is counted, words after the count).
_IMPORTED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sales": (
        ("new", "new receipt", ""),
        ("updated", "receipt", " updated"),
        ("unchanged", "receipt", " already there"),
        ("lines", "item", ""),
        ("bad", "bad row", ""),
        ("duplicates", "repeated row", ""),
        ("refunds", "refund", " left out"),
        ("returned", "returned item", ""),
        ("partly_refunded", "partly refunded receipt", ""),
        ("cancelled", "cancelled receipt", " left out"),
        ("not_paid_yet", "unpaid receipt", " left out"),
        ("charge_lines", "discount or charge line", ""),
        ("withdrawn", "earlier receipt", " taken out"),
        ("totals_reduced", "total", " reduced"),
        ("returned_later", "item", " returned later, taken off what was bought"),
        ("given_back_whole", "receipt", " given back whole, taken out"),
        ("returned_waiting", "returned item", " not matched to a sale yet"),
    ),
    "customers": (
        ("new", "new customer", ""),
        ("updated", "customer", " updated"),
        ("unchanged", "customer", " unchanged"),
        ("bad", "bad row", ""),
        ("duplicates", "repeated row", ""),
        ("phones_set_aside", "phone", " set aside"),
        ("erased_left_out", "erased customer", " left out"),
        ("placeholders_left_out", "walk-in placeholder", " left out"),
    ),
}
_KINDS = {"sales": "Sales", "customers": "Customer", "subject_access": "Privacy request"}


def entry_words(entry: AuditEntry, staff_names: Mapping[int, str] | None = None) -> str:
    """What happened, in words: 'Follow-up added for customer #12', 'Sales import: 120 new
    receipts, 2 bad rows', 'PIN set for Marcus' (`staff_names`: staff ids to names)."""
    detail, cid = entry.detail, entry.customer_id
    customer = f"customer #{cid}" if cid is not None else ""
    # Who a row of the staff table, or a PIN, is about: 'Marcus', or '#3' if no longer known.
    who = ""
    if entry.table_name == "staff" and entry.row_id is not None:
        who = (staff_names or {}).get(entry.row_id) or f"#{entry.row_id}"
    member = f"staff member {who}" if who.startswith("#") else who or "a staff member"
    said = {OTHER_CUSTOMER}  # detail keys said in the sentence, not again after it
    action = entry.action
    if action in _DONE and entry.table_name:
        text = _row_words(entry, who)
        said |= {"changed", "system", "key"}
    elif action == AuditEvent.VIEW:
        text = f"Card shown for {customer}" if customer else "Card shown"
    elif action == AuditEvent.IMPORT:
        text, said = _import_words(detail), set(detail)
    elif action == AuditEvent.EXPORT:
        kind = str(detail.get("kind", ""))
        if kind == "subject_access":
            text = f"Everything held about {customer or 'a customer'} exported for them"
        else:
            text = f"{_KINDS.get(kind, kind.replace('_', ' ').capitalize())} export".strip()
            text += _counts(detail, (("rows", "row", ""),))
        said |= {"kind", "rows"}
    elif action == AuditEvent.ERASE:
        who = (customer or "a customer").capitalize()
        if detail.get("reapplied"):
            text = f"{who} erased again, after a backup that still held them was restored"
        else:
            text = f"{who} erased" + _counts(
                detail,
                (
                    ("rows", "record", " removed"),
                    ("purchases_detached", "purchase", " kept without them"),
                ),
            )
        said |= {"reapplied", "rows", "purchases_detached"}
    elif action == AuditEvent.RESTORE:
        text = "Backup restored" + _counts(detail, (("erased_again", "customer", " erased again"),))
        said |= {"erased_again", "kept", "staff_kept"}
    elif action == AuditEvent.BACKUP:
        text = "Backup made"
    elif action == AuditEvent.ON_DUTY:
        text = "Went on duty"
    elif action == AuditEvent.PIN_SET:
        text = f"PIN set for {member}"
    elif action == AuditEvent.PIN_WRONG:
        text = f"Wrong PIN typed for {member}"
    elif action == AuditEvent.LOCKED_OUT:
        text = f"{member[0].upper()}{member[1:]} locked out after too many wrong PINs"
    else:
        text = _EVENT_LABELS.get(action, action.replace("_", " ").capitalize())
        if customer and action != AuditEvent.BULK:
            text += f" for {customer}"
    rest = [f"{k.replace('_', ' ')} {_short(v)}" for k, v in detail.items() if k not in said]
    return "; ".join([text, *rest])


def _row_words(entry: AuditEntry, who: str) -> str:
    """A row added, changed or removed: 'Follow-up changed for customer #43: status, done';
    `who`: the staff member a row of the staff table is ('Marcus', '#3')."""
    table, detail, cid = str(entry.table_name), entry.detail, entry.customer_id
    done = _DONE[entry.action]
    thing = _THINGS.get(table, table.replace("_", " ").capitalize())
    if table == "identifiers" and detail.get("system"):
        system = str(detail["system"])
        thing = "Loyalty card" if system == "card" else f"{system.capitalize()} id"
    other = detail.get(OTHER_CUSTOMER)
    if table == "customers" and cid is not None:
        text = f"Customer #{cid} {done}"
    elif table == "staff":
        text = " ".join(part for part in ("Staff member", who, done) if part)
    elif cid is not None and isinstance(other, int):
        text = f"{thing} {done} between customers #{min(cid, other)} and #{max(cid, other)}"
    elif cid is not None:
        text = f"{thing} {done} for customer #{cid}"
    else:
        text = f"{thing} {done}"
    changed = detail.get("changed")
    if table == "settings" and detail.get("key"):
        text += f": {str(detail['key']).replace('_', ' ')}"
    elif isinstance(changed, list) and changed:
        text += ": " + ", ".join(dict.fromkeys(column_words(table, str(c)) for c in changed))
    return text


def _import_words(detail: Mapping[str, object]) -> str:
    """'Sales import: 120 new receipts, 98 items, 2 bad rows'; only the counts above zero."""
    kind = str(detail.get("kind", ""))
    counts = _IMPORTED.get(kind, ())
    known = {key for key, _, _ in counts} | {"kind"}
    extra = tuple((key, "", "") for key in detail if key not in known)
    words = _counts(detail, counts + extra)
    name = _KINDS.get(kind, kind.replace("_", " ").capitalize())
    return f"{name} import".strip().capitalize() + (words or ": nothing new")


def _counts(detail: Mapping[str, object], counts: tuple[tuple[str, str, str], ...]) -> str:
    """': 3 new receipts, 2 bad rows', the counts in `detail` above zero; '' if none is."""
    said = []
    for key, word, after in counts:
        n = detail.get(key)
        if isinstance(n, bool) or not isinstance(n, int) or n == 0:
            continue
        said.append(f"{counted(n, word)}{after}" if word else f"{key.replace('_', ' ')} {n:,}")
    return ": " + ", ".join(said) if said else ""
