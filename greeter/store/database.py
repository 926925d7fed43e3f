"""Opening the shop's SQLite file safely: pragmas, migrations and write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from greeter.store.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at `path` with Greeter's pragmas.

    Every connection gets WAL with synchronous=FULL (a committed note survives power
    loss), foreign keys and a busy timeout. Transactions are ours to open: the driver's
    implicit ones are off.
    """
    path = Path(path)
    fresh = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    if fresh:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    if migrate:
        MIGRATIONS.apply(db)
    return db


@contextlib.contextmanager
def write(db: Database) -> Iterator[Database]:
    """One all-or-nothing write. Takes the write lock up front (BEGIN IMMEDIATE) so a busy
    database fails at the start, not halfway; nested calls become savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")
