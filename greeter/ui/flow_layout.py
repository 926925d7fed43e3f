"""A layout that places chips left to right and wraps them onto new lines, like text."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem

from greeter.ui.wrapping import WrappingLabel


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._heights: dict[int, int] = {}  # width → height, until the chips change
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if width not in self._heights:  # asked many times a layout pass, for few widths
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def widest_item(self) -> int:
        """The preferred width of the widest shown item: narrower, the layout squeezes it."""
        shown = (i for i in self._items if i.widget() is None or not i.widget().isHidden())
        return max((item.sizeHint().width() for item in shown), default=0)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            size = self._fitted(item, rect.width())
            if x > rect.x() and x + size.width() > rect.right() + 1:
                x, y, line_height = rect.x(), y + line_height + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + gap
            line_height = max(line_height, size.height())
        return y + line_height - rect.y()

    @staticmethod
    def _fitted(item: QLayoutItem, width: int) -> QSize:
        """The item's preferred size; one wider than a whole line gets the line, and the
        height that takes when it can wrap (a Chip): a long chip never widens a narrow panel
        (a button is then given the line, and shortens its own text to fit)."""
        hint = item.sizeHint()
        if hint.width() <= width:
            return hint
        if not item.hasHeightForWidth():
            return QSize(max(width, item.minimumSize().width()), hint.height())
        return QSize(width, item.heightForWidth(width))


class Chip(WrappingLabel):
    """A short text for a flow layout: on one line where there is room, wrapped only on a
    line too narrow for it (a narrow panel). Plain text: customer data is never HTML."""

    def __init__(self, name: str = "") -> None:
        self._one_line: tuple[str, QSize] | None = None
        self._padding: int | None = None  # one line's width less the text's, once known
        super().__init__(name=name)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # A word-wrapped QLabel hints a narrow block even when its text would fit one line.
        text = self.text()
        if self._one_line is None or self._one_line[0] != text:
            self._one_line = (text, self._one_line_size(text))
        return self._one_line[1]

    def _one_line_size(self, text: str) -> QSize:
        """The narrowest width at which the text still takes one line, by the label's own
        height-for-width: where this chip's padding and the text's width put it, when that
        checks out (a card shows a new name on every scan), else found by bisection."""
        height = self.heightForWidth(_WIDEST)
        floor = self.minimumSizeHint().width()  # the longest word's

        def one_line(width: int) -> bool:
            return width >= floor and self.heightForWidth(width) <= height

        advance = self.fontMetrics().horizontalAdvance(text)
        if self._padding is not None:
            guess = advance + self._padding
            for width in (guess, guess + 1, guess - 1):  # text widths round either way
                if one_line(width) and not one_line(width - 1):
                    return QSize(width, height)
        low, high = floor, _WIDEST
        while low < high:
            middle = (low + high) // 2
            if one_line(middle):
                high = middle
            else:
                low = middle + 1
        self._padding = low - advance
        return QSize(low, height)


_WIDEST = 4096
