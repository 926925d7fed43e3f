"""The panels inside the greeting card: follow-ups, notes, usual items, recent purchases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from greeter.core.bidi import isolate
from greeter.core.models import FollowUp, Note, Purchase, UsualItem
from greeter.core.text import counted
from greeter.core.timefmt import short_date
from greeter.store.cards import MoneyFormat
from greeter.ui.card_rows import FollowUpRow, NoteRow
from greeter.ui.flow_layout import Chip, FlowLayout
from greeter.ui.purchases_model import PurchasesModel
from greeter.ui.theme import Section, plain_label
from greeter.ui.widget_pool import Pool

USUAL_SHOWN = 4
FOLLOW_UPS_SHOWN = 9  # as many as Ctrl+1…9 reach; the rest are named on one line under them
MORE_NAMED = 3  # of the rest, the first few are named on that line
ITEM_LINES = 3  # in a narrow card, a purchase's items wrap onto this many lines at most
BOX_HEIGHT = 150  # in a wide card, the purchases are at least this tall, and scroll beyond


class ListSection(Section):
    """A panel of rows, with a line saying there are none or, under the rows, a hint."""

    def __init__(self, title: str, empty: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.empty = plain_label(empty, "empty", wrap=True)  # the whole line on a narrow card
        self.hint = plain_label(hint, "meta", wrap=True)
        self.hint.hide()
        self._any_rows = False
        self.body.addWidget(self.empty)
        self.body.addWidget(self.hint)

    def _place_row(self, row: QWidget) -> None:
        self.body.insertWidget(self.body.indexOf(self.hint), row)

    def _say_whether_any(self, any_rows: bool) -> None:
        self._any_rows = any_rows
        self.empty.setVisible(not any_rows)
        self.hint.setVisible(any_rows and bool(self.hint.text()))

    def _say(self, empty: str, hint: str) -> None:
        """What the line says when there are no rows, and the hint under them ("": none)."""
        self.empty.setText(empty)
        self.hint.setText(hint)
        self.hint.setVisible(self._any_rows and bool(hint))


FOLLOW_UPS_EMPTY = "Nothing promised. Ctrl+P adds a follow-up."
FOLLOW_UPS_HINT = "Ctrl+1, Ctrl+2… marks that one done · Ctrl+P adds one"
# While Ctrl+Z can put back the follow-up just marked done (see CardActions):
NONE_LEFT_OPEN = "Nothing left open. Ctrl+Z puts back the one just marked done."
FOLLOW_UPS_HINT_UNDO = "Ctrl+1, Ctrl+2… marks one done · Ctrl+Z puts it back · Ctrl+P adds one"
NOTES_EMPTY = "No notes yet. Ctrl+N adds one."
NOTES_HINT = "Ctrl+N adds a note · F3 edits, pins or retires"
# On a shop's file that can only be read, no key that would change it is offered.
NOTHING_PROMISED = "Nothing promised."
NO_NOTES = "No notes yet."
NOTES_HINT_READ_ONLY = "F3 shows every note and its history"


class FollowUpsSection(ListSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open follow-ups", FOLLOW_UPS_EMPTY, FOLLOW_UPS_HINT, parent)
        self.more = plain_label("", "meta", wrap=True)  # the follow-ups past Ctrl+9
        self.more.hide()
        self._place_row(self.more)
        self.rows = Pool(lambda _: FollowUpRow(), self._place_above_more, FollowUpRow.clear)

    def _place_above_more(self, row: QWidget) -> None:
        self.body.insertWidget(self.body.indexOf(self.more), row)

    def set_follow_ups(self, follow_ups: Sequence[FollowUp], today: dt.date) -> None:
        """The most urgent FOLLOW_UPS_SHOWN in full, numbered for Ctrl+1…9; the rest on one
        line, each moving up as one above it is marked done."""
        self.rows.fill(
            list(enumerate(follow_ups[:FOLLOW_UPS_SHOWN], start=1)),
            lambda row, numbered: row.show_follow_up(*numbered, today),
        )
        rest = follow_ups[FOLLOW_UPS_SHOWN:]
        self.more.setText(more_follow_ups(rest, today))
        self.more.setVisible(bool(rest))
        self._say_whether_any(bool(follow_ups))

    def offer_keys(self, writable: bool, put_back: bool = False) -> None:
        """Mention the keys that work: none that write where the file can only be read, and
        Ctrl+Z while it can put back a follow-up just marked done, and only then."""
        if not writable:
            self._say(NOTHING_PROMISED, "")
        elif put_back:
            self._say(NONE_LEFT_OPEN, FOLLOW_UPS_HINT_UNDO)
        else:
            self._say(FOLLOW_UPS_EMPTY, FOLLOW_UPS_HINT)


def more_follow_ups(rest: Sequence[FollowUp], today: dt.date) -> str:
    """'+ 6 more, due later: Call back (3 Dec), Promise (5 Dec), Promise (no date), …'."""
    if not rest:
        return ""
    later = "" if any(f.is_overdue(today) for f in rest) else ", due later"
    named = [_due(f, today) for f in rest[:MORE_NAMED]]
    etc = ", …" if len(rest) > MORE_NAMED else ""
    return f"+ {len(rest)} more{later}: {', '.join(named)}{etc}"


def _due(follow_up: FollowUp, today: dt.date) -> str:
    when = short_date(follow_up.due, today) if follow_up.due else "no date"
    return f"{follow_up.kind.label} ({when})"


class NotesSection(ListSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notes", NOTES_EMPTY, NOTES_HINT, parent)
        self.rows = Pool(lambda _: NoteRow(), self._place_row, NoteRow.clear)
        self._writable = True
        self._shown: tuple[Sequence[Note], dt.date] = ((), dt.date.min)

    def set_notes(self, notes: Sequence[Note], today: dt.date) -> None:
        self._shown = (notes, today)
        self.rows.fill(notes, lambda row, note: row.show_note(note, today, self._writable))
        self._say_whether_any(bool(notes))

    def offer_keys(self, writable: bool) -> None:
        """Ctrl+N and F3's changes where the file can be written; else F3 only reads, and a
        stale note's "still true?" names no key to confirm it."""
        if writable:
            self._say(NOTES_EMPTY, NOTES_HINT)
        else:
            self._say(NO_NOTES, NOTES_HINT_READ_ONLY)
        if writable != self._writable:
            self._writable = writable
            self.set_notes(*self._shown)


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
        self.table = PurchasesTable(self.model)
        self.body.addWidget(self.table, 1)

    def show_whole(self, whole: bool) -> None:
        """Every purchase, its items wrapped, and no scroll bar of its own (a narrow card)."""
        self.table.show_whole(whole)

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
        self.table.fit_rows()
        self.table.setVisible(bool(recent))
        self.empty.setVisible(not recent and not usual)


class PurchasesTable(QTableView):
    """Recent purchases: date, items, total. Beside the other panels (a wide card) a box that
    scrolls on its own, each purchase on one line; in a narrow card (`show_whole`) every
    purchase, its items wrapped, the card scrolling as one: a box scrolling inside a
    scrolling card hides the last purchases, and is hard to use at arm's length."""

    def __init__(self, model: PurchasesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.whole = False
        self._heights: dict[int, list[int]] = {}  # by the table's width, for these rows
        self.setObjectName("purchases")
        self.setModel(model)
        model.modelReset.connect(self._heights.clear)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(BOX_HEIGHT)

    def show_whole(self, whole: bool) -> None:
        """Each row as tall as its items need (ITEM_LINES at most, then "…"), the table as
        tall as its rows (a narrow card); or a box of one-line rows that scrolls (a wide one)."""
        if whole == self.whole:
            return
        self.whole = whole
        bar = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if whole else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.setVerticalScrollBarPolicy(bar)
        self.setMinimumHeight(0 if whole else BOX_HEIGHT)
        policy = self.sizePolicy()
        policy.setHeightForWidth(whole)  # its height follows from how its items wrap
        self.setSizePolicy(policy)
        self.fit_rows()
        self.updateGeometry()

    def fit_rows(self) -> None:
        """Give each row the height its items need at the table's width (see show_whole)."""
        heights = self._row_heights(self.width()) if self.whole else None
        for row in range(self.model().rowCount()):
            self.setRowHeight(
                row, heights[row] if heights else self.verticalHeader().defaultSectionSize()
            )

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if not self.whole:
            return super().heightForWidth(width)
        header = self.horizontalHeader().sizeHint().height()
        return 2 * self.frameWidth() + header + sum(self._row_heights(width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.whole and event.size().width() != event.oldSize().width():
            self.fit_rows()

    def _row_heights(self, width: int) -> list[int]:
        """Each row's height in a table `width` wide: its items wrapped in what the date and
        total leave them, on ITEM_LINES lines at most."""
        if width in self._heights:  # asked again and again as the card is laid out
            return self._heights[width]
        self.ensurePolished()  # the stylesheet's font, before measuring with it
        header = self.horizontalHeader()
        beside = sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in (0, 2))
        room = max(width - 2 * self.frameWidth() - beside, header.minimumSectionSize())
        unwrapped, wrapped = QStyleOptionViewItem(), QStyleOptionViewItem()
        self.initViewItemOption(unwrapped)
        self.initViewItemOption(wrapped)
        wrapped.rect = QRect(0, 0, room, 1)  # the delegate wraps text to a valid rect's width
        delegate, model = self.itemDelegate(), self.model()
        one_line = self.verticalHeader().defaultSectionSize()  # as in a wide card
        most = (ITEM_LINES - 1) * self.fontMetrics().lineSpacing()
        heights = []
        for row in range(model.rowCount()):
            items = model.index(row, 1)
            more = delegate.sizeHint(wrapped, items).height()
            more -= delegate.sizeHint(unwrapped, items).height()
            heights.append(one_line + min(more, most))
        self._heights[width] = heights
        return heights


def _usual_chip(_number: int) -> QLabel:
    return Chip("usual")


def _show_usual(chip: QLabel, item: UsualItem) -> None:
    chip.setText(f"{isolate(item.item)} ×{item.times}")
    chip.setToolTip(f"Bought on {counted(item.times, 'visit')}")
