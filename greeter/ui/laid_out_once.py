"""Refilling a panel full of layouts, then laying it out once.

Left to itself, Qt lays a panel out again every time one of its widgets is shown (all the
way up to the window), and settles nested layouts one level per turn of the event loop:
refilling a card would lay it out dozens of times, and its first frame would show a
half-updated layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLayout, QWidget


@contextmanager
def laid_out_once(
    panel: QWidget, before_panel: Callable[[], object] = lambda: None
) -> Iterator[None]:
    """Hold every layout in `panel` while the body runs, then lay it all out, innermost
    first, so each layout sees its children's final sizes. `before_panel` runs once the
    contents are laid out, before the panel itself (to decide its size from theirs)."""
    held = _layouts_within(panel, itself=True)
    for layout in held:
        layout.setEnabled(False)
    try:
        yield
    finally:
        for layout in held:
            layout.setEnabled(True)
        for layout in reversed(_layouts_within(panel, itself=False)):  # new rows too
            layout.activate()
        _forget_sizes(panel.layout())  # its rows and columns still hold the old sizes
        before_panel()
        # The panel's own layout last, as the event loop would: a scroll area holding the
        # panel resizes it on this request first.
        QApplication.sendEvent(panel, QEvent(QEvent.Type.LayoutRequest))


def _layouts_within(panel: QWidget, *, itself: bool) -> list[QLayout]:
    """The layouts of `panel`'s descendants (and its own), each before its children's."""
    widgets = [panel, *panel.findChildren(QWidget)] if itself else panel.findChildren(QWidget)
    return [layout for layout in (w.layout() for w in widgets) if layout is not None]


def _forget_sizes(layout: QLayout | None) -> None:
    """What activating `layout` does first: make it and its nested layouts ask again."""
    if layout is None:
        return
    layout.invalidate()
    for index in range(layout.count()):
        item = layout.itemAt(index)
        _forget_sizes(item.layout() if item is not None else None)
