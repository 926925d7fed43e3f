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
    assert (result.new, result.updated, result.unchanged) == (0, 1, 0)
    visits = store.db.execute("SELECT visits FROM customers WHERE id = 2").fetchone()[0]
    assert visits == 1
    store.close()


def _kept(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """_contents, with purchases and their lines by receipt rather than by row id."""
    contents = _contents(store)
    del contents["purchases"], contents["purchase_lines"]
    contents["receipts"] = sorted(
        (tuple(r) for r in store.db.execute(
            "SELECT customer_id, source, receipt_id, purchased_at, total_cents, currency,"
            " line_no, item, sku, quantity, amount_cents"
            " FROM purchases p LEFT JOIN purchase_lines l ON l.purchase_id = p.id")),
        key=repr,
    )  # fmt: skip
    return contents


def test_withdrawn_receipts_leave_the_figures_as_if_never_stored(tmp_path: Path) -> None:
    kept, all_of_them = _shop(tmp_path / "kept.db"), _shop(tmp_path / "all.db")
    sales = _sales(4)
    gone = list(dict.fromkeys(s.receipt_id for s in sales[::6]))  # some anonymous
    for sale in sales:
        all_of_them.purchases.record(sale)
        if sale.receipt_id not in gone:
            kept.purchases.record(sale)
    other = NewPurchase(1, dt.datetime(2025, 3, 1), [], "CAD", gone[0], "web", 500)
    for store in (kept, all_of_them):
        store.purchases.record(other)  # the same number from another source stays

    asked = [("till", r) for r in gone] + [("till", "never-stored"), ("elsewhere", gone[1])]
    with write(all_of_them.db):
        taken = BulkPurchases(all_of_them.db).withdraw(asked)

    assert taken == gone
    assert _kept(all_of_them) == _kept(kept)
    assert integrity_ok(all_of_them)
    kept.close()
    all_of_them.close()


def test_bulk_reduces_the_total_of_a_receipt_partly_refunded_since(tmp_path: Path) -> None:
    then, now = _shop(tmp_path / "then.db"), _shop(tmp_path / "now.db")
    bought = [
        _bulk(s)._replace(receipt_id=r) for s, r in zip(_sales(5)[:2], ["X1", "X2"], strict=True)
    ]
    paid = [bought[0], bought[1]._replace(customer_id=None)]  # X2 not linked yet
    less = [s._replace(total_cents=s.total_cents - 100) for s in bought]
    with write(now.db):
        BulkPurchases(now.db).insert("till", paid)
    with write(then.db):
        BulkPurchases(then.db).insert("till", less)  # as if refunded in part from the start

    with write(now.db):
        result = BulkPurchases(now.db).insert("till", less, partly_refunded={"X1", "X2"})

    assert (result.new, result.updated, result.unchanged) == (0, 2, 0)
    assert result.reduced == ("X1", "X2")
    assert _contents(now) == _contents(then)
    with write(now.db):
        again = BulkPurchases(now.db).insert("till", less, partly_refunded={"X1", "X2"})
    assert (again.updated, again.unchanged, again.reduced) == (0, 2, ())
    assert _contents(now) == _contents(then)
    then.close()
    now.close()
