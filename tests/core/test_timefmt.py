"""Dates in words."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.timefmt import ago, due_in_words
from tests.helpers import TODAY


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (3, "3 days ago"),
        (7, "1 week ago"),
        (21, "3 weeks ago"),
        (45, "1 month ago"),
        (200, "7 months ago"),
        (400, "1 year ago"),
        (800, "2 years ago"),
    ],
)
def test_ago(days: int, words: str) -> None:
    assert ago(TODAY - dt.timedelta(days=days), TODAY) == words


def test_no_visit_on_file_is_none_recorded_not_never() -> None:
    # The customer may well have visited before the shop's records (or in its web shop).
    assert ago(None, TODAY) == "none recorded"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "due today"),
        (1, "due tomorrow"),
        (-1, "overdue since yesterday"),
        (-4, "overdue by 4 days"),
        (3, "due Wednesday"),
        (20, "due 12 Dec"),
        (40, "due 1 Jan 2027"),  # next year's
        (373, "due 30 Nov 2027"),  # not this week's 30 Nov
    ],
)
def test_due_in_words(days: int, words: str) -> None:
    assert due_in_words(TODAY + dt.timedelta(days=days), TODAY) == words


def test_a_due_date_over_half_a_year_away_says_its_year() -> None:
    january = dt.date(2026, 1, 5)
    assert due_in_words(dt.date(2026, 6, 30), january) == "due 30 Jun"
    assert due_in_words(dt.date(2026, 11, 30), january) == "due 30 Nov 2026"
