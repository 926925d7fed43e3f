"""The Import window on a sales file imported before: it says plainly that nothing is new."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.till.import_result import ImportResult
from greeter.ui.import_dialog import ImportDialog
from tests.till.csv_files import load, snapshot, write_csv

WAIT_MS = 10_000


def import_in_window(
    qtbot: QtBot, store: Store, staff_id: int, path: Path
) -> tuple[ImportDialog, ImportResult]:
    """The Import window on `path`, checked, then its Import button pressed."""
    owner = next(s for s in store.staff.all() if s.id == staff_id)
    dialog = ImportDialog(store, owner, path)
    qtbot.addWidget(dialog)
    dialog.show()
    job = dialog.check_now()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        dialog.import_button.click()
    return dialog, imported.args[0]


def test_importing_a_sales_file_again_says_nothing_new(
    qtbot: QtBot, store: Store, staff_id: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till-2026-11-22.csv",
        ["Receipt", "Date", "Item", "Price", "Email"],
        [["T1", "2026-11-22 10:01", "Tea", "2.50", "nobody@example.org"],
         ["T2", "2026-11-22 11:30", "Scone", "3.25", ""]],
    )  # fmt: skip
    load(store, path, "sales")
    before = snapshot(store)
    dialog, result = import_in_window(qtbot, store, staff_id, path)
    assert result.unchanged == 2
    assert dialog.status_line.text() == "Nothing new: all 2 receipts were already imported."
    assert "import the customers" not in dialog.outcome.notes.text()
    assert "purchase line" not in dialog.outcome.notes.text()  # not "0 purchase lines…"
    assert snapshot(store) == before


def test_one_new_line_is_counted_in_words_that_agree(
    qtbot: QtBot, store: Store, staff_id: int, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till-2026-11-23.csv",
        ["Receipt", "Date", "Item", "Price"],
        [["T9", "2026-11-23 09:15", "Tea", "2.50"]],
    )
    dialog, _ = import_in_window(qtbot, store, staff_id, path)
    assert "1 purchase line in the new receipts." in dialog.outcome.notes.text()
