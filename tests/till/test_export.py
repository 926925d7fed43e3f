"""Exports read back unchanged: a round trip through an empty shop, and into the same shop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.core.models import Birthday, PurchaseLine
from greeter.store import Store
from greeter.store.consents import Consents
from greeter.store.purchases import NewPurchase
from greeter.store.tags import Tags
from greeter.till.exporter import export_customers, export_sales
from tests.helpers import add_customer, add_purchase
from tests.till.csv_files import load, snapshot


def _messy_shop(store: Store) -> None:
    """Customers and sales with everything an export must carry, and cells a spreadsheet
    would run as formulas."""
    ann = add_customer(store, "Ann", "Ann Lee", phone="613-555-0101", email="ann@example.com",
                       card="BG-1", birthday=Birthday(3, 14, 1985), pronunciation="AN")  # fmt: skip
    store.customers.add_phone(
        ann, store.customers.phones(ann)[0].__class__("+16135550102", "+1 613 555 0102")
    )
    store.customers.add_identifier(ann, "shopify", "5608743567")
    Tags(store.db).add(ann, ["VIP", "wholesale"])
    Consents(store.db).record(ann, "email", True, "counter")
    Consents(store.db).record(ann, "sms", False, "counter")
    odd = add_customer(store, '=HYPERLINK("x")', "@Robert -Tables", birthday=Birthday(2, 29))
    add_customer(store, "'Tis", "+Plus Minus-")
    add_purchase(store, ann, dt.datetime(2025, 11, 2, 14, 31, 7), ("Kettle", 4999), ("=1+1", 100))
    add_purchase(store, odd, dt.datetime(2025, 11, 3, 9, 0), ("Refund", -300))
    store.purchases.record(
        NewPurchase(None, dt.datetime(2025, 11, 4, 8, 0), [PurchaseLine("Loose tea", 0.25, 312)],
                    "EUR", "W-9", "web", 500)
    )  # fmt: skip
    store.purchases.record(
        NewPurchase(ann, dt.datetime(2025, 11, 5), [], "CAD", "G-1", total_cents=0)
    )


def _export(store: Store, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(exist_ok=True)
    export_customers(store, folder / "customers.csv")
    export_sales(store, folder / "sales.csv")
    return folder / "customers.csv", folder / "sales.csv"


def test_export_import_export_gives_identical_files(store: Store, tmp_path: Path) -> None:
    _messy_shop(store)
    customers, sales = _export(store, tmp_path / "first")
    empty = Store(tmp_path / "empty.db")
    empty.settings.set("region", "CA")
    assert load(empty, customers, "customers").new == 3
    assert load(empty, sales, "sales").new == 4
    again = _export(empty, tmp_path / "second")
    assert customers.read_bytes() == again[0].read_bytes()
    assert sales.read_bytes() == again[1].read_bytes()
    empty.close()


def test_importing_an_export_into_the_same_shop_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    _messy_shop(store)
    customers, sales = _export(store, tmp_path / "out")
    before = snapshot(store)
    first = load(store, customers, "customers")
    assert (first.new, first.updated, first.unchanged) == (0, 0, 3)
    second = load(store, sales, "sales")
    assert (second.new, second.updated, second.unchanged) == (0, 0, 4)
    assert snapshot(store) == before


def test_cells_are_escaped_against_formulas(store: Store, tmp_path: Path) -> None:
    _messy_shop(store)
    customers, sales = _export(store, tmp_path / "out")
    text = customers.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@Robert -Tables" in text and ",'--02-29," in text
    assert ",613-555-0101; +1 613 555 0102," in text  # a cell that only contains a +
    assert ",'Tis," in text  # an apostrophe not before a formula character stays as it is
    assert ",'+Plus Minus-," in text
    lines = sales.read_text(encoding="utf-8-sig").splitlines()
    assert any(",'=1+1," in line for line in lines)
    assert any(",'-3.00,'-3.00," in line for line in lines)
    for line in customers.read_text(encoding="utf-8-sig").splitlines() + lines:
        for cell in line.split(","):
            assert cell[:1] not in ("=", "+", "-", "@")
