"""Start-up checks on the shop's file: is it whole, is it ours, and is it somewhere safe."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database, Migrations

from greeter.store.backup import (
    backup_folder,
    backup_stem,
    configured_setting,
    list_backups,
    make_backup,
)
from greeter.store.database import (
    MIGRATIONS_TABLE,
    NEWER_MESSAGE,
    DamagedDatabase,
    StorageProblem,
    applied_migrations,
    connect,
    connect_read_only,
    known_migrations,
    read_only_uri,
    refuse_writes,
    stand_in,
    translate,
)
from greeter.store.erasure_ledger import LedgerNotWritten, mirror_if_behind
from greeter.store.in_use import OpenMark, others_have_open
from greeter.store.migrations import MIGRATIONS

# Words in a folder name that give a sync service away, and the name to show.
SYNC_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "icloud": "iCloud",
    "clouddocs": "iCloud",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud": "pCloud",
}
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "fuse.sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
    }
)
PROC_MOUNTS = Path("/proc/mounts")


@dataclass(frozen=True)
class Opened:
    """An open database and what the start-up checks found."""

    db: Database
    read_only: bool = False
    problem: str | None = None  # why it is read-only, in words the shop can act on
    warnings: tuple[str, ...] = ()
    unclean_stop: bool = False  # the last Greeter to use it did not close it
    checked: bool = False  # PRAGMA quick_check ran and passed (or found `problem`)
    mark: OpenMark | None = None  # tells other Greeters it is open and sound; closed with db
    damaged: bool = False  # `problem` is damage: nothing read from the file can be trusted


# -- where the file lives -----------------------------------------------------------------


def sync_service(path: Path) -> str | None:
    """The sync service whose folder holds `path` (Dropbox, OneDrive…), if any."""
    for part in Path(path).expanduser().absolute().parts:
        folded = part.casefold()
        for word, service in SYNC_FOLDERS.items():
            if word in folded:
                return service
    return None


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def network_mount(path: Path, mounts: Path = PROC_MOUNTS) -> tuple[str, str] | None:
    """(filesystem type, mount point) when `path` is on a network filesystem (Linux)."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = Path(os.path.realpath(Path(path).expanduser()))
    best: tuple[int, str, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fstype = Path(_unescape_mount(fields[1])), fields[2]
        if (target == point or point in target.parents) and (
            best is None or len(point.parts) >= best[0]
        ):
            best = (len(point.parts), str(point), fstype)
    if best and (best[2] in NETWORK_FILESYSTEMS or best[2].split(".")[0] in NETWORK_FILESYSTEMS):
        return best[2], best[1]
    return None


def _windows_network_drive(path: Path) -> bool:
    if str(path).startswith(("\\\\", "//")):
        return True  # \\server\share
    if sys.platform == "win32":
        import ctypes

        drive = Path(path).absolute().drive
        drive_remote = 4
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote
    return False


def location_warnings(path: Path, *, mounts: Path = PROC_MOUNTS) -> list[str]:
    """Plain warnings when the file lives where SQLite is not safe: a sync folder or a
    network drive. Greeter still opens it; the shop should move it."""
    warnings: list[str] = []
    service = sync_service(path)
    if service:
        warnings.append(
            f"The shop's database is inside a {service} folder ({Path(path).parent}). Sync "
            "programs can copy the file half-written and lose or damage customer data: move "
            "it to a local folder that is not synced (backups may go to the synced folder)."
        )
    network = network_mount(path, mounts)
    if network or _windows_network_drive(path):
        where = f" ({network[0]} at {network[1]})" if network else ""
        warnings.append(
            f"The shop's database is on a network drive{where}. SQLite files can be damaged "
            "when used over a network: keep it on this computer's own disk."
        )
    return warnings


# -- is it whole and ours -----------------------------------------------------------------


def wal_file(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def unclean_stop(path: Path) -> bool:
    """A non-empty -wal at open means the last program to use the file did not close it
    (a crash, power loss, or one still running): the file deserves a quick check."""
    wal = wal_file(path)
    return wal.exists() and wal.stat().st_size > 0


def _backup_folder_of(path: Path, conn: sqlite3.Connection | None) -> Path:
    configured = configured_setting(conn, "backup_folder") if conn is not None else ""
    return backup_folder(path, configured)


def latest_backup(path: Path, conn: sqlite3.Connection | None = None) -> Path | None:
    """The newest backup of the shop's file, in the folder its settings name (read through
    `conn`, when the file can be read) or else in `backups/` beside it."""
    backups = list_backups(path, _backup_folder_of(path, conn))
    return backups[0] if backups else None


def _restore_offer(path: Path, conn: sqlite3.Connection | None) -> str:
    latest = latest_backup(path, conn)
    if latest is not None:
        return f'Restore the latest backup with: greeter restore "{latest}"'
    where = _backup_folder_of(path, conn).absolute()
    return f"Restore a backup with: greeter restore FILE (no backups found in {where})."


def damaged_message(path: Path, detail: str, conn: sqlite3.Connection | None) -> str:
    return (
        f"The shop's database {path.name} is damaged ({detail}). Greeter opened it read-only "
        f"and will not change it. {_restore_offer(path, conn)}"
    )


def read_failure(path: Path | str, error: sqlite3.Error) -> StorageProblem | None:
    """The StorageProblem to report when reading the shop's file failed part-way, or None
    for a bug. Damage the start-up check did not look for (it runs after a crash, or when
    asked) is found by the first read of a damaged page: say so, and which backup to
    restore, as the check would have."""
    problem = translate(error)
    if not isinstance(problem, DamagedDatabase):
        return problem
    path = Path(path)
    try:
        conn: sqlite3.Connection | None = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        conn = None
    try:
        return DamagedDatabase(
            f"The shop's database {path.name} is damaged ({error}), so Greeter stopped. "
            f"{_restore_offer(path, conn)}"
        )
    finally:
        if conn is not None:
            conn.close()


@dataclass(frozen=True)
class _Finding:
    """Why the file must not be written to, and whether a shop can still be read from it."""

    problem: str
    readable: bool
    damaged: bool = False


def _examine(
    conn: sqlite3.Connection, path: Path, *, quick: bool, migrations: Migrations
) -> _Finding | None:
    """What stops Greeter writing to the file, or None. Reads only."""
    try:
        tables = [
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        applied = applied_migrations(conn, migrations.name)
    except sqlite3.DatabaseError as error:
        return _Finding(_damage(path, error, conn), readable=False, damaged=True)
    damage = _quick_check(conn, path) if quick else None
    if damage is not None:
        # A damaged page or two: the rest of a Greeter shop can still be shown.
        return _Finding(damage, readable=bool(applied), damaged=True)
    ours = [t for t in tables if not t.startswith("sqlite_") and t != MIGRATIONS_TABLE]
    if not applied:
        if ours:
            return _Finding(
                f"{path.name} is not a Greeter database, so Greeter opened it read-only. "
                "Choose the shop's own file (--db) or a new file name.",
                readable=False,
            )
        return None  # an empty file, or a first start that stopped before the first migration
    if set(applied) - set(known_migrations(migrations)):
        return _Finding(f"{NEWER_MESSAGE} It is open read-only.", readable=True)
    return None


def _quick_check(conn: sqlite3.Connection, path: Path) -> str | None:
    """damaged_message when PRAGMA quick_check finds damage (or trips over it), else None."""
    try:
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        return _damage(path, error, conn)
    return None if result == ["ok"] else damaged_message(path, result[0], conn)


def _damage(path: Path, error: sqlite3.DatabaseError, conn: sqlite3.Connection) -> str:
    """damaged_message for an error reading the file; a busy file or a failing disk is
    not the file's fault, and is raised as the StorageProblem it is."""
    trouble = translate(error)
    if trouble is not None and not isinstance(trouble, DamagedDatabase):
        raise trouble from error
    return damaged_message(path, str(error), conn)


def empty_file(path: Path) -> bool:
    """True for a file of 0 bytes with no log beside it: no shop, though the path exists
    (`sqlite3 FILE` and quitting, or `: > FILE`, leave one)."""
    return path.is_file() and path.stat().st_size == 0 and not unclean_stop(path)


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise StorageProblem(
            f"{path} is a folder, not a shop's database file. Give the shop's file itself "
            f"(--db), for example {path / 'greeter.db'}."
        )


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


UPGRADING = (
    "updating the shop's file for this version of Greeter: this happens once, and a large "
    "shop can take a minute or two"
)


@dataclass(frozen=True)
class PendingUpgrade:
    """An existing Greeter file that opening will bring up to this version's layout."""

    migrations: tuple[str, ...]
    backups: Path  # where the copy from before the upgrade is kept


def _upgrade_of(
    conn: sqlite3.Connection, path: Path, migrations: Migrations
) -> PendingUpgrade | None:
    applied = applied_migrations(conn, migrations.name)
    known = known_migrations(migrations)
    pending = tuple(name for name in known if name not in applied)
    if not applied or not pending or set(applied) - set(known):
        return None
    return PendingUpgrade(pending, backup_folder(path, configured_setting(conn, "backup_folder")))


def pending_upgrade(path: Path | str, migrations: Migrations = MIGRATIONS) -> PendingUpgrade | None:
    """What opening `path` will upgrade, read without changing anything: None for a new,
    current, newer, foreign or unreadable file (opening says what is wrong with those). On
    a big shop an upgrade takes a while, so the window and the commands say so first."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        return _upgrade_of(conn, path, migrations)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _backup_before_migrating(
    conn: sqlite3.Connection, path: Path, migrations: Migrations
) -> Path | None:
    """Vorta's habit: copy an existing database aside before changing its layout."""
    upgrade = _upgrade_of(conn, path, migrations)
    if upgrade is None:
        return None
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    name = f"{backup_stem(path)}-before-{upgrade.migrations[0]}-{stamp}.db"
    return make_backup(conn, upgrade.backups / name)


def open_database(
    path: Path | str,
    *,
    verify: bool = False,
    already_open: bool = False,
    migrations: Migrations = MIGRATIONS,
) -> Opened:
    """Open the shop's file after checking it, never writing to a file that fails a check.

    A new file is created (0600) and migrated. An existing one is first opened read-only:
    after an unclean stop, or when `verify` is set, it gets `PRAGMA quick_check`. A damaged,
    unreadable, foreign, unwritable or newer-Greeter file stays read-only with `problem`
    saying why and what to do; otherwise it is backed up if migrations are pending, then
    opened for writing and migrated. A file with no shop that can be read in it (not a
    database, damaged beyond reading, another program's) is not opened at all: `db` is an
    empty `stand_in` for it. A folder raises StorageProblem.

    A file another Greeter has open (see `in_use`) is not taken for uncleanly stopped, nor
    is it with `already_open`: this process has it open for writing and checked it when it
    opened it (a worker thread's connection beside the window's). An open connection's log
    makes the file look uncleanly stopped, and a whole-file check takes a minute at a
    chain's size.
    """
    path = Path(path)
    _refuse_folder(path)
    warnings = tuple(location_warnings(path))
    if already_open:  # the ledger beside it was seen to when this process opened it
        return _writable_opened(path, migrations, warnings, ledger=False)
    unclean = unclean_stop(path) and not others_have_open(path)
    if not unclean and (not path.exists() or path.stat().st_size == 0):
        return _writable_opened(path, migrations, warnings)
    checked = verify or unclean
    try:
        probe = connect_read_only(path)
    except sqlite3.Error as error:
        raise StorageProblem(
            f"Greeter cannot open {path} ({error}). Check that the file exists and that this "
            "account may read it."
        ) from error
    try:
        finding = _examine(probe.conn, path, quick=checked, migrations=migrations)
        if finding is None and not _writable(path):
            finding = _Finding(
                f"{path.name} is read-only (the file or its folder cannot be written), so "
                "Greeter opened it read-only. Make it writable to add notes again.",
                readable=True,
            )
        if finding is not None and not finding.readable:
            probe.close()
            db = stand_in(finding.problem, path.name, migrations)
            return Opened(
                db, True, finding.problem, warnings, unclean, checked, damaged=finding.damaged
            )
        if finding is not None:
            refuse_writes(probe, finding.problem)
            return Opened(
                probe, True, finding.problem, warnings, unclean, checked, damaged=finding.damaged
            )
        _backup_before_migrating(probe.conn, path, migrations)
    except BaseException:
        probe.close()
        raise
    probe.close()
    return _writable_opened(path, migrations, warnings, unclean=unclean, checked=checked)


def _writable_opened(
    path: Path,
    migrations: Migrations,
    warnings: tuple[str, ...],
    *,
    unclean: bool = False,
    checked: bool = False,
    ledger: bool = True,
) -> Opened:
    db = connect(path, migrations=migrations)
    if ledger:
        warnings += tuple(_ledger_beside(db))
    return Opened(db, False, None, warnings, unclean, checked, OpenMark(path))


def _ledger_beside(db: Database) -> list[str]:
    """The erasure ledger beside the file, written again if an erasure stopped before it
    was (see `mirror_if_behind`); a warning when it cannot be."""
    try:
        mirror_if_behind(db)
    except LedgerNotWritten as error:
        return [str(error)]
    return []
