"""Sales exports that write a receipt over rows of several kinds (Lightspeed X-Series' Sale,
Sale Line and Payment rows; Odoo's orders with their other lines below them), and the
status columns of Lightspeed R-Series (Completed) and Square (Transaction Status)."""

from __future__ import annotations

from pathlib import Path

from greeter.store import Store
from greeter.till.importer import ImportOptions, dry_run
from tests.helpers import TODAY
from tests.till.csv_files import CHARGES, load, write_csv
from tests.till.test_import_sales import lines_of
from tests.till.test_import_sales_status import SQUARE_TRANSACTIONS, purchases

# Lightspeed X-Series' sales history (Sales ledger → Export), as a shop downloads it.
LSX = [
    "Date", "Receipt Number", "Line Type", "Customer Code", "Customer Name", "Note", "Quantity",
    "Subtotal", "Sales Tax", "Discount", "Loyalty", "Total", "Paid", "Details", "Register",
    "User", "Status", "Sku", "AccountCodeSale", "AccountCodePurchase",
]  # fmt: skip
_LSX_CELLS = {"qty": "Quantity", "net": "Subtotal", "total": "Total", "item": "Details",
              "sku": "Sku", "status": "Status", "customer": "Customer Code"}  # fmt: skip
# Odoo's Point of Sale orders exported with their lines (Orders → Export, Order Lines/…).
ODOO = [
    "Order Ref", "Receipt Number", "Date", "Customer", "Customer/Email", "Employee", "Total",
    "Status", "Order Lines/Product", "Order Lines/Quantity", "Order Lines/Unit Price",
    "Order Lines/Subtotal w/o Tax", "Order Lines/Subtotal",
]  # fmt: skip
# Lightspeed R-Series' sale lines (Reports → Sales → Line Items → Export).
LSR = [
    "Sale ID", "Date", "Time", "Customer", "Customer ID", "Employee", "Register", "System ID",
    "Custom SKU", "Manufact. SKU", "UPC", "Description", "Qty", "Unit Price", "Subtotal",
    "Discounts", "Tax", "Total", "Completed", "Voided",
]  # fmt: skip


def lsx(date: str, receipt: str, kind: str, **cells: str) -> list[str]:
    """A row of Lightspeed X-Series' sales history: a receipt's Sale row, one of its Sale
    Lines or one of its Payments."""
    row = dict.fromkeys(LSX, "")
    row.update({"Date": date, "Receipt Number": receipt, "Line Type": kind})
    if kind == "Sale":
        row.update({"Customer Name": "x", "Register": "Main Register", "User": "Priya"})
    row.update({_LSX_CELLS[name]: value for name, value in cells.items()})
    return [row[h] for h in LSX]


def order(receipt: str, date: str, email: str, total: str, status: str, *line: str) -> list[str]:
    """An Odoo order's first row: the order's cells, then its first line's."""
    return [f"Bytown/{receipt[-4:]}", receipt, date, "x", email, "Priya S", total, status, *line]


def more(*line: str) -> list[str]:
    """A row of Odoo's below an order's first: the order's cells blank, then a line's."""
    return [""] * 8 + list(line)


def customers(
    store: Store, tmp_path: Path, header: list[str], rows: list[list[str]]
) -> dict[str, int]:
    """The customers of a customers file imported first, by first name."""
    load(store, write_csv(tmp_path / "customers.csv", header, rows), "customers")
    return {n: int(c) for c, n in store.db.execute("SELECT id, preferred_name FROM customers")}


def visits(store: Store, customer: int) -> tuple[int, int]:
    stats = store.purchases.stats(customer, TODAY, 90)
    return stats.visits, stats.lifetime_spend_cents


def test_lightspeed_x_sales_history_reads_each_sale_with_its_lines(
    store: Store, tmp_path: Path
) -> None:
    people = customers(store, tmp_path, ["customer_code", "first_name", "last_name"],
                       [["Siobhan-7K2P", "Siobhán", "O'Neill"],
                        ["Kwame-9XQ1", "Kwame", "Asante"]])  # fmt: skip
    siobhan, kwame = people["Siobhán"], people["Kwame"]
    day1, day2, day3 = "2026-11-10 14:31:07", "2026-11-12 10:02:45", "2026-10-30 16:45:00"
    rows = [
        lsx(day1, "1042", "Sale", qty="2", net="1033.00", total="1167.29", status="CLOSED",
            customer="Siobhan-7K2P"),
        lsx(day1, "1042", "Sale Line", qty="1", net="999.00", total="1128.87",
            item="Pixel 9 Pro 128GB", sku="PX9P-128"),
        lsx(day1, "1042", "Sale Line", qty="1", net="34.00", total="38.42", item="Phone Case",
            sku="CASE-01"),
        lsx(day1, "1042", "Payment", item="Credit Card"),
        # The phone case brought back two days later: a return, as the till writes it.
        lsx(day2, "1043", "Sale", qty="-1", net="-34.00", total="-38.42", status="CLOSED",
            customer="Siobhan-7K2P"),
        lsx(day2, "1043", "Sale Line", qty="-1", net="-34.00", total="-38.42",
            item="Phone Case", sku="CASE-01"),
        lsx(day2, "1043", "Payment", item="Credit Card"),
        lsx(day3, "1040", "Sale", qty="1", net="1399.00", total="1580.87", status="CLOSED",
            customer="Kwame-9XQ1"),
        lsx(day3, "1040", "Sale Line", qty="1", net="1399.00", total="1580.87",
            item="MacBook Air 13-inch M3", sku="MBA13-M3"),
        lsx(day3, "1040", "Payment", item="Gift Card"),
        lsx(day3, "1044", "Sale", qty="1", total="2823.87", status="VOIDED",
            customer="Kwame-9XQ1"),
        lsx(day3, "1044", "Sale Line", qty="1", total="2823.87", item="MacBook Pro 16"),
        # Tax worked out on the sale, not on each line: the Sale row says what was paid.
        lsx(day2, "1048", "Sale", qty="2", total="2.37", status="CLOSED", customer="Kwame-9XQ1"),
        lsx(day2, "1048", "Sale Line", qty="1", total="1.19", item="Sticker"),
        lsx(day2, "1048", "Sale Line", qty="1", total="1.19", item="Sticker"),
    ]  # fmt: skip
    for receipt, status in (("1045", "LAYBY"), ("1046", "ON ACCOUNT"), ("1047", "PARKED")):
        rows += [lsx(day3, receipt, "Sale", total="2258.87", status=status,
                     customer="Kwame-9XQ1"),
                 lsx(day3, receipt, "Sale Line", qty="1", total="2258.87",
                     item="iPad Pro 13")]  # fmt: skip
    result = load(store, write_csv(tmp_path / "sales_history.csv", LSX, rows), "sales")

    assert (result.new, result.bad, result.without_customer) == (3, 0, 0)
    # What each customer paid (the Sale row's Total), each item at its Sale Line's; the case
    # came back: it is taken off its sale, as any return is (see test_import_refunds).
    assert purchases(store) == [("1040", 158087, kwame), ("1042", 116729 - 3842, siobhan),
                                ("1048", 237, kwame)]  # fmt: skip
    assert lines_of(store, "1040") == [(1, "MacBook Air 13-inch M3", "MBA13-M3", 1.0, 158087)]
    assert [line[1] for line in lines_of(store, "1042")] == ["Pixel 9 Pro 128GB"]
    assert visits(store, kwame) == (2, 158087 + 237)
    summary = result.summary().splitlines()
    assert "1 refund left out (1043): money given back is not a visit or a purchase" in summary
    assert "1 item returned later taken off its sale: Phone Case (1042, returned in 1043)" in (
        summary
    )
    assert any(line.startswith("1 cancelled order left out (1044)") for line in summary)
    assert (
        "3 orders not paid yet (layby, on account, parked) left out (1045, 1046, 1047): "
        "import again once paid" in summary
    )


def test_odoo_order_lines_below_an_order_are_its_lines(store: Store, tmp_path: Path) -> None:
    people = customers(store, tmp_path, ["First Name", "Email"],
                       [["Siobhán", "siobhan@example.com"],
                        ["Lan", "lan@example.com"]])  # fmt: skip
    rows = [
        order("Order 00012-003-0042", "2026-11-10 14:31:07", "siobhan@example.com", "1167.29",
              "Posted", "[PX9P-128] Pixel 9 Pro", "1.00", "999.00", "999.00", "1128.87"),
        more("[CASE-01] Phone Case", "1.00", "34.00", "34.00", "38.42"),
        order("Order 00012-003-0044", "2026-11-20 16:11:11", "siobhan@example.com", "2823.87",
              "Cancelled", "[MBP16] MacBook Pro 16", "1.00", "2499.00", "2499.00", "2823.87"),
        order("Order 00012-003-0045", "2026-11-21 14:00:00", "lan@example.com", "174.33",
              "Paid", "[CHL-5] Chlorine Tablets 5kg", "3.00", "49.95", "149.85", "169.33"),
        more("Tips", "1.00", "5.00", "5.00", "5.00"),
        order("Order 00012-003-0046", "2026-11-21 15:00:00", "lan@example.com", "58.50",
              "Draft", "Pool Test Strips", "2.00", "12.00", "24.00", "27.12"),
        more("Pool Thermometer", "1.00", "30.00", "30.00", "31.38"),
    ]  # fmt: skip
    result = load(store, write_csv(tmp_path / "pos.order.csv", ODOO, rows), "sales")

    assert (result.new, result.lines, result.bad) == (2, 3, 0)
    assert purchases(store) == [("Order 00012-003-0042", 116729, people["Siobhán"]),
                                ("Order 00012-003-0045", 17433, people["Lan"])]  # fmt: skip
    assert lines_of(store, "Order 00012-003-0042") == [
        (1, "[PX9P-128] Pixel 9 Pro", "", 1.0, 99900),
        (2, "[CASE-01] Phone Case", "", 1.0, 3400),
    ]
    # The tip is in what Lan paid, never one of her usual items.
    assert [line[1] for line in lines_of(store, "Order 00012-003-0045")] == [
        "[CHL-5] Chlorine Tablets 5kg"
    ]
    summary = result.summary().splitlines()
    assert (
        "3 rows without a receipt number read as more lines of the receipt above, as the file "
        "gives each receipt's number on its first line only" in summary
    )
    assert any(line.startswith("1 cancelled order left out (Order 00012-003-0044)")
               for line in summary)  # fmt: skip
    assert (
        "1 order not paid yet (draft) left out (Order 00012-003-0046): import again once paid"
        in summary
    )
    assert (
        f"1 line of {CHARGES} left out of the items of receipt Order 00012-003-0045 (counted in "
        "the total, never as something bought)" in summary
    )


def test_a_row_that_lost_its_receipt_number_is_never_glued_to_another_receipt(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        order("Order 1", "2026-11-10 14:31:07", "a@example.com", "40.00", "Paid", "Tea", "1",
              "10", "10.00", "10.00"),
        more("Mug", "1", "30", "30.00", "30.00"),  # Order 1's
        order("Order 2", "2026-11-11 09:00:00", "b@example.com", "12.00", "Paid", "Scone", "1",
              "12", "12.00", "12.00"),
        # Its number lost, but not its date nor its customer: not a line of Order 2.
        ["", "", "2026-11-11 10:00:00", "x", "c@example.com", "Priya S", "8.00", "Paid", "Jam",
         "1", "8", "8.00", "8.00"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "orders.csv", ODOO, rows)
    result = dry_run(store, path, ImportOptions("sales", skip_bad=True))
    assert (result.new, result.lines, result.bad) == (2, 3, 1)
    assert [str(p) for p in result.problems] == [
        "line 5, column Receipt Number: has no receipt or order number"
    ]
    # A file that gives the receipt's number on each of its lines has lost this row's: its
    # rows are never read as Odoo's, even when all its receipt's cells are blank.
    header = ["Receipt", "Date", "Email", "Item", "Amount"]
    rows = [["R1", "2026-11-10", "a@example.com", "Tea", "10.00"],
            ["R1", "2026-11-10", "a@example.com", "Mug", "30.00"],
            ["", "", "", "Jam", "8.00"]]  # fmt: skip
    path = write_csv(tmp_path / "till.csv", header, rows)
    result = dry_run(store, path, ImportOptions("sales", skip_bad=True))
    assert (result.new, result.lines, result.bad) == (1, 2, 1)
    assert [str(p) for p in result.problems] == [
        "line 4, column Receipt: has no receipt or order number"
    ]


def test_a_lightspeed_r_sale_not_completed_is_not_a_visit(store: Store, tmp_path: Path) -> None:
    people = customers(store, tmp_path, ["Customer ID", "First Name", "Last Name"],
                       [["101", "Lan", "Nguyen"], ["103", "Tomáš", "Novák"]])  # fmt: skip

    def line(
        sale: str, customer: str, item: str, total: str, completed: str, voided: str = "No"
    ) -> list[str]:
        return [sale, "11/20/2026", "11:11 am", "x", customer, "Marcus", "Register 1",
                "210000000123", "", "", "", item, "1", total, total, "0.00", "0.00", total,
                completed, voided]  # fmt: skip

    rows = [line("5001", "101", "Chlorine Tablets 5kg", "169.33", "Yes"),
            line("5001", "101", "Pool Test Strips", "24.41", "Yes"),
            line("5002", "101", "Travel Camera", "394.37", "Yes", voided="Yes"),
            line("5003", "103", "SD Card 128GB", "44.07", "No")]  # fmt: skip
    result = load(store, write_csv(tmp_path / "sale_lines.csv", LSR, rows), "sales")

    assert (result.new, result.bad) == (1, 0)
    # Each row's Total is its line's: the sale's total is theirs added up.
    assert purchases(store) == [("5001", 19374, people["Lan"])]
    assert [line[4] for line in lines_of(store, "5001")] == [16933, 2441]
    assert visits(store, people["Tomáš"]) == (0, 0)
    assert (
        "1 order not paid yet (not completed) left out (5003): import again once paid"
        in result.summary().splitlines()
    )
    # Completed later: the next export imports it.
    rows[3] = line("5003", "103", "SD Card 128GB", "44.07", "Yes")
    later = load(store, write_csv(tmp_path / "sale_lines_2.csv", LSR, rows), "sales")
    assert (later.new, later.unchanged) == (1, 1)
    assert visits(store, people["Tomáš"]) == (1, 4407)
    # A word that is neither yes nor no is a bad row, saying what it holds.
    rows[3] = line("5004", "103", "SD Card 128GB", "44.07", "Maybe")
    path = write_csv(tmp_path / "sale_lines_3.csv", LSR, rows)
    checked = dry_run(store, path, ImportOptions("sales"))
    assert [str(p) for p in checked.problems] == [
        "line 5, column Completed: “Maybe” is not yes or no"
    ]


def test_square_transactions_not_complete_are_not_visits(store: Store, tmp_path: Path) -> None:
    def transaction(tx: str, status: str) -> list[str]:
        return ["2026-11-20", "10:01:00", "$20.00", "$20.00", "$20.00", "Point of Sale",
                "$20.00", "$0.00", tx, f"P-{tx}", "Mug", "Payment", "", status]  # fmt: skip

    rows = [transaction("T1", "Complete"), transaction("T2", "Pending"),
            transaction("T3", "Failed"), transaction("T4", "Canceled")]  # fmt: skip
    path = write_csv(tmp_path / "transactions.csv", SQUARE_TRANSACTIONS, rows)
    result = load(store, path, "sales")

    assert purchases(store) == [("T1", 2000, None)]
    assert "Transaction Status" not in result.mapping.ignored
    summary = result.summary().splitlines()
    assert any(line.startswith("2 cancelled orders left out (T3, T4)") for line in summary)
    assert "1 order not paid yet (pending) left out (T2): import again once paid" in summary
