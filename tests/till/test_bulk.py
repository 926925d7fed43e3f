"""The bulk path stores sales exactly as Purchases.record does, row by row."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from greeter.core.models import PurchaseLine
from greeter.store import Store
from greeter.store.bulk import BulkPurchases, BulkSale
from greeter.store.database import write
from greeter.store.purchases import NewPurchase
from tests.helpers import add_customer
from tests.till.csv_files import integrity_ok

ITEMS = ["Kettle", "Tea, green", "Mug", "Filter papers", "Scale"]


def _shop(path: Path) -> Store:
    store = Store(path)
    for name, full in [("Ann", "Ann Lee"), ("Bob", "Robert Marsh"), ("Zoë", "Zoë Ó Briain")]:
        add_customer(store, name, full)
    return store


def _sales(seed: int) -> list[NewPurchase]:
    rnd = random.Random(seed)
    out = []
    for n in range(60):
        customer = rnd.choice([1, 2, 3, None])
        lines = [
            PurchaseLine(rnd.choice(ITEMS), rnd.choice([1, 2, 0.5, 3]), rnd.randint(-500, 9000))
            for _ in range(rnd.randint(0, 4))
        ]
        when = dt.datetime(2025, 1, 1) + dt.timedelta(days=rnd.randint(0, 700), minutes=n)
        total = rnd.choice([None, rnd.randint(0, 20000)])
        # Receipts repeat (the second is skipped by both paths); anonymous ones never do,
        # since the bulk path would link them to their customer where record() cannot.
        receipt = f"R{n % 55}" if customer else f"A{seed}-{n}"
        out.append(NewPurchase(customer, when, lines, "CAD", receipt, "till", total))
    return out


def _bulk(sale: NewPurchase) -> BulkSale:
    total = sale.total_cents
    if total is None:
        total = sum(line.amount_cents for line in sale.lines)
    return BulkSale(
        sale.receipt_id,
        sale.purchased_at.replace(microsecond=0).isoformat(),
        total,
        sale.currency,
        sale.customer_id,
        [
            (n, line.item, "", line.quantity, line.amount_cents)
            for n, line in enumerate(sale.lines, 1)
        ],
    )


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "customers": "SELECT id, visits, first_visit, last_visit, lifetime_spend_cents,"
        " search_rank FROM customers",
        "purchases": "SELECT id, customer_id, source, receipt_id, purchased_at, total_cents,"
        " currency FROM purchases",
        "purchase_lines": "SELECT purchase_id, line_no, item, sku, quantity, amount_cents"
        " FROM purchase_lines",
        "customer_items": "SELECT * FROM customer_items",
        "name_prefixes": "SELECT * FROM name_prefixes",
    }
    return {k: sorted(tuple(r) for r in store.db.execute(q)) for k, q in queries.items()}


def test_bulk_equals_record_row_by_row(tmp_path: Path) -> None:
    one, many = _shop(tmp_path / "one.db"), _shop(tmp_path / "many.db")
    earlier, later = _sales(1)[:20], _sales(2)
    for store in (one, many):  # both shops have some history already
        for sale in earlier:
            store.purchases.record(sale)
    for sale in later:
        one.purchases.record(sale)
    with write(many.db):
        result = BulkPurchases(many.db).insert("till", [_bulk(s) for s in later])
    assert _contents(one) == _contents(many)
    assert result.new + result.unchanged == len({s.receipt_id for s in later})
    assert integrity_ok(many)
    # Names are still found, ranked by the new last visits.
    assert [h.customer_id for h in many.names.search(["z"])] == [3]
    one.close()
    many.close()


def test_bulk_links_a_receipt_stored_without_customer(tmp_path: Path) -> None:
    store = _shop(tmp_path / "shop.db")
    sale = _bulk(_sales(3)[0])._replace(customer_id=None, receipt_id="X1")
    with write(store.db):
        BulkPurchases(store.db).insert("till", [sale])
    with write(store.db):
        result = BulkPurchases(store.db).insert("till", [sale._replace(customer_id=2)])
    assert (result.new, result.linked, result.unchanged) == (0, 1, 0)
    visits = store.db.execute("SELECT visits FROM customers WHERE id = 2").fetchone()[0]
    assert visits == 1
    store.close()
