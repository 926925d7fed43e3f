"""The VIP threshold: the least a top spender spent in 12 months, worked out once a day.

Ranking every customer by spend reads a year of purchases, too slow for each card, so the
figure is computed at most once a day (per percentage) and kept in `rule_cache`. A purchase
recorded today moves the customer's own spend at once, the threshold tomorrow. The window
does not even wait for that once a day (seconds at a chain's size): it makes do with the
last day's figure while a worker thread works out today's (`work_out_elsewhere`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlite_utils import Database

from greeter.core.badges import vip_threshold
from greeter.store.database import StorageProblem, without_waiting, write

YEAR_DAYS = 365
_NAME = "vip_threshold"


class SpendRank:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._memo: dict[str, int | None] = {}
        # Set by the window: asked to work out a day's figure (on another connection)
        # while the last day's stands in for it. Unset, the figure is worked out at once.
        self.work_out_elsewhere: Callable[[dt.date, int], object] | None = None

    def vip_threshold(self, today: dt.date, percent: int) -> int | None:
        """Cents a customer must have spent in the last 12 months to be in the top
        `percent`; None when the rule is off or nobody spent anything."""
        if percent <= 0:
            return None
        key = _key(today, percent)
        if key in self._memo:
            return self._memo[key]
        computed_for, kept = self._kept()
        if computed_for == key:
            value = kept
        elif _percent_of(computed_for) == percent and self.work_out_elsewhere:
            self.work_out_elsewhere(today, percent)
            return kept  # not remembered: today's is read once it has been worked out
        else:
            value = self.refresh(today, percent)
        self._memo = {key: value}
        return value

    def is_current(self, today: dt.date, percent: int) -> bool:
        """Whether today's figure is already worked out (or the rule is off)."""
        if percent <= 0 or _key(today, percent) in self._memo:
            return True
        return self._kept()[0] == _key(today, percent)

    def _kept(self) -> tuple[str, int | None]:
        """The figure kept in the file and what it was worked out for ("" if none)."""
        row = self._db.execute(
            "SELECT computed_for, value FROM rule_cache WHERE name = ?", [_NAME]
        ).fetchone()
        if row is None:
            return "", None
        return str(row[0]), None if row[1] is None else int(row[1])

    def remember(self, today: dt.date, percent: int, value: int | None) -> None:
        """Today's figure, worked out on another connection."""
        self._memo = {_key(today, percent): value}

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
        key = _key(today, percent)
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


def _key(day: dt.date, percent: int) -> str:
    return f"{day.isoformat()} top {percent}%"


def _percent_of(key: str) -> int | None:
    """The percentage a kept figure was worked out for ("2026-11-21 top 10%" → 10)."""
    _, _, rest = key.partition(" top ")
    return int(rest[:-1]) if rest.endswith("%") and rest[:-1].isdigit() else None
