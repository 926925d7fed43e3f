"""Importing sales: Shopify's order export, real-file mess, idempotency, bad rows, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.store import Store, bulk
from greeter.store.bulk import BulkPurchases, BulkSale
from greeter.till.importer import ImportOptions, ImportProgress, dry_run, run_import
from greeter.till.problems import ImportCancelled, ImportRefused
from tests.helpers import add_customer, run_cli
from tests.till.csv_files import CHARGES, count, integrity_ok, load, snapshot, write_csv

SHOPIFY = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Billing Name",
    "Billing Phone", "Phone", "Id", "Source",
]  # fmt: skip


def shopify_row(
    order: str, first: bool, qty: int, item: str, price: str, sku: str, **head: str
) -> list[str]:
    row = dict.fromkeys(SHOPIFY, "")
    row.update({"Name": order, "Lineitem quantity": str(qty), "Lineitem name": item,
                "Lineitem price": price, "Lineitem sku": sku})  # fmt: skip
    if first:
        row.update({"Financial Status": "paid", "Currency": "CAD", "Source": "web", **head})
    return [row[h] for h in SHOPIFY]


def shopify_orders(path: Path) -> Path:
    return write_csv(
        path,
        SHOPIFY,
        [
            shopify_row("#1001", True, 1, "Galaxy S24", "1099.99", "4006381333931",
                        **{"Email": "siobhan@example.com", "Total": "1276.88",
                           "Created at": "2025-11-02 14:31:07 -0500", "Id": "5608743567470",
                           "Billing Phone": "'+16135550142"}),
            shopify_row("#1001", False, 1, "Clear case", "29.99", "CASE-1"),
            shopify_row("#1001", False, 2, "Screen protector", "12.50", "SP-2"),
            shopify_row("#1002", True, 1, "USB-C cable", "19.99", "",
                        **{"Email": "new@example.com", "Total": "19.99",
                           "Created at": "2025-11-03 09:05:00 -0500", "Id": "5608743567471"}),
        ],
    )  # fmt: skip


def lines_of(store: Store, receipt: str) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in store.db.execute(
            "SELECT l.line_no, l.item, l.sku, l.quantity, l.amount_cents FROM purchase_lines l"
            " JOIN purchases p ON p.id = l.purchase_id WHERE p.receipt_id = ? ORDER BY l.line_no",
            [receipt],
        )
    ]


def test_shopify_orders_export_as_it_comes(store: Store, tmp_path: Path) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    result = load(store, shopify_orders(tmp_path / "orders_export.csv"), "sales")
    assert (result.new, result.lines, result.without_customer, result.bad) == (2, 4, 1, 0)
    assert result.mapping.preset == "shopify-orders"
    assert lines_of(store, "#1001") == [
        (1, "Galaxy S24", "4006381333931", 1.0, 109999),
        (2, "Clear case", "CASE-1", 1.0, 2999),
        (3, "Screen protector", "SP-2", 2.0, 2500),
    ]
    head = store.db.execute(
        "SELECT customer_id, source, purchased_at, total_cents, currency FROM purchases"
        " WHERE receipt_id = '#1001'"
    ).fetchone()
    assert tuple(head) == (siobhan, "shopify", "2025-11-02T14:31:07", 127688, "CAD")
    stats = store.purchases.stats(
        siobhan, store.purchases.recent(siobhan)[0].purchased_at.date(), 90
    )
    assert (stats.visits, stats.lifetime_spend_cents) == (1, 127688)
    assert [u.item for u in store.purchases.usual_items(siobhan)] == []  # one visit only


def test_importing_again_or_an_overlapping_export_adds_nothing_twice(
    store: Store, tmp_path: Path
) -> None:
    add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, shopify_orders(tmp_path / "a.csv"), "sales")
    before = snapshot(store)
    again = load(store, tmp_path / "a.csv", "sales")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot(store) == before
    # A later export overlapping the first: #1002 again, and a new #1003.
    rows = [shopify_row("#1002", True, 1, "USB-C cable", "19.99", "",
                        **{"Email": "new@example.com", "Total": "19.99",
                           "Created at": "2025-11-03 09:05:00 -0500"}),
            shopify_row("#1003", True, 3, "Sticker", "1.00", "",
                        **{"Email": "siobhan@example.com", "Total": "3.00",
                           "Created at": "2025-11-04 10:00:00 -0500"})]  # fmt: skip
    later = load(store, write_csv(tmp_path / "b.csv", SHOPIFY, rows), "sales")
    assert (later.new, later.unchanged) == (1, 1)
    assert count(store, "purchases") == 3


def test_receipts_are_linked_once_their_customer_is_known(store: Store, tmp_path: Path) -> None:
    path = shopify_orders(tmp_path / "orders.csv")
    assert load(store, path, "sales").without_customer == 2
    bob = add_customer(store, "Newcomer", email="new@example.com")
    result = load(store, path, "sales")
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    assert store.purchases.recent(bob)[0].receipt_id == "#1002"
    assert store.db.execute("SELECT visits FROM customers WHERE id = ?", [bob]).fetchone()[0] == 1


@pytest.mark.parametrize(
    ("date_order", "date", "stored"),
    [("DMY", "02/11/2025", "2025-11-02"), ("MDY", "02/11/2025", "2025-02-11")],
)
def test_slashed_dates_follow_the_shops_date_order(
    store: Store, tmp_path: Path, date_order: str, date: str, stored: str
) -> None:
    store.settings.set("date_order", date_order)
    path = write_csv(
        tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], [["R1", date, "Tea", "3.50"]]
    )
    load(store, path, "sales")
    assert (
        store.db.execute("SELECT purchased_at FROM purchases").fetchone()[0] == stored + "T00:00:00"
    )


def test_a_european_file_in_an_mdy_shop_keeps_its_dotted_dates_day_first(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")  # a CA/US shop
    path = write_csv(
        tmp_path / "verkauf.csv",
        ["Receipt", "Date", "Item", "Price"],
        [["R1", "02.11.2026 14:31", "Tee", "3,50"],
         ["R2", "03.11.2026", "Tasse", "12,00"],
         ["R3", "23.11.2026", "Kanne", "1.234,50"]],
        delimiter=";",
    )  # fmt: skip
    result = load(store, path, "sales")
    assert (result.new, result.bad) == (3, 0)
    stored = store.db.execute(
        "SELECT receipt_id, purchased_at, total_cents FROM purchases ORDER BY receipt_id"
    ).fetchall()
    assert [tuple(r) for r in stored] == [
        ("R1", "2026-11-02T14:31:00", 350),
        ("R2", "2026-11-03T00:00:00", 1200),
        ("R3", "2026-11-23T00:00:00", 123450),
    ]


def test_a_slashed_date_read_wrongly_says_how_else_it_reads(store: Store, tmp_path: Path) -> None:
    store.settings.set("date_order", "MDY")
    rows = [["R1", "02/11/2026", "Tea", "2"], ["R2", "23/11/2026", "Tea", "2"]]
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], rows)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    assert (
        "line 3, column Date: “23/11/2026” is not a real date: there is no month 23 (read as "
        "month/day/year; the shop's date_order setting is MDY; as day/month/year it would be "
        "23 November 2026)"
    ) in str(refused.value)
    assert count(store, "purchases") == 0


def test_semicolons_decimal_commas_bom_and_quoted_newlines(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        ["Receipt", "Date", "Item", "Qty", "Price", "Amount"],
        [["R1", "2025-11-02T10:00:00", "Tea\nloose leaf", "1,5", "2,00", "3,00"],
         ["R1", "2025-11-02T10:00:00", "Mug", "1", "1.234,50", ""],
         ["R2", "2025-11-02T11:00:00", "Kettle", "2", "10,00", "20,00"]],
        delimiter=";", bom=True,
    )  # fmt: skip
    result = load(store, path, "sales")
    assert (result.new, result.lines) == (2, 3)
    assert lines_of(store, "R1") == [
        (1, "Tea loose leaf", "", 1.5, 300),
        (2, "Mug", "", 1.0, 123450),
    ]


def test_cp1252_tab_separated_with_unknown_columns(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.tsv",
        ["Order Number", "Order Date", "Product", "Quantity", "Unit Price", "Till Operator"],
        [["7", "2025-11-02", "Crème brûlée torch", "1", "24.99", "Zoë"]],
        delimiter="\t", encoding="cp1252",
    )  # fmt: skip
    result = load(store, path, "sales")
    assert result.mapping.ignored == ("Till Operator",)
    assert lines_of(store, "7") == [(1, "Crème brûlée torch", "", 1.0, 2499)]


def test_duplicate_rows_versus_an_item_bought_twice(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "Price"]
    rows = [["R1", "2025-11-02", "Coffee", "3.00"], ["R1", "2025-11-02", "Coffee", "3.00"],
            ["R2", "2025-11-02", "Tea", "2.00"],
            ["R1", "2025-11-02", "Coffee", "3.00"], ["R1", "2025-11-02", "Coffee", "3.00"],
            ["R2", "2025-11-02", "Tea", "2.00"]]  # fmt: skip
    result = load(store, write_csv(tmp_path / "s.csv", header, rows), "sales")
    # R1's two coffees are two lines; the block repeated at the end is a duplicate.
    assert [line for line, _ in result.duplicates] == [5, 6, 7]
    assert lines_of(store, "R1") == [(1, "Coffee", "", 1.0, 300), (2, "Coffee", "", 1.0, 300)]


def test_an_item_bought_twice_in_a_file_of_whole_receipts(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "Price"]
    rows = [["R1", "2025-11-02", "Coffee", "3.00"], ["R1", "2025-11-02", "Coffee", "3.00"],
            ["R2", "2025-11-02", "Tea", "2.00"], ["R2", "2025-11-02", "Tea", "2.00"],
            ["R2", "2025-11-02", "Tea", "2.00"]]  # fmt: skip
    result = load(store, write_csv(tmp_path / "s.csv", header, rows), "sales")
    assert result.duplicates == []
    assert [n for n, *_ in lines_of(store, "R1")] == [1, 2]
    assert [n for n, *_ in lines_of(store, "R2")] == [1, 2, 3]


def test_a_bad_value_refuses_the_file_naming_line_and_column(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "Qty", "Price"]
    rows = [[f"R{i}", "2025-11-02", "Tea", "1", "2.00"] for i in range(210)]
    rows[210 - 1] = ["R209", "2025-11-02", "Tea", "one", "2.00"]
    with pytest.raises(ImportRefused) as refused:
        load(store, write_csv(tmp_path / "s.csv", header, rows), "sales")
    assert "line 211, column Qty: “one” is not a quantity" in str(refused.value)
    assert count(store, "purchases") == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["R1", "31/31/2025", "Tea", "2.00", ""],
            "line 2, column Date: “31/31/2025” is not a real date",
        ),
        (["R1", "", "Tea", "2.00", ""], "line 2, column Date: has no date"),
        (["R1", "2025-11-02", "Tea", "", ""], "line 2, column Price: has no amount"),
        (
            ["R1", "2025-11-02", "Tea", "2.00", "XX"],
            "line 2, column Currency: “XX” is not a currency",
        ),
        (["", "2025-11-02", "Tea", "2.00", ""], "line 2, column Receipt: has no receipt"),
    ],
)
def test_what_is_wrong_is_said_plainly(
    store: Store, tmp_path: Path, row: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price", "Currency"], [row])
    with pytest.raises(ImportRefused, match=message):
        load(store, path, "sales")


def test_a_total_column_that_holds_line_amounts_is_caught(store: Store, tmp_path: Path) -> None:
    rows = [["R1", "2025-11-02", "Tea", "2.00"], ["R1", "2025-11-02", "Mug", "5.00"]]
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Total"], rows)
    with pytest.raises(ImportRefused, match="column Total: gives different totals .* line_total"):
        load(store, path, "sales")
    result = load(store, path, "sales", overrides={"Total": "line_total"})
    assert result.lines == 2


def test_skip_bad_leaves_out_the_whole_receipt(store: Store, tmp_path: Path) -> None:
    rows = [["R1", "2025-11-02", "Tea", "2.00"], ["R1", "2025-11-02", "Mug", "lots"],
            ["R2", "2025-11-02", "Kettle", "30.00"]]  # fmt: skip
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], rows)
    result = load(store, path, "sales", skip_bad=True)
    assert (result.new, result.bad, result.report_path) == (1, 2, tmp_path / "s.bad.csv")
    report = (tmp_path / "s.bad.csv").read_text(encoding="utf-8-sig").splitlines()
    assert (
        report[1] == "R1,2025-11-02,Tea,2.00,not imported: another row of the same receipt is bad,2"
    )
    assert report[2].startswith("R1,2025-11-02,Mug,lots,column Price: “lots” is not an amount")
    assert "wrote the 2 bad rows to" in result.summary()


def test_card_numbers_refuse_the_file_but_barcodes_do_not(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "SKU", "Price", "Comment"]
    barcode = ["R1", "2025-11-02", "Tea", "4006381333931", "2.00", ""]  # EAN-13, Luhn-valid
    assert load(store, write_csv(tmp_path / "a.csv", header, [barcode]), "sales").new == 1
    card = ["R2", "2025-11-02", "Tea", "", "2.00", "card 5555-5555-5555-4444"]
    with pytest.raises(ImportRefused, match="line 3, column Comment: .*payment card"):
        load(store, write_csv(tmp_path / "b.csv", header, [barcode, card]), "sales", skip_bad=True)
    assert count(store, "purchases") == 1


def test_the_refusal_names_the_first_row_with_a_card_number(store: Store, tmp_path: Path) -> None:
    header = ["Receipt", "Date", "Item", "Price", "Comment"]
    rows = [
        ["R1", "2025-11-02", "Tea", "2.00", "ref 1234 5678 9012 3457"],  # long, not a card
        ["R2", "2025-11-02", "Tea", "2.00", "card 5555-5555-5555-4444"],
        ["R3", "2025-11-02", "Mug", "9.00", ""],
        ["R4", "2025-11-02", "Tea", "2.00", "card 5555-5555-5555-4444"],  # the same again
    ]
    with pytest.raises(ImportRefused, match="line 3, column Comment: .*payment card"):
        load(store, write_csv(tmp_path / "s.csv", header, rows), "sales")
    assert count(store, "purchases") == 0


def test_a_fault_while_writing_leaves_the_file_as_it_was(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "LINE_CHUNK", 100)  # report progress every 100 lines
    add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, shopify_orders(tmp_path / "a.csv"), "sales")
    before = snapshot(store)
    rows = [
        [f"R{i}", "2025-11-02", f"Item {i % 7}", "2.00", "siobhan@example.com"] for i in range(1000)
    ]
    path = write_csv(tmp_path / "big.csv", ["Receipt", "Date", "Item", "Price", "Email"], rows)

    def progress(p: ImportProgress) -> bool:
        if p.stage == "writing" and p.done >= 500:  # 500 lines are in the transaction
            assert count(store, "purchase_lines") == 4 + 500
            raise OSError("disk unplugged")
        return True

    with pytest.raises(OSError, match="unplugged"):
        run_import(store, path, ImportOptions("sales"), progress)
    assert snapshot(store) == before and integrity_ok(store)
    with pytest.raises(ImportCancelled):
        run_import(store, path, ImportOptions("sales"), lambda p: p.stage != "writing")
    assert snapshot(store) == before


def test_dry_run_counts_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = shopify_orders(tmp_path / "orders.csv")
    before = snapshot(store)
    result = dry_run(store, path, ImportOptions("sales"))
    assert (result.new, result.lines) == (2, 4)
    assert snapshot(store) == before and count(store, "imports") == 0


@pytest.mark.parametrize("others", [2, 60], ids=["few-stored", "many-stored"])
def test_phones_in_any_format_find_their_customer_in_a_small_or_big_shop(
    store: Store, tmp_path: Path, others: int
) -> None:
    # A few phones among many stored ones are parsed one by one; many (or few stored) are
    # looked for among the stored phones' digits first. Either way the same customers.
    zoe = add_customer(store, "Zoë", phone="613-555-0142")
    ana = add_customer(store, "Ana", phone="613-555-0143")
    for n in range(others):
        add_customer(store, f"Other {n}", phone=f"819-555-{n:04d}")
    rows = [
        ["R1", "2025-11-02", "Sticker", "1.00", "(613) 555-0142"],
        ["R2", "2025-11-02", "Sticker", "1.00", "'+1 613 555 0143"],
        ["R3", "2025-11-02", "Sticker", "1.00", "613 555 0199"],  # valid, nobody's
        ["R4", "2025-11-02", "Sticker", "1.00", "555-01"],  # not a phone number
    ]
    path = write_csv(tmp_path / "sales.csv", ["Receipt", "Date", "Item", "Amount", "Phone"], rows)

    result = load(store, path, "sales")

    who = dict(store.db.execute("SELECT receipt_id, customer_id FROM purchases").fetchall())
    assert who == {"R1": zoe, "R2": ana, "R3": None, "R4": None}
    assert result.without_customer == 2


def _shop_of(path: Path, customers: int, receipts: int) -> Store:
    store = Store(path)
    store.settings.set("region", "CA")
    for n in range(customers):
        add_customer(store, f"Customer {n}", phone=f"613-555-{n:04d}")
    sales = [
        BulkSale(
            f"R{n}", "2025-01-01T10:00:00", 100, "CAD", 1 + n % customers, [(1, "Mug", "", 1, 100)]
        )
        for n in range(receipts)
    ]
    BulkPurchases(store.db).insert("till", sales)
    return store


def _sqlite_work(store: Store, path: Path) -> int:
    """How much SQLite did to import `path`: its virtual machine's steps, in hundreds."""
    hundreds = [0]

    def step() -> int:
        hundreds[0] += 1
        return 0  # go on

    store.db.conn.set_progress_handler(step, 100)
    try:
        load(store, path, "sales")
    finally:
        store.db.conn.set_progress_handler(None, 0)
    return hundreds[0]


def test_a_small_file_costs_no_more_in_a_big_shop(tmp_path: Path) -> None:
    # The watched folder brings a few receipts at a time, to shops of any size: nothing may
    # read every stored receipt or phone for them (a chain's take over a second each).
    header = ["Receipt", "Date", "Item", "Amount", "Phone"]
    day = write_csv(
        tmp_path / "day.csv", header, [["D1", "2025-11-02", "Mug", "1.00", "(613) 555-0001"]]
    )

    small = _sqlite_work(_shop_of(tmp_path / "small.db", customers=5, receipts=20), day)
    big = _sqlite_work(_shop_of(tmp_path / "big.db", customers=400, receipts=20_000), day)

    assert big <= small * 1.5


def test_an_amount_too_large_is_a_bad_row_at_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()  # an import given --db goes into a shop that is there
    path = tmp_path / "big3.csv"
    path.write_text(
        "Receipt,Date,Email,Item,Quantity,Price\n"
        "T9,2026-11-01,bob@example.com,X,1,99999999999999999999.99\n"
        "T10,2026-11-01,bob@example.com,Y,1,9.99\n",
        encoding="utf-8",
    )
    problem = (
        "line 2, column Price: “99999999999999999999.99” is too large for an amount; "
        "the largest is 10,000,000.00"
    )

    dry = run_cli("--db", db, "import", "sales", str(path), "--dry-run")
    assert dry.returncode == 1 and dry.stderr == ""
    assert f"bad: {problem}" in dry.stdout and "--skip-bad" in dry.stdout

    skipped = run_cli("--db", db, "import", "sales", str(path), "--skip-bad")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.startswith(
        "imported 1 receipt: 1 new (1 line), 0 updated, 0 unchanged, 1 bad"
    )
    bad = (tmp_path / "big3.bad.csv").read_text(encoding="utf-8-sig")
    assert problem.removeprefix("line 2, ") in bad
    store = Store(Path(db))
    assert [r[0] for r in store.db.execute("SELECT receipt_id FROM purchases")] == ["T10"]
    store.close()


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"Price": "1000000000000000.00"},
         "column Price: “1000000000000000.00” is too large for an amount; the largest is "
         "10,000,000.00"),
        ({"Price": "-20000000"}, "column Price: “-20000000” is too large for an amount; "
         "the largest is -10,000,000.00"),
        ({"Qty": "1e300"},
         "column Qty: “1e300” is too large for a quantity; the largest is 1,000,000"),
        ({"Qty": "2000", "Price": "9000.00"},
         "column Price: “9000.00” × 2000 is too large for an amount; the largest is "
         "10,000,000.00"),
        ({"Total": "20000000.00"}, "column Total: “20000000.00” is too large for an amount"),
        ({"Line": "99999999999999999999"},
         "column Line: “99999999999999999999” is too large (at most 18 digits)"),
    ],
)  # fmt: skip
def test_numbers_too_large_are_bad_rows(
    store: Store, tmp_path: Path, cells: dict[str, str], problem: str
) -> None:
    header = ["Receipt", "Date", "Line", "Item", "Qty", "Price", "Total"]
    good = {"Receipt": "R1", "Date": "2026-11-01", "Line": "1", "Item": "Tea", "Qty": "1",
            "Price": "2.00", "Total": ""}  # fmt: skip
    rows = [[{**good, **cells}[h] for h in header], [{**good, "Receipt": "R2"}[h] for h in header]]
    path = write_csv(tmp_path / "s.csv", header, rows)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    assert f"line 2, {problem}" in str(refused.value)
    assert count(store, "purchases") == 0
    result = load(store, path, "sales", skip_bad=True)
    assert (result.new, result.bad) == (1, 1)
    assert lines_of(store, "R2") == [(1, "Tea", "", 1.0, 200)]


def test_the_largest_amounts_are_imported_and_add_up_exactly(store: Store, tmp_path: Path) -> None:
    bob = add_customer(store, "Bob", email="bob@example.com")
    header = ["Receipt", "Date", "Item", "Qty", "Price", "Email"]
    rows = [["R1", "2026-11-01", "Car", "1", "10,000,000.00", "bob@example.com"],
            ["R1", "2026-11-01", "Boat", "1000000", "10.00", "bob@example.com"],
            ["R2", "2026-11-02", "Mug", "1", "0.01", "bob@example.com"]]  # fmt: skip
    load(store, write_csv(tmp_path / "s.csv", header, rows), "sales")
    spend = store.db.execute("SELECT lifetime_spend_cents FROM customers WHERE id = ?", [bob])
    assert spend.fetchone()[0] == 2 * 10**9 + 1


def test_a_greeter_id_no_customer_could_have_matches_nobody(store: Store, tmp_path: Path) -> None:
    shop_key = store.db.execute("SELECT value FROM shop_key").fetchone()[0]
    rows = [["R1", "2026-11-01", "Tea", "2.00", f"{shop_key}-99999999999999999999999"],
            ["R2", "2026-11-01", "Tea", "2.00", f"{shop_key}-１２"]]  # fmt: skip
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price", "Greeter ID"], rows)
    result = load(store, path, "sales")
    assert (result.new, result.without_customer) == (2, 2)


def test_an_impossible_dotted_date_is_not_blamed_on_date_order(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")
    path = write_csv(
        tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], [["R1", "30.02.2026", "Tea", "2"]]
    )
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    first = str(refused.value).splitlines()[0]
    assert first.endswith(
        "line 2, column Date: “30.02.2026” is not a real date: February 2026 has only 28 days "
        "(dotted dates are read as day.month.year)"
    )
    assert count(store, "purchases") == 0


def test_an_impossible_year_first_date_is_not_blamed_on_date_order(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")
    path = write_csv(
        tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], [["R1", "2026-02-30", "Tea", "2"]]
    )
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    first = str(refused.value).splitlines()[0]
    assert first.endswith(
        "line 2, column Date: “2026-02-30” is not a real date (February 2026 has only 28 days)"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('Receipt,Date,Item,Price\nR1,2026-11-01,Tea,2.00\nR2,2026-11-01,"Mug,3.00\n', 3),
        # After an item whose name runs over two lines (the rows no longer one line each).
        ('Receipt,Date,Item,Price\nR1,2026-11-01,"Tea\nloose",2.00\nR2,2026-11-01,"Mug,3.00\n'
         "R3,2026-11-01,Cup,1.00\n", 4),
    ],
)  # fmt: skip
def test_a_quote_left_open_refuses_a_sales_file(
    store: Store, tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    for skip_bad in (False, True):
        with pytest.raises(ImportRefused, match=f"a quote .*opened on line {line} is never closed"):
            load(store, path, "sales", skip_bad=skip_bad)
    assert count(store, "purchases") == 0 and count(store, "imports") == 0


SQUARE_ITEMS = [
    "Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU",
    "Modifiers Applied", "Gross Sales", "Discounts", "Net Sales", "Tax", "Transaction ID",
    "Payment ID", "Device Name", "Notes", "Details", "Event Type", "Location", "Dining Option",
    "Customer ID", "Customer Name", "Customer Reference ID",
]  # fmt: skip


def square_item(
    transaction: str, item: str, qty: int, gross: str, discount: str, net: str
) -> list[str]:
    row = dict.fromkeys(SQUARE_ITEMS, "")
    row.update({"Date": "2026-11-20", "Time": "10:01:00", "Time Zone": "Eastern Time",
                "Item": item, "Qty": str(qty), "Gross Sales": gross, "Discounts": discount,
                "Net Sales": net, "Tax": "$0.00", "Transaction ID": transaction,
                "Event Type": "Payment", "Customer ID": "SQ-42"})  # fmt: skip
    return [row[h] for h in SQUARE_ITEMS]


def test_a_square_sales_summary_says_which_amount_was_used(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "items-2026-11-20.csv",
        SQUARE_ITEMS,
        [square_item("T1", "Mug", 1, "$20.00", "-$5.00", "$15.00"),
         square_item("T1", "Tea", 2, "$8.00", "$0.00", "$8.00"),
         square_item("T2", "Scone", 1, "$3.50", "$0.00", "$3.50")],
    )  # fmt: skip
    result = load(store, path, "sales")
    assert result.summary().splitlines()[:2] == [
        "imported 2 receipts: 2 new (3 lines), 0 updated, 0 unchanged, 0 bad",
        "amounts from the “Net Sales” column (after discounts), not “Gross Sales” (before "
        "discounts); to use Gross Sales instead, ignore “Net Sales”",
    ]
    assert lines_of(store, "T1") == [(1, "Mug", "", 1.0, 1500), (2, "Tea", "", 2.0, 800)]

    # With Net Sales ignored the amounts are before discounts: the command line says so.
    db = str(tmp_path / "other.db")
    Store(db).close()
    dry = run_cli(
        "--db", db, "import", "sales", str(path), "--dry-run", "--map", "Net Sales=ignore"
    )
    assert dry.returncode == 0, dry.stderr
    assert (
        "amounts from the “Gross Sales” column (before discounts), not “Net Sales” (after "
        "discounts)"
    ) in dry.stdout.splitlines()

    # Files without Square's two amounts are summed up as before.
    plain = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Amount"],
                      [["R1", "2026-11-20", "Tea", "3.50"]])  # fmt: skip
    assert "amounts from" not in load(store, plain, "sales").summary()


def test_a_tills_ticket_export_reads_ext_price_and_cust_phone(store: Store, tmp_path: Path) -> None:
    """A till naming its columns Ticket #, Cust. Phone and Ext. Price had every receipt stored
    at 0.00 and without its customer. Both are read now, and its tax, fee and rounding lines
    are said to be what they are, not discounts or tips."""
    siobhan = add_customer(store, "Siobhán", phone="613-555-0142")
    header = ["Ticket #", "Date/Time", "Cust. Phone", "Cust. Name", "Description", "Dept",
              "Qty", "Ext. Price", "Type", "Status"]  # fmt: skip
    head = ["20451", "11/03/2025 2:31 PM", "613-555-0142", "O'NEILL, SIOBHAN"]
    rows = [[*head, "Bluetooth Speaker", "AUDIO", "1", "79.99", "SALE", "COMPLETED"],
            [*head, "HST 13%", "TAX", "1", "10.40", "TAX", "COMPLETED"],
            [*head, "Bag fee", "", "1", "0.05", "FEE", "COMPLETED"],
            [*head, "Cash rounding", "", "1", "-0.04", "ROUNDING", "COMPLETED"],
            ["20453", "11/05/2025 4:45 PM", "", "WALK-IN", "AA Batteries 4pk", "POWER", "2",
             "13.98", "SALE", "COMPLETED"]]  # fmt: skip

    result = load(store, write_csv(tmp_path / "tickets.csv", header, rows), "sales")

    assert (result.new, result.bad) == (2, 0)
    stored = store.db.execute(
        "SELECT receipt_id, total_cents, customer_id FROM purchases ORDER BY receipt_id"
    )
    assert [tuple(r) for r in stored] == [("20451", 9040, siobhan), ("20453", 1398, None)]
    assert lines_of(store, "20451") == [(1, "Bluetooth Speaker", "", 1.0, 7999)]
    assert (
        f"3 lines of {CHARGES} left out of the items of receipt 20451 (counted in the total, "
        "never as something bought)"
    ) in result.summary().splitlines()
