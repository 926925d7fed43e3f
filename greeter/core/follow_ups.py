"""Rules about follow-ups: the due dates a promise can have."""

from __future__ import annotations

import datetime as dt

from greeter.core.models import celebrated_on

# As far back as `greeter today --date` lists (an old promise may be long overdue), and no
# further ahead than a shop plausibly promises: 9999-12-31 is a typo, not a plan.
EARLIEST_DUE = dt.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_due(today: dt.date) -> dt.date:
    """Ten years from today (from 29 February, 28 February)."""
    return celebrated_on(today.year + YEARS_AHEAD, today.month, today.day)


def due_problem(due: dt.date, today: dt.date) -> str | None:
    """What is wrong with `due` as a follow-up's due date, or None when it will do."""
    if EARLIEST_DUE <= due <= latest_due(today):
        return None
    return (
        f"A follow-up can be due from {EARLIEST_DUE} to {latest_due(today)} "
        f"(ten years from today), not on {due}."
    )
