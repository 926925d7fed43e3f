"""Recent purchases as a table model that holds rows; it runs no queries.

The cells live in Qt's own item model rather than behind a Python `data()`: a table asks
for every cell's font, colours, alignment and text on each paint and size hint, some 400
calls a card, which from Python would cost more than the rest of the card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from greeter.core.models import Purchase
from greeter.core.timefmt import short_date
from greeter.store.cards import MoneyFormat

_READ_ONLY = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PurchasesModel(QStandardItemModel):
    HEADERS = ("Date", "Items", "Total")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))

    def set_rows(self, rows: Sequence[Purchase], today: dt.date, money: MoneyFormat) -> None:
        self.beginResetModel()
        with QSignalBlocker(self):  # one reset for the views, not a signal per cell
            self.setRowCount(len(rows))
            for row, purchase in enumerate(rows):
                when = _cell(short_date(purchase.purchased_at, today))
                items = _cell(purchase.items_summary)
                items.setToolTip(purchase.items_summary)
                total = _cell(money(purchase.total_cents, purchase.currency))
                total.setTextAlignment(_RIGHT)
                for column, item in enumerate((when, items, total)):
                    self.setItem(row, column, item)
        self.endResetModel()


def _cell(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setFlags(_READ_ONLY)
    return item
