"""The only code that speaks SQL: one module per aggregate, gathered by `Store`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from greeter.store import session
from greeter.store.audit import AuditLog
from greeter.store.auth import Auth
from greeter.store.cards import Cards
from greeter.store.consents import Consents
from greeter.store.customers import Customers
from greeter.store.day_list import DayLists
from greeter.store.follow_ups import FollowUps
from greeter.store.health import open_database
from greeter.store.links import Links
from greeter.store.notes import Notes
from greeter.store.occasions import Occasions
from greeter.store.preferences import Preferences
from greeter.store.purchases import Purchases
from greeter.store.search import NameIndex
from greeter.store.seen import Seen
from greeter.store.settings import SettingsStore
from greeter.store.spend import SpendRank
from greeter.store.staff import StaffStore
from greeter.store.tags import Tags

if TYPE_CHECKING:
    from greeter.store.erasure import Erasures
    from greeter.store.merge import Merges


class Store:
    """One open shop database and its aggregates.

    Opening checks the file first (see `greeter.store.health`). When `read_only` is True,
    `problem` says why (damaged, newer Greeter, not a Greeter file, read-only file) and what
    to do, and `damaged` whether that is damage; every write raises ReadOnlyDatabase with that
    sentence. `warnings` lists risks worth showing (a sync folder, a network drive, a failed
    daily backup). `verify` runs `PRAGMA quick_check` even after a clean stop. `already_open`
    is for a worker thread's connection to the file the window has open (see
    `open_database`).
    """

    def __init__(
        self, path: Path | str, *, verify: bool = False, already_open: bool = False
    ) -> None:
        self.path = Path(path)
        opened = open_database(self.path, verify=verify, already_open=already_open)
        self.db = opened.db
        self.read_only = opened.read_only
        self.problem = opened.problem
        self.damaged = opened.damaged
        self.warnings = list(opened.warnings)
        self.unclean_stop = opened.unclean_stop
        self._mark = opened.mark
        self.names = NameIndex(self.db)
        self.customers = Customers(self.db, self.names)
        self.purchases = Purchases(self.db, self.names)
        self.notes = Notes(self.db)
        self.follow_ups = FollowUps(self.db)
        self.staff = StaffStore(self.db)
        self.settings = SettingsStore(self.db)
        self.preferences = Preferences(self.db)
        self.links = Links(self.db)
        self.occasions = Occasions(self.db)
        self.tags = Tags(self.db)
        self.consents = Consents(self.db)
        self.spend = SpendRank(self.db)
        self.seen = Seen(self.db)
        self.cards = Cards(
            self.customers,
            self.purchases,
            self.notes,
            self.follow_ups,
            preferences=self.preferences,
            links=self.links,
            occasions=self.occasions,
            tags=self.tags,
            spend=self.spend,
        )
        self.day_list = DayLists(self.db, self.follow_ups, self.seen)
        self.audit = AuditLog(self.db)
        self.auth = Auth(self.db, self.staff, self.audit)

    # Merging and erasing are rare: their modules load when first used, not with the window.
    @cached_property
    def merges(self) -> Merges:
        from greeter.store.merge import Merges

        return Merges(self.db, self.names, self.customers, self.purchases)

    @cached_property
    def erasures(self) -> Erasures:
        from greeter.store.erasure import Erasures

        return Erasures(self.db, self.audit)

    @property
    def actor_id(self) -> int | None:
        """The staff member every change is attributed to (the audit trail's `staff_id`)."""
        return session.session(self.db).actor_id

    @actor_id.setter
    def actor_id(self, staff_id: int | None) -> None:
        session.session(self.db).actor_id = staff_id

    @contextlib.contextmanager
    def act_as(self, staff_id: int | None) -> Iterator[None]:
        """Attribute the changes made inside the block to this staff member."""
        with session.acting_as(self.db, staff_id):
            yield

    def close(self) -> None:
        self.db.close()
        if self._mark is not None:
            self._mark.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
