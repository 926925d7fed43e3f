"""The panels inside the greeting card: follow-ups, notes, usual items, recent purchases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from greeter.core.models import FollowUp, Note, NoteKind, Purchase, UsualItem
from greeter.core.timefmt import due_in_words, short_date
from greeter.store.cards import MoneyFormat
from greeter.ui.flow_layout import FlowLayout
from greeter.ui.purchases_model import PurchasesModel
from greeter.ui.theme import Section, plain_label


def clear(layout: QLayout, keep: int = 0) -> None:
    """Remove every item after the first `keep` from a layout."""
    while layout.count() > keep:
        item = layout.takeAt(keep)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            clear(item.layout())


class FollowUpsSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open follow-ups", parent)

    def set_follow_ups(self, follow_ups: Sequence[FollowUp], today: dt.date) -> None:
        clear(self.body, keep=1)
        if not follow_ups:
            self.body.addWidget(plain_label("Nothing promised. Ctrl+P adds a follow-up.", "empty"))
        for number, follow_up in enumerate(follow_ups, start=1):
            self.body.addWidget(self._row(number, follow_up, today))
        if follow_ups:
            self.body.addWidget(
                plain_label("Ctrl+1, Ctrl+2… marks that one done · Ctrl+P adds one", "meta")
            )

    def _row(self, number: int, follow_up: FollowUp, today: dt.date) -> QFrame:
        frame = QFrame()
        frame.setObjectName("followUp")
        frame.setProperty("overdue", follow_up.is_overdue(today))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        when = due_in_words(follow_up.due, today)
        kind = f"{number}  ·  {follow_up.kind.label.upper()} · {when}"
        layout.addWidget(plain_label(kind, "followUpKind"))
        layout.addWidget(plain_label(follow_up.text, "followUpText", wrap=True))
        layout.addWidget(plain_label(f"taken on by {follow_up.taken_by}", "meta"))
        return frame


class NotesSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notes", parent)

    def set_notes(self, notes: Sequence[Note], today: dt.date) -> None:
        clear(self.body, keep=1)
        if not notes:
            self.body.addWidget(plain_label("No notes yet. Ctrl+N adds one.", "empty"))
        for note in notes:
            self.body.addWidget(self._row(note, today))
        if notes:
            hint = "Ctrl+N adds a note · F3 edits, pins or retires"
            self.body.addWidget(plain_label(hint, "meta"))

    def _row(self, note: Note, today: dt.date) -> QFrame:
        frame = QFrame()
        frame.setObjectName("note")
        frame.setProperty("pinned", note.pinned)
        frame.setProperty("caution", note.kind is NoteKind.CAUTION)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(plain_label(note.text, "noteText", wrap=True))
        marks = [
            mark
            for mark, on in (("Pinned", note.pinned), ("Caution", note.kind is NoteKind.CAUTION))
            if on
        ]
        meta = f"{note.author}, {short_date(note.created, today)}"
        if note.edited_by:
            meta += f" · edited by {note.edited_by}"
        layout.addWidget(plain_label(" · ".join([*marks, meta]), "meta"))
        if note.stale:
            layout.addWidget(
                plain_label(f"Still true? Written {short_date(note.dated, today)} · F3", "stale")
            )
        return frame


class PurchasesSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What they buy", parent)
        usual = QWidget()
        self.usual_row = FlowLayout(usual)
        self.body.addWidget(usual)
        self.model = PurchasesModel(self)
        self.table = QTableView()
        self.table.setObjectName("purchases")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(self.table.focusPolicy().NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(150)
        self.body.addWidget(self.table, 1)

    def set_purchases(
        self,
        usual: Sequence[UsualItem],
        recent: Sequence[Purchase],
        today: dt.date,
        money: MoneyFormat,
    ) -> None:
        clear(self.usual_row)
        if usual:
            self.usual_row.addWidget(plain_label("Usually:", "meta"))
            for item in usual[:4]:
                chip = plain_label(f"{item.item} ×{item.times}", "usual")
                chip.setToolTip(f"Bought on {item.times} visits")
                self.usual_row.addWidget(chip)
        self.model.set_rows(recent, today, money)
        self.table.setVisible(bool(recent))
