"""Merging two records of one customer: everything moves to the survivor, nothing is lost.

All in one transaction: every child row moves (purchases, notes with their versions,
follow-ups, identifiers, phones, emails, preferences, tags, occasions, links, consents,
greetings, and rows of any table added later that refers to customers); the survivor's
blank details are filled from the other record; visit figures, usual items, search rank and
the name index are recomputed from scratch; and a `merges` row keeps a JSON snapshot of the
merged customer's own fields and of anything that could not move (a duplicate phone, a link
between the two). What a merged record held goes when its survivor is erased; words in it
that name someone else who is erased are found by `Merges.naming`, and `forget_held` wipes
them from the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from greeter.core.text import mention_in
from greeter.store import rows
from greeter.store.customer_numbers import missing_customer
from greeter.store.customers import Customers
from greeter.store.database import DiskFull, write
from greeter.store.erasure import WIPE_BLOCKED, needs_space, scrub
from greeter.store.errors import Invalid, NotFound
from greeter.store.notes import names_to_find
from greeter.store.purchases import Purchases
from greeter.store.search import NameIndex
from greeter.store.session import acting_as

# Moved by an UPDATE of customer_id, row for row.
_MOVED = (
    "purchases",
    "notes",
    "follow_ups",
    "identifiers",
    "preferences",
    "occasions",
    "consents",
    "greetings",
)
# Rebuilt for the survivor rather than moved.
_DERIVED = ("customer_items", "name_terms", "name_prefixes")
# Handled one by one below.
_SPECIAL = ("customer_phones", "customer_emails", "customer_tags", "customer_links", "merges")


@dataclass(frozen=True)
class MergeResult:
    merge_id: int
    kept_id: int
    merged_id: int
    moved: dict[str, int]  # table → rows now belonging to the survivor
    filled: tuple[str, ...]  # the survivor's blank details taken from the merged record
    dropped: dict[str, int] = field(default_factory=dict)  # duplicates kept in the snapshot


@dataclass(frozen=True)
class MergeRecord:
    id: int
    kept_id: int
    merged_id: int
    merged_at: dt.datetime
    by: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class HeldMention:
    """A record merged into another customer whose kept copy names a customer (see
    `Merges.naming`)."""

    merged_id: int  # the number the merged record had
    customer_id: int  # whom it was merged into
    merged_at: dt.datetime
    excerpt: str  # the words around the name, in each piece of it that names them


@dataclass(frozen=True)
class HeldForgotten:
    """What `Merges.forget_held` did."""

    kept_id: int  # whom the record was merged into
    changed: bool  # False: it held nothing any more
    unwiped: str = ""  # why old pages may still hold it, and what to do; "": wiped


def _texts(held: object) -> Iterator[str]:
    """Every piece of text a merge record's snapshot keeps (names, contact details, …)."""
    if isinstance(held, str):
        yield held
    elif isinstance(held, dict):
        for value in held.values():
            yield from _texts(value)
    elif isinstance(held, list):
        for value in held:
            yield from _texts(value)


def _dicts(db: Database, sql: str, params: list[Any] | dict[str, Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _customer_references(db: Database) -> list[tuple[str, str]]:
    """(table, column) of every column that refers to customers(id)."""
    found = []
    for (table,) in list(db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")):
        for fk in db.execute(f"PRAGMA foreign_key_list({json.dumps(table)})"):
            if fk[2] == "customers":
                found.append((str(table), str(fk[3])))
    return found


class Merges:
    def __init__(
        self, db: Database, names: NameIndex, customers: Customers, purchases: Purchases
    ) -> None:
        self._db = db
        self._names = names
        self._customers = customers
        self._purchases = purchases

    def merge(
        self, keep_id: int, other_id: int, by_id: int, when: dt.datetime | None = None
    ) -> MergeResult:
        """Fold `other_id` into `keep_id`, which survives with every row of both."""
        if keep_id == other_id:
            raise Invalid("A customer cannot be merged into themselves: give two different ids.")
        for customer_id in (keep_id, other_id):
            if not self._customers.exists(customer_id):
                raise missing_customer(self._db, customer_id)
        db = self._db
        moved: dict[str, int] = {}
        dropped: dict[str, list[dict[str, Any]]] = {}
        with write(db), acting_as(db, by_id):
            other = self._customers.get(other_id)
            snapshot: dict[str, Any] = {
                "customer": _dicts(db, "SELECT * FROM customers WHERE id = ?", [other_id])[0],
                "phones": _dicts(
                    db,
                    "SELECT e164, display FROM customer_phones WHERE customer_id = ?",
                    [other_id],
                ),
                "emails": [e for e in self._customers.emails(other_id)],
                "identifiers": _dicts(
                    db, "SELECT system, value FROM identifiers WHERE customer_id = ?", [other_id]
                ),
            }
            before = self._customers.get(keep_id)
            # Known to a till before (imported) if either was: never New after the merge.
            self._customers.fill_blanks(
                keep_id, other.full_name, other.pronunciation, other.birthday, other.imported_from
            )
            after = self._customers.get(keep_id)
            filled = tuple(
                name
                for name, was, now in (
                    ("full name", before.full_name, after.full_name),
                    ("pronunciation", before.pronunciation, after.pronunciation),
                    ("birthday", before.birthday, after.birthday),
                )
                if was != now
            )

            for table in _MOVED:
                moved[table] = self._move(table, "customer_id", keep_id, other_id)
            self._dedupe(
                dropped,
                "customer_phones",
                "e164 IN (SELECT e164 FROM customer_phones WHERE customer_id = :keep)",
                other_id,
                keep_id,
            )
            moved["customer_phones"] = self._move(
                "customer_phones", "customer_id", keep_id, other_id
            )
            self._dedupe(
                dropped,
                "customer_emails",
                "email IN (SELECT email FROM customer_emails WHERE customer_id = :keep)",
                other_id,
                keep_id,
            )
            moved["customer_emails"] = self._move(
                "customer_emails", "customer_id", keep_id, other_id
            )
            moved["customer_tags"] = db.execute(
                """INSERT OR IGNORE INTO customer_tags (customer_id, tag, tagged_by_id, tagged_at)
                SELECT ?, tag, tagged_by_id, tagged_at FROM customer_tags WHERE customer_id = ?""",
                [keep_id, other_id],
            ).rowcount
            db.execute("DELETE FROM customer_tags WHERE customer_id = ?", [other_id])
            moved["customer_links"] = self._move_links(dropped, keep_id, other_id)
            moved["merges"] = self._move("merges", "kept_id", keep_id, other_id)
            for table, column in _customer_references(db):
                if table in (*_MOVED, *_DERIVED, *_SPECIAL):
                    continue
                moved[table] = self._move(table, column, keep_id, other_id, ignore=True)
                self._dedupe(dropped, table, "1", other_id, keep_id, column=column)

            self._names.forget(other_id)
            db.execute("DELETE FROM customer_items WHERE customer_id = ?", [other_id])
            db.execute("DELETE FROM customers WHERE id = ?", [other_id])
            self._purchases.recompute(keep_id)
            rank = db.execute("SELECT search_rank FROM customers WHERE id = ?", [keep_id])
            self._names.index_customer(
                keep_id, [after.preferred_name, after.full_name], int(rank.fetchone()[0])
            )
            snapshot["dropped"] = dropped
            cursor = db.execute(
                "INSERT INTO merges (kept_id, merged_id, merged_at, by_id, snapshot)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    keep_id,
                    other_id,
                    rows.stamp(when or rows.now()),
                    by_id,
                    json.dumps(snapshot, ensure_ascii=False, default=str),
                ],
            )
        return MergeResult(
            merge_id=int(cursor.lastrowid or 0),
            kept_id=keep_id,
            merged_id=other_id,
            moved={k: v for k, v in moved.items() if v},
            filled=filled,
            dropped={k: len(v) for k, v in dropped.items() if v},
        )

    def _move(
        self, table: str, column: str, keep_id: int, other_id: int, *, ignore: bool = False
    ) -> int:
        verb = "UPDATE OR IGNORE" if ignore else "UPDATE"
        return int(
            self._db.execute(
                f'{verb} "{table}" SET "{column}" = ? WHERE "{column}" = ?', [keep_id, other_id]
            ).rowcount
        )

    def _dedupe(
        self,
        dropped: dict[str, list[dict[str, Any]]],
        table: str,
        duplicate: str,
        other_id: int,
        keep_id: int,
        *,
        column: str = "customer_id",
    ) -> None:
        """Remove the merged customer's rows that the survivor already has (`duplicate`
        is the SQL condition), keeping a copy of each in the snapshot."""
        where = f'"{column}" = :other AND ({duplicate})'
        params = {"other": other_id, "keep": keep_id}
        found = _dicts(self._db, f'SELECT * FROM "{table}" WHERE {where}', params)
        if found:
            dropped.setdefault(table, []).extend(found)
            self._db.execute(f'DELETE FROM "{table}" WHERE {where}', params)

    def _move_links(
        self, dropped: dict[str, list[dict[str, Any]]], keep_id: int, other_id: int
    ) -> int:
        # A link between the two would link the survivor to itself: keep it in the snapshot.
        self._dedupe(
            dropped,
            "customer_links",
            "to_id = :keep",
            other_id,
            keep_id,
            column="from_id",
        )
        self._dedupe(
            dropped,
            "customer_links",
            "from_id = :keep",
            other_id,
            keep_id,
            column="to_id",
        )
        count = self._move("customer_links", "from_id", keep_id, other_id, ignore=True)
        count += self._move("customer_links", "to_id", keep_id, other_id, ignore=True)
        self._dedupe(dropped, "customer_links", "1", other_id, keep_id, column="from_id")
        self._dedupe(dropped, "customer_links", "1", other_id, keep_id, column="to_id")
        return count

    def history(self, customer_id: int) -> list[MergeRecord]:
        """The records merged into this customer, oldest first."""
        return [
            MergeRecord(
                id=int(r[0]),
                kept_id=int(r[1]),
                merged_id=int(r[2]),
                merged_at=rows.when(r[3]) or rows.now(),
                by=str(r[4]),
                snapshot=json.loads(r[5]),
            )
            for r in self._db.execute(
                """SELECT m.id, m.kept_id, m.merged_id, m.merged_at, s.name, m.snapshot
                FROM merges m JOIN staff s ON s.id = m.by_id WHERE m.kept_id = ? ORDER BY m.id""",
                [customer_id],
            )
        ]

    def naming(self, customer_id: int) -> list[HeldMention]:
        """Records merged into other customers whose kept copy names this one, searched as
        `Notes.naming` searches notes; by survivor, then number. Erasing the customer leaves
        these as they are (a namesake's record looks the same): the owner reads each and
        forgets what it held with `forget_held`. Records merged into the customer go with
        them."""
        names = names_to_find(self._db, customer_id)
        found = []
        for merged_id, kept_id, at, snapshot in self._db.execute(
            "SELECT merged_id, kept_id, merged_at, snapshot FROM merges WHERE kept_id != ?"
            " ORDER BY kept_id, merged_id",
            [customer_id],
        ):
            # Each piece that names them, whole ("Aoife · Aoife Ní Bhriain"): enough to tell
            # her own record from a namesake's.
            texts = _texts(json.loads(snapshot))
            said = dict.fromkeys(e for t in texts if (e := mention_in(t, names)) is not None)
            if said:
                when = rows.when(str(at)) or rows.now()
                found.append(HeldMention(int(merged_id), int(kept_id), when, " · ".join(said)))
        return found

    def forget_held(self, merged_id: int, by_id: int) -> HeldForgotten:
        """Forget what the record of customer `merged_id` held when it was merged (its own
        names and details, the duplicates kept once), wiped from the file as an erasure
        wipes it: for words about someone erased (see `naming`). That it was merged, into
        whom, when and by whom stays on record. NotFound when no record of that number was
        merged into anyone."""
        db = self._db
        with write(db), acting_as(db, by_id):
            kept = db.execute(
                "SELECT kept_id FROM merges WHERE merged_id = ?", [merged_id]
            ).fetchone()
            if kept is None:
                raise NotFound(
                    f"No record numbered {merged_id} was merged into another customer, so "
                    "there is nothing it held to forget: check the number."
                )
            changed = db.execute(
                "UPDATE merges SET snapshot = '{}' WHERE merged_id = ? AND snapshot != '{}'",
                [merged_id],
            ).rowcount
        if not changed:
            return HeldForgotten(int(kept[0]), False)
        try:  # forgotten and saved: only the wipe can be left to finish
            unwiped = "" if scrub(db) else WIPE_BLOCKED
        except DiskFull:
            unwiped = needs_space(db)
        return HeldForgotten(int(kept[0]), True, unwiped)
