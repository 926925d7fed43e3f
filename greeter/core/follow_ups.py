"""Rules about follow-ups: the due dates a promise can have."""

from __future__ import annotations

import datetime as dt

from greeter.core.models import celebrated_on

# The earliest day a date picker offers. A new due date is refused more than a year back
# (see `earliest_due`): one in 1900 is a typo, and would sit overdue at the top of every
# day's list. Nor is one more than ten years ahead a plan: 9999-12-31 is a typo too.
YEARS_AHEAD = 10


def earliest_due(today: dt.date) -> dt.date:
    """A year before today (from 29 February, 28 February)."""
    return celebrated_on(today.year - 1, today.month, today.day)


def latest_due(today: dt.date) -> dt.date:
    """Ten years from today (from 29 February, 28 February)."""
    return celebrated_on(today.year + YEARS_AHEAD, today.month, today.day)


def due_problem(due: dt.date, today: dt.date) -> str | None:
    """What is wrong with `due` as a follow-up's due date, or None when it will do."""
    earliest, latest = earliest_due(today), latest_due(today)
    if due < earliest:
        return (
            f"{due} is more than a year ago: a follow-up due then would sit overdue at the top "
            f"of every day's list. Give the day it is to be done, from {earliest} to {latest}, "
            "or no due date."
        )
    if due > latest:
        return (
            f"A follow-up can be due from {earliest} to {latest} "
            f"(a year ago to ten years from today), not on {due}."
        )
    return None
