"""What the watched folder puts on screen: the banner shows over the lock and hidden pages, so
it says where a file is wrong and how many customers came in, never what a cell holds or whom
a row is about; the folder Greeter makes for the till is the shop's account's only."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from greeter.app import watch_till_folder
from greeter.store import Store
from greeter.till.watch import Dropped
from greeter.ui.main_window import MainWindow
from tests.till.csv_files import write_csv
from tests.ui.test_staff_and_lock import open_pinned, visible_text

WAIT_MS = 10_000
BAD2 = (["Name", "Email"], [["Jane Doe", "jane.doe@gmail"]])
SAID_OF_BAD2 = (
    "Could not import bad2.csv: 1 bad row (line 2, column Email) — moved to failed/ with a "
    "report saying what to fix."
)
CELLS = ("Jane", "Doe", "jane.doe@gmail")


def drop_and_import(qtbot: QtBot, window: MainWindow, folder: Path, *names: str) -> list[Dropped]:
    """Watch `folder`, where the files `names` already lie, and import them as it does."""
    assert window.imports.watch(folder)
    watch = window.imports.folder
    assert watch is not None
    watch.settle_seconds = 0
    for n, name in enumerate(names):  # taken oldest first
        os.utime(folder / name, (1_700_000_000 + 60 * n, 1_700_000_000 + 60 * n))
    window.imports.scan()  # first look: sizes noted
    with qtbot.waitSignal(window.imports.folder_handled, timeout=WAIT_MS) as handled:
        window.imports.scan()  # unchanged since: imported
    window.imports.stop_watching()
    dropped: list[Dropped] = handled.args[0]
    return dropped


def test_over_the_lock_page_the_banner_names_no_cell_and_no_customer(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.staff_actions.locked
    folder = tmp_path / "till"
    folder.mkdir()
    write_csv(folder / "bad2.csv", *BAD2)
    # Someone else with Lisa Marsh's phone: added apart, and the report names her.
    write_csv(folder / "household.csv", ["Name", "Phone"], [["Tom Reed", "613-555-0123"]])

    bad2, household = drop_and_import(qtbot, window, folder, "bad2.csv", "household.csv")

    assert window.pages.currentWidget() is window.staff_actions.lock_panel
    assert window.banner.isVisibleTo(window)
    assert window.banner.message.text() == (
        f"{SAID_OF_BAD2}\nImported household.csv: 1 new customer."
    )
    shown = visible_text(window)
    for private in (*CELLS, "Tom", "Reed", "Lisa", "Marsh", "613"):
        assert private not in shown
    assert bad2.report is not None and household.report is not None
    assert "“jane.doe@gmail” is not an email address" in bad2.report.read_text(encoding="utf-8")
    assert "Lisa Marsh" in household.report.read_text(encoding="utf-8")


def test_over_the_hidden_page_the_banner_names_no_cell(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.privacy_panel
    folder = tmp_path / "till"
    folder.mkdir()
    write_csv(folder / "bad2.csv", *BAD2)

    [bad2] = drop_and_import(qtbot, window, folder, "bad2.csv")

    assert not bad2.ok and bad2.moved_to == folder / "failed" / "bad2.csv"
    assert window.pages.currentWidget() is window.privacy_panel
    assert window.banner.isVisibleTo(window) and window.banner.message.text() == SAID_OF_BAD2
    shown = visible_text(window)
    for private in CELLS:
        assert private not in shown


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_folder_greeter_makes_is_the_shops_only_and_one_the_shop_made_is_left_alone(
    window: MainWindow, store: Store, tmp_path: Path
) -> None:
    store.settings.set("watch_folder", "till")  # as `greeter settings watch_folder till` does
    watch_till_folder(window)

    made = tmp_path / "till"
    assert window.imports.folder is not None and window.imports.folder.folder == made
    assert stat.S_IMODE(made.stat().st_mode) == 0o700

    shops = tmp_path / "exports"
    shops.mkdir()
    shops.chmod(0o755)  # the shop's choice: the till may write as another account
    store.settings.set("watch_folder", "exports")
    watch_till_folder(window)

    assert window.imports.folder is not None and window.imports.folder.folder == shops
    assert stat.S_IMODE(shops.stat().st_mode) == 0o755
    assert not window.banner.isVisibleTo(window)  # nothing to say about it
    window.imports.stop_watching()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_folders_greeter_makes_above_the_watched_folder_are_the_shops_only_too(
    window: MainWindow, store: Store, tmp_path: Path
) -> None:
    till = tmp_path / "till"
    till.mkdir()
    till.chmod(0o755)  # the shop's own folder, there already
    store.settings.set("watch_folder", "till/exports/greeter")
    watch_till_folder(window)

    made = till / "exports" / "greeter"
    assert window.imports.folder is not None and window.imports.folder.folder == made
    assert stat.S_IMODE((till / "exports").stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE(till.stat().st_mode) == 0o755  # not Greeter's to change
    assert not window.banner.isVisibleTo(window)
    window.imports.stop_watching()
