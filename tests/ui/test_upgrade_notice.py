"""An older shop's file is upgraded before the window opens, with a notice on screen meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from greeter.store.health import open_database
from greeter.ui.upgrade_notice import UpgradeNotice, upgrade_with_notice
from tests.store.schema_fixtures import applied_in, build_at, with_extra_migration

SLOW = "9999_test_slow_upgrade"


def _slow(db: Database) -> None:
    db.execute("ALTER TABLE customers ADD COLUMN nickname TEXT")
    time.sleep(1.0)


def _broken(db: Database) -> None:
    db.execute("ALTER TABLE customers ADD COLUMN nickname TEXT")
    raise RuntimeError("the disk went away")


def _notices() -> list[UpgradeNotice]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, UpgradeNotice)]


def _look_during_upgrade(after_ms: int) -> dict[str, object]:
    """What is on screen `after_ms` into the upgrade, and whether the notice let itself be
    closed then."""
    seen: dict[str, object] = {}

    def look() -> None:
        shown = [n for n in _notices() if n.isVisible()]
        seen["texts"] = [label.text() for n in shown for label in n.findChildren(QLabel)]
        for notice in shown:
            notice.close()
        seen["still_shown"] = len([n for n in _notices() if n.isVisible()])

    QTimer.singleShot(after_ms, look)
    return seen


def test_an_older_file_is_upgraded_while_a_notice_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    before = applied_in(path)
    migrations = with_extra_migration(SLOW, _slow)

    seen = _look_during_upgrade(after_ms=500)
    upgrade_with_notice(path, migrations=migrations, show_after_ms=100)

    texts = " ".join(seen["texts"])  # type: ignore[arg-type]
    assert "Updating the shop's file" in texts
    assert "shop.db" in texts
    assert str(tmp_path / "backups") in texts  # where the copy from before is
    assert "Working… 0:00" in texts
    assert seen["still_shown"] == 1  # closing it halfway is refused
    assert [n for n in _notices() if n.isVisible()] == []  # gone once done
    assert applied_in(path) == [*before, SLOW]
    (kept,) = (tmp_path / "backups").glob(f"shop-before-{SLOW}-*.db")
    assert applied_in(kept) == before
    opened = open_database(path, migrations=migrations)  # as the window then opens it
    assert not opened.read_only, opened.problem
    assert migrations.pending(opened.db) == []
    assert opened.db.execute("SELECT preferred_name FROM customers").fetchall() == [("Zoë",)]
    opened.db.close()


def test_a_current_file_opens_without_a_notice(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path)

    seen = _look_during_upgrade(after_ms=0)
    upgrade_with_notice(path, show_after_ms=0)
    qtbot.wait(20)

    assert seen["texts"] == []
    assert list(tmp_path.glob("backups/*.db")) == []


def test_a_failed_upgrade_is_raised_and_leaves_the_file_as_it_was(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    before = applied_in(path)

    with pytest.raises(RuntimeError, match="the disk went away"):
        upgrade_with_notice(path, migrations=with_extra_migration(SLOW, _broken))

    assert applied_in(path) == before
    assert [n for n in _notices() if n.isVisible()] == []
