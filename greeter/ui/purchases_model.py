"""Recent purchases as a table model that holds rows; it runs no queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from greeter.core.models import Purchase
from greeter.core.timefmt import short_date
from greeter.store.cards import MoneyFormat, plain_money

_Index = QModelIndex | QPersistentModelIndex


class PurchasesModel(QAbstractTableModel):
    HEADERS = ("Date", "Items", "Total")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[Purchase] = []
        self._today = dt.date.today()
        self._money: MoneyFormat = plain_money

    def set_rows(self, rows: Sequence[Purchase], today: dt.date, money: MoneyFormat) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self._money = money
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        purchase = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return short_date(purchase.purchased_at, self._today)
            if column == 1:
                return purchase.items_summary
            return self._money(purchase.total_cents, purchase.currency)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return purchase.items_summary
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None
