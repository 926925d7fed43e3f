"""29 February is celebrated on 28 February in a common year: in the day's list, the badge
and the greeting alike, so a leap-day customer is not forgotten three years in four."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.badges import birthday_badge
from greeter.core.day_list import (
    OccasionFact,
    Section,
    build_day_list,
    occasion_line,
    occasions_between,
)
from greeter.core.greeting import suggest_greeting
from greeter.core.models import Birthday, Occasion, VisitStats, celebrated_on
from greeter.core.settings import ShopSettings

# 2027 is a common year (28 February is a Sunday); 2028 a leap year (29 February a Tuesday).
LEAP_BIRTHDAY = Birthday(2, 29, 1996)


@pytest.mark.parametrize(
    ("year", "month", "day", "celebrated"),
    [
        (2027, 2, 29, dt.date(2027, 2, 28)),
        (2028, 2, 29, dt.date(2028, 2, 29)),
        (2100, 2, 29, dt.date(2100, 2, 28)),  # divisible by 100, not by 400: common
        (2027, 2, 28, dt.date(2027, 2, 28)),
        (2027, 3, 1, dt.date(2027, 3, 1)),
    ],
)
def test_the_day_a_yearly_date_is_celebrated(
    year: int, month: int, day: int, celebrated: dt.date
) -> None:
    assert celebrated_on(year, month, day) == celebrated


def test_a_week_over_the_end_of_february_looks_up_the_leap_day_once() -> None:
    # In a common year 29 February is looked up with 28 February, its day.
    assert occasions_between(dt.date(2027, 2, 24)) == [
        (2, 24),
        (2, 25),
        (2, 26),
        (2, 27),
        (2, 28),
        (2, 29),
        (3, 1),
        (3, 2),
    ]
    assert occasions_between(dt.date(2028, 2, 24)) == [
        (2, 24),
        (2, 25),
        (2, 26),
        (2, 27),
        (2, 28),
        (2, 29),
        (3, 1),
    ]
    assert (2, 29) not in occasions_between(dt.date(2027, 3, 1))


@pytest.mark.parametrize(
    ("today", "reason"),
    [
        (dt.date(2027, 2, 22), "Birthday Sunday"),  # six days ahead: still this week
        (dt.date(2027, 2, 27), "Birthday tomorrow"),
        (dt.date(2027, 2, 28), "Birthday today"),
        (dt.date(2027, 3, 1), None),  # passed: not again on 1 March
        (dt.date(2028, 2, 28), "Birthday tomorrow"),  # a leap year: on the day itself
        (dt.date(2028, 2, 29), "Birthday today"),
        (dt.date(2028, 3, 1), None),
    ],
)
def test_a_leap_day_birthday_in_the_days_list(today: dt.date, reason: str | None) -> None:
    line = occasion_line(OccasionFact(7, "Kofi Mensah", "Birthday", 2, 29), today)
    assert (line.reason if line else None) == reason


def test_a_leap_day_anniversary_is_listed_beside_28_february_birthdays() -> None:
    day_list = build_day_list(
        dt.date(2027, 2, 28),
        occasions=[
            OccasionFact(1, "Ama", "Birthday", 2, 28),
            OccasionFact(2, "Kofi", "wedding anniversary", 2, 29),
        ],
    )
    lines = day_list.section(Section.OCCASIONS).lines
    assert [(line.name, line.reason) for line in lines] == [
        ("Ama", "Birthday today"),
        ("Kofi", "Wedding anniversary today"),
    ]


@pytest.mark.parametrize(
    ("today", "reason"),
    [
        (dt.date(2027, 2, 25), "Birthday this week: Sunday 28 February"),
        (dt.date(2027, 2, 28), "Birthday: today"),
        (dt.date(2027, 3, 1), None),
        (dt.date(2028, 2, 28), "Birthday this week: Tuesday 29 February"),
        (dt.date(2028, 2, 29), "Birthday: today"),
    ],
)
def test_the_birthday_badge_on_a_leap_day_birthday(today: dt.date, reason: str | None) -> None:
    badge = birthday_badge(LEAP_BIRTHDAY, today)
    assert (badge.reason if badge else None) == reason


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (dt.date(2027, 2, 28), "Happy birthday, Kofi!"),
        (dt.date(2027, 2, 26), "Hello Kofi! Happy birthday for Sunday!"),
        (dt.date(2028, 2, 28), "Hello Kofi! Happy birthday for Tuesday!"),
        (dt.date(2028, 2, 29), "Happy birthday, Kofi!"),
    ],
)
def test_the_greeting_wishes_a_leap_day_customer_happy_birthday(today: dt.date, text: str) -> None:
    greeting = suggest_greeting(
        "Kofi",
        today=today,
        stats=VisitStats(),
        birthday=LEAP_BIRTHDAY,
        follow_ups=[],
        last_purchase=None,
        rules=ShopSettings(),
    )
    assert greeting.text == text


def test_a_leap_day_occasion_on_the_card_comes_round_every_year() -> None:
    occasion = Occasion(1, 7, "Wedding anniversary", 2, 29, 2020)
    assert occasion.next_after(dt.date(2027, 1, 10)) == dt.date(2027, 2, 28)
    assert occasion.next_after(dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)
