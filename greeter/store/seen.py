"""Who was greeted at the counter: a record each time a customer's card is shown."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from greeter.core.day_list import SeenFact
from greeter.store import rows
from greeter.store.database import write
from greeter.store.session import acting_as

REPEAT_MINUTES = 10  # showing the same card again within this is the same greeting


class Seen:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self, customer_id: int, staff_id: int | None = None, when: dt.datetime | None = None
    ) -> bool:
        """Note that the customer's card was shown by `staff_id` (None: whoever is on duty),
        who the audit trail names too. Showing it again within REPEAT_MINUTES is not a new
        greeting: False, nothing written."""
        when = when or rows.now()
        since = rows.stamp(when - dt.timedelta(minutes=REPEAT_MINUTES))
        recent = self._db.execute(
            "SELECT 1 FROM greetings WHERE customer_id = ? AND seen_at > ? AND seen_at <= ?",
            [customer_id, since, rows.stamp(when)],
        ).fetchone()
        if recent:
            return False
        with write(self._db), acting_as(self._db, staff_id):
            self._db.execute(
                "INSERT INTO greetings (customer_id, staff_id, seen_at) VALUES (?, ?, ?)",
                [customer_id, staff_id, rows.stamp(when)],
            )
        return True

    def on(self, day: dt.date, limit: int = 100) -> list[SeenFact]:
        """Customers greeted on `day`, the latest first, each once."""
        start = dt.datetime.combine(day, dt.time())
        end = start + dt.timedelta(days=1)
        # SQLite fills the bare columns (the staff name) from the row holding max(seen_at).
        found = self._db.execute(
            """SELECT g.customer_id, c.preferred_name, max(g.seen_at), coalesce(s.name, ''),
                count(*)
            FROM greetings g JOIN customers c ON c.id = g.customer_id
            LEFT JOIN staff s ON s.id = g.staff_id
            WHERE g.seen_at >= ? AND g.seen_at < ?
            GROUP BY g.customer_id ORDER BY 3 DESC LIMIT ?""",
            [rows.stamp(start), rows.stamp(end), limit],
        )
        return [
            SeenFact(int(r[0]), str(r[1]), rows.when(r[2]) or start, str(r[3]), int(r[4]))
            for r in found
        ]

    def count_on(self, day: dt.date) -> int:
        start = dt.datetime.combine(day, dt.time())
        end = start + dt.timedelta(days=1)
        return int(
            self._db.execute(
                "SELECT count(DISTINCT customer_id) FROM greetings"
                " WHERE seen_at >= ? AND seen_at < ?",
                [rows.stamp(start), rows.stamp(end)],
            ).fetchone()[0]
        )
