"""Dialogs let go of once answered: one kept by its parent, the window, stays in memory all
day with the customer it showed, and every later dialog opens more slowly."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


@contextlib.contextmanager
def disposed(dialog: D) -> Iterator[D]:
    """The dialog, deleted once the block has read its answer."""
    try:
        yield dialog
    finally:
        dialog.deleteLater()
