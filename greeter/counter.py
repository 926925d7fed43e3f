"""What staff do at the counter (recognise, look, note) as calls the window and CLI share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from greeter.core.models import Card, FollowUp, NoteKind, SearchHit, Staff
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

    def follow_ups_due(self) -> tuple[FollowUp, ...]:
        return self.store.follow_ups.due_by(self.today())

    def customer_name(self, customer_id: int) -> str:
        return self.store.customers.get(customer_id).preferred_name

    def load_demo(self) -> None:
        from greeter.demo import load_demo

        load_demo(self.store, self.today())
        self.settings = self.store.settings.load()
        self.money = money_format(self.settings.locale)
