"""Spreadsheet-safe cells: an apostrophe defuses formulas on export and is removed on import."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = frozenset("=+-@\t\r")
_STRIPPED_AFTER_APOSTROPHE = FORMULA_STARTS | {"'"}


def escape_cell(text: str) -> str:
    """'=SUM(A1)' → "'=SUM(A1)"; "'-3" → "''-3" so that unescape_cell gives it back exactly."""
    if text and (
        text[0] in FORMULA_STARTS or (text[0] == "'" and text[1:2] in _STRIPPED_AFTER_APOSTROPHE)
    ):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo escape_cell: "'+16135550123" → '+16135550123', "'-3.00" → '-3.00'. Other cells that
    start with an apostrophe ("'Tis") are left alone."""
    if text[:1] == "'" and text[1:2] in _STRIPPED_AFTER_APOSTROPHE and len(text) > 1:
        return text[1:]
    return text
