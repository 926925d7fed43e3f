"""Sales exports whose columns say more than their names: Square's Transactions export, void
and cancelled statuses, and tax, fee, deposit and service lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.store import Store
from tests.helpers import add_customer
from tests.till.csv_files import CHARGES, count, load, write_csv
from tests.till.test_import_sales import SQUARE_ITEMS, lines_of, square_item

SQUARE_TRANSACTIONS = [
    "Date", "Time", "Gross Sales", "Net Sales", "Total Collected", "Source", "Card", "Cash",
    "Transaction ID", "Payment ID", "Description", "Event Type", "Customer ID",
    "Transaction Status",
]  # fmt: skip


def purchases(store: Store) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in store.db.execute(
            "SELECT receipt_id, total_cents, customer_id FROM purchases ORDER BY receipt_id"
        )
    ]


def test_square_transactions_after_its_items_export_adds_no_second_visit(
    store: Store, tmp_path: Path
) -> None:
    items = write_csv(tmp_path / "items.csv", SQUARE_ITEMS,
                      [square_item("T1", "Mug", 1, "$20.00", "$0.00", "$20.00")])  # fmt: skip
    assert load(store, items, "sales").new == 1
    transactions = write_csv(
        tmp_path / "transactions.csv",
        SQUARE_TRANSACTIONS,
        [["2026-11-20", "10:01:00", "$20.00", "$20.00", "$20.00", "Point of Sale", "$20.00",
          "$0.00", "T1", "P1", "Mug", "Payment", "SQ-42", "Complete"]],
    )  # fmt: skip
    again = load(store, transactions, "sales")
    assert (again.new, again.unchanged) == (0, 1)
    assert purchases(store) == [("T1", 2000, None)]  # one visit, spend counted once


def test_a_card_column_of_amounts_is_not_a_loyalty_card(store: Store, tmp_path: Path) -> None:
    # A customer whose loyalty card code happens to read like the amount charged.
    add_customer(store, "Lan", card="$15.00")
    path = write_csv(
        tmp_path / "transactions.csv",
        SQUARE_TRANSACTIONS,
        [["2026-11-20", "10:01:00", "$15.00", "$15.00", "$15.00", "Point of Sale", "$15.00",
          "$0.00", "T9", "P9", "Scone", "Payment", "", "Complete"]],
    )  # fmt: skip
    load(store, path, "sales")
    assert purchases(store) == [("T9", 1500, None)]  # not given to Lan


def test_a_source_column_of_known_systems_still_keeps_receipts_apart(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Amount", "Source"],
                     [["R1", "2026-11-20", "Tea", "3.50", "shopify"],
                      ["R1", "2026-11-20", "Mug", "9.00", "square"]])  # fmt: skip
    assert load(store, path, "sales").new == 2


@pytest.mark.parametrize(
    ("header", "void", "kept"),
    [
        (["Receipt", "Date", "Item", "Price", "Status"], "VOID", "Completed"),
        (["Receipt", "Date", "Item", "Price", "Status"], "VOIDED", "CLOSED"),  # Lightspeed X
        (["Receipt", "Date", "Item", "Price", "Order Status"], "Cancelled", "Paid"),  # Odoo
        (["Sale ID", "Date", "Description", "Unit Price", "Voided"], "Yes", "No"),  # Lightspeed R
    ],
)
def test_voided_and_cancelled_sales_are_not_visits(
    store: Store, tmp_path: Path, header: list[str], void: str, kept: str
) -> None:
    path = write_csv(tmp_path / "s.csv", header,
                     [["V1", "2026-11-15", "Hub", "59.99", void],
                      ["V2", "2026-11-15", "Hub", "59.99", void],
                      ["K1", "2026-11-16", "Dock", "99.00", kept]])  # fmt: skip
    result = load(store, path, "sales")
    assert purchases(store) == [("K1", 9900, None)]
    assert "2 cancelled orders left out (V1, V2)" in result.summary()


def test_tax_fee_deposit_and_service_lines_are_not_items_bought(
    store: Store, tmp_path: Path
) -> None:
    charges = ["HST 13%", "Sales Tax", "Bag fee", "Service charge - setup", "MwSt 19%", "Pfand",
               "VAT", "GST", "TVA", "IVA"]  # fmt: skip
    products = ["Taxi toy", "Feeder", "Service kit"]
    rows = [["R1", "2026-11-20", name, "1.00"] for name in [*products, *charges]]
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Amount"], rows)
    result = load(store, path, "sales")
    assert [line[1] for line in lines_of(store, "R1")] == products
    assert purchases(store) == [("R1", 1300, None)]  # what was paid, charges included
    assert f"10 lines of {CHARGES} left out" in result.summary()


def test_a_type_column_saying_tax_or_fee_leaves_the_line_out(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["Ticket #", "Date", "Description", "Amount", "Type"],
                     [["20451", "2026-11-03", "Bluetooth Speaker", "79.99", "SALE"],
                      ["20451", "2026-11-03", "Ontario levy", "10.40", "TAX"],
                      ["20451", "2026-11-03", "Paper bag", "0.05", "FEE"]])  # fmt: skip
    load(store, path, "sales")
    assert [line[1] for line in lines_of(store, "20451")] == ["Bluetooth Speaker"]
    assert count(store, "purchases") == 1 and purchases(store) == [("20451", 9044, None)]
