"""The day's list on the idle screen: one list, section headings, each line opens a card."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from greeter.core.day_list import DayLine, DayList

_Index = QModelIndex | QPersistentModelIndex
LineRole = Qt.ItemDataRole.UserRole + 1
# A follow-up's reason in its urgency's colour, as on the card: red once overdue, amber on
# the day it is due (7:1 on the list's white). Not in bold: beside a till it would cut off
# "overdue by 3 days" sooner.
OVERDUE, DUE_TODAY = QColor("#A12A1E"), QColor("#7A5200")


class DayListModel(QAbstractListModel):
    """Rows are section headings (str) and lines (DayLine); only lines can be chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[str | DayLine] = []
        self._day = dt.date.min

    def set_day_list(self, day_list: DayList) -> None:
        self.beginResetModel()
        self._rows = []
        self._day = day_list.day
        for section in day_list.sections:
            if not section.lines:
                continue
            more = f"  (+{section.more} more)" if section.more else ""
            self._rows.append(section.title.upper() + more)
            self._rows.extend(section.lines)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if isinstance(self._rows[index.row()], DayLine):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if isinstance(row, str):
            return row if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.name} — {row.reason}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail or None
        if role == LineRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.due is not None:  # the reason's
            return OVERDUE if row.due < self._day else DUE_TODAY if row.due == self._day else None
        return None

    def line_rows(self) -> list[int]:
        return [n for n, row in enumerate(self._rows) if isinstance(row, DayLine)]


class _DayListDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        line = index.data(LineRole)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        if not isinstance(line, DayLine):
            font = QFont(option.font)  # type: ignore[attr-defined]
            font.setPointSizeF(10)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#6B6357"))
            painter.drawText(
                rect.adjusted(14, 12, -14, 0),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(index.data()),
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("#0E6B66"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect.adjusted(4, 2, -4, -2), 8, 8)
        name_font = QFont(option.font)  # type: ignore[attr-defined]
        name_font.setPointSizeF(14)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(QColor("#FFFFFF") if selected else QColor("#14201F"))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        inner = rect.adjusted(16, 0, -16, 0)
        painter.drawText(inner, flags, line.name)
        offset = painter.fontMetrics().horizontalAdvance(line.name) + 14
        urgency = index.data(Qt.ItemDataRole.ForegroundRole)
        reason_font = QFont(option.font)  # type: ignore[attr-defined]
        reason_font.setPointSizeF(13)
        painter.setFont(reason_font)
        if selected:
            painter.setPen(QColor("#E8F1EF"))
        else:
            painter.setPen(urgency if isinstance(urgency, QColor) else QColor("#3F474B"))
        elided = painter.fontMetrics().elidedText(
            line.reason, Qt.TextElideMode.ElideRight, inner.width() - offset
        )
        painter.drawText(inner.adjusted(offset, 0, 0, 0), flags, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(300, 44 if isinstance(index.data(LineRole), DayLine) else 36)


class DayListView(QListView):
    chosen = Signal(int)  # customer id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_model = DayListModel(self)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("dayList")
        self.setModel(self.day_model)
        self.setItemDelegate(_DayListDelegate(self))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)

    def _connect_signals(self) -> None:
        self.clicked.connect(self._on_self_clicked)

    def _on_self_clicked(self, index: QModelIndex) -> None:
        line = index.data(LineRole)
        if isinstance(line, DayLine):
            self.chosen.emit(line.customer_id)

    def show_day_list(self, day_list: DayList) -> None:
        self.day_model.set_day_list(day_list)
        self.clearSelection()
        self.setCurrentIndex(QModelIndex())

    def step(self, steps: int) -> None:
        rows = self.day_model.line_rows()
        if not rows:
            return
        current = self.currentIndex().row()
        if current in rows:
            position = max(0, min(len(rows) - 1, rows.index(current) + steps))
        else:
            position = 0 if steps > 0 else len(rows) - 1
        self.setCurrentIndex(self.day_model.index(rows[position]))

    def current_customer(self) -> int | None:
        line = self.currentIndex().data(LineRole)
        return line.customer_id if isinstance(line, DayLine) else None

    def choose(self, customer_id: int | None) -> None:
        """Make the customer's first line the current one, if they are on the list."""
        for row in self.day_model.line_rows():
            index = self.day_model.index(row)
            line = index.data(LineRole)
            if customer_id is not None and line.customer_id == customer_id:
                self.setCurrentIndex(index)
                return
