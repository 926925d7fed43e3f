"""Choosing a backup to restore: a heading, and each backup by when it was made, in words,
and what it holds, whole on a narrow panel beside the till."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.ui.main_window import MainWindow
from greeter.ui.restore_dialog import RestoreDialog


def test_each_backup_says_when_it_was_made_and_what_it_holds(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    newest = backup_now(store)
    older = newest.with_name("shop-2026-11-19-091500.db")
    older.write_bytes(newest.read_bytes())
    three_days = (dt.datetime.now() - dt.timedelta(days=3)).timestamp()
    os.utime(older, (three_days, three_days))
    unreadable = newest.with_name("shop-2026-11-01-080000.db")
    unreadable.write_text("not a database")
    os.utime(unreadable, (three_days - 86400 * 20, three_days - 86400 * 20))
    window.resize(430, 760)  # a panel beside the till's own window

    dialog = RestoreDialog(window.counter.backups(), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.grab().save(str(tmp_path / "restore-430.png"))

    title = dialog.findChild(QLabel, "dialogTitle")
    assert title is not None and title.isVisible() and title.text() == "Restore a backup"
    rows = [dialog.backups.item(n).text() for n in range(dialog.backups.count())]
    made = dt.datetime.fromtimestamp(newest.stat().st_mtime)
    size = f"{newest.stat().st_size / 1_048_576:.1f} MB"
    assert rows[0] == f"{made:%A %-d %B %Y, %H:%M} (today)\n3 customers  ·  {size}"
    assert rows[1].endswith(f"(3 days ago)\n3 customers  ·  {size}")
    assert rows[2].endswith("(3 weeks ago)\n0.0 MB")  # what it holds cannot be read: unsaid
    assert not [row for row in rows if ".db" in row]  # the file's name only in the tip
    assert dialog.backups.item(0).toolTip() == str(newest)
    assert not list(newest.parent.glob("*-shm")) and not list(newest.parent.glob("*-wal"))
    assert dialog.width() <= 430
    viewport = dialog.backups.viewport().width()
    for n in range(dialog.backups.count()):  # whole, never cut off at the side
        assert dialog.backups.visualItemRect(dialog.backups.item(n)).right() < viewport
