"""What an import says when a file is not what it was told it is, when its receipts would be
empty, and when a row has several things wrong: what to do next, with nothing half-written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.store.bulk import BulkPurchases, BulkSale
from greeter.store.database import write
from greeter.till.columns import CUSTOMERS, SALES, detect_mapping
from greeter.till.importer import ImportOptions, dry_run, open_file
from greeter.till.kinds import holds
from greeter.till.problems import ImportRefused
from greeter.till.watch import guess_kind
from tests.helpers import TODAY, add_customer, run_cli
from tests.till.csv_files import count, load, snapshot, write_csv
from tests.till.test_import_sales import shopify_orders

SQUARE_ITEMS = [
    "Date", "Time", "Category", "Item", "Qty", "SKU", "Gross Sales", "Discounts", "Net Sales",
    "Transaction ID", "Payment ID", "Event Type", "Customer ID", "Customer Name",
]  # fmt: skip
TICKETS = ["Ticket", "When", "What", "How many", "Each", "Member"]


def new_shop(tmp_path: Path) -> str:
    path = tmp_path / "shop.db"
    with Store(path) as store:
        store.settings.set("region", "CA")
    return str(path)


def square_items(path: Path) -> Path:
    return write_csv(
        path,
        SQUARE_ITEMS,
        [["2025-10-30", "14:31:07", "Phones", "Pixel 10 Pro", "1", "PX10P", "$1,299.00",
          "$0.00", "$1,299.00", "TX-9001", "PAY-1", "Payment", "SQC-0001", "Siobhán O'Brien"],
         ["2025-10-30", "14:31:07", "Cases", "Case - clear", "1", "CASE", "$39.00", "-$5.00",
          "$34.00", "TX-9001", "PAY-1", "Payment", "SQC-0001", "Siobhán O'Brien"]],
    )  # fmt: skip


# -- a file of the other kind ------------------------------------------------------------


def test_an_order_export_imported_as_customers_is_refused_with_the_command_that_works(
    tmp_path: Path,
) -> None:
    """Shopify's order export read as customers made a customer of each order number
    ("#1001"), sharing the real customer's email. It is refused, and the command it offers
    imports it, pasted as it is."""
    db = new_shop(tmp_path)
    path = shopify_orders(tmp_path / "orders export.csv")

    done = run_cli("import", "customers", str(path), "--db", db)

    assert done.returncode == 1 and done.stdout == ""
    said = done.stderr.removeprefix("greeter: ").strip()
    assert said == (
        "orders export.csv was not imported (nothing was changed): it holds sales, not "
        "customers (receipt numbers in Name, dates in Created at, items in Lineitem name, "
        "amounts in Lineitem price). Import it as sales: "
        f'greeter --db {db} import sales "{path}"'
    )
    with Store(Path(db)) as store:
        assert (count(store, "customers"), count(store, "imports")) == (0, 0)

    command = shlex.split(said.rpartition(": ")[2])
    assert command[0] == "greeter"
    pasted = run_cli(*command[1:])

    assert pasted.returncode == 0, pasted.stderr
    assert pasted.stdout.startswith("imported 2 receipts: 2 new (4 lines)")


def test_square_item_sales_are_refused_as_customers_where_the_window_imports_too(
    store: Store, tmp_path: Path
) -> None:
    """The Import window and the watched folder share the importer: it refuses, saying to
    import the file as sales (the window chooses that with its Sales button)."""
    path = square_items(tmp_path / "items-2025-10-30.csv")
    before = snapshot(store)

    for attempt in (load, lambda s, p, kind: dry_run(s, p, ImportOptions(kind))):
        with pytest.raises(ImportRefused) as refused:
            attempt(store, path, "customers")
        assert str(refused.value) == (
            "items-2025-10-30.csv was not imported (nothing was changed): it holds sales, not "
            "customers (receipt numbers in Transaction ID, dates in Date, items in Item, "
            "amounts in Net Sales). Import it as sales."
        )
    assert snapshot(store) == before
    assert count(store, "imports") == 0
    assert load(store, path, "sales").new == 1  # as sales it is what it is


def test_a_customers_file_imported_as_sales_says_so_and_gives_the_command(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    path = write_csv(tmp_path / "customers.csv", ["First Name", "Last Name", "Email", "Phone"],
                     [["Ann", "Lee", "ann@example.com", "613-555-0101"]])  # fmt: skip

    done = run_cli("import", "sales", str(path), "--db", db)

    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "greeter: customers.csv was not imported (nothing was changed): it holds customers, "
        "not sales (names in First Name, Last Name; no receipt or order number). Import it as "
        f"customers: greeter --db {db} import customers {path} (if it does hold sales, name "
        'the column of its receipt numbers with --map "Column=receipt_id")\n'
    )
    # Told a column is the receipt number, the import goes on to what else it needs.
    mapped = run_cli("import", "sales", str(path), "--db", db, "--map", "Email=receipt_id")
    assert mapped.returncode == 1 and '--map "Column=date"' in mapped.stderr


def test_a_french_sales_file_is_sales_to_the_import_and_to_the_watched_folder(
    store: Store, tmp_path: Path
) -> None:
    """A French till's sales file was read as customers (Client a name; N° ticket, Date,
    Désignation and Montant TTC not read): told to import it as customers, and the watched
    folder did so. Its headings read, it plainly holds sales."""
    path = write_csv(
        tmp_path / "ventes.csv",
        ["N° ticket", "Date", "Heure", "N° client", "Client", "Code article", "Désignation",
         "Quantité", "Prix unitaire TTC", "Montant TTC", "Type"],
        [["T-000451", "05/11/2025", "10:15", "C0001", "Amélie Dubois", "3760123450012",
          "Théière en fonte", "1", "1 249,00 €", "1 249,00 €", "Vente"]],
        delimiter=";", bom=True,
    )  # fmt: skip
    header = open_file(path).header

    assert holds(detect_mapping(header, SALES), detect_mapping(header, CUSTOMERS)) == SALES
    assert guess_kind(store, open_file(path)) == SALES
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert str(refused.value) == (
        "ventes.csv was not imported (nothing was changed): it holds sales, not customers "
        "(receipt numbers in N° ticket, dates in Date, items in Désignation, amounts in "
        "Montant TTC). Import it as sales."
    )
    assert count(store, "customers") == 0
    assert load(store, path, "sales").new == 1


# -- a sales file with neither items nor amounts -------------------------------------------


def test_a_sales_file_read_without_items_or_amounts_is_refused(tmp_path: Path) -> None:
    """Read with only its date named, a till's file made receipts with no items and $0,
    which a later, well-mapped import could not fill in."""
    db = new_shop(tmp_path)
    path = write_csv(tmp_path / "tickets.csv", TICKETS,
                     [["T-1", "2025-11-15", "Sticker sheet", "3", "2.00", "LOY-0001"],
                      ["T-2", "2025-11-16", "Cable", "1", "10.00", "LOY-0002"]])  # fmt: skip

    done = run_cli("import", "sales", str(path), "--db", db, "--map", "When=date")

    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "greeter: No column of this file holds the items sold or their amounts, so each "
        "receipt would be stored with no items and no amount (read: Ticket → receipt_id, "
        "When → date; ignored: What, How many, Each, Member). Name the right one with --map "
        '"Column=item". Name the amounts too, as price (each item\'s), line_total (each '
        "line's) or total (the receipt's).\n"
    )
    with Store(Path(db)) as store:
        assert (count(store, "purchases"), count(store, "imports")) == (0, 0)
    named = run_cli("import", "sales", str(path), "--db", db, "--map", "When=date", "--map",
                    "What=item", "--map", "How many=quantity", "--map", "Each=price")  # fmt: skip
    assert named.returncode == 0, named.stderr
    assert named.stdout.startswith("imported 2 receipts: 2 new (2 lines)")


def test_receipts_stored_empty_before_are_filled_in_by_a_later_import(
    store: Store, tmp_path: Path
) -> None:
    """Receipts an earlier Greeter stored empty (no lines, $0) are not stuck: importing the
    file with its columns named gives them their items and amounts, and their customer's
    visits, spend and usual items follow."""
    ann = add_customer(store, "Ann", card="LOY-0001")
    with write(store.db):  # what the earlier import stored
        BulkPurchases(store.db).insert("import", [
            BulkSale("T-1", "2025-11-15T00:00:00", 0, "CAD", ann, []),
            BulkSale("T-2", "2025-11-16T00:00:00", 0, "CAD", None, []),
        ])  # fmt: skip
    path = write_csv(tmp_path / "tickets.csv", TICKETS,
                     [["T-1", "2025-11-15", "Sticker sheet", "3", "2.00", "LOY-0001"],
                      ["T-2", "2025-11-16", "Cable", "1", "10.00", "LOY-0002"]])  # fmt: skip
    named = {"When": "date", "What": "item", "How many": "quantity", "Each": "price",
             "Member": "card"}  # fmt: skip

    result = load(store, path, "sales", overrides=named)

    assert (result.new, result.updated, result.unchanged, result.lines) == (0, 2, 0, 2)
    assert result.filled == ["T-1", "T-2"]
    assert (
        "2 receipts imported earlier without amounts (T-1, T-2) are filled in from this file"
        in result.summary().splitlines()
    )
    totals = dict(store.db.execute("SELECT receipt_id, total_cents FROM purchases").fetchall())
    assert totals == {"T-1": 600, "T-2": 1000}
    stats = store.purchases.stats(ann, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (1, 600)  # still one visit
    [receipt] = store.purchases.recent(ann)
    assert [line.item for line in receipt.lines] == ["Sticker sheet"]
    bought = store.db.execute("SELECT item, quantity, times FROM customer_items").fetchall()
    assert [tuple(r) for r in bought] == [("Sticker sheet", 3.0, 1)]
    again = load(store, path, "sales", overrides=named)
    assert (again.new, again.updated, again.unchanged, again.filled) == (0, 0, 2, [])


def test_receipts_stored_with_items_but_no_amounts_get_them_from_a_later_import(
    store: Store, tmp_path: Path
) -> None:
    """A file whose amount column was not read stored its items at $0.00: importing it again
    with the column named gives those receipts their amounts, and the spend follows. A
    receipt that really was free stays as it was when the file gives it no amount either."""
    ann = add_customer(store, "Ann", card="LOY-0001")
    rows = [["T-1", "2025-11-15", "Sticker sheet", "3", "", "LOY-0001", "6.00"],
            ["T-2", "2025-11-16", "Free sample", "1", "", "LOY-0001", "0.00"]]  # fmt: skip
    path = write_csv(tmp_path / "tickets.csv", [*TICKETS, "Ext. Cost"], rows)
    named = {"When": "date", "What": "item", "How many": "quantity", "Member": "card"}
    first = load(store, path, "sales", overrides={**named, "Ext. Cost": "ignore"})
    assert (first.new, store.purchases.stats(ann, TODAY, 90).lifetime_spend_cents) == (2, 0)

    fixed = load(store, path, "sales", overrides={**named, "Ext. Cost": "line_total"})

    assert (fixed.new, fixed.updated, fixed.unchanged, fixed.filled) == (0, 1, 1, ["T-1"])
    assert (
        "1 receipt imported earlier without amounts (T-1) is filled in from this file"
        in fixed.summary().splitlines()
    )
    stats = store.purchases.stats(ann, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (2, 600)
    bought = store.db.execute("SELECT item, quantity, times FROM customer_items ORDER BY item")
    assert [tuple(r) for r in bought] == [("Free sample", 1.0, 1), ("Sticker sheet", 3.0, 1)]


def test_receipts_read_with_day_and_month_swapped_take_the_dates_of_a_later_import(
    tmp_path: Path,
) -> None:
    """A UK till's 05/11 read as 11 May before the shop's date order was set: importing the
    file again after setting it moves those receipts to 5 November, with the customer's
    visits, first and last visit and usual items' dates following. Receipts whose dates
    were read the same either way are left alone, and a third import changes nothing."""
    db = new_shop(tmp_path)
    with Store(Path(db)) as store:
        ann = add_customer(store, "Ann", card="LOY-0001")
    path = write_csv(tmp_path / "daily.csv", ["Receipt", "Date", "Item", "Price", "Card"],
                     [["T-1", "05/11/2025 10:15", "Tea", "5.00", "LOY-0001"],
                      ["T-2", "04/10/2025 09:00", "Cake", "3.00", "LOY-0001"],
                      ["T-3", "12/12/2025 12:00", "Cup", "9.00", "LOY-0001"]])  # fmt: skip
    assert run_cli("settings", "date_order", "MDY", "--db", db).returncode == 0
    assert run_cli("import", "sales", str(path), "--db", db).returncode == 0
    assert run_cli("settings", "date_order", "DMY", "--db", db).returncode == 0

    again = run_cli("import", "sales", str(path), "--db", db)

    assert again.returncode == 0, again.stderr
    assert (
        "2 receipts imported earlier with day and month the other way round (T-1, T-2) are "
        "given this file's dates" in again.stdout.splitlines()
    )
    with Store(Path(db)) as store:
        dates = dict(store.db.execute("SELECT receipt_id, purchased_at FROM purchases"))
        assert dates == {"T-1": "2025-11-05T10:15:00", "T-2": "2025-10-04T09:00:00",
                         "T-3": "2025-12-12T12:00:00"}  # fmt: skip
        first, last = store.db.execute(
            "SELECT first_visit, last_visit FROM customers WHERE id = ?", [ann]
        ).fetchone()
        assert (first, last) == ("2025-10-04T09:00:00", "2025-12-12T12:00:00")
        bought = dict(store.db.execute("SELECT item, last_bought FROM customer_items"))
        assert bought["Tea"] == "2025-11-05T10:15:00"
        assert store.purchases.stats(ann, TODAY, 9999).visits == 3
    third = run_cli("import", "sales", str(path), "--db", db)
    assert "Nothing new" in third.stdout or "nothing new" in third.stdout, third.stdout


# -- receipts stored without amounts, or without a customer -------------------------------


def test_a_sales_file_whose_amounts_are_not_read_says_so_and_how_to_fill_them_in(
    tmp_path: Path,
) -> None:
    """A till's amounts under a heading Greeter does not read stored every receipt at 0.00
    without a word. The dry run and the import say so, naming the ignored column and the
    --map that reads it; doing that fills the receipts in."""
    db = new_shop(tmp_path)
    path = write_csv(tmp_path / "till.csv", ["Receipt", "Date", "Item", "Qty", "Value"],
                     [["T-1", "2025-11-15", "Sticker sheet", "3", "6.00"],
                      ["T-2", "2025-11-16", "Cable", "1", "10.00"]])  # fmt: skip
    said = (
        "no column is read as an amount (a unit price, an amount for the line or a receipt "
        "total): the receipts {} stored with their items at 0.00. If the ignored column (Value) "
        "holds the amounts, {} it as one of those, in its list in the Import window or with "
        '--map "Value=line_total" (or price, or total){}'
    )

    dry = run_cli("import", "sales", str(path), "--db", db, "--dry-run")
    done = run_cli("import", "sales", str(path), "--db", db)

    assert dry.returncode == 0 and done.returncode == 0, dry.stderr + done.stderr
    assert said.format("would be", "read", "") in dry.stdout.splitlines()
    again = said.format("were", "import the file again reading", ": the receipts are filled in")
    assert again in done.stdout.splitlines()
    with Store(Path(db)) as store:
        assert dict(store.db.execute("SELECT receipt_id, total_cents FROM purchases")) == {
            "T-1": 0, "T-2": 0
        }  # fmt: skip
    named = run_cli("import", "sales", str(path), "--db", db, "--map", "Value=line_total")
    assert named.returncode == 0, named.stderr
    assert (
        "2 receipts imported earlier without amounts (T-1, T-2) are filled in from this file"
        in named.stdout.splitlines()
    )
    assert "no column is read as an amount" not in named.stdout
    with Store(Path(db)) as store:
        assert dict(store.db.execute("SELECT receipt_id, total_cents FROM purchases")) == {
            "T-1": 600, "T-2": 1000
        }  # fmt: skip
    # A file with no other column: nothing to name, but still not silent.
    items_only = write_csv(tmp_path / "items.csv", ["Receipt", "Date", "Item"],
                           [["T-3", "2025-11-17", "Cable"]])  # fmt: skip
    dry = run_cli("import", "sales", str(items_only), "--db", db, "--dry-run")
    assert (
        "no column is read as an amount (a unit price, an amount for the line or a receipt "
        "total): the receipts would be stored with their items at 0.00; importing a file of "
        "theirs with the amounts later fills them in"
    ) in dry.stdout.splitlines()


def test_receipts_without_a_customer_say_whether_the_file_could_have_named_one(
    tmp_path: Path,
) -> None:
    """A file that names no customer was told "2 receipts match no known customer; import
    the customers, then this file again", which changes nothing. Such a file says so, and
    how to read the column that does; a file naming customers not known yet still says to
    import them first."""
    db = new_shop(tmp_path)
    with Store(Path(db)) as store:
        lucia = add_customer(store, "Lucía", card="SOCIO-7")
    path = write_csv(
        tmp_path / "ventas.csv", ["Ticket", "Fecha", "Artículo", "Importe", "Cliente", "Socio"],
        [["TK-1", "2025-11-07", "Funda", "19,95", "Lucía Fernández", "SOCIO-7"],
         ["TK-2", "2025-11-08", "Cargador", "24,50", "Javier Ruiz", "SOCIO-9"]],
        delimiter=";",
    )  # fmt: skip

    done = run_cli("import", "sales", str(path), "--db", db)

    assert done.returncode == 0, done.stderr
    assert (
        "no column of this file says who the customer is (a customer id, email, phone, card "
        "or Greeter id; a name is not enough), so its 2 receipts cannot be linked to "
        'customers. If a column does, import the file again with --map "Column=customer_id" '
        "(or email, phone or card) to link them"
    ) in done.stdout.splitlines()
    assert "no known customer" not in done.stdout
    mapped = run_cli("import", "sales", str(path), "--db", db, "--map", "Socio=card")
    assert mapped.returncode == 0, mapped.stderr
    said = mapped.stdout.splitlines()
    assert said[0].startswith("imported 2 receipts: 0 new (0 lines), 1 updated, 1 unchanged")
    assert (
        "1 receipt matches no known customer; import the customers, then this file again, to "
        "link them"
    ) in said
    assert not any(line.startswith("no column of this file says who") for line in said)
    with Store(Path(db)) as store:
        linked = dict(store.db.execute("SELECT receipt_id, customer_id FROM purchases"))
        assert linked == {"TK-1": lucia, "TK-2": None}


# -- receipts whose phone or email several customers share ---------------------------------


def test_receipts_by_a_shared_email_name_who_shares_it_and_the_advice_links_them(
    tmp_path: Path,
) -> None:
    """Importing the customers again cannot link a receipt whose email two customers share:
    the summary says who they are and what to do, apart from the receipts of strangers."""
    db = new_shop(tmp_path)
    people = write_csv(tmp_path / "people.csv", ["First Name", "Last Name", "Email"],
                       [["Marie", "Tremblay", "famille@example.com"],
                        ["Luc", "Tremblay", "famille@example.com"]])  # fmt: skip
    assert run_cli("import", "customers", str(people), "--db", db).returncode == 0
    sales = write_csv(tmp_path / "sales.csv", ["Receipt", "Date", "Item", "Price", "Email"],
                      [["R1", "2026-11-20", "Tea", "5.00", "famille@example.com"],
                       ["R2", "2026-11-20", "Cake", "7.00", "famille@example.com"],
                       ["R3", "2026-11-21", "Mug", "9.00", "stranger@example.com"]])  # fmt: skip

    done = run_cli("import", "sales", str(sales), "--db", db)

    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    shared = (
        "2 receipts were kept without a customer, as several customers share their phone or "
        "email: famille@example.com is shared by #1 Marie Tremblay and #2 Luc Tremblay (R1, "
        f"R2). If they are one person, merge them (e.g. greeter --db {db} merge 1 2, which "
        "keeps #1, or Ctrl+M in the window); if not, take the phone or email off the customer "
        f"it does not belong to (e.g. greeter --db {db} customer edit --id 2 --remove-email "
        "famille@example.com). Then import this file again to link them."
    )
    assert said[2:] == [
        shared,
        "1 receipt matches no known customer; import the customers, then this file again, to "
        "link them",
    ]

    # Doing what it says links them.
    edit = re.search(r"\(e\.g\. (greeter [^)]* customer edit [^)]*)\)", shared)
    assert edit is not None
    assert run_cli(*shlex.split(edit[1])[1:]).returncode == 0
    again = run_cli("import", "sales", str(sales), "--db", db)
    assert again.stdout.startswith("imported 3 receipts: 0 new (0 lines), 2 updated, 1 unchanged")
    with Store(Path(db)) as store:
        owners = dict(store.db.execute("SELECT receipt_id, customer_id FROM purchases"))
    assert owners == {"R1": 1, "R2": 1, "R3": None}


# -- what a real import says ---------------------------------------------------------------


def test_a_real_import_says_how_it_read_the_file_and_who_signed_it(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    assert run_cli("--db", db, "staff", "add", "Priya", "--role", "owner").returncode == 0
    assert run_cli("--db", db, "staff", "add", "Sam", "--role", "manager").returncode == 0
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email", "Shoe size"],
                     [["Ann", "ann@example.com", "7"]])  # fmt: skip

    dry = run_cli("import", "customers", str(path), "--db", db, "--dry-run", "--staff", "Sam")
    done = run_cli("import", "customers", str(path), "--db", db, "--staff", "Sam")

    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0].startswith("imported 1 customer: 1 new, 0 updated, 0 unchanged, 0 bad (by Sam")
    columns = "columns (generic): First Name → first_name, Email → email"
    assert said[1:] == [columns, "ignored columns: Shoe size"]
    assert dry.stdout.splitlines() == [  # in the same order, and signed by no one
        "dry run, nothing changed: would import 1 customer: 1 new, 0 updated, 0 unchanged, 0 bad",
        columns,
        "ignored columns: Shoe size",
    ]
    by_owner = run_cli("import", "customers", str(path), "--db", db)
    assert by_owner.stdout.startswith(
        "imported 1 customer: 0 new, 0 updated, 1 unchanged, 0 bad (by Priya, the shop's owner"
    )


# -- every problem of a row at once ----------------------------------------------------------


def test_a_customer_row_names_all_its_problems_at_once(store: Store, tmp_path: Path) -> None:
    """Corrected for the first problem only, the file used to stop again at the next."""
    header = ["First Name", "Email", "Birthday", "Accepts Email Marketing"]
    rows = [["Ann", "ann@", "1985-02-30", "maybe"], ["Bob", "bob@example.com", "", "yes"],
            ["", "x@", "", ""]]  # fmt: skip
    path = write_csv(tmp_path / "c.csv", header, rows)

    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")

    assert str(refused.value).splitlines()[:5] == [
        "c.csv was not imported (nothing was changed): line 2, column Email: “ann@” is not an "
        "email address",
        "  also line 2, column Birthday: “1985-02-30” is not a real date (February 1985 has "
        "only 28 days)",
        "  also line 2, column Accepts Email Marketing: “maybe” is not yes or no",
        "  also line 4: has no name (First Name empty)",
        "  also line 4, column Email: “x@” is not an email address",
    ]
    assert count(store, "customers") == 0
    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad) == (1, 2)
    report = (tmp_path / "c.bad.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[1] == (
        "Ann,ann@,1985-02-30,maybe,column Email: “ann@” is not an email address; column "
        "Birthday: “1985-02-30” is not a real date (February 1985 has only 28 days); column "
        "Accepts Email Marketing: “maybe” is not yes or no,2"
    )


def test_a_sales_row_names_all_its_problems_and_its_receipts_at_once(
    store: Store, tmp_path: Path
) -> None:
    header = ["Receipt", "Date", "Item", "Qty", "Price", "Currency"]
    rows = [["R1", "2025-13-01", "Tea", "two", "nine", "CAD"],
            ["R1", "2025-13-01", "Mug", "1", "3.00", "CAD"],
            ["R2", "2025-11-01", "Cake", "1", "4.00", "dollars"],
            ["R3", "2025-11-02", "Scone", "1", "2.00", "CAD"]]  # fmt: skip
    path = write_csv(tmp_path / "s.csv", header, rows)

    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")

    assert str(refused.value).splitlines()[:4] == [
        "s.csv was not imported (nothing was changed): line 2, column Date: “2025-13-01” is "
        "not a real date (there is no month 13)",
        "  also line 2, column Qty: “two” is not a quantity (expected e.g. 2 or 1.5)",
        "  also line 2, column Price: “nine” is not an amount of money (expected e.g. 12.50)",
        "  also line 4, column Currency: “DOLLARS” is not a currency code like CAD",
    ]
    assert count(store, "purchases") == 0
