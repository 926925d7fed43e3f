"""Restoring a backup the safe way: by an owner, even over a file too damaged to say who
that is; today's staff and PINs stay today's, erased people stay erased, numbers given stay
given, and the restore is audited."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from greeter.core.audit import AuditEvent
from greeter.core.models import Staff
from greeter.core.permissions import Action, Role
from greeter.core.settings import ShopSettings
from greeter.core.text import counted
from greeter.store import Store, rows, session
from greeter.store.audit import AuditLog
from greeter.store.auth import Auth, LockedOut, WrongPin
from greeter.store.backup import backup_folder, configured_setting
from greeter.store.customer_numbers import keep_numbers_given, numbers_given
from greeter.store.database import connect_read_only, is_stand_in, read_only_uri, write
from greeter.store.erasure import ErasureUnfinished, erase_again, finish_erasures, scrub
from greeter.store.erasure_ledger import (
    SIDECAR_SUFFIX,
    DamagedLedger,
    Ledger,
    known_secrets,
    read_ledger,
    read_sidecar,
    sidecar_path,
)
from greeter.store.errors import StoreError
from greeter.store.restore_file import check_backup, restore
from greeter.store.staff import Roster, RosterCarried, StaffStore, carry_roster, read_roster

# Who restores a backup over a file that cannot say who its owner is, or where there is none.
BACKUP_OWNER_ASKED = "so an owner of this backup must type their PIN to restore it."


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # the copy of what was replaced
    erased_again: list[int]  # customers the backup still held although they were erased
    staff: RosterCarried | None = None  # today's staff and PINs, kept; None: the backup's
    erased_from: dict[str, int] = field(default_factory=dict)  # whose ledger: how many
    unfinished: str = ""  # what erasing again left to do (see ErasureUnfinished); "": none

    def said(self) -> list[str]:
        """What the restore kept of today and erased again, in sentences for the shop."""
        said = []
        if self.staff is not None and (self.staff.removed or self.staff.added):
            said.append(_staff_said(self.staff))
        if self.erased_again:
            n = len(self.erased_again)
            # The usual place, the file replaced (or the backup's own ledger), goes unsaid.
            found = {p: c for p, c in self.erased_from.items() if p not in _USUAL_PLACES}
            if len(found) == 1 and sum(found.values()) == n:
                whose = f", as the erasure ledger in {next(iter(found))} says"
            elif found:
                places = [f"{place} ({count})" for place, count in found.items()]
                whose = f"; the erasure ledgers elsewhere: {_and(places)}"
            else:
                whose = ""
            said.append(
                f"{counted(n, 'erased customer').capitalize()} it still held "
                f"{'was' if n == 1 else 'were'} erased again{whose}."
            )
        if self.unfinished:
            said.append(self.unfinished)
        return said


_REPLACED, _ITSELF = "the file it replaced", "the backup itself"
_USUAL_PLACES = (_REPLACED, _ITSELF)


def _staff_said(staff: RosterCarried) -> str:
    changes = []
    if staff.removed:
        stay = "stays" if len(staff.removed) == 1 else "stay"
        changes.append(f"{_and(staff.removed)}, removed since the backup, {stay} removed")
    if staff.added:
        stay = "stays" if len(staff.added) == 1 else "stay"
        changes.append(f"{_and(staff.added)}, on the staff since the backup, {stay} on it")
    return f"Staff and PINs are today's: {'; '.join(changes)}."


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


@dataclass(frozen=True)
class BackupHolds:
    """What a backup would bring back: said before it replaces the shop's file."""

    shop_name: str
    customers: int
    written: dt.datetime  # when the backup file was last written (made, for ours)


def backup_holds(backup: Path) -> BackupHolds:
    """The shop in `backup`, checked first (else RestoreRefused), then only read."""
    check_backup(backup)
    db = connect_read_only(backup, f"{backup.name} is a backup: it is only read.")
    try:
        name = configured_setting(db.conn, "shop_name") or ShopSettings().shop_name
        customers = int(db.execute("SELECT count(*) FROM customers").fetchone()[0])
    finally:
        db.close()
    return BackupHolds(name, customers, dt.datetime.fromtimestamp(backup.stat().st_mtime))


def owner_unknown(store: Store) -> str | None:
    """Why the shop's file cannot say who may restore a backup over it, or None when it can.

    A file that holds no shop, or is damaged, has no staff and PINs to trust (damaged PINs
    may read as if PINs were off): an owner of the backup being restored is asked instead,
    with the PIN the backup holds (see `BackupStaff`). The staff and their PINs are checked
    here, even in a file opened without a check: they are small, and decide everything."""
    if is_stand_in(store.db):
        why = "is damaged" if store.damaged else "holds no shop"
    elif store.damaged or _staff_damaged(store):
        why = "is damaged"
    else:
        return None
    return f"The shop's file {why}, {BACKUP_OWNER_ASKED}"


def _staff_damaged(store: Store) -> bool:
    try:
        return any(
            [str(r[0]) for r in store.db.execute(f"PRAGMA quick_check({table})")] != ["ok"]
            for table in ("staff", "staff_pins")
        )
    except sqlite3.DatabaseError:
        return True


class BackupStaff:
    """The staff and PINs a backup holds: who may restore it over a file that cannot say who
    its owner is (see `owner_unknown`). The backup is checked first (else RestoreRefused),
    then only read: nothing, not even a wrong PIN, is written to it (wrong PINs are counted
    in memory, and lock out as they would in the shop's file: see `Auth.verify`)."""

    def __init__(self, backup: Path, clock: Callable[[], dt.datetime] = rows.now) -> None:
        check_backup(backup)
        self._db = connect_read_only(backup, f"{backup.name} is a backup: it is only read.")
        self._auth = Auth(self._db, StaffStore(self._db), AuditLog(self._db), clock)

    def owners(self) -> list[Staff]:
        """The owners with a PIN, one of whom `owner` asks for; none in single-user mode,
        where nobody is asked."""
        if self._auth.single_user_mode():
            return []
        return [s.staff for s in self._auth.statuses() if s.staff.role == Role.OWNER and s.has_pin]

    def owner(self, name: str | None, pin: str | None) -> Staff:
        """The named owner, or without a name whichever owner's PIN `pin` is; in single-user
        mode nobody is asked, as `Auth.require`. A wrong PIN raises WrongPin (without a name,
        counted against every owner it was tried for), or LockedOut once they are all locked."""
        auth = self._auth
        if auth.single_user_mode() or pin is None:
            return auth.require(Action.RESTORE, name, pin)
        if name:  # no PIN is tried for someone who could not restore anyway
            auth.permit(auth.by_name(name), Action.RESTORE)
            return auth.verify(name, pin)
        owners = self.owners()
        if len(owners) == 1:
            return auth.verify(owners[0].name, pin)
        wrong: list[str] = []
        locked: list[LockedOut] = []
        for owner in owners:
            try:
                return auth.verify(owner.name, pin)
            except WrongPin:
                wrong.append(owner.name)
            except LockedOut as error:
                locked.append(error)
        said = " ".join(str(error) for error in locked)
        if not wrong:
            raise LockedOut(said, max(error.until for error in locked))
        raise WrongPin(f"Wrong PIN for {' or '.join(wrong)}. {said}".strip(), 0)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> BackupStaff:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class _Replaced:
    """What the restore keeps of the file it replaces, read before it goes."""

    highest: int = 0  # the highest customer number it gave
    ledger: Ledger | None = None  # its erasures
    roster: Roster | None = None  # its staff, when they are today's truth for the backup's shop


def _replaced(db_path: Path, backup: Path) -> _Replaced:
    """Whatever can be read of the file about to be replaced: the numbers it gave even from
    a damaged file; its erasures from a file that can be read; its staff and PINs from one
    that can say who its owner is (see `owner_unknown`) and holds the backup's shop, not
    one set up on a new computer, whose staff are not the shop's."""
    if not db_path.exists():
        return _Replaced()
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, isolation_level=None)
    except sqlite3.Error:
        return _Replaced()
    try:
        replaced = _Replaced(highest=numbers_given(conn))
    finally:
        conn.close()
    try:
        live = Store(db_path)
    except (StoreError, sqlite3.DatabaseError):
        return replaced
    try:
        if not live.read_only:
            replaced.ledger = read_ledger(live.db)
        key = _shop_key(live.db)
        if owner_unknown(live) is None and key is not None and key == _shop_key_of(backup):
            roster = read_roster(live.db)
            replaced.roster = roster if roster.has_owner() else None
    except (StoreError, sqlite3.DatabaseError):
        pass
    finally:
        live.close()
    return replaced


def _shop_key(db: Database) -> str | None:
    """The random key a shop's file is made with, which its backups share (None: none)."""
    try:
        row = db.execute("SELECT value FROM shop_key").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _shop_key_of(path: Path) -> str | None:
    try:
        db = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return _shop_key(db)
    finally:
        db.close()


def _other_ledgers(db: Database, db_path: Path, backup: Path) -> dict[str, Ledger]:
    """The erasure ledgers of the backup's shop that are kept beside it and in the shop's
    backup folders (the backup's own and the usual `backups/`): in its other backups, and
    in ledger files (`*.erasures.json`). Erasures made after the backup are in them even on
    a new computer, where no file was replaced. Another shop's are left alone: a ledger is
    the shop's when it shares its key or an erasure secret with the restored file."""
    key, secrets = _shop_key(db), set(known_secrets(db))
    configured = backup_folder(db_path, configured_setting(db.conn, "backup_folder"))
    folders = (backup.parent, configured, db_path.parent / "backups")
    skip = {backup.resolve(), db_path.resolve()}
    found: dict[str, Ledger] = {}
    for folder in dict.fromkeys(f.resolve() for f in folders):
        try:
            paths = sorted(p for p in folder.iterdir() if p.is_file() and p.resolve() not in skip)
        except OSError:
            continue
        for path in paths:
            read = _ledger_in(path)
            if read is None:
                continue
            their_key, ledger = read
            if (their_key is not None and their_key == key) or secrets & set(ledger.secrets):
                found[str(path)] = ledger
    return found


def _ledger_in(path: Path) -> tuple[str | None, Ledger] | None:
    """(shop key, ledger) of a Greeter file or ledger file; None for anything else."""
    if path.name.endswith(SIDECAR_SUFFIX):
        try:
            return None, read_sidecar(path.with_name(path.name[: -len(SIDECAR_SUFFIX)]))
        except DamagedLedger:
            return None
    if path.suffix != ".db":
        return None
    try:
        db = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return _shop_key(db), read_ledger(db)
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        db.close()


def restore_shop(db_path: Path, backup: Path, actor_id: int | None = None) -> Restored:
    """Restore `backup` over the shop's file (see `restore`), keeping today's truth from the
    file it replaces (see `_replaced`): its staff and PINs, the customer numbers it gave,
    and its erasures, with those kept beside the backup. `actor_id`: who restores, as the
    file they were let in by numbers them.

    All of that is written into the backup, with the audit trail's record of the restore,
    before it goes in place (see `restore`): a crash or power cut at any moment leaves the
    shop's file as it was, or the backup with today's staff and without anyone erased since,
    never the backup alone. Only the ledger beside the file and the wipe of the file are
    left for once it is in place; a file opened afterwards writes that ledger if a crash
    stopped it (see `mirror_if_behind`), and `greeter privacy reapply` wipes it."""
    db_path, backup = Path(db_path), Path(backup)
    replaced = _replaced(db_path, backup)
    replacing = db_path.exists() and db_path.stat().st_size > 0  # `restore` keeps a copy
    staff: RosterCarried | None = None
    erased: dict[int, str] = {}
    wheres: list[str] = []

    def keep_today(db: Database) -> None:
        # Written into the backup before it is put in place (see `restore`): never in the
        # shop's file without them, where someone removed since could use their old PIN,
        # or someone erased since be back with all their data.
        nonlocal staff, erased, wheres
        with write(db):
            if replaced.roster is not None:
                staff = carry_roster(db, replaced.roster, actor_id)
            keep_numbers_given(db, replaced.highest)
            if actor_id is not None:  # the erasures and the restore are theirs
                acting = staff.ids.get(actor_id, actor_id) if staff else actor_id
                session.session(db).actor_id = acting
            ledger, found_in = _ledgers(db, db_path, backup, replaced.ledger)
            erased = erase_again(db, ledger)
            # Newest first, as the audit trail lists them (the order the places are said in).
            wheres = [found_in.get(ref, _ITSELF) for ref in reversed(erased.values())]
            AuditLog(db).record(
                AuditEvent.RESTORE,
                detail={
                    "erased_again": len(erased),
                    "kept": replacing,
                    "staff_kept": staff is not None,
                },
            )
        if erased:  # their words out of the search indexes, before the file is copied in
            scrub(db, vacuum=False)

    kept = restore(db_path, backup, prepare=keep_today)
    erased_again, unfinished = list(erased), ""
    store = Store(db_path)
    try:
        finish_erasures(store.db, erased_again, wipe=True)
    except ErasureUnfinished as error:  # the restore is done: what is left is said
        unfinished = str(error)
    finally:
        store.close()
    return Restored(kept, erased_again, staff, dict(Counter(wheres)), unfinished)


def _ledgers(
    db: Database, db_path: Path, backup: Path, replaced: Ledger | None
) -> tuple[Ledger, dict[str, str]]:
    """Every erasure ledger the backup `db` is to be erased again by, besides its own: the
    replaced file's, the one beside the shop's file and those kept elsewhere (see
    `_other_ledgers`); and where each entry was found (ref → place), the first place first.
    A ledger beside the shop's file that cannot be read stops the restore before anything
    is changed: it may be the only one naming someone erased since the backup."""
    ledger, found_in = Ledger(), {}
    if replaced is not None:
        ledger.merge(replaced)
        found_in = dict.fromkeys(replaced.entries, _REPLACED)
    try:
        beside = read_sidecar(db_path)
    except DamagedLedger as error:
        raise DamagedLedger(
            f"Nothing was restored: the erasure ledger {sidecar_path(db_path)} cannot be read "
            f"({error.__cause__}), and customers erased since the backup could come back "
            "without it. Put back a good copy of it (the backup folder may hold one), or move "
            "it out of that folder to restore without it, then try again."
        ) from error
    ledger.merge(beside)
    found_in |= {ref: str(sidecar_path(db_path)) for ref in beside.entries if ref not in found_in}
    for where, other in _other_ledgers(db, db_path, backup).items():
        ledger.merge(other)
        found_in |= {ref: where for ref in other.entries if ref not in found_in}
    return ledger, found_in
