"""The VIP threshold: the least a top spender spent in 12 months, worked out once a day.

Ranking every customer by spend reads a year of purchases, too slow for each card, so the
figure is computed at most once a day (per percentage) and kept in `rule_cache`. A purchase
recorded today moves the customer's own spend at once, the threshold tomorrow.
"""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from greeter.core.badges import vip_threshold
from greeter.store.database import StorageProblem, without_waiting, write

YEAR_DAYS = 365
_NAME = "vip_threshold"


class SpendRank:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._memo: dict[str, int | None] = {}

    def vip_threshold(self, today: dt.date, percent: int) -> int | None:
        """Cents a customer must have spent in the last 12 months to be in the top
        `percent`; None when the rule is off or nobody spent anything."""
        if percent <= 0:
            return None
        key = f"{today.isoformat()} top {percent}%"
        if key in self._memo:
            return self._memo[key]
        cached = self._db.execute(
            "SELECT value FROM rule_cache WHERE name = ? AND computed_for = ?", [_NAME, key]
        ).fetchone()
        value = cached[0] if cached else self.refresh(today, percent)
        self._memo = {key: value}
        return value

    def refresh(self, today: dt.date, percent: int) -> int | None:
        """Work the threshold out from the purchases now and keep it for the day."""
        since = (today - dt.timedelta(days=YEAR_DAYS)).isoformat()
        # Read the year's receipts from the (purchased_at, customer_id, total_cents) index
        # and add them up here: a GROUP BY makes SQLite walk the customer index instead,
        # several times slower. `+customer_id` keeps it off that index.
        spend: dict[int, int] = {}
        for customer_id, cents in self._db.execute(
            "SELECT customer_id, total_cents FROM purchases"
            " WHERE purchased_at >= ? AND +customer_id IS NOT NULL",
            [since],
        ):
            spend[customer_id] = spend.get(customer_id, 0) + cents
        value = vip_threshold([v for v in spend.values() if v > 0], percent)
        key = f"{today.isoformat()} top {percent}%"
        try:  # a cache: never worth waiting for an import to finish
            with without_waiting(self._db), write(self._db):
                self._db.execute(
                    "INSERT INTO rule_cache (name, computed_for, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET computed_for = excluded.computed_for,"
                    " value = excluded.value",
                    [_NAME, key, value],
                )
        except StorageProblem:
            pass  # a read-only or busy file: keep the figure in memory for today
        self._memo = {key: value}
        return value
