"""The benchmark's synthetic shop is exactly what the app itself would have stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from greeter.bench.generate import generate
from greeter.store import Store
from greeter.store.audit_schema import stale_audit_triggers
from greeter.store.customers import CARD, NewCustomer

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "shop.db"
    made = generate(path, 150, 3_000, today=TODAY)
    assert (made.customers, made.lines) == (150, 3_000)
    return path


def _table(store: Store, sql: str) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in store.db.execute(sql))


def test_figures_and_name_index_are_what_the_app_would_compute(shop: Path) -> None:
    store = Store(shop)
    try:
        customers = "SELECT id, visits, first_visit, last_visit, lifetime_spend_cents,"
        customers += " search_rank FROM customers"
        items = "SELECT * FROM customer_items"
        terms, prefixes = "SELECT * FROM name_terms", "SELECT * FROM name_prefixes"
        vocab = "SELECT term FROM name_vocab"
        before = [_table(store, q) for q in (customers, items, terms, prefixes, vocab)]
        ids = [r[0] for r in store.db.execute("SELECT id FROM customers")]
        for customer_id in ids:
            store.purchases.recompute(customer_id)
        store.customers.reindex_all()
        after = [_table(store, q) for q in (customers, items, terms, prefixes, vocab)]
        assert before == after
    finally:
        store.close()


def test_schema_triggers_and_integrity_are_the_apps(shop: Path, tmp_path: Path) -> None:
    fresh = Store(tmp_path / "fresh.db")
    store = Store(shop)
    try:
        schema = (
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
        assert _table(store, schema) == _table(fresh, schema)
        assert stale_audit_triggers(store.db) == []
        assert list(store.db.execute("PRAGMA foreign_key_check")) == []
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert not list(store.db.execute("SELECT * FROM sqlite_master WHERE name = 'sqlite_stat1'"))
    finally:
        store.close()
        fresh.close()


def test_the_shop_looks_like_a_shop(shop: Path) -> None:
    store = Store(shop)
    try:
        assert store.settings.load().region == "CA"
        visits = sorted(r[0] for r in store.db.execute("SELECT visits FROM customers"))
        assert visits[-1] > 10 * max(1, visits[len(visits) // 2])  # a few heavy regulars
        last = store.db.execute("SELECT max(purchased_at) FROM purchases").fetchone()[0]
        assert (TODAY - dt.timedelta(days=5)).isoformat() < last < TODAY.isoformat()
        code = store.db.execute(
            "SELECT value, customer_id FROM identifiers WHERE system = ? LIMIT 1", [CARD]
        ).fetchone()
        assert store.customers.find_by_card(code[0].lower()) == code[1]
        names = " ".join(r[0] for r in store.db.execute("SELECT full_name FROM customers"))
        assert any(not ch.isascii() for ch in names)
        assert store.db.execute("SELECT count(*) FROM notes").fetchone()[0] > 0
        assert store.db.execute("SELECT count(*) FROM follow_ups").fetchone()[0] > 0
        receipts = store.db.execute("SELECT count(*) FROM purchases").fetchone()[0]
        anonymous = store.db.execute(
            "SELECT count(*) FROM purchases WHERE customer_id IS NULL"
        ).fetchone()[0]
        assert 0.1 < anonymous / receipts < 0.4
    finally:
        store.close()


def test_a_customer_added_after_the_load_gets_a_number_never_given(
    shop: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    source, target = sqlite3.connect(shop), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    store = Store(copy)
    try:
        highest = store.db.execute("SELECT max(id) FROM customers").fetchone()[0]
        store.erasures.erase(highest, vacuum=False)
        added = store.customers.add(NewCustomer("Amélie"))
    finally:
        store.close()
    assert added == highest + 1
