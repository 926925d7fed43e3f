"""The day's list as pure rules: first names only, this week's dates, urgent first."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.day_list import (
    LapsedFact,
    OccasionFact,
    Section,
    SeenFact,
    build_day_list,
    day_list_to_dict,
    first_name,
    lapsed_line,
    occasion_line,
    occasions_between,
)
from greeter.core.models import FollowUp, FollowUpKind
from tests.helpers import TODAY  # Sunday 22 November 2026


@pytest.mark.parametrize(
    ("preferred", "shown"),
    [("Siobhán", "Siobhán"), ("Mary Ann", "Mary"), ("Mrs Tremblay", "Mrs Tremblay"), ("", "")],
)
def test_first_name_at_most(preferred: str, shown: str) -> None:
    assert first_name(preferred) == shown


def test_this_week_is_today_and_the_six_days_after() -> None:
    assert occasions_between(dt.date(2026, 12, 29)) == [
        (12, 29),
        (12, 30),
        (12, 31),
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
    ]


@pytest.mark.parametrize(
    ("month", "day", "reason"),
    [(11, 22, "Birthday today"), (11, 23, "Birthday tomorrow"), (11, 28, "Birthday Saturday")],
)
def test_occasion_lines(month: int, day: int, reason: str) -> None:
    line = occasion_line(OccasionFact(5, "Aiko Tanaka", "Birthday", month, day), TODAY)
    assert line is not None
    assert (line.name, line.reason) == ("Aiko", reason)
    assert occasion_line(OccasionFact(5, "Aiko", "Birthday", 11, 29), TODAY) is None


def follow_up(fid: int, kind: FollowUpKind, due: dt.date | None) -> FollowUp:
    return FollowUp(
        fid, fid, kind, f"text {fid}", due, "open", "Priya", dt.datetime(2026, 11, 1, 9)
    )


def test_build_day_list_sorts_and_splits_the_sections() -> None:
    day_list = build_day_list(
        TODAY,
        occasions=[
            OccasionFact(1, "Ann", "anniversary", 11, 25),
            OccasionFact(2, "Bea", "Birthday", 11, 22),
        ],
        follow_ups=[
            (follow_up(10, FollowUpKind.PROMISE, TODAY + dt.timedelta(days=2)), "Cy"),
            (follow_up(11, FollowUpKind.CALL_BACK, TODAY - dt.timedelta(days=3)), "Di"),
            (follow_up(12, FollowUpKind.PROBLEM, None), "Ed"),
            (follow_up(13, FollowUpKind.RESERVED, TODAY), "Flo"),
            (follow_up(14, FollowUpKind.RESERVED, TODAY + dt.timedelta(days=5)), "Gus"),
        ],
        lapsed=[
            LapsedFact(20, "Hal", 9, dt.datetime(2026, 5, 1, 10)),
            LapsedFact(21, "Ida", 6, dt.datetime(2026, 7, 1, 10)),
        ],
        greeted=[
            SeenFact(30, "Jo", dt.datetime(2026, 11, 22, 9, 5), "Priya"),
            SeenFact(31, "Kim", dt.datetime(2026, 11, 22, 11, 40), "", times=2),
        ],
        totals={Section.LAPSED: 7},
    )
    reasons = {s.kind: [(line.name, line.reason) for line in s.lines] for s in day_list.sections}
    assert reasons[Section.OCCASIONS] == [
        ("Bea", "Birthday today"),
        ("Ann", "Anniversary Wednesday"),
    ]
    assert reasons[Section.FOLLOW_UPS] == [
        ("Di", "Call back · overdue by 3 days"),
        ("Ed", "Problem to check on · open since 1 Nov"),
    ]
    assert reasons[Section.RESERVED] == [("Flo", "Reserved item ready today")]
    assert reasons[Section.LAPSED] == [
        ("Ida", "Regular (6 visits), not seen since 1 Jul"),
        ("Hal", "Regular (9 visits), not seen since 1 May"),
    ]
    assert reasons[Section.GREETED] == [
        ("Kim", "Greeted at 11:40 (2 times)"),
        ("Jo", "Greeted at 09:05 by Priya"),
    ]
    assert day_list.section(Section.LAPSED).more == 5
    assert day_list.section(Section.FOLLOW_UPS).lines[0].follow_up_id == 11
    data = day_list_to_dict(day_list)
    assert data["date"] == "2026-11-22"
    assert [s["kind"] for s in data["sections"]] == [s.value for s in Section]
    assert not day_list.is_empty
    assert build_day_list(TODAY).is_empty


def test_a_regular_of_one_visit_is_not_called_a_regular_of_1_visits() -> None:
    line = lapsed_line(LapsedFact(7, "Paddy Byrne", 1, dt.datetime(2026, 3, 2, 10)), TODAY)
    assert (line.name, line.reason) == ("Paddy", "Regular (1 visit), not seen since 2 Mar")
