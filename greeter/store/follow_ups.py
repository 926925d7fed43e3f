"""Follow-ups: what the shop promised a customer, until someone marks it done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.follow_ups import due_problem
from greeter.core.models import FollowUp, FollowUpKind
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Invalid, NotFound, refuse_card_numbers
from greeter.store.session import acting_as

_SELECT = """SELECT f.id, f.customer_id, f.kind, f.text, f.due, f.status, t.name, f.created,
        f.done_at, coalesce(d.name, '')
    FROM follow_ups f JOIN staff t ON t.id = f.taken_by_id
    LEFT JOIN staff d ON d.id = f.done_by_id"""


def _follow_up(r: Sequence[Any]) -> FollowUp:
    return FollowUp(
        id=int(r[0]),
        customer_id=int(r[1]),
        kind=FollowUpKind(str(r[2])),
        text=str(r[3]),
        due=rows.day(r[4]) if isinstance(r[4], str) else None,
        status=str(r[5]),
        taken_by=str(r[6]),
        created=rows.when(str(r[7])) or rows.now(),
        done_at=rows.when(r[8]) if isinstance(r[8], str) else None,
        done_by=str(r[9]),
    )


def _check_due(due: dt.date | None, today: dt.date | None) -> None:
    problem = None if due is None else due_problem(due, today or rows.now().date())
    if problem:
        raise Invalid(problem)


class FollowUps:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        customer_id: int,
        kind: FollowUpKind,
        text: str,
        taken_by_id: int,
        due: dt.date | None = None,
        created: dt.datetime | None = None,
        *,
        today: dt.date | None = None,
    ) -> int:
        """A new open follow-up; Invalid when the text is empty or holds a card number, or
        the due date is not one a promise can have (see greeter.core.follow_ups)."""
        text = clean_text(text)
        if not text:
            raise Invalid("Say what was promised, e.g. “Call when the blue kettle arrives”.")
        refuse_card_numbers(text)
        _check_due(due, today)
        with write(self._db), acting_as(self._db, taken_by_id):
            cursor = self._db.execute(
                "INSERT INTO follow_ups (customer_id, kind, text, due, taken_by_id, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    customer_id,
                    kind.value,
                    text,
                    due.isoformat() if due else None,
                    taken_by_id,
                    rows.stamp(created or rows.now()),
                ],
            )
        return int(cursor.lastrowid or 0)

    def mark_done(
        self, follow_up_id: int, done_by_id: int, when: dt.datetime | None = None
    ) -> None:
        """Mark an open follow-up done by `done_by_id`, who the audit trail names too.
        NotFound when there is no open follow-up with that id."""
        with write(self._db), acting_as(self._db, done_by_id):
            cursor = self._db.execute(
                "UPDATE follow_ups SET status = 'done', done_at = ?, done_by_id = ? "
                "WHERE id = ? AND status = 'open'",
                [rows.stamp(when or rows.now()), done_by_id, follow_up_id],
            )
            if cursor.rowcount == 0:
                raise NotFound(f"There is no open follow-up with id {follow_up_id}.")

    def reopen(self, follow_up_id: int, by_id: int) -> None:
        """Put a follow-up marked done back on the card and the day's list (a slipped key,
        a promise not kept after all); the audit trail records who did. NotFound for an
        unknown id, Invalid when it is still open."""
        with write(self._db), acting_as(self._db, by_id):
            if self.get(follow_up_id).status == "open":
                raise Invalid(
                    f"Follow-up {follow_up_id} is still open: there is nothing to reopen."
                )
            self._db.execute(
                "UPDATE follow_ups SET status = 'open', done_at = NULL, done_by_id = NULL "
                "WHERE id = ?",
                [follow_up_id],
            )

    def get(self, follow_up_id: int) -> FollowUp:
        r = self._db.execute(f"{_SELECT} WHERE f.id = ?", [follow_up_id]).fetchone()
        if r is None:
            raise NotFound(f"There is no follow-up with id {follow_up_id}.")
        return _follow_up(r)

    def edit(
        self,
        follow_up_id: int,
        editor_id: int,
        *,
        text: str | None = None,
        kind: FollowUpKind | None = None,
        due: dt.date | None = None,
        clear_due: bool = False,
        today: dt.date | None = None,
    ) -> None:
        """Change an open follow-up's text, kind or due date (None leaves each as it is)."""
        old = self.get(follow_up_id)
        if old.status != "open":
            raise Invalid(f"Follow-up {follow_up_id} is done; it cannot be changed.")
        new_text = old.text if text is None else clean_text(text)
        if not new_text:
            raise Invalid("Say what was promised, e.g. “Call when the blue kettle arrives”.")
        refuse_card_numbers(new_text)
        _check_due(due, today)
        new_due = None if clear_due else (due or old.due)
        with write(self._db), acting_as(self._db, editor_id):
            self._db.execute(
                "UPDATE follow_ups SET text = ?, kind = ?, due = ?, edited = ?, edited_by_id = ?"
                " WHERE id = ?",
                [
                    new_text,
                    (kind or old.kind).value,
                    new_due.isoformat() if new_due else None,
                    rows.stamp(rows.now()),
                    editor_id,
                    follow_up_id,
                ],
            )

    def open_for(self, customer_id: int) -> tuple[FollowUp, ...]:
        """Open follow-ups, most urgent first: overdue, due soonest, then undated."""
        return tuple(
            _follow_up(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE f.customer_id = ? AND f.status = 'open'
                ORDER BY f.due IS NULL, f.due, f.created""",
                [customer_id],
            )
        )

    def done_since(self, customer_id: int, day: dt.date) -> tuple[FollowUp, ...]:
        """Follow-ups raised on or after `day` and since marked done, the latest done first
        (the greeting does not ask after a purchase that a problem was raised about)."""
        return tuple(
            _follow_up(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE f.customer_id = ? AND f.status = 'done' AND f.created >= ?
                ORDER BY f.done_at DESC""",
                [customer_id, day.isoformat()],
            )
        )

    def due_for_day(
        self, day: dt.date, *, reserved: bool, limit: int = 50
    ) -> tuple[tuple[FollowUp, ...], int]:
        """Open follow-ups due by `day` or undated, most urgent first, with how many there
        are in all: reserved items (`reserved`) or every other kind."""
        where = "f.status = 'open' AND (f.due IS NULL OR f.due <= ?) AND " + (
            "f.kind = 'reserved'" if reserved else "f.kind != 'reserved'"
        )
        found = tuple(
            _follow_up(r)
            for r in self._db.execute(
                f"{_SELECT} WHERE {where} ORDER BY f.due IS NULL, f.due, f.created LIMIT ?",
                [day.isoformat(), limit],
            )
        )
        total = self._db.execute(
            f"SELECT count(*) FROM follow_ups f WHERE {where}", [day.isoformat()]
        ).fetchone()[0]
        return found, int(total)

    def due_by(self, day: dt.date, limit: int = 50) -> tuple[FollowUp, ...]:
        return tuple(
            _follow_up(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE f.status = 'open' AND f.due <= ?
                ORDER BY f.due, f.created LIMIT ?""",
                [day.isoformat(), limit],
            )
        )
