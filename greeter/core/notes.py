"""Rules about notes: when one has gone stale and should ask "still true?", and whom an
imported one reads as written by."""

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


def import_author(system: str) -> str:
    """Whom a note that came with an import reads as written by: the till or web shop it
    came from ('square' → 'Square import'), not the staff member who ran the import. A file
    of no known export's shape ('import') reads 'Till import'."""
    return f"{'till' if system in ('', 'import') else system} import".capitalize()


def forget_earlier_command(note_id: int, in_text: bool) -> str:
    """The command an owner runs to rewrite a note that names an erased customer and keep none
    of its earlier wording: with the new text in place of "…" when its text names them, else
    without (its text stays; only the earlier versions that name them go)."""
    text = ' --text "…"' if in_text else ""
    return f"greeter note edit {note_id}{text} --forget-earlier"


def forget_held_command(merged_id: int) -> str:
    """The command an owner runs to forget what a record merged into another customer held,
    when it names an erased customer (a merge keeps it, to say what the record was)."""
    return f"greeter privacy forget-merged --id {merged_id}"
