"""The panels inside the greeting card: follow-ups, notes, usual items, recent purchases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from greeter.core.models import FollowUp, Note, Purchase, UsualItem
from greeter.core.text import counted
from greeter.store.cards import MoneyFormat
from greeter.ui.card_rows import FollowUpRow, NoteRow
from greeter.ui.flow_layout import Chip, FlowLayout
from greeter.ui.purchases_model import PurchasesModel
from greeter.ui.theme import Section, plain_label
from greeter.ui.widget_pool import Pool

USUAL_SHOWN = 4


class ListSection(Section):
    """A panel of rows, with a line saying there are none or, under the rows, a hint."""

    def __init__(self, title: str, empty: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.empty = plain_label(empty, "empty", wrap=True)  # the whole line on a narrow card
        self.hint = plain_label(hint, "meta", wrap=True)
        self.hint.hide()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.hint)

    def _place_row(self, row: QWidget) -> None:
        self.body.insertWidget(self.body.indexOf(self.hint), row)

    def _say_whether_any(self, any_rows: bool) -> None:
        self.empty.setVisible(not any_rows)
        self.hint.setVisible(any_rows)


FOLLOW_UPS_EMPTY = "Nothing promised. Ctrl+P adds a follow-up."
FOLLOW_UPS_HINT = "Ctrl+1, Ctrl+2… marks that one done · Ctrl+P adds one"
# While Ctrl+Z can put back the follow-up just marked done (see CardActions):
NONE_LEFT_OPEN = "Nothing left open. Ctrl+Z puts back the one just marked done."
FOLLOW_UPS_HINT_UNDO = "Ctrl+1, Ctrl+2… marks one done · Ctrl+Z puts it back · Ctrl+P adds one"


class FollowUpsSection(ListSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open follow-ups", FOLLOW_UPS_EMPTY, FOLLOW_UPS_HINT, parent)
        self.rows = Pool(lambda _: FollowUpRow(), self._place_row, FollowUpRow.clear)

    def set_follow_ups(self, follow_ups: Sequence[FollowUp], today: dt.date) -> None:
        self.rows.fill(
            list(enumerate(follow_ups, start=1)),
            lambda row, numbered: row.show_follow_up(*numbered, today),
        )
        self._say_whether_any(bool(follow_ups))

    def offer_put_back(self, offered: bool) -> None:
        """Mention Ctrl+Z while it can put back a follow-up just marked done, and only then."""
        self.empty.setText(NONE_LEFT_OPEN if offered else FOLLOW_UPS_EMPTY)
        self.hint.setText(FOLLOW_UPS_HINT_UNDO if offered else FOLLOW_UPS_HINT)


class NotesSection(ListSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Notes",
            "No notes yet. Ctrl+N adds one.",
            "Ctrl+N adds a note · F3 edits, pins or retires",
            parent,
        )
        self.rows = Pool(lambda _: NoteRow(), self._place_row, NoteRow.clear)

    def set_notes(self, notes: Sequence[Note], today: dt.date) -> None:
        self.rows.fill(notes, lambda row, note: row.show_note(note, today))
        self._say_whether_any(bool(notes))


class PurchasesSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What they buy", parent)
        self.usual_box = usual = QWidget()
        self.usual_row = FlowLayout(usual)
        self.usually = plain_label("Usually:", "meta")
        self.usually.hide()
        self.usual_row.addWidget(self.usually)
        self.usual_chips = Pool(_usual_chip, self.usual_row.addWidget, Chip.clear)
        self.body.addWidget(usual)
        self.empty = plain_label("No purchases yet.", "empty")  # a new customer, in words
        self.body.addWidget(self.empty)
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
        self.usual_chips.fill(usual[:USUAL_SHOWN], _show_usual)
        self.usually.setVisible(bool(usual))
        self.usual_box.setVisible(bool(usual))
        self.model.set_rows(recent, today, money)
        self.table.executeDelayedItemsLayout()  # now, not on a timer after the first paint
        self.table.setVisible(bool(recent))
        self.empty.setVisible(not recent and not usual)


def _usual_chip(_number: int) -> QLabel:
    return Chip("usual")


def _show_usual(chip: QLabel, item: UsualItem) -> None:
    chip.setText(f"{item.item} ×{item.times}")
    chip.setToolTip(f"Bought on {counted(item.times, 'visit')}")
