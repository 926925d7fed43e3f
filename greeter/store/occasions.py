"""Dates worth remembering besides the birthday: an anniversary, the first visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlite_utils import Database

from greeter.core.models import Occasion
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Invalid, NotFound, refuse_card_numbers
from greeter.store.session import acting_as

_COLUMNS = "id, customer_id, label, month, day, year"


def _occasion(r: Sequence[object]) -> Occasion:
    year = r[5]
    return Occasion(
        int(str(r[0])),
        int(str(r[1])),
        str(r[2]),
        int(str(r[3])),
        int(str(r[4])),
        int(str(year)) if year is not None else None,
    )


class Occasions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        customer_id: int,
        label: str,
        month: int,
        day: int,
        year: int | None = None,
        author_id: int | None = None,
    ) -> int:
        label = clean_text(label)
        if not label:
            raise Invalid("Name the occasion, e.g. “Wedding anniversary”.")
        refuse_card_numbers(label)
        try:
            Occasion(0, customer_id, label, month, day, year)
        except ValueError:
            raise Invalid(f"{month:02d}-{day:02d} is not a date.") from None
        with write(self._db), acting_as(self._db, author_id):
            cursor = self._db.execute(
                "INSERT INTO occasions (customer_id, label, month, day, year, created, author_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [customer_id, label, month, day, year, rows.stamp(rows.now()), author_id],
            )
        return int(cursor.lastrowid or 0)

    def remove(self, occasion_id: int, staff_id: int) -> None:
        with write(self._db), acting_as(self._db, staff_id):
            cursor = self._db.execute("DELETE FROM occasions WHERE id = ?", [occasion_id])
            if cursor.rowcount == 0:
                raise NotFound(f"There is no occasion with id {occasion_id}.")

    def for_customer(self, customer_id: int, today: dt.date | None = None) -> tuple[Occasion, ...]:
        """The customer's occasions, soonest first from `today` (calendar order without)."""
        found = [
            _occasion(r)
            for r in self._db.execute(
                f"SELECT {_COLUMNS} FROM occasions WHERE customer_id = ? ORDER BY month, day, id",
                [customer_id],
            )
        ]
        if today is not None:
            found.sort(key=lambda o: o.next_after(today))
        return tuple(found)
