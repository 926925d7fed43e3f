"""A customer number is never given twice: not after an erasure, a merge or a restore, and
not in a shop that erased or merged its highest number before it was upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.audit import AuditLog
from greeter.store.customers import Customers
from greeter.store.database import connect
from greeter.store.erasure import Erasures
from greeter.store.merge import Merges
from greeter.store.purchases import Purchases
from greeter.store.restoring import restore_shop
from greeter.store.search import NameIndex
from greeter.store.subject_access import collect
from tests.helpers import add_customer
from tests.store.schema_fixtures import build_at

UPGRADE = "0010_customer_numbers"


def _hana(store: Store, staff_id: int) -> int:
    """Hana, with a card, a note and a follow-up: someone with a trail."""
    hana = add_customer(store, "Hana", "Hana Kobayashi", card="BG-13")
    store.notes.add(hana, "Collects the blue glaze mugs", staff_id)
    store.follow_ups.add(hana, FollowUpKind.CALL_BACK, "Call when the glaze is in", staff_id)
    return hana


def _trail(store: Store, customer_id: int) -> list[tuple[int, str, str | None]]:
    return [
        (e.id, e.action, e.table_name)
        for e in store.audit.entries(customer_id=customer_id, limit=None)
    ]


def test_the_number_of_an_erased_customer_is_never_given_again(store: Store, staff_id: int) -> None:
    add_customer(store, "Ada")
    hana = _hana(store, staff_id)  # the highest number
    store.erasures.erase(hana)
    last_before = store.audit.entries(limit=1)[0].id

    amelie = add_customer(store, "Amélie", "Amélie Roy")

    assert amelie > hana
    assert store.customers.get(amelie).preferred_name == "Amélie"
    # Her trail and her subject-access export are hers alone: none of Hana's records.
    trail = _trail(store, amelie)
    assert trail and all(entry_id > last_before for entry_id, _, _ in trail)
    export = collect(store.db, amelie)
    assert len(export["audit"]) == len(trail)
    assert "erase" not in [e["action"] for e in export["audit"]]
    assert "notes" not in export["tables"] and "follow_ups" not in export["tables"]


def test_the_number_of_a_customer_merged_away_is_never_given_again(
    store: Store, staff_id: int
) -> None:
    kwame = add_customer(store, "Kwame", "Kwame Asante")
    duplicate = add_customer(store, "Kwame", "Kwame Asante", phone="613-555-0142")
    store.merges.merge(kwame, duplicate, staff_id)

    newcomer = add_customer(store, "Tobi")

    assert newcomer > duplicate
    assert [e.action for e in store.audit.entries(customer_id=newcomer)] == ["insert"]


def _old_shop_with_a_gone_highest(path: Path, gone: str) -> int:
    """A shop as the Greeter before UPGRADE left it: Zoë (1), Kai and Hana; the highest
    number (Hana's) erased or merged into Zoë. Returns Hana's number."""
    build_at(path, stop_before=UPGRADE)  # Zoë (1), staff Priya (1)
    old = connect(path, migrate=False)
    try:
        names = NameIndex(old)
        customers = Customers(old, names)
        with old.conn:
            kai, hana = (
                old.execute(
                    "INSERT INTO customers (preferred_name, full_name, pronunciation, created)"
                    " VALUES (?, '', '', '2026-11-20T09:00:00')",
                    [name],
                ).lastrowid
                or 0
                for name in ("Kai", "Hana")
            )
        if gone == "erased":
            Erasures(old, AuditLog(old)).erase(hana)
        else:
            Merges(old, names, customers, Purchases(old, names)).merge(1, hana, 1)
        assert old.execute("SELECT max(id) FROM customers").fetchone()[0] == kai < hana
    finally:
        old.close()
    return hana


@pytest.mark.parametrize("gone", ["erased", "merged away"])
def test_an_upgraded_shop_never_gives_the_number_it_lost_before(tmp_path: Path, gone: str) -> None:
    path = tmp_path / "shop.db"
    hana = _old_shop_with_a_gone_highest(path, gone)

    store = Store(path)
    try:
        amelie = add_customer(store, "Amélie")
        assert amelie == hana + 1
        assert [e.action for e in store.audit.entries(customer_id=amelie)] == ["insert"]
    finally:
        store.close()


def test_a_restored_backup_keeps_the_numbers_erased_since_it_was_made(
    store: Store, staff_id: int, tmp_path: Path
) -> None:
    add_customer(store, "Ada")
    backup = tmp_path / "monday.db"
    target = sqlite3.connect(backup)
    store.db.conn.backup(target)
    target.close()
    hana = _hana(store, staff_id)  # came after the backup, then was erased
    store.erasures.erase(hana)
    path = store.path
    store.close()

    restore_shop(path, backup, staff_id)

    restored = Store(path)
    try:
        assert add_customer(restored, "Amélie") > hana
    finally:
        restored.close()
