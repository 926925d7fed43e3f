"""The list of people a typed name could mean, each with a detail to tell namesakes apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter, QStaticText
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from greeter.core.models import SearchHit
from greeter.core.timefmt import ago

_Index = QModelIndex | QPersistentModelIndex
DetailRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


def describe(hit: SearchHit, today: dt.date) -> tuple[str, str]:
    name = hit.preferred_name
    if hit.full_name and hit.full_name != hit.preferred_name:
        name = f"{hit.preferred_name}  ·  {hit.full_name}"
    details = []
    if hit.phone_ending:
        details.append(f"phone ending {hit.phone_ending}")
    details.append(
        f"last visit {ago(hit.last_visit, today)}" if hit.last_visit else "no visits yet"
    )
    return name, "   ·   ".join(details)


class CandidateModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, str]] = []

    def set_rows(self, hits: Sequence[SearchHit], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = [(h.customer_id, *describe(h, today)) for h in hits]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        customer_id, name, detail = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return name
        if role == DetailRole:
            return detail
        if role == IdRole:
            return customer_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return detail
        return None


_KEPT_TEXTS = 4000  # laid-out texts kept for the next keystrokes; then started afresh


class _TwoLineDelegate(QStyledItemDelegate):
    """Each candidate as two lines: the name, large and bold, and what tells them apart.
    Runs for every visible row on every keystroke, so it does as little as it can: the
    texts are laid out once (QStaticText) and drawn again from that."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._fonts: tuple[QFont, QFont] | None = None
        self._texts: dict[tuple[str, bool], QStaticText] = {}

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont]:
        if self._fonts is None:
            name_font, detail_font = QFont(font), QFont(font)
            name_font.setPointSizeF(15)
            name_font.setBold(True)
            detail_font.setPointSizeF(11)
            self._fonts = (name_font, detail_font)
        return self._fonts

    def _static(self, text: str, is_name: bool, font: QFont) -> QStaticText:
        found = self._texts.get((text, is_name))
        if found is None:
            if len(self._texts) > _KEPT_TEXTS:
                self._texts.clear()
            found = self._texts[(text, is_name)] = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(font=font)
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        widget = option.widget  # type: ignore[attr-defined]
        if selected and widget is not None:  # the theme draws only the selected row's panel
            base = QStyleOptionViewItem(option)
            self.initStyleOption(base, index)
            base.text = ""
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, widget)
        name_font, detail_font = self._fonts_for(option.font)  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(14, 6, -14, -6)  # type: ignore[attr-defined]
        middle = rect.top() + rect.height() // 2 + 4
        painter.save()
        painter.setClipRect(rect)
        for text, font, top, bottom, pen in (
            (index.data(), name_font, rect.top(), middle, Qt.GlobalColor.black),
            (index.data(DetailRole), detail_font, middle, rect.bottom(), Qt.GlobalColor.darkGray),
        ):
            static = self._static(str(text), font is name_font, font)
            painter.setFont(font)
            painter.setPen(Qt.GlobalColor.white if selected else pen)
            y = top + (bottom - top - static.size().height()) / 2
            painter.drawStaticText(QPointF(rect.left(), y), static)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(300, 64)


class CandidateList(QListView):
    chosen = Signal(int)  # customer id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates = CandidateModel(self)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("candidates")
        self.setModel(self.candidates)
        self.setItemDelegate(_TwoLineDelegate(self))
        self.setUniformItemSizes(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard

    def _connect_signals(self) -> None:
        self.clicked.connect(self._on_self_clicked)

    def _on_self_clicked(self, index: QModelIndex) -> None:
        self.chosen.emit(int(index.data(IdRole)))

    def show_hits(self, hits: Sequence[SearchHit], today: dt.date) -> None:
        self.candidates.set_rows(hits, today)
        if hits:
            self.setCurrentIndex(self.candidates.index(0))

    def step(self, steps: int) -> None:
        rows = self.candidates.rowCount()
        if rows:
            row = max(0, min(rows - 1, self.currentIndex().row() + steps))
            self.setCurrentIndex(self.candidates.index(row))

    def current_customer(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(IdRole)) if index.isValid() else None
