"""What the watched folder says of a file: the banner's one line, which shows over the lock
and hidden pages too (counts, lines and columns, never what a cell holds), and the pieces of
the report written beside the file (which may quote it: it is the owner's only)."""

from __future__ import annotations

import datetime as dt
import re

from greeter.core.text import counted
from greeter.till.columns import SALES, ColumnMapping
from greeter.till.csv_read import CsvFile
from greeter.till.import_result import ImportResult
from greeter.till.problems import RowProblem
from greeter.till.report import already_imported

REPORT_SAYS = " with a report saying what to fix"


def bad_rows(problems: list[RowProblem]) -> str:
    """'2 bad rows (the first: line 5, column Email)': where, not what the cells hold."""
    first = problems[0]
    where = f"line {first.line}, column {first.column}" if first.column else f"line {first.line}"
    rows = len({p.line for p in problems})
    return f"{counted(rows, 'bad row')} ({'the first: ' if rows > 1 else ''}{where})"


def first_reason(message: str, name: str) -> str:
    """The refusal's first sentence, without the file's name in front (the banner has it)."""
    first = message.splitlines()[0] if message else "it could not be read"
    return re.sub(rf"^{re.escape(name)} was not imported( \(nothing was changed\))?: ", "", first)


def columns_line(csv_file: CsvFile) -> str:
    return f"Its columns: {', '.join(csv_file.header)}."


def mapping_line(mapping: ColumnMapping) -> str:
    pairs = [f"{h} → {f}" for h, f in zip(mapping.header, mapping.fields, strict=True) if f]
    return f"Columns read ({mapping.preset}): " + ", ".join(pairs)


def sentence(name: str, result: ImportResult) -> str:
    """'Imported sales-2026-11-22.csv: 212 receipts, 3 linked to their customer.'"""
    if result.kind == SALES:
        if result.nothing_new:
            return f"Nothing new in {name}: {already_imported(result.unchanged)}."
        parts = [counted(result.new, "receipt")]
        if result.updated:  # given their customer, a total reduced by a refund, filled in …
            updated = result.lowered or result.filled or result.redated
            what = "updated" if updated else "linked to their customer"
            parts.append(f"{result.updated:,} {what}")
        if result.unchanged:
            parts.append(f"{result.unchanged:,} already there")
        if result.refunds:
            parts.append(f"{counted(len(result.refunds), 'refund')} left out")
        if result.withdrawn:
            earlier = counted(len(result.withdrawn), "earlier receipt")
            parts.append(f"{earlier} taken out (refunded or cancelled since)")
        if result.taken_back:
            one = len(result.taken_back) == 1
            returned = counted(len(result.taken_back), "item")
            parts.append(
                f"{returned} returned later, taken off {'its sale' if one else 'their sales'}"
            )
        if result.emptied:
            parts.append(f"{counted(len(result.emptied), 'sale')} taken out (given back whole)")
        if result.waiting:
            one = len(result.waiting) == 1
            waiting = counted(len(result.waiting), "returned item")
            parts.append(f"{waiting} waiting for {'its sale' if one else 'their sales'}")
    else:
        parts = [counted(result.new, "new customer")]
        if result.updated:
            parts.append(f"{result.updated:,} updated")
        if result.unchanged:
            parts.append(f"{result.unchanged:,} unchanged")
    return f"Imported {name}: {', '.join(parts)}."


def stamp() -> str:
    return f"{dt.datetime.now():%Y-%m-%d %H:%M}"
