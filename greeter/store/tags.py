"""Short labels on a customer (e.g. "wholesale", "VIP"), as tills and web shops keep them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlite_utils import Database

from greeter.core.models import Tag
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Invalid, refuse_card_numbers
from greeter.store.session import acting_as


class Tags:
    def __init__(self, db: Database) -> None:
        self._db = db

    def of(self, customer_id: int) -> tuple[str, ...]:
        return tuple(
            r[0]
            for r in self._db.execute(
                "SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag", [customer_id]
            )
        )

    def add(self, customer_id: int, tags: Iterable[str]) -> int:
        """Add the tags the customer has not got yet (case-insensitively); how many were new."""
        return self.add_all([(customer_id, tags)])

    def add_all(self, tagged: Iterable[tuple[int, Iterable[str]]]) -> int:
        """`add` for many customers at once, set-wise: how many tags were new."""
        rows = [(c, t) for c, tags in tagged for t in (clean_text(t) for t in tags) if t]
        if not rows:
            return 0
        refuse_card_numbers(*(t for _, t in rows))
        with write(self._db):
            before = self._db.conn.total_changes
            self._db.conn.executemany(
                "INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)", rows
            )
            return int(self._db.conn.total_changes - before)

    # -- tags staff add by hand, each with who and when (the card says why it applies) --

    def tag(
        self, customer_id: int, name: str, staff_id: int, when: dt.datetime | None = None
    ) -> bool:
        """Tag the customer; False when they already had the tag (any case)."""
        name = clean_text(name)
        if not name:
            raise Invalid("A tag needs a word or two, e.g. “wholesale”.")
        refuse_card_numbers(name)
        with write(self._db), acting_as(self._db, staff_id):
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO customer_tags (customer_id, tag, tagged_by_id, tagged_at)"
                " VALUES (?, ?, ?, ?)",
                [customer_id, name, staff_id, rows.stamp(when or rows.now())],
            )
        return cursor.rowcount > 0

    def untag(self, customer_id: int, name: str, staff_id: int) -> bool:
        """Remove the tag (any case); False when the customer did not have it."""
        with write(self._db), acting_as(self._db, staff_id):
            cursor = self._db.execute(
                "DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?",
                [customer_id, clean_text(name)],
            )
        return cursor.rowcount > 0

    def for_customer(self, customer_id: int) -> tuple[Tag, ...]:
        """The customer's tags with who added them and when (imported ones: neither)."""
        return tuple(
            Tag(customer_id, str(r[0]), str(r[1]), rows.when(r[2]))
            for r in self._db.execute(
                """SELECT t.tag, coalesce(s.name, ''), t.tagged_at FROM customer_tags t
                LEFT JOIN staff s ON s.id = t.tagged_by_id
                WHERE t.customer_id = ? ORDER BY t.tag""",
                [customer_id],
            )
        )
