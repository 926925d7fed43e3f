"""Notes staff keep about a customer: facts the customer could read without offence.

Every note keeps who wrote it and when; an edit keeps the earlier version (`history`).
Confirming a note ("still true?") re-dates it; retiring hides it from the card for good.
`forget_earlier` rewrites a note without keeping what it said, wiped from the file as an
erasure wipes: for words that must not stay, such as the name of a customer who was erased
(`naming` finds the notes that say it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from greeter.core.models import Note, NoteKind, NoteVersion
from greeter.core.notes import import_author, mark_stale
from greeter.core.text import clean_lines, clean_text, mention_in, names_in_notes, query_words
from greeter.store import rows
from greeter.store.audit_schema import insert_audited
from greeter.store.customer_numbers import missing_customer
from greeter.store.database import DiskFull, write
from greeter.store.erasure import WIPE_BLOCKED, needs_space, scrub
from greeter.store.errors import Invalid, NotFound, refuse_card_numbers
from greeter.store.session import acting_as

_SELECT = """SELECT n.id, n.customer_id, n.text, s.name, n.created, n.kind, n.pinned, n.edited,
        coalesce(e.name, ''), n.confirmed, coalesce(c.name, ''),
        (SELECT count(*) FROM note_versions v WHERE v.note_id = n.id), n.imported_from
    FROM notes n JOIN staff s ON s.id = n.author_id
    LEFT JOIN staff e ON e.id = n.edited_by_id
    LEFT JOIN staff c ON c.id = n.confirmed_by_id"""

_INSERT = (
    "INSERT INTO notes (customer_id, text, kind, pinned, author_id, created, imported_from)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


@dataclasses.dataclass(frozen=True)
class Mention:
    """A note on another customer whose words name a customer (see `Notes.naming`)."""

    note_id: int
    customer_id: int  # whose note it is
    excerpt: str  # the words around the name
    in_text: bool  # its text names them; else only earlier versions kept in its history do
    earlier_versions: int  # how many of those name them
    retired: bool


@dataclasses.dataclass(frozen=True)
class Forgotten:
    """What `Notes.forget_earlier` did."""

    changed: bool  # the note's text or kind changed
    versions: int  # earlier versions dropped
    # Why old pages may still hold the earlier wording (another program kept them alive, or
    # the disk is too full to rebuild the file), and what to do; "": wiped.
    unwiped: str = ""


def _note(r: Sequence[Any]) -> Note:
    return Note(
        id=int(r[0]),
        customer_id=int(r[1]),
        text=str(r[2]),
        author=_author(r[3], r[12]),
        created=rows.when(str(r[4])) or rows.now(),
        kind=NoteKind(str(r[5])),
        pinned=bool(r[6]),
        edited=rows.when(r[7]) if isinstance(r[7], str) else None,
        edited_by=str(r[8]),
        confirmed=rows.when(r[9]) if isinstance(r[9], str) else None,
        confirmed_by=str(r[10]),
        earlier_versions=int(r[11]),
    )


def _author(staff: object, imported_from: object) -> str:
    """Who a note reads as written by: its author, or for an imported note the import (the
    staff member who ran it is its author_id, which the audit trail names)."""
    return import_author(str(imported_from)) if imported_from is not None else str(staff)


def _checked(text: str) -> str:
    text = clean_lines(text)  # a note may run over several lines, as typed or imported
    if not text:
        raise Invalid("The note is empty: type what your colleagues should know.")
    refuse_card_numbers(text)
    return text


def names_to_find(db: Database, customer_id: int) -> list[str]:
    """What words about other customers may call this one by (see `Notes.naming`): their full
    name, and their family name and preferred name when no other customer is called by that
    word. MergedAway or NotFound when there is no such customer."""
    r = db.execute(
        "SELECT preferred_name, full_name FROM customers WHERE id = ?", [customer_id]
    ).fetchone()
    if r is None:
        raise missing_customer(db, customer_id)
    return [
        name
        for name in names_in_notes(str(r[0]), str(r[1]))
        if len(words := query_words(name)) > 1
        or not db.execute(
            "SELECT 1 FROM name_terms WHERE term = ? AND customer_id != ?",
            [words[0], customer_id],
        ).fetchone()
    ]


class Notes:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        customer_id: int,
        text: str,
        author_id: int,
        *,
        kind: NoteKind = NoteKind.GENERAL,
        pinned: bool = False,
        created: dt.datetime | None = None,
        imported_from: str | None = None,
    ) -> int:
        """A new note; a card number is refused (Invalid). Sensitive words are not refused:
        the caller warns with `greeter.core.guard.sensitive_words_in`. A note that came with
        an import names the till or web shop in `imported_from` ('square'): it then reads as
        written by that import, while `author_id` (who ran it) is who the audit trail names."""
        text = _checked(text)
        stamp = rows.stamp(created or rows.now())
        with write(self._db), acting_as(self._db, author_id):
            cursor = self._db.execute(
                _INSERT,
                [customer_id, text, kind.value, int(pinned), author_id, stamp, imported_from],
            )
        return int(cursor.lastrowid or 0)

    def add_imported(self, notes: Sequence[tuple[int, str]], author_id: int, source: str) -> None:
        """Many (customer, text) notes at once, set-wise, as `add` writes each with
        `imported_from=source`: dated now, general, not pinned."""
        found = [(customer_id, _checked(text)) for customer_id, text in notes]
        stamp = rows.stamp(rows.now())
        with write(self._db), acting_as(self._db, author_id):
            insert_audited(
                self._db,
                "notes",
                _INSERT,
                [
                    (c, text, NoteKind.GENERAL.value, 0, author_id, stamp, source)
                    for c, text in found
                ],
            )

    def get(self, note_id: int) -> Note:
        r = self._db.execute(f"{_SELECT} WHERE n.id = ?", [note_id]).fetchone()
        if r is None:
            raise NotFound(f"There is no note with id {note_id}.")
        return _note(r)

    def _require_live(self, note_id: int) -> None:
        r = self._db.execute("SELECT retired FROM notes WHERE id = ?", [note_id]).fetchone()
        if r is None:
            raise NotFound(f"There is no note with id {note_id}.")
        if r[0] is not None:
            raise Invalid(f"Note {note_id} was retired on {r[0][:10]}; it cannot be changed.")

    def edit(
        self,
        note_id: int,
        text: str,
        editor_id: int,
        *,
        kind: NoteKind | None = None,
        when: dt.datetime | None = None,
    ) -> bool:
        """Replace the note's text (and kind), keeping the earlier version in its history.
        An edit re-dates the note. False when nothing changed."""
        text = _checked(text)
        with write(self._db), acting_as(self._db, editor_id):
            self._require_live(note_id)
            old = self._db.execute(
                "SELECT text, kind, coalesce(edited_by_id, author_id), coalesce(edited, created),"
                " CASE WHEN edited_by_id IS NULL THEN imported_from END FROM notes WHERE id = ?",
                [note_id],
            ).fetchone()
            new_kind = (kind or NoteKind(old[1])).value
            if old[0] == text and old[1] == new_kind:
                return False
            stamp = rows.stamp(when or rows.now())
            self._db.execute(
                "INSERT INTO note_versions (note_id, text, kind, author_id, written, replaced,"
                " imported_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [note_id, old[0], old[1], old[2], old[3], stamp, old[4]],
            )
            self._db.execute(
                "UPDATE notes SET text = ?, kind = ?, edited = ?, edited_by_id = ? WHERE id = ?",
                [text, new_kind, stamp, editor_id, note_id],
            )
        return True

    def forget_earlier(
        self,
        note_id: int,
        text: str | None,
        editor_id: int,
        *,
        kind: NoteKind | None = None,
    ) -> Forgotten:
        """Replace the note's text (and kind) keeping nothing of what it said before: its
        earlier versions are dropped too, and the file is wiped as an erasure wipes it.
        `text` None keeps the current text and drops only the earlier versions. A retired
        note may be rewritten too (it stays retired): its words are still in the file."""
        new_text = None if text is None else _checked(text)
        with write(self._db), acting_as(self._db, editor_id):
            old = self._db.execute(
                "SELECT text, kind FROM notes WHERE id = ?", [note_id]
            ).fetchone()
            if old is None:
                raise NotFound(f"There is no note with id {note_id}.")
            new = (new_text or old[0], (kind or NoteKind(old[1])).value)
            changed = new != (old[0], old[1])
            if changed:
                self._db.execute(
                    "UPDATE notes SET text = ?, kind = ?, edited = ?, edited_by_id = ?"
                    " WHERE id = ?",
                    [*new, rows.stamp(rows.now()), editor_id, note_id],
                )
            versions = self._db.execute(
                "DELETE FROM note_versions WHERE note_id = ?", [note_id]
            ).rowcount
        if not changed and not versions:
            return Forgotten(False, 0)
        try:  # the rewrite is saved: only the wipe can be left to finish
            unwiped = "" if scrub(self._db) else WIPE_BLOCKED
        except DiskFull:
            unwiped = needs_space(self._db)
        return Forgotten(changed, versions, unwiped)

    def naming(self, customer_id: int) -> list[Mention]:
        """Notes on other customers that name this one, live or retired, in their text or in
        earlier versions kept in their history; by customer, then note. Erasing a customer
        leaves these as they are: the owner rewrites them with `forget_earlier`.

        A note is searched for the customer's full name, and for their family name and
        preferred name when no other customer is called by that word: a shared name ('Ann',
        'Smith') would find the notes about the others. Whole words, whatever the case and
        accents ("Aoife's" names Aoife, "Aoifeen" does not). What records merged into other
        customers held is searched alike by `greeter.store.merge.Merges.naming`."""
        db = self._db
        names = names_to_find(db, customer_id)
        found: dict[int, Mention] = {}
        for note_id, owner, text, retired in db.execute(
            "SELECT id, customer_id, text, retired IS NOT NULL FROM notes WHERE customer_id != ?",
            [customer_id],
        ):
            excerpt = mention_in(text, names)
            if excerpt is not None:
                found[note_id] = Mention(note_id, owner, excerpt, True, 0, bool(retired))
        for note_id, owner, text, retired in db.execute(
            "SELECT v.note_id, n.customer_id, v.text, n.retired IS NOT NULL FROM note_versions v"
            " JOIN notes n ON n.id = v.note_id WHERE n.customer_id != ? ORDER BY v.id DESC",
            [customer_id],
        ):
            excerpt = mention_in(text, names)
            if excerpt is None:
                continue
            seen = found.get(note_id) or Mention(note_id, owner, excerpt, False, 0, bool(retired))
            found[note_id] = dataclasses.replace(seen, earlier_versions=seen.earlier_versions + 1)
        return sorted(found.values(), key=lambda m: (m.customer_id, m.note_id))

    def history(self, note_id: int) -> list[NoteVersion]:
        """Every version of the note, oldest first; the last is the current text."""
        current = self.get(note_id)
        versions = [
            NoteVersion(
                note_id,
                str(r[0]),
                NoteKind(str(r[1])),
                _author(r[2], r[4]),
                rows.when(r[3]) or rows.now(),
            )
            for r in self._db.execute(
                "SELECT v.text, v.kind, s.name, v.written, v.imported_from FROM note_versions v"
                " JOIN staff s ON s.id = v.author_id WHERE v.note_id = ? ORDER BY v.id",
                [note_id],
            )
        ]
        versions.append(
            NoteVersion(
                note_id,
                current.text,
                current.kind,
                current.edited_by or current.author,
                current.edited or current.created,
            )
        )
        return versions

    def set_pinned(self, note_id: int, pinned: bool, staff_id: int) -> None:
        with write(self._db), acting_as(self._db, staff_id):
            self._require_live(note_id)
            self._db.execute("UPDATE notes SET pinned = ? WHERE id = ?", [int(pinned), note_id])

    def confirm(self, note_id: int, staff_id: int, when: dt.datetime | None = None) -> None:
        """Say the note is still true: re-date it so it is no longer stale."""
        with write(self._db), acting_as(self._db, staff_id):
            self._require_live(note_id)
            self._db.execute(
                "UPDATE notes SET confirmed = ?, confirmed_by_id = ? WHERE id = ?",
                [rows.stamp(when or rows.now()), staff_id, note_id],
            )

    def retire(self, note_id: int, staff_id: int, when: dt.datetime | None = None) -> None:
        """No longer true: off the card for good (kept in the file, with who retired it)."""
        with write(self._db), acting_as(self._db, staff_id):
            self._require_live(note_id)
            self._db.execute(
                "UPDATE notes SET retired = ?, retired_by_id = ? WHERE id = ?",
                [rows.stamp(when or rows.now()), staff_id, note_id],
            )

    def all_for(self, customer_id: int, *, retired: bool = False) -> tuple[Note, ...]:
        """Every live note of the customer (or, with `retired`, every retired one), newest
        first: the "all notes" view behind the card's few."""
        return tuple(
            _note(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE n.customer_id = ? AND (n.retired IS NOT NULL) = ?
                ORDER BY n.created DESC, n.id DESC""",
                [customer_id, int(retired)],
            )
        )

    def has_text(self, customer_id: int, text: str) -> bool:
        """Whether the customer already has (or had, retired) a note saying exactly this,
        on its lines or on one line (as notes were stored before line breaks were kept)."""
        found = self._db.execute(
            "SELECT 1 FROM notes WHERE customer_id = ? AND text IN (?, ?) LIMIT 1",
            [customer_id, clean_lines(text), clean_text(text)],
        )
        return found.fetchone() is not None

    def for_card(
        self,
        customer_id: int,
        latest: int = 6,
        *,
        today: dt.date | None = None,
        stale_days: int = 0,
    ) -> tuple[Note, ...]:
        """Cautions and pinned notes first, then the latest others; with `today` and
        `stale_days`, notes not confirmed for that long are marked stale."""
        notes = tuple(
            _note(r)
            for r in self._db.execute(
                f"""{_SELECT} WHERE n.customer_id = ? AND n.retired IS NULL
                ORDER BY n.kind = 'caution' DESC, n.pinned DESC, n.created DESC, n.id DESC
                LIMIT ?""",
                [customer_id, latest],
            )
        )
        return mark_stale(notes, today, stale_days) if today is not None else notes
