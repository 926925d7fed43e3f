"""Reading a sales file row by row into columns: keys, duplicates, card check, each line's values.

This is the import's hot path (a benchmark asks for 150,000 lines a second), so the file is
read column by column: each distinct text is parsed once, and whole columns go through C-level
map/zip/set calls. Python runs once per distinct value and once per problem, not per cell.
`sales_receipts` then gathers the rows into receipts.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, groupby, islice
from operator import mul, ne
from typing import cast

from greeter.core.text import clean_text
from greeter.till.cells import unescape_cell
from greeter.till.columns import ColumnMapping, normalise_header
from greeter.till.csv_read import NUL_IN_CELL, CsvFile, nul_cell
from greeter.till.parse import (
    MAX_CENTS,
    decimal_comma,
    parse_cents,
    parse_int,
    parse_quantity,
    too_large,
)
from greeter.till.problems import BadRow, RowProblem
from greeter.till.row_kinds import continuing, not_items
from greeter.till.screen import SEP, Screen

# What a sale_type column says of a row whose money went back to the customer (normalised:
# accents off), in English, French (Avoir), German (Storno, Rückgabe) and Spanish; any
# other word (Sale, Vente, Verkauf, Venta) is a sale.
GIVEN_BACK = frozenset(
    {"refund", "refunded", "return", "returned", "avoir", "remboursement", "rembourse",
     "storno", "ruckgabe", "rueckgabe", "retoure", "gutschrift", "erstattung", "devolucion",
     "devuelto", "abono", "reembolso"}
)  # fmt: skip
# What a type column says of a line that is money on the receipt but not an item bought.
CHARGE = re.compile(
    r"\b(discounts?|coupons?|promo\w*|tips?|gratuity|gift cards?|shipping|tax(es)?|vat|gst|hst"
    r"|pst|fees?|deposits?|service charges?|surcharges?|rounding"
    r"|rabatt|gutschein|trinkgeld|versand\w*|gebuhr(en)?|steuer|pfand"  # German
    r"|remise|bon d achat|pourboire|livraison|frais( de port)?|taxe|consigne"  # French
    r"|descuentos?|cupon|propina|envio|gastos de envio|impuestos?|recargo)\b"  # Spanish
)
# What a line's name says when it is such money, whatever its type: the word alone, or with
# an amount or rate ("Tip", "Gift Card $50", "HST 13%", "Sales Tax", "Bag fee", "Pfand",
# "Service charge - setup"). Not "Felt tip pen", "Gift card holder", "Shipping box", "Taxi
# toy", "Feeder" nor "Service kit": a word among others is an item's name.
NAMED_CHARGE = re.compile(
    r"(?:(?:tips?|gratuity|gratuities|gift ?cards?|shipping|(?:sales )?tax(?:es)?|vat|gst|hst"
    r"|pst|qst|mwst|ust|tva|iva|pfand|(?:\w+ )?(?:fees?|deposits?|surcharges?)|(?:cash )?rounding"
    r"|trinkgeld|pourboire|propina|versand(?:kosten)?|livraison|frais de port|env[ií]o"
    r"|gastos de env[ií]o)"
    r"\b[\W\d_]*|service charges?\b.*)",
    re.I,
)
# Greeter's own sales exports say which system each receipt came from, by these names.
KNOWN_SYSTEMS = frozenset({"greeter", "import", "shopify", "square"})
# An amount of money, as a Card column of the amount charged to a card holds ("$1,187.29").
_MONEY = re.compile(r"[-+(]?\s*[$€£¥]\s*-?\s*\d[\d,.\s]*\)?|[-+]?\d[\d,.\s]*[.,]\d\d")
SKIP = object()  # the key of a blank, repeated or unnamed row: not part of any receipt
_CHUNK = 4096  # rows read at a time, then made columns


@dataclass
class SalesTable:
    """The file's rows as columns, and what is known about each row."""

    file: CsvFile
    mapping: ColumnMapping
    comma: bool  # decimals are written with a comma (semicolon-separated files, or see _commas)
    rows: Sequence[list[str]] = ()
    lines: Sequence[int] = ()  # each row's first line in the file
    columns: Sequence[Sequence[str]] = ()
    keys: list[object] = field(default_factory=list)  # receipt key per row, or SKIP
    rids: Sequence[str] = ()  # receipt id per row, trimmed
    numbers: Sequence[int] = ()  # line number per row, 0 when the file has none
    items: Sequence[str] = ()
    skus: Sequence[str] = ()
    quantities: Sequence[int | float] = ()
    cents: Sequence[int | None] = ()
    negative: bool = False  # some quantity or amount is below zero: items may be given back
    receipt_only: set[int] = field(default_factory=set)  # rows with no line, receipt fields only
    charges: set[int] = field(default_factory=set)  # discount, tip … rows: in the total, not items
    bad: dict[int, list[RowProblem]] = field(default_factory=dict)  # row → its problems
    cut: set[int] = field(default_factory=set)  # rows with cells past the header: just that
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, line it repeats)
    continued: int = 0  # rows with no receipt number read as more lines of the receipt above
    heads: set[int] = field(default_factory=set)  # a receipt's own row: its amount is its total

    def column(self, name: str) -> Sequence[str]:
        cols = self.mapping.columns(name)
        return self.columns[cols[0]] if cols else ("",) * len(self.rows)

    def name(self, field_name: str) -> str:
        return self.mapping.column_name(field_name) if field_name else ""

    def fail(self, index: int, field_name: str, message: str) -> None:
        """Note a problem of the row: one for each of its columns (the first found)."""
        problems = self.bad.setdefault(index, [])
        column = self.name(field_name)
        if index not in self.cut and all(p.column != column for p in problems):
            problems.append(RowProblem(self.lines[index], column, message))


STEPS = 5  # progress is reported after each of read_rows' four steps, then gather's


def read_rows(
    csv_file: CsvFile, mapping: ColumnMapping, progress: Callable[[int, int], None]
) -> SalesTable:
    """The file's rows, checked: card numbers, receipt keys, duplicates, each line's values."""
    table = SalesTable(csv_file, mapping, csv_file.delimiter == ";")
    screen = Screen(mapping, csv_file.path.name)
    _load(table, screen)
    table.comma = table.comma or _commas(table)
    progress(1, STEPS)
    screen.check_columns(table.columns, table.rows, table.lines)
    progress(2, STEPS)
    _ignore_misnamed(table)
    _find_keys(table)
    _find_duplicates(table)
    progress(3, STEPS)
    _read_lines(table)
    progress(4, STEPS)
    return table


def _commas(table: SalesTable) -> bool:
    """Whether the file's amounts, taken together, show decimal commas ('12,50' beside
    '1.234'): in a comma- or tab-separated file too, so '1.234' is read as 1234.00."""
    money = ("price", "line_total", "total", "refunded")
    columns = [table.columns[c] for name in money for c in table.mapping.columns(name)]
    return decimal_comma({text for column in columns for text in set(column)})


def _parsed(
    values: set[str], parse: Callable[[str], object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Each distinct text parsed once: (value by text, error message by text)."""
    good: dict[str, object] = {}
    bad: dict[str, str] = {}
    for text in values:
        try:
            good[text] = parse(text)
        except ValueError as error:
            bad[text] = str(error)
    return good, bad


def _fail_where(
    table: SalesTable, values: Sequence[str], errors: dict[str, str], field_name: str
) -> None:
    if errors:
        for i, value in enumerate(values):
            if value in errors:
                table.fail(i, field_name, errors[value])


def _load(table: SalesTable, screen: Screen) -> None:
    """The file's cells, read a chunk of rows at a time into columns. A column's text that
    repeats (a receipt's id, date and customer on each of its rows, an item's name and price)
    is kept once: a big file takes a fraction of the memory of its rows, each cell a string."""
    csv_file, width, has_nul = table.file, screen.width, table.file.has_nul
    reader = csv_file.reader()
    columns: list[list[str]] = [[] for _ in range(width)]
    texts: list[dict[str, str] | None] = [{} for _ in range(width)]  # each column's, kept once
    faults: list[tuple[int, str, str]] = []  # (row, column, why) of rows cut
    n = 0
    try:
        while chunk := list(islice(reader, _CHUNK)):
            if any(w != width for w in set(map(len, chunk))):
                for i, row in enumerate(chunk, n):
                    if len(row) != width:
                        try:
                            screen.fix_width(row)
                        except BadRow as bad:
                            del row[width:]
                            faults.append((i, bad.column, bad.message))
            if has_nul:
                faults += _take_out_nul(chunk, n, table.mapping.header)
            for c, cells in enumerate(zip(*chunk, strict=True)):
                kept = texts[c]
                if kept is None:
                    columns[c] += cells
                    continue
                columns[c] += map(kept.setdefault, cells, cells)
                if len(kept) * 2 > len(columns[c]):
                    texts[c] = None  # mostly different texts: not worth looking each one up
            n += len(chunk)
    except csv.Error as error:
        raise csv_file.unreadable(error) from None
    if reader.line_num == n + 1:  # one physical line per row: the usual case
        lines: Sequence[int] = range(2, n + 2)
    else:
        lines = [line for line, _ in csv_file.rows_with_blanks()]
    for i, column, message in faults:  # its other cells may be in the wrong columns
        table.bad.setdefault(i, []).append(RowProblem(lines[i], column, message))
        table.cut.add(i)
    table.lines, table.columns, table.rows = lines, columns, _Rows(columns, n)


def _take_out_nul(
    chunk: list[list[str]], first: int, header: Sequence[str]
) -> list[tuple[int, str, str]]:
    """Rows with a NUL character in a cell are bad; the NULs are taken out of them, as the
    checks that follow join cells with one (SEP)."""
    faults = []
    for i, row in enumerate(chunk, first):
        at = nul_cell(row)
        if at is not None:
            faults.append((i, header[at], NUL_IN_CELL))  # rows are as wide as the header by now
            row[:] = [cell.replace("\x00", "") for cell in row]
    return faults


class _Rows(Sequence[list[str]]):
    """The rows' cells, made from the columns when asked for."""

    def __init__(self, columns: list[list[str]], n: int) -> None:
        self._columns = columns
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: int) -> list[str]:  # type: ignore[override]
        return [column[index] for column in self._columns]

    def __iter__(self) -> Iterator[list[str]]:
        return map(list, zip(*self._columns, strict=True))


def _ignore_misnamed(table: SalesTable) -> None:
    """Columns named as a field that hold something else are ignored: a Source column whose
    values are not systems (Square's "Point of Sale": receipts would be stored twice, under
    another system than its items export's), a Card column of amounts (Square's, charged to
    a card) rather than loyalty card codes."""
    mapping, columns = table.mapping, table.columns
    misnamed: set[int] = set()
    if mapping.preset != "greeter":
        misnamed.update(c for c in mapping.columns("source")
                        if {v.strip() for v in set(columns[c])} - {""} - KNOWN_SYSTEMS)  # fmt: skip
    for c in mapping.columns("card"):
        values = {v.strip() for v in set(columns[c])} - {""}
        if values and all(map(_MONEY.fullmatch, values)):
            misnamed.add(c)
    if misnamed:
        table.mapping = mapping.without(misnamed)


def _find_keys(table: SalesTable) -> None:
    rids = table.column("receipt_id")
    clean = {r: unescape_cell(r.strip()) for r in set(rids)}
    if any(k != v for k, v in clean.items()):
        rids = list(map(clean.__getitem__, rids))
    keys: list[object] = list(rids)
    if table.mapping.has("source"):
        keys = list(map("{}\x00{}".format, table.column("source"), rids))
    if "" in clean.values():
        blank = [i for i, rid in enumerate(rids) if not rid]
        below = continuing(table.mapping, table.columns, rids, blank)
        for i in blank:
            if i in below and keys[i - 1] is not SKIP:
                keys[i] = keys[i - 1]
                table.continued += 1
                continue
            keys[i] = SKIP
            if any(c.strip() for c in table.rows[i]):
                table.fail(i, "receipt_id", "has no receipt or order number")
    table.rids, table.keys = rids, keys


def _find_duplicates(table: SalesTable) -> None:
    """A row repeating an earlier one is dropped, unless it follows it within the same
    receipt's run of rows: a till lists an item bought twice on two identical lines."""
    n, keys = len(table.rows), table.keys
    runs = [key for key, _ in groupby(keys) if key is not SKIP]
    if len(runs) == len(set(runs)):
        return  # every receipt's rows are together: a repeat always follows within its run
    joined = list(map(SEP.join, zip(*table.columns, strict=True)))
    first = dict(zip(reversed(joined), range(n - 1, -1, -1), strict=True))  # earliest wins
    if len(first) == n:
        return
    firsts = list(map(first.__getitem__, joined))
    for i in compress(range(n), map(ne, firsts, range(n))):
        f = firsts[i]
        if keys[i] is not SKIP and any(k != keys[i] for k in keys[f : i + 1]):
            table.duplicates.append((table.lines[i], table.lines[f]))
            keys[i] = SKIP


def _quantity(text: str, comma: bool) -> int | float:
    value = parse_quantity(text, comma)
    return int(value) if value.is_integer() else value


def _read_lines(t: SalesTable) -> None:
    """Each row's line number, item, SKU, quantity and amount, each distinct text read once."""
    n, comma, has = len(t.rows), t.comma, t.mapping.has
    item_col, sku_col = t.column("item"), t.column("sku")
    qty_col, price_col, amount_col = t.column("quantity"), t.column("price"), t.column("line_total")
    quantities, bad = _parsed(set(qty_col) - {""}, lambda text: _quantity(text, comma))
    quantities[""] = 1
    _fail_where(t, qty_col, bad, "quantity")
    q = cast(list[int | float], list(map(quantities.get, qty_col, [1] * n)))
    t.quantities = q
    money, bad = _parsed((set(price_col) | set(amount_col)) - {""}, lambda x: parse_cents(x, comma))
    _fail_where(t, price_col, bad, "price")
    _fail_where(t, amount_col, bad, "line_total")
    cents: list[int | None] = [0] * n
    if has("line_total") or has("price"):
        cents = list(map(money.get, amount_col)) if has("line_total") else [None] * n  # type: ignore[arg-type]
        if None in cents:
            _fill_from_price(cents, list(map(money.get, price_col)), q)  # type: ignore[arg-type]
            _fail_too_large(t, cents, price_col, qty_col)
    t.cents = cents
    t.negative = _below_zero(quantities.values()) or _below_zero(money.values())
    if has("sale_type"):
        _mark_given_back(t, q, cents)
    if has("line_type") or has("sale_type"):
        _mark_charges(t)
    texts = {text: clean_text(unescape_cell(text)) for text in set(item_col)}
    if named := {text for text, name in texts.items() if NAMED_CHARGE.fullmatch(name)}:
        t.charges.update(compress(range(n), map(named.__contains__, item_col)))
    skus = {text: unescape_cell(text.strip()) for text in set(sku_col)}
    t.items, t.skus = list(map(texts.__getitem__, item_col)), list(map(skus.__getitem__, sku_col))
    t.numbers = [0] * n
    if has("line_no"):
        numbers, bad = _parsed(set(t.column("line_no")) - {""}, parse_int)
        _fail_where(t, t.column("line_no"), bad, "line_no")
        t.numbers = list(map(numbers.get, t.column("line_no"), [0] * n))  # type: ignore[arg-type]
    if "" in texts and "" in skus:  # some rows may hold only the receipt's own fields
        empty = SEP * 4
        signature = list(
            map(SEP.join, zip(item_col, sku_col, qty_col, price_col, amount_col, strict=True))
        )
        if empty in set(signature):
            t.receipt_only = {i for i, sig in enumerate(signature) if sig == empty}
    if has("line_type"):  # payments, and a receipt's own row (see row_kinds)
        others, t.heads = not_items(t.column("line_type"))
        t.receipt_only.update(others)
    if "" in texts.values() or None in cents:
        _check_lines(t)


def _below_zero(values: Iterable[object]) -> bool:
    return any(cast(float, v) < 0 for v in values)


def _mark_given_back(t: SalesTable, q: list[int | float], cents: list[int | None]) -> None:
    """Rows marked Refund or Return (Square's Event Type) are given back: their quantity and
    amount count below zero, however the file signs them."""
    column = t.column("sale_type")
    marked = {v for v in set(column) if normalise_header(v) in GIVEN_BACK}
    if not marked:
        return
    t.negative = True
    for i in compress(range(len(column)), map(marked.__contains__, column)):
        q[i] = -abs(q[i])
        amount = cents[i]
        if amount is not None:
            cents[i] = -abs(amount)


def _mark_charges(t: SalesTable) -> None:
    """Rows whose type says discount, tip, gift card, shipping, tax, fee, deposit, service
    charge or rounding (Square's Itemization Type, a till's Type column), in English, German,
    French or Spanish: money on the receipt, never an item the customer usually buys."""
    for name in ("line_type", "sale_type"):
        column = t.column(name)
        marked = {v for v in set(column) if CHARGE.search(normalise_header(v))}
        if marked:
            t.charges.update(compress(range(len(column)), map(marked.__contains__, column)))


def _fill_from_price(
    cents: list[int | None], prices: list[int | None], q: list[int | float]
) -> None:
    """Lines without an amount: unit price × quantity, rounded half up to the cent."""
    products = list(map(mul, [p or 0 for p in prices], q))
    exact = float not in set(map(type, products))
    for i in compress(range(len(cents)), map(lambda c: c is None, cents)):
        if prices[i] is not None:
            value = products[i]
            if not exact and isinstance(value, float):
                value = int(value + 0.5) if value >= 0 else -int(0.5 - value)
            cents[i] = int(value)


def _fail_too_large(
    t: SalesTable, cents: list[int | None], prices: Sequence[str], quantities: Sequence[str]
) -> None:
    """A price and a quantity each within their limits can still make too large an amount."""
    if max(map(abs, filter(None, cents)), default=0) <= MAX_CENTS:
        return
    for i, amount in enumerate(cents):
        if amount is not None and abs(amount) > MAX_CENTS:
            shown = f"“{prices[i]}” × {quantities[i] or 1}"
            t.fail(i, "price", too_large(shown, "an amount", amount < 0, t.comma))


def _check_lines(t: SalesTable) -> None:
    """Lines with no amount or no item name are bad; a SKU stands in for a missing name."""
    has_money = t.mapping.has("price") or t.mapping.has("line_total")
    items = list(t.items)
    for i, key in enumerate(t.keys):
        if key is SKIP or i in t.receipt_only:
            continue
        if t.cents[i] is None and has_money:
            what = "line_total" if t.mapping.has("line_total") else "price"
            t.fail(i, what, "has no amount for this item")
        elif not items[i] and i not in t.charges:
            if t.skus[i]:
                items[i] = t.skus[i]
            else:
                t.fail(i, "item", "has no item name")
    t.items = items
