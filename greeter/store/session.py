"""Per-connection state the audit triggers read through SQL functions: who is acting, and
whether row-by-row auditing is on (bulk imports switch it off and write one summary row).

Every connection that writes to the shop's tables must have these functions, because the
audit triggers call them; `greeter.store.database.connect` registers them. A connection
opened some other way must call `register(db)` first or its writes fail with
"no such function: greeter_actor".
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from sqlite_utils import Database

ACTOR_FUNCTION = "greeter_actor"
ROWS_FUNCTION = "greeter_audit_rows"


@dataclass
class Session:
    actor_id: int | None = None
    audit_rows: bool = True


_sessions: weakref.WeakKeyDictionary[Database, Session] = weakref.WeakKeyDictionary()


def register(db: Database) -> Session:
    """Give this connection its session and the SQL functions the audit triggers call."""
    session = _sessions.get(db)
    if session is None:
        session = _sessions[db] = Session()
        db.conn.create_function(ACTOR_FUNCTION, 0, lambda: session.actor_id)
        db.conn.create_function(ROWS_FUNCTION, 0, lambda: int(session.audit_rows))
    return session


def session(db: Database) -> Session:
    return _sessions.get(db) or register(db)


@contextlib.contextmanager
def acting_as(db: Database, staff_id: int | None) -> Iterator[None]:
    """Attribute every change made inside the block to this staff member. None keeps
    whoever is acting already (the person on duty), so `acting_as(db, None)` is harmless."""
    state = session(db)
    before = state.actor_id
    if staff_id is not None:
        state.actor_id = staff_id
    try:
        yield
    finally:
        state.actor_id = before


@contextlib.contextmanager
def rows_unaudited(db: Database) -> Iterator[None]:
    """Row triggers stay quiet inside the block; the caller records one summary instead."""
    state = session(db)
    before = state.audit_rows
    state.audit_rows = False
    try:
        yield
    finally:
        state.audit_rows = before
