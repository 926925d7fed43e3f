"""Putting a backup in place of the shop's file: checked first, a copy kept of what it
replaces, whole or not at all, with what today keeps written into it before it is in place
(who may, and what today keeps: greeter.store.restoring)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from greeter.store.backup import (
    DISK_FULL,
    BackupDiskFull,
    BackupFailed,
    cannot_write,
    fsync,
    make_backup,
    partial_for,
    remove_partial,
)
from greeter.store.database import (
    BUSY_TIMEOUT_MS,
    DiskFull,
    StorageProblem,
    applied_migrations,
    connect,
    read_only_uri,
    translate,
    unknown_migrations,
)
from greeter.store.errors import StoreError
from greeter.store.private_files import megabytes, scratch_for, shortened


class RestoreRefused(StoreError):
    """The file given is not a backup this Greeter can restore; nothing was changed."""


def check_backup(source: Path) -> None:
    """Raise RestoreRefused unless `source` is a whole Greeter database this Greeter knows."""
    name = source.name
    if not source.is_file():
        raise RestoreRefused(f"There is no file {source}.")
    try:
        conn = sqlite3.connect(read_only_uri(source), uri=True, isolation_level=None)
    except sqlite3.Error as error:
        raise RestoreRefused(
            f"{name} cannot be opened ({error}), so nothing was restored."
        ) from error
    try:
        conn.execute("PRAGMA query_only = ON")
        try:
            result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            if str(getattr(error, "sqlite_errorname", "")) == "SQLITE_NOTADB":
                raise
            result = [str(error)]
        if result != ["ok"]:
            raise RestoreRefused(
                f"{name} is damaged ({result[0]}), so nothing was restored. Choose another backup."
            )
        if not applied_migrations(conn):
            raise RestoreRefused(f"{name} is not a Greeter database, so nothing was restored.")
        if unknown_migrations(conn):
            raise RestoreRefused(
                f"{name} was written by a newer Greeter; update Greeter to restore it."
            )
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(
            f"{name} is not a readable Greeter database ({error}), so nothing was restored."
        ) from error
    finally:
        conn.close()


def _copy_whole(source: Path, target: Path) -> None:
    """Copy a file byte for byte, owner-only, under a scratch name renamed into place once
    whole and on the disk: `target` is a whole copy or not there."""
    try:
        with scratch_for(target) as scratch, source.open("rb") as src, scratch.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    except OSError as error:
        if error.errno in DISK_FULL:
            raise BackupDiskFull(f"The disk holding {target.parent} is full.") from error
        raise BackupFailed(cannot_write(target, error)) from error


def _unused(path: Path) -> Path:
    """`path`, or the first free one of `path`-2, -3…: two restores in the same second must
    not replace the copy the first one kept."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _keep_copy(db_path: Path, kept: Path) -> None:
    """A copy of what the restore replaces. A consistent copy through the backup API when the
    file can be read; otherwise the raw file and its -wal, named as a pair SQLite can open.
    Written whole or not at all: a full disk (BackupDiskFull) leaves no copy behind."""
    try:
        live = sqlite3.connect(read_only_uri(db_path), uri=True, isolation_level=None)
        try:
            make_backup(live, kept, verify=False, replace=False)
        finally:
            live.close()
    except BackupDiskFull:
        raise  # a raw copy would not fit either
    except (sqlite3.Error, BackupFailed):
        _copy_whole(db_path, kept)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            try:
                _copy_whole(wal, kept.with_name(kept.name + "-wal"))
            except BackupFailed:
                kept.unlink(missing_ok=True)  # half a pair is no copy
                raise


def _remove_kept(kept: Path) -> None:
    for path in (kept, kept.with_name(kept.name + "-wal")):
        path.unlink(missing_ok=True)


def _room_to_restore(db_path: Path, source: Path, replacing: bool) -> str:
    """Why the restore stopped when the disk filled, and how much room it needs."""
    # The backup twice: made ready beside the shop's file (see `_prepared`), then copied in.
    sizes = [source, source]
    sizes += [db_path, db_path.with_name(db_path.name + "-wal")] if replacing else []
    needed = sum(path.stat().st_size for path in sizes if path.exists())
    copy = (
        "a copy of the file it replaces, and the backup twice" if replacing else "the backup twice"
    )
    return (
        "Nothing was restored: the disk holding the shop's database is full. Restoring needs "
        f"about {megabytes(needed)} free there ({copy}). Free some space on that disk (for "
        "example move old backups elsewhere), then try again."
    )


def _copy_into_live(source: sqlite3.Connection, db_path: Path) -> None:
    """Overwrite the live file's content in one write transaction through the backup API, so
    its -wal and -shm stay consistent and other open connections simply see the new data."""
    live = sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        live.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        source.backup(live)
        live.execute("PRAGMA journal_mode = WAL")
        result = [str(r[0]) for r in live.execute("PRAGMA quick_check")]
    finally:
        live.close()
    if result != ["ok"]:
        raise StorageProblem(
            f"The restored database failed SQLite's check ({result[0]}): the disk may be "
            "failing. Copy the backups somewhere safe before anything else."
        )


def _replace_damaged(source: sqlite3.Connection, db_path: Path) -> None:
    """The live file is too damaged to write into: put a verified copy in its place. Its old
    -wal and -shm belong to the damaged file (already kept) and would be replayed onto the
    restored one, so they go."""
    incoming = make_backup(source, db_path.with_name(f".{shortened(db_path.name, 11)}.restoring"))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming, db_path)
    fsync(db_path.parent, folder=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def restore(
    db_path: Path,
    source: Path,
    *,
    now: dt.datetime | None = None,
    prepare: Callable[[Database], None] | None = None,
) -> Path | None:
    """Replace the shop's database with the backup `source`, after checking it.

    The backup is made ready beside the shop's file first: brought up to this Greeter's
    layout, with what `prepare` writes into it (today's staff and PINs, the numbers given,
    the customers erased since taken out again). Only then does it go in, in one step: a crash
    or power cut at any moment leaves the shop's file as it was, or the backup with all of
    that in it, never the backup alone.

    Returns the copy kept of what was replaced (`greeter.db.before-restore-<time>`), or None
    when there was no database yet. Close Greeter windows first when the live file is damaged.
    """
    db_path, source = Path(db_path), Path(source)
    if db_path.exists() and source.exists() and os.path.samefile(db_path, source):
        raise RestoreRefused(f"{source.name} is the shop's database itself, not a backup.")
    check_backup(source)
    src = sqlite3.connect(read_only_uri(source), uri=True, isolation_level=None)
    kept: Path | None = None
    replacing = db_path.exists() and db_path.stat().st_size > 0
    try:
        if not replacing:  # made first: a folder that cannot hold it says so, in those words
            connect(db_path, migrate=False).close()
        with _prepared(src, db_path, prepare) as incoming:
            if not replacing:
                _copy_into_live(incoming, db_path)
                return None
            stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
            name = shortened(db_path.name, _KEPT_ROOM)
            kept = _unused(db_path.with_name(f"{name}.before-restore-{stamp}"))
            _keep_copy(db_path, kept)
            _copy_into(incoming, db_path)
            return kept
    except (BackupDiskFull, DiskFull) as error:
        # The shop's file is as it was: the copy of it is not needed, and takes the room.
        if kept is not None:
            _remove_kept(kept)
        raise DiskFull(_room_to_restore(db_path, source, replacing)) from error
    finally:
        src.close()


@contextlib.contextmanager
def _prepared(
    source: sqlite3.Connection, db_path: Path, prepare: Callable[[Database], None] | None
) -> Iterator[sqlite3.Connection]:
    """The backup as it is to be put in place: copied beside the shop's file under a hidden
    name of this process's, migrated, and given what `prepare` writes. Removed afterwards;
    one a killed restore left is removed by the next restore or backup there (see
    `greeter.store.backup.unfinished_backups`)."""
    ready = make_backup(source, partial_for(db_path), verify=False)
    try:
        db = connect(ready)
        try:
            if prepare is not None:
                prepare(db)
            yield db.conn
        finally:
            db.close()
    finally:
        remove_partial(ready)


# What `restore` adds to the name of the copy it keeps: ".before-restore-<time>-2-wal".
_KEPT_ROOM = len(".before-restore-20261122-083000-99-wal")


def _copy_into(source: sqlite3.Connection, db_path: Path) -> None:
    """Copy the backup into the live file, or in place of one too damaged to write into.
    A full disk raises DiskFull or BackupDiskFull before the live file is changed."""
    try:
        _copy_into_live(source, db_path)
    except sqlite3.DatabaseError as error:
        name = str(getattr(error, "sqlite_errorname", ""))
        if not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            problem = translate(error)
            raise (problem or error) from error
        _replace_damaged(source, db_path)
