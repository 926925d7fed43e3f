"""The owner's view of the audit trail: who did what, when, to which customer, filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from greeter.core.audit import AuditEntry, AuditEvent, entry_words
from greeter.core.models import Staff
from greeter.core.text import counted
from greeter.core.timefmt import short_date
from greeter.store.audit import AuditLog
from greeter.ui.disposal import disposed
from greeter.ui.flow_layout import FlowLayout
from greeter.ui.screen_fit import fit_dialog
from greeter.ui.theme import plain_label

_Index = QModelIndex | QPersistentModelIndex
SHOWN = 500  # the newest records that match; narrow the filters to see older ones
WIDEST, TALLEST = 1000, 620  # where the screen and the window it opens over have room


def when_words(at: dt.datetime, today: dt.date) -> str:
    """When, as the rest of the window writes it: 'Today 06:41', '3 Nov 17:20'."""
    days = (today - at.date()).days
    day = {0: "Today", 1: "Yesterday"}.get(days) or short_date(at, today)
    return f"{day} {at:%H:%M}"


class AuditModel(QAbstractTableModel):
    HEADERS = ("When", "Who", "What happened")

    def __init__(
        self,
        today: dt.date,
        staff_names: Mapping[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._staff_names = dict(staff_names or {})
        self._rows: list[tuple[str, str, str, str]] = []  # when, who, what, the exact time

    def set_rows(self, rows: Sequence[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = [
            (
                when_words(e.at, self._today),
                e.staff_name or "—",
                entry_words(e, self._staff_names),
                f"{e.at:%A %-d %B %Y, %H:%M:%S}",
            )
            for e in rows
        ]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the exact time, and what a narrow cell cut
            return row[3] if index.column() == 0 else row[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class AuditDialog(QDialog):
    def __init__(
        self,
        audit: AuditLog,
        staff: Sequence[Staff],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._build_ui(staff, today or dt.date.today())
        self._connect_signals()
        self.refresh()

    def _build_ui(self, staff: Sequence[Staff], today: dt.date) -> None:
        self.setWindowTitle("Audit trail")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Every change, view, import, export, erasure, backup and restore, newest first. "
                "It never holds what was written, only who, when and where.",
                "guideline",
                wrap=True,
            )
        )
        filters = FlowLayout(spacing=8)  # on a narrow panel, they wrap onto a second line
        self.customer = QLineEdit()
        self.customer.setPlaceholderText("customer number")
        self.customer.setMaximumWidth(180)
        self.who = QComboBox()
        self.who.addItem("Everyone", None)
        for member in staff:
            self.who.addItem(member.name, member.id)
        self.action = QComboBox()
        self.action.addItem("Every kind", None)
        for event in AuditEvent:
            self.action.addItem(event.label, event.value)
        self.use_since = QCheckBox("Since")
        self.since = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setEnabled(False)
        for widget in (self.customer, self.who, self.action, self.use_since, self.since):
            filters.addWidget(widget)
        layout.addLayout(filters)
        self.model = AuditModel(today, {member.id: member.name for member in staff}, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)  # what happened wraps in its column, never off the side
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.summary = plain_label("", "meta", wrap=True)  # "the newest 500; narrow…" too
        layout.addWidget(self.summary)
        fit_dialog(self, WIDEST, TALLEST)  # within a small screen, and a panel beside a till

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
    def ask(cls, parent: QWidget, audit: AuditLog, staff: Sequence[Staff], today: dt.date) -> None:
        with disposed(cls(audit, staff, parent, today)) as dialog:
            dialog.exec()
