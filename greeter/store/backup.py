"""Verified backups of the shop's file, keeping the last few (restoring one: restore_file)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from greeter.store.database import (
    DamagedDatabase,
    DiskFull,
    read_only_uri,
    translate,
)
from greeter.store.errors import StoreError
from greeter.store.private_files import megabytes, private_folder, shortened

if TYPE_CHECKING:
    from greeter.store import Store

DEFAULT_KEPT = 14
_STAMP = "%Y-%m-%d-%H%M%S"
_DAILY = re.compile(r"-(\d{4}-\d{2}-\d{2})-\d{6}\.db")
# What a backup's name adds to the shop's: "-<time>.db", or "-before-<change>-<time>.db".
_BACKUP_ROOM = 80
# A backup being written: `.<name>.<process id>.partial`.
_PARTIAL = re.compile(r"\..+\.(\d+)\.partial")
_ABANDONED_AFTER = 3600  # seconds unwritten after which a partial backup is given up for lost
DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


class BackupFailed(StoreError):
    pass


class BackupDiskFull(BackupFailed):
    """The disk the backup was being written to is full; nothing of it is left there."""


class SourceDamaged(BackupFailed):
    """The database being backed up cannot be read whole: it is damaged."""


class BackupTargetExists(BackupFailed):
    """The file a backup was to be written to is there already; replacing it must be asked."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"{target} already exists; choose another name or replace it.")
        self.target = target


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


def backup_stem(db_path: Path) -> str:
    """How the names of the shop's backups start: its file's name without `.db`, cut short
    when it is so long that the time added would make too long a file name."""
    return shortened(db_path.stem, _BACKUP_ROOM)


def backup_name(db_path: Path, when: dt.datetime) -> str:
    return f"{backup_stem(db_path)}-{when.strftime(_STAMP)}.db"


def _daily_date(db_path: Path, candidate: Path) -> str | None:
    prefix = backup_stem(db_path)
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
        if p.is_file() and p.name.startswith(f"{backup_stem(db_path)}-") and p.suffix == ".db"
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def customers_in(backup: Path) -> int | None:
    """How many customers `backup` holds, for a list to choose one from: only read, and not
    checked (a restore checks the one chosen). None when it cannot be read so."""
    try:  # immutable: nothing is written beside it, not even a -shm file
        uri = f"{read_only_uri(backup)}&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("SELECT count(*) FROM customers").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# -- making one ---------------------------------------------------------------------------


def fsync(path: Path, *, folder: bool = False) -> None:
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


def _partial_files(partial: Path) -> list[Path]:
    """A backup being written and SQLite's files beside it."""
    return [partial.with_name(partial.name + s) for s in ("", "-journal", "-wal", "-shm")]


def partial_for(target: Path) -> Path:
    """The hidden name a copy becoming `target` is written under, owned by this process: one
    left behind by a process that is gone is removed by the next backup in its folder (see
    `unfinished_backups`), with SQLite's files beside it."""
    suffix = f".{os.getpid()}.partial"
    # A long name is cut short to leave room for the suffix and SQLite's "-journal" after it.
    return target.parent / f".{shortened(target.name, 1 + len(suffix + '-journal'))}{suffix}"


def remove_partial(partial: Path) -> None:
    """Remove a partial copy (see `partial_for`) and SQLite's files beside it."""
    for path in _partial_files(partial):
        with contextlib.suppress(OSError):
            path.unlink()


def unfinished_backups(folder: Path) -> list[Path]:
    """Backups left half-written in `folder` by a Greeter stopped while making them (killed,
    or the computer switched off): the process named in their name is gone, or nothing has
    written to them for an hour. Each is as big as the shop's file, and never finished."""
    try:
        candidates = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        path
        for path in candidates
        if (match := _PARTIAL.fullmatch(path.name)) and _abandoned(path, int(match.group(1)))
    ]


def _abandoned(path: Path, pid: int) -> bool:
    try:
        idle = time.time() - path.stat().st_mtime
    except OSError:
        return False
    return idle > _ABANDONED_AFTER or not _running(pid)


def _running(pid: int) -> bool:
    # Windows has no way to ask without harm (os.kill would stop it): there, only age counts.
    if os.name != "posix" or pid <= 0 or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another account's process: running
        return True
    return True


def remove_unfinished(folder: Path) -> tuple[int, int]:
    """Remove the `unfinished_backups` in `folder`: (how many, bytes freed)."""
    found = unfinished_backups(folder)
    freed = 0
    for partial in found:
        for path in _partial_files(partial):
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                path.unlink()
                freed += size
    return len(found), freed


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
    Backups left half-written in the folder by a Greeter stopped while making them are
    removed first (see `unfinished_backups`). A full disk raises BackupDiskFull.
    """
    folder = target.parent
    partial = partial_for(target)
    try:
        _refuse_target(target, replace=replace)
        private_folder(folder)
        remove_unfinished(folder)
        remove_partial(partial)
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
        fsync(partial)
        _refuse_target(target, replace=replace)  # again: the copy may have taken a while
        os.replace(partial, target)
        fsync(folder, folder=True)
    except (sqlite3.Error, OSError) as error:
        raise _failure(target, source, error) from error
    finally:
        remove_partial(partial)
    return target


def _failure(target: Path, source: sqlite3.Connection, error: Exception) -> BackupFailed:
    """What went wrong writing a backup, in words that fit it."""
    if isinstance(error, sqlite3.Error):
        problem = translate(error)
        if isinstance(problem, DamagedDatabase):
            return SourceDamaged(
                "The shop's database seems damaged, so no backup was made and the earlier ones "
                "are kept. Restore the latest backup with `greeter restore FILE`."
            )
        if not isinstance(problem, DiskFull):
            return BackupFailed(f"Could not back up to {target}: {error}.")
    elif isinstance(error, OSError) and error.errno not in DISK_FULL:
        return BackupFailed(cannot_write(target, error))
    return BackupDiskFull(
        f"Could not back up to {target}: the disk is full, and the backup needs about "
        f"{megabytes(_size(source))}. Free some space or choose another backup folder "
        "(setting backup_folder)."
    )


def cannot_write(target: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:
        return f"Could not write the backup {target}: its name is too long. Choose a shorter one."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"Could not write the backup {target}: its folder cannot be written ({reason}). "
            "Make it writable, or choose another backup folder (setting backup_folder)."
        )
    return (
        f"Could not write the backup {target}: {reason}. Check that the backup folder exists, "
        "is writable and has free space (setting backup_folder)."
    )


def _size(source: sqlite3.Connection) -> int:
    """How many bytes a copy of the open database takes (0 if that cannot be read)."""
    try:
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        page_size = source.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error:
        return 0
    return int(pages) * int(page_size)


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
    folder = backup_destination(store, out, into_folder=into_folder)
    if out is not None and folder != out:  # `out` names the backup file itself
        if _same_file(out, store.path):
            raise BackupFailed("A backup cannot overwrite the shop's database itself.")
        return make_backup(store.db.conn, out, replace=replace)
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


def backup_destination(store: Store, out: Path | None, *, into_folder: bool = False) -> Path:
    """The folder `backup_now(store, out, into_folder=…)` writes its backup into: `out`
    itself when it is one."""
    if out is None:
        return store_backup_folder(store)
    try:
        is_folder = into_folder or out.is_dir()
    except OSError:  # a name too long, say: writing the backup there says what is wrong
        is_folder = False
    return out if is_folder else out.parent


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # either is not there (or cannot be)
        return False


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
