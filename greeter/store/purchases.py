"""Purchases and their lines, keeping each customer's visit figures current as they land."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.core.models import Purchase, PurchaseLine, UsualItem, VisitStats
from greeter.store import rows
from greeter.store.database import write
from greeter.store.search import NameIndex, rank_for


@dataclass(frozen=True)
class NewPurchase:
    customer_id: int | None
    purchased_at: dt.datetime
    lines: Sequence[PurchaseLine]
    currency: str
    receipt_id: str
    source: str = "greeter"
    total_cents: int | None = None  # defaults to the sum of the lines


class Purchases:
    def __init__(self, db: Database, names: NameIndex) -> None:
        self._db = db
        self._names = names

    def record(self, new: NewPurchase) -> int | None:
        """Store a purchase once; a receipt seen before is skipped and None returned."""
        total = new.total_cents
        if total is None:
            total = sum(line.amount_cents for line in new.lines)
        with write(self._db):
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO purchases (customer_id, source, receipt_id, purchased_at,"
                " total_cents, currency) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    new.customer_id,
                    new.source,
                    new.receipt_id,
                    rows.stamp(new.purchased_at),
                    total,
                    new.currency,
                ],
            )
            if cursor.rowcount == 0:
                return None
            purchase_id = int(cursor.lastrowid or 0)
            self._db.conn.executemany(
                "INSERT INTO purchase_lines (purchase_id, line_no, item, quantity, amount_cents)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (purchase_id, n, line.item, line.quantity, line.amount_cents)
                    for n, line in enumerate(new.lines, start=1)
                ],
            )
            if new.customer_id is not None:
                self._count_visit(new.customer_id, new.purchased_at, total, new.lines)
        return purchase_id

    def _count_visit(
        self, customer_id: int, when: dt.datetime, total: int, lines: Sequence[PurchaseLine]
    ) -> None:
        stamp = rows.stamp(when)
        self._db.execute(
            """UPDATE customers SET visits = visits + 1,
                lifetime_spend_cents = lifetime_spend_cents + ?,
                first_visit = min(coalesce(first_visit, ?), ?),
                last_visit = max(coalesce(last_visit, ?), ?)
            WHERE id = ?""",
            [total, stamp, stamp, stamp, stamp, customer_id],
        )
        self._db.conn.executemany(
            """INSERT INTO customer_items (customer_id, item, quantity, times, last_bought)
            VALUES (?, ?, ?, 1, ?)
            ON CONFLICT (customer_id, item) DO UPDATE SET
                quantity = quantity + excluded.quantity, times = times + 1,
                last_bought = max(last_bought, excluded.last_bought)""",
            [(customer_id, line.item, line.quantity, stamp) for line in lines],
        )
        last = self._db.execute(
            "SELECT last_visit FROM customers WHERE id = ?", [customer_id]
        ).fetchone()[0]
        rank = rank_for(rows.when(last))
        self._db.execute("UPDATE customers SET search_rank = ? WHERE id = ?", [rank, customer_id])
        self._names.set_rank(customer_id, rank)

    def stats(self, customer_id: int, today: dt.date, window_days: int) -> VisitStats:
        # Counted by SQLite from the covering index purchases_customer_time_total: a regular
        # who came hundreds of times this year costs no table reads and no Python loop.
        # (A stamp is at or after a day exactly when its first ten characters are.)
        r = self._db.execute(
            """SELECT c.visits, c.first_visit, c.last_visit, c.lifetime_spend_cents,
                (SELECT count(*) FROM purchases p
                 WHERE p.customer_id = c.id AND p.purchased_at >= :window),
                (SELECT coalesce(sum(p.total_cents), 0) FROM purchases p
                 WHERE p.customer_id = c.id AND p.purchased_at >= :year)
            FROM customers c WHERE c.id = :customer""",
            {
                "customer": customer_id,
                "window": (today - dt.timedelta(days=window_days)).isoformat(),
                "year": (today - dt.timedelta(days=365)).isoformat(),
            },
        ).fetchone()
        return VisitStats(
            visits=r[0],
            first_visit=rows.when(r[1]),
            last_visit=rows.when(r[2]),
            lifetime_spend_cents=r[3],
            visits_in_window=r[4],
            spend_last_year_cents=r[5],
        )

    def recent(self, customer_id: int, limit: int = 8) -> tuple[Purchase, ...]:
        heads = list(
            self._db.execute(
                "SELECT id, purchased_at, total_cents, currency, receipt_id FROM purchases "
                "WHERE customer_id = ? ORDER BY purchased_at DESC, id DESC LIMIT ?",
                [customer_id, limit],
            )
        )
        if not heads:
            return ()
        marks = ",".join("?" * len(heads))
        lines: dict[int, list[PurchaseLine]] = {}
        for pid, item, qty, amount in self._db.execute(
            "SELECT purchase_id, item, quantity, amount_cents FROM purchase_lines "
            f"WHERE purchase_id IN ({marks}) ORDER BY purchase_id, line_no",
            [h[0] for h in heads],
        ):
            lines.setdefault(pid, []).append(PurchaseLine(item, qty, amount))
        return tuple(
            Purchase(
                id=h[0],
                purchased_at=rows.when(h[1]) or rows.now(),
                total_cents=h[2],
                currency=h[3],
                receipt_id=h[4],
                lines=tuple(lines.get(h[0], ())),
            )
            for h in heads
        )

    def usual_items(self, customer_id: int, limit: int = 5) -> tuple[UsualItem, ...]:
        """Items bought on more than one visit, most often first."""
        return tuple(
            UsualItem(r[0], r[1], r[2], rows.when(r[3]) or rows.now())
            for r in self._db.execute(
                "SELECT item, quantity, times, last_bought FROM customer_items "
                "WHERE customer_id = ? AND times > 1 "
                "ORDER BY times DESC, last_bought DESC LIMIT ?",
                [customer_id, limit],
            )
        )

    def in_other_currencies(self, currency: str) -> dict[str, int]:
        """How many stored purchases are in each currency other than `currency`."""
        return {
            str(r[0]): int(r[1])
            for r in self._db.execute(
                "SELECT currency, count(*) FROM purchases WHERE currency != ? "
                "GROUP BY currency ORDER BY count(*) DESC",
                [currency],
            )
        }

    def recompute(self, customer_id: int) -> None:
        """Rebuild the customer's visit figures, usual items and search rank from their
        purchases, from scratch (after a merge). Call inside the writer's transaction."""
        with write(self._db):
            self._db.execute(
                """UPDATE customers SET
                    visits = (SELECT count(*) FROM purchases WHERE customer_id = :c),
                    lifetime_spend_cents = (SELECT coalesce(sum(total_cents), 0) FROM purchases
                        WHERE customer_id = :c),
                    first_visit = (SELECT min(purchased_at) FROM purchases WHERE customer_id = :c),
                    last_visit = (SELECT max(purchased_at) FROM purchases WHERE customer_id = :c)
                WHERE id = :c""",
                {"c": customer_id},
            )
            self._db.execute("DELETE FROM customer_items WHERE customer_id = ?", [customer_id])
            self._db.execute(
                """INSERT INTO customer_items (customer_id, item, quantity, times, last_bought)
                SELECT p.customer_id, l.item, sum(l.quantity), count(*), max(p.purchased_at)
                FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
                WHERE p.customer_id = ? GROUP BY l.item""",
                [customer_id],
            )
            last = self._db.execute(
                "SELECT last_visit FROM customers WHERE id = ?", [customer_id]
            ).fetchone()[0]
            rank = rank_for(rows.when(last))
            self._db.execute(
                "UPDATE customers SET search_rank = ? WHERE id = ?", [rank, customer_id]
            )
            self._names.set_rank(customer_id, rank)
