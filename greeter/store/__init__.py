"""The only code that speaks SQL: one module per aggregate, gathered by `Store`."""

from __future__ import annotations

from pathlib import Path

from greeter.store.cards import Cards
from greeter.store.customers import Customers
from greeter.store.database import connect
from greeter.store.follow_ups import FollowUps
from greeter.store.notes import Notes
from greeter.store.purchases import Purchases
from greeter.store.search import NameIndex
from greeter.store.settings import SettingsStore
from greeter.store.staff import StaffStore


class Store:
    """One open shop database and its aggregates."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.db = connect(self.path)
        self.names = NameIndex(self.db)
        self.customers = Customers(self.db, self.names)
        self.purchases = Purchases(self.db, self.names)
        self.notes = Notes(self.db)
        self.follow_ups = FollowUps(self.db)
        self.staff = StaffStore(self.db)
        self.settings = SettingsStore(self.db)
        self.cards = Cards(self.customers, self.purchases, self.notes, self.follow_ups)

    def close(self) -> None:
        self.db.close()
