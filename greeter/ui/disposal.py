"""Dialogs let go of once answered: one kept by its parent, the window, stays in memory all
day with the customer it showed, and every later dialog opens more slowly."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)
Draft = TypeVar("Draft")


@contextlib.contextmanager
def disposed(dialog: D) -> Iterator[D]:
    """The dialog, deleted once the block has read its answer."""
    try:
        yield dialog
    finally:
        dialog.deleteLater()


def drafted(
    dialog: QDialog, draft: Callable[[], Draft], put_away: Callable[[Draft], object] | None
) -> Draft | None:
    """Open `dialog`, then let it go: its `draft()` once saved, or None if cancelled, when
    `put_away` (if given) gets what it held."""
    with disposed(dialog):
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return draft()
        if put_away is not None:
            put_away(draft())
        return None
