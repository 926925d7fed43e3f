"""A drop-down list whose chosen text ends in "…" when the box is too narrow for it (a name on
duty beside the till, a long field in the Import window), its whole text on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

TICK = 20  # the room the open list's tick beside the chosen text takes


class ElidingComboBox(QComboBox):
    """Qt cuts a chosen text too long for the box mid-letter; this one shortens it with "…"
    and then has the whole text as its tooltip. The open list shows every text whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self._on_current_text_changed)

    def shown_text(self) -> str:
        """The chosen text as the box draws it: whole, or ending in "…"."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._elided(option)

    def _elided(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.isEditable():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._elided(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        # Wide enough for its longest text beside the tick and a scroll bar: Qt's own
        # measure leaves out the tick the stylesheet draws, cutting the longest one.
        view = self.view()
        metrics = view.fontMetrics()
        longest = max(
            (metrics.horizontalAdvance(self.itemText(n)) for n in range(self.count())), default=0
        )
        view.setMinimumWidth(longest + view.verticalScrollBar().sizeHint().width() + 2 * TICK)
        super().showPopup()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._on_current_text_changed(self.currentText())

    def _on_current_text_changed(self, text: str) -> None:
        self.setToolTip(text if self.shown_text() != text else "")
