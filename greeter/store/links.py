"""Households and relationships: "Ingrid buys for Felix", shown on both customers' cards."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.links import clean_label, reading
from greeter.core.models import Link
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Conflict, Invalid, NotFound, refuse_card_numbers
from greeter.store.session import acting_as


class Links:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, from_id: int, to_id: int, label: str, author_id: int) -> int:
        """Link two customers: `label` reads from `from_id` to `to_id` ("mother of")."""
        label = clean_label(label)
        if not label:
            raise Invalid("Say how they are linked, e.g. “mother of” or “buys for”.")
        if from_id == to_id:
            raise Invalid("A customer cannot be linked to themselves.")
        refuse_card_numbers(label)
        for customer_id in (from_id, to_id):
            found = self._db.execute("SELECT 1 FROM customers WHERE id = ?", [customer_id])
            if found.fetchone() is None:
                raise NotFound(f"There is no customer with id {customer_id}.")
        try:
            with write(self._db), acting_as(self._db, author_id):
                cursor = self._db.execute(
                    "INSERT INTO customer_links (from_id, to_id, label, created, author_id)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [from_id, to_id, label, rows.stamp(rows.now()), author_id],
                )
        except sqlite3.IntegrityError:
            raise Conflict(f"Customer {from_id} is already “{label}” customer {to_id}.") from None
        return int(cursor.lastrowid or 0)

    def remove(self, link_id: int, staff_id: int) -> None:
        with write(self._db), acting_as(self._db, staff_id):
            cursor = self._db.execute("DELETE FROM customer_links WHERE id = ?", [link_id])
            if cursor.rowcount == 0:
                raise NotFound(f"There is no link with id {link_id}.")

    def for_customer(self, customer_id: int) -> tuple[Link, ...]:
        """Both directions: the links typed for this customer, then those pointing at them."""
        found = self._db.execute(
            """SELECT l.id, l.label, 1, l.to_id, c.preferred_name FROM customer_links l
                JOIN customers c ON c.id = l.to_id WHERE l.from_id = :c
            UNION ALL
            SELECT l.id, l.label, 0, l.from_id, c.preferred_name FROM customer_links l
                JOIN customers c ON c.id = l.from_id WHERE l.to_id = :c
            ORDER BY 3 DESC, 1""",
            {"c": customer_id},
        ).fetchall()
        return tuple(_link(r) for r in found)


def _link(r: Sequence[Any]) -> Link:
    before, after = reading(str(r[1]), bool(r[2]))
    return Link(
        id=int(r[0]),
        label=str(r[1]),
        outgoing=bool(r[2]),
        other_id=int(r[3]),
        other_name=str(r[4]),
        wording=before,
        after=after,
    )
