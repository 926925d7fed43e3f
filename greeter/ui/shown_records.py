"""Recording what the counter showed (a greeting, a card view) without making it wait."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from greeter.store import Store, rows
from greeter.store.database import DatabaseBusy, without_waiting
from greeter.store.errors import StoreError
from greeter.ui.next_frame import NextFrame

log = logging.getLogger(__name__)

RETRY_MS = 500  # while an import holds the file, try again this often

# One write, given when the card was shown (its customer and staff member already taken).
Record = Callable[[dt.datetime], object]


class ShownRecords(QObject):
    """Writes that record what a card showed, made just after it is painted and never
    waiting for the lock: while another connection holds it (an import), they wait here, in
    order, and are written as soon as it is free."""

    def __init__(self, card: QWidget, store: Callable[[], Store]) -> None:
        super().__init__(card)
        self._card = card
        self._store = store  # a restore replaces the store: ask each time
        self._waiting: list[tuple[Record, dt.datetime]] = []
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self.write)

    def add(self, record: Record) -> None:
        """Write `record` with the time now, as soon as the card is painted."""
        self._waiting.append((record, rows.now()))
        if len(self._waiting) == 1:  # any others are already due to be written
            NextFrame(self._card, self.write)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def write(self, *, wait: bool = False) -> None:
        """Write what is waiting: now, before something reads it (the day's list), or as
        soon as the card is painted. With `wait`, wait for the lock if need be (Greeter
        closing, once its imports are done); without, try again shortly if it is held."""
        self._retry.stop()
        db = self._store().db
        while self._waiting:
            try:
                with contextlib.nullcontext() if wait else without_waiting(db):
                    record, when = self._waiting[0]
                    record(when)
            except StoreError as error:
                if isinstance(error, DatabaseBusy) and not wait:
                    self._retry.start()
                    return
                # A full disk, say: the card was shown all the same.
                log.warning("what the counter showed was not recorded: %s", error)
            except sqlite3.IntegrityError:
                pass  # the customer was erased or merged away first: nobody left to record
            except sqlite3.ProgrammingError as error:
                if "closed" not in str(error):
                    raise
                return  # the shop was closed in the same moment (Greeter quitting)
            self._waiting.pop(0)
