"""Gathering a sales file's rows into receipts, column-wise: each receipt's date, total,
currency and customer from the first of its rows that gives them, and its lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple, cast

from greeter.store.bulk import BulkLine
from greeter.till.cells import unescape_cell
from greeter.till.columns import ColumnMapping, normalise_header
from greeter.till.csv_read import CsvFile
from greeter.till.parse import latest_sale_day, parse_cents, parse_flag, parse_sale_stamp
from greeter.till.problems import RowProblem, in_reading_order
from greeter.till.sales_rows import GIVEN_BACK, SKIP, STEPS, SalesTable, read_rows

REF_FIELDS = ("customer_id", "greeter_id", "email", "phone", "card")
# What a payment status column says of an order that was called off, or whose payment was
# never taken (Shopify's voided, and expired: an authorisation let run out; a till's VOID,
# Lightspeed's VOIDED, Odoo's Cancelled, Square's Canceled and Failed, a card Declined).
CALLED_OFF = frozenset(
    {"void", "voided", "cancelled", "canceled", "expired", "failed", "declined",
     "storniert", "abgebrochen", "annule", "annulee", "anulado", "anulada", "cancelado",
     "cancelada"}
)  # fmt: skip
# What a cancelled column says of an order that was not (Lightspeed R-Series' Voided: No; a
# German till's Storno: nein): no as parse_flag reads it.
NOT_CALLED_OFF = frozenset({"", "no", "n", "false", "0", "nein", "falsch", "non", "faux", "falso"})
# What it says of an order not paid yet (Shopify's pending and authorized, Square's Pending;
# Lightspeed X-Series' parked, open, layby and on account sales, as its Status and its API
# name them; Odoo's Draft and New): left out, so that the export that shows it paid (CLOSED,
# LAYBY_CLOSED, Paid …) imports it.
NOT_PAID_YET = frozenset(
    {"pending", "authorized", "authorised", "parked", "saved", "open", "layby", "lay by",
     "on account", "onaccount", "draft", "new", "offen", "ausstehend", "en attente",
     "pendiente"}
)  # fmt: skip
# What the unpaid note says of a sale a Completed column says No of (Lightspeed R-Series'
# sales left open, quotes): not paid yet, as NOT_PAID_YET's are.
NOT_COMPLETED = "not completed"
# The columns that say whether an order was refunded, cancelled or is not paid yet.
_ORDER_STATUS = ("payment_status", "refunded", "cancelled", "completed")
_CURRENCY = re.compile(r"[A-Z]{3}")


class Sale(NamedTuple):
    source: str  # "" unless the file says (Greeter exports)
    receipt_id: str
    purchased_at: str
    total_cents: int
    currency: str
    ref: tuple[str, ...]  # the customer as the file names them, in REF_FIELDS order
    lines: list[BulkLine]
    first_line: int


@dataclass
class SalesRead:
    sales: list[Sale] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    refunds: list[str] = field(default_factory=list)  # receipts of money given back, left out
    # receipts giving items back (refunds, exchanges), with those lines: taken off their sales
    given_back: list[Sale] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)  # per line given back on a sale: its receipt
    reduced: list[str] = field(default_factory=list)  # partly refunded orders: total reduced
    charges: list[str] = field(default_factory=list)  # per discount, tip … line: its receipt
    cancelled: list[str] = field(default_factory=list)  # cancelled or voided orders, left out
    unpaid: list[tuple[str, str]] = field(default_factory=list)  # (receipt, status) not paid yet
    continued: int = 0  # rows without a receipt number read as lines of the receipt above
    called_off: list[Sale] = field(default_factory=list)  # refunded or cancelled: taken out
    rows: int = 0
    lines: int = 0


class _Receipts:
    """The file's receipts, each checked and made a Sale; `left_out`: instead, those that a
    bad row keeps out, whose own values are only checked (see check_left_out)."""

    def __init__(
        self, t: SalesTable, date_order: str, currency: str, left_out: bool = False
    ) -> None:
        self.t = t
        self.date_order = date_order
        self.currency = currency
        groups: dict[object, list[int]] = {}
        for key, run in groupby(range(len(t.keys)), t.keys.__getitem__):
            if key is not SKIP:
                groups.setdefault(key, []).extend(run)
        self.groups = groups
        bad_keys = {t.keys[i] for i in t.bad} - {SKIP}
        self.keys = [k for k in groups if (k in bad_keys) == left_out]
        self.rowsets = list(map(groups.__getitem__, self.keys))
        self.firsts = [rows[0] for rows in self.rowsets]
        self.failed: dict[int, list[tuple[str, str]]] = {}  # receipt → [(field, message)]
        self.charged: dict[int, list[int]] = {}  # receipt index → its charge rows
        self.back: list[tuple[bool, bool, int, str]] = []  # per sale: see given_back
        self.charges: list[str] = []  # per charge row (discount, tip …) left out: its receipt
        self.refunds: list[str] = []  # receipts of refunded orders, left out
        self.reduced: list[str] = []  # receipts of partly refunded orders, total reduced
        self.cancelled: list[str] = []  # receipts of cancelled or voided orders, left out
        self.unpaid: list[tuple[str, str]] = []  # (receipt, status) of orders not paid yet
        self.called_off: list[Sale] = []  # the orders refunded, cancelled or voided

    def fail(self, receipt: int, field_name: str, message: str) -> None:
        faults = self.failed.setdefault(receipt, [])
        if all(f != field_name for f, _ in faults):
            faults.append((field_name, message))

    def values(self, name: str) -> list[str]:
        """Per receipt: the field's value on its first row, else on the first row (and
        column) that has one; trimmed and unescaped."""
        t = self.t
        columns = [t.columns[c] for c in t.mapping.columns(name)]
        if not columns:
            return [""] * len(self.keys)
        values = list(map(columns[0].__getitem__, self.firsts))
        if "" in set(values):
            for k in [k for k, v in enumerate(values) if not v]:
                rows = self.rowsets[k]
                values[k] = next((c[i] for c in columns for i in rows if c[i]), "")
        clean = {v: unescape_cell(v.strip()) for v in set(values)}
        return list(map(clean.__getitem__, values))

    def parsed(self, values: list[str], name: str, parse: Callable[[str], object]) -> list[object]:
        out: dict[str, object] = {}
        errors: dict[str, str] = {}
        for text in set(values) - {""}:
            try:
                out[text] = parse(text)
            except ValueError as error:
                errors[text] = str(error)
        if errors:
            for k, text in enumerate(values):
                if text in errors:
                    self.fail(k, name, errors[text])
        return list(map(out.get, values))

    def stamps(self) -> list[object]:
        dates = self.values("date")
        if self.t.mapping.has("time"):
            dates = [
                f"{d} {t}".strip() if d else ""
                for d, t in zip(dates, self.values("time"), strict=True)
            ]
        if "" in set(dates):
            for k, d in enumerate(dates):
                if not d:
                    self.fail(k, "date", "has no date for this receipt")
        latest = latest_sale_day()
        return self.parsed(dates, "date", lambda d: parse_sale_stamp(d, self.date_order, latest))

    def lines(self) -> list[list[BulkLine]]:
        """Each receipt's lines: not its rows of receipt fields only, nor its charge rows
        (discount, tip …), whose amounts `charged` keeps for the total."""
        t = self.t
        numbered, only = t.mapping.has("line_no"), t.receipt_only
        left_out = only | t.charges if t.charges else only
        items, skus = t.items, t.skus
        quantities = cast(Sequence[float], t.quantities)
        cents = cast(Sequence[int], t.cents)  # None only on bad rows, which are left out
        out: list[list[BulkLine]] = []
        for k, rows in enumerate(self.rowsets):
            a, b = rows[0], rows[-1] + 1
            if b - a == len(rows) and not left_out:  # the usual case: a receipt's rows together
                numbers: Sequence[int] = t.numbers[a:b] if numbered else range(1, b - a + 1)
                own = zip(numbers, items[a:b], skus[a:b], quantities[a:b], cents[a:b], strict=True)
                out.append(list(own))
            else:
                kept = [i for i in rows if i not in left_out]
                numbers = [t.numbers[i] for i in kept] if numbered else range(1, len(kept) + 1)
                out.append(
                    [
                        (n, items[i], skus[i], quantities[i], cents[i])
                        for n, i in zip(numbers, kept, strict=True)
                    ]
                )
                if charged := [i for i in rows if i in t.charges and i not in only]:
                    self.charged[k] = charged
            if numbered and len(set(numbers)) != len(numbers):
                self.fail(k, "line_no", "repeats a line number within the receipt")
        return out

    def totals(self, lines: list[list[BulkLine]]) -> list[int]:
        t = self.t
        sums = [sum([line[4] for line in own]) for own in lines]
        for k, rows in self.charged.items():
            sums[k] += sum([cast(int, t.cents[i]) for i in rows])
        if t.heads:  # a receipt's own row gives its total (Lightspeed X-Series' Sale row)
            for k, rows in enumerate(self.rowsets):
                head = next((i for i in rows if i in t.heads), None)
                if head is not None and t.cents[head] is not None:
                    sums[k] = cast(int, t.cents[head])
        if not t.mapping.has("total"):
            return sums
        given = self.parsed(self.values("total"), "total", lambda x: parse_cents(x, t.comma))
        column = t.column("total")
        pairs = {(k, v.strip()) for k, v in zip(t.keys, column, strict=True) if v and k is not SKIP}
        if len(pairs) > len({k for k, _ in pairs}):
            index = {key: k for k, key in enumerate(self.keys)}
            for key, count in Counter(k for k, _ in pairs).items():
                if count > 1 and key in index:
                    texts = sorted(v for k, v in pairs if k == key)
                    amounts = {parse_cents(v, t.comma) for v in texts if _money(v, t.comma)}
                    if len(amounts) > 1:
                        self.fail(index[key], "total", f"gives different totals for one receipt "
                                  f"({', '.join(texts)}); if the column holds each line's "
                                  "amount, map it to line_total")  # fmt: skip
        return [s if g is None else g for s, g in zip(sums, given, strict=True)]  # type: ignore[misc]

    def currencies(self) -> list[str]:
        if not self.t.mapping.has("currency"):
            return [self.currency] * len(self.keys)
        values = [v.upper() or self.currency for v in self.values("currency")]
        for code in set(values):
            if not _CURRENCY.fullmatch(code):
                for k, v in enumerate(values):
                    if v == code:
                        self.fail(k, "currency", f"“{v}” is not a currency code like CAD")
        return values

    def refs(self) -> list[tuple[str, ...]]:
        if not any(self.t.mapping.has(f) for f in REF_FIELDS):
            return [("",) * len(REF_FIELDS)] * len(self.keys)
        return list(zip(*(self.values(f) for f in REF_FIELDS), strict=True))

    def given_back(self, totals: list[int]) -> list[tuple[bool, bool, int, str]]:
        """Per receipt, what its order's payment status, refunded amount and cancel date
        (Shopify's Financial Status, Refunded Amount and Cancelled at) say: (called off,
        all of it given back, cents given back, the status if not paid yet else "").
        Any date in Cancelled at means cancelled, as does Yes in a Voided column; No in a
        Completed column (Lightspeed R-Series') means not paid yet."""
        t = self.t
        texts = self.values("payment_status")
        status = {s: normalise_header(s) for s in set(texts)}
        amounts = self.parsed(self.values("refunded"), "refunded",
                              lambda x: abs(parse_cents(x, t.comma)))  # fmt: skip
        cancels = self.values("cancelled")
        said = {c: normalise_header(c) not in NOT_CALLED_OFF for c in set(cancels)}
        completed = self.parsed(self.values("completed"), "completed", parse_flag)
        rows = zip(texts, cancels, amounts, totals, completed, strict=True)
        out = []
        for text, cancelled_at, amount, total, done in rows:
            cents = cast(int, amount or 0)
            called_off = said[cancelled_at] or status[text] in CALLED_OFF
            whole = status[text] in GIVEN_BACK or 0 < total <= cents
            unpaid = status[text] if status[text] in NOT_PAID_YET else ""
            if done is False:
                unpaid = unpaid or NOT_COMPLETED
            out.append((called_off, whole, cents, unpaid))
        return out

    def sales(self) -> list[Sale]:
        t = self.t
        lines = self.lines()
        stamps = self.stamps()
        totals = self.totals(lines)
        currencies = self.currencies()
        refs = self.refs()
        sources = self.values("source")
        rids = list(map(t.rids.__getitem__, self.firsts))
        first_lines = list(map(t.lines.__getitem__, self.firsts))
        sales = list(map(Sale, sources, rids, stamps, totals, currencies, refs, lines, first_lines))
        back = self.given_back(totals) if any(map(t.mapping.has, _ORDER_STATUS)) else []
        if self.failed:
            self._note_failed()
            sales = [s for k, s in enumerate(sales) if k not in self.failed]
            back = [b for k, b in enumerate(back) if k not in self.failed]
        self.back = back
        self.charges = [rids[k] for k, rows in self.charged.items() if k not in self.failed
                        for _ in rows]  # fmt: skip
        return sales

    def check_left_out(self) -> None:
        """Check the receipts' own values (date, total, currency, refunded amount) as sales()
        does: the file, once its bad rows are corrected, should not stop again at these."""
        comma = self.t.comma
        self.stamps()
        self.parsed(self.values("total"), "total", lambda x: parse_cents(x, comma))
        self.currencies()
        self.parsed(self.values("refunded"), "refunded", lambda x: parse_cents(x, comma))
        self.parsed(self.values("completed"), "completed", parse_flag)
        self._note_failed()

    def _note_failed(self) -> None:
        """The receipts' problems, each on the receipt's first row."""
        for k, faults in self.failed.items():
            for name, message in faults:
                self.t.fail(self.firsts[k], name, message)

    def less_given_back(self, sales: list[Sale]) -> list[Sale]:
        """What `sales` returned, less its refunds, cancellations and orders not paid yet: a
        cancelled, voided, expired or refunded order is left out (and kept in `called_off`: if
        it was imported while paid, it is taken out); one not paid yet is left out (and left
        as it is if imported before: it may still be paid); a partly refunded one counts what
        was kept (the file does not say which of its items went back: they stay)."""
        kept = []
        for sale, (called_off, whole, cents, unpaid) in zip(sales, self.back, strict=True):
            if called_off or whole:  # an order cancelled and refunded counts as cancelled
                (self.cancelled if called_off else self.refunds).append(sale.receipt_id)
                self.called_off.append(sale)
                continue
            if unpaid:
                self.unpaid.append((sale.receipt_id, unpaid))
                continue
            if cents:
                self.reduced.append(sale.receipt_id)
                sale = sale._replace(total_cents=sale.total_cents - cents)
            kept.append(sale)
        return kept


def _money(text: str, comma: bool) -> bool:
    try:
        parse_cents(text, comma)
    except ValueError:
        return False
    return True


def set_apart_given_back(
    sales: list[Sale],
) -> tuple[list[Sale], list[Sale], list[Sale], list[str], list[str]]:
    """What customers bought, apart from what they gave back. A line with a quantity below
    zero is an item given back: it is left out of its receipt's lines (the receipt's total
    stays what the till says was paid). A line with an amount below zero (a discount, a
    coupon) is left out of the lines too: it is not an item bought. A receipt with nothing
    bought (every line given back or below zero, or no lines and a total below zero) is a
    refund: not a visit, not a purchase; it is left out. Returns (sales, refunds, the items
    given back: each receipt giving some, a refund or an exchange, with those lines only,
    receipt id per line given back on a sale, receipt id per line below zero)."""
    kept: list[Sale] = []
    refunds: list[Sale] = []
    given_back: list[Sale] = []
    returned: list[str] = []
    discounts: list[str] = []
    for sale in sales:
        lines = sale.lines
        if back := [line for line in lines if line[3] < 0]:
            given_back.append(sale._replace(lines=back))
        nothing_bought = (
            all(line[3] < 0 or line[4] < 0 for line in lines) if lines else sale.total_cents < 0
        )
        if nothing_bought:
            refunds.append(sale)
            continue
        bought = [line for line in lines if line[3] >= 0 and line[4] >= 0]
        if len(bought) < len(lines):
            returned += [sale.receipt_id] * len(back)
            discounts += [sale.receipt_id] * (len(lines) - len(bought) - len(back))
            sale = sale._replace(lines=bought)
        kept.append(sale)
    return kept, refunds, given_back, returned, discounts


def gather(t: SalesTable, *, date_order: str, currency: str) -> SalesRead:
    receipts = _Receipts(t, date_order, currency)
    out = SalesRead(rows=len(t.rows), duplicates=t.duplicates, continued=t.continued)
    out.sales = receipts.sales()
    good = {s.first_line for s in out.sales}
    if receipts.back:
        out.sales = receipts.less_given_back(out.sales)
        out.refunds, out.reduced = receipts.refunds, receipts.reduced
        out.cancelled, out.called_off = receipts.cancelled, receipts.called_off
        out.unpaid = receipts.unpaid
    out.charges = receipts.charges
    if t.mapping.preset != "greeter" and (
        t.negative or min(map(itemgetter(3), out.sales), default=0) < 0
    ):  # a Greeter export holds the purchases Greeter kept, as they are
        out.sales, refunds, out.given_back, out.returned, discounts = set_apart_given_back(
            out.sales
        )
        out.refunds += [refund.receipt_id for refund in refunds]
        out.charges += discounts
    if out.charges:  # in file order, and only of receipts imported
        order = {s.receipt_id: n for n, s in enumerate(out.sales)}
        out.charges = sorted((r for r in out.charges if r in order), key=order.__getitem__)
    out.lines = sum(map(len, (s.lines for s in out.sales)))
    if t.bad:
        _Receipts(t, date_order, currency, left_out=True).check_left_out()
    out.problems = in_reading_order((p for row in t.bad.values() for p in row), t.mapping.header)
    out.bad_lines = {t.lines[i] for i in t.bad}
    for _key, rows in receipts.groups.items():
        if t.lines[rows[0]] not in good:
            out.bad_lines.update(t.lines[i] for i in rows)
    return out


def read_sales(
    csv_file: CsvFile,
    mapping: ColumnMapping,
    *,
    date_order: str,
    currency: str,
    progress: Callable[[int, int], None] | None = None,
) -> SalesRead:
    """Every receipt in the file with its lines, and every row that could not be read."""
    tick = progress or (lambda done, total: None)
    read = gather(read_rows(csv_file, mapping, tick), date_order=date_order, currency=currency)
    tick(STEPS, STEPS)
    return read
