"""Choosing a backup to bring back, newest first: when it was made, in words, and what it holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from greeter.core.text import counted
from greeter.core.timefmt import ago
from greeter.store.backup import customers_in
from greeter.ui.disposal import disposed
from greeter.ui.screen_fit import fit_dialog
from greeter.ui.theme import plain_label
from greeter.ui.wrapped_rows import WrappedRows

ITEM_PADDING = 24  # theme.qss: QListWidget#backups::item's padding, left and right


def describe(path: Path, today: dt.date) -> str:
    """'Monday 23 November 2026, 06:41 (today)' over '48 customers · 0.5 MB'; the customers
    left out when the backup cannot be read (a restore says why)."""
    stat = path.stat()
    when = dt.datetime.fromtimestamp(stat.st_mtime)
    customers = customers_in(path)
    holds = [counted(customers, "customer")] if customers is not None else []
    holds.append(f"{stat.st_size / 1_048_576:.1f} MB")
    return f"{when:%A %-d %B %Y, %H:%M} ({ago(when, today)})\n{'  ·  '.join(holds)}"


class RestoreDialog(QDialog):
    def __init__(
        self, backups: Sequence[Path], parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._build_ui(backups, today or dt.date.today())
        self._connect_signals()

    def _build_ui(self, backups: Sequence[Path], today: dt.date) -> None:
        self.setWindowTitle("Restore a backup")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Restore a backup", "dialogTitle"))
        layout.addWidget(
            plain_label(
                "Choose the backup to bring back. What is in the shop's file now is kept "
                "beside it as a copy, so nothing is lost.",
                "guideline",
                wrap=True,
            )
        )
        self.backups = QListWidget()
        self.backups.setObjectName("backups")
        WrappedRows(self.backups, ITEM_PADDING)
        for path in backups:
            item = QListWidgetItem(describe(path, today))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))  # the file itself, for whoever looks after backups
            self.backups.addItem(item)
        self.backups.setCurrentRow(0)
        layout.addWidget(self.backups, 1)
        if not backups:
            layout.addWidget(plain_label("There are no backups yet.", "problem"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        layout.addWidget(self.buttons)
        fit_dialog(self, 640, 420)  # within the screen, and a narrow panel beside the till

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.backups.itemActivated.connect(self.accept)

    def chosen(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    @classmethod
    def ask(cls, parent: QWidget, backups: Sequence[Path]) -> Path | None:
        with disposed(cls(backups, parent)) as dialog:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
