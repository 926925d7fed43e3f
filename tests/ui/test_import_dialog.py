"""The Import window and the watched folder, on real CSV files and a real shop file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from greeter.core.models import Staff
from greeter.store import Store
from greeter.store.imports import ImportLog
from greeter.till.columns import CUSTOMERS, SALES, header_key
from greeter.till.import_result import ImportResult
from greeter.till.importer import ImportOptions, open_file, run_import
from greeter.till.watch import guess_kind
from greeter.ui.import_dialog import ImportDialog
from greeter.ui.import_worker import CANCELLED
from greeter.ui.main_window import MainWindow
from tests.till.csv_files import count, snapshot, write_csv

WAIT_MS = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def owner(store: Store, staff_id: int) -> Staff:
    return next(s for s in store.staff.all() if s.id == staff_id)


@pytest.fixture
def customers_csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "customers.csv",
        ["First Name", "Last Name", "Email", "Phone", "Favourite Colour"],
        [
            ["Ada", "Byron", "ada@example.org", "613-555-0142", "green"],
            # Not a phone number, and nothing else to know him by: a bad row.
            ["Bob", "Smith", "", "12", "red"],
            ["Zoë", "O'Brien", "zoe@example.org", "", "blue"],
        ],
    )


@pytest.fixture
def sales_csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "till-2026-11-22.csv",
        ["Receipt", "Date", "Item", "Price", "Email", "Till Note"],
        [
            ["T1", "2026-11-22 10:01", "Tea", "2.50", "ada@example.org", ""],
            ["T1", "2026-11-22 10:01", "Mug", "9.00", "ada@example.org", ""],
            ["T2", "2026-11-22 11:30", "Scone", "3.25", "", "warm"],
        ],
    )


def open_dialog(qtbot: QtBot, store: Store, staff: Staff, path: Path) -> ImportDialog:
    dialog = ImportDialog(store, staff, path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def checked(qtbot: QtBot, dialog: ImportDialog) -> ImportResult:
    """Run the dry run now and wait for the worker to finish it."""
    job = dialog.check_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    assert dialog.checked is not None, dialog.status_line.text()
    return dialog.checked


def shown_fields(dialog: ImportDialog) -> list[str]:
    """The field each list has chosen, by the name the command line's --map gives it."""
    return [combo.currentData() or "ignore" for combo in dialog.table.combos]


def counts_shown(dialog: ImportDialog) -> list[str]:
    return [label.text() for label in dialog.outcome.values]


def test_the_columns_show_what_greeter_detected(
    qtbot: QtBot, store: Store, owner: Staff, sales_csv: Path
) -> None:
    dialog = open_dialog(qtbot, store, owner, sales_csv)
    assert dialog.kind() == SALES and dialog.sales.isChecked()
    assert shown_fields(dialog) == ["receipt_id", "date", "item", "price", "email", "ignore"]
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())][:2] == ["Receipt", "Date"]
    assert table.item(0, 2).text() == "T1" and table.item(2, 4).text() == "Scone"
    assert table.horizontalHeaderItem(2).text() == "line 2"
    assert dialog.import_button.isEnabled() is False  # not before the dry run


def test_the_dry_run_counts_and_names_bad_rows_by_line_and_column(
    qtbot: QtBot, store: Store, owner: Staff, customers_csv: Path
) -> None:
    before = snapshot(store)
    dialog = open_dialog(qtbot, store, owner, customers_csv)
    assert dialog.kind() == CUSTOMERS

    result = checked(qtbot, dialog)

    assert (result.new, result.updated, result.unchanged, result.bad) == (2, 0, 0, 1)
    assert counts_shown(dialog) == ["2", "0", "0", "1"]
    assert dialog.outcome.problems.item(0).text().startswith("line 3, column Phone: ")
    assert not dialog.import_button.isEnabled()  # the bad row would refuse the file
    dialog.outcome.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert snapshot(store) == before  # a dry run writes nothing


def test_changing_a_list_changes_the_dry_run(
    qtbot: QtBot, store: Store, owner: Staff, customers_csv: Path
) -> None:
    dialog = open_dialog(qtbot, store, owner, customers_csv)
    assert checked(qtbot, dialog).bad == 1

    dialog.table.choose(3, "ignore")  # don't read the Phone column

    assert dialog.overrides() == {"Phone": ""}
    assert shown_fields(dialog)[3] == "ignore"
    assert counts_shown(dialog) == ["–"] * 4  # the old counts are gone at once
    result = checked(qtbot, dialog)
    assert (result.new, result.bad) == (3, 0)
    assert "Phone" in result.mapping.ignored
    assert counts_shown(dialog) == ["3", "0", "0", "0"]
    assert dialog.import_button.isEnabled()


def test_the_dry_run_says_no_column_is_read_as_an_amount_until_one_is_chosen(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    """The window shows what the command line says: receipts at 0.00, which column was
    ignored, and how to read it. Choosing it in its list reads the amounts."""
    path = write_csv(tmp_path / "till.csv", ["Receipt", "Date", "Item", "Ext. Cost"],
                     [["T1", "2026-11-22 10:01", "Tea", "2.50"]])  # fmt: skip
    dialog = open_dialog(qtbot, store, owner, path)

    checked(qtbot, dialog)

    assert (
        "no column is read as an amount (a unit price, an amount for the line or a receipt "
        "total): the receipts would be stored with their items at 0.00. If the ignored column "
        "(Ext. Cost) holds the amounts, read it as one of those, in its list in the Import "
        'window or with --map "Ext. Cost=line_total" (or price, or total)'
    ) in dialog.outcome.notes.text().splitlines()
    dialog.table.choose(3, "line_total")
    checked(qtbot, dialog)
    assert "no column is read as an amount" not in dialog.outcome.notes.text()


def test_import_with_enter_writes_rows_and_remembers_the_choices(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till.csv",
        ["Ref", "When", "Item", "Price"],
        [["A1", "2026-11-22", "Tea", "2.50"], ["A2", "2026-11-22", "Cake", "4.00"]],
    )
    dialog = open_dialog(qtbot, store, owner, path)
    dialog.sales.click()  # nothing says "receipt" or "date": Greeter could not tell
    dialog.table.choose(0, "receipt_id")
    dialog.table.choose(1, "date")
    assert checked(qtbot, dialog).new == 2

    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter presses Import
        assert dialog.progress.isVisible()

    result = imported.args[0]
    assert (result.new, result.lines) == (2, 2) and not result.dry_run
    assert count(store, "purchases") == 2
    assert dialog.result_of_import is result
    assert dialog.cancel_button.text() == "Close" and not dialog.import_button.isVisible()
    assert dialog.status_line.text().startswith("Imported 2 receipts")
    key = header_key(("Ref", "When", "Item", "Price"))
    assert ImportLog(store.db).overrides(key, SALES) == {"Ref": "receipt_id", "When": "date"}
    assert guess_kind(store, open_file(path)) == SALES  # the watched folder knows it now


def test_rows_imported_without_their_bad_rows_file_are_said_to_be_in(
    qtbot: QtBot, store: Store, owner: Staff, customers_csv: Path
) -> None:
    (customers_csv.parent / "customers.bad.csv").mkdir()  # where the bad row cannot go
    dialog = open_dialog(qtbot, store, owner, customers_csv)
    assert checked(qtbot, dialog).bad == 1
    dialog.outcome.skip_bad.setChecked(True)

    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        dialog.import_button.click()

    assert imported.args[0].new == 2 and count(store, "customers") == 2
    assert dialog.status_line.property("problem") is True
    assert dialog.status_line.text() == (
        "Imported 2 customers: 2 new, 0 updated, 0 unchanged, 1 bad. "
        "The rows left out could not be saved: see above."
    )
    assert dialog.outcome.notes.text().startswith(
        "The good rows of customers.csv were imported, but the bad ones could not be written"
    )
    assert dialog.cancel_button.text() == "Close"  # not Import again, as if nothing went in


@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancel_writes_nothing(
    qtbot: QtBot, store: Store, owner: Staff, customers_csv: Path, how: str
) -> None:
    before = snapshot(store)
    dialog = open_dialog(qtbot, store, owner, customers_csv)
    checked(qtbot, dialog)
    dialog.outcome.skip_bad.setChecked(True)

    job = dialog.start_import()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        if how == "button":
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert dialog.status_line.text() == CANCELLED == "Import cancelled: nothing was changed."
    assert dialog.isVisible()  # Cancel stopped the import; the window stays
    assert dialog.result_of_import is None
    assert snapshot(store) == before
    assert count(store, "imports") == 0
    assert dialog.import_button.isEnabled()  # it may be tried again


def test_cancel_half_way_through_rolls_back(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    rows = [[f"Name{n}", f"n{n}@example.org"] for n in range(700)]  # progress every 256
    path = write_csv(tmp_path / "many.csv", ["First Name", "Email"], rows)
    before = snapshot(store)
    dialog = open_dialog(qtbot, store, owner, path)
    checked(qtbot, dialog)

    job = dialog.start_import()
    assert job is not None
    # Cancel as the first progress report leaves the worker: customers are being written.
    job.progressed.connect(job.cancel, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        pass

    assert finished.args[0].cancelled
    assert dialog.status_line.text() == CANCELLED
    assert snapshot(store) == before


def test_escape_closes_the_window_when_nothing_runs(
    qtbot: QtBot, store: Store, owner: Staff, sales_csv: Path
) -> None:
    dialog = open_dialog(qtbot, store, owner, sales_csv)
    checked(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert count(store, "purchases") == 0


def test_a_file_that_is_not_csv_is_said_plainly(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    dialog = open_dialog(qtbot, store, owner, path)
    assert "empty" in dialog.status_line.text()
    assert dialog.table.rowCount() == 0 and not dialog.import_button.isEnabled()
    assert dialog.other_file.isEnabled()


# -- from the window --


def put_on_duty(window: MainWindow, name: str) -> None:
    window.on_duty.setCurrentIndex(window.on_duty.findText(name))
    assert window.on_duty_staff() is not None and window.on_duty_staff().name == name


def test_staff_cannot_open_the_import_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_file_picker(*_: object) -> Path | None:
        raise AssertionError("staff must not get this far")

    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(no_file_picker))
    put_on_duty(window, "Marcus")
    qtbot.keyClick(window.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.status.text() == (
        "Marcus is staff; only managers and owners may import from the till. "
        "Ask a manager or an owner to go on duty (choosing their name at the top), then try again."
    )


def test_a_manager_imports_and_the_window_shows_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    customers_csv: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.staff.add("Mia", "manager")
    window._load_staff()
    put_on_duty(window, "Mia")
    asked: list[Path] = []

    def pick(_cls: type, _parent: object, _start: Path) -> Path:
        return customers_csv

    def import_it(_cls: type, _parent: object, s: Store, staff: Staff, path: Path) -> ImportResult:
        asked.append(path)
        assert staff.name == "Mia"
        return run_import(s, path, ImportOptions(CUSTOMERS, skip_bad=True, staff=staff.name))

    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(pick))
    monkeypatch.setattr(ImportDialog, "ask", classmethod(import_it))
    with qtbot.waitSignal(window.imports.imported):
        qtbot.keyClick(window.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == [customers_csv]
    assert window.status.text() == "Imported customers.csv: 2 new customers."
    assert window.pages.currentWidget() is window.idle


def test_the_watched_folder_imports_and_says_so(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "till-exports"
    purchases = count(store, "purchases")
    assert window.imports.watch(folder)
    assert window.imports.folder is not None
    window.imports.folder.settle_seconds = 0
    write_csv(folder / "sales-2026-11-22.csv", ["Receipt", "Date", "Item", "Price"],
              [["W1", "2026-11-22", "Tea", "2.50"]])  # fmt: skip
    write_csv(folder / "x.csv", ["Receipt", "Date", "Item", "Price"],
              [["W2", "2026-11-22", "Cake", "lots"]])  # fmt: skip

    window.imports.scan()  # first look: sizes noted
    with qtbot.waitSignal(window.imports.folder_handled, timeout=WAIT_MS) as handled:
        window.imports.scan()  # unchanged since: imported

    dropped = {d.name: d for d in handled.args[0]}
    assert dropped["sales-2026-11-22.csv"].ok and not dropped["x.csv"].ok
    banner = window.banner.message.text()
    assert "Imported sales-2026-11-22.csv: 1 receipt." in banner
    assert "Could not import x.csv: 1 bad row (line 2, column Price) — moved to failed/" in banner
    assert window.banner.isVisible() and window.banner.property("severe") is True
    assert (folder / "done" / "sales-2026-11-22.csv").exists()
    assert (folder / "failed" / "x.report.txt").exists()
    assert count(store, "purchases") == purchases + 1
    window.imports.stop_watching()


def seen_in(dialog: ImportDialog) -> str:
    """What a person in front of the Import window reads: its labels and table, as shown."""
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
    cells = [
        dialog.table.item(row, column).text()
        for row in range(dialog.table.rowCount())
        for column in range(dialog.table.columnCount())
        if dialog.table.isVisibleTo(dialog) and dialog.table.item(row, column) is not None
    ]
    return " ".join([*labels, *cells])


@pytest.mark.parametrize("hidden_by", ["Ctrl+H", "idle"])
def test_hiding_the_screen_lets_an_import_finish_and_shows_its_outcome_once_shown(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hidden_by: str,
) -> None:
    rows = [[f"Name{n}", f"Family{n}", f"n{n}@example.org"] for n in range(600)]
    path = write_csv(tmp_path / "till-customers.csv", ["First Name", "Last Name", "Email"], rows)
    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(lambda cls, *_: path))
    put_on_duty(window, "Priya")
    customers = store.customers.count()
    seen: dict[str, object] = {}

    def import_then_hide() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog):
            QTimer.singleShot(10, import_then_hide)
            return
        try:
            checked(qtbot, dialog)
            job = dialog.start_import()
            assert job is not None
            # The worker waits at its first progress report until the screen is hidden.
            reached, go_on = threading.Event(), threading.Event()

            def hold(*_: object) -> None:
                reached.set()
                go_on.wait(5)

            job.progressed.connect(hold, Qt.ConnectionType.DirectConnection)
            qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
            if hidden_by == "Ctrl+H":
                qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_H, CTRL)
            else:
                window.idle_watch.set_intervals(hide_ms=60, lock_ms=0)
                with qtbot.waitSignal(window.idle_watch.hide_due, timeout=2000):
                    pass
                window.idle_watch.set_intervals(hide_ms=0, lock_ms=0)
            seen["hidden"] = (dialog.isVisible(), seen_in(dialog), job.cancelled)
            dialog.grab().save(str(tmp_path / "import-covered.png"))
            go_on.set()
            with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
                pass
            seen["finished"] = seen_in(dialog)
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_H, CTRL)  # shown again
            seen["shown"] = dialog.status_line.text()
            dialog.layout().activate()  # laid out again, as on the next frame
            dialog.grab().save(str(tmp_path / "import-shown-again.png"))
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # now "Close"
        finally:
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, import_then_hide)
    qtbot.keyClick(window.search, Qt.Key.Key_I, CTRL)

    open_while_hidden, hidden_text, cancelled = seen["hidden"]  # type: ignore[misc]
    assert (open_while_hidden, cancelled) == (True, False)  # the import carried on
    assert window.pages.currentWidget() is window.idle  # shown again: today's list
    for private in ("Name1", "Family1", "example.org"):
        assert private not in hidden_text and private not in str(seen["finished"])
    assert "Ctrl+H" in hidden_text  # the covered window says how to see it again
    assert store.customers.count() == customers + 600
    assert seen["shown"] == "Imported 600 customers: 600 new, 0 updated, 0 unchanged, 0 bad."
    assert window.status.text() == "Imported till-customers.csv: 600 new customers."
