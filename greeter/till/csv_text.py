"""A till's file as text, a block at a time: its encoding, its line ends and the control
characters to drop, found in a first reading; then the text as the csv module is given it, as
often as its rows are read. Never the whole text at once: for a big file that would take one
to four bytes a character for as long as it is imported."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

LINE_END = re.compile(r"\r\n|\r|\n")  # what the csv module counts as a line
_LONE_CR = re.compile(r"\r(?!\n)")
# Control characters no till means to put in a cell (tab, line ends, vertical tab and form
# feed aside: those are spacing, and clean_text reads them so). They are dropped.
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
BLOCK = 1 << 18  # bytes read at a time
OLD_MAC = "old mac"  # lines end in a CR alone: every CR alone ends a line
CRS_IN_CELLS = "crs in cells"  # lines end in LF or CRLF: a CR alone in a cell is a space


class TextForm(NamedTuple):
    """How the file's bytes are read as the text the csv module is given."""

    codec: str  # "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig" or "cp1252"
    controls: bool  # it holds control characters, dropped
    line_ends: str  # "" (as they are), OLD_MAC or CRS_IN_CELLS
    delimiter: str


@dataclass
class Survey:
    """What a first reading of the whole file finds."""

    encoding: str  # "utf-8", "utf-16" or "cp1252"
    codec: str
    sha256: str = ""
    first_line: str = ""
    old_mac: bool = False  # its first line ends in a CR alone
    lone_crs: int = 0  # CRs not followed by an LF
    controls: bool = False
    has_nul: bool = False
    newlines: int = 0
    chars: int = 0

    def form(self, delimiter: str) -> TextForm:
        line_ends = OLD_MAC if self.old_mac else CRS_IN_CELLS if self.lone_crs else ""
        return TextForm(self.codec, self.controls, line_ends, delimiter)

    @property
    def line_count(self) -> int:
        """The text's line ends, plus one, once old Macs' CRs are LFs."""
        return self.newlines + (self.lone_crs if self.old_mac else 0) + 1


def survey(path: Path) -> Survey | None:
    """The file read once: as UTF-16 if it looks so, else UTF-8 (with or without a byte order
    mark), else Windows-1252; None if it is none of them. Raises OSError."""
    with path.open("rb") as handle:
        utf16 = _utf16(handle.read(4096))
    tries = [(utf16, "utf-16")] if utf16 else []
    for codec, encoding in [*tries, ("utf-8-sig", "utf-8"), ("cp1252", "cp1252")]:
        try:
            return _survey_as(path, Survey(encoding, codec))
        except UnicodeDecodeError:
            pass
    return None


def file_pieces(path: Path, form: TextForm, digest: Any) -> Iterator[str]:
    """The text as the csv module reads it, a block or so at a time, each piece ending with a
    whole line; the bytes read go into `digest`. Raises OSError, and UnicodeDecodeError if
    the file is no longer in its encoding."""
    texts: Iterable[str] = (text for _, text in _decoded(path, form.codec, digest))
    if form.controls:
        texts = map(partial(_CONTROLS.sub, ""), texts)
    quoted = False
    for piece in _whole_lines(texts, cr_ends_lines=form.line_ends == OLD_MAC):
        if form.line_ends == OLD_MAC:
            piece = _LONE_CR.sub("\n", piece)
        elif form.line_ends == CRS_IN_CELLS:
            piece, quoted = _crs_in_cells(piece, form.delimiter, quoted)
        yield piece


def _survey_as(path: Path, found: Survey) -> Survey:
    digest = hashlib.sha256()

    def texts() -> Iterator[str]:
        for block, text in _decoded(path, found.codec, digest):
            if _has_controls(block, text, found.codec):
                found.controls = True
                text = _CONTROLS.sub("", text)
            yield text

    first = True
    for piece in _whole_lines(texts(), cr_ends_lines=True):  # never between a CR and its LF
        if first:
            first = False
            first_end = LINE_END.search(piece)
            found.first_line = piece[: first_end.start()] if first_end else piece
            found.old_mac = first_end is not None and first_end.group() == "\r"
        found.has_nul = found.has_nul or "\x00" in piece
        if "\r" in piece:
            found.lone_crs += piece.count("\r") - piece.count("\r\n")
        found.newlines += piece.count("\n")
        found.chars += len(piece)
    found.sha256 = digest.hexdigest()
    return found


def _decoded(path: Path, codec: str, digest: Any) -> Iterator[tuple[bytes, str]]:
    """The file a block at a time, with its text (a byte order mark dropped);
    UnicodeDecodeError if it is not in `codec`."""
    decoder = codecs.getincrementaldecoder(codec)()
    start = True
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
            text = decoder.decode(block)
            if start and text:
                start = False
                text = text.removeprefix("\ufeff")
            yield block, text
    yield b"", decoder.decode(b"", final=True)


def _whole_lines(texts: Iterable[str], *, cr_ends_lines: bool) -> Iterator[str]:
    """`texts` cut again so that each piece ends with a whole line: at an LF, or at a CR alone
    if `cr_ends_lines` (never between a CR and its LF)."""
    held: list[str] = []
    for text in texts:
        end = text.rfind("\n") + 1
        if not end and cr_ends_lines:
            end = text.rfind("\r", 0, len(text) - 1) + 1  # not the last: an LF may follow
        if end:
            yield "".join([*held, text[:end]])
            held = [text[end:]]
        else:
            held.append(text)
    if rest := "".join(held):
        yield rest


def _utf16(data: bytes) -> str | None:
    """The codec of a UTF-16 file: by its byte order mark (Excel's "Unicode text" has one),
    else when every other byte of its start is zero, as UTF-16 writes Latin letters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # reads the mark, and drops it
    start = data[:4096]
    pairs = len(start) // 2
    if pairs < 2:
        return None
    low, high = start[0 : 2 * pairs : 2].count(0), start[1 : 2 * pairs : 2].count(0)
    if high >= pairs // 2 and low < high // 8:
        return "utf-16-le"
    if low >= pairs // 2 and high < low // 8:
        return "utf-16-be"
    return None


def _has_controls(data: bytes, text: str, codec: str) -> bool:
    if codec.startswith("utf-16"):
        return _CONTROLS.search(text) is not None
    # In UTF-8 and Windows-1252 a control character is its own byte: a quicker look.
    return len(data.translate(None, _CONTROL_BYTES)) < len(data)


def _crs_in_cells(text: str, delimiter: str, quoted: bool) -> tuple[str, bool]:
    """The text of a file whose lines end in LF or CRLF, with each CR alone outside quotes
    made a space: the csv module would end the row there and read the rest of the cell as a
    new row. One inside a quoted cell is kept, as the line break it is there. Quotes are read
    as the csv module reads them: one opens a cell only as its first character. `quoted`: the
    text starts inside a quoted cell; returned with the text: whether it ends inside one."""
    marks = re.compile(f'"|{re.escape(delimiter)}|\r\n|\r|\n')
    lone: list[int] = []
    cell_start, closed = 0, -1
    for mark in marks.finditer(text):
        at = mark.start()
        if quoted:
            if mark.group() == '"':
                quoted, closed = False, at + 1
        elif mark.group() == '"':
            quoted = at in (cell_start, closed)  # right after a closing one: a doubled quote
        elif mark.group() == "\r":
            lone.append(at)
        else:  # a delimiter or a line end
            cell_start = mark.end()
    if not lone:
        return text, quoted
    starts = [0, *(at + 1 for at in lone)]
    ends = [*lone, len(text)]
    return " ".join(text[start:end] for start, end in zip(starts, ends, strict=True)), quoted
