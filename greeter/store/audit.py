"""The audit trail: who did what to which customer, appended to and never changed.

Row changes are written by triggers (see `audit_schema`); the events only the code knows
about (card views, exports, imports, backups, restores, erasures, PINs) through `record`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.audit import AuditEntry, AuditEvent, Detail, detail_problem
from greeter.store import rows, session
from greeter.store.audit_schema import other_customer_sql
from greeter.store.database import read_only_reason, write

_SELECT = """SELECT a.id, a.at, a.staff_id, coalesce(s.name, ''), a.action, a.table_name,
        a.row_id, a.customer_id, a.detail
    FROM audit a LEFT JOIN staff s ON s.id = a.staff_id"""


def _entry(r: Sequence[Any]) -> AuditEntry:
    return AuditEntry(
        id=int(r[0]),
        at=rows.when(str(r[1])) or rows.now(),
        staff_id=r[2],
        staff_name=str(r[3]),
        action=str(r[4]),
        table_name=r[5],
        row_id=r[6],
        customer_id=r[7],
        detail=json.loads(r[8]) if r[8] else {},
    )


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self,
        action: AuditEvent | str,
        *,
        customer_id: int | None = None,
        table: str | None = None,
        row_id: int | None = None,
        detail: Detail | None = None,
        staff_id: int | None = None,
        at: dt.datetime | None = None,
    ) -> int:
        """Append one event. `staff_id` defaults to whoever the store is acting as, `at` to
        now (an event written late keeps when it happened).

        `detail` holds numbers, flags and short codes only (no spaces): never note text,
        names or contact details; anything else raises ValueError (a bug in the caller)."""
        if detail:
            problem = detail_problem(detail)
            if problem:
                raise ValueError(problem)
        actor = staff_id if staff_id is not None else session.session(self._db).actor_id
        with write(self._db):
            cursor = self._db.execute(
                "INSERT INTO audit (at, staff_id, action, table_name, row_id, customer_id, detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    rows.stamp(at or rows.now()),
                    actor,
                    str(action),
                    table,
                    row_id,
                    customer_id,
                    json.dumps(dict(detail), sort_keys=True) if detail else None,
                ],
            )
        return int(cursor.lastrowid or 0)

    def viewed(
        self, customer_id: int, *, staff_id: int | None = None, at: dt.datetime | None = None
    ) -> None:
        """A card was shown (by `staff_id`, at `at`, as `record` defaults them). Skipped on a
        file opened read-only (nothing can be written)."""
        if read_only_reason(self._db) is None:
            self.record(AuditEvent.VIEW, customer_id=customer_id, staff_id=staff_id, at=at)

    @contextlib.contextmanager
    def bulk(
        self, action: AuditEvent | str, detail: dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """One write transaction whose row changes are summarised by a single record.

        For imports and other bulk paths, where a record per row would slow them down:
        put counts into the yielded dict and they are saved with the summary, in the same
        transaction as the rows, so the record exists exactly when the rows do."""
        summary: dict[str, Any] = dict(detail or {})
        with write(self._db):
            with session.rows_unaudited(self._db):
                yield summary
            self.record(action, detail=summary)

    def entries(
        self,
        *,
        customer_id: int | None = None,
        staff_id: int | None = None,
        action: str | None = None,
        since: dt.date | None = None,
        limit: int | None = 200,
    ) -> list[AuditEntry]:
        """Records, newest first, filtered by customer, staff member, action and day. A
        customer's records include changes to links where they are the other customer."""
        clauses: list[str] = []
        params: list[object] = []
        if customer_id is not None:
            clauses.append(f"(a.customer_id = ? OR {other_customer_sql('a.detail')} = ?)")
            params += [customer_id, customer_id]
        for column, value in (
            ("a.staff_id", staff_id),
            ("a.action", action),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            clauses.append("a.at >= ?")
            params.append(since.isoformat())
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{_SELECT}{where} ORDER BY a.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_entry(r) for r in self._db.execute(sql, params)]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM audit").fetchone()[0])
