"""A synthetic shop of any size, bulk-loaded so the file is exactly what the app would hold."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import os
import pickle
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from greeter.bench import people, shoppers
from greeter.bench.memory import add_shop_memory
from greeter.bench.sales import SalesPlan, Tally
from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.audit_schema import create_audit_triggers, drop_audit_triggers


@dataclass(frozen=True)
class Scale:
    customers: int
    lines: int


SCALES = {
    "tiny": Scale(300, 6_000),  # for the tests
    "small": Scale(2_000, 50_000),
    "busy": Scale(50_000, 2_000_000),
    "chain": Scale(500_000, 20_000_000),
}
SOURCE = "import"  # what the till importer writes as the receipts' source
CURRENCY = "CAD"
YEARS = 3
ANONYMOUS = 0.25  # share of receipts from people the shop does not know
SIZES, SIZE_WEIGHTS = (1, 2, 3, 4, 5, 6), (35, 25, 17, 10, 7, 6)  # lines per receipt
_QUANTITIES = (1.0,) * 29 + (2.0, 2.0, 3.0)
BASKETS = 1 << 16  # kinds of receipt at most (fewer in a small shop)
# Secondary indexes of the loaded tables are dropped for the load and rebuilt from their own
# SQL afterwards: sorting once is faster than keeping them in order (for a chain's receipts
# by customer, 14 s against 33 s). This one is filled in order anyway, receipts being drawn
# oldest first.
_KEEP_INDEXES = {"purchases_time_spend"}
_LOADED = (
    "customers", "customer_phones", "customer_emails", "identifiers", "purchases", "name_terms",
    "name_prefixes", "notes", "follow_ups", "preferences", "customer_tags",
)  # fmt: skip

SORT_CACHE_KIB = -32_768  # negative: KiB
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Generated:
    path: Path
    customers: int
    lines: int
    receipts: int
    seconds: float  # all of it
    flush_seconds: float  # of which waiting for the disk to hold every byte (fsync)

    @property
    def lines_per_s(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0

    @property
    def lines_per_s_before_flush(self) -> float:
        spent = self.seconds - self.flush_seconds
        return self.lines / spent if spent > 0 else 0.0


def generate(
    path: Path,
    customers: int,
    lines: int,
    *,
    seed: int = 7,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Generated:
    """Write a new shop file at `path` (which must not exist) with this many customers and
    purchase lines over three years up to yesterday."""
    if path.exists():
        raise FileExistsError(f"{path} exists; pass it with --db to reuse it")
    started = time.perf_counter()
    store = Store(path)
    try:
        for key, value in (("shop_name", "Bench shop (synthetic)"), ("region", "CA"),
                           ("currency", CURRENCY), ("locale", "en_CA")):  # fmt: skip
            store.settings.set(key, value)
        staff = [store.staff.add(n, r) for n, r in (("Priya", "owner"), ("Marc", "manager"),
                 ("Aiyana", "staff"), ("Tomás", "staff"), ("Mei", "staff"))]  # fmt: skip
        loader = _Loader(store.db, seed, today or dt.date.today(), progress)
        gc.disable()  # millions of short-lived tuples: collecting them is wasted time
        try:
            with _bulk_mode(store.db):
                receipts = loader.load(
                    customers, lines, staff, path.with_name(path.name + "-sales")
                )
        finally:
            gc.enable()
        store.audit.record(
            AuditEvent.IMPORT, detail={"kind": "bench", "customers": customers, "lines": lines}
        )
        written = time.perf_counter()
        loader.progress("flushing to disk", 0, 1)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fsyncs the whole file
    finally:
        store.close()
    done = time.perf_counter()
    return Generated(path, customers, lines, receipts, done - started, done - written)


@contextlib.contextmanager
def _bulk_mode(db: Database) -> Iterator[None]:
    """No row triggers, foreign keys or fsyncs during the load; everything back afterwards."""
    conn = db.conn
    marks = ",".join("?" * len(_LOADED))
    indexes = list(
        conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks})",
            _LOADED,
        )
    )
    indexes = [(n, s) for n, s in indexes if n not in _KEEP_INDEXES]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1048576")  # up to 1 GB: a chain's indexes fit
    conn.execute("PRAGMA temp.cache_size = -131072")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("BEGIN IMMEDIATE")
    drop_audit_triggers(db)
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("COMMIT")
    try:
        yield
    finally:
        conn.execute("BEGIN IMMEDIATE")
        with _sorting(conn):
            for _, sql in indexes:
                conn.execute(sql)
        create_audit_triggers(db)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -2000")


@contextlib.contextmanager
def _sorting(conn: sqlite3.Connection) -> Iterator[None]:
    """For big sorts (an index built afresh, a GROUP BY): a small cache and helper threads.
    SQLite's sorter then sorts runs that fit the CPU's caches on every core and merges
    them: a chain's receipts by customer take 5.5 s instead of 14 in a 1 GB cache."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    conn.execute(f"PRAGMA cache_size = {SORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")
        conn.execute("PRAGMA threads = 0")


class _Loader:
    def __init__(self, db: Database, seed: int, today: dt.date, progress: Progress | None) -> None:
        self.conn = db.conn
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress or (lambda stage, done, total: None)
        first = today - dt.timedelta(days=YEARS * 365)
        self.days = [(first + dt.timedelta(days=d)).isoformat() for d in range(YEARS * 365)]

    def load(self, customers: int, lines: int, staff: list[int], scratch: Path) -> int:
        rng, conn = self.rng, self.conn
        self.progress("people", 0, customers)
        who = shoppers.draw_people(customers, rng)
        items = people.catalogue(max(200, min(4000, customers // 10)), rng)
        baskets = self._baskets(items, min(BASKETS, max(1024, lines // 8)))
        known = sum(w for _, _, w in who)
        cum = list(itertools.accumulate([known * ANONYMOUS / (1 - ANONYMOUS)] +
                                        [w for _, _, w in who[1:]]))  # fmt: skip
        usual = [tuple(rng.choices(range(len(baskets)), k=3)) for _ in who]
        names = [(p, f) for p, f, _ in who]
        plan = SalesPlan(self.seed + 1, lines, self.days, cum, baskets, usual, names)
        seller = subprocess.Popen(
            [sys.executable, "-m", "greeter.bench.sales", str(scratch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert seller.stdin is not None and seller.stdout is not None
        ours = seller.stdout
        try:
            pickle.dump(plan, seller.stdin)
            seller.stdin.close()
            # While the first receipts are drawn: what needs no visit figures.
            self.progress("contacts", 0, customers)
            self._in_transaction(lambda: shoppers.store_contacts(conn, rng, who))
            terms = shoppers.name_terms(names)
            self._in_transaction(lambda: shoppers.store_name_terms(conn, terms))
            tally = self._store_sales(ours, scratch, lines)
            ranks = shoppers.Ranks(tally)
            self.progress("customers", 0, customers)
            self._in_transaction(lambda: shoppers.store_customers(
                conn, rng, who, tally, ranks, self.days))  # fmt: skip
            self.progress("usual items", 0, customers)
            _expect(ours, "bought")
            with _sorting(conn):
                self._in_transaction(lambda: conn.execute(
                    """INSERT INTO customer_items (customer_id, item, quantity, times,
                        last_bought)
                    SELECT u.customer_id, b.item, sum(b.quantity * u.times), sum(u.times),
                        max(u.last)
                    FROM sales.bought u JOIN temp.bench_baskets b ON b.basket = u.basket
                    GROUP BY u.customer_id, b.item"""))  # fmt: skip
            self.progress("name index", 0, customers)
            _expect(ours, "prefixes")
            self._in_transaction(
                lambda: conn.execute(
                    "INSERT INTO name_prefixes (customer_id, prefix, rank)"
                    " SELECT customer_id, prefix, rank FROM sales.prefixes"
                )
            )
            seller.wait(timeout=60)
            self.progress("shop memory", 0, customers)
            self._in_transaction(lambda: add_shop_memory(conn, rng, customers, staff, self.today))
        finally:
            if seller.poll() is None:
                seller.kill()
            seller.wait()
            ours.close()
            with contextlib.suppress(Exception):
                conn.execute("DETACH sales")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        self.progress("indexes", 0, 1)
        return tally.receipts

    def _in_transaction(self, work: Callable[[], object]) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        work()
        self.conn.execute("COMMIT")

    def _baskets(self, items: list[tuple[str, str, int]], count: int) -> list[tuple[int, ...]]:
        """What a receipt holds: 1-6 lines of items, the popular ones most often. Kept in a
        temporary table that receipts' lines are copied from; returns each one's amounts."""
        rng = self.rng
        cum = list(itertools.accumulate(1 / (i + 8) for i in range(len(items))))
        rows: list[tuple[int, int, str, str, float, int]] = []
        out: list[tuple[int, ...]] = []
        for basket, size in enumerate(rng.choices(SIZES, SIZE_WEIGHTS, k=count)):
            amounts = []
            for n, index in enumerate(rng.choices(range(len(items)), cum_weights=cum, k=size), 1):
                name, sku, price = items[index]
                quantity = rng.choice(_QUANTITIES)
                amounts.append(int(price * quantity))
                rows.append((basket, n, name, sku, quantity, amounts[-1]))
            out.append(tuple(amounts))
        self.conn.execute(
            """CREATE TEMP TABLE bench_baskets (basket INTEGER, line_no INTEGER, item TEXT,
            sku TEXT, quantity REAL, amount_cents INTEGER, PRIMARY KEY (basket, line_no))
            WITHOUT ROWID"""
        )
        self._in_transaction(lambda: self.conn.executemany(
            "INSERT INTO temp.bench_baskets VALUES (?, ?, ?, ?, ?, ?)", rows))  # fmt: skip
        return out

    def _store_sales(self, news: IO[bytes], scratch: Path, lines: int) -> Tally:
        """Copy each chunk of receipts the seller process drew, and their lines from the
        baskets, as soon as it is ready."""
        conn = self.conn
        attached = False
        while True:
            message = _receive(news)
            if message[0] == "tally" and isinstance(message[1], Tally):
                return message[1]
            _, first, last, written = message
            assert isinstance(written, int)
            if not attached:
                conn.execute("ATTACH ? AS sales", [str(scratch)])
                attached = True
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                """INSERT INTO purchases (id, customer_id, source, receipt_id, purchased_at,
                    total_cents, currency)
                SELECT purchase_id, customer_id, ?, printf('S%09d', purchase_id), purchased_at,
                    total_cents, ? FROM sales.picks WHERE purchase_id BETWEEN ? AND ?""",
                [SOURCE, CURRENCY, first, last],
            )
            conn.execute(
                """INSERT INTO purchase_lines (purchase_id, line_no, item, sku, quantity,
                    amount_cents)
                SELECT p.purchase_id, b.line_no, b.item, b.sku, b.quantity, b.amount_cents
                FROM sales.picks p JOIN temp.bench_baskets b
                    ON b.basket = p.basket AND b.line_no <= p.lines
                WHERE p.purchase_id BETWEEN ? AND ?
                ORDER BY p.purchase_id, b.line_no""",
                [first, last],
            )
            conn.execute("COMMIT")
            self.progress("purchase lines", written, lines)


def _receive(news: IO[bytes]) -> tuple[object, ...]:
    try:
        message: tuple[object, ...] = pickle.load(news)
    except EOFError:
        raise RuntimeError("the process drawing the receipts stopped unexpectedly") from None
    return message


def _expect(news: IO[bytes], what: str) -> None:
    message = _receive(news)
    if message[0] != what:
        raise RuntimeError(f"expected {what!r} from the receipts process, got {message[0]!r}")
