"""Verified backups of the shop's file, keeping the last few, and restoring one safely."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
import time
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
from greeter.store.private_files import megabytes, private_folder, scratch_for, shortened

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
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


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


def _partial_files(partial: Path) -> list[Path]:
    """A backup being written and SQLite's files beside it."""
    return [partial.with_name(partial.name + s) for s in ("", "-journal", "-wal", "-shm")]


def _remove_partial(partial: Path) -> None:
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
    suffix = f".{os.getpid()}.partial"
    # A long name is cut short to leave room for the suffix and SQLite's "-journal" after it.
    partial = folder / f".{shortened(target.name, 1 + len(suffix + '-journal'))}{suffix}"
    try:
        _refuse_target(target, replace=replace)
        private_folder(folder)
        remove_unfinished(folder)
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
    except (sqlite3.Error, OSError) as error:
        raise _failure(target, source, error) from error
    finally:
        _remove_partial(partial)
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
    elif isinstance(error, OSError) and error.errno not in _DISK_FULL:
        return BackupFailed(_cannot_write(target, error))
    return BackupDiskFull(
        f"Could not back up to {target}: the disk is full, and the backup needs about "
        f"{megabytes(_size(source))}. Free some space or choose another backup folder "
        "(setting backup_folder)."
    )


def _cannot_write(target: Path, error: OSError) -> str:
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


def _copy_whole(source: Path, target: Path) -> None:
    """Copy a file byte for byte, owner-only, under a scratch name renamed into place once
    whole and on the disk: `target` is a whole copy or not there."""
    try:
        with scratch_for(target) as scratch, source.open("rb") as src, scratch.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    except OSError as error:
        if error.errno in _DISK_FULL:
            raise BackupDiskFull(f"The disk holding {target.parent} is full.") from error
        raise BackupFailed(_cannot_write(target, error)) from error


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


def _room_to_restore(db_path: Path, source: Path, kept: Path | None) -> str:
    """Why the restore stopped when the disk filled, and how much room it needs."""
    sizes = [source] + ([db_path, db_path.with_name(db_path.name + "-wal")] if kept else [])
    needed = sum(path.stat().st_size for path in sizes if path.exists())
    copy = "a copy of the file it replaces, and the backup" if kept else "the backup"
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
    kept: Path | None = None
    try:
        if not db_path.exists() or db_path.stat().st_size == 0:
            connect(db_path, migrate=False).close()
            _copy_into_live(src, db_path)
            return None
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        name = shortened(db_path.name, _KEPT_ROOM)
        kept = _unused(db_path.with_name(f"{name}.before-restore-{stamp}"))
        _keep_copy(db_path, kept)
        _copy_into(src, db_path)
        return kept
    except (BackupDiskFull, DiskFull) as error:
        # The shop's file is as it was: the copy of it is not needed, and takes the room.
        if kept is not None:
            _remove_kept(kept)
        raise DiskFull(_room_to_restore(db_path, source, kept)) from error
    finally:
        src.close()


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
