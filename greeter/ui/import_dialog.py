"""The Import window: a till's CSV file, what each column holds, what an import would do, then
the import itself with a progress bar that can be cancelled."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from greeter.core.models import Staff
from greeter.store import Store
from greeter.till.columns import CUSTOMERS, FIELDS, SALES, ColumnMapping
from greeter.till.csv_read import CsvFile
from greeter.till.importer import ImportOptions, ImportResult, detect, dry_run, preview, run_import
from greeter.till.problems import ImportRefused
from greeter.till.watch import guess_kind
from greeter.ui.import_worker import ImportJob, JobOutcome, Work, one_thread_pool
from greeter.ui.theme import Section, plain_label, restyle

FIRST_ROWS = 5  # sample rows shown beside each column
IGNORE = "ignore"
PROBLEMS_SHOWN = 50
CHECK_DELAY_MS = 300  # after the last change, before the dry run starts
CLOSE_WAIT_SECONDS = 30.0
EXPORTS = {
    "shopify-orders": "Shopify's order export",
    "shopify-customers": "Shopify's customer export",
    "square": "a Square export",
    "greeter": "a Greeter export",
}
CAPTIONS = {
    CUSTOMERS: ("new customers", "updated", "unchanged", "bad rows"),
    SALES: ("new receipts", "linked to a customer", "already imported", "bad rows"),
}
IGNORED_TEXT = QColor("#8A8378")


def _one_line(cell: str) -> str:
    return " ".join(cell.split())


def _for_the_window(message: str) -> str:
    """The importer's refusals name the command line's --map; here the list does that."""
    return re.sub(
        r'Name the right one with --map "Column=(\w+)"\.',
        r"Choose “\1” in the list beside the column that holds it.",
        message,
    )


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportResult, once the file is in

    def __init__(
        self, store: Store, staff: Staff, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store  # the window's: only reads the remembered mappings
        self._staff = staff
        self._path = Path(path)
        self._pool = one_thread_pool(self)
        self._csv: CsvFile | None = None
        self._mapping: ColumnMapping | None = None
        self._rows: list[tuple[int, list[str]]] = []
        self._overrides: dict[str, str] = {}
        self._combos: list[QComboBox] = []
        self._jobs: list[ImportJob] = []
        self._job: ImportJob | None = None  # the one whose outcome counts
        self._importing = False
        self.checked: ImportResult | None = None  # the last dry run
        self.result_of_import: ImportResult | None = None
        self._build_ui()
        self._connect_signals()
        self.load(self._path)

    # -- building --

    def _build_ui(self) -> None:
        self.setObjectName("importDialog")
        self.setWindowTitle("Import from the till")
        self.setMinimumSize(780, 600)
        self.resize(1080, 800)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label("Import from the till", "dialogTitle"))

        file_row = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        self.file_name = plain_label("", "importFileName")
        self.file_where = plain_label("", "meta")
        names.addWidget(self.file_name)
        names.addWidget(self.file_where)
        file_row.addLayout(names, 1)
        self.other_file = QPushButton("Other file…")
        self.other_file.setObjectName("importSecondary")
        file_row.addWidget(self.other_file, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(file_row)

        kind_row = QHBoxLayout()
        kind_row.setSpacing(16)
        kind_row.addWidget(plain_label("This file holds", "fieldLabel"))
        self.customers = QRadioButton("Customers")
        self.sales = QRadioButton("Sales")
        for radio in (self.customers, self.sales):
            radio.setObjectName("importKind")
            kind_row.addWidget(radio)
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.customers)
        self.kinds.addButton(self.sales)
        self.kind_hint = plain_label("", "guideline", wrap=True)
        kind_row.addWidget(self.kind_hint, 1)
        layout.addLayout(kind_row)

        layout.addWidget(
            plain_label(
                "Each row is a column of the file, with its first values. Choose what Greeter "
                "reads from it, or “ignore”; your choices are remembered for files with the "
                "same columns.",
                "guideline",
                wrap=True,
            )
        )
        self.table = QTableWidget()
        self.table.setObjectName("importColumns")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from list to list
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.table, 3)

        self.outcome = Section("What importing would do")
        stats = QHBoxLayout()
        stats.setSpacing(28)
        self.stat_values: list[QLabel] = []
        self.stat_captions: list[QLabel] = []
        for _ in range(4):
            box = QVBoxLayout()
            box.setSpacing(0)
            value = plain_label("–", "statValue")
            caption = plain_label("", "statLabel")
            box.addWidget(value)
            box.addWidget(caption)
            stats.addLayout(box)
            self.stat_values.append(value)
            self.stat_captions.append(caption)
        stats.addStretch(1)
        self.outcome.body.addLayout(stats)
        self.notes = plain_label("", "importNotes", wrap=True)
        self.outcome.body.addWidget(self.notes)
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        self.outcome.body.addWidget(self.problems)
        self.skip_bad = QCheckBox()
        self.skip_bad.setObjectName("importSkipBad")
        self.skip_bad.hide()
        self.outcome.body.addWidget(self.skip_bad)
        layout.addWidget(self.outcome, 0)

        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        self.status_line = plain_label("", "importStatus", wrap=True)
        bottom.addWidget(self.status_line, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("importSecondary")
        self.cancel_button.setAutoDefault(False)
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("primary")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        bottom.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(bottom)

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)

    def _connect_signals(self) -> None:
        self.other_file.clicked.connect(self._on_other_file_clicked)
        self.kinds.buttonToggled.connect(self._on_kinds_toggled)
        self.skip_bad.toggled.connect(self._on_skip_bad_toggled)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.check_timer.timeout.connect(self._on_check_timer_timeout)

    # -- the file and its columns --

    def load(self, path: Path) -> None:
        """Show `path`: its columns, what they look like, and (soon) what importing would do."""
        self._cancel_jobs()
        self._path = Path(path)
        self.file_name.setText(self._path.name)
        self.file_where.setText(str(self._path.parent))
        self._overrides = {}
        self.result_of_import = None
        self.outcome.title.setText("WHAT IMPORTING WOULD DO")
        self.import_button.show()
        self.cancel_button.setText("Cancel")
        try:
            shown = preview(self._store, self._path, CUSTOMERS, limit=FIRST_ROWS)
            kind = guess_kind(self._store, shown.file)
        except ImportRefused as error:
            self._csv, self._mapping, self._rows = None, None, []
            self.table.clear()
            self.table.setRowCount(0)
            self._combos = []
            self._show_checked(None)
            self.kind_hint.setText("")
            self._say(str(error), problem=True)
            self._set_editable(False)
            self.other_file.setEnabled(True)
            return
        self._csv, self._rows = shown.file, shown.rows
        self._set_editable(True)
        with QSignalBlocker(self.kinds):
            (self.sales if kind == SALES else self.customers).setChecked(True)
        self._fill_table()
        self._detect()
        preset = self._mapping.preset if self._mapping else "generic"
        if preset in EXPORTS:
            hint = f"Looks like {EXPORTS[preset]}."
        elif kind is None:
            hint = "Greeter cannot tell from the column names: choose."
        else:
            hint = f"Greeter guessed {kind} from the column names."
        self.kind_hint.setText(hint)
        self._schedule_check()

    def kind(self) -> str:
        return SALES if self.sales.isChecked() else CUSTOMERS

    def _fill_table(self) -> None:
        assert self._csv is not None
        header = self._csv.header
        table = self.table
        table.clear()
        table.setRowCount(len(header))
        table.setColumnCount(2 + len(self._rows))
        table.setHorizontalHeaderLabels(
            ["Column in the file", "Greeter reads it as", *(f"line {n}" for n, _ in self._rows)]
        )
        self._combos = []
        for row, name in enumerate(header):
            table.setItem(row, 0, _cell(name or f"(column {row + 1} has no name)"))
            combo = QComboBox()
            combo.setObjectName("importField")
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.setAccessibleName(f"What Greeter reads from the column {name}")
            combo.installEventFilter(self)
            # Lists are made per file, so they are wired here rather than in _connect_signals.
            combo.activated.connect(partial(self._on_field_activated, row))
            table.setCellWidget(row, 1, combo)
            self._combos.append(combo)
            for col, (_line, cells) in enumerate(self._rows, start=2):
                table.setItem(row, col, _cell(_one_line(cells[row]) if row < len(cells) else ""))
        self._fill_lists()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(0, 250)
        table.setColumnWidth(1, 230)
        for col in range(2, table.columnCount()):
            table.setColumnWidth(col, 190)
        previous: QWidget = self.sales
        for combo in self._combos:
            QWidget.setTabOrder(previous, combo)
            previous = combo
        for widget in (self.skip_bad, self.cancel_button, self.import_button):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _fill_lists(self) -> None:
        fields = FIELDS[self.kind()]
        for combo in self._combos:
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(IGNORE, "")
                combo.setItemData(0, "not read", Qt.ItemDataRole.ToolTipRole)
                for name, description in fields.items():
                    combo.addItem(name, name)
                    combo.setItemData(combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)

    def _detect(self) -> None:
        """The mapping for the chosen kind and the shop's choices, shown in the lists."""
        assert self._csv is not None
        try:
            self._mapping = detect(self._store, self._csv, self.kind(), self._overrides)
        except ImportRefused as error:  # cannot happen with the lists' own choices
            self._say(str(error), problem=True)
            return
        for row, (combo, chosen) in enumerate(zip(self._combos, self._mapping.fields, strict=True)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
            colour = QBrush(IGNORED_TEXT) if not chosen else QBrush()
            for col in (0, *range(2, self.table.columnCount())):
                item = self.table.item(row, col)
                if item is not None:
                    item.setForeground(colour)

    def overrides(self) -> dict[str, str]:
        """The columns the shop chose by hand: column name → field ("" ignores it)."""
        return dict(self._overrides)

    def choose_field(self, column: int, field: str) -> None:
        """Read `column` as `field` ("" or "ignore" to leave it out), as choosing it does."""
        combo = self._combos[column]
        combo.setCurrentIndex(max(combo.findData("" if field == IGNORE else field), 0))
        self._on_field_activated(column, combo.currentIndex())

    # -- checking (a dry run) and importing --

    def _schedule_check(self) -> None:
        self.checked = None
        self._cancel_jobs()
        self._show_checked(None)
        self.import_button.setEnabled(False)
        if self._csv is not None:
            self._say("Checking what an import would do…")
            self.check_timer.start()

    def check_now(self) -> None:
        """Start the dry run at once (the lists wait a moment for more changes)."""
        self.check_timer.stop()
        self._on_check_timer_timeout()

    def _options(self, *, skip_bad: bool) -> ImportOptions:
        return ImportOptions(
            self.kind(), self.overrides(), skip_bad=skip_bad, staff=self._staff.name
        )

    def _start(self, work: Work, importing: bool) -> ImportJob:
        job = ImportJob(self._store.path, work, self._staff.id, self)
        job.progressed.connect(self._on_job_progressed)
        job.finished.connect(self._on_job_finished)
        self._jobs.append(job)
        self._job = job
        self._importing = importing
        self.progress.setValue(0)
        self.progress.show()
        job.start(self._pool)
        return job

    def start_import(self) -> ImportJob | None:
        """Import for real, in the worker; None when there is nothing ready to import."""
        if not self.import_button.isEnabled():
            return None
        self._cancel_jobs()
        path, options = self._path, self._options(skip_bad=self.skip_bad.isChecked())
        self._set_editable(False)
        self.import_button.setEnabled(False)
        self._say("Importing… Cancel (or Esc) stops it, and then nothing is changed.")
        return self._start(lambda store, progress: run_import(store, path, options, progress), True)

    def _cancel_jobs(self) -> None:
        self.check_timer.stop()
        for job in self._jobs:
            job.cancel()
        self._job = None
        self._importing = False
        self.progress.hide()

    def _show_checked(self, result: ImportResult | None) -> None:
        kind = result.kind if result else self.kind()
        values = (result.new, result.updated, result.unchanged, result.bad) if result else None
        for n, value in enumerate(self.stat_values):
            value.setText(f"{values[n]:,}" if values else "–")
            self.stat_captions[n].setText(CAPTIONS[kind][n])
        notes: list[str] = []
        if result is not None:
            if result.kind == SALES:
                notes.append(f"{result.lines:,} purchase lines in the new receipts.")
            summary = result.summary().splitlines()[1:]
            notes += [line for line in summary if not line.startswith("bad: ")]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.problems.clear()
        problems = result.problems if result else []
        for problem in problems[:PROBLEMS_SHOWN]:
            self.problems.addItem(str(problem))
        if len(problems) > PROBLEMS_SHOWN:
            self.problems.addItem(f"… and {len(problems) - PROBLEMS_SHOWN} more")
        self.problems.setVisible(bool(problems))
        bad = result.bad if result and not result.report_path else 0
        if bad and result is not None and result.dry_run:
            self.skip_bad.setText(
                f"Import the other rows, and put the {bad:,} bad "
                f"{'row' if bad == 1 else 'rows'} in {self._path.stem}.bad.csv beside the file "
                "to fix"
            )
        self.skip_bad.setVisible(bool(bad) and result is not None and result.dry_run)

    def _ready(self) -> None:
        """After a dry run: Import may be pressed unless bad rows would refuse the file."""
        result = self.checked
        if result is None:
            return
        blocked = bool(result.bad) and not self.skip_bad.isChecked()
        self.import_button.setEnabled(not blocked)
        if blocked:
            self._say(
                "Some rows cannot be imported: fix them in the file (then choose it again), "
                "or tick the box to import the others.",
                problem=True,
            )
        else:
            self._say("Nothing is changed until you press Import.")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.status_line.setText(text)
        self.status_line.setProperty("problem", problem)
        restyle(self.status_line)

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.other_file, self.customers, self.sales, self.skip_bad, *self._combos):
            widget.setEnabled(editable)

    def _finished_import(self, outcome: JobOutcome) -> None:
        self._set_editable(True)
        if not outcome.ok:
            self._ready()  # the file is as it was: Import may be pressed again
            self._say(outcome.problem, problem=not outcome.cancelled)
            return
        result = outcome.value
        assert isinstance(result, ImportResult)
        self.result_of_import = result
        self.outcome.title.setText("WHAT WAS IMPORTED")
        self._show_checked(result)
        self._set_editable(False)
        self.import_button.hide()
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self._say(result.summary().splitlines()[0].capitalize() + ".")
        self.imported.emit(result)

    # -- closing --

    def reject(self) -> None:
        """Closing stops whatever runs (an import stopped writes nothing) and waits for it."""
        self._cancel_jobs()
        for job in self._jobs:
            job.wait(CLOSE_WAIT_SECONDS)
        self._pool.waitForDone(int(CLOSE_WAIT_SECONDS * 1000))
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self._importing:
            self._on_cancel_button_clicked()  # Esc stops the import; a second Esc closes
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(watched, QComboBox) and watched in self._combos:
            if event.type() == QEvent.Type.FocusIn:  # Tab into a list below the fold
                self.table.scrollTo(self.table.model().index(self._combos.index(watched), 1))
            elif event.type() == QEvent.Type.Wheel and not watched.hasFocus():
                QApplication.sendEvent(self.table.viewport(), event)  # scroll, don't change
                return True
        return super().eventFilter(watched, event)

    # -- slots --

    def _on_other_file_clicked(self) -> None:
        chosen = self.choose_file(self, self._path.parent)
        if chosen is not None:
            self.load(chosen)

    def _on_kinds_toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked or self._csv is None:
            return
        self._overrides = {}
        self._fill_lists()
        self._detect()
        self._schedule_check()

    def _on_field_activated(self, column: int, index: int) -> None:
        if self._csv is None:
            return
        field = self._combos[column].itemData(index) or ""
        self._overrides[self._csv.header[column]] = field
        self._detect()
        self._schedule_check()

    def _on_skip_bad_toggled(self, _checked: bool) -> None:
        self._ready()

    def _on_check_timer_timeout(self) -> None:
        if self._csv is None:
            return
        path, options = self._path, self._options(skip_bad=True)
        self._start(lambda store, progress: dry_run(store, path, options, progress), False)

    def _on_import_button_clicked(self) -> None:
        self.start_import()

    def _on_cancel_button_clicked(self) -> None:
        if self._importing and self._job is not None:
            self._job.cancel()  # its outcome says "Import cancelled: nothing was changed."
            self._say("Stopping…")
            return
        self.reject()

    def _on_job_progressed(self, stage: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        self.progress.setValue(int(500 * min(share, 1.0)) + (500 if stage == "writing" else 0))

    def _on_job_finished(self, outcome: JobOutcome) -> None:
        job = self.sender()
        if job in self._jobs:
            self._jobs.remove(job)
        if job is not self._job:
            return  # a check made stale by a later change
        importing = self._importing
        self._job = None
        self._importing = False
        self.progress.hide()
        if importing:
            self._finished_import(outcome)
        elif outcome.ok:
            assert isinstance(outcome.value, ImportResult)
            self.checked = outcome.value
            self._show_checked(outcome.value)
            self._ready()
        elif not outcome.cancelled:
            self._say(_for_the_window(outcome.problem), problem=True)

    # -- asking --

    @classmethod
    def choose_file(cls, parent: QWidget, start: Path) -> Path | None:
        """The file picker; tests replace this one method."""
        name, _ = QFileDialog.getOpenFileName(
            parent, "Choose the till's CSV file", str(start), "CSV files (*.csv *.txt);;All (*)"
        )
        return Path(name) if name else None

    @classmethod
    def ask(cls, parent: QWidget, store: Store, staff: Staff, path: Path) -> ImportResult | None:
        """Open the window on `path`; what was imported, or None if nothing was."""
        dialog = cls(store, staff, path, parent)
        try:
            dialog.exec()
            return dialog.result_of_import
        finally:
            dialog.deleteLater()


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(text)
    return item
