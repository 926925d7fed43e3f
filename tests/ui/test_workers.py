"""Work the window hands to worker threads: the day's VIP line (which no card waits for),
the daily backup and imports, none of which checks the whole file again."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from greeter.app import settle_in
from greeter.store import Store, health
from greeter.ui.daily_backup import DailyBackup
from greeter.ui.import_worker import ImportJob
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY, add_purchase


def _badges(window: MainWindow) -> list[str]:
    card = window.card.card
    assert card is not None
    return [badge.name for badge in card.badges]


def _worked_out_for(store: Store) -> str:
    return str(store.db.execute("SELECT computed_for FROM rule_cache").fetchone()[0])


def test_the_first_card_of_a_day_uses_the_last_line_until_todays_is_worked_out(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    add_purchase(store, shop["lisa"], dt.datetime(2026, 11, 20, 11), ("Pixel Watch", 200000))
    # Yesterday's line, set so high that nobody was a VIP by it.
    store.db.execute(
        "INSERT INTO rule_cache (name, computed_for, value) VALUES"
        " ('vip_threshold', '2026-11-21 top 10%', 1000000000)"
    )

    window.find("BG-1")  # Lisa, the shop's top spender
    assert "VIP" not in _badges(window)  # shown at once, by yesterday's line

    qtbot.waitUntil(lambda: _worked_out_for(store) == f"{TODAY} top 10%")
    qtbot.waitUntil(lambda: store.spend.is_current(TODAY, 10))
    window.find("BG-1")
    assert "VIP" in _badges(window)  # today's line, worked out meanwhile on another thread


def test_the_window_works_out_todays_line_before_the_first_card(
    qtbot: QtBot, qapp: QApplication, window: MainWindow, store: Store
) -> None:
    settle_in(qapp, window, backup=False)  # what the window does once it is on screen
    qtbot.waitUntil(lambda: store.spend.is_current(TODAY, 10))
    assert _worked_out_for(store) == f"{TODAY} top 10%"


def test_workers_beside_the_window_do_not_check_the_whole_file_again(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window's open connection makes the file look uncleanly stopped to any new one,
    # and checking a chain-sized file takes a minute: its workers must not take it for one.
    looked: list[str] = []
    real = health.unclean_stop
    monkeypatch.setattr(health, "unclean_stop", lambda path: looked.append(str(path)) or real(path))
    backup = DailyBackup(store.path, window)
    with qtbot.waitSignal(backup.finished, timeout=10_000):
        backup.start()
    window.vip.warm(TODAY, 10)
    qtbot.waitUntil(lambda: store.spend.is_current(TODAY, 10))
    job = ImportJob(store.path, lambda worker_store, progress: worker_store.customers.count())
    with qtbot.waitSignal(job.finished, timeout=10_000) as imported:
        job.start(QThreadPool.globalInstance())
    assert imported.args[0].ok and imported.args[0].value == 3  # the shop's three customers
    assert looked == []
