"""Rules about notes: when one has gone stale and should ask "still true?"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from greeter.core.models import Note


def is_stale(note: Note, today: dt.date, days: int) -> bool:
    """True when nobody has written, edited or confirmed the note for `days` days (0: never)."""
    return days > 0 and (today - note.dated.date()).days >= days


def mark_stale(notes: Iterable[Note], today: dt.date, days: int) -> tuple[Note, ...]:
    return tuple(replace(n, stale=is_stale(n, today, days)) for n in notes)
