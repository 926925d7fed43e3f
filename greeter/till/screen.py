"""A first look at every row: its width, exact repeats, and payment card numbers anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import compress
from operator import itemgetter

from greeter.core.guard import card_number_message, find_card_number, payment_card_code
from greeter.core.text import counted
from greeter.till.columns import ColumnMapping
from greeter.till.problems import BadRow, ImportRefused

# A quick first test (one C-speed pass): digits, spaces and dashes, 13 characters or more.
MAYBE_CARD = re.compile(r"\d[\d \-]{11,}\d")
# The real one, on what the quick test found: 13+ digits, at most one space or dash between.
_LONG_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){12}")
SEP = "\x00"
BLANK = SEP + " \t"


def _getter(columns: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    if len(columns) == 1:
        only = columns[0]
        return lambda row: (row[only],)
    if not columns:
        return lambda row: ()
    return itemgetter(*columns)


class Screen:
    def __init__(self, mapping: ColumnMapping, file_name: str) -> None:
        self.width = len(mapping.header)
        self._header = mapping.header
        self._scanned = mapping.scanned_for_cards()
        # A loyalty card column is the shop's own numbers: refused only when a whole code is
        # a payment card's, as when staff add a card (a shop's long codes often pass Luhn).
        self._codes = {i for i, f in enumerate(mapping.fields) if f == "card"}
        # An item's name may hold its barcode ("[4006381333924] Pool Thermometer"): a GTIN
        # there is not a card number, though it may pass Luhn.
        self._items = {i for i, f in enumerate(mapping.fields) if f == "item"}
        self.scanned = self._scanned
        self.scanned_cells = _getter(self._scanned)
        self._file_name = file_name
        self._seen: dict[str, int] = {}

    @property
    def seen(self) -> dict[str, int]:
        """Each distinct row (cells joined by SEP) and the line it was first seen on."""
        return self._seen

    def fix_width(self, row: list[str]) -> None:
        """Pad a short row; drop empty cells past the header's end; BadRow for stray ones."""
        width = self.width
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        elif any(c.strip() for c in row[width:]):
            names = counted(width, "column")
            raise BadRow("", f"has {counted(len(row), 'cell')} but the header names {names}")
        else:
            del row[width:]

    def check_cards(self, line: int, row: list[str]) -> None:
        """ImportRefused if a payment card number is in any cell (ids and amounts aside)."""
        scanned = SEP.join(self.scanned_cells(row))
        if MAYBE_CARD.search(scanned):
            self._check_cards(line, row, scanned)

    def admit(self, line: int, row: list[str]) -> int | None:
        """Fix the row's width in place. None for a blank row; the number of an earlier line
        this row repeats exactly; 0 for a new row. Raises BadRow for stray cells and
        ImportRefused for a payment card number in any cell (ids and amounts aside)."""
        if len(row) != self.width:
            self.fix_width(row)
        joined = SEP.join(row)
        if not joined.strip(BLANK):
            return None
        first = self._seen.setdefault(joined, line)
        if first != line:
            return first
        self.check_cards(line, row)
        return 0

    def check_columns(
        self, columns: Sequence[Sequence[str]], rows: Sequence[list[str]], lines: Sequence[int]
    ) -> None:
        """check_cards for a whole file at once, a column at a time: one C-level regex pass
        over each scanned column's distinct values finds the long digit runs; only the rows
        holding those values are looked at."""
        for c in self._scanned:
            column = columns[c]
            distinct = list(set(column))
            text = SEP.join(distinct)  # no NUL in CSV cells; newlines may be
            suspects: set[str] = set()
            at, position = 0, 0
            for maybe in MAYBE_CARD.finditer(text):
                if _LONG_DIGIT_RUN.search(maybe.group()):
                    at += text.count(SEP, position, maybe.start())
                    position = maybe.start()
                    suspects.add(distinct[at])
            if suspects:
                for row in compress(range(len(column)), map(suspects.__contains__, column)):
                    self.check_cards(lines[row], rows[row])

    def _check_cards(self, line: int, row: list[str], scanned: str) -> None:
        for maybe in MAYBE_CARD.finditer(scanned):
            if not _LONG_DIGIT_RUN.search(maybe.group()):
                continue
            col = self._scanned[scanned.count(SEP, 0, maybe.start())]
            if col in self._codes:
                masked = payment_card_code(row[col])
            else:
                masked = find_card_number(row[col], barcodes=col in self._items)
            if masked:
                where = f"line {line}, column {self._header[col]}"
                raise ImportRefused(
                    f"{self._file_name} was not imported: {where}: "
                    f"{card_number_message(masked)} The whole file is refused; nothing was "
                    "changed.",
                    f"a payment card number ({where}), which Greeter never stores",
                )
