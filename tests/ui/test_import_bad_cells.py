"""The Import window's table marks the cells of bad rows, and shows the first bad row at once
even when it is far down the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from greeter.core.models import Staff
from greeter.store import Store
from greeter.ui.import_dialog import ImportDialog
from greeter.ui.theme import PROBLEM_BACKGROUND
from tests.till.csv_files import snapshot, write_csv
from tests.ui.test_import_dialog import checked, open_dialog

HEADER = ["First Name", "Email", "Birthday"]


@pytest.fixture
def owner(store: Store, staff_id: int) -> Staff:
    return next(s for s in store.staff.all() if s.id == staff_id)


def headings(dialog: ImportDialog) -> list[str]:
    table = dialog.table
    return [table.horizontalHeaderItem(c).text() for c in range(2, table.columnCount())]


def marked(item: QTableWidgetItem) -> bool:
    return item.background().color() == PROBLEM_BACKGROUND


def in_view(dialog: ImportDialog, item: QTableWidgetItem) -> bool:
    table = dialog.table
    return table.viewport().rect().contains(table.visualItemRect(item))


def test_a_bad_row_far_down_is_shown_first_with_its_bad_cell_marked_and_why_on_hover(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    rows = [[f"Name{n}", f"n{n}@example.org", "1990-01-02"] for n in range(12)]
    rows[8] = ["Ana", "ana@example.org", "13/13/1990"]  # line 10: no month 13
    path = write_csv(tmp_path / "customers.csv", HEADER, rows)
    before = snapshot(store)
    dialog = open_dialog(qtbot, store, owner, path)
    assert headings(dialog) == ["line 2", "line 3", "line 4", "line 5"]

    assert checked(qtbot, dialog).bad == 1

    # Beside the lists, before the first rows: no scrolling to find it.
    assert headings(dialog) == ["line 10: bad row", "line 2", "line 3", "line 4", "line 5"]
    table = dialog.table
    date = table.item(2, 2)
    assert date.text() == "13/13/1990"
    assert marked(date) and in_view(dialog, date)
    assert date.toolTip() == (
        "13/13/1990\nline 10, column Birthday: “13/13/1990” is not a real date: there is no "
        "month 13 (read as month/day/year: the shop reads dates month first (MDY), as its "
        "date_order setting says)"
    )
    assert [table.item(r, 2).text() for r in (0, 1)] == ["Ana", "ana@example.org"]
    unmarked = [table.item(r, c) for r in range(3) for c in range(2, 7) if (r, c) != (2, 2)]
    assert not any(marked(item) for item in unmarked)
    assert snapshot(store) == before  # the dry run wrote nothing

    dialog.table.choose(2, "ignore")  # don't read the Birthday column

    assert headings(dialog) == ["line 2", "line 3", "line 4", "line 5"]  # gone at once
    assert not marked(table.item(2, 2))
    assert checked(qtbot, dialog).bad == 0
    assert headings(dialog) == ["line 2", "line 3", "line 4", "line 5"]


def test_a_bad_row_without_a_column_to_blame_is_marked_whole(
    qtbot: QtBot, store: Store, owner: Staff, tmp_path: Path
) -> None:
    rows = [["Ada", "ada@example.org", ""], ["", "nameless@example.org", "1990-01-02"]]
    path = write_csv(tmp_path / "customers.csv", HEADER, rows)
    dialog = open_dialog(qtbot, store, owner, path)

    checked(qtbot, dialog)

    assert headings(dialog) == ["line 2", "line 3: bad row"]  # among the first rows: in place
    table = dialog.table
    assert all(marked(table.item(r, 3)) for r in range(3))
    assert not any(marked(table.item(r, 2)) for r in range(3))
    assert table.item(1, 3).toolTip() == (
        "nameless@example.org\nline 3: has no name (First Name empty)"
    )
