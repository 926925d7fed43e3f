"""The audit trail: complete by construction (triggers), attributed, append-only, and free
of note text down to the file's bytes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.audit_schema import (
    NOT_AUDITED,
    audited_tables,
    create_audit_triggers,
    stale_audit_triggers,
    table_shape,
)
from greeter.store.bulk import BulkPurchases, BulkSale
from greeter.store.database import write
from tests.helpers import add_customer, add_purchase

NOTE = "Quokkanote prefers the window seat"
EDITED = "Quokkanote now prefers the aisle"


def test_every_data_table_has_current_triggers_after_all_migrations(store: Store) -> None:
    # A later migration that adds a table or column must call create_audit_triggers.
    assert stale_audit_triggers(store.db) == []
    tables = set(audited_tables(store.db))
    assert {"customers", "customer_phones", "customer_emails", "identifiers", "notes"} <= tables
    assert {"follow_ups", "purchases", "staff", "settings"} <= tables
    assert not tables & set(NOT_AUDITED)


def test_a_table_added_later_is_covered_once_triggers_are_recreated(store: Store) -> None:
    with write(store.db):
        store.db.execute(
            "CREATE TABLE wishes (id INTEGER PRIMARY KEY,"
            " customer_id INTEGER REFERENCES customers(id), what TEXT)"
        )
    assert stale_audit_triggers(store.db) == ["wishes"]
    with write(store.db):
        create_audit_triggers(store.db)
    assert stale_audit_triggers(store.db) == []
    cid = add_customer(store, "Ada")
    with write(store.db):
        store.db.execute("INSERT INTO wishes (customer_id, what) VALUES (?, 'a red kettle')", [cid])
    last = store.audit.entries(limit=1)[0]
    assert (last.action, last.table_name, last.customer_id) == ("insert", "wishes", cid)


def test_a_scripted_session_is_recorded_once_per_change_with_its_actor(store: Store) -> None:
    priya = store.staff.add("Priya", "owner")
    mei = store.staff.add("Mei", "staff")
    start = store.audit.entries(limit=1)[0].id
    before = {
        t: {r[0] for r in store.db.execute(f"SELECT rowid FROM {t}")}
        for t in audited_tables(store.db)
        if table_shape(store.db, t).has_rowid
    }

    store.actor_id = priya
    cid = add_customer(
        store, "Quinn", "Quinn Adler", phone="613-555-0142", email="quinn@example.com", card="BG-9"
    )
    with store.act_as(mei):
        store.audit.viewed(cid)
        note = store.notes.add(cid, NOTE, mei)
        follow = store.follow_ups.add(cid, FollowUpKind.PROMISE, "Call when it arrives", mei)
        store.follow_ups.mark_done(follow, mei)
        store.notes.edit(note, EDITED, mei)
    purchase = add_purchase(store, cid, dt.datetime(2026, 11, 1, 12), ("Kettle", 4999))
    store.settings.set("shop_name", "Bytown Gadgets")

    got = [
        (e.staff_name, e.action, e.table_name, e.customer_id)
        for e in reversed(store.audit.entries(limit=None))
        if e.id > start
    ]
    assert got == [
        ("Priya", "insert", "customers", cid),
        ("Priya", "insert", "customer_phones", cid),
        ("Priya", "insert", "customer_emails", cid),
        ("Priya", "insert", "identifiers", cid),
        ("Mei", "view", None, cid),
        ("Mei", "insert", "notes", cid),
        ("Mei", "insert", "follow_ups", cid),
        ("Mei", "update", "follow_ups", cid),
        ("Mei", "insert", "note_versions", cid),
        ("Mei", "update", "notes", cid),
        ("Priya", "insert", "purchases", cid),  # the visit figures it updates are derived
        ("Priya", "update", "settings", None),
    ]
    done, edit, setting = (
        store.audit.entries(action="update", limit=3)[i].detail for i in (2, 1, 0)
    )
    assert set(done["changed"]) == {"status", "done_at", "done_by_id"}
    assert set(edit["changed"]) >= {"text", "edited", "edited_by_id"}
    assert setting == {"changed": ["value"], "key": "shop_name"}
    assert purchase is not None
    # Every row the session added has exactly one insert record.
    for table in audited_tables(store.db):
        if not table_shape(store.db, table).has_rowid:
            continue
        rowids = [r[0] for r in store.db.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
        inserts = [
            r[0]
            for r in store.db.execute(
                "SELECT row_id FROM audit WHERE action = 'insert' AND table_name = ? "
                "AND id > ? ORDER BY row_id",
                [table, start],
            )
        ]
        assert inserts == [r for r in rowids if r not in before[table]], table


def test_no_note_text_in_the_audit_tables_bytes(store: Store, tmp_path: Path) -> None:
    owner = store.staff.add("Priya", "owner")
    cid = add_customer(store, "Quinn", "Quinn Adler")
    note = store.notes.add(cid, NOTE, owner)
    store.notes.edit(note, EDITED, owner)
    store.notes.retire(note, owner)
    for (values,) in store.db.execute("SELECT quote(detail) || table_name || action FROM audit"):
        assert "Quokkanote" not in str(values)
    # Copy the file, keep only the audit table, and look at the raw bytes.
    copy = tmp_path / "audit-only.db"
    target = sqlite3.connect(copy)
    store.db.conn.backup(target)
    tables = [r[0] for r in target.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        if table not in ("audit", "sqlite_sequence"):
            target.execute(f'DROP TABLE "{table}"')
    target.commit()
    target.execute("VACUUM")
    assert target.execute("SELECT count(*) FROM audit").fetchone()[0] >= 4
    target.close()
    raw = copy.read_bytes()
    assert b"Quokkanote" not in raw and b"Quinn" not in raw


def test_the_audit_trail_and_erasure_ledger_are_append_only(store: Store) -> None:
    add_customer(store, "Quinn")
    assert store.audit.count() > 0
    for sql in (
        "UPDATE audit SET staff_id = 99",
        "DELETE FROM audit",
        "INSERT INTO erasures (ref, at, customer_id, key_id, hashes) "
        "VALUES ('r', '2026', 1, 'k', '[]')",
    ):
        if sql.startswith("INSERT"):
            with write(store.db):
                store.db.execute(sql)
            continue
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), write(store.db):
            store.db.execute(sql)
    for sql in ("UPDATE erasures SET customer_id = 2", "DELETE FROM erasures"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), write(store.db):
            store.db.execute(sql)


def test_bulk_paths_write_one_summary_instead_of_a_record_per_row(store: Store) -> None:
    store.actor_id = store.staff.add("Marcus", "manager")
    cid = add_customer(store, "Quinn")
    before = store.audit.count()
    with store.audit.bulk("import", {"kind": "sales"}) as summary:
        for day in range(1, 21):
            add_purchase(store, cid, dt.datetime(2026, 10, day, 12), ("Tea", 500))
        summary["receipts"] = 20
    assert store.audit.count() == before + 1
    last = store.audit.entries(limit=1)[0]
    assert (last.action, last.staff_name, last.detail) == (
        "import",
        "Marcus",
        {"kind": "sales", "receipts": 20},
    )
    # A failed bulk write leaves neither rows nor a summary.
    with pytest.raises(RuntimeError), store.audit.bulk("import") as summary:
        add_purchase(store, cid, dt.datetime(2026, 10, 25, 12), ("Tea", 500))
        raise RuntimeError("bad line 212")
    assert store.audit.count() == before + 1
    add_purchase(store, cid, dt.datetime(2026, 10, 26, 12), ("Tea", 500))
    assert store.audit.entries(limit=1)[0].table_name == "purchases"  # rows audited again


def _trigger_sql(store: Store) -> list[tuple[str, str]]:
    return store.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


def test_a_bulk_insert_skips_the_row_trigger_and_puts_it_back(store: Store) -> None:
    cid = add_customer(store, "Quinn")
    triggers = _trigger_sql(store)
    sales = [BulkSale(f"R{n}", "2026-10-01T12:00:00", 500, "CAD", cid, [(1, "Tea", "", 1, 500)])
             for n in range(3)]  # fmt: skip
    before = store.audit.count()
    with store.audit.bulk("import", {"kind": "sales"}):
        BulkPurchases(store.db).insert("till", sales)
    assert store.audit.count() == before + 1
    assert _trigger_sql(store) == triggers
    assert stale_audit_triggers(store.db) == []

    nobody = sales[0]._replace(receipt_id="R9", customer_id=cid + 1000)
    with pytest.raises(sqlite3.IntegrityError), store.audit.bulk("import"):
        BulkPurchases(store.db).insert("till", [nobody])  # fails with the trigger dropped
    assert _trigger_sql(store) == triggers  # the rollback put it back
    assert store.audit.count() == before + 1

    add_purchase(store, cid, dt.datetime(2026, 10, 26, 12), ("Tea", 500))
    assert store.audit.entries(limit=1)[0].table_name == "purchases"  # rows audited again


def test_details_are_codes_never_free_text(store: Store) -> None:
    store.audit.record("export", detail={"kind": "customers_csv", "rows": 40, "file": "x.csv"})
    with pytest.raises(ValueError, match="never free text"):
        store.audit.record("export", detail={"file": "Quinn Adler's list.csv"})
    with pytest.raises(ValueError):
        store.audit.record("import", detail={"why": "note:\nQuokkanote"})


def test_filters(store: Store) -> None:
    priya = store.staff.add("Priya", "owner")
    mei = store.staff.add("Mei", "staff")
    first = add_customer(store, "Quinn")
    with store.act_as(mei):
        second = add_customer(store, "Rosa")
        store.audit.viewed(first)
    assert {e.customer_id for e in store.audit.entries(staff_id=mei)} == {first, second}
    assert [e.staff_id for e in store.audit.entries(action="view")] == [mei]
    assert all(e.customer_id == first for e in store.audit.entries(customer_id=first))
    assert store.audit.entries(since=dt.date.today() + dt.timedelta(days=1)) == []
    assert len(store.audit.entries(limit=2)) == 2
    assert priya


def test_a_connection_without_the_actor_function_cannot_write_data(tmp_path: Path) -> None:
    Store(tmp_path / "shop.db").close()
    raw = sqlite3.connect(tmp_path / "shop.db")
    with pytest.raises(sqlite3.OperationalError, match="greeter_actor|greeter_audit_rows"):
        raw.execute("INSERT INTO staff (name, created) VALUES ('Eve', '2026-01-01')")
    raw.close()
