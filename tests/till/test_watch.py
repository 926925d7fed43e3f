"""The watched folder: real files under tmp_path, a real shop file, a clock the test moves."""

from __future__ import annotations

import codecs
import os
import sqlite3
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from greeter.store import Store
from greeter.store.errors import Conflict, Invalid, StoreError
from greeter.till import importer as importer_module
from greeter.till import watch as watch_module
from greeter.till.columns import CUSTOMERS, SALES
from greeter.till.import_result import ImportResult
from greeter.till.importer import open_file
from greeter.till.watch import Dropped, FolderWatch, guess_kind, import_dropped, watched_folder
from tests.disks import small_disk
from tests.helpers import add_customer
from tests.till.csv_files import count, snapshot, write_csv
from tests.till.test_import_later_refunds import gerard, radio_and_batteries, the_radio_back
from tests.till.test_import_refunds import SHOPIFY, SQUARE, shopify_order

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
    assert dropped.message == (
        "Could not import x.csv: 1 bad row (line 5, column Price) — moved to failed/ with a "
        "report saying what to fix."
    )
    assert dropped.moved_to == folder / "failed" / "x.csv"
    assert dropped.report is not None
    report = dropped.report.read_text(encoding="utf-8")
    assert "NOT imported" in report and "line 5, column Price: “lots”" in report
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


def _oldest_first(*paths: Path) -> None:
    """Modification times a minute apart, in this order: the order the watch takes them in."""
    for n, path in enumerate(paths):
        os.utime(path, (1_700_000_000 + 60 * n, 1_700_000_000 + 60 * n))


def test_unicode_text_and_old_mac_files_are_imported_with_the_files_beside_them(
    store: Store, folder: Path, clock: Clock
) -> None:
    # Excel's "Save as Unicode text": UTF-16 with its byte order mark, tabs, CRLF.
    u16 = folder / "customers.csv"
    u16.write_bytes(
        codecs.BOM_UTF16_LE + "First Name\tEmail\r\nZoë\tzoe@example.com\r\n".encode("utf-16-le")
    )
    mac = write_csv(folder / "mac.csv", SALES_HEADER, SALES_ROWS[:2])  # an old Mac's CR ends
    mac.write_bytes(mac.read_bytes().replace(b"\r\n", b"\r"))
    good = write_csv(folder / "good.csv", SALES_HEADER, SALES_ROWS[2:])
    _oldest_first(u16, mac, good)
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert [(d.name, d.ok, d.kind) for d in outcomes] == [
        ("customers.csv", True, CUSTOMERS), ("mac.csv", True, SALES), ("good.csv", True, SALES)
    ]  # fmt: skip
    assert sorted(p.name for p in (folder / "done").glob("*.csv")) == [
        "customers.csv", "good.csv", "mac.csv"
    ]  # fmt: skip
    assert [p.name for p in folder.iterdir() if p.is_file()] == []
    assert store.customers.find_by_email("zoe@example.com") != []
    assert count(store, "purchases") == 2
    assert watch.run_once(store) == []


def test_an_error_with_one_file_sends_it_to_failed_and_the_next_are_imported(
    store: Store,
    folder: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real_import = watch_module.run_import

    def faulty(store: Store, path: Path, *args: Any, **kwargs: Any) -> ImportResult:
        if path.name == "broken.csv":  # a fault in Greeter that only this file brings out
            raise KeyError("receipt")
        return real_import(store, path, *args, **kwargs)

    monkeypatch.setattr(watch_module, "run_import", faulty)
    broken = write_csv(folder / "broken.csv", SALES_HEADER, SALES_ROWS[:2])
    good = write_csv(folder / "good.csv", SALES_HEADER, SALES_ROWS[2:])
    _oldest_first(broken, good)
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert [(d.name, d.ok) for d in outcomes] == [("broken.csv", False), ("good.csv", True)]
    assert outcomes[0].message == (  # the error's own words may quote a cell: not on screen
        "Could not import broken.csv: an error in Greeter stopped it (KeyError) — moved to failed/."
    )
    assert outcomes[0].report == folder / "failed" / "broken.report.txt"
    report = outcomes[0].report.read_text(encoding="utf-8")
    assert "broken.csv: NOT imported on " in report and "nothing was changed" in report
    assert "(KeyError: 'receipt')" in report
    assert "a fault in Greeter, written to its log: tell whoever looks after Greeter" in report
    assert "KeyError: 'receipt'" in caplog.text  # the traceback, for whoever fixes it
    assert (folder / "done" / "good.csv").exists()
    assert [r for (r,) in store.db.execute("SELECT receipt_id FROM purchases")] == ["T2"]
    assert watch.run_once(store) == []  # nothing retried, nothing left behind


@pytest.mark.parametrize(
    "refusal",
    [
        Conflict("Card BG-7 already belongs to Lisa Marsh (#1)."),
        Invalid("“lisa@” is not an email address (expected name@example.com)."),
    ],
    ids=["conflict", "invalid"],
)
def test_a_file_the_shops_database_refuses_goes_to_failed_and_the_next_are_imported(
    store: Store,
    folder: Path,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    refusal: StoreError,
) -> None:
    """Refused once, refused every time: waiting would hold up the till's next files for
    ever, so the file is set aside with a report saying why, as a file with bad rows is."""
    real_import = watch_module.run_import

    def refusing(store: Store, path: Path, *args: Any, **kwargs: Any) -> ImportResult:
        if path.name == "refused.csv":  # one the store refuses, past the rows' own checks
            raise refusal
        return real_import(store, path, *args, **kwargs)

    monkeypatch.setattr(watch_module, "run_import", refusing)
    refused = write_csv(folder / "refused.csv", SALES_HEADER, SALES_ROWS[:2])
    good = write_csv(folder / "good.csv", SALES_HEADER, SALES_ROWS[2:])
    _oldest_first(refused, good)
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert [(d.name, d.ok, d.retry) for d in outcomes] == [
        ("refused.csv", False, False), ("good.csv", True, False)
    ]  # fmt: skip
    assert outcomes[0].message == (  # what the store said may quote a cell: not on screen
        "Could not import refused.csv: the shop's database refused what it holds — moved to "
        "failed/ with a report saying what to fix."
    )
    assert outcomes[0].moved_to == folder / "failed" / "refused.csv"
    assert outcomes[0].report == folder / "failed" / "refused.report.txt"
    report = outcomes[0].report.read_text(encoding="utf-8")
    assert "refused.csv: NOT imported on " in report and "nothing was changed" in report
    assert f"refused.csv: the shop's database refused what it holds: {refusal}\n" in report
    assert "Fix the file and put it in the watched folder again" in report
    assert (folder / "done" / "good.csv").exists()
    assert [r for (r,) in store.db.execute("SELECT receipt_id FROM purchases")] == ["T2"]
    clock.now += 60
    assert watch.run_once(store) == []  # not tried again: nothing is left in the folder
    assert [p.name for p in folder.iterdir() if p.is_file()] == []


def test_a_busy_shop_file_leaves_the_files_where_they_are_to_import_once_it_is_free(
    store: Store, folder: Path, clock: Clock
) -> None:
    first = write_csv(folder / "first.csv", SALES_HEADER, SALES_ROWS[:2])
    second = write_csv(folder / "second.csv", SALES_HEADER, SALES_ROWS[2:])
    _oldest_first(first, second)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Greeter is saving
    store.db.execute("PRAGMA busy_timeout = 50")
    watch = FolderWatch(folder, clock=clock)

    [busy] = settled(watch, clock, store)

    assert (busy.name, busy.ok, busy.retry) == ("first.csv", False, True)
    assert busy.message.startswith("Could not import first.csv yet: The shop's database is busy")
    assert sorted(p.name for p in folder.iterdir()) == ["first.csv", "second.csv"]
    other.execute("ROLLBACK")
    other.close()

    assert [(d.name, d.ok) for d in watch.run_once(store)] == [
        ("first.csv", True), ("second.csv", True)
    ]  # fmt: skip
    assert count(store, "purchases") == 2


def test_an_error_once_a_file_is_imported_says_it_was_imported_and_moves_it_to_done(
    store: Store, folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def faulty_sentence(*args: Any) -> str:
        raise ValueError("no sentence")  # a fault in Greeter once the file is in

    monkeypatch.setattr(watch_module, "sentence", faulty_sentence)
    write_csv(folder / "sales.csv", SALES_HEADER, SALES_ROWS)
    watch = FolderWatch(folder, clock=clock)

    [dropped] = settled(watch, clock, store)

    assert dropped.ok and dropped.moved_to == folder / "done" / "sales.csv"
    assert (
        dropped.message
        == "Imported sales.csv, but Greeter then stopped with an error (ValueError)."
    )
    assert dropped.report is not None
    assert "(ValueError: no sentence)" in dropped.report.read_text(encoding="utf-8")
    assert count(store, "purchases") == 2
    assert watch.run_once(store) == []


def test_a_file_too_big_for_memory_goes_to_failed_saying_how_to_split_it(
    store: Store, folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_memory(*args: Any, **kwargs: Any) -> None:
        raise MemoryError()  # what reading a file too big for the computer ends in

    monkeypatch.setattr(importer_module, "read_sales", out_of_memory)
    big = write_csv(folder / "big.csv", SALES_HEADER, SALES_ROWS)
    good = write_csv(folder / "customers.csv", ["First Name", "Email"], [["Ann", "a@x.org"]])
    _oldest_first(big, good)
    before = count(store, "purchases")
    watch = FolderWatch(folder, clock=clock)

    outcomes = settled(watch, clock, store)

    assert [(d.name, d.ok) for d in outcomes] == [("big.csv", False), ("customers.csv", True)]
    assert outcomes[0].message == (
        "Could not import big.csv: it is too big to import at once on this computer (0.0 MB). "
        "Split it into smaller files (halves or quarters, each starting with the line of column "
        "names, keeping the lines of one receipt together) and import them one after another: "
        "receipts already imported are skipped — moved to failed/."
    )
    assert count(store, "purchases") == before and count(store, "imports") == 1


# -- what the banner may say: it shows over the lock and hidden pages too --


def test_the_banner_line_says_where_rows_are_bad_and_only_the_report_what_they_hold(
    store: Store, folder: Path, clock: Clock
) -> None:
    one = write_csv(folder / "bad2.csv", ["Name", "Email"], [["Jane Doe", "jane.doe@gmail"]])
    rows = [
        ["Ann Lee", "ann@example.com", "1990-01-02"],
        ["Bo Tran", "bo@", "soon"],  # two problems in one row
        ["Cy Moss", "cy@", "1991-02-03"],
    ]
    two = write_csv(folder / "two.csv", ["Name", "Email", "Birthday"], rows)
    _oldest_first(one, two)
    before = snapshot(store)

    bad2, both = settled(FolderWatch(folder, clock=clock), clock, store)

    assert bad2.message == (
        "Could not import bad2.csv: 1 bad row (line 2, column Email) — moved to failed/ with a "
        "report saying what to fix."
    )
    assert both.message == (
        "Could not import two.csv: 2 bad rows (the first: line 3, column Email) — moved to "
        "failed/ with a report saying what to fix."
    )
    assert bad2.report is not None and both.report is not None
    assert (
        "line 2, column Email: “jane.doe@gmail” is not an email address"
        in bad2.report.read_text(encoding="utf-8")
    )
    report = both.report.read_text(encoding="utf-8")
    for cell in ("“bo@”", "“soon”", "“cy@”"):
        assert cell in report
    assert snapshot(store) == before


def test_a_card_number_or_a_stray_quote_is_placed_on_screen_and_quoted_only_in_the_report(
    store: Store, folder: Path, clock: Clock
) -> None:
    card = write_csv(
        folder / "card.csv",
        ["Name", "Email", "Notes"],
        [["Jane Doe", "jane@example.com", "paid with 4111 1111 1111 1111"]],
    )
    quote = folder / "quote.csv"
    quote.write_text('Name,Email\r\nJane,"Doe"Smith@example.com\r\n', encoding="utf-8")
    _oldest_first(card, quote)
    before = snapshot(store)

    carded, quoted = settled(FolderWatch(folder, clock=clock), clock, store)

    assert carded.message == (
        "Could not import card.csv: a payment card number (line 2, column Notes), which Greeter "
        "never stores — moved to failed/ with a report saying what to fix."
    )
    assert quoted.message == (
        'Could not import quote.csv: a quote (") opened on line 2 is closed in the middle of a '
        'cell: a quote is missing, or one inside a quoted cell is not doubled ("") — moved to '
        "failed/ with a report saying what to fix."
    )
    assert carded.report is not None and quoted.report is not None
    assert "payment card number (…1111)" in carded.report.read_text(encoding="utf-8")
    assert "before “Smith@example.com”" in quoted.report.read_text(encoding="utf-8")
    assert snapshot(store) == before


@pytest.mark.skipif(os.name != "posix", reason="tmpfs")
def test_on_a_full_disk_the_banner_promises_no_report_it_could_not_write(
    store: Store, tmp_path: Path, clock: Clock
) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        write_csv(disk / "bad2.csv", ["Name", "Email"], [["Jane Doe", "jane.doe@gmail"]])
        (disk / "failed").mkdir(mode=0o700)
        _fill(disk / "filler")

        [dropped] = settled(FolderWatch(disk, clock=clock), clock, store)

        assert dropped.message == (
            "Could not import bad2.csv: 1 bad row (line 2, column Email) — moved to failed/."
        )
        assert dropped.moved_to == disk / "failed" / "bad2.csv" and dropped.moved_to.exists()
        assert dropped.report is None
        assert sorted(p.name for p in (disk / "failed").iterdir()) == ["bad2.csv"]


def _fill(path: Path) -> None:
    """Write `path` until its disk is full."""
    with path.open("wb", buffering=0) as out:
        for size in (65_536, 4_096, 512, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                continue


def test_an_export_that_only_gives_an_item_back_says_so_not_nothing_new(
    store: Store, folder: Path
) -> None:
    """A refund rung up later takes the item off its sale: the banner says that, not "Nothing
    new" (every sale in the file was imported before)."""
    gerard(store, folder.parent)
    write_csv(folder / "items-1.csv", SQUARE, radio_and_batteries("2026-11-17"))
    assert import_dropped(store, folder / "items-1.csv").ok
    write_csv(folder / "items-2.csv", SQUARE,
              [*radio_and_batteries("2026-11-17"), the_radio_back("2026-11-19")])  # fmt: skip

    dropped = import_dropped(store, folder / "items-2.csv")

    assert dropped.message == (
        "Imported items-2.csv: 0 receipts, 1 already there, 1 refund left out, "
        "1 item returned later, taken off its sale."
    )
