"""Notes staff keep about a customer: facts the customer could read without offence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.guard import card_number_message, find_card_number
from greeter.core.models import Note, NoteKind
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Invalid

_SELECT = """SELECT n.id, n.customer_id, n.text, s.name, n.created, n.kind, n.pinned, n.edited
    FROM notes n JOIN staff s ON s.id = n.author_id"""


def _note(r: Sequence[Any]) -> Note:
    return Note(
        id=int(r[0]),
        customer_id=int(r[1]),
        text=str(r[2]),
        author=str(r[3]),
        created=rows.when(str(r[4])) or rows.now(),
        kind=NoteKind(str(r[5])),
        pinned=bool(r[6]),
        edited=rows.when(r[7]) if isinstance(r[7], str) else None,
    )


class Notes:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        customer_id: int,
        text: str,
        author_id: int,
        *,
        kind: NoteKind = NoteKind.GENERAL,
        pinned: bool = False,
        created: dt.datetime | None = None,
    ) -> int:
        text = clean_text(text)
        if not text:
            raise Invalid("The note is empty: type what your colleagues should know.")
        masked = find_card_number(text)
        if masked:
            raise Invalid(card_number_message(masked))
        with write(self._db):
            cursor = self._db.execute(
                "INSERT INTO notes (customer_id, text, kind, pinned, author_id, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    customer_id,
                    text,
                    kind.value,
                    int(pinned),
                    author_id,
                    rows.stamp(created or rows.now()),
                ],
            )
        return int(cursor.lastrowid or 0)

    def for_card(self, customer_id: int, latest: int = 6) -> tuple[Note, ...]:
        """Cautions and pinned notes first, then the latest others."""
        return tuple(
            _note(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE n.customer_id = ? AND n.retired IS NULL
                ORDER BY n.kind = 'caution' DESC, n.pinned DESC, n.created DESC, n.id DESC
                LIMIT ?""",
                [customer_id, latest],
            )
        )
