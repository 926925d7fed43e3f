"""The two halves of the Import window: the file's columns with what Greeter reads from each,
and what an import would do (or did)."""

from __future__ import annotations

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
from greeter.till.columns import CUSTOMERS, SALES
from greeter.till.importer import ImportResult
from greeter.ui.theme import Section, plain_label, restyle

IGNORE = "ignore"
PROBLEMS_SHOWN = 50
PROBLEM_ROWS_VISIBLE = 4  # the list of bad rows grows to this many, then scrolls
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


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(text)
    return item


class ColumnsTable(QTableWidget):
    """One row per column of the file: its name, a list choosing the Greeter field it holds
    (or "ignore"), then its values in the first rows. Tab moves from list to list."""

    field_chosen = Signal(int, str)  # column, field ("" ignores it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: list[QComboBox] = []
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
        self.setRowCount(len(header))
        self.setColumnCount(2 + len(rows))
        self.setHorizontalHeaderLabels(
            ["Column in the file", "Greeter reads it as", *(f"line {n}" for n, _ in rows)]
        )
        self.combos = []
        for row, name in enumerate(header):
            self.setItem(row, 0, _cell(name or f"(column {row + 1} has no name)"))
            combo = QComboBox()
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
                text = " ".join(cells[row].split()) if row < len(cells) else ""  # one line
                self.setItem(row, col, _cell(text))
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
        """What the lists offer: "ignore", then each field (its description as a tooltip)."""
        for combo in self.combos:
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(IGNORE, "")
                combo.setItemData(0, "not read", Qt.ItemDataRole.ToolTipRole)
                for name, description in fields.items():
                    combo.addItem(name, name)
                    combo.setItemData(combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)

    def show_fields(self, fields: Sequence[str]) -> None:
        """The field each column holds ("" ignored: its row is greyed)."""
        for row, (combo, chosen) in enumerate(zip(self.combos, fields, strict=True)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.setProperty("ignored", not chosen)
            restyle(combo)
            colour = QBrush(IGNORED_TEXT) if not chosen else QBrush()
            for col in (0, *range(2, self.columnCount())):
                item = self.item(row, col)
                if item is not None:
                    item.setForeground(colour)

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
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems.setWordWrap(True)  # a long problem wraps rather than scrolls sideways
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
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
            self.problems.addItem(str(problem))
        if len(problems) > PROBLEMS_SHOWN:
            self.problems.addItem(f"… and {len(problems) - PROBLEMS_SHOWN} more")
        self.problems.setVisible(bool(problems))
        if problems:
            row = self.problems.sizeHintForRow(0)
            rows = min(self.problems.count(), PROBLEM_ROWS_VISIBLE)
            frame = 2 * self.problems.frameWidth() + 8
            self.problems.setMinimumHeight(row + frame)
            self.problems.setMaximumHeight(row * rows + frame)
        bad = result.bad if result is not None and result.dry_run else 0
        self.skip_bad.setText(
            f"Import the other rows, and set the bad {'one' if bad == 1 else 'ones'} aside"
        )
        self.skip_bad.setToolTip(f"The bad rows are written to {file_stem}.bad.csv beside the file")
        self.skip_bad.setVisible(bool(bad))
