"""The day's backup is made off the window's thread, and a failure is said, not hidden."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.store.backup import list_backups, store_backup_folder
from greeter.ui.daily_backup import DailyBackup
from tests.helpers import add_customer


def test_the_days_backup_is_made_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store(tmp_path / "shop.db")
    add_customer(store, "Lisa", card="BG-1")
    backup = DailyBackup(store.path)
    with qtbot.waitSignal(backup.finished, timeout=10_000) as finished:
        backup.start()
    assert finished.args == [""]
    (made,) = list_backups(store.path, store_backup_folder(store))
    copy = Store(made)
    assert copy.customers.find_by_card("BG-1") is not None
    copy.close()
    store.close()


def test_a_backup_that_cannot_be_made_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store(tmp_path / "shop.db")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    store.settings.set("backup_folder", str(blocker))
    backup = DailyBackup(store.path)
    with qtbot.waitSignal(backup.finished, timeout=10_000) as finished:
        backup.start()
    assert finished.args[0].startswith("Today's backup was not made")
    store.close()
