"""Verified backups of the shop's file, keeping the last few, and restoring one safely."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from greeter.store.database import (
    BUSY_TIMEOUT_MS,
    DamagedDatabase,
    DiskFull,
    StorageProblem,
    applied_migrations,
    connect,
    read_only_uri,
    translate,
    unknown_migrations,
)
from greeter.store.errors import StoreError
from greeter.store.private_files import private_folder

if TYPE_CHECKING:
    from greeter.store import Store

DEFAULT_KEPT = 14
_STAMP = "%Y-%m-%d-%H%M%S"
_DAILY = re.compile(r"-(\d{4}-\d{2}-\d{2})-\d{6}\.db")


class BackupFailed(StoreError):
    pass


class BackupTargetExists(BackupFailed):
    """The file a backup was to be written to is there already; replacing it must be asked."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} already exists; choose another name or replace it.")
        self.target = target


class RestoreRefused(StoreError):
    pass


# -- where backups go ---------------------------------------------------------------------


def backup_folder(db_path: Path, configured: str = "") -> Path:
    """The `backup_folder` setting (relative to the database's folder), or `backups/` beside
    the database."""
    if configured.strip():
        folder = Path(configured.strip()).expanduser()
        return folder if folder.is_absolute() else db_path.parent / folder
    return db_path.parent / "backups"


def configured_setting(conn: sqlite3.Connection, key: str) -> str:
    """One raw setting, read defensively: "" if the file is damaged or has no such row."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row else ""


def store_backup_folder(store: Store) -> Path:
    return backup_folder(store.path, configured_setting(store.db.conn, "backup_folder"))


def _backups_kept(store: Store) -> int:
    raw = configured_setting(store.db.conn, "backups_kept")
    try:
        kept = int(raw) if raw else DEFAULT_KEPT
    except ValueError:
        kept = DEFAULT_KEPT
    return max(1, kept)  # never rotate every backup away


def backup_name(db_path: Path, when: dt.datetime) -> str:
    return f"{db_path.stem}-{when.strftime(_STAMP)}.db"


def _daily_date(db_path: Path, candidate: Path) -> str | None:
    prefix = db_path.stem
    if not candidate.name.startswith(prefix):
        return None
    match = _DAILY.fullmatch(candidate.name[len(prefix) :])
    return match.group(1) if match else None


def daily_backups(db_path: Path, folder: Path) -> list[Path]:
    """The rotated backups of this database, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and _daily_date(db_path, p)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def list_backups(db_path: Path, folder: Path) -> list[Path]:
    """Every backup of this database in `folder` (daily and before-update), newest first."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(f"{db_path.stem}-") and p.suffix == ".db"
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


# -- making one ---------------------------------------------------------------------------


def _fsync(path: Path, *, folder: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if folder else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if folder:  # Windows cannot open folders; its rename is durable enough
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_partial(partial: Path) -> None:
    for name in (partial.name, *(partial.name + s for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            (partial.parent / name).unlink()


def _live_files(target: Path) -> list[Path]:
    """The -wal, -shm or -journal beside `target`: SQLite's own files of a database in use (or
    stopped mid-write), which would be replayed onto whatever replaced it."""
    beside = (target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal"))
    return [path for path in beside if path.exists()]


def _refuse_target(target: Path, *, replace: bool) -> None:
    """BackupFailed unless a backup may be written to `target`: never over a database in use,
    and over any other file only when `replace` is asked for."""
    live = _live_files(target)
    if live:
        raise BackupFailed(
            f"{target} is a database in use ({live[0].name} is beside it), so no backup was "
            "written over it. Choose another name."
        )
    if target.is_dir():
        raise BackupFailed(f"{target} is a folder; choose a file name for the backup.")
    if not replace and (target.exists() or target.is_symlink()):
        raise BackupTargetExists(target)


def make_backup(
    source: sqlite3.Connection, target: Path, *, verify: bool = True, replace: bool = True
) -> Path:
    """Copy the open database into `target` through SQLite's online backup API.

    The copy is written under a temporary name, turned into a single self-contained file,
    checked with `PRAGMA integrity_check`, fsynced and only then renamed into place, so
    `target` is either a whole, verified backup or absent. Files are 0600, folders 0700.
    `target` is refused if it is a database in use, or if it exists and not `replace`.
    """
    folder = target.parent
    partial = folder / f".{target.name}.{os.getpid()}.partial"
    _refuse_target(target, replace=replace)
    try:
        private_folder(folder)
        _remove_partial(partial)
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal to lose
            result = [str(r[0]) for r in copy.execute("PRAGMA integrity_check")] if verify else []
        finally:
            copy.close()
        if verify and result != ["ok"]:
            raise BackupFailed(
                f"The backup failed SQLite's integrity check ({result[0]}), so it was not "
                "kept. The shop's database may be damaged: restore an earlier backup with "
                "`greeter restore FILE`."
            )
        _fsync(partial)
        _refuse_target(target, replace=replace)  # again: the copy may have taken a while
        os.replace(partial, target)
        _fsync(folder, folder=True)
    except sqlite3.Error as error:
        raise BackupFailed(_backup_error(target, error)) from error
    except OSError as error:
        raise BackupFailed(
            f"Could not write the backup {target}: {error.strerror or error}. Check that the "
            "backup folder exists, is writable and has free space (setting backup_folder)."
        ) from error
    finally:
        _remove_partial(partial)
    return target


def _backup_error(target: Path, error: sqlite3.Error) -> str:
    problem = translate(error)
    if isinstance(problem, DamagedDatabase):
        return (
            "The shop's database seems damaged, so no backup was made and the earlier ones "
            "are kept. Restore the latest backup with `greeter restore FILE`."
        )
    if isinstance(problem, DiskFull):
        return (
            f"Could not back up to {target}: the disk is full. Free some space or choose "
            "another backup folder (setting backup_folder)."
        )
    return f"Could not back up to {target}: {error}."


def rotate(db_path: Path, folder: Path, kept: int) -> list[Path]:
    """Delete all but the newest `kept` daily backups; returns what was deleted."""
    old = daily_backups(db_path, folder)[max(1, kept) :]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def backup_now(
    store: Store,
    out: Path | None = None,
    *,
    now: dt.datetime | None = None,
    replace: bool = False,
    into_folder: bool = False,
) -> Path:
    """Back up the open store: to `out` if given (a file, or a folder: one that exists, or
    any with `into_folder`, made 0700 if it is not there yet), otherwise into the backup
    folder, keeping the newest `backups_kept`.

    An `out` file that exists is refused (BackupTargetExists) unless `replace`; one that is
    a database in use, the shop's own included, is refused always. A copy of a file that can
    only be read pushes no earlier backup out of the folder: one from a newer Greeter cannot
    be restored by this one. In a folder, the backup is given the usual name: one made in the
    same second as another there is named a second on, and replaces none."""
    when = now or dt.datetime.now()
    if out is not None and not (into_folder or out.is_dir()):
        if out.exists() and store.path.exists() and os.path.samefile(out, store.path):
            raise BackupFailed("A backup cannot overwrite the shop's database itself.")
        return make_backup(store.db.conn, out, replace=replace)
    folder = store_backup_folder(store) if out is None else out
    if into_folder and folder.exists() and not folder.is_dir():
        raise BackupFailed(
            f"{folder} is a file, not a folder, so no backup was written into it. Give a "
            "folder, or a file name without the / at its end."
        )
    target = folder / backup_name(store.path, when)
    while target.exists():  # two in one second: the later is named a second on, none replaced
        when += dt.timedelta(seconds=1)
        target = folder / backup_name(store.path, when)
    target = make_backup(store.db.conn, target)
    if out is None and not store.read_only:
        rotate(store.path, folder, _backups_kept(store))
    return target


def maybe_daily_backup(store: Store, *, now: dt.datetime | None = None) -> Path | None:
    """Make today's backup unless one exists; returns its path when it made one.

    A read-only store (damaged, newer or unwritable file) is not backed up: a damaged copy
    must never push a good backup out of the rotation.
    """
    if store.read_only:
        return None
    when = now or dt.datetime.now()
    today = when.date().isoformat()
    folder = store_backup_folder(store)
    if any(_daily_date(store.path, p) == today for p in daily_backups(store.path, folder)):
        return None
    return backup_now(store, now=when)


def start_up_backup(store: Store) -> Path | None:
    """`maybe_daily_backup` for the window's start: a failure (disk full, folder missing)
    becomes one of `store.warnings` for the window to show, instead of stopping it."""
    try:
        return maybe_daily_backup(store)
    except StoreError as error:
        store.warnings.append(f"Today's backup was not made: {error}")
        return None


# -- restoring one ------------------------------------------------------------------------


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


def _copy_private(source: Path, target: Path) -> None:
    with source.open("rb") as src:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())


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
    file can be read; otherwise the raw file and its -wal, named as a pair SQLite can open."""
    try:
        live = sqlite3.connect(read_only_uri(db_path), uri=True, isolation_level=None)
        try:
            make_backup(live, kept, verify=False, replace=False)
        finally:
            live.close()
    except (sqlite3.Error, BackupFailed):
        _copy_private(db_path, kept)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            _copy_private(wal, kept.with_name(kept.name + "-wal"))


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
    incoming = make_backup(source, db_path.with_name(f".{db_path.name}.restoring"))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming, db_path)
    _fsync(db_path.parent, folder=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def restore(db_path: Path, source: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Replace the shop's database with the backup `source`, after checking it.

    Returns the copy kept of what was replaced (`greeter.db.before-restore-<time>`), or None
    when there was no database yet. Close Greeter windows first when the live file is damaged.
    """
    db_path, source = Path(db_path), Path(source)
    if db_path.exists() and source.exists() and os.path.samefile(db_path, source):
        raise RestoreRefused(f"{source.name} is the shop's database itself, not a backup.")
    check_backup(source)
    src = sqlite3.connect(read_only_uri(source), uri=True, isolation_level=None)
    try:
        if not db_path.exists() or db_path.stat().st_size == 0:
            connect(db_path, migrate=False).close()
            _copy_into_live(src, db_path)
            return None
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = _unused(db_path.with_name(f"{db_path.name}.before-restore-{stamp}"))
        _keep_copy(db_path, kept)
        try:
            _copy_into_live(src, db_path)
        except sqlite3.DatabaseError as error:
            name = str(getattr(error, "sqlite_errorname", ""))
            if not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                problem = translate(error)
                raise (problem or error) from error
            _replace_damaged(src, db_path)
        return kept
    finally:
        src.close()
