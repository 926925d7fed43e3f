"""A synthetic shop of any size, bulk-loaded so the file is exactly what the app would hold."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from greeter.bench import people
from greeter.bench.memory import add_shop_memory
from greeter.core.audit import AuditEvent
from greeter.core.text import search_terms
from greeter.store import Store
from greeter.store.audit_schema import create_audit_triggers, drop_audit_triggers
from greeter.store.search import PREFIX_LENGTHS


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
CLASSES = ((0.02, 100.0), (0.18, 10.0), (0.80, 1.0))  # (share, weight): regulars to passers-by
OPEN_SECONDS = 11 * 3600  # 09:00 to 20:00
_TIMES = [f"T{9 + s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(OPEN_SECONDS)]
_QUANTITIES = (1.0,) * 29 + (2.0, 2.0, 3.0)
CHUNK_RECEIPTS = 40_000
BASKET_BITS = 16  # 65,536 different baskets: (line_no, item, sku, quantity, cents) and total
# Secondary indexes of the loaded tables are dropped for the load and rebuilt from their own
# SQL afterwards (sorting once is faster than keeping them in order); this one is filled in
# order anyway, receipts being generated oldest first.
_KEEP_INDEXES = {"purchases_time_spend"}
_LOADED = ("customers", "customer_phones", "customer_emails", "identifiers", "purchases",
           "name_terms", "name_prefixes", "notes", "follow_ups", "preferences", "customer_tags")  # fmt: skip

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Generated:
    path: Path
    customers: int
    lines: int
    receipts: int
    seconds: float

    @property
    def lines_per_s(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


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
        loader = _Loader(store.db, random.Random(seed), today or dt.date.today(), progress)
        gc.disable()  # millions of short-lived tuples: collecting them is wasted time
        try:
            with _bulk_mode(store.db):
                receipts = loader.load(customers, lines, staff)
        finally:
            gc.enable()
        store.audit.record(
            AuditEvent.IMPORT, detail={"kind": "bench", "customers": customers, "lines": lines}
        )
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return Generated(path, customers, lines, receipts, time.perf_counter() - started)


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
    conn.execute("PRAGMA cache_size = -262144")
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
        for _, sql in indexes:
            conn.execute(sql)
        create_audit_triggers(db)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -2000")


class _Loader:
    def __init__(
        self, db: Database, rng: random.Random, today: dt.date, progress: Progress | None
    ) -> None:
        self.conn = db.conn
        self.db = db
        self.rng = rng
        self.today = today
        self.progress = progress or (lambda stage, done, total: None)
        first = today - dt.timedelta(days=YEARS * 365)
        self.days = [(first + dt.timedelta(days=d)).isoformat() for d in range(YEARS * 365)]

    def load(self, customers: int, lines: int, staff: list[int]) -> int:
        rng = self.rng
        self.progress("people", 0, customers)
        people_ = self._people(customers)
        items = people.catalogue(max(200, min(4000, customers // 10)), rng)
        baskets = self._baskets(items)
        usual = [tuple(rng.choices(range(len(baskets)), k=3)) for _ in range(customers + 1)]
        tally = _Tally(customers)
        receipts = self._sales(people_, baskets, usual, lines, tally)
        self.progress("customers", 0, customers)
        self._customers(people_, tally)
        self.progress("contacts", 0, customers)
        self._contacts(customers)
        self.progress("name index", 0, customers)
        self._name_index(people_, tally)
        self.progress("shop memory", 0, 1)
        self.conn.execute("BEGIN IMMEDIATE")
        add_shop_memory(self.conn, rng, customers, staff, self.today)
        self.conn.execute("COMMIT")
        self.progress("indexes", 0, 1)
        return receipts

    def _people(self, customers: int) -> list[tuple[str, str, float]]:
        """(preferred name, full name, how often they come in) for ids 1..customers."""
        rng = self.rng
        surnames = people.surname_pool(max(200, min(60_000, customers * 3 // 10)), rng)
        given, surname = people.skewed(people.GIVEN, rng, 1.6), people.skewed(surnames, rng)
        cut_heavy, cut_regular = CLASSES[0][0], CLASSES[0][0] + CLASSES[1][0]
        out: list[tuple[str, str, float]] = [("", "", 0.0)]
        for _ in range(customers):
            roll = rng.random()
            weight = CLASSES[0][1] if roll < cut_heavy else (
                CLASSES[1][1] if roll < cut_regular else CLASSES[2][1])  # fmt: skip
            out.append((*people.person(given, surname, rng), weight * rng.lognormvariate(0, 0.5)))
        return out

    def _sales(
        self,
        who: list[tuple[str, str, float]],
        baskets: list[tuple[int, int]],
        usual: list[tuple[int, ...]],
        lines: int,
        tally: _Tally,
    ) -> int:
        """Receipts oldest first, each from a customer drawn by how often they come in; known
        customers buy one of their usual baskets half the time."""
        rng, conn, days = self.rng, self.conn, self.days
        rand, bits = rng.random, rng.getrandbits
        known = sum(w for _, _, w in who)
        cum = [known * ANONYMOUS / (1 - ANONYMOUS)]
        for _, _, weight in who[1:]:
            cum.append(cum[-1] + weight)
        population = range(len(who))
        span = len(days) * OPEN_SECONDS
        visits, spend, first, last = tally.visits, tally.spend, tally.first, tally.last
        bought: dict[int, list[object]] = {}  # customer << 16 | basket: [times, last]
        pid = written = 0
        while written < lines:
            picks: list[tuple[object, ...]] = []
            for c in rng.choices(population, cum_weights=cum, k=CHUNK_RECEIPTS):
                if written >= lines:
                    break
                pick = usual[c][int(rand() * 3)] if c and rand() < 0.5 else bits(BASKET_BITS)
                size, total = baskets[pick]
                if size > lines - written:  # the very last receipt: cut short, anonymous
                    c, size = 0, lines - written
                    total = self._part_total(pick, size)
                pid += 1
                at = written * span // lines
                stamp = days[at // OPEN_SECONDS] + _TIMES[at % OPEN_SECONDS]
                written += size
                if c:
                    visits[c] += 1
                    spend[c] += total
                    if first[c] is None:
                        first[c] = stamp
                    last[c] = stamp
                    key = c << BASKET_BITS | pick
                    seen = bought.get(key)
                    if seen is None:
                        bought[key] = [1, stamp]
                    else:
                        seen[0] += 1  # type: ignore[operator]
                        seen[1] = stamp
                picks.append((pid, c or None, stamp, total, pick, size))
            self._store_receipts(picks)
            self.progress("purchase lines", written, lines)
        self._usual_items(bought)
        return pid

    def _baskets(self, items: list[tuple[str, str, int]]) -> list[tuple[int, int]]:
        """What a receipt holds: 1-6 lines of items, the popular ones most often. Kept in a
        temporary table that receipts' lines are copied from; returns (lines, total) each."""
        rng = self.rng
        cum = list(itertools.accumulate(1 / (i + 8) for i in range(len(items))))
        rows: list[tuple[int, int, str, str, float, int]] = []
        out: list[tuple[int, int]] = []
        for basket, size in enumerate(rng.choices(SIZES, SIZE_WEIGHTS, k=1 << BASKET_BITS)):
            total = 0
            for n, index in enumerate(rng.choices(range(len(items)), cum_weights=cum, k=size), 1):
                name, sku, price = items[index]
                quantity = rng.choice(_QUANTITIES)
                rows.append((basket, n, name, sku, quantity, int(price * quantity)))
                total += rows[-1][-1]
            out.append((size, total))
        conn = self.conn
        conn.execute(
            """CREATE TEMP TABLE bench_baskets (basket INTEGER, line_no INTEGER, item TEXT,
            sku TEXT, quantity REAL, amount_cents INTEGER, PRIMARY KEY (basket, line_no))
            WITHOUT ROWID"""
        )
        conn.execute(
            "CREATE TEMP TABLE bench_picks (purchase_id, customer_id, purchased_at, total_cents,"
            " basket, lines)"
        )
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO temp.bench_baskets VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        return out

    def _store_receipts(self, picks: list[tuple[object, ...]]) -> None:
        """Receipts and their lines, copied from the baskets by SQLite itself."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM temp.bench_picks")
        conn.executemany("INSERT INTO temp.bench_picks VALUES (?, ?, ?, ?, ?, ?)", picks)
        conn.execute(
            """INSERT INTO purchases (id, customer_id, source, receipt_id, purchased_at,
                total_cents, currency)
            SELECT purchase_id, customer_id, ?, printf('S%09d', purchase_id), purchased_at,
                total_cents, ? FROM temp.bench_picks ORDER BY purchase_id""",
            [SOURCE, CURRENCY],
        )
        conn.execute(
            """INSERT INTO purchase_lines (purchase_id, line_no, item, sku, quantity,
                amount_cents)
            SELECT p.purchase_id, b.line_no, b.item, b.sku, b.quantity, b.amount_cents
            FROM temp.bench_picks p JOIN temp.bench_baskets b
                ON b.basket = p.basket AND b.line_no <= p.lines
            ORDER BY p.purchase_id, b.line_no"""
        )
        conn.execute("COMMIT")

    def _usual_items(self, bought: dict[int, list[object]]) -> None:
        """customer_items, as Purchases.record keeps it: per customer and item, the quantity,
        the number of lines and the last time; summed from who bought which basket."""
        self.progress("usual items", 0, len(bought))
        conn = self.conn
        mask = (1 << BASKET_BITS) - 1
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE bench_bought (customer_id, basket, times, last)")
        conn.executemany(
            "INSERT INTO temp.bench_bought VALUES (?, ?, ?, ?)",
            ((k >> BASKET_BITS, k & mask, v[0], v[1]) for k, v in bought.items()),
        )
        conn.execute(
            """INSERT INTO customer_items (customer_id, item, quantity, times, last_bought)
            SELECT u.customer_id, b.item, sum(b.quantity * u.times), sum(u.times), max(u.last)
            FROM temp.bench_bought u JOIN temp.bench_baskets b ON b.basket = u.basket
            GROUP BY u.customer_id, b.item"""
        )
        conn.execute("DROP TABLE temp.bench_bought")
        conn.execute("COMMIT")

    def _part_total(self, basket: int, lines: int) -> int:
        return int(
            self.conn.execute(
                "SELECT sum(amount_cents) FROM temp.bench_baskets WHERE basket = ? AND line_no <= ?",
                [basket, lines],
            ).fetchone()[0]
        )

    def _customers(self, who: list[tuple[str, str, float]], tally: _Tally) -> None:
        rng, days = self.rng, self.days
        rows = []
        for cid in range(1, len(who)):
            preferred, full, _ = who[cid]
            first = tally.first[cid]
            created = first or rng.choice(days) + "T10:00:00"
            month = day = year = None
            if rng.random() < 0.55:
                month, day = rng.randint(1, 12), rng.randint(1, 28)
                year = rng.randint(1940, 2008) if rng.random() < 0.4 else None
            rows.append((cid, preferred, full, month, day, year, created, tally.visits[cid],
                         first, tally.last[cid], tally.spend[cid], tally.rank(cid)))  # fmt: skip
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany(
            "INSERT INTO customers (id, preferred_name, full_name, birth_month, birth_day,"
            " birth_year, created, visits, first_visit, last_visit, lifetime_spend_cents,"
            " search_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.conn.execute("COMMIT")

    def _contacts(self, customers: int) -> None:
        """Phones (a few customers have two), emails and card codes, as typed at the counter."""
        rng, conn = self.rng, self.conn
        ids = range(1, customers + 1)
        phoned = [c for c in ids if rng.random() < 0.85]
        phoned += [c for c in phoned if rng.random() < 0.08]
        slots = rng.sample(range(people.PHONE_SLOTS), len(phoned))
        phones = []
        for cid, slot in zip(sorted(phoned), slots, strict=True):
            e164 = people.phone_e164(slot)
            phones.append((cid, e164, people.phone_typed(e164, rng.randrange(5))))
        carded = [c for c in ids if rng.random() < 0.7]
        codes = rng.sample(range(10**7), len(carded))
        names = {
            c: (p, f)
            for c, p, f in conn.execute("SELECT id, preferred_name, full_name FROM customers")
        }
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO customer_phones (customer_id, e164, display) VALUES (?, ?, ?)", phones
        )
        conn.executemany(
            "INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)",
            [(c, people.email_for(*names[c], c)) for c in ids if rng.random() < 0.6],
        )
        conn.executemany(
            "INSERT INTO identifiers (customer_id, system, value) VALUES (?, 'card', ?)",
            [(c, f"GR-{code:07d}") for c, code in zip(carded, codes, strict=True)],
        )
        conn.execute("COMMIT")

    def _name_index(self, who: list[tuple[str, str, float]], tally: _Tally) -> None:
        """What NameIndex.index_customer writes for each customer, set-wise."""
        folded: dict[str, list[str]] = {}
        term_rows: list[tuple[str, int]] = []
        prefix_rows: list[tuple[str, int, int]] = []
        for cid in range(1, len(who)):
            terms: list[str] = []
            for name in who[cid][:2]:
                for word in name.split():
                    found = folded.get(word)
                    if found is None:
                        found = folded[word] = search_terms(word)
                    terms += [t for t in found if t not in terms]
            rank = tally.rank(cid)
            term_rows += [(t, cid) for t in terms]
            prefixes = {t[:n] for t in terms for n in PREFIX_LENGTHS if len(t) >= n}
            prefix_rows += [(p, rank, cid) for p in prefixes]
        term_rows.sort()
        prefix_rows.sort()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO name_terms (term, customer_id) VALUES (?, ?)", term_rows)
        conn.executemany(
            "INSERT INTO name_prefixes (prefix, rank, customer_id) VALUES (?, ?, ?)", prefix_rows
        )
        conn.execute("INSERT INTO name_vocab (term) SELECT DISTINCT term FROM name_terms")
        conn.execute("COMMIT")


class _Tally:
    """Each customer's visit figures, kept as receipts are generated (oldest first)."""

    def __init__(self, customers: int) -> None:
        self.visits = [0] * (customers + 1)
        self.spend = [0] * (customers + 1)
        self.first: list[str | None] = [None] * (customers + 1)
        self.last: list[str | None] = [None] * (customers + 1)
        self._ranks: dict[str, int] = {}

    def rank(self, cid: int) -> int:
        """NameIndex's rank_for(last visit): the day number of the last visit, 0 if none."""
        last = self.last[cid]
        if last is None:
            return 0
        day = last[:10]
        rank = self._ranks.get(day)
        if rank is None:
            rank = self._ranks[day] = dt.date.fromisoformat(day).toordinal()
        return rank
