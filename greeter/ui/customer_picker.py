"""Choosing another customer by typing: a field that lists whom the text may mean, ↑↓ choose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from greeter.core.models import SearchHit
from greeter.ui.candidates import describe
from greeter.ui.scan_fields import take_scans

FindCustomers = Callable[[str], Sequence[SearchHit]]


class CustomerPicker(QLineEdit):
    """The field; `hits` is the list beneath it, for the caller to lay out. The list never
    takes the focus: ↑ and ↓ in the field move through it, and `chosen()` is its current one.
    """

    def __init__(
        self,
        find: FindCustomers,
        today: Callable[[], dt.date],
        leave_out: int,
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._today = today
        self._leave_out = leave_out  # the customer being linked is not their own other half
        self._build_ui(placeholder)
        self._connect_signals()

    def _build_ui(self, placeholder: str) -> None:
        self.setObjectName("field")
        self.setPlaceholderText(placeholder)
        take_scans(self)  # their card finds them
        self.hits = QListWidget()
        self.hits.setObjectName("factsList")
        self.hits.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.hits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hits.setMaximumHeight(110)
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _connect_signals(self) -> None:
        self.textChanged.connect(self._on_text_changed)

    def chosen(self) -> int | None:
        """The customer chosen in the list, if any."""
        item = self.hits.currentItem()
        customer_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return customer_id if isinstance(customer_id, int) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() not in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            super().keyPressEvent(event)
            return
        step = 1 if event.key() == Qt.Key.Key_Down else -1
        last = self.hits.count() - 1
        self.hits.setCurrentRow(max(0, min(last, self.hits.currentRow() + step)))

    def _on_text_changed(self, text: str) -> None:
        hits = self._find(text) if text.strip() else []
        today = self._today()
        self.hits.clear()
        for hit in hits:
            if hit.customer_id == self._leave_out:
                continue
            name, detail = describe(hit, today)
            item = QListWidgetItem(f"{name}\n{detail}")
            item.setData(Qt.ItemDataRole.UserRole, hit.customer_id)
            self.hits.addItem(item)
        self.hits.setCurrentRow(0)
