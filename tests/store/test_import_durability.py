"""An import is all of the file or none of it, even when the process is killed or the disk
fills up halfway: real processes, real files (issue 5, "Trust")."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.store.database import DiskFull
from greeter.ui.main_window import MainWindow
from tests.helpers import add_customer, add_purchase
from tests.store.schema_fixtures import integrity, read_only
from tests.till.csv_files import DATA_TABLES, integrity_ok, load, snapshot, write_csv
from tests.ui import conftest as ui_fixtures

ROOT = Path(__file__).parents[2]

# The counter window on a small shop (Lisa has card BG-1), as in tests/ui.
shop = ui_fixtures.shop
window = ui_fixtures.window

# Sizes chosen so each import takes roughly half a second to a second.
SALES_RECEIPTS = 12_000  # three lines each
CUSTOMERS = 3_000


@dataclass(frozen=True)
class ImportFile:
    kind: str
    path: Path
    rows: int  # receipts or customers
    lines: int  # purchase lines (sales only)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def sales_file(path: Path, receipts: int = SALES_RECEIPTS) -> ImportFile:
    rows = [
        [f"K{r:05d}", f"2025-{r % 12 + 1:02d}-{r % 28 + 1:02d} 10:{r % 60:02d}",
         f"k{r % 500}@example.com", f"Item {n}", "1", f"{n + 1}.50"]
        for r in range(receipts)
        for n in range(3)
    ]  # fmt: skip
    write_csv(path, ["Receipt", "Date", "Email", "Item", "Quantity", "Price"], rows)
    return ImportFile("sales", path, receipts, 3 * receipts)


def customers_file(path: Path, customers: int = CUSTOMERS) -> ImportFile:
    rows = [[f"Kim{i}", f"Kowalski{i}", f"k{i}@example.com"] for i in range(customers)]
    write_csv(path, ["First Name", "Last Name", "Email"], rows)
    return ImportFile("customers", path, customers, 0)


def make_file(kind: str, folder: Path, size: int | None = None) -> ImportFile:
    path = folder / f"{kind}.csv"
    if kind == "sales":
        return sales_file(path, size or SALES_RECEIPTS)
    return customers_file(path, size or CUSTOMERS)


@dataclass(frozen=True)
class FromFile:
    rows: int
    lines: int
    logged: int


def from_file(conn: sqlite3.Connection, file: ImportFile) -> FromFile:
    """How much of `file` is in the database: rows, purchase lines, imports-log records."""
    if file.kind == "sales":
        rows = conn.execute("SELECT count(*) FROM purchases WHERE receipt_id LIKE 'K%'")
        lines = conn.execute(
            "SELECT count(*) FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id"
            " WHERE p.receipt_id LIKE 'K%'"
        ).fetchone()[0]
    else:
        rows = conn.execute(
            "SELECT count(*) FROM customer_emails WHERE email LIKE 'k%@example.com'"
        )
        lines = 0
    logged = conn.execute("SELECT count(*) FROM imports WHERE sha256 = ?", [file.sha256])
    return FromFile(rows.fetchone()[0], lines, logged.fetchone()[0])


def all_of(file: ImportFile) -> FromFile:
    return FromFile(file.rows, file.lines, 1)


NONE = FromFile(0, 0, 0)


# -- killed halfway -----------------------------------------------------------------------

IMPORTER = """
import sys, time
from greeter.store import Store
from greeter.till.importer import ImportOptions, run_import
store = Store(sys.argv[1])
print("ready", flush=True)
start = time.perf_counter()
run_import(store, sys.argv[3], ImportOptions(sys.argv[2]))
print("done", time.perf_counter() - start, flush=True)
"""


def _seeded_shop(path: Path) -> None:
    """A shop that already has a customer and a sale, which no import may disturb."""
    store = Store(path)
    store.settings.set("region", "CA")
    store.settings.set("currency", "CAD")
    lisa = add_customer(store, "Lisa", "Lisa Marsh", email="lisa@example.com", card="BG-1")
    add_purchase(store, lisa, dt.datetime(2026, 11, 8, 14, 30), ("Tea", 250))
    store.close()


def _copy(source: Path, target: Path) -> Path:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def _start(db: Path, file: ImportFile) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db), file.kind, str(file.path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n", proc.communicate()
    return proc


def _finish(proc: subprocess.Popen[str], kill_after: float | None) -> tuple[bool, str]:
    """Let the child import for `kill_after` seconds, then SIGKILL it (None: let it finish).
    Returns whether it was killed, and what it printed."""
    try:
        proc.wait(timeout=kill_after if kill_after is not None else 60)
    except subprocess.TimeoutExpired:
        if kill_after is None:
            raise
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.returncode == 0, err
    return killed, out


def _found(db: Path, file: ImportFile) -> FromFile:
    assert integrity(db) == ["ok"]
    conn = read_only(db)
    try:
        lisa = "SELECT count(*) FROM customers WHERE preferred_name = 'Lisa'"
        assert conn.execute(lisa).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM purchases").fetchone()[0] >= 1  # Lisa's tea
        return from_file(conn, file)
    finally:
        conn.close()


@pytest.mark.timeout(90)
@pytest.mark.parametrize(("kind", "rounds"), [("sales", 10), ("customers", 8)])
def test_an_import_killed_at_any_moment_is_all_or_nothing(
    tmp_path: Path, kind: str, rounds: int
) -> None:
    base = tmp_path / "base.db"
    _seeded_shop(base)
    file = make_file(kind, tmp_path)

    # Once to the end, to know how long this import takes here.
    db = _copy(base, tmp_path / "whole.db")
    killed, out = _finish(_start(db, file), None)
    assert not killed and out.startswith("done "), out
    duration = float(out.split()[1])
    assert _found(db, file) == all_of(file)

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    # One delay in each slice of [50 ms, a little past the end], in a random order.
    span = max(duration * 1.25, 0.1) - 0.05
    delays = [0.05 + span * (i + rng.random()) / rounds for i in range(rounds)]
    rng.shuffle(delays)
    outcomes: list[tuple[float, bool, FromFile]] = []
    for round_no, delay in enumerate(delays):
        db = _copy(base, tmp_path / f"round{round_no}.db")
        killed, out = _finish(_start(db, file), delay)
        found = _found(db, file)
        outcomes.append((round(delay, 3), killed, found))
        why = f"seed {seed}, import takes {duration:.2f}s, killed after {delay:.3f}s"
        assert found in (NONE, all_of(file)), f"{why}: half an import: {found}"
        if not killed:
            assert found == all_of(file), why
        elif found == NONE:
            assert "done" not in out, why

    killed_halfway = [o for o in outcomes if o[1] and o[2] == NONE]
    assert killed_halfway, f"seed {seed}: no round killed the import halfway: {outcomes}"

    # A file killed halfway is imported whole by the next try.
    db = tmp_path / f"round{outcomes.index(killed_halfway[0])}.db"
    store = Store(db)
    assert not store.read_only, store.problem
    result = load(store, file.path, kind)
    assert result.new == file.rows
    store.close()
    assert _found(db, file) == all_of(file)


# -- the disk fills up halfway ------------------------------------------------------------


def _fill_disk(store: Store, spare_pages: int) -> None:
    """Let the file grow by only `spare_pages` more pages: the disk is then full."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


def _space_is_back(store: Store) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


def _imports_logged(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM imports").fetchone()[0])


@pytest.mark.parametrize("skip_bad", [False, True], ids=["", "skip-bad"])
@pytest.mark.parametrize("kind", ["sales", "customers"])
@pytest.mark.parametrize("spare_pages", [0, 3, 60], ids=["full", "nearly", "halfway"])
def test_a_full_disk_during_an_import_writes_nothing_and_says_so(
    store: Store, staff_id: int, tmp_path: Path, kind: str, spare_pages: int, skip_bad: bool
) -> None:
    lisa = add_customer(store, "Lisa", "Lisa Marsh", email="lisa@example.com", card="BG-1")
    store.notes.add(lisa, "Likes the stickers.", staff_id)
    file = make_file(kind, tmp_path, 2_000 if kind == "sales" else 1_000)
    before, audited = snapshot(store), store.audit.count()
    logged = _imports_logged(store)
    _fill_disk(store, spare_pages)

    # Not a bad row to skip: the disk, not the file, is at fault (a bug once made it one).
    with pytest.raises(DiskFull) as error:
        load(store, file.path, kind, skip_bad=skip_bad)
    message = str(error.value)
    assert message.startswith("The disk holding the shop's database is full.")
    assert "Nothing was saved" in message and "free some space" in message
    assert not store.db.conn.in_transaction
    assert snapshot(store) == before
    assert from_file(store.db.conn, file) == NONE
    assert _imports_logged(store) == logged
    assert store.audit.count() == audited
    assert integrity_ok(store)
    assert not list(tmp_path.glob("*.bad.csv"))

    _space_is_back(store)
    result = load(store, file.path, kind, skip_bad=skip_bad)
    assert result.bad == 0
    assert result.new == file.rows
    assert from_file(store.db.conn, file) == all_of(file)
    assert integrity_ok(store)
    assert set(DATA_TABLES) <= set(store.db.table_names())


def test_the_window_keeps_working_after_an_import_failed_on_a_full_disk(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.counter.store
    file = customers_file(tmp_path / "customers.csv")
    before = snapshot(store)
    _fill_disk(store, 20)
    with pytest.raises(DiskFull, match="disk holding the shop's database is full"):
        load(store, file.path, "customers")
    assert snapshot(store) == before
    assert not store.db.conn.in_transaction

    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"

    _space_is_back(store)
    lisa = window.card.card.customer.id
    store.notes.add(lisa, "Asked about the blue case again.", store.staff.all()[0].id)
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"
    assert "Asked about the blue case again." in [n.text for n in window.card.card.notes]
    assert integrity_ok(store)
