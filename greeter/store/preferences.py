"""Preferences: structured facts about a customer (shoe size 11, avoids Brand X), as chips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.models import Preference
from greeter.core.preferences import clean_label, label_taken, same_label
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Conflict, Invalid, NotFound, refuse_card_numbers
from greeter.store.session import acting_as

_SELECT = """SELECT p.id, p.customer_id, p.label, p.value, p.updated, s.name
    FROM preferences p JOIN staff s ON s.id = p.author_id"""


def _preference(r: Sequence[Any]) -> Preference:
    return Preference(
        id=int(r[0]),
        customer_id=int(r[1]),
        label=str(r[2]),
        value=str(r[3]),
        updated=rows.when(str(r[4])) or rows.now(),
        author=str(r[5]),
    )


def _checked(label: str, value: str) -> tuple[str, str]:
    label, value = clean_label(label), clean_text(value)
    if not label or not value:
        raise Invalid("A preference needs a label and a value, e.g. “Shoe size” and “11”.")
    refuse_card_numbers(label, value)
    return label, value


class Preferences:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        customer_id: int,
        label: str,
        value: str,
        author_id: int,
        when: dt.datetime | None = None,
    ) -> int:
        """Record a preference; one with the same label (any case) is updated instead, its
        label kept as stored, so the audit trail shows its value changed. Returns its id."""
        label, value = _checked(label, value)
        stamp = rows.stamp(when or rows.now())
        with write(self._db), acting_as(self._db, author_id):
            same = same_label(self.for_customer(customer_id), label)
            if same:
                self._db.execute(
                    "UPDATE preferences SET value = ?, updated = ?, author_id = ? WHERE id = ?",
                    [value, stamp, author_id, same.id],
                )
                return same.id
            cursor = self._db.execute(
                "INSERT INTO preferences (customer_id, label, value, updated, author_id)"
                " VALUES (?, ?, ?, ?, ?)",
                [customer_id, label, value, stamp, author_id],
            )
        return int(cursor.lastrowid or 0)

    def update(
        self,
        preference_id: int,
        author_id: int,
        *,
        label: str | None = None,
        value: str | None = None,
        when: dt.datetime | None = None,
    ) -> None:
        """Change a preference's label or value; a label that differs only in case keeps the
        stored one ("THÉO likes" is still "Théo likes")."""
        old = self.get(preference_id)
        label, value = _checked(label or old.label, value or old.value)
        if label.casefold() == old.label.casefold():
            label = old.label
        with write(self._db), acting_as(self._db, author_id):
            other = same_label(self.for_customer(old.customer_id), label, besides=preference_id)
            if other:  # one value per label: renaming onto another would make two
                raise Conflict(label_taken(other))
            self._db.execute(
                "UPDATE preferences SET label = ?, value = ?, updated = ?, author_id = ?"
                " WHERE id = ?",
                [label, value, rows.stamp(when or rows.now()), author_id, preference_id],
            )

    def remove(self, preference_id: int, staff_id: int) -> None:
        with write(self._db), acting_as(self._db, staff_id):
            cursor = self._db.execute("DELETE FROM preferences WHERE id = ?", [preference_id])
            if cursor.rowcount == 0:
                raise NotFound(f"There is no preference with id {preference_id}.")

    def get(self, preference_id: int) -> Preference:
        r = self._db.execute(f"{_SELECT} WHERE p.id = ?", [preference_id]).fetchone()
        if r is None:
            raise NotFound(f"There is no preference with id {preference_id}.")
        return _preference(r)

    def for_customer(self, customer_id: int) -> tuple[Preference, ...]:
        """In label order, so the chips stay put between visits."""
        return tuple(
            _preference(r)
            for r in self._db.execute(
                f"{_SELECT} WHERE p.customer_id = ? ORDER BY p.label COLLATE NOCASE, p.id",
                [customer_id],
            )
        )
