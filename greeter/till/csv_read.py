"""Reading a till's CSV file as it comes: encoding, delimiter, quoted newlines, huge cells, and
quotes left open (which refuse the file rather than swallow the rest of it)."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from greeter.till.cells import unescape_cell
from greeter.till.problems import ImportRefused

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_MAX_FIELD = 2**31 - 1
_LINE_END = re.compile(r"\r\n|\r|\n")  # what the csv module counts as a line


@dataclass(frozen=True)
class CsvFile:
    path: Path
    text: str
    sha256: str
    encoding: str  # "utf-8" or "cp1252"
    delimiter: str
    header: tuple[str, ...]

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]

    def reader(self) -> Any:  # _csv.reader, whose type is private
        """A csv reader past the header; its `line_num` is the last physical line read. It
        raises csv.Error at a quote left open or closed in the middle of a cell: see
        unreadable()."""
        reader = _reader(self.text, self.delimiter)
        next(reader, None)
        return reader

    def rows_with_blanks(self) -> Iterator[tuple[int, list[str]]]:
        """Like rows(), blank lines included (as empty rows)."""
        reader = self.reader()
        try:
            previous = reader.line_num
            for row in reader:
                yield previous + 1, row
                previous = reader.line_num
        except csv.Error as error:
            raise self.unreadable(error) from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(first line number, cells) of every data row; blank lines are skipped. Line numbers
        count physical lines, so a quoted newline inside a cell is counted as in an editor."""
        reader = self.reader()
        try:
            previous = reader.line_num
            for row in reader:
                start = previous + 1
                previous = reader.line_num
                if row:
                    yield start, row
        except csv.Error as error:
            raise self.unreadable(error) from None

    def unreadable(self, error: csv.Error) -> ImportRefused:
        """Why the reader stopped, and where: mostly a quote left open or closed too soon."""
        return _unreadable(self.path.name, self.text, self.delimiter, error)


def read_csv(path: Path | str) -> CsvFile:
    """Read and decode the whole file: UTF-8 (with or without BOM), else Windows-1252; the
    delimiter is whichever of , ; or tab splits the header row into the most columns."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"Cannot read {path}: {error.strerror or error}.") from None
    text, encoding = _decode(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise ImportRefused(f"{path.name} is empty: the first line should name the columns.")
    delimiter = max(DELIMITERS, key=lambda d: len(_split(first_line, d)))  # ties: first wins
    csv.field_size_limit(max(csv.field_size_limit(), min(len(text) + 1, _MAX_FIELD)))
    try:
        first_row: list[str] = next(_reader(text, delimiter), [])
    except csv.Error as error:
        raise _unreadable(path.name, text, delimiter, error) from None
    header = tuple(unescape_cell(c.strip()) for c in first_row)
    return CsvFile(path, text, hashlib.sha256(data).hexdigest(), encoding, delimiter, header)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{path.name} is not a text file Greeter can read (neither UTF-8 nor Windows-1252). "
            "Save it from the spreadsheet as “CSV UTF-8” and try again."
        ) from None


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])


def _reader(text: str, delimiter: str) -> Any:
    # Strict, or a quote that is never closed makes the rest of the file one cell, and a quote
    # missing its pair glues cells and lines together, both without a word.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _unreadable(name: str, text: str, delimiter: str, error: csv.Error) -> ImportRefused:
    line = _failing_record(text, delimiter)
    fault = _bad_quote(text, _offset_of_line(text, line), delimiter)
    if fault is None:
        return ImportRefused(f"{name} line {line} cannot be read as CSV ({error}).")
    opened, closed = fault
    line = _line_of(text, opened)
    return ImportRefused(
        f'{name} was not imported (nothing was changed): a quote (") opened on line {line} '
        f"{_what_went_wrong(text, opened, closed)}\nCorrect line {line} in a text editor or a "
        "spreadsheet and save it as CSV again, or export the file from the till again."
    )


def _what_went_wrong(text: str, opened: int, closed: int | None) -> str:
    if closed is None:
        return "is never closed, so the rest of the file would be read as one cell"
    line = _line_of(text, closed)
    on_line = f" on line {line}" if line != _line_of(text, opened) else ""
    after = _LINE_END.split(text[closed + 1 : closed + 41], maxsplit=1)[0][:20]
    return (
        f"is closed{on_line} in the middle of a cell, before “{after}”: a quote is missing, "
        'or one inside a quoted cell is not doubled ("")'
    )


def _failing_record(text: str, delimiter: str) -> int:
    """The first line of the record at which a strict reader stops."""
    reader = _reader(text, delimiter)
    start = 1
    with contextlib.suppress(csv.Error):
        for _row in reader:
            start = reader.line_num + 1
    return start


def _bad_quote(text: str, at: int, delimiter: str) -> tuple[int, int | None] | None:
    """In the record that starts at offset `at`, the quote that breaks it: where it opens,
    and where it closes in the middle of a cell (None: never). Cells are read as the csv
    module reads them: a quote opens a cell only as its first character."""
    cell_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    while at < len(text):
        if text[at] == '"':
            close = _closing_quote(text, at)
            if close is None or text[close + 1 : close + 2] not in ("", delimiter, "\r", "\n"):
                return at, close
            at = close + 1
        else:
            end = cell_end.search(text, at)
            at = end.start() if end else len(text)
        if text[at : at + 1] != delimiter:
            return None  # the record ends without a broken quote
        at += 1
    return None


def _closing_quote(text: str, opening: int) -> int | None:
    """The quote that closes the one at `opening`: the next that is not doubled ("")."""
    at = opening + 1
    while (close := text.find('"', at)) >= 0:
        if text[close + 1 : close + 2] != '"':
            return close
        at = close + 2
    return None


def _offset_of_line(text: str, line: int) -> int:
    if line <= 1:
        return 0
    end = next(islice(_LINE_END.finditer(text), line - 2, None), None)
    return end.end() if end else len(text)


def _line_of(text: str, offset: int) -> int:
    return 1 + len(_LINE_END.findall(text, 0, offset))
