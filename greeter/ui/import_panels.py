"""The two halves of the Import window: the file's columns with what Greeter reads from each,
and what an import would do (or did)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from greeter.core.text import counted
from greeter.till.columns import CUSTOMERS, FIELDS, SALES
from greeter.till.import_result import ImportResult
from greeter.till.problems import RowProblem
from greeter.ui.eliding_combo import ElidingComboBox
from greeter.ui.theme import PROBLEM_BACKGROUND, PROBLEM_TEXT, Section, plain_label, restyle

IGNORE = "ignore"
PROBLEMS_SHOWN = 50
PROBLEM_LINES_VISIBLE = 4  # the list of bad rows grows to this many lines, then scrolls
IGNORED_TEXT = QColor("#8A8378")
ROW_HEIGHT = 46
NAME_WIDTH = 230
LIST_WIDTH = 230
SAMPLE_MIN_WIDTH = 130
KEYBOARD_FOCUS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
CAPTIONS = {
    CUSTOMERS: ("new customers", "updated", "unchanged", "bad rows"),
    SALES: ("new receipts", "linked to a customer", "already imported", "bad rows"),
}


_DATE_ORDER = re.compile(r"; the shop's date_order setting is (MDY|DMY)")
_READS = {"MDY": "month first", "DMY": "day first"}


def in_words(problem: str) -> str:
    """A bad row's problem as the window says it: the shop's date_order setting in words."""
    return _DATE_ORDER.sub(
        lambda m: (
            f": the shop reads dates {_READS[m.group(1)]} ({m.group(1)}), as its "
            "date_order setting says"
        ),
        problem,
    )


def field_label(field: str) -> str:
    """What the lists call a field: the start of its description ("Email address" for
    email, "Last name" for last_name). The command line's --map takes the field's name."""
    description = next((f[field] for f in FIELDS.values() if field in f), field)
    short = re.split(r" \(|: |, ", description, maxsplit=1)[0]
    return short[:1].upper() + short[1:]


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(text)
    return item


def _sample(cells: Sequence[str], column: int) -> str:
    """A row's value in `column`, on one line."""
    return " ".join(cells[column].split()) if column < len(cells) else ""


class ColumnsTable(QTableWidget):
    """One row per column of the file: its name, a list choosing the Greeter field it holds
    (or "ignore"), then its values in the first rows (after the first bad row, once a dry
    run has found one further down). Tab moves from list to list."""

    field_chosen = Signal(int, str)  # column, field ("" ignores it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: list[QComboBox] = []
        self.lines: list[int] = []  # the line in the file of each row shown
        self._header: list[str] = []
        self._bad_row_added = False  # a bad row further down, shown before the first rows
        self._chosen: list[str] = []  # each column's field ("" ignored)
        self._marked: list[QTableWidgetItem] = []  # bad cells
        self._build_ui()

    def _build_ui(self) -> None:
        self.setObjectName("importColumns")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the lists take the focus
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.setMinimumHeight(ROW_HEIGHT * 3 + 40)  # three columns of the file, and the header
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def show_file(
        self,
        header: Sequence[str],
        rows: Sequence[tuple[int, list[str]]],
        fields: Mapping[str, str],
    ) -> None:
        """The file's columns and first rows; the lists offer `fields` (name → description)."""
        self.clear()
        self._header = list(header)
        self.lines = [line for line, _ in rows]
        self._bad_row_added = False
        self._chosen, self._marked = [], []
        self.setRowCount(len(header))
        self.setColumnCount(2 + len(rows))
        self.setHorizontalHeaderLabels(
            ["Column in the file", "Greeter reads it as", *(f"line {n}" for n, _ in rows)]
        )
        self.combos = []
        for row, name in enumerate(header):
            self.setItem(row, 0, _cell(name or f"(column {row + 1} has no name)"))
            combo = ElidingComboBox()  # a long field's name ends in "…", whole on hover
            combo.setObjectName("importField")
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.setAccessibleName(f"What Greeter reads from the column {name}")
            combo.installEventFilter(self)
            # The lists are made per file, so they are wired as they are made.
            combo.activated.connect(partial(self._on_combo_activated, row))
            holder = QWidget()  # room around the list, inside its cell
            around = QHBoxLayout(holder)
            around.setContentsMargins(6, 4, 8, 4)
            around.addWidget(combo)
            self.setCellWidget(row, 1, holder)
            self.combos.append(combo)
            for col, (_line, cells) in enumerate(rows, start=2):
                self.setItem(row, col, _cell(_sample(cells, row)))
        self.offer(fields)
        self.setColumnWidth(0, NAME_WIDTH)
        self.setColumnWidth(1, LIST_WIDTH)
        self._fit_samples()

    def _fit_samples(self) -> None:
        """Share the width left among the sample rows (scrolling sideways only when narrow)."""
        samples = self.columnCount() - 2
        if samples > 0:
            room = self.viewport().width() - NAME_WIDTH - LIST_WIDTH
            for col in range(2, self.columnCount()):
                self.setColumnWidth(col, max(SAMPLE_MIN_WIDTH, room // samples))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_samples()

    def offer(self, fields: Mapping[str, str]) -> None:
        """What the lists offer: "ignore", then each field by its label; on hover, its whole
        description and how the command line names it for this column."""
        for column, combo in zip(self._header, self.combos, strict=True):
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(IGNORE, "")
                combo.setItemData(0, "not read", Qt.ItemDataRole.ToolTipRole)
                for name, description in fields.items():
                    combo.addItem(field_label(name), name)
                    tip = description
                    if column:  # --map names a column by its name
                        tip += f'\nOn the command line: --map "{column}={name}"'
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)

    def show_fields(self, fields: Sequence[str]) -> None:
        """The field each column holds ("" ignored: its row is greyed)."""
        self._chosen = list(fields)
        for combo, chosen in zip(self.combos, fields, strict=True):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.setProperty("ignored", not chosen)
            restyle(combo)
        self._grey_ignored()

    def _grey_ignored(self) -> None:
        for row, chosen in enumerate(self._chosen):
            colour = QBrush(IGNORED_TEXT) if not chosen else QBrush()
            for col in (0, *range(2, self.columnCount())):
                item = self.item(row, col)
                if item is not None:
                    item.setForeground(colour)

    def show_bad_row(self, line: int, cells: Sequence[str]) -> None:
        """A bad row further down the file, shown before the first rows: in view at once."""
        self.insertColumn(2)
        self.setHorizontalHeaderItem(2, QTableWidgetItem(f"line {line}: bad row"))
        for row in range(self.rowCount()):
            self.setItem(row, 2, _cell(_sample(cells, row)))
        self.lines.insert(0, line)
        self._bad_row_added = True
        self._grey_ignored()
        self._fit_samples()

    def mark_problems(self, problems: Sequence[RowProblem]) -> None:
        """Mark the cells of the bad rows shown: red on pale red, what is wrong on hover, and
        "bad row" above them; all of the row's cells where the column is not known. The
        first one marked is scrolled into view."""
        where = {name: n for n, name in reversed(list(enumerate(self._header))) if name}
        first: QTableWidgetItem | None = None
        for problem in problems:
            if problem.line not in self.lines:
                continue
            col = 2 + self.lines.index(problem.line)
            self.setHorizontalHeaderItem(col, QTableWidgetItem(f"line {problem.line}: bad row"))
            known = problem.column in where
            for row in [where[problem.column]] if known else range(self.rowCount()):
                item = self.item(row, col)
                if item is None:
                    continue
                item.setBackground(PROBLEM_BACKGROUND)
                item.setForeground(PROBLEM_TEXT)
                item.setToolTip("\n".join(filter(None, (item.toolTip(), in_words(str(problem))))))
                self._marked.append(item)
                if first is None:
                    first = item
        if first is not None:
            self.scrollToItem(first)

    def forget_problems(self) -> None:
        """Unmark the bad cells, and take away the bad row shown before the first rows."""
        for item in self._marked:
            item.setBackground(QBrush())
            item.setForeground(QBrush())
            item.setToolTip(item.text())
        self._marked = []
        if self._bad_row_added:
            self.removeColumn(2)
            del self.lines[0]
            self._bad_row_added = False
        for col, line in enumerate(self.lines, start=2):
            self.setHorizontalHeaderItem(col, QTableWidgetItem(f"line {line}"))
        self._grey_ignored()

    def choose(self, column: int, field: str) -> None:
        """Read `column` as `field` ("ignore" leaves it out), as choosing it in its list does."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData("" if field == IGNORE else field), 0))
        self._on_combo_activated(column, combo.currentIndex())

    def set_editable(self, editable: bool) -> None:
        for combo in self.combos:
            combo.setEnabled(editable)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(watched, QComboBox) and watched in self.combos:
            if isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusIn:
                if event.reason() in KEYBOARD_FOCUS:  # Tab into a list below the fold
                    self.scrollTo(self.model().index(self.combos.index(watched), 1))
            elif event.type() == QEvent.Type.Wheel and not watched.hasFocus():
                QApplication.sendEvent(self.viewport(), event)  # scroll; change nothing
                return True
        return super().eventFilter(watched, event)

    def _on_combo_activated(self, column: int, index: int) -> None:
        self.field_chosen.emit(column, self.combos[column].itemData(index) or "")


class ProblemList(QListWidget):
    """The bad rows, each wrapped onto as many lines as it needs: as tall as the first few
    whole rows (up to PROBLEM_LINES_VISIBLE lines), never one cut mid-line; then it scrolls
    a row at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProblems")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)  # a long problem wraps rather than scrolls sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)

    def fit_rows(self) -> None:
        """As tall as the first rows that fit in PROBLEM_LINES_VISIBLE lines (one at least),
        as wrapped at the width the list has now."""
        if not self.count():
            return
        self.ensurePolished()
        self.doItemsLayout()  # each row's height at this width
        most = PROBLEM_LINES_VISIBLE * self.fontMetrics().lineSpacing()
        shown = 0
        for row in range(self.count()):
            height = self.visualItemRect(self.item(row)).height()
            if shown and shown + height > most:
                break
            shown += height
        margins = self.contentsMargins()  # the stylesheet's border and padding
        self.setFixedHeight(shown + margins.top() + margins.bottom())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # rows wrap anew
            self.fit_rows()


class OutcomePanel(Section):
    """What importing would do (after a dry run) or did: four counts, notes, the bad rows
    with their line and column, and the choice to import the good rows anyway."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What importing would do", parent)
        self._build_ui()

    def _build_ui(self) -> None:
        stats = QHBoxLayout()
        stats.setSpacing(28)
        self.values: list[QLabel] = []
        self.captions: list[QLabel] = []
        for _ in range(4):
            box = QVBoxLayout()
            box.setSpacing(0)
            value = plain_label("–", "statValue")
            caption = plain_label("", "statLabel")
            box.addWidget(value)
            box.addWidget(caption)
            stats.addLayout(box)
            self.values.append(value)
            self.captions.append(caption)
        stats.addStretch(1)
        self.body.addLayout(stats)
        self.notes = plain_label("", "importNotes", wrap=True)
        self.notes.hide()
        self.body.addWidget(self.notes)
        self.problems = ProblemList()
        self.problems.hide()
        self.body.addWidget(self.problems)
        self.skip_bad = QCheckBox()
        self.skip_bad.setObjectName("importSkipBad")
        self.skip_bad.hide()
        self.body.addWidget(self.skip_bad)

    def show_result(self, result: ImportResult | None, kind: str, file_stem: str) -> None:
        """Counts of `result` (None: not known yet) for a file of `kind`."""
        done = result is not None and not result.dry_run
        self.title.setText("WHAT WAS IMPORTED" if done else "WHAT IMPORTING WOULD DO")
        counts = (result.new, result.updated, result.unchanged, result.bad) if result else None
        for n, value in enumerate(self.values):
            value.setText(f"{counts[n]:,}" if counts else "–")
            self.captions[n].setText(CAPTIONS[kind][n])
        notes: list[str] = []
        if result is not None:
            if result.kind == SALES and result.lines:
                notes.append(f"{counted(result.lines, 'purchase line')} in the new receipts.")
            summary = result.summary().splitlines()[1:]
            # The table greys ignored columns; the list below names the bad rows.
            notes += [s for s in summary if not s.startswith(("bad: ", "ignored columns: "))]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.problems.clear()
        problems = result.problems if result else []
        for problem in problems[:PROBLEMS_SHOWN]:
            self.problems.addItem(in_words(str(problem)))
        if len(problems) > PROBLEMS_SHOWN:
            self.problems.addItem(f"… and {len(problems) - PROBLEMS_SHOWN} more")
        self.problems.setVisible(bool(problems))
        self.problems.fit_rows()
        bad = result.bad if result is not None and result.dry_run else 0
        self.skip_bad.setText(
            f"Import the other rows, and set the bad {'one' if bad == 1 else 'ones'} aside"
        )
        self.skip_bad.setToolTip(f"The bad rows are written to {file_stem}.bad.csv beside the file")
        self.skip_bad.setVisible(bool(bad))
