"""The benchmark shop's receipts, drawn in a process of their own while the main one stores them.

Drawing a receipt is Python work and storing it is SQLite work; on two cores they overlap.
Receipts go, a chunk at a time, into a scratch SQLite file that the main process copies from.
"""

from __future__ import annotations

import pickle
import random
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass

CHUNK_RECEIPTS = 40_000
_SHIFT = 16  # (customer, basket) as one int: customer << 16 | basket; at most 65,536 baskets
OPEN_SECONDS = 11 * 3600  # 09:00 to 20:00
_TIMES = [f"T{9 + s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(OPEN_SECONDS)]


@dataclass(frozen=True)
class SalesPlan:
    seed: int
    lines: int
    days: list[str]  # the shop's open days, oldest first, as YYYY-MM-DD
    cum_weights: list[float]  # customer 0 (anonymous), 1, 2, …: how often they come in
    baskets: list[tuple[int, ...]]  # each basket's line amounts in cents
    usual: list[tuple[int, ...]]  # each customer's usual baskets
    names: list[tuple[str, str]]  # each customer's preferred and full name


@dataclass
class Tally:
    """Each customer's visit figures, kept as receipts are drawn (oldest first)."""

    receipts: int
    visits: list[int]
    spend: list[int]
    first: list[str | None]
    last: list[str | None]


def main() -> None:
    """`python -m greeter.bench.sales SCRATCH`: the plan comes pickled on stdin, the news goes
    pickled to stdout."""
    plan = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer

    def send(message: object) -> None:
        pickle.dump(message, out)
        out.flush()

    # Run as __main__, this module's classes would pickle as "__main__.Tally": use the
    # importable module's own.
    from greeter.bench import sales

    sales.sell(sys.argv[1], plan, send)


def sell(scratch: str, plan: SalesPlan, send: Callable[[object], None]) -> None:
    """Draw every receipt into `scratch` (table `picks`), telling `send` after each chunk:
    ("chunk", first purchase id, last purchase id, lines so far); then ("tally", Tally);
    then ("bought", rows) once `bought` (customer, basket, times, last time) is written;
    then ("prefixes", rows) once `prefixes` holds name_prefixes' rows, in key order."""
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(
        "CREATE TABLE picks (purchase_id INTEGER PRIMARY KEY, customer_id INTEGER,"
        " purchased_at TEXT, total_cents INTEGER, basket INTEGER, lines INTEGER)"
    )
    conn.execute("CREATE TABLE bought (customer_id, basket, times, last)")
    conn.execute("CREATE TABLE prefixes (customer_id, prefix, rank)")
    rng = random.Random(plan.seed)
    rand = rng.random
    size = len(plan.cum_weights)
    tally = Tally(0, [0] * size, [0] * size, [None] * size, [None] * size)
    visits, spend, first, last = tally.visits, tally.spend, tally.first, tally.last
    baskets, usual, days, lines = plan.baskets, plan.usual, plan.days, plan.lines
    totals = [sum(b) for b in baskets]
    counts = [len(b) for b in baskets]
    population = range(size)
    span = len(days) * OPEN_SECONDS
    mask, kinds = (1 << _SHIFT) - 1, len(baskets)
    times: dict[int, int] = {}  # customer << _SHIFT | basket: how often bought
    latest: dict[int, str] = {}  # …: when last
    pid = written = 0
    while written < lines:
        picks: list[tuple[object, ...]] = []
        start = pid + 1
        for c in rng.choices(population, cum_weights=plan.cum_weights, k=CHUNK_RECEIPTS):
            if written >= lines:
                break
            r = rand()  # below 0.5, a known customer buys one of their usual baskets
            pick = usual[c][int(r * 6)] if c and r < 0.5 else int(rand() * kinds)
            count, total = counts[pick], totals[pick]
            if count > lines - written:  # the very last receipt: cut short, anonymous
                c, count = 0, lines - written
                total = sum(baskets[pick][:count])
            pid += 1
            at = written * span // lines
            stamp = days[at // OPEN_SECONDS] + _TIMES[at % OPEN_SECONDS]
            written += count
            if c:
                visits[c] += 1
                spend[c] += total
                if first[c] is None:
                    first[c] = stamp
                last[c] = stamp
                key = c << _SHIFT | pick
                times[key] = times.get(key, 0) + 1
                latest[key] = stamp
            picks.append((c or None, stamp, total, pick, count))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO picks (customer_id, purchased_at, total_cents, basket, lines)"
            " VALUES (?, ?, ?, ?, ?)",
            picks,
        )
        conn.execute("COMMIT")
        send(("chunk", start, pid, written))
    tally.receipts = pid
    send(("tally", tally))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO bought VALUES (?, ?, ?, ?)",
        ((k >> _SHIFT, k & mask, n, latest[k]) for k, n in times.items()),
    )
    conn.execute("COMMIT")
    send(("bought", len(times)))
    # The name index's ranks come from the visits just drawn: work them out here, while the
    # main process sums up the usual items.
    from greeter.bench.shoppers import Ranks, name_terms, prefix_rows

    rows = prefix_rows(name_terms(plan.names), Ranks(tally))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO prefixes VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    send(("prefixes", len(rows)))


if __name__ == "__main__":
    main()
