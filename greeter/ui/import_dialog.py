"""The Import window: a till's CSV file, what each column holds, what an import would do, then
the import itself with a progress bar that can be cancelled."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from greeter.core.models import Staff
from greeter.store import Store
from greeter.till.columns import CUSTOMERS, FIELDS, SALES
from greeter.till.csv_read import CsvFile
from greeter.till.import_result import ImportResult
from greeter.till.importer import ImportOptions, detect, dry_run, preview, run_import
from greeter.till.problems import ImportRefused
from greeter.till.watch import guess_kind
from greeter.ui.disposal import disposed
from greeter.ui.import_panels import ColumnsTable, OutcomePanel, field_label, in_words
from greeter.ui.import_worker import ImportJob, JobOutcome, Work, one_thread_pool
from greeter.ui.screen_fit import ScrollingBody, fit_dialog
from greeter.ui.theme import plain_label, restyle

FIRST_ROWS = 4  # sample rows shown beside each column
CHECK_DELAY_MS = 300  # after the last change, before the dry run starts
CLOSE_WAIT_SECONDS = 30.0
WIDTH, HEIGHT = 1100, 840  # at most, and no larger than the screen
NARROWEST = 760  # a column's name, its list and a sample side by side
# In place of the window's contents while the screen is hidden and an import carries on.
COVERED = (
    "The screen is hidden; the import carries on. Ctrl+H shows the screen again, and how the "
    "import went."
)
EXPORTS = {
    "shopify-orders": "Shopify's order export",
    "shopify-customers": "Shopify's customer export",
    "square": "a Square export",
    "greeter": "a Greeter export",
}


def for_the_window(message: str) -> str:
    """The importer's refusals name the command line's --map; here the lists do that, by
    the names they show. The shop's date_order setting is said in words."""
    return in_words(
        re.sub(
            r'Name the right one with --map "Column=(\w+)"\.',
            lambda m: (
                f"Choose “{field_label(m.group(1))}” in the list beside the column that holds it."
            ),
            message,
        )
    )


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportResult, once the file is in

    def __init__(
        self, store: Store, staff: Staff, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store  # the window's: only reads the remembered column choices
        self._staff = staff
        self._path = Path(path)
        self._pool = one_thread_pool(self)
        self._csv: CsvFile | None = None
        self._overrides: dict[str, str] = {}
        self._jobs: list[ImportJob] = []
        self._job: ImportJob | None = None  # the one whose outcome counts
        self._importing = False
        self._covered = False  # the screen hidden while importing: nothing from the file shows
        self.checked: ImportResult | None = None  # the last dry run
        self.result_of_import: ImportResult | None = None
        self._build_ui()
        self._connect_signals()
        self.load(self._path)

    # -- building --

    def _build_ui(self) -> None:
        self.setObjectName("importDialog")
        self.setWindowTitle("Import from the till")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        self.body = QWidget()  # what the file holds: covered while the screen is hidden
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        # On a short screen (1024×600) it scrolls; the buttons below always show.
        self.scrolling = ScrollingBody(self.body)
        outer.addWidget(self.scrolling, 1)

        file_row = QHBoxLayout()  # the window's title says "Import from the till"
        file_row.setSpacing(12)
        self.file_name = plain_label("", "dialogTitle")
        self.file_name.setMinimumWidth(1)  # a long name is cut, not the window widened
        self.file_where = plain_label("", "meta")
        self.file_where.setMinimumWidth(1)
        file_row.addWidget(self.file_name, 0, Qt.AlignmentFlag.AlignBaseline)
        file_row.addWidget(self.file_where, 1, Qt.AlignmentFlag.AlignBaseline)
        self.other_file = QPushButton("Other file…")
        self.other_file.setObjectName("importSecondary")
        self.other_file.setAutoDefault(False)
        file_row.addWidget(self.other_file)
        layout.addLayout(file_row)

        kind_row = QHBoxLayout()
        kind_row.setSpacing(18)
        kind_row.addWidget(plain_label("This file holds", "fieldLabel"))
        self.customers = QRadioButton("Customers")
        self.sales = QRadioButton("Sales")
        self.kinds = QButtonGroup(self)
        for radio in (self.customers, self.sales):
            radio.setObjectName("importKind")
            self.kinds.addButton(radio)
            kind_row.addWidget(radio)
        self.kind_hint = plain_label("", "guideline", wrap=True)
        kind_row.addWidget(self.kind_hint, 1)
        layout.addLayout(kind_row)

        layout.addWidget(
            plain_label(
                "Choose what Greeter reads from each column, or “ignore”; your choices are "
                "remembered for files like this one.",
                "guideline",
                wrap=True,
            )
        )
        self.table = ColumnsTable()
        layout.addWidget(self.table, 1)
        self.outcome = OutcomePanel()
        layout.addWidget(self.outcome)

        self.covered_note = plain_label(COVERED, "importStatus", wrap=True)
        self.covered_note.hide()
        outer.addWidget(self.covered_note, 1, Qt.AlignmentFlag.AlignBottom)  # by the bar
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        outer.addWidget(self.progress)

        self.controls = QWidget()  # its status line may quote a bad row: covered too
        bottom = QHBoxLayout(self.controls)
        bottom.setContentsMargins(0, 0, 0, 0)
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
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.import_button)
        outer.addWidget(self.controls)

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        # The file's columns need the width: beside the till it opens wider than the window.
        fit_dialog(self, WIDTH, HEIGHT, narrowest=NARROWEST)

    def _connect_signals(self) -> None:
        self.other_file.clicked.connect(self._on_other_file_clicked)
        self.kinds.buttonToggled.connect(self._on_kinds_toggled)
        self.table.field_chosen.connect(self._on_table_field_chosen)
        self.outcome.skip_bad.toggled.connect(self._on_skip_bad_toggled)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.check_timer.timeout.connect(self._on_check_timer_timeout)

    def _tab_order(self) -> None:
        chain = [self.other_file, self.customers, self.sales, *self.table.combos]
        chain += [self.outcome.skip_bad, self.cancel_button, self.import_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    # -- the file and its columns --

    def load(self, path: Path) -> None:
        """Show `path`: its columns, what they look like, and (soon) what importing would do."""
        self._cancel_jobs()
        self._path = Path(path)
        self.file_name.setText(self._path.name)
        self.file_where.setText(f"in {self._path.parent}")
        self._overrides = {}
        self.result_of_import = None
        self.import_button.show()
        self.cancel_button.setText("Cancel")
        try:
            shown = preview(self._store, self._path, CUSTOMERS, limit=FIRST_ROWS)
            kind = guess_kind(self._store, shown.file)
        except ImportRefused as error:
            self._csv = None
            self.table.show_file((), (), {})
            self.outcome.show_result(None, self.kind(), self._path.stem)
            self.kind_hint.setText("")
            self._set_editable(False)
            self.other_file.setEnabled(True)
            self._say(str(error), problem=True)
            return
        self._csv = shown.file
        with QSignalBlocker(self.kinds):
            (self.sales if kind == SALES else self.customers).setChecked(True)
        self.table.show_file(shown.file.header, shown.rows, FIELDS[self.kind()])
        self._set_editable(True)
        self._tab_order()
        (self.sales if self.sales.isChecked() else self.customers).setFocus()
        preset = self._detect()
        if preset in EXPORTS:
            self.kind_hint.setText(f"Looks like {EXPORTS[preset]}.")
        elif kind is None:
            self.kind_hint.setText("Greeter cannot tell from the column names: choose.")
        else:
            self.kind_hint.setText(f"Greeter guessed {kind} from the column names.")
        self._schedule_check()

    def kind(self) -> str:
        return SALES if self.sales.isChecked() else CUSTOMERS

    def overrides(self) -> dict[str, str]:
        """The columns chosen by hand: column name → field ("" ignores it)."""
        return dict(self._overrides)

    def _detect(self) -> str:
        """Show the mapping for the chosen kind and the shop's choices; its preset."""
        assert self._csv is not None
        try:
            mapping = detect(self._store, self._csv, self.kind(), self._overrides)
        except ImportRefused as error:  # not with the lists' own choices
            self._say(str(error), problem=True)
            return ""
        self.table.show_fields(mapping.fields)
        return mapping.preset

    # -- checking (a dry run) and importing --

    def _schedule_check(self) -> None:
        self._cancel_jobs()
        self.checked = None
        self.outcome.show_result(None, self.kind(), self._path.stem)
        self.table.forget_problems()
        self.import_button.setEnabled(False)
        if self._csv is not None:
            self._say("Checking what an import would do…")
            self.check_timer.start()

    def check_now(self) -> ImportJob | None:
        """Start the dry run now rather than after a pause for more changes."""
        self.check_timer.stop()
        return self._check()

    def _check(self) -> ImportJob | None:
        if self._csv is None:
            return None
        path, options = self._path, self._options(skip_bad=True)
        return self._start(lambda store, progress: dry_run(store, path, options, progress), False)

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
        """Import for real, in the worker; None when nothing is ready to import."""
        if not self.import_button.isEnabled():
            return None
        self._cancel_jobs()
        path, options = self._path, self._options(skip_bad=self.outcome.skip_bad.isChecked())
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

    def _show_bad_rows(self, result: ImportResult) -> None:
        """Mark the bad cells in the table; the first bad row, when it is further down the
        file, is shown before the first rows."""
        if not result.problems or self._csv is None:
            return
        first = min(problem.line for problem in result.problems)
        if first not in self.table.lines:
            self.table.show_bad_row(first, self._csv.row_at(first))
        self.table.mark_problems(result.problems)

    def _ready(self) -> None:
        """After a dry run: Import may be pressed unless bad rows would refuse the file."""
        if self.checked is None:
            return
        blocked = bool(self.checked.bad) and not self.outcome.skip_bad.isChecked()
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
        if not editable:  # before the focused list goes grey, so the table stays put
            self.cancel_button.setFocus()
        for widget in (self.other_file, self.customers, self.sales, self.outcome.skip_bad):
            widget.setEnabled(editable)
        self.table.set_editable(editable)

    def _finished_import(self, outcome: JobOutcome) -> None:
        self._set_editable(True)
        if not outcome.ok:
            self._ready()  # the file is as it was: Import may be pressed again
            self._say(outcome.problem, problem=not outcome.cancelled)
            return
        result = outcome.value
        assert isinstance(result, ImportResult)
        self.result_of_import = result
        self.outcome.show_result(result, result.kind, self._path.stem)
        self._set_editable(False)
        self.import_button.hide()
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        said = result.summary().splitlines()[0].capitalize() + "."
        if result.report_problem:  # the rows are in, but not the file of those left out
            said += " The rows left out could not be saved: see above."
        self._say(said, problem=bool(result.report_problem))
        self.imported.emit(result)

    # -- the screen hidden --

    def cover(self, covered: bool) -> bool:
        """Hide (Ctrl+H) or idle would close this window as Esc does, stopping an import under
        way. While one runs, the window is covered instead: it carries on, and nothing from
        the file shows (its rows, a bad line quoted) until the screen is shown again. True
        while covered; False when nothing runs, so the window may be closed."""
        if covered and not (self._importing or self._covered):
            return False
        self._covered = covered
        self.scrolling.setVisible(not covered)
        self.controls.setVisible(not covered)
        self.covered_note.setVisible(covered)
        if not covered:
            self.cancel_button.setFocus()  # Cancel while importing, Close after
        return covered

    # -- closing --

    def reject(self) -> None:
        """Closing stops whatever runs (an import stopped writes nothing) and waits for it."""
        self._cancel_jobs()
        for job in self._jobs:
            job.wait(CLOSE_WAIT_SECONDS)
        self._pool.waitForDone(int(CLOSE_WAIT_SECONDS * 1000))
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self._covered:
            return  # neither stopped nor closed unseen: the screen is shown first
        if event.key() == Qt.Key.Key_Escape and self._importing:
            self._on_cancel_button_clicked()  # Esc stops the import; a second Esc closes
            return
        super().keyPressEvent(event)

    # -- slots --

    def _on_other_file_clicked(self) -> None:
        chosen = self.choose_file(self, self._path.parent)
        if chosen is not None:
            self.load(chosen)

    def _on_kinds_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self._csv is not None:
            self._overrides = {}
            self.table.offer(FIELDS[self.kind()])
            self._detect()
            self._schedule_check()

    def _on_table_field_chosen(self, column: int, field: str) -> None:
        if self._csv is not None:
            self._overrides[self._csv.header[column]] = field
            self._detect()
            self._schedule_check()

    def _on_skip_bad_toggled(self, _checked: bool) -> None:
        self._ready()

    def _on_check_timer_timeout(self) -> None:
        self._check()

    def _on_import_button_clicked(self) -> None:
        self.start_import()

    def _on_cancel_button_clicked(self) -> None:
        if self._importing and self._job is not None:
            self._job.cancel()  # its outcome says "Import cancelled: nothing was changed."
            self._say("Stopping…")
            return
        self.reject()

    def _on_job_progressed(self, stage: str, done: int, total: int) -> None:
        if self.sender() is not self._job:
            return  # a check made stale by a later change
        share = min(done / total, 1.0) if total else 1.0
        self.progress.setValue(int(500 * share) + (500 if stage == "writing" else 0))

    def _on_job_finished(self, outcome: JobOutcome) -> None:
        job = self.sender()
        if job in self._jobs:
            self._jobs.remove(job)
        if job is not self._job:
            return  # a check made stale by a later change, or stopped by closing
        importing = self._importing
        self._job = None
        self._importing = False
        self.progress.hide()
        if importing:
            self._finished_import(outcome)
        elif outcome.ok:
            assert isinstance(outcome.value, ImportResult)
            self.checked = outcome.value
            self.outcome.show_result(outcome.value, outcome.value.kind, self._path.stem)
            self._show_bad_rows(outcome.value)
            self._ready()
        elif not outcome.cancelled:
            self._say(for_the_window(outcome.problem), problem=True)

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
        with disposed(cls(store, staff, path, parent)) as dialog:
            dialog.exec()
            return dialog.result_of_import
