"""The day's list, shown when nobody is at the till: who to greet, call or keep a promise to.

The store gathers the facts with indexed queries; these rules turn them into short lines.
Every line shows a first name at most and a reason a customer could read over the counter;
a follow-up's own wording goes in `detail`, for staff to open on demand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from greeter.core.models import (
    LEAP_DAY,
    FollowUp,
    FollowUpKind,
    celebrated_on,
    next_celebration,
)
from greeter.core.text import TITLES, counted
from greeter.core.timefmt import due_in_words, short_date

WEEK_DAYS = 7  # "this week": today and the six days after
NO_DATE = 10**6  # sorts undated follow-ups after every dated one


class Section(StrEnum):
    OCCASIONS = "occasions"
    FOLLOW_UPS = "follow_ups"
    RESERVED = "reserved"
    LAPSED = "lapsed"
    GREETED = "greeted"

    @property
    def heading(self) -> str:
        return {
            "occasions": "Birthdays and occasions this week",
            "follow_ups": "Follow-ups due",
            "reserved": "Reserved items waiting",
            "lapsed": "Regulars worth a call",
            "greeted": "Greeted today",
        }[self.value]


@dataclass(frozen=True)
class DayLine:
    customer_id: int  # opens that customer's card
    name: str  # first name at most
    reason: str  # short, fit to be seen over the counter
    sort_key: int  # lines sort by (sort_key, name) within their section
    follow_up_id: int | None = None
    detail: str = ""  # staff-only text, e.g. what was promised: show on demand
    due: dt.date | None = None  # a follow-up's due date, if it has one


@dataclass(frozen=True)
class DaySection:
    kind: Section
    lines: tuple[DayLine, ...]
    more: int = 0  # lines left off after the limit

    @property
    def title(self) -> str:
        return self.kind.heading


@dataclass(frozen=True)
class DayList:
    day: dt.date
    sections: tuple[DaySection, ...] = field(default=())

    def section(self, kind: Section) -> DaySection:
        for section in self.sections:
            if section.kind is kind:
                return section
        return DaySection(kind, ())

    @property
    def is_empty(self) -> bool:
        return not any(s.lines for s in self.sections)


# -- facts the store gathers --


@dataclass(frozen=True)
class OccasionFact:
    customer_id: int
    preferred_name: str
    label: str  # "Birthday", "Anniversary", …
    month: int
    day: int


@dataclass(frozen=True)
class LapsedFact:
    customer_id: int
    preferred_name: str
    visits: int
    last_visit: dt.datetime


@dataclass(frozen=True)
class SeenFact:
    customer_id: int
    preferred_name: str
    last_seen: dt.datetime
    staff: str  # who was on duty the last time, or ""
    times: int = 1


def first_name(preferred: str) -> str:
    """The first word of the preferred name ("Mrs Tremblay" keeps its title)."""
    words = preferred.split()
    if not words:
        return ""
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        return f"{words[0]} {words[1]}"
    return words[0]


def occasions_between(start: dt.date, days: int = WEEK_DAYS) -> list[tuple[int, int]]:
    """(month, day) of each yearly date celebrated from `start` for `days` days, day by day:
    what to look up. In a common year 29 February follows 28 February (see celebrated_on)."""
    found = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        found.append((day.month, day.day))
        if (day.month, day.day) != LEAP_DAY and celebrated_on(day.year, *LEAP_DAY) == day:
            found.append(LEAP_DAY)
    return found


def _when(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return day.strftime("%A")


def occasion_line(fact: OccasionFact, today: dt.date) -> DayLine | None:
    """A line when the occasion is celebrated this week (29 February on 28 February in a
    common year, as the birthday badge does); None otherwise."""
    day = next_celebration(fact.month, fact.day, today)
    n = (day - today).days
    if n >= WEEK_DAYS:
        return None
    label = fact.label[:1].upper() + fact.label[1:]
    return DayLine(
        fact.customer_id, first_name(fact.preferred_name), f"{label} {_when(day, today)}", n
    )


def follow_up_line(follow_up: FollowUp, preferred_name: str, today: dt.date) -> DayLine:
    if follow_up.kind is FollowUpKind.RESERVED:
        if follow_up.due is None:
            reason = "Reserved item waiting"
        elif follow_up.due >= today:
            reason = f"Reserved item ready {_when(follow_up.due, today)}"
        else:
            reason = f"Reserved item waiting since {short_date(follow_up.due, today)}"
    elif follow_up.due is None:
        reason = f"{follow_up.kind.label} · open since {short_date(follow_up.created, today)}"
    else:
        reason = f"{follow_up.kind.label} · {due_in_words(follow_up.due, today)}"
    return DayLine(
        follow_up.customer_id,
        first_name(preferred_name),
        reason,
        (follow_up.due - today).days if follow_up.due else NO_DATE,
        follow_up_id=follow_up.id,
        detail=follow_up.text,
        due=follow_up.due,
    )


def lapsed_line(fact: LapsedFact, today: dt.date) -> DayLine:
    visits = counted(fact.visits, "visit")
    return DayLine(
        fact.customer_id,
        first_name(fact.preferred_name),
        f"Regular ({visits}), not seen since {short_date(fact.last_visit, today)}",
        (today - fact.last_visit.date()).days,
    )


def seen_line(fact: SeenFact) -> DayLine:
    by = f" by {fact.staff}" if fact.staff else ""
    times = f" ({fact.times} times)" if fact.times > 1 else ""
    seconds = fact.last_seen.hour * 3600 + fact.last_seen.minute * 60 + fact.last_seen.second
    return DayLine(
        fact.customer_id,
        first_name(fact.preferred_name),
        f"Greeted at {fact.last_seen:%H:%M}{by}{times}",
        -seconds,
    )


def _section(kind: Section, lines: Iterable[DayLine], total: int | None, limit: int) -> DaySection:
    ordered = sorted(lines, key=lambda line: (line.sort_key, line.name, line.customer_id))
    shown = tuple(ordered[:limit])
    total = max(total if total is not None else len(ordered), len(ordered))
    return DaySection(kind, shown, total - len(shown))


def build_day_list(
    today: dt.date,
    *,
    occasions: Sequence[OccasionFact] = (),
    follow_ups: Sequence[tuple[FollowUp, str]] = (),
    lapsed: Sequence[LapsedFact] = (),
    greeted: Sequence[SeenFact] = (),
    totals: dict[Section, int] | None = None,
    limit: int = 30,
) -> DayList:
    """The day's list from the facts. Follow-ups are (follow-up, preferred name); open
    reserved items go in their own section, the others only when due. `totals` holds the
    full count of a section the store fetched only the first `limit` of."""
    totals = totals or {}
    occasion_lines = [line for f in occasions if (line := occasion_line(f, today))]
    reserved = [
        follow_up_line(f, name, today)
        for f, name in follow_ups
        if f.status == "open" and f.kind is FollowUpKind.RESERVED and f.is_due(today)
    ]
    due = [
        follow_up_line(f, name, today)
        for f, name in follow_ups
        if f.status == "open" and f.kind is not FollowUpKind.RESERVED and f.is_due(today)
    ]
    return DayList(
        today,
        (
            _section(Section.OCCASIONS, occasion_lines, totals.get(Section.OCCASIONS), limit),
            _section(Section.FOLLOW_UPS, due, totals.get(Section.FOLLOW_UPS), limit),
            _section(Section.RESERVED, reserved, totals.get(Section.RESERVED), limit),
            _section(
                Section.LAPSED,
                [lapsed_line(f, today) for f in lapsed],
                totals.get(Section.LAPSED),
                limit,
            ),
            _section(
                Section.GREETED, [seen_line(f) for f in greeted], totals.get(Section.GREETED), limit
            ),
        ),
    )


def day_list_to_dict(day_list: DayList) -> dict[str, Any]:
    """The list as JSON-ready data, for `greeter today --json`."""
    return {
        "date": day_list.day.isoformat(),
        "sections": [
            {
                "kind": s.kind.value,
                "title": s.title,
                "more": s.more,
                "lines": [
                    {
                        "customer_id": line.customer_id,
                        "name": line.name,
                        "reason": line.reason,
                        "follow_up_id": line.follow_up_id,
                        "detail": line.detail,
                        "due": line.due.isoformat() if line.due else None,
                    }
                    for line in s.lines
                ],
            }
            for s in day_list.sections
        ],
    }
