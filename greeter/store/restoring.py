"""Restoring a backup the safe way: erased people stay erased and the restore is audited."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.backup import restore
from greeter.store.erasure_ledger import Ledger, read_ledger
from greeter.store.errors import StoreError


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # the copy of what was replaced
    erased_again: list[int]  # customers the backup still held although they were erased


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
