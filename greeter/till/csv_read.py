"""Reading a till's CSV file as it comes: encoding, delimiter, quoted newlines and huge cells."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greeter.till.cells import unescape_cell
from greeter.till.problems import ImportRefused

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_MAX_FIELD = 2**31 - 1


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
        """A csv reader past the header; its `line_num` is the last physical line read."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
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
            raise self.unreadable(reader.line_num + 1, error) from None

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
            raise self.unreadable(reader.line_num + 1, error) from None

    def unreadable(self, line: int, error: csv.Error) -> ImportRefused:
        return ImportRefused(f"{self.path.name} line {line} cannot be read as CSV ({error}).")


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
    first_row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
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
