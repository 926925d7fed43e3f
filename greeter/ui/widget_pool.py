"""Widgets kept from card to card: the rows a card needs are refilled, the rest hidden.

Building a widget costs far more than refilling one (the stylesheet is matched again for
every new widget), so a pool only ever grows to the most rows any card has needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


class Pool(Generic[W]):
    def __init__(
        self,
        make: Callable[[int], W],
        place: Callable[[W], None],
        blank: Callable[[W], None],
    ) -> None:
        """`make(n)` builds the n-th widget, `place` puts it in its layout, and `blank`
        empties one that is put away, so no earlier customer's text stays behind."""
        self._make, self._place, self._blank = make, place, blank
        self._widgets: list[W] = []
        self._shown = 0

    def __len__(self) -> int:
        return len(self._widgets)

    def fill(self, items: Sequence[T], put: Callable[[W, T], None]) -> None:
        """Show one widget per item, each filled by `put(widget, item)` before it shows."""
        for index, item in enumerate(items):
            if index == len(self._widgets):
                widget = self._make(index)
                widget.hide()  # shown below, once filled: polished once, with its text
                self._place(widget)
                self._widgets.append(widget)
            put(self._widgets[index], item)
        for widget in self._widgets[len(items) : self._shown]:
            widget.hide()
            self._blank(widget)
        for widget in self._widgets[: len(items)]:
            widget.show()
        self._shown = len(items)
