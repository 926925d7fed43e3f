"""What staff do at the counter (recognise, look, note) as calls the window and CLI share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from greeter.core.day_list import DayList
from greeter.core.models import Card, FollowUpKind, Note, NoteKind, NoteVersion, SearchHit, Staff
from greeter.core.notes import mark_stale
from greeter.core.settings import ShopSettings
from greeter.money import money_format
from greeter.recognise import Recognition, recognise
from greeter.store import Store


class Counter:
    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self._today = today
        self.settings: ShopSettings = store.settings.load()
        self.money = money_format(self.settings.locale)

    def restore(self, backup: Path) -> None:
        """Bring back a backup (the current file is kept beside it) and reopen the shop."""
        from greeter.store.backup import restore

        path = self.store.path
        self.store.close()
        try:
            restore(path, backup)
        finally:
            self.store = Store(path)
            self.settings = self.store.settings.load()
            self.money = money_format(self.settings.locale)

    def backups(self) -> list[Path]:
        from greeter.store.backup import list_backups, store_backup_folder

        return list_backups(self.store.path, store_backup_folder(self.store))

    def today(self) -> dt.date:
        return self._today()

    def is_empty(self) -> bool:
        return self.store.customers.count() == 0

    def recognise(self, text: str) -> Recognition:
        return recognise(self.store, text, self.settings)

    def search_names(self, words: list[str]) -> list[SearchHit]:
        return self.store.names.search(words)

    def card(self, customer_id: int) -> Card:
        return self.store.cards.assemble(customer_id, self.settings, self.today(), self.money)

    def greeted(self, customer_id: int, by: Staff | None) -> None:
        """The card was shown at the counter: it counts for "greeted today"."""
        if not self.store.read_only:
            self.store.seen.record(customer_id, by.id if by else None)

    def staff(self) -> list[Staff]:
        return self.store.staff.all()

    def add_note(
        self,
        customer_id: int,
        text: str,
        author: Staff,
        *,
        pinned: bool = False,
        kind: NoteKind = NoteKind.GENERAL,
    ) -> int:
        return self.store.notes.add(customer_id, text, author.id, kind=kind, pinned=pinned)

    def notes_of(self, customer_id: int) -> tuple[Note, ...]:
        notes = self.store.notes.all_for(customer_id)
        return mark_stale(notes, self.today(), self.settings.note_stale_days)

    def edit_note(self, note_id: int, text: str, kind: NoteKind, by: Staff) -> bool:
        return self.store.notes.edit(note_id, text, by.id, kind=kind)

    def pin_note(self, note_id: int, pinned: bool, by: Staff) -> None:
        self.store.notes.set_pinned(note_id, pinned, by.id)

    def confirm_note(self, note_id: int, by: Staff) -> None:
        self.store.notes.confirm(note_id, by.id)

    def retire_note(self, note_id: int, by: Staff) -> None:
        self.store.notes.retire(note_id, by.id)

    def note_history(self, note_id: int) -> list[NoteVersion]:
        return self.store.notes.history(note_id)

    def add_follow_up(
        self, customer_id: int, kind: FollowUpKind, text: str, author: Staff, due: dt.date | None
    ) -> int:
        return self.store.follow_ups.add(customer_id, kind, text, author.id, due)

    def mark_follow_up_done(self, follow_up_id: int, by: Staff) -> None:
        self.store.follow_ups.mark_done(follow_up_id, by.id)

    def day_list(self) -> DayList:
        return self.store.day_list.assemble(self.today(), self.settings)

    def customer_name(self, customer_id: int) -> str:
        return self.store.customers.get(customer_id).preferred_name

    def load_demo(self) -> None:
        from greeter.demo import load_demo

        load_demo(self.store, self.today())
        self.settings = self.store.settings.load()
        self.money = money_format(self.settings.locale)
