"""Gathering the day's list for a date: a few indexed queries, then the core's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlite_utils import Database

from greeter.core.day_list import (
    DayList,
    LapsedFact,
    OccasionFact,
    Section,
    build_day_list,
    occasions_between,
)
from greeter.core.settings import ShopSettings
from greeter.store import rows
from greeter.store.follow_ups import FollowUps
from greeter.store.seen import Seen

LIMIT = 30
_COUNT_CAP = 1000  # "and more" is counted up to here, so a huge shop stays quick


class DayLists:
    def __init__(self, db: Database, follow_ups: FollowUps, seen: Seen) -> None:
        self._db = db
        self._follow_ups = follow_ups
        self._seen = seen

    def assemble(self, day: dt.date, settings: ShopSettings, limit: int = LIMIT) -> DayList:
        days = occasions_between(day)
        due, due_total = self._follow_ups.due_for_day(day, reserved=False, limit=limit)
        reserved, reserved_total = self._follow_ups.due_for_day(day, reserved=True, limit=limit)
        names = self._names({f.customer_id for f in (*due, *reserved)})
        lapsed, lapsed_total = self._lapsed(day, settings, limit)
        occasions, occasions_total = self._occasions(days, limit)
        return build_day_list(
            day,
            occasions=occasions,
            follow_ups=[(f, names.get(f.customer_id, "")) for f in (*due, *reserved)],
            lapsed=lapsed,
            greeted=self._seen.on(day, limit),
            totals={
                Section.OCCASIONS: occasions_total,
                Section.FOLLOW_UPS: due_total,
                Section.RESERVED: reserved_total,
                Section.LAPSED: lapsed_total,
                Section.GREETED: self._seen.count_on(day),
            },
            limit=limit,
        )

    def _names(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {
            int(r[0]): str(r[1])
            for r in self._db.execute(
                f"SELECT id, preferred_name FROM customers WHERE id IN ({marks})", ids
            )
        }

    def _occasions(self, days: list[tuple[int, int]], limit: int) -> tuple[list[OccasionFact], int]:
        """Birthdays and other occasions on these days, day by day from today, at most
        `limit` of them, and how many there are in all."""
        queries = (
            (
                "SELECT id, preferred_name, 'Birthday', birth_month, birth_day FROM customers"
                " WHERE birth_month = ? AND birth_day = ? ORDER BY id LIMIT ?",
                "SELECT count(*) FROM customers WHERE birth_month = ? AND birth_day = ?",
            ),
            (
                """SELECT o.customer_id, c.preferred_name, o.label, o.month, o.day
                FROM occasions o JOIN customers c ON c.id = o.customer_id
                WHERE o.month = ? AND o.day = ? ORDER BY o.id LIMIT ?""",
                "SELECT count(*) FROM occasions WHERE month = ? AND day = ?",
            ),
        )
        found: list[OccasionFact] = []
        total = 0
        for month, day in days:
            for select, count in queries:
                total += int(self._db.execute(count, [month, day]).fetchone()[0])
                room = limit - len(found)
                if room > 0:
                    found += [
                        OccasionFact(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]))
                        for r in self._db.execute(select, [month, day, room])
                    ]
        return found, total

    def _lapsed(
        self, day: dt.date, settings: ShopSettings, limit: int
    ) -> tuple[list[LapsedFact], int]:
        """Regulars (enough visits in all) not seen for lapsed_after_days, the most recently
        lapsed first, who left a phone number to call."""
        cutoff = (day - dt.timedelta(days=settings.lapsed_after_days - 1)).isoformat()
        where = """c.last_visit < ? AND c.visits >= ?
            AND EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id)"""
        params = [cutoff, settings.regular_min_visits]
        found = [
            LapsedFact(int(r[0]), str(r[1]), int(r[2]), rows.when(r[3]) or dt.datetime.min)
            for r in self._db.execute(
                f"""SELECT c.id, c.preferred_name, c.visits, c.last_visit FROM customers c
                WHERE {where} ORDER BY c.last_visit DESC LIMIT ?""",
                [*params, limit],
            )
        ]
        total = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM customers c WHERE {where} LIMIT ?)",
            [*params, _COUNT_CAP],
        ).fetchone()[0]
        return found, int(total)
