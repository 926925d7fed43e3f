"""The owner's view of the audit trail: who did what, when, to which customer, filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from greeter.core.audit import AuditEntry, AuditEvent
from greeter.core.models import Staff
from greeter.core.text import counted
from greeter.store.audit import AuditLog
from greeter.ui.theme import plain_label

_Index = QModelIndex | QPersistentModelIndex
SHOWN = 500  # the newest records that match; narrow the filters to see older ones


class AuditModel(QAbstractTableModel):
    HEADERS = ("When", "Who", "What", "Customer", "Details")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntry] = []

    def set_rows(self, rows: Sequence[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        entry = self._rows[index.row()]
        what = entry.action
        if entry.table_name:
            what += f" {entry.table_name}" + (f" #{entry.row_id}" if entry.row_id else "")
        return (
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            entry.staff_name or "—",
            what,
            entry.customers(),
            entry.details(),
        )[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class AuditDialog(QDialog):
    def __init__(
        self, audit: AuditLog, staff: Sequence[Staff], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._build_ui(staff)
        self._connect_signals()
        self.refresh()

    def _build_ui(self, staff: Sequence[Staff]) -> None:
        self.setWindowTitle("Audit trail")
        self.resize(1000, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Every change, view, import, export, erasure, backup and restore, newest first. "
                "It never holds what was written, only who, when and where.",
                "guideline",
                wrap=True,
            )
        )
        filters = QHBoxLayout()
        self.customer = QLineEdit()
        self.customer.setPlaceholderText("customer number")
        self.customer.setMaximumWidth(180)
        self.who = QComboBox()
        self.who.addItem("everyone", None)
        for member in staff:
            self.who.addItem(member.name, member.id)
        self.action = QComboBox()
        self.action.addItem("every kind", None)
        for event in AuditEvent:
            self.action.addItem(event.value, event.value)
        self.use_since = QCheckBox("since")
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setEnabled(False)
        for widget in (self.customer, self.who, self.action, self.use_since, self.since):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.summary = plain_label("", "meta")
        layout.addWidget(self.summary)

    def _connect_signals(self) -> None:
        self.customer.textChanged.connect(self.refresh)
        self.who.currentIndexChanged.connect(self.refresh)
        self.action.currentIndexChanged.connect(self.refresh)
        self.use_since.toggled.connect(self.since.setEnabled)
        self.use_since.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)

    def refresh(self) -> None:
        text = self.customer.text().strip()
        if text and not text.isdigit():
            self.summary.setText("A customer number is digits only, e.g. 17.")
            return
        since: dt.date | None = self.since.date().toPython() if self.use_since.isChecked() else None  # type: ignore[assignment]
        entries = self._audit.entries(
            customer_id=int(text) if text else None,
            staff_id=self.who.currentData(),
            action=self.action.currentData(),
            since=since,
            limit=SHOWN,
        )
        self.model.set_rows(entries)
        more = (
            f" (the newest {SHOWN}; narrow the filters for older ones)"
            if len(entries) == SHOWN
            else ""
        )
        self.summary.setText(f"{counted(len(entries), 'record')}{more}.")

    @classmethod
    def ask(cls, parent: QWidget, audit: AuditLog, staff: Sequence[Staff]) -> None:
        cls(audit, staff, parent).exec()
