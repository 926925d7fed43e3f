"""Reading a till's CSV file as it comes: encoding (UTF-16 too), delimiter, line ends (old Macs'
CR too), quoted newlines, huge cells, stray control characters, and quotes left open (which
refuse the file rather than swallow the rest of it). Its rows are read from the file as they
are asked for (see csv_text): the file is never held whole."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from greeter.till.cells import unescape_cell
from greeter.till.csv_text import LINE_END, TextForm, file_pieces, survey
from greeter.till.problems import ImportRefused

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_MAX_FIELD = 2**31 - 1
_PIECE = 1 << 20  # characters of a text held whole handed to the csv module at a time
NUL_IN_CELL = (
    "holds a NUL character, which no till writes in a cell: the file may be damaged or cut "
    "short. Check this row in the till and export the file again"
)


class FileChanged(ImportRefused):
    """The file is no longer what was opened: a till or a person wrote to it since."""


@dataclass(frozen=True)
class CsvFile:
    """A till's file, opened: what it holds is read from disk again each time it is asked for."""

    path: Path
    sha256: str
    encoding: str  # "utf-8", "utf-16" or "cp1252"
    delimiter: str
    header: tuple[str, ...]
    has_nul: bool  # some cell holds a NUL character: the readers refuse its row (see nul_cell)
    line_count: int  # its line ends, plus one (as an editor numbers its last line)
    form: TextForm = field(repr=False)

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]

    @property
    def text(self) -> str:
        """The whole text, as the csv module reads it (for error messages and small files)."""
        return "".join(self._pieces())

    def reader(self) -> Any:  # _csv.reader, whose type is private
        """A csv reader past the header; its `line_num` is the last physical line read. It
        raises csv.Error at a quote left open or closed in the middle of a cell (see
        unreadable()), and FileChanged if the file changed since it was opened."""
        reader = _reader(self._pieces(), self.delimiter)
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

    def row_at(self, line: int) -> list[str]:
        """The cells of the row that starts on `line` (as rows() numbers them); [] if none does."""
        return next((cells for start, cells in self.rows() if start == line), [])

    def unreadable(self, error: csv.Error) -> ImportRefused:
        """Why the reader stopped, and where: mostly a quote left open or closed too soon."""
        return _unreadable(self.path.name, self.text, self.delimiter, error)

    def _pieces(self) -> Iterator[str]:
        """The text, read from the file again a block at a time; FileChanged once it is read
        to the end if it is no longer what was opened (a till still writing it)."""
        digest = hashlib.sha256()
        try:
            yield from file_pieces(self.path, self.form, digest)
        except (OSError, UnicodeDecodeError):
            pass  # the file is gone, or no longer in its encoding: it changed
        else:
            if digest.hexdigest() == self.sha256:
                return
        raise FileChanged(
            f"{self.path.name} was not imported (nothing was changed): it changed while "
            "Greeter was reading it. Wait until the till has finished writing it, then "
            "import it again."
        )


def read_csv(path: Path | str) -> CsvFile:
    """Read the whole file once, a block at a time, to find how to read it: UTF-8 (with or
    without BOM), UTF-16 (Excel's "Unicode text"), else Windows-1252; the delimiter is
    whichever of , ; or tab splits the header row into the most columns. Lines may end in
    LF, CRLF or CR alone (old Macs); in a file whose lines end in LF or CRLF, a CR alone in a
    cell that is not quoted is read as a space, not as the start of another row. Stray
    control characters are dropped; a NUL is left for the readers to refuse its row (see
    nul_cell). Its rows are read from the file again as they are asked for."""
    path = Path(path)
    try:
        found = survey(path)
    except OSError as error:
        raise ImportRefused(f"Cannot read {path}: {error.strerror or error}.") from None
    if found is None:
        raise ImportRefused(
            f"{path.name} is not a text file Greeter can read (neither UTF-8 nor "
            "Windows-1252). Save it from the spreadsheet as “CSV UTF-8” and try again."
        )
    first_line = found.first_line
    if not first_line.strip():
        raise ImportRefused(f"{path.name} is empty: the first line should name the columns.")
    if "\x00" in first_line:
        raise ImportRefused(
            f"{path.name} is not a text file Greeter can read: its first line holds NUL "
            "characters (it may be damaged, or saved in a format other than CSV). Save it from "
            "the spreadsheet as “CSV UTF-8”, or export it from the till again, and try again."
        )
    delimiter = max(DELIMITERS, key=lambda d: len(_split(first_line, d)))  # ties: first wins
    csv.field_size_limit(max(csv.field_size_limit(), min(found.chars + 1, _MAX_FIELD)))
    csv_file = CsvFile(path, found.sha256, found.encoding, delimiter, (), found.has_nul,
                       found.line_count, found.form(delimiter))  # fmt: skip
    try:
        first_row: list[str] = next(_reader(csv_file._pieces(), delimiter), [])
    except csv.Error as error:
        raise csv_file.unreadable(error) from None
    header = tuple(unescape_cell(c.strip()) for c in first_row)
    return replace(csv_file, header=header)


def nul_cell(cells: list[str]) -> int | None:
    """The first cell holding a NUL character (NUL_IN_CELL says why its row is refused)."""
    return next((n for n, cell in enumerate(cells) if "\x00" in cell), None)


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a field too large: the reader says more, once the delimiter is chosen
        return [line]


def _reader(pieces: Iterable[str], delimiter: str) -> Any:
    # Strict, or a quote that is never closed makes the rest of the file one cell, and a quote
    # missing its pair glues cells and lines together, both without a word.
    lines = chain.from_iterable(map(partial(io.StringIO, newline=""), pieces))
    return csv.reader(lines, delimiter=delimiter, strict=True)


def _text_pieces(text: str) -> Iterator[str]:
    """The text a megabyte or so at a time, each piece ending with a whole line: a StringIO
    of the whole text would take four bytes a character (236 MB for a 62 MB file)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _unreadable(name: str, text: str, delimiter: str, error: csv.Error) -> ImportRefused:
    line = _failing_record(text, delimiter)
    fault = _bad_quote(text, _offset_of_line(text, line), delimiter)
    if fault is None:
        return ImportRefused(f"{name} line {line} cannot be read as CSV ({error}).")
    opened, closed = fault
    line = _line_of(text, opened)
    quote = f'a quote (") opened on line {line}'
    # For screens others may see: a quote closed too early quotes the cell's text after it.
    shown = (
        "" if closed is None else f"{quote} {_what_went_wrong(text, opened, closed, quoting=False)}"
    )
    return ImportRefused(
        f"{name} was not imported (nothing was changed): {quote} "
        f"{_what_went_wrong(text, opened, closed)}\nCorrect line {line} in a text editor or a "
        "spreadsheet and save it as CSV again, or export the file from the till again.",
        shown,
    )


def _what_went_wrong(text: str, opened: int, closed: int | None, *, quoting: bool = True) -> str:
    """`quoting`: with the text after a quote closed too early (for the file's report)."""
    if closed is None:
        return "is never closed, so the rest of the file would be read as one cell"
    line = _line_of(text, closed)
    on_line = f" on line {line}" if line != _line_of(text, opened) else ""
    after = LINE_END.split(text[closed + 1 : closed + 41], maxsplit=1)[0][:20]
    before = f", before “{after}”" if quoting else ""
    return (
        f"is closed{on_line} in the middle of a cell{before}: a quote is missing, "
        'or one inside a quoted cell is not doubled ("")'
    )


def _failing_record(text: str, delimiter: str) -> int:
    """The first line of the record at which a strict reader stops."""
    reader = _reader(_text_pieces(text), delimiter)
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
    end = next(islice(LINE_END.finditer(text), line - 2, None), None)
    return end.end() if end else len(text)


def _line_of(text: str, offset: int) -> int:
    return 1 + len(LINE_END.findall(text, 0, offset))
