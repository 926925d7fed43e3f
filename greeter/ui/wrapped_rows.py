"""Rows of a list whose text wraps (a note, a backup), each as tall as its text needs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem


class WrappedRows(QStyledItemDelegate):
    """Qt sizes a wrapping row by wrapping its text at the row's whole width, then draws the
    text inside the stylesheet's padding: narrower, so in more lines than the row has room
    for, the last one cut short with "…"; and it keeps the rows it sized for a viewport the
    scroll bar has since narrowed. Here each row is sized at the width its text is drawn in,
    again whenever the list's width changes, and never wider than the list: no sideways
    scrolling. `padding`: the left and right padding of the list's `::item` in theme.qss."""

    def __init__(self, view: QListView, padding: int) -> None:
        super().__init__(view)
        self._view = view
        self._padding = padding
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)  # sized again as the width changes
        view.setItemDelegate(self)

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self._view.viewport().width()
        inside = QStyleOptionViewItem(option)
        inside.rect = QRect(0, 0, max(1, width - self._padding), 1)
        return QSize(width, super().sizeHint(inside, index).height())
