"""Items given back, taken off the sales they came from: those of a refund rung up as a
receipt of its own (Square's always are) and those an exchange gives back beside what it
sells. What matches no sale stored yet waits for the import that brings that sale."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from sqlite_utils import Database

from greeter.store.database import write
from greeter.store.purchases import Purchases
from greeter.store.search import NameIndex

# (line_no, item, sku, quantity, amount_cents), as greeter.store.bulk.BulkLine
Line = tuple[int, str, str, float, int]
_IN_CHUNK = 500


class GivenBack(NamedTuple):
    """A receipt's items given back: a refund's, or an exchange's (whose receipt is also a
    sale, stored as one)."""

    source: str
    receipt_id: str
    purchased_at: str
    customer_id: int
    lines: Sequence[Line]  # an item given back has a quantity below zero; others are ignored


class TakenBack(NamedTuple):
    """Some of an item taken off a sale by a refund or exchange rung up later."""

    item: str  # as stored on the sale
    quantity: float
    sale: str  # the sale's receipt id
    refund: str  # the refund's receipt id
    earlier: bool = False  # the refund was imported before the sale, and waited for it


class Waiting(NamedTuple):
    """Some of an item given back that matches no sale stored yet: it waits for its sale."""

    item: str
    quantity: float
    refund: str  # the refund's receipt id


class TakeBackResult(NamedTuple):
    taken: list[TakenBack]
    waiting: list[Waiting]  # of the refunds given, what matched no sale
    emptied: list[str]  # receipt ids of the sales given back whole, taken out


class Refunds:
    def __init__(self, db: Database) -> None:
        self._db = db

    def take_back(
        self, refunds: Sequence[GivenBack], retry: Collection[int] = ()
    ) -> TakeBackResult:
        """Take the items each refund gives back off its customer's most recent sale, at or
        before the refund and not the refund's own receipt, holding the item (by SKU when
        both have one, else by name as stored), then off earlier ones if more went back
        than that sale holds: the line's quantity and amount go down (the line goes when
        nothing is left), and the sale's total by the amount refunded, never below 0. An
        exchange's own total, what was paid net of what it gave back, goes up by as much:
        the money given back is the earlier sale's. A sale left with no items is taken out,
        as an order refunded whole is: it is no visit, and nothing of it was kept.

        What matches no sale waits; what waits for the customers in `retry` (those whose
        sales this import brings) is tried again with the new refunds, in the order of the
        refunds' dates. A refund taken off or waiting is not taken again when given again.
        The customers' figures are worked out again."""
        known = self._known({(r.source, r.receipt_id) for r in refunds})
        fresh = {(r.source, r.receipt_id): r for r in refunds}
        todo = [(r, False) for key, r in fresh.items() if key not in known]
        todo += [(r, True) for r in self._waiting(set(retry))]
        todo.sort(key=lambda pair: pair[0].purchased_at)
        out = TakeBackResult([], [], [])
        customers: set[int] = set()
        with write(self._db):
            for refund, earlier in todo:
                sales: dict[int, tuple[str, str]] = {}  # purchase id → (source, receipt id)
                taken: list[TakenBack] = []
                owed: list[Line] = []  # (line_no, item, sku, quantity, cents) still to take
                for line_no, item, sku, quantity, cents in refund.lines:
                    if quantity < 0:  # however the till signs its amount
                        got, left, cents_left = self._take_line(
                            refund, item, sku, -quantity, abs(cents), sales
                        )
                        taken += [t._replace(earlier=earlier) for t in got]
                        owed += [(line_no, item, sku, left, cents_left)] if left > 0 else []
                if earlier and not taken:
                    continue  # still nothing to take it off
                self._owe(refund, owed, earlier)
                self._db.conn.executemany(
                    "INSERT OR IGNORE INTO refunds_applied (source, receipt_id, sale_source,"
                    " sale_receipt_id) VALUES (?, ?, ?, ?)",
                    [(refund.source, refund.receipt_id, *sale) for sale in sales.values()],
                )
                out.emptied.extend(self._take_out_emptied(sales))
                out.taken.extend(taken)
                if not earlier:
                    out.waiting.extend(Waiting(x[1], x[3], refund.receipt_id) for x in owed)
                customers.update([refund.customer_id] if sales else [])
            purchases = Purchases(self._db, NameIndex(self._db))
            for customer in sorted(customers):
                purchases.recompute(customer)
        return out

    def given_back_whole(self, source: str, receipt_ids: Iterable[str]) -> set[str]:
        """Those of the receipts (from `source`, none of them stored) that are sales a
        refund gave back whole, which take_back took out: a later export holding them does
        not bring them back. Give only receipts not stored: refunds_applied also lists the
        sales a refund took some items off."""
        ids = list(receipt_ids)
        db = self._db
        if (
            not ids
            or not db.execute(
                "SELECT 1 FROM refunds_applied WHERE sale_source = ? LIMIT 1", [source]
            ).fetchone()
        ):
            return set()
        found: set[str] = set()
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in db.execute(
                "SELECT sale_receipt_id FROM refunds_applied WHERE sale_source = ?"
                f" AND sale_receipt_id IN ({marks})",
                [source, *chunk],
            ))  # fmt: skip
        return found

    def _known(self, refunds: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Those of the refunds ((source, receipt id) pairs) taken off their sales before,
        or waiting for them."""
        found: set[tuple[str, str]] = set()
        for source in {s for s, _ in refunds}:
            ids = [r for s, r in refunds if s == source]
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start : start + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                for table in ("refunds_applied", "refunds_waiting"):
                    found.update((source, r[0]) for r in self._db.execute(
                        f"SELECT receipt_id FROM {table} WHERE source = ?"
                        f" AND receipt_id IN ({marks})",
                        [source, *chunk],
                    ))  # fmt: skip
        return found

    def _waiting(self, customers: set[int]) -> list[GivenBack]:
        """The refunds whose items wait for their sale, of these customers, with those
        items (as given back: below zero)."""
        if (
            not customers
            or not self._db.execute("SELECT 1 FROM refunds_waiting LIMIT 1").fetchone()
        ):
            return []
        heads: dict[tuple[str, str], tuple[str, int]] = {}
        lines: dict[tuple[str, str], list[Line]] = {}
        for source, receipt, at, customer, line_no, item, sku, quantity, cents in self._db.execute(
            "SELECT source, receipt_id, purchased_at, customer_id, line_no, item, sku,"
            " quantity, amount_cents FROM refunds_waiting ORDER BY id"
        ):
            if customer in customers:
                heads[(source, receipt)] = (at, customer)
                lines.setdefault((source, receipt), []).append(
                    (line_no, item, sku, -quantity, -cents)
                )
        return [GivenBack(*key, *heads[key], lines[key]) for key in heads]

    def _owe(self, refund: GivenBack, owed: list[Line], earlier: bool) -> None:
        """Keep what is still to be taken off for the refund (instead of what was)."""
        if earlier:
            self._db.execute(
                "DELETE FROM refunds_waiting WHERE source = ? AND receipt_id = ?",
                [refund.source, refund.receipt_id],
            )
        self._db.conn.executemany(
            "INSERT INTO refunds_waiting (source, receipt_id, purchased_at, customer_id,"
            " line_no, item, sku, quantity, amount_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(refund.source, refund.receipt_id, refund.purchased_at, refund.customer_id, *line)
             for line in owed],
        )  # fmt: skip

    def _take_out_emptied(self, sales: dict[int, tuple[str, str]]) -> list[str]:
        """Take out those of the sales left with no items; returns their receipt ids."""
        emptied = [
            pid for pid in sales
            if not self._db.execute(
                "SELECT 1 FROM purchase_lines WHERE purchase_id = ? LIMIT 1", [pid]
            ).fetchone()
        ]  # fmt: skip
        self._db.conn.executemany("DELETE FROM purchases WHERE id = ?", [(p,) for p in emptied])
        return [sales[pid][1] for pid in emptied]

    def _take_line(
        self,
        refund: GivenBack,
        item: str,
        sku: str,
        quantity: float,
        cents: int,
        sales: dict[int, tuple[str, str]],
    ) -> tuple[list[TakenBack], float, int]:
        """Take `quantity` of the item, refunded for `cents`, off the customer's sales (see
        take_back), adding the purchases changed to `sales`. Returns what was taken, and
        the quantity and cents left, that matched no sale."""
        conn = self._db.conn
        # CROSS JOIN: the customer's purchases first (by their index), then each one's lines.
        rows = conn.execute(
            """SELECT l.id, l.quantity, l.amount_cents, l.item, p.id, p.source, p.receipt_id
            FROM purchases p CROSS JOIN purchase_lines l ON l.purchase_id = p.id
            WHERE p.customer_id = :customer AND p.purchased_at <= :at AND l.quantity > 0
                AND NOT (p.source = :source AND p.receipt_id = :receipt)
                AND CASE WHEN :sku != '' AND l.sku != '' THEN l.sku = :sku
                    ELSE l.item = :item END
            ORDER BY p.purchased_at DESC, p.id DESC, l.line_no""",
            {"customer": refund.customer_id, "at": refund.purchased_at, "sku": sku,
             "item": item, "source": refund.source, "receipt": refund.receipt_id},
        ).fetchall()  # fmt: skip
        taken: list[TakenBack] = []
        for line_id, held, amount, stored_item, pid, source, receipt in rows:
            if quantity <= 0:
                break
            take = min(quantity, held)
            off = cents if take == quantity else round(cents * take / quantity)
            left = round(held - take, 9)  # kilos and metres, too, come to nothing left
            if left > 0:
                conn.execute(
                    "UPDATE purchase_lines SET quantity = ?, amount_cents = ? WHERE id = ?",
                    [left, max(amount - off, 0), line_id],
                )
            else:
                conn.execute("DELETE FROM purchase_lines WHERE id = ?", [line_id])
            total = conn.execute("SELECT total_cents FROM purchases WHERE id = ?", [pid]).fetchone()
            cut = min(off, max(total[0], 0))
            conn.execute("UPDATE purchases SET total_cents = total_cents - ? WHERE id = ?",
                         [cut, pid])  # fmt: skip
            # An exchange (a refund also stored as a sale): the amount is counted there now.
            conn.execute(
                "UPDATE purchases SET total_cents = total_cents + ? WHERE source = ?"
                " AND receipt_id = ?",
                [cut, refund.source, refund.receipt_id],
            )
            sales[pid] = (source, receipt)
            taken.append(TakenBack(stored_item, take, receipt, refund.receipt_id))
            quantity, cents = round(quantity - take, 9), cents - off
        return taken, quantity, cents
