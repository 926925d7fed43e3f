"""The list of people a typed name could mean, each with a detail to tell namesakes apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QStaticText
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from greeter.core.candidates import hit_details
from greeter.core.models import SearchHit

_Index = QModelIndex | QPersistentModelIndex


def describe(hit: SearchHit, today: dt.date) -> tuple[str, str]:
    name = hit.preferred_name
    if hit.full_name and hit.full_name != hit.preferred_name:
        name = f"{hit.preferred_name}  ·  {hit.full_name}"
    return name, "   ·   ".join(hit_details(hit, today))


class CandidateModel(QStringListModel):
    """The candidates as one text each (what a screen reader says); the list paints each row
    from `rows`. A Qt model, so the view's many questions (how many rows, …) stay in C++."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, str]] = []

    def set_rows(self, hits: Sequence[SearchHit], today: dt.date) -> None:
        self._rows = [(h.customer_id, *describe(h, today)) for h in hits]
        self.setStringList([f"{name}, {detail}" for _, name, detail in self._rows])

    @property
    def rows(self) -> Sequence[tuple[int, str, str]]:
        """(customer id, name, detail) per row."""
        return self._rows


_KEPT_TEXTS = 4000  # laid-out texts kept for the next keystrokes; then started afresh
ROW_HEIGHT = 64
_INSET = 14  # the texts' distance from a row's left and right edges


class _RowHeight(QStyledItemDelegate):
    """Every row is as tall as two lines of text; the list paints the rows itself."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(300, ROW_HEIGHT)


class _RowTexts:
    """The rows' texts, each laid out once (QStaticText) with where it goes in its row."""

    def __init__(self, font: QFont) -> None:
        self.name_font, self.detail_font = QFont(font), QFont(font)
        self.name_font.setPointSizeF(15)
        self.name_font.setBold(True)
        self.detail_font.setPointSizeF(11)
        self._texts: dict[tuple[str, bool, int], tuple[QStaticText, float]] = {}

    def get(self, text: str, is_name: bool, width: int) -> tuple[QStaticText, float]:
        """The text laid out to fit `width` (cut short with … if need be), and its top from
        the row's top: each line is centred in its half of the row (inside a 6 px margin),
        the name's half 4 px the taller."""
        found = self._texts.get((text, is_name, width))
        if found is None:
            if len(self._texts) > _KEPT_TEXTS:
                self._texts.clear()
            font = self.name_font if is_name else self.detail_font
            static = self._laid_out(text, font)
            if static.size().width() > width:
                elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
                static = self._laid_out(elided, font)
            middle = ROW_HEIGHT // 2 + 4
            top, bottom = (6, middle) if is_name else (middle, ROW_HEIGHT - 7)
            found = (static, top + (bottom - top - static.size().height()) / 2)
            self._texts[(text, is_name, width)] = found
        return found

    @staticmethod
    def _laid_out(text: str, font: QFont) -> QStaticText:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=font)
        return static


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
        self.setItemDelegate(_RowHeight(self))
        self.setUniformItemSizes(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard
        self.setAccessibleName("Customers matching the search")
        self.setAccessibleDescription("↑ ↓ to choose, Enter to open.")  # as the status says
        # The list fills its own background (below), so Qt need not paint the window and
        # pages behind it first: a keystroke's repaint took twice as long with them.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._texts: _RowTexts | None = None

    def _connect_signals(self) -> None:
        self.clicked.connect(self._on_self_clicked)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt
        """Every visible row in one pass: a delegate would be called from C++ for each row,
        with a style option made for it, on every keystroke."""
        viewport = self.viewport()
        painter = QPainter(viewport)
        area = event.rect()
        painter.fillRect(area, viewport.palette().base())
        rows = self.candidates.rows
        if not rows:
            return
        if self._texts is None:
            self._texts = _RowTexts(self.font())
        texts = self._texts
        current = self.currentIndex()
        selected = current.row() if self.selectionModel().isSelected(current) else -1
        top = self.visualRect(self.candidates.index(0)).top()
        first = max(0, (area.top() - top) // ROW_HEIGHT)
        last = min(len(rows) - 1, (area.bottom() - top) // ROW_HEIGHT)
        if first <= selected <= last:
            panel = QStyleOptionViewItem()
            self.initViewItemOption(panel)
            panel.rect = self.visualRect(current)  # type: ignore[attr-defined]
            panel.state |= QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
            self.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, panel, painter, self)
        row = self.visualRect(self.candidates.index(first))
        left, width = row.left() + _INSET, row.width() - 2 * _INSET
        painter.setClipRect(QRect(left, area.top(), width, area.height()))
        for is_name, font, colour in (
            (True, texts.name_font, Qt.GlobalColor.black),
            (False, texts.detail_font, Qt.GlobalColor.darkGray),
        ):  # a line of each row at a time, so the font is set twice, not twice per row
            painter.setFont(font)
            painter.setPen(colour)
            for n in range(first, last + 1):
                if n == selected:
                    painter.setPen(Qt.GlobalColor.white)
                static, y = texts.get(rows[n][1 if is_name else 2], is_name, width)
                painter.drawStaticText(QPointF(left, top + n * ROW_HEIGHT + y), static)
                if n == selected:
                    painter.setPen(colour)

    def _on_self_clicked(self, index: QModelIndex) -> None:
        self.chosen.emit(self.candidates.rows[index.row()][0])

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
        return self.candidates.rows[index.row()][0] if index.isValid() else None
