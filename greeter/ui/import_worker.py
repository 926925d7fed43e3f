"""Running an import (or a dry run, or the watched folder) in a worker thread, cancellably.

A `Database` belongs to the thread that opened it, so the job opens its own `Store` on the
shop's file inside the worker and closes it there. Its signals reach the window through Qt's
queued connections; the window never waits for the file to be read.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from greeter.store import Store
from greeter.store.errors import StoreError
from greeter.till.problems import ImportCancelled

if TYPE_CHECKING:  # the importer itself loads only when something is imported
    from greeter.till.importer import ImportProgress

log = logging.getLogger(__name__)

CANCELLED = "Import cancelled: nothing was changed."
PROGRESS_EVERY = 0.05  # seconds between progress signals: the bar needs no more

# What a job does with the Store it opened: call the importer, passing `progress` on.
Work = Callable[[Store, Callable[["ImportProgress"], bool]], object]


@dataclass(frozen=True)
class JobOutcome:
    value: object = None  # what the work returned
    problem: str = ""  # a sentence the shop can act on: refused, cancelled, busy, a bug
    cancelled: bool = False
    bug: bool = False  # not the shop's doing: logged with its traceback

    @property
    def ok(self) -> bool:
        return not self.problem


def one_thread_pool(parent: QObject) -> QThreadPool:
    """A pool running one job at a time, so two imports never wait on each other's lock."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool


class ImportJob(QObject):
    """One piece of import work in a worker thread: `progressed` while it runs, then
    `finished` with a JobOutcome. `cancel()` makes the next progress call stop it; the
    importer then rolls back, so a cancelled job has written nothing."""

    progressed = Signal(str, int, int)  # stage ("reading", "writing"), done, total
    finished = Signal(object)  # JobOutcome

    def __init__(
        self, db_path: Path, work: Work, actor_id: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db_path = Path(db_path)
        self._work = work
        self._actor_id = actor_id
        self._cancel = threading.Event()
        self._over = threading.Event()
        self._started = False
        self._queued = False  # handed to the pool (it will run)
        self._last_progress = 0.0

    def start(self, pool: QThreadPool) -> None:
        """Run in `pool` once control is back in the event loop: a signal connected right
        after start() is never missed."""
        self._started = True
        QTimer.singleShot(0, self, lambda: self._hand_over(pool))

    def _hand_over(self, pool: QThreadPool) -> None:
        if not self._over.is_set():
            self._queued = True
            pool.start(self._run)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return self._started and not self._over.is_set()

    def wait(self, seconds: float) -> bool:
        """Block until the worker is done (True) or `seconds` have passed (False). A job
        not yet handed to its pool never will be."""
        if not self._queued:
            self._over.set()
            return True
        return self._over.wait(seconds)

    # -- in the worker thread --

    def _progress(self, step: ImportProgress) -> bool:
        if self._cancel.is_set():
            return False
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_EVERY or step.done >= step.total:
            self._last_progress = now
            self.progressed.emit(step.stage, step.done, step.total)
        return True

    def _run(self) -> None:
        try:
            outcome = self._outcome()
            self.finished.emit(outcome)
        finally:
            self._over.set()

    def _outcome(self) -> JobOutcome:
        store: Store | None = None
        try:
            store = Store(self._db_path, already_open=True)  # the window's file
            store.actor_id = self._actor_id
            if self._cancel.is_set():  # pressed before the file was even opened
                raise ImportCancelled()
            return JobOutcome(self._work(store, self._progress))
        except ImportCancelled:
            return JobOutcome(problem=CANCELLED, cancelled=True)
        except StoreError as error:  # refused, busy, disk full, read-only: the shop can act
            return JobOutcome(problem=str(error))
        except OSError as error:  # e.g. the file of bad rows could not be written
            where = f" ({error.filename})" if error.filename else ""
            return JobOutcome(problem=f"Greeter could not use a file{where}: "
                              f"{error.strerror or error}.")  # fmt: skip
        except Exception as error:  # a bug: say so, and keep the traceback
            log.error("import stopped by an error\n%s", traceback.format_exc())
            return JobOutcome(problem=f"The import stopped because of an error in Greeter "
                              f"({type(error).__name__}: {error}). It was written to "
                              "Greeter's log.", bug=True)  # fmt: skip
        finally:
            if store is not None:
                store.close()
