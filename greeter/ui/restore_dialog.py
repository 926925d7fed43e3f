"""Choosing a backup to bring back, newest first, with plain dates."""

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

from greeter.ui.theme import plain_label


def describe(path: Path) -> str:
    stat = path.stat()
    when = dt.datetime.fromtimestamp(stat.st_mtime)
    return f"{when:%A %-d %B %Y, %H:%M}   ·   {stat.st_size / 1_048_576:.1f} MB   ·   {path.name}"


class RestoreDialog(QDialog):
    def __init__(self, backups: Sequence[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui(backups)
        self._connect_signals()

    def _build_ui(self, backups: Sequence[Path]) -> None:
        self.setWindowTitle("Restore a backup")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
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
        for path in backups:
            item = QListWidgetItem(describe(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backups.addItem(item)
        self.backups.setCurrentRow(0)
        layout.addWidget(self.backups)
        if not backups:
            layout.addWidget(plain_label("There are no backups yet.", "problem"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.backups.itemActivated.connect(self.accept)

    def chosen(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    @classmethod
    def ask(cls, parent: QWidget, backups: Sequence[Path]) -> Path | None:
        dialog = cls(backups, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
