"""Opening the shop's SQLite file safely: pragmas, migrations and write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sqlite_utils import Database, Migrations

from greeter.store import session
from greeter.store.errors import StoreError
from greeter.store.migrations import MIGRATIONS
from greeter.store.private_files import private_folder

BUSY_TIMEOUT_MS = 5000
MIGRATIONS_TABLE = "_sqlite_migrations"

NEWER_MESSAGE = "This file was written by a newer Greeter; update Greeter to change it."


class StorageProblem(StoreError):
    """The file or the disk refused a change. Nothing was saved; the message says what to do."""


class DatabaseBusy(StorageProblem):
    pass


class DiskFull(StorageProblem):
    pass


class ReadOnlyDatabase(StorageProblem):
    """The file cannot or must not be changed: read-only, damaged, or from a newer Greeter."""


class DamagedDatabase(StorageProblem):
    pass


class NewerDatabase(ReadOnlyDatabase):
    pass


_BUSY = (
    "The shop's database is busy: another Greeter window or program is saving to it. "
    "Nothing was saved; try again in a moment, and close other copies of Greeter if it "
    "keeps happening."
)
_FULL = (
    "The disk holding the shop's database is full. Nothing was saved; free some space on "
    "that disk (for example move old backups elsewhere), then try again."
)
_READ_ONLY = (
    "The shop's database cannot be changed: the file, its folder or the disk is read-only. "
    "Nothing was saved; make the file and its folder writable, then try again."
)
_DAMAGED = (
    "The shop's database is damaged. Nothing was saved; close Greeter and restore the latest "
    "backup with `greeter restore FILE`."
)
_IO = (
    "The disk holding the shop's database reported an error. Nothing was saved; check the "
    "disk is still connected, then try again."
)

# Connections opened read-only on purpose, with the sentence that says why.
_read_only_reasons: weakref.WeakKeyDictionary[Database, str] = weakref.WeakKeyDictionary()


def translate(error: sqlite3.Error) -> StorageProblem | None:
    """The plain-words StoreError for an error the shop can act on, or None for a bug."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    text = str(error).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return DatabaseBusy(_BUSY)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return DiskFull(_FULL)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnlyDatabase(_READ_ONLY)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return DamagedDatabase(_DAMAGED)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageProblem(_IO)
    return None


@contextlib.contextmanager
def translated() -> Iterator[None]:
    """Re-raise SQLite errors the shop can fix as StorageProblems; anything else is a bug."""
    try:
        yield
    except sqlite3.Error as error:
        problem = translate(error)
        if problem is None:
            raise
        raise problem from error


def _create_private(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) before SQLite opens it, so the
    shop's data is never readable by other accounts, not even for a moment. A folder that
    cannot hold the file raises StorageProblem, saying which and what to do."""
    try:
        private_folder(path.parent)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise StorageProblem(_cannot_create(path, error)) from error


def _cannot_create(path: Path, error: OSError) -> str:
    # The nearest folder there is (or the file in the way), not one that is yet to be made.
    there = next((folder for folder in path.parents if os.path.exists(folder)), path.parent)
    if os.path.exists(there) and not os.path.isdir(there):
        why = f"{there} is a file, not a folder"
        fix = "Choose a folder for the shop: set GREETER_HOME to one, or give --db FILE."
    else:
        why = f"{there} cannot be written ({error.strerror or error})"
        fix = (
            "Make that folder writable, or keep the shop in another one: set GREETER_HOME "
            "to it, or give --db FILE."
        )
    return f"Greeter cannot create the shop's database {path}: {why}. {fix}"


def known_migrations(migrations: Migrations = MIGRATIONS) -> list[str]:
    """The names of every migration this Greeter knows, in order."""
    return [m.name for m in migrations.pending(Database(memory=True, execute_plugins=False))]


def applied_migrations(conn: sqlite3.Connection, set_name: str = MIGRATIONS.name) -> list[str]:
    """Names of the migrations recorded in the file (read-only; [] if it has none)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    return [
        str(r[0])
        for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            [set_name],
        )
    ]


def unknown_migrations(conn: sqlite3.Connection, migrations: Migrations = MIGRATIONS) -> list[str]:
    """Migrations applied to the file that this Greeter does not know: a newer Greeter's."""
    known = set(known_migrations(migrations))
    return [name for name in applied_migrations(conn, migrations.name) if name not in known]


def _pragmas(db: Database) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten with zeros, so an erased customer is gone from the file.
    db.execute("PRAGMA secure_delete = ON")
    # greeter_actor() and greeter_audit_rows(), which the audit triggers call.
    session.register(db)


def connect(
    path: Path | str, *, migrate: bool = True, migrations: Migrations = MIGRATIONS
) -> Database:
    """Open (creating if needed) the database at `path` with Greeter's pragmas.

    Every connection gets WAL with synchronous=FULL (a committed note survives power
    loss), foreign keys and a busy timeout. Transactions are ours to open: the driver's
    implicit ones are off. A file written by a newer Greeter raises NewerDatabase before
    anything is written. `Store` checks the file first; this is the low-level door.
    """
    path = Path(path)
    _create_private(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db = Database(conn, execute_plugins=False)
        _pragmas(db)
        with translated():
            if unknown_migrations(conn, migrations):
                raise NewerDatabase(NEWER_MESSAGE)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            if migrate:
                migrations.apply(db)
    except BaseException:
        conn.close()
        raise
    return db


def read_only_uri(path: Path | str) -> str:
    """A URI that opens the file read-only: SQLite will not write to it, whatever we run.

    In a folder this account cannot write to (a read-only disk, a write-protected USB stick)
    SQLite cannot make the -shm it reads a WAL file with, so there the file is read as
    `immutable`, unchanging: no Greeter of this account can change it where it cannot make
    the -wal a change needs. Not when a -shm is there to read, nor when a -wal holds changes
    the file lacks, which `immutable` would not see."""
    path = Path(path).resolve()
    uri = path.as_uri() + "?mode=ro"
    return uri + "&immutable=1" if _unchangeable(path) else uri


def _unchangeable(path: Path) -> bool:
    shm, wal = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    if os.access(path.parent, os.W_OK) or shm.exists():
        return False
    return not (wal.exists() and wal.stat().st_size > 0)


def connect_read_only(path: Path | str, reason: str = _READ_ONLY) -> Database:
    """Open the file so that nothing can write to it (a `mode=ro` connection that is also
    query-only). `write()` on it raises ReadOnlyDatabase with `reason`. Runs no migration."""
    conn = sqlite3.connect(
        read_only_uri(path), uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    db = Database(conn, execute_plugins=False)
    _pragmas(db)
    db.execute("PRAGMA query_only = ON")
    refuse_writes(db, reason)
    return db


# Empty shops in memory standing in for files that hold no shop Greeter can read.
_stand_ins: weakref.WeakSet[Database] = weakref.WeakSet()


def stand_in(reason: str, name: str, migrations: Migrations = MIGRATIONS) -> Database:
    """An empty shop in memory that refuses writes with `reason`, opened in place of a file
    that holds no shop Greeter can read (not a database, damaged beyond reading, another
    program's). What is built on the store then shows `reason` instead of failing at its
    first query, and a backup can be restored over the file, which is never written to.
    The shop is called `name` (the file's), so the window's title says which file it is."""
    db = Database(sqlite3.connect(":memory:", isolation_level=None), execute_plugins=False)
    _pragmas(db)
    migrations.apply(db)
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('shop_name', ?)", [name])
    # Restoring takes an owner. Nobody in an unreadable file can be known, so the owner is
    # numbered 0, as Auth numbers the owner of a file it cannot write to: no one's record.
    db.execute(
        "INSERT INTO staff (id, name, role, created) VALUES (0, 'Owner', 'owner', datetime('now'))"
    )
    db.execute("PRAGMA query_only = ON")
    refuse_writes(db, reason)
    _stand_ins.add(db)
    return db


def is_stand_in(db: Database) -> bool:
    """True when `db` is a `stand_in`: the file it was opened for holds no readable shop."""
    return db in _stand_ins


def refuse_writes(db: Database, reason: str) -> None:
    """From now on `write(db)` raises ReadOnlyDatabase(reason) before touching the file."""
    _read_only_reasons[db] = reason


def read_only_reason(db: Database) -> str | None:
    """Why this connection refuses writes, or None if it is an ordinary one."""
    return _read_only_reasons.get(db)


# How a thread waits for the write lock without blocking (the window: its event loop runs
# on), given a way to try taking it: True once it took it, False if the person stopped.
LockWaiter = Callable[[Callable[[], bool]], bool]
_lock_waiters: dict[int, LockWaiter] = {}
# Connections inside `without_waiting`, and how many times over.
_impatient: weakref.WeakKeyDictionary[Database, int] = weakref.WeakKeyDictionary()


def wait_for_the_lock_with(waiter: LockWaiter | None) -> None:
    """From now on a write on this thread that finds the file locked by another connection
    (an import) has `waiter` wait for the lock, instead of blocking the thread for up to
    BUSY_TIMEOUT_MS and then failing; None blocks again."""
    if waiter is None:
        _lock_waiters.pop(threading.get_ident(), None)
    else:
        _lock_waiters[threading.get_ident()] = waiter


@contextlib.contextmanager
def without_waiting(db: Database) -> Iterator[None]:
    """Inside, a write finds the file locked by another connection (an import) and raises
    DatabaseBusy at once, instead of waiting: for what can be tried again later, so that
    the window never freezes."""
    depth = _impatient.get(db, 0)
    if not depth:
        db.execute("PRAGMA busy_timeout = 0")
    _impatient[db] = depth + 1
    try:
        yield
    finally:
        _impatient[db] = depth
        if not depth:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _begin(db: Database) -> None:
    """BEGIN IMMEDIATE, waiting for the lock as this thread waits for it."""
    waiter = _lock_waiters.get(threading.get_ident())
    if waiter is None or _impatient.get(db):
        db.execute("BEGIN IMMEDIATE")
        return
    # While the waiter waits, another write on this thread (a timer's) gives up at once.
    with without_waiting(db):
        if not (_took_lock(db) or waiter(lambda: _took_lock(db))):
            raise DatabaseBusy(_BUSY)


def _took_lock(db: Database) -> bool:
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if isinstance(translate(error), DatabaseBusy):
            return False
        raise
    return True


@contextlib.contextmanager
def write(db: Database) -> Iterator[Database]:
    """One all-or-nothing write. Takes the write lock up front (BEGIN IMMEDIATE) so a busy
    database fails at the start, not halfway; nested calls become savepoints. A locked,
    full or read-only file raises a StorageProblem and nothing is written."""
    reason = read_only_reason(db)
    if reason is not None:
        raise ReadOnlyDatabase(reason)
    if db.conn.in_transaction:
        with translated(), _savepoint(db.conn):
            yield db
        return
    with translated():
        _begin(db)
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            # rollback() does nothing if a full disk already rolled the transaction back.
            db.rollback()
            raise


def write_one(db: Database, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """`write` for a single statement. A statement is all or nothing by itself, so inside a
    transaction it runs without a savepoint of its own (a customer import runs thousands)."""
    if db.conn.in_transaction and read_only_reason(db) is None:
        with translated():
            return db.conn.execute(sql, params)
    with write(db):
        return db.conn.execute(sql, params)


@contextlib.contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A nested write: undone alone if it fails. One name serves every level, since SQLite
    releases or rolls back to the most recent savepoint of that name."""
    conn.execute("SAVEPOINT write")
    try:
        yield
    except BaseException:
        # A failure such as a full disk may already have rolled back the whole transaction.
        if conn.in_transaction:
            conn.execute("ROLLBACK TO write")
            conn.execute("RELEASE write")
        raise
    conn.execute("RELEASE write")
