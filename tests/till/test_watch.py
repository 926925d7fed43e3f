"""The watched folder: real files under tmp_path, a real shop file, a clock the test moves."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.till.columns import CUSTOMERS, SALES
from greeter.till.importer import open_file
from greeter.till.watch import Dropped, FolderWatch, guess_kind, import_dropped, watched_folder
from tests.helpers import add_customer
from tests.till.csv_files import count, snapshot, write_csv
from tests.till.test_import_refunds import SHOPIFY, shopify_order

SALES_HEADER = ["Receipt", "Date", "Item", "Price", "Email"]
SALES_ROWS = [
    ["T1", "2026-11-22 10:01", "Tea", "2.50", "lisa@example.com"],
    ["T1", "2026-11-22 10:01", "Mug", "9.00", "lisa@example.com"],
    ["T2", "2026-11-22 11:30", "Scone", "3.25", ""],
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    drop = tmp_path / "till-exports"
    drop.mkdir()
    return drop


def settled(watch: FolderWatch, clock: Clock, store: Store) -> list[Dropped]:
    """Two scans, the second after the settling time: what a stable folder gives."""
    assert watch.run_once(store) == []
    clock.now += watch.settle_seconds + 0.1
    return watch.run_once(store)


def test_a_good_sales_file_is_imported_and_moved_to_done(
    store: Store, folder: Path, clock: Clock
) -> None:
    lisa = add_customer(store, "Lisa", email="lisa@example.com")
    write_csv(folder / "sales-2026-11-22.csv", SALES_HEADER, SALES_ROWS)
    watch = FolderWatch(folder, clock=clock)

    [dropped] = settled(watch, clock, store)

    assert dropped.ok and dropped.kind == SALES
    assert dropped.message == "Imported sales-2026-11-22.csv: 2 receipts."
    assert dropped.moved_to == folder / "done" / "sales-2026-11-22.csv"
    assert dropped.moved_to.exists() and not (folder / "sales-2026-11-22.csv").exists()
    assert dropped.report == folder / "done" / "sales-2026-11-22.report.txt"
    report = dropped.report.read_text(encoding="utf-8")
    assert "imported 2 receipts: 2 new (3 lines)" in report
    assert "Receipt → receipt_id" in report
    assert count(store, "purchases") == 2
    assert store.purchases.recent(lisa)[0].receipt_id == "T1"
    assert watch.run_once(store) == []  # nothing left to do


def test_a_bad_file_goes_to_failed_with_line_and_column_and_writes_nothing(
    store: Store, folder: Path, clock: Clock
) -> None:
    rows = [*SALES_ROWS, ["T3", "2026-11-22 12:00", "Cake", "lots", ""]]
    write_csv(folder / "x.csv", SALES_HEADER, rows)
    before = snapshot(store)
    watch = FolderWatch(folder, clock=clock)

    [dropped] = settled(watch, clock, store)

    assert not dropped.ok
    assert dropped.message.startswith("Could not import x.csv: line 5, column Price: ")
    assert dropped.message.endswith(" — moved to failed/.")
    assert dropped.moved_to == folder / "failed" / "x.csv"
    assert dropped.report is not None
    report = dropped.report.read_text(encoding="utf-8")
    assert "NOT imported" in report and "line 5, column Price" in report
    assert snapshot(store) == before
    assert count(store, "imports") == 0


def test_a_file_still_growing_waits_until_it_is_stable(
    store: Store, folder: Path, clock: Clock
) -> None:
    path = folder / "sales.csv"
    path.write_text("Receipt,Date,Item,Price\nT1,2026-11-22,Tea,2.50\n", encoding="utf-8")
    watch = FolderWatch(folder, clock=clock)
    assert watch.run_once(store) == []
    clock.now += 10
    with path.open("a", encoding="utf-8") as out:  # the till writes more
        out.write("T2,2026-11-22,Mug,9.00\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert watch.run_once(store) == []  # changed since the last look: not yet
    assert count(store, "purchases") == 0 and path.exists()
    clock.now += 1  # the same again, but too soon after it changed
    assert watch.run_once(store) == []
    clock.now += watch.settle_seconds
    [dropped] = watch.run_once(store)
    assert dropped.ok and dropped.result is not None and dropped.result.new == 2
    assert count(store, "purchases") == 2


def test_empty_hidden_and_greeters_own_files_are_left_alone(
    store: Store, folder: Path, clock: Clock
) -> None:
    (folder / "new.csv").touch()  # being created
    for name in (".~lock.sales.csv", "sales.bad.csv", "notes.txt"):
        write_csv(folder / name, SALES_HEADER, SALES_ROWS)
    watch = FolderWatch(folder, clock=clock)
    assert settled(watch, clock, store) == []
    assert sorted(p.name for p in folder.iterdir()) == [
        ".~lock.sales.csv", "new.csv", "notes.txt", "sales.bad.csv"
    ]  # fmt: skip


def test_dropping_the_same_file_again_adds_nothing(
    store: Store, folder: Path, clock: Clock, tmp_path: Path
) -> None:
    original = write_csv(tmp_path / "sales.csv", SALES_HEADER, SALES_ROWS)
    (folder / "sales.csv").write_bytes(original.read_bytes())
    watch = FolderWatch(folder, clock=clock)
    [first] = settled(watch, clock, store)
    assert first.ok and not first.already_imported
    before = snapshot(store)

    (folder / "sales.csv").write_bytes(original.read_bytes())  # the till exports it again
    [again] = settled(watch, clock, store)

    assert again.ok and again.already_imported
    assert "was imported before" in again.message and "without importing it again" in again.message
    assert again.moved_to == folder / "done" / "sales (2).csv"
    assert again.report == folder / "done" / "sales (2).report.txt"
    assert snapshot(store) == before
    assert count(store, "imports") == 1


def test_a_customers_file_is_told_from_a_sales_file(
    store: Store, folder: Path, tmp_path: Path
) -> None:
    customers = write_csv(
        tmp_path / "c.csv", ["First Name", "Last Name", "Email"], [["Ada", "Byron", "a@x.org"]]
    )
    sales = write_csv(tmp_path / "s.csv", SALES_HEADER, SALES_ROWS)
    neither = write_csv(tmp_path / "n.csv", ["Colour", "Size"], [["red", "M"]])
    assert guess_kind(store, open_file(customers)) == CUSTOMERS
    assert guess_kind(store, open_file(sales)) == SALES
    assert guess_kind(store, open_file(neither)) is None

    dropped = import_dropped(store, folder.parent / "c.csv")
    assert dropped.ok and dropped.kind == CUSTOMERS
    assert dropped.message == "Imported c.csv: 1 new customer."
    assert count(store, "customers") == 1

    refused = import_dropped(store, folder.parent / "n.csv")
    assert not refused.ok
    assert "cannot tell whether it holds customers or sales" in refused.message


def test_the_setting_names_the_folder(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    assert watched_folder(db, "") is None
    assert watched_folder(db, "  ") is None
    assert watched_folder(db, "exports") == tmp_path / "exports"
    assert watched_folder(db, str(tmp_path / "x")) == tmp_path / "x"


def test_a_file_with_a_quote_left_open_goes_to_failed_and_writes_nothing(
    store: Store, folder: Path, clock: Clock
) -> None:
    (folder / "x.csv").write_text(
        'Receipt,Date,Item,Price\nT1,2026-11-22,Tea,2.50\nT2,2026-11-22,"Mug,9.00\n'
        "T3,2026-11-22,Scone,3.25\n",
        encoding="utf-8",
    )
    before = snapshot(store)
    watch = FolderWatch(folder, clock=clock)

    [dropped] = settled(watch, clock, store)

    assert not dropped.ok and dropped.moved_to == folder / "failed" / "x.csv"
    assert dropped.message == (
        'Could not import x.csv: a quote (") opened on line 3 is never closed, so the rest of '
        "the file would be read as one cell — moved to failed/."
    )
    assert dropped.report is not None
    assert "Correct line 3" in dropped.report.read_text(encoding="utf-8")
    assert snapshot(store) == before and count(store, "imports") == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_done_and_failed_are_readable_by_the_shop_only(
    store: Store, folder: Path, clock: Clock
) -> None:
    add_customer(store, "Lisa", email="lisa@example.com")
    write_csv(folder / "good.csv", SALES_HEADER, SALES_ROWS)
    write_csv(folder / "bad.csv", SALES_HEADER, [["T9", "2026-11-22", "Cake", "lots", ""]])
    for path in folder.iterdir():
        path.chmod(0o644)  # as the till leaves its exports
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert sorted(d.ok for d in outcomes) == [False, True]
    for where in ("done", "failed"):
        assert stat.S_IMODE((folder / where).stat().st_mode) == 0o700
    written = [p for d in outcomes for p in (d.moved_to, d.report) if p is not None]
    assert sorted(p.name for p in written) == [
        "bad.csv", "bad.report.txt", "good.csv", "good.report.txt"
    ]  # fmt: skip
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o600}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_done_and_failed_left_open_by_an_older_greeter_are_made_the_shops_only(
    store: Store, folder: Path, clock: Clock
) -> None:
    for where in ("done", "failed"):
        (folder / where).mkdir(mode=0o755)  # as Greeter made them before they were private
        (folder / where).chmod(0o755)  # whatever the umask
    add_customer(store, "Lisa", email="lisa@example.com")
    write_csv(folder / "good.csv", SALES_HEADER, SALES_ROWS)
    write_csv(folder / "bad.csv", SALES_HEADER, [["T9", "2026-11-22", "Cake", "lots", ""]])
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert sorted((d.name, d.ok) for d in outcomes) == [("bad.csv", False), ("good.csv", True)]
    for where in ("done", "failed"):
        assert stat.S_IMODE((folder / where).stat().st_mode) == 0o700


def test_a_later_export_of_receipts_already_imported_says_nothing_new(
    store: Store, folder: Path, clock: Clock
) -> None:
    write_csv(folder / "sales-1.csv", SALES_HEADER, SALES_ROWS)  # T2 has no known customer
    watch = FolderWatch(folder, clock=clock)
    [first] = settled(watch, clock, store)
    assert first.ok and first.result is not None and first.result.new == 2
    # The till's next export holds the same receipts, written a little differently.
    write_csv(folder / "sales-2.csv", SALES_HEADER, SALES_ROWS[::-1])
    before = snapshot(store)

    [dropped] = settled(watch, clock, store)

    assert dropped.ok and not dropped.already_imported
    assert dropped.message == "Nothing new in sales-2.csv: all 2 receipts were already imported."
    assert dropped.report is not None
    report = dropped.report.read_text(encoding="utf-8")
    assert "\nnothing new: all 2 receipts were already imported\n" in report
    assert "import the customers" not in report
    assert snapshot(store) == before


def test_a_later_export_that_refunds_an_order_imported_before_says_it_was_taken_out(
    store: Store, folder: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    paid = shopify_order("#1001", "2026-11-01 10:00:00 -0400", "paid", "29.99", "0.00",
                         ("Phone case", "29.99"))  # fmt: skip
    bought = shopify_order("#1002", "2026-11-15 16:20:00 -0500", "paid", "89.00", "0.00",
                           ("Wireless earbuds", "89.00"))  # fmt: skip
    write_csv(folder / "orders_1.csv", SHOPIFY, [*paid, *bought])
    assert import_dropped(store, folder / "orders_1.csv").ok
    refunded = shopify_order("#1002", "2026-11-15 16:20:00 -0500", "refunded", "89.00", "89.00",
                             ("Wireless earbuds", "89.00"))  # fmt: skip
    write_csv(folder / "orders_2.csv", SHOPIFY, [*paid, *refunded])

    dropped = import_dropped(store, folder / "orders_2.csv")

    assert dropped.message == (
        "Imported orders_2.csv: 0 receipts, 1 already there, 1 refund left out, "
        "1 earlier receipt taken out (refunded or cancelled since)."
    )
    assert dropped.report is not None
    assert "#1002 no longer counts as a visit" in dropped.report.read_text(encoding="utf-8")
    assert [p.receipt_id for p in store.purchases.recent(siobhan)] == ["#1001"]
