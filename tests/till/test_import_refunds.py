"""Refunds and returns in sales files: money given back is not a visit or a purchase."""

from __future__ import annotations

from pathlib import Path

from greeter.store import Store
from tests.helpers import run_cli
from tests.till.csv_files import count, load, write_csv

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
    [bought] = store.purchases.recent(fatima)
    assert bought.receipt_id == "TX9002"
    assert [(line.item, line.quantity, line.amount_cents) for line in bought.lines] == [
        ("Lights", 1, 3000)
    ]
    stats = store.purchases.stats(fatima, bought.purchased_at.date(), 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (1, 3000)
    assert store.purchases.usual_items(fatima) == ()  # bought once: not a usual item
    assert count(store, "purchases") == 1
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

    assert (result.new, result.lines) == (3, 4)
    assert result.refunds == ["R2", "R3", "R5"]
    assert result.summary().splitlines()[1:3] == [
        "3 refunds left out (R2, R3, R5): money given back is not a visit or a purchase",
        "1 returned item left out of receipt R1 (the rest is imported)",
    ]
    ann = the_customer(store)
    recent = {p.receipt_id: p for p in store.purchases.recent(ann)}
    assert sorted(recent) == ["R0", "R1", "R4"]
    assert [line.item for line in recent["R1"].lines] == ["Shirt M"]
    assert recent["R1"].total_cents == 0  # what the till says was paid for the exchange
    assert [line.item for line in recent["R4"].lines] == ["Tea", "Loyalty discount"]
    assert figures(store, ann)[0][0] == 3  # visits: R0, R1, R4
    assert figures(store, ann)[0][3] == 4000 + 0 + 400
    assert store.purchases.usual_items(ann) == ()  # the shirt given back is not a usual item
    assert agree_with_their_purchases(store, ann)

    again = load(store, tmp_path / "till.csv", "sales")
    assert (again.new, again.unchanged, count(store, "purchases")) == (0, 3, 3)


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
    assert first.stdout.splitlines()[0] == (
        "imported 4 receipts: 4 new (5 lines), 0 updated, 0 unchanged, 0 bad"
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
