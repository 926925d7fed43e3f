"""The import figure: a till's sales CSV through the real importer, against a raw insert."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from greeter.bench.measure import Figure, Reference, Throughput, time_once
from greeter.bench.people import phone_typed
from greeter.store import Store
from greeter.till.importer import ImportOptions, run_import

HEADER = ("Receipt", "Date", "Item", "SKU", "Qty", "Price", "Amount", "Card", "Email", "Phone")


def copy_shop(source: Path, target: Path) -> None:
    """A whole copy of the shop file: a plain copy when nothing is waiting in its WAL."""
    wal = Path(f"{source}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        shutil.copyfile(source, target)
        return
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def write_sales_csv(shop: Path, out: Path, lines: int, seed: int = 5) -> int:
    """Today's sales as a till exports them: a row per line, the receipt's fields repeated,
    the customer named by card, email or phone (or not at all). Returns the receipts."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"{shop.resolve().as_uri()}?mode=ro", uri=True)
    try:
        cards = [r[0] for r in conn.execute(
            "SELECT value FROM identifiers WHERE system = 'card' LIMIT 20000")]  # fmt: skip
        emails = [r[0] for r in conn.execute("SELECT email FROM customer_emails LIMIT 20000")]
        phones = [r[0] for r in conn.execute("SELECT e164 FROM customer_phones LIMIT 20000")]
        items = list(conn.execute(
            "SELECT item, sku, amount_cents FROM purchase_lines WHERE quantity = 1"
            " GROUP BY item LIMIT 2000"))  # fmt: skip
    finally:
        conn.close()
    today = dt.date.today().isoformat()
    written = receipts = 0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while written < lines:
            receipts += 1
            second = receipts * 7 % 39600
            when = f"{today} {9 + second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
            who = ["", "", ""]
            roll = rng.random()
            if roll < 0.4 and cards:
                who[0] = rng.choice(cards)
            elif roll < 0.65 and emails:
                who[1] = rng.choice(emails)
            elif roll < 0.85 and phones:
                who[2] = phone_typed(e, rng.randrange(5)) if (e := rng.choice(phones)).startswith(
                    "+1") else e  # fmt: skip
            for _ in range(min(lines - written, rng.choice((1, 1, 2, 2, 3, 4, 6)))):
                item, sku, cents = rng.choice(items)
                quantity = rng.choice((1, 1, 1, 2))
                price = f"{cents / 100:.2f}"
                amount = f"{cents * quantity / 100:.2f}"
                writer.writerow(
                    (f"B{receipts:09d}", when, item, sku, quantity, price, amount, *who)
                )
                written += 1
    return receipts


def import_figure(shop: Path, lines: int, say: Callable[[str], None]) -> Figure:
    """Lines per second through `run_import` (one transaction, fsynced) into a copy of the
    shop, against csv.reader and one executemany into a plain table of a new file."""
    with tempfile.TemporaryDirectory(prefix="greeter-bench-import-") as folder:
        scratch = Path(folder)
        say(f"import: writing a {lines:,}-line sales file")
        sales = scratch / "sales.csv"
        write_sales_csv(shop, sales, lines)
        say("import: copying the shop")
        copy = scratch / "shop.db"
        copy_shop(shop, copy)
        store = Store(copy)
        try:
            say("import: through the real importer")
            results = []
            seconds = time_once(
                lambda: results.append(run_import(store, sales, ImportOptions(kind="sales")))
            )
        finally:
            store.close()
        result = results[0]
        if result.lines != lines:
            raise RuntimeError(f"the importer stored {result.lines} of {lines} lines")
        say("import: the floor")
        floor = time_once(lambda: _raw_insert(sales, scratch / "floor.db"))
    figure = Figure(
        "import",
        "a till's sales CSV into a copy of the shop through the real importer (run_import)",
        Throughput(lines, seconds),
    )
    figure.references["floor"] = Reference(
        Throughput(lines, floor),
        "csv.reader and one executemany of the rows into a plain table (WAL, synchronous=FULL)",
    )
    linked = result.new - result.without_customer
    figure.notes.append(f"{result.new:,} receipts, {linked:,} of them linked to their customer")
    return figure


def _raw_insert(sales: Path, target: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        columns = ", ".join(f"c{n} TEXT" for n in range(len(HEADER)))
        conn.execute(f"CREATE TABLE lines (id INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" * len(HEADER))
        with sales.open(newline="", encoding="utf-8") as handle:
            rows = csv.reader(handle)
            next(rows)
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                f"INSERT INTO lines ({', '.join(f'c{n}' for n in range(len(HEADER)))})"
                f" VALUES ({marks})",
                rows,
            )
            conn.execute("COMMIT")
    finally:
        conn.close()
