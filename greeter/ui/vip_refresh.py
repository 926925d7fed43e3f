"""The day's VIP spend line, worked out on a worker thread so that no card waits for it."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from greeter.store import Store
from greeter.store.errors import StoreError

log = logging.getLogger(__name__)


class VipRefresh(QObject):
    """Works the day's VIP spend line out with its own connection on a worker thread: it
    reads a year of receipts (seconds at a chain's size), which the first card of each day
    would otherwise wait for. Until it is done, cards use the last day's line."""

    worked_out = Signal(object)  # (day, percent, cents), or None if it could not be

    def __init__(self, store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store  # a restore replaces the store: ask each time
        self._running = False
        self.worked_out.connect(self._keep)  # queued: emitted on the worker thread

    def attach(self) -> None:
        """Have the store's cards ask for the day's line here (again after a restore)."""
        store = self._store()
        if not store.read_only:  # where it cannot be kept, working it out once must do
            store.spend.work_out_elsewhere = self.request

    def warm(self, today: dt.date, percent: int) -> None:
        """Work today's line out now, if it is not yet, before the first card wants it."""
        store = self._store()
        if not store.read_only and not store.spend.is_current(today, percent):
            self.request(today, percent)

    def request(self, today: dt.date, percent: int) -> None:
        if self._running:
            return
        self._running = True
        path = self._store().path
        QThreadPool.globalInstance().start(lambda: self._work_out(path, today, percent))

    def _work_out(self, path: Path, today: dt.date, percent: int) -> None:
        answer: tuple[dt.date, int, int | None] | None = None
        try:
            # A Database belongs to the thread that opened it: this one opens its own.
            store = Store(path, already_open=True)
            try:
                answer = (today, percent, store.spend.refresh(today, percent))
            finally:
                store.close()
        except (StoreError, sqlite3.Error) as error:
            log.warning("the day's VIP line was not worked out: %s", error)
        self.worked_out.emit(answer)

    def _keep(self, answer: tuple[dt.date, int, int | None] | None) -> None:
        self._running = False
        if answer is not None:
            self._store().spend.remember(*answer)
