"""Restoring a backup the safe way: by an owner, even over a file too damaged to say who
that is; erased people stay erased and the restore is audited."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.core.models import Staff
from greeter.core.permissions import Action, Role
from greeter.core.settings import ShopSettings
from greeter.store import Store, rows
from greeter.store.audit import AuditLog
from greeter.store.auth import Auth, LockedOut, WrongPin
from greeter.store.backup import check_backup, configured_setting, restore
from greeter.store.database import connect_read_only, is_stand_in
from greeter.store.erasure_ledger import Ledger, read_ledger
from greeter.store.errors import StoreError
from greeter.store.staff import StaffStore

# Who restores a backup over a file that cannot say who its owner is, or where there is none.
BACKUP_OWNER_ASKED = "so an owner of this backup must type their PIN to restore it."


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # the copy of what was replaced
    erased_again: list[int]  # customers the backup still held although they were erased


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


def _live_ledger(db_path: Path) -> Ledger | None:
    """The erasures recorded in the file about to be replaced, while it can still be read."""
    if not db_path.exists():
        return None
    try:
        live = Store(db_path)
    except (StoreError, sqlite3.DatabaseError):
        return None
    try:
        return None if live.read_only else read_ledger(live.db)
    except (StoreError, sqlite3.DatabaseError):
        return None
    finally:
        live.close()


def restore_shop(db_path: Path, backup: Path, actor_id: int | None = None) -> Restored:
    db_path = Path(db_path)
    ledger = _live_ledger(db_path)
    kept = restore(db_path, backup)
    store = Store(db_path)
    try:
        if actor_id is not None:
            store.actor_id = actor_id
        erased_again = store.erasures.reapply(ledger)
        store.audit.record(
            AuditEvent.RESTORE, detail={"erased_again": len(erased_again), "kept": kept is not None}
        )
    finally:
        store.close()
    return Restored(kept, erased_again)
