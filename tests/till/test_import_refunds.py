"""Refunds and returns in sales files: money given back is not a visit or a purchase."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.till.importer import ImportOptions, dry_run
from tests.helpers import TODAY, add_customer, run_cli
from tests.till.csv_files import CHARGES, count, load, write_csv

# Square's item sales export (Sales → Items → Export), as a shop downloads it.
SQUARE = [
    "Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU",
    "Modifiers Applied", "Gross Sales", "Discounts", "Net Sales", "Tax", "Transaction ID",
    "Payment ID", "Device Name", "Notes", "Details", "Event Type", "Location", "Customer ID",
    "Customer Name", "Customer Reference ID",
]  # fmt: skip


def square_row(
    date: str, item: str, qty: int, amount: str, transaction: str, event: str, customer: str
) -> list[str]:
    row = dict.fromkeys(SQUARE, "")
    row.update({"Date": date, "Time": "10:00:00", "Time Zone": "Europe/Berlin", "Item": item,
                "Qty": str(qty), "Gross Sales": amount, "Discounts": "€0.00",
                "Net Sales": amount, "Transaction ID": transaction,
                "Payment ID": f"P-{transaction}", "Event Type": event,
                "Customer ID": customer, "Customer Name": "Fatima El Amrani"})  # fmt: skip
    return [row[h] for h in SQUARE]


def figures(store: Store, customer: int) -> tuple[object, ...]:
    """What the card shows of a customer's purchases, as stored."""
    head = store.db.execute(
        "SELECT visits, first_visit, last_visit, lifetime_spend_cents, search_rank"
        " FROM customers WHERE id = ?",
        [customer],
    ).fetchone()
    items = store.db.execute(
        "SELECT item, quantity, times, last_bought FROM customer_items WHERE customer_id = ?"
        " ORDER BY item",
        [customer],
    ).fetchall()
    return tuple(head), [tuple(r) for r in items]


def the_customer(store: Store) -> int:
    [customer] = [c for (c,) in store.db.execute("SELECT id FROM customers")]
    return int(customer)


def agree_with_their_purchases(store: Store, customer: int) -> bool:
    """The stored figures are exactly those worked out again from the purchases stored (as
    after a merge): the import kept them consistent."""
    before = figures(store, customer)
    store.purchases.recompute(customer)
    return figures(store, customer) == before


def test_a_square_refund_is_not_a_visit_nor_a_purchase(store: Store, tmp_path: Path) -> None:
    people = write_csv(tmp_path / "customers.csv", ["Customer ID", "First Name", "Last Name"],
                       [["CUST-7", "Fatima", "El Amrani"]])  # fmt: skip
    load(store, people, "customers")
    path = write_csv(
        tmp_path / "items-2026-11-20.csv",
        SQUARE,
        [square_row("2026-11-19", "Lights", 1, "€30.00", "TX9002", "Payment", "CUST-7"),
         square_row("2026-11-20", "Lights", -1, "-€30.00", "TX9003", "Refund", "CUST-7")],
        bom=True,
    )  # fmt: skip

    result = load(store, path, "sales")

    assert result.mapping.preset == "square"
    assert "Event Type" not in result.mapping.ignored
    assert (result.new, result.lines, result.refunds) == (1, 1, ["TX9003"])
    assert (
        "1 refund left out (TX9003): money given back is not a visit or a purchase"
        in result.summary().splitlines()
    )
    fatima = the_customer(store)
    # The lights given back the next day come off the sale, which is then given back whole:
    # taken out, as a refunded order is (see test_import_later_refunds).
    assert store.purchases.recent(fatima) == ()
    stats = store.purchases.stats(fatima, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents, stats.last_visit) == (0, 0, None)
    assert store.purchases.usual_items(fatima) == ()
    assert count(store, "purchases") == 0
    assert agree_with_their_purchases(store, fatima)


def test_returns_and_refunds_as_other_tills_write_them(store: Store, tmp_path: Path) -> None:
    load(store, write_csv(tmp_path / "c.csv", ["First Name", "Email"],
                          [["Ann", "ann@example.com"]]), "customers")  # fmt: skip
    header = ["Receipt", "Date", "Item", "Qty", "Amount", "Transaction Type", "Email"]
    rows = [
        ["R0", "2026-10-01", "Shirt L", "1", "40.00", "Sale", "ann@example.com"],
        # An exchange: the shirt in another size for the one bought on R0.
        ["R1", "2026-11-02", "Shirt M", "1", "40.00", "Sale", "ann@example.com"],
        ["R1", "2026-11-02", "Shirt L", "-1", "-40.00", "Sale", "ann@example.com"],
        ["R2", "2026-11-03", "Mug", "-1", "-15.00", "Sale", "ann@example.com"],
        ["R3", "2026-11-04", "Lamp", "1", "-30.00", "", "ann@example.com"],
        ["R4", "2026-11-05", "Tea", "1", "5.00", "Sale", "ann@example.com"],
        ["R4", "2026-11-05", "Loyalty discount", "1", "-1.00", "Sale", "ann@example.com"],
        ["R5", "2026-11-06", "Kettle", "1", "25.00", "Return", "ann@example.com"],
    ]
    result = load(store, write_csv(tmp_path / "till.csv", header, rows), "sales")

    assert (result.new, result.lines) == (3, 3)
    assert result.refunds == ["R2", "R3", "R5"]
    assert result.summary().splitlines()[1:4] == [
        "3 refunds left out (R2, R3, R5): money given back is not a visit or a purchase",
        "1 returned item left out of receipt R1 (the rest is imported)",
        f"1 line of {CHARGES} left out of the items of receipt R4 (counted in the total, "
        "never as something bought)",
    ]
    ann = the_customer(store)
    recent = {p.receipt_id: p for p in store.purchases.recent(ann)}
    # The exchange gave back the shirt bought on R0: R0, given back whole, is taken out, and
    # the $40 paid for it counts on R1, which was paid for with it (see test_import_exchanges).
    assert sorted(recent) == ["R1", "R4"]
    assert [line.item for line in recent["R1"].lines] == ["Shirt M"]
    assert recent["R1"].total_cents == 4000
    assert [line.item for line in recent["R4"].lines] == ["Tea"]
    assert recent["R4"].total_cents == 400  # the discount counts in what was paid
    assert figures(store, ann)[0][0] == 2  # visits: R1, R4
    assert figures(store, ann)[0][3] == 4000 + 400
    assert store.purchases.usual_items(ann) == ()  # the shirt given back is not a usual item
    assert agree_with_their_purchases(store, ann)

    again = load(store, tmp_path / "till.csv", "sales")
    assert (again.new, again.unchanged, count(store, "purchases")) == (0, 3, 2)


def test_a_square_export_finds_square_customers_and_what_it_imported_before(
    store: Store, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "export-customers.csv",
        ["First Name", "Last Name", "Email Address", "Square Customer ID"],
        [["Fatima", "El Amrani", "fatima@example.com", "SQ-7QK2"]],
    )
    assert load(store, people, "customers").mapping.system == "square"
    # An export read before Greeter knew Square's item sales, as any other file.
    first = write_csv(
        tmp_path / "items-1.csv",
        SQUARE,
        [square_row("2026-11-18", "Bell", 1, "€6.00", "TX9001", "Payment", "SQ-7QK2")],
    )
    assert load(store, first, "sales", system="import").without_customer == 1
    # The next export overlaps it.
    later = write_csv(
        tmp_path / "items-2.csv",
        SQUARE,
        [square_row("2026-11-18", "Bell", 1, "€6.00", "TX9001", "Payment", "SQ-7QK2"),
         square_row("2026-11-19", "Lights", 1, "€30.00", "TX9002", "Payment", "SQ-7QK2")],
    )  # fmt: skip

    result = load(store, later, "sales")

    assert (result.mapping.preset, result.mapping.system) == ("square", "square")
    assert (result.new, result.updated, result.unchanged) == (1, 1, 0)
    assert count(store, "purchases") == 2  # TX9001 is not imported twice
    fatima = the_customer(store)
    assert [p.receipt_id for p in store.purchases.recent(fatima)] == ["TX9002", "TX9001"]
    assert figures(store, fatima)[0][0] == 2
    assert agree_with_their_purchases(store, fatima)


def test_importing_the_same_sales_again_says_nothing_new(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()
    rows = [["T1", "2026-11-20", "Tea", "2.50", "ann@example.com"],
            ["T1", "2026-11-20", "Mug", "9.00", "ann@example.com"],
            ["T2", "2026-11-20", "Scone", "3.25", ""],
            ["T3", "2026-11-21", "Cake", "4.00", "bob@example.com"],
            ["T4", "2026-11-21", "Tea", "2.50", ""]]  # fmt: skip
    path = write_csv(tmp_path / "sales.csv", ["Receipt", "Date", "Item", "Price", "Email"], rows)
    first = run_cli("--db", db, "import", "sales", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0].startswith(
        "imported 4 receipts: 4 new (5 lines), 0 updated, 0 unchanged, 0 bad (by "
    )
    assert "import the customers, then this file again, to link them" in first.stdout

    again = run_cli("--db", db, "import", "sales", str(path))
    assert again.returncode == 0, again.stderr
    assert again.stdout == "nothing new: all 4 receipts were already imported\n"
    dry = run_cli("--db", db, "import", "sales", str(path), "--dry-run")
    assert dry.stdout.splitlines()[-1] == (
        "dry run: nothing new, all 4 receipts were already imported"
    )

    one = write_csv(tmp_path / "one.csv", ["Receipt", "Date", "Item", "Price"],
                    [["T4", "2026-11-21", "Tea", "2.50"]])  # fmt: skip
    assert run_cli("--db", db, "import", "sales", str(one)).stdout == (
        "nothing new: the receipt was already imported\n"
    )


# -- Shopify's refunded orders; discounts, tips, gift cards and shipping ------------------

# Shopify's order export (Orders → Export → Plain CSV), the columns that matter here.
SHOPIFY = [
    "Name", "Email", "Financial Status", "Paid at", "Currency", "Subtotal", "Shipping",
    "Taxes", "Total", "Discount Code", "Discount Amount", "Created at", "Lineitem quantity",
    "Lineitem name", "Lineitem price", "Lineitem sku", "Lineitem discount", "Cancelled at",
    "Refunded Amount", "Id",
]  # fmt: skip


def shopify_order(
    order: str,
    when: str,
    status: str,
    total: str,
    refunded: str,
    *lines: tuple[str, str],
    cancelled: str = "",
) -> list[list[str]]:
    """An order's rows as Shopify writes them: the order's fields on its first row only."""
    rows = []
    for n, (item, price) in enumerate(lines):
        row = dict.fromkeys(SHOPIFY, "")
        row.update({"Name": order, "Lineitem quantity": "1", "Lineitem name": item,
                    "Lineitem price": price, "Lineitem discount": "0.00"})  # fmt: skip
        if n == 0:
            row.update({"Email": "siobhan@example.com", "Financial Status": status,
                        "Paid at": when, "Currency": "CAD", "Total": total, "Created at": when,
                        "Refunded Amount": refunded, "Cancelled at": cancelled,
                        "Id": f"56087435{order[1:]}"})  # fmt: skip
        rows.append([row[h] for h in SHOPIFY])
    return rows


def test_shopify_refunded_orders_are_left_out_and_partly_refunded_ones_reduced(
    store: Store, tmp_path: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    first = shopify_order("#1001", "2026-10-01 10:00:00 -0400", "paid", "38.24", "0.00",
                          ("Phone case", "29.99"), ("Screen protector", "12.50"))  # fmt: skip
    first[0][SHOPIFY.index("Discount Code")] = "WELCOME10"
    first[0][SHOPIFY.index("Discount Amount")] = "4.25"
    path = write_csv(
        tmp_path / "orders_export.csv",
        SHOPIFY,
        [*first,
         *shopify_order("#1002", "2026-10-15 16:20:00 -0400", "refunded", "29.99", "29.99",
                        ("Phone case", "29.99")),
         *shopify_order("#1003", "2026-11-02 11:05:00 -0500", "partially_refunded", "37.50",
                        "5.00", ("Charger", "25.00"), ("Cable", "12.50"))],
    )  # fmt: skip

    result = load(store, path, "sales")

    assert result.mapping.preset == "shopify-orders"
    assert (result.new, result.refunds) == (2, ["#1002"])
    said = result.summary().splitlines()
    assert "1 refund left out (#1002): money given back is not a visit or a purchase" in said
    assert (
        "1 partly refunded order (#1003) counted at its total less the refunded amount; the "
        "file does not say which items went back, so its items are kept" in said
    )
    # The card: two visits, what was kept of the money, and no "usual" phone case.
    recent = store.purchases.recent(siobhan)
    assert [(p.receipt_id, p.total_cents) for p in recent] == [("#1003", 3250), ("#1001", 3824)]
    assert [line.item for line in recent[1].lines] == ["Phone case", "Screen protector"]
    stats = store.purchases.stats(siobhan, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (2, 3250 + 3824)
    assert store.purchases.usual_items(siobhan) == ()
    assert agree_with_their_purchases(store, siobhan)

    again = load(store, path, "sales")
    assert (again.new, again.unchanged, count(store, "purchases")) == (0, 2, 2)


def test_shopify_cancelled_and_voided_orders_are_not_visits_nor_purchases(
    store: Store, tmp_path: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    path = write_csv(
        tmp_path / "orders_export.csv",
        SHOPIFY,
        [*shopify_order("#1001", "2026-10-01 10:00:00 -0400", "paid", "29.99", "0.00",
                        ("Phone case", "29.99")),
         # Cancelled after she paid, and refunded.
         *shopify_order("#1004", "2026-11-03 11:05:00 -0500", "refunded", "25.00", "25.00",
                        ("Charger", "25.00"), cancelled="2026-11-03 12:00:00 -0500"),
         # Cancelled before the card payment was taken: voided.
         *shopify_order("#1005", "2026-11-04 11:05:00 -0500", "voided", "25.00", "0.00",
                        ("Charger", "25.00")),
         # Cancelled before she paid by bank transfer.
         *shopify_order("#1006", "2026-11-05 09:30:00 -0500", "pending", "25.00", "0.00",
                        ("Charger", "25.00"), cancelled="2026-11-06 08:00:00 -0500")],
    )  # fmt: skip

    result = load(store, path, "sales")

    assert (result.new, result.refunds) == (1, [])  # #1004 is cancelled, not counted twice
    assert result.cancelled == ["#1004", "#1005", "#1006"]
    assert (
        "3 cancelled orders left out (#1004, #1005, #1006): an order cancelled, or whose "
        "payment was voided or expired, is not a visit or a purchase"
        in result.summary().splitlines()
    )
    # The card: one visit, what she paid for it, and no "usual" charger she never got.
    assert [p.receipt_id for p in store.purchases.recent(siobhan)] == ["#1001"]
    stats = store.purchases.stats(siobhan, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (1, 2999)
    assert store.purchases.usual_items(siobhan) == ()
    assert count(store, "purchases") == 1
    assert agree_with_their_purchases(store, siobhan)


def test_the_audit_trail_counts_what_a_sales_import_left_out(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "Qty", "Amount", "Line Type", "Payment Status",
              "Refunded Amount", "Email"]  # fmt: skip
    r1 = ["R1", "2026-11-02", "Latte", "1", "4.50", "Item", "Paid", "", "ann@example.com"]
    rows = [
        r1,
        ["R1", "2026-11-02", "Tip", "1", "1.00", "Tip", "", "", "ann@example.com"],
        ["R2", "2026-11-03", "Kettle", "1", "25.00", "Item", "Refunded", "", "ann@example.com"],
        ["R3", "2026-11-04", "Teapot", "1", "30.00", "Item", "Partially refunded", "5.00", ""],
        ["R4", "2026-11-05", "Mug", "1", "9.00", "Item", "Voided", "", "ann@example.com"],
        ["R5", "2026-11-06", "Shirt M", "1", "40.00", "Item", "Paid", "", "ann@example.com"],
        ["R5", "2026-11-06", "Shirt L", "-1", "-40.00", "Item", "", "", "ann@example.com"],
        ["R6", "2026-11-07", "Scarf", "1", "20.00", "Item", "Pending", "", "ann@example.com"],
        ["R7", "2026-11-08", "Hat", "1", "15.00", "Item", "Expired", "", "ann@example.com"],
        r1,  # exported twice
    ]
    path = write_csv(tmp_path / "till.csv", header, rows)
    dry_run(store, path, ImportOptions("sales"))
    assert store.audit.entries(action=AuditEvent.IMPORT) == []  # a dry run leaves no trace

    load(store, path, "sales")

    [entry] = store.audit.entries(action=AuditEvent.IMPORT)
    assert entry.detail == {
        "kind": "sales", "new": 3, "updated": 0, "unchanged": 0, "bad": 0, "lines": 3,
        "duplicates": 1, "refunds": 1, "returned": 1, "cancelled": 2, "not_paid_yet": 1,
        "partly_refunded": 1, "charge_lines": 1, "withdrawn": 0, "totals_reduced": 0,
        "returned_later": 0, "returned_waiting": 0, "given_back_whole": 0,
    }  # fmt: skip


def test_a_dry_run_of_a_shopify_export_says_what_the_import_leaves_out(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()
    path = write_csv(
        tmp_path / "orders_export.csv",
        SHOPIFY,
        [*shopify_order("#1001", "2026-10-01 10:00:00 -0400", "paid", "42.49", "0.00",
                        ("Phone case", "29.99"), ("Screen protector", "12.50")),
         *shopify_order("#1002", "2026-10-15 16:20:00 -0400", "refunded", "29.99", "29.99",
                        ("Phone case", "29.99")),
         *shopify_order("#1003", "2026-11-02 11:05:00 -0500", "partially_refunded", "37.50",
                        "5.00", ("Charger", "25.00"), ("Cable", "12.50")),
         *shopify_order("#1004", "2026-11-03 11:05:00 -0500", "voided", "12.50", "0.00",
                        ("Cable", "12.50"), cancelled="2026-11-03 12:00:00 -0500")],
    )  # fmt: skip

    dry = run_cli("--db", db, "import", "sales", str(path), "--dry-run")

    assert dry.returncode == 0, dry.stderr
    said = dry.stdout.splitlines()
    assert said[0] == (
        "dry run, nothing changed: would import 2 receipts: 2 new (4 lines), 0 updated, "
        "0 unchanged, 0 bad"
    )
    assert said[1].startswith("columns (shopify-orders): Name → receipt_id")
    assert "Cancelled at → cancelled" in said[1]
    assert said[2:5] == [
        "1 refund left out (#1002): money given back is not a visit or a purchase",
        "1 cancelled order left out (#1004): an order cancelled, or whose payment was voided "
        "or expired, is not a visit or a purchase",
        "1 partly refunded order (#1003) counted at its total less the refunded amount; the "
        "file does not say which items went back, so its items are kept",
    ]
    store = Store(db)
    assert count(store, "purchases") == 0
    store.close()
    # What it said is what happens.
    done = run_cli("--db", db, "import", "sales", str(path))
    assert done.returncode == 0, done.stderr
    done_said = done.stdout.splitlines()
    assert done_said[0].startswith(
        "imported 2 receipts: 2 new (4 lines), 0 updated, 0 unchanged, 0 bad (by "
    )
    assert done_said[1:] == said[1:]  # the same columns and notes


def test_discount_and_coupon_lines_are_never_usual_items(store: Store, tmp_path: Path) -> None:
    ann = add_customer(store, "Ann", email="ann@example.com")
    header = ["Receipt", "Date", "Item", "Qty", "Amount", "Email"]
    rows = [
        ["R1", "2026-11-02", "Coffee beans", "1", "14.00", "ann@example.com"],
        ["R1", "2026-11-02", "Coupon", "1", "-2.00", "ann@example.com"],
        ["R2", "2026-11-09", "Coffee beans", "1", "14.00", "ann@example.com"],
        ["R2", "2026-11-09", "Coupon", "1", "-2.00", "ann@example.com"],
        ["R2", "2026-11-09", "Promo BLACKFRIDAY", "1", "-1.50", "ann@example.com"],
    ]
    result = load(store, write_csv(tmp_path / "till.csv", header, rows), "sales")

    assert (result.new, result.lines) == (2, 2)
    assert (
        f"3 lines of {CHARGES} left out of the items of receipts R1, R2 (counted in the total, "
        "never as something bought)" in result.summary().splitlines()
    )
    assert [u.item for u in store.purchases.usual_items(ann)] == ["Coffee beans"]
    recent = store.purchases.recent(ann)
    assert [(p.receipt_id, p.total_cents) for p in recent] == [("R2", 1050), ("R1", 1200)]
    assert figures(store, ann)[0][3] == 1200 + 1050  # lifetime spend: what she paid
    assert agree_with_their_purchases(store, ann)


@pytest.mark.parametrize(
    ("header", "kinds"),
    [
        # Square's item sales export, with its Itemization Type column.
        (["Date", "Transaction ID", "Item", "Qty", "Net Sales", "Itemization Type", "Customer ID"],
         ("Physical Item", "Gift Card", "Tip")),
        # A web shop's order lines, each with its type.
        (["Date", "Order", "Item", "Qty", "Amount", "Type", "Customer ID"],
         ("Sale", "Gift card", "Shipping")),
    ],
)  # fmt: skip
def test_gift_card_tip_and_shipping_lines_are_never_usual_items(
    store: Store, tmp_path: Path, header: list[str], kinds: tuple[str, str, str]
) -> None:
    people = write_csv(tmp_path / "customers.csv", ["Customer ID", "First Name"],
                       [["CUST-7", "Fatima"]])  # fmt: skip
    load(store, people, "customers")
    item, gift, extra = kinds
    rows = []
    for receipt, day in (("T1", "2026-11-02"), ("T2", "2026-11-09")):
        rows += [[day, receipt, "Latte", "1", "4.50", item, "CUST-7"],
                 [day, receipt, "Gift card $25", "1", "25.00", gift, "CUST-7"],
                 [day, receipt, extra, "1", "1.00", extra, "CUST-7"]]  # fmt: skip

    result = load(store, write_csv(tmp_path / "sales.csv", header, rows), "sales")

    assert (result.new, result.lines, result.bad) == (2, 2, 0)
    fatima = the_customer(store)
    assert [u.item for u in store.purchases.usual_items(fatima)] == ["Latte"]
    recent = store.purchases.recent(fatima)
    assert [[line.item for line in p.lines] for p in recent] == [["Latte"], ["Latte"]]
    assert [p.total_cents for p in recent] == [3050, 3050]  # as the till rang them up
    assert agree_with_their_purchases(store, fatima)
    assert (
        f"4 lines of {CHARGES} left out of the items of receipts T1, T2 (counted in the total, "
        "never as something bought)" in result.summary().splitlines()
    )


def test_shopify_tip_gift_card_and_shipping_lines_are_known_by_their_name(
    store: Store, tmp_path: Path
) -> None:
    """Shopify's order export has no type column: a tip, a gift card sold or a shipping
    charge is a line item like any other, known only by its name."""
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    path = write_csv(
        tmp_path / "orders_export.csv",
        SHOPIFY,
        [*shopify_order("#1001", "2026-10-01 10:00:00 -0400", "paid", "39.99", "0.00",
                        ("Phone case", "29.99"), ("Tip", "5.00"), ("Shipping", "5.00")),
         *shopify_order("#1002", "2026-10-15 16:20:00 -0400", "paid", "83.99", "0.00",
                        ("Gift Card $50", "50.00"), ("Phone case", "29.99"),
                        ("GRATUITY", "4.00")),
         *shopify_order("#1003", "2026-11-02 11:05:00 -0500", "paid", "62.00", "0.00",
                        ("Replacement stylus tips", "12.00"), ("gift card", "50.00"))],
    )  # fmt: skip

    result = load(store, path, "sales")

    assert (result.new, result.lines, result.bad) == (3, 3, 0)
    assert (
        f"5 lines of {CHARGES} left out of the items of receipts #1001, #1002, #1003 (counted "
        "in the total, never as something bought)" in result.summary().splitlines()
    )
    recent = store.purchases.recent(siobhan)
    assert [[line.item for line in p.lines] for p in recent] == [
        ["Replacement stylus tips"], ["Phone case"], ["Phone case"],
    ]  # fmt: skip
    assert [p.total_cents for p in recent] == [6200, 8399, 3999]  # what she paid
    assert [u.item for u in store.purchases.usual_items(siobhan)] == ["Phone case"]
    greeting = store.cards.assemble(siobhan, store.settings.load(), TODAY).greeting.text
    assert greeting.casefold().endswith("the replacement stylus tips?")  # not the gift card
    assert agree_with_their_purchases(store, siobhan)
    [entry] = store.audit.entries(action=AuditEvent.IMPORT)
    assert entry.detail["charge_lines"] == 5
