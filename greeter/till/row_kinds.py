"""Rows of a sales file that are not an item of their own receipt: a receipt's own row and its
payments (Lightspeed X-Series), and the lines Odoo writes below an order without its number."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from greeter.till.columns import ColumnMapping, normalise_header

# What a line type column says of a row that is no item: a payment taken for the receipt; and,
# in a file that also has Sale Line rows (as Lightspeed X-Series writes a receipt: a Sale row,
# its Sale Lines, its Payments), the receipt's own row above its lines.
PAYMENT_ROWS = frozenset({"payment"})
RECEIPT_ROW, ITEM_ROW = "sale", "sale line"
# A receipt's own fields, as against its lines': all blank on a row that continues the order
# above it (see continuing), which gives one of a line's.
RECEIPT_FIELDS = (
    "receipt_id", "date", "time", "total", "currency", "payment_status", "refunded",
    "cancelled", "completed", "source", "customer_id", "greeter_id", "email", "phone", "card",
)  # fmt: skip
LINE_FIELDS = ("item", "sku", "price", "line_total")


def continuing(
    mapping: ColumnMapping, columns: Sequence[Sequence[str]], rids: Sequence[str], blank: list[int]
) -> set[int]:
    """The rows of `blank` (no receipt number) that continue the receipt on the row above, as
    Odoo writes an order: its own cells on its first line only, then its other lines with
    those cells blank. Only in a file that gives each receipt's number on one row, and only
    rows whose receipt cells (number, date, time, customer, total, status …) are all blank and
    that give an item, SKU or amount. Elsewhere a row without a number has lost it (a file
    that gives it on every line, or a row that still has its date or customer): it stays a
    bad row rather than being added to another customer's receipt."""
    if len(set(rids)) - 1 != len(rids) - len(blank):
        return set()  # some receipt's number is on several rows: its lines each carry it
    own = [columns[c] for name in RECEIPT_FIELDS for c in mapping.columns(name)]
    line = [columns[c] for name in LINE_FIELDS for c in mapping.columns(name)]
    return {
        i
        for i in blank
        if i > 0 and not any(c[i].strip() for c in own) and any(c[i].strip() for c in line)
    }


def not_items(line_types: Sequence[str]) -> tuple[set[int], set[int]]:
    """(the rows a line type column says are no item, those of them that are a receipt's own
    row). A receipt's own row is only told apart in a file of Sale and Sale Line rows: its
    amount is the receipt's total, as each Sale Line's is that line's."""
    kinds = {v: normalise_header(v) for v in set(line_types)}
    heads = {v for v, k in kinds.items() if k == RECEIPT_ROW}
    if ITEM_ROW not in kinds.values():
        heads = set()
    others = heads | {v for v, k in kinds.items() if k in PAYMENT_ROWS}
    if not others:
        return set(), set()
    rows = range(len(line_types))
    return (
        set(compress(rows, map(others.__contains__, line_types))),
        set(compress(rows, map(heads.__contains__, line_types))),
    )
