"""Opening the shop's file: migrations on an empty file and the pragmas every connection gets."""

from __future__ import annotations

from pathlib import Path

from greeter.store import Store
from greeter.store.database import connect
from greeter.store.migrations import MIGRATIONS


def test_migrations_create_the_schema_on_an_empty_file(tmp_path: Path) -> None:
    db = connect(tmp_path / "new.db")
    tables = set(db.table_names())
    assert {
        "customers",
        "customer_phones",
        "customer_emails",
        "identifiers",
        "purchases",
        "purchase_lines",
        "notes",
        "follow_ups",
        "staff",
        "settings",
    } <= tables
    assert [m.name for m in MIGRATIONS.applied(db)][0] == "0001_initial"
    assert MIGRATIONS.pending(db) == []


def test_every_connection_is_durable_and_checks_foreign_keys(tmp_path: Path) -> None:
    connect(tmp_path / "shop.db").close()
    db = connect(tmp_path / "shop.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_does_not_reapply_migrations(tmp_path: Path) -> None:
    Store(tmp_path / "shop.db").close()
    store = Store(tmp_path / "shop.db")
    assert len(MIGRATIONS.applied(store.db)) == len(MIGRATIONS.pending(store.db)) + len(
        MIGRATIONS.applied(store.db)
    )
    assert MIGRATIONS.pending(store.db) == []


def test_the_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    Store(tmp_path / "shop.db").close()
    assert (tmp_path / "shop.db").stat().st_mode & 0o077 == 0
