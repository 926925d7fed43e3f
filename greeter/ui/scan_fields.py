"""Fields a scanned code is meant for (a customer's cards, a search for the card's owner): a
scan into one is typed there, rather than opening the customer whose card it is."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

from greeter.till.scanner import SCAN_FIELD

ADDS = "adds"  # SCAN_FIELD's value on a field that lists several codes
_SEPARATORS = re.compile(r"[,;\n]+")


def split_items(text: str) -> tuple[str, ...]:
    """Several phones, emails or cards typed in one field, one per line or comma-separated."""
    return tuple(part.strip() for part in _SEPARATORS.split(text) if part.strip())


def take_scans(field: QLineEdit, *, adds: bool = False) -> None:
    """Let a scan into `field` type its code there: in place of what it holds (a search),
    or, with `adds`, after the codes it lists (a customer's cards: a scan adds one)."""
    field.setProperty(SCAN_FIELD, ADDS if adds else True)


def type_scan(field: QObject, code: str) -> None:
    """Type a scanned `code` into a field that takes scans, as a person would: undoable, and
    the field's listeners (a search as you type) told. A code it lists already stays once."""
    if not isinstance(field, QLineEdit) or field.isReadOnly() or not field.isEnabled():
        return
    text = code
    if field.property(SCAN_FIELD) == ADDS:
        listed = split_items(field.text())
        if code.casefold() in (item.casefold() for item in listed):
            return
        text = ", ".join([*listed, code])
    field.selectAll()
    field.insert(text)
