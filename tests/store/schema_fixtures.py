"""Databases as older Greeters left them: built at any migration point, with sample rows.

`build_at(path, stop_before=NAME)` applies the migrations before NAME, then inserts the
sample rows of the newest schema version it reached (SEEDERS). When a migration changes what
older rows look like, add a seeder for it here, keyed by its name: every released schema
version then has a fixture that the tests migrate to the current one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database, Migrations

from greeter.store.database import applied_migrations, connect
from greeter.store.migrations import MIGRATIONS

Rows = dict[str, list[dict[str, object]]]

_WHEN = "2024-03-14T10:30:00"


def _rows_after_0001() -> Rows:
    return {
        "staff": [{"id": 1, "name": "Priya", "role": "owner", "active": 1, "created": _WHEN}],
        "settings": [{"key": "shop_name", "value": "Fixture Phones"}],
        "customers": [
            {
                "id": 1,
                "preferred_name": "Zoë",
                "full_name": "Zoë Lachance",
                "pronunciation": "zo-ay",
                "birth_month": 3,
                "birth_day": 14,
                "birth_year": None,
                "created": _WHEN,
                "visits": 2,
                "first_visit": "2023-06-01T11:00:00",
                "last_visit": _WHEN,
                "lifetime_spend_cents": 129900,
                "search_rank": 0,
            }
        ],
        "name_terms": [{"term": t, "customer_id": 1} for t in ("zoe", "lachance")],
        "name_prefixes": [
            {"prefix": p, "rank": 0, "customer_id": 1}
            for p in ("z", "zo", "zoe", "l", "la", "lac", "lach")
        ],
        "customer_phones": [
            {"id": 1, "customer_id": 1, "e164": "+14165550123", "display": "416 555 0123"}
        ],
        "customer_emails": [{"id": 1, "customer_id": 1, "email": "zoe@example.com"}],
        "identifiers": [{"id": 1, "customer_id": 1, "system": "card", "value": "GR-0001"}],
        "purchases": [
            {
                "id": 1,
                "customer_id": 1,
                "source": "greeter",
                "receipt_id": "R-1",
                "purchased_at": _WHEN,
                "total_cents": 129900,
                "currency": "CAD",
            }
        ],
        "purchase_lines": [
            {
                "id": 1,
                "purchase_id": 1,
                "line_no": 1,
                "item": "Phone 15",
                "sku": "P15",
                "quantity": 1.0,
                "amount_cents": 129900,
            }
        ],
        "notes": [
            {
                "id": 1,
                "customer_id": 1,
                "text": "Prefers “miss” to “ma'am”.",
                "kind": "preference",
                "pinned": 1,
                "author_id": 1,
                "created": _WHEN,
                "edited": None,
                "retired": None,
            }
        ],
        "follow_ups": [
            {
                "id": 1,
                "customer_id": 1,
                "kind": "call_back",
                "text": "Her son's phone still needs activating",
                "due": "2024-03-21",
                "status": "open",
                "taken_by_id": 1,
                "created": _WHEN,
                "done_at": None,
                "done_by_id": None,
            }
        ],
    }


# The sample rows that fit the schema right after each migration.
SEEDERS: dict[str, Callable[[], Rows]] = {"0001_initial": _rows_after_0001}


def migration_names(migrations: Migrations = MIGRATIONS) -> list[str]:
    return [m.name for m in migrations.pending(Database(memory=True, execute_plugins=False))]


def _rows_for(applied: list[str]) -> Rows:
    for name in reversed(applied):
        if name in SEEDERS:
            return SEEDERS[name]()
    return {}


def build_at(path: Path, stop_before: str | None = None) -> Rows:
    """A database at the schema version before `stop_before` (None: the current one), with
    sample rows; returns the rows, to check they survive."""
    db = connect(path, migrate=False)
    try:
        MIGRATIONS.apply(db, stop_before=stop_before)
        rows = _rows_for(applied_migrations(db.conn))
        with db.atomic():
            for table, records in rows.items():
                for record in records:
                    columns = ", ".join(record)
                    marks = ", ".join("?" for _ in record)
                    db.execute(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(record.values())
                    )
    finally:
        db.close()
    return rows


def missing_rows(conn: sqlite3.Connection, rows: Rows) -> list[tuple[str, dict[str, object]]]:
    """The sample rows that are no longer there exactly as inserted."""
    missing = []
    for table, records in rows.items():
        for record in records:
            where = " AND ".join(f"{column} IS ?" for column in record)
            found = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {where}", list(record.values())
            ).fetchone()[0]
            if found != 1:
                missing.append((table, record))
    return missing


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def applied_in(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return applied_migrations(conn)
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def with_extra_migration(name: str, fn: Callable[[Database], None]) -> Migrations:
    """Greeter's migrations plus one more, as a future Greeter would have them."""
    extended = Migrations(MIGRATIONS.name)
    for migration in MIGRATIONS.pending(Database(memory=True, execute_plugins=False)):
        extended(name=migration.name, transactional=migration.transactional)(migration.fn)
    extended(name=name)(fn)
    return extended


def rewrite_notes(db: Database) -> None:
    """A data-changing migration for tests: adds a column and rewrites every note."""
    db.execute("ALTER TABLE customers ADD COLUMN nickname TEXT")
    db.execute("UPDATE customers SET nickname = 'Zo'")
    db.execute("UPDATE notes SET text = upper(text)")
