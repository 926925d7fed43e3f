"""Storing many purchases at once, set-wise: what `Purchases.record` does, row by row, for a file.

Used by imports. Must give exactly the figures `record` would: visits, first and last visit,
lifetime spend, search rank, the customer's usual items and the name index ranks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import islice
from typing import NamedTuple

from sqlite_utils import Database

from greeter.store.audit_schema import inserts_untriggered
from greeter.store.database import write
from greeter.store.purchases import Purchases
from greeter.store.refunds import Refunds
from greeter.store.search import NameIndex

# (line_no, item, sku, quantity, amount_cents)
BulkLine = tuple[int, str, str, float, int]
LINE_CHUNK = 50_000
BIG_CACHE_KIB = -262_144  # negative: KiB, so at most 256 MiB, only as much as is used
_IN_CHUNK = 500
# julianday('0001-01-01') - 1: turns a date into Python's date.toordinal(), as rank_for does.
_ORDINAL_OFFSET = 1721424.5


class BulkSale(NamedTuple):
    receipt_id: str
    purchased_at: str  # as rows.stamp writes it: 2025-11-02T14:31:07
    total_cents: int
    currency: str
    customer_id: int | None
    lines: Sequence[BulkLine]
    source: str = ""  # the till or web shop; "" for the one `insert` is given


class BulkResult(NamedTuple):
    new: int  # receipts stored
    updated: int  # receipts stored before, now given their customer or a reduced total
    unchanged: int  # receipts already stored, left as they were
    lines: int  # lines stored
    customers: int  # customers whose visits changed
    reduced: tuple[str, ...] = ()  # receipts stored before, now partly refunded: total reduced
    filled: tuple[str, ...] = ()  # receipts stored before without amounts, now with them
    redated: tuple[str, ...] = ()  # receipts stored before with day and month swapped


class _Sorted(NamedTuple):
    """The sales given to `insert`, by what it does with them."""

    fresh: list[BulkSale]  # receipts not stored yet
    filled: dict[int, BulkSale]  # purchase id → the sale that fills it
    redated: list[tuple[BulkSale, int, int | None]]  # sale, purchase id, customer
    linked: list[tuple[int, int]]  # (customer, purchase) stored without the customer now known
    reduced: list[tuple[BulkSale, int, int | None, int]]  # sale, id, customer, total it was
    updated: int
    receipts: int  # distinct receipts given


class BulkPurchases:
    def __init__(self, db: Database) -> None:
        self._db = db

    def existing(
        self, source: str, receipt_ids: Iterable[str]
    ) -> dict[str, tuple[int, int | None, int, str]]:
        """The receipts from `source` already stored: receipt id → (purchase id, customer id,
        total cents, when)."""
        db = self._db
        if not db.execute("SELECT 1 FROM purchases WHERE source = ? LIMIT 1", [source]).fetchone():
            return {}
        ids = list(receipt_ids)
        found: dict[str, tuple[int, int | None, int, str]] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for receipt, pid, cid, total, at in db.execute(
                "SELECT receipt_id, id, customer_id, total_cents, purchased_at FROM purchases"
                f" WHERE source = ? AND receipt_id IN ({marks})",
                [source, *chunk],
            ):
                found[receipt] = (pid, cid, total, at)
        return found

    def insert(
        self,
        source: str,
        sales: Sequence[BulkSale],
        progress: Callable[[int, int], None] | None = None,
        *,
        partly_refunded: Collection[str] = (),
    ) -> BulkResult:
        """Store the sales whose receipt is new, in the order given, as `record` would; a
        receipt stored before is left alone (so is a sale a later refund gave back whole,
        and took out: see Refunds.take_back), except that one stored without a customer is
        given the customer now known, one in `partly_refunded` (receipt ids of orders
        refunded in part since) takes the sale's total, what was kept, one stored without
        amounts (its file's amount columns, perhaps its item columns too, were not read) is
        stored again whole, keeping its customer, and one whose stored date is the sale's
        with day and month the other way round (read before the shop's date order was set
        right) takes the sale's date; all these count as updated. Receipts are keyed by
        (source, receipt id): `source`, unless a sale names its own. The affected customers'
        figures are brought up to date in the same transaction. `progress(lines_done,
        lines_total)` is called between chunks; raising stops it all (and the caller's
        transaction rolls back)."""
        if not all(s.source for s in sales):
            sales = [s if s.source else s._replace(source=source) for s in sales]
        with write(self._db), _big_cache(self._db):
            conn = self._db.conn
            fresh, filled, redated, linked, reduced, updated, receipts = self._sort(
                sales, partly_refunded
            )
            conn.executemany("DELETE FROM purchases WHERE id = ?", [(p,) for p in filled])
            # Before linking: a receipt linked now counts with its right date.
            conn.executemany("UPDATE purchases SET purchased_at = ? WHERE id = ?",
                             [(s.purchased_at, pid) for s, pid, _ in redated])  # fmt: skip
            fresh += filled.values()
            total_lines = sum(len(s.lines) for s in fresh)
            first = int(
                conn.execute("SELECT coalesce(max(id), 0) + 1 FROM purchases").fetchone()[0]
            )
            with inserts_untriggered(self._db, "purchases"):
                conn.executemany(
                    "INSERT INTO purchases (id, customer_id, source, receipt_id, purchased_at,"
                    " total_cents, currency) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        (first + n, s.customer_id, s.source, s.receipt_id, s.purchased_at,
                         s.total_cents, s.currency)
                        for n, s in enumerate(fresh)
                    ),
                )  # fmt: skip
            # Made a chunk at a time: a list of every line's row would take 100 MB a million.
            rows = ((pid, *line) for pid, s in enumerate(fresh, first) for line in s.lines)
            done = 0
            while chunk := list(islice(rows, LINE_CHUNK)):
                conn.executemany(
                    "INSERT INTO purchase_lines (purchase_id, line_no, item, sku, quantity,"
                    " amount_cents) VALUES (?, ?, ?, ?, ?, ?)",
                    chunk,
                )
                done += len(chunk)
                if progress:
                    progress(done, total_lines)
            # A reduced total, before linking: a receipt linked now counts it as it is.
            conn.executemany("UPDATE purchases SET total_cents = ? WHERE id = ?",
                             [(s.total_cents, pid) for s, pid, _, _ in reduced])  # fmt: skip
            conn.executemany(
                "UPDATE customers SET lifetime_spend_cents = lifetime_spend_cents + ? WHERE id = ?",
                [(s.total_cents - was, c) for s, _, c, was in reduced if c is not None],
            )
            conn.executemany("UPDATE purchases SET customer_id = ? WHERE id = ?", linked)
            customers = self._update_customers(first, [pid for _, pid in linked])
            # Their visit was counted when they were stored without amounts, and again just
            # now; or counted on another day.
            purchases = Purchases(self._db, NameIndex(self._db))
            recount = {s.customer_id for s in filled.values()} | {c for _, _, c in redated}
            for customer in sorted(c for c in recount if c is not None):
                purchases.recompute(customer)
        new, updated = len(fresh) - len(filled), updated + len(filled)
        return BulkResult(
            new, updated, receipts - new - updated, total_lines, customers,
            tuple(s.receipt_id for s, _, _, _ in reduced),
            tuple(s.receipt_id for s in filled.values()),
            tuple(s.receipt_id for s, _, _ in redated),
        )  # fmt: skip

    def _sort(self, sales: Sequence[BulkSale], partly_refunded: Collection[str]) -> _Sorted:
        """What `insert` does with each sale. Apart, so that the sets of every receipt made
        here (tens of megabytes for a big file) are let go before the writing."""
        stored: dict[tuple[str, str], tuple[int, int | None, int, str]] = {}
        gone: set[tuple[str, str]] = set()  # sales a later refund gave back whole
        for name in {s.source for s in sales}:
            ids = {s.receipt_id for s in sales if s.source == name}
            found = self.existing(name, ids)
            stored.update(((name, r), v) for r, v in found.items())
            given_back = Refunds(self._db).given_back_whole(name, ids - set(found))
            gone.update((name, r) for r in given_back)
        unpriced = self._unpriced([v[0] for v in stored.values() if v[2] == 0])
        fresh: list[BulkSale] = []
        filled: dict[int, BulkSale] = {}
        redated: list[tuple[BulkSale, int, int | None]] = []
        linked: list[tuple[int, int]] = []
        reduced: list[tuple[BulkSale, int, int | None, int]] = []
        updated = 0
        seen: set[tuple[str, str]] = set()
        for sale in sales:
            key = (sale.source, sale.receipt_id)
            if key in seen:
                continue
            seen.add(key)
            before = stored.get(key)
            if before is None:
                fresh += [] if key in gone else [sale]
                continue
            pid, customer, total, at = before
            if pid in unpriced and _fills(sale, has_lines=unpriced[pid]):
                filled[pid] = sale if customer is None else sale._replace(customer_id=customer)
                continue
            changed = False
            if at != sale.purchased_at and _day_month_swapped(at) == sale.purchased_at:
                redated.append((sale, pid, customer))
                changed = True
            if customer is None and sale.customer_id is not None:
                linked.append((sale.customer_id, pid))
                changed = True
            if sale.receipt_id in partly_refunded and sale.total_cents != total:
                reduced.append((sale, pid, customer, total))
                changed = True
            updated += changed
        return _Sorted(fresh, filled, redated, linked, reduced, updated, len(seen))

    def _unpriced(self, purchase_ids: list[int]) -> dict[int, bool]:
        """Those of the purchases (of total 0) none of whose lines has an amount: purchase
        id → whether it has lines."""
        out = dict.fromkeys(purchase_ids, False)
        for start in range(0, len(purchase_ids), _IN_CHUNK):
            chunk = purchase_ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for pid, priced in self._db.execute(
                "SELECT purchase_id, max(amount_cents != 0) FROM purchase_lines"
                f" WHERE purchase_id IN ({marks}) GROUP BY purchase_id",
                chunk,
            ):
                if priced:
                    del out[pid]
                else:
                    out[pid] = True
        return out

    def withdraw(self, receipts: Iterable[tuple[str, str]]) -> list[str]:
        """Take out the receipts stored among `receipts` ((source, receipt id) pairs): orders
        refunded, cancelled or voided since they were imported. Their lines go with them and
        their customers' figures are worked out again, as if they had never been stored.
        Returns the receipt ids taken out, in the order given."""
        pairs = list(dict.fromkeys(receipts))
        stored: dict[tuple[str, str], tuple[int, int | None, int, str]] = {}
        for source in {s for s, _ in pairs}:
            found = self.existing(source, (r for s, r in pairs if s == source))
            stored.update(((source, r), v) for r, v in found.items())
        # (receipt, purchase, customer) of each stored one
        gone = [(key[1], *stored[key][:2]) for key in pairs if key in stored]
        if not gone:
            return []
        with write(self._db):
            self._db.conn.executemany("DELETE FROM purchase_lines WHERE purchase_id = ?",
                                      [(pid,) for _, pid, _ in gone])  # fmt: skip
            self._db.conn.executemany("DELETE FROM purchases WHERE id = ?",
                                      [(pid,) for _, pid, _ in gone])  # fmt: skip
            purchases = Purchases(self._db, NameIndex(self._db))
            for customer in sorted({c for _, _, c in gone if c is not None}):
                purchases.recompute(customer)
        return [r for r, _, _ in gone]

    def _update_customers(self, first: int, linked: Sequence[int]) -> int:
        """Set-wise `Purchases._count_visit` for the purchases with id >= first and `linked`."""
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS bulk_purchases (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.bulk_purchases")
        db.execute(
            "INSERT INTO temp.bulk_purchases SELECT id FROM purchases WHERE id >= ?", [first]
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO temp.bulk_purchases (id) VALUES (?)", [(i,) for i in linked]
        )
        db.execute("DROP TABLE IF EXISTS temp.bulk_customers")
        # CROSS JOIN keeps the new receipts the outer loop: left to choose, the planner
        # walks every stored receipt by customer to save sorting (1.3 s for a chain's file,
        # for any import, however small).
        db.execute(
            """CREATE TEMP TABLE bulk_customers AS
            SELECT p.customer_id AS id, count(*) AS n, sum(p.total_cents) AS spend,
                min(p.purchased_at) AS first_at, max(p.purchased_at) AS last_at
            FROM temp.bulk_purchases b CROSS JOIN purchases p ON p.id = b.id
            WHERE p.customer_id IS NOT NULL GROUP BY p.customer_id"""
        )
        db.execute(
            """UPDATE customers SET visits = visits + b.n,
                lifetime_spend_cents = lifetime_spend_cents + b.spend,
                first_visit = min(coalesce(first_visit, b.first_at), b.first_at),
                last_visit = max(coalesce(last_visit, b.last_at), b.last_at)
            FROM temp.bulk_customers b WHERE customers.id = b.id"""
        )
        db.execute(
            f"""UPDATE customers SET search_rank =
                CAST(julianday(substr(last_visit, 1, 10)) - {_ORDINAL_OFFSET} AS INTEGER)
            WHERE id IN (SELECT id FROM temp.bulk_customers)"""
        )
        db.execute(
            """UPDATE name_prefixes SET rank = c.search_rank FROM customers c
            WHERE c.id = name_prefixes.customer_id AND name_prefixes.rank != c.search_rank
                AND name_prefixes.customer_id IN (SELECT id FROM temp.bulk_customers)"""
        )
        # CROSS JOIN again: without it the planner may scan every stored line.
        db.execute(
            """INSERT INTO customer_items (customer_id, item, quantity, times, last_bought)
            SELECT p.customer_id, l.item, sum(l.quantity), count(*), max(p.purchased_at)
            FROM temp.bulk_purchases b CROSS JOIN purchases p ON p.id = b.id
                CROSS JOIN purchase_lines l ON l.purchase_id = p.id
            WHERE p.customer_id IS NOT NULL
            GROUP BY p.customer_id, l.item
            ON CONFLICT (customer_id, item) DO UPDATE SET
                quantity = quantity + excluded.quantity, times = times + excluded.times,
                last_bought = max(last_bought, excluded.last_bought)"""
        )
        count = int(db.execute("SELECT count(*) FROM temp.bulk_customers").fetchone()[0])
        db.execute("DROP TABLE temp.bulk_customers")
        db.execute("DELETE FROM temp.bulk_purchases")
        return count


def _fills(sale: BulkSale, *, has_lines: bool) -> bool:
    """Whether the sale gives what a receipt stored without amounts lacks: its amounts, or
    its items when it was stored with none."""
    return bool(sale.total_cents or any(line[4] for line in sale.lines)) or (
        bool(sale.lines) and not has_lines
    )


def _day_month_swapped(stamp: str) -> str:
    """'2026-05-11T10:15:00' → '2026-11-05T10:15:00'; '' when the swap is no date."""
    month, day = stamp[5:7], stamp[8:10]
    if month == day or int(day) > 12:
        return ""
    return f"{stamp[:5]}{day}-{month}{stamp[10:]}"


@contextlib.contextmanager
def _big_cache(db: Database) -> Iterator[None]:
    """A page cache big enough for the whole import, so pages are not spilled to the WAL
    and read back while the indexes grow (a quarter faster on a 200,000-line file)."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {BIG_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")
