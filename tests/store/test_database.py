"""Opening the shop's file (migrations, the pragmas every connection gets) and writing to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from greeter.store import Store
from greeter.store.database import (
    ReadOnlyDatabase,
    connect,
    connect_read_only,
    write,
    write_one,
)
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


def _tags(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT tag FROM customer_tags ORDER BY tag")]


def _customer(db: Database) -> int:
    with write(db):
        return int(
            db.execute(
                "INSERT INTO customers (preferred_name, created) VALUES ('Ana', '2026-11-22')"
            ).lastrowid
            or 0
        )


def test_a_failed_nested_write_is_undone_alone_and_the_rest_is_kept(tmp_path: Path) -> None:
    db = connect(tmp_path / "shop.db")
    ana = _customer(db)
    tag = "INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)"
    with write(db):
        db.execute(tag, [ana, "outer"])
        with write(db):
            db.execute(tag, [ana, "kept"])
            with pytest.raises(sqlite3.IntegrityError), write(db):
                db.execute(tag, [ana, "undone"])
                db.execute(tag, [999, "no such customer"])
            db.execute(tag, [ana, "after"])
    assert _tags(connect(tmp_path / "shop.db")) == ["after", "kept", "outer"]


def test_a_single_statement_write_keeps_the_transaction_it_fails_in(tmp_path: Path) -> None:
    db = connect(tmp_path / "shop.db")
    ana = _customer(db)
    tag = "INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)"
    write_one(db, tag, [ana, "alone"])  # outside a transaction: its own, committed
    with write(db):
        write_one(db, tag, [ana, "inside"])
        with pytest.raises(sqlite3.IntegrityError):
            write_one(db, tag, [ana, "inside"])
    assert _tags(connect(tmp_path / "shop.db")) == ["alone", "inside"]


def test_a_single_statement_write_is_refused_on_a_read_only_file(tmp_path: Path) -> None:
    connect(tmp_path / "shop.db").close()
    db = connect_read_only(tmp_path / "shop.db", "the file is a backup")
    with pytest.raises(ReadOnlyDatabase, match="the file is a backup"):
        write_one(db, "INSERT INTO customers (preferred_name) VALUES ('Ana')")
