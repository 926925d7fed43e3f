"""A window opened on a file holding bad settings uses the defaults instead and works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from greeter.app import install_scanner
from greeter.counter import Counter
from greeter.store import Store
from greeter.store.database import write
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY, add_customer

# What an older Greeter accepted, or what someone typed with a SQLite tool.
BAD = {
    "region": "ZZ",
    "currency": "dollars",
    "locale": "xx_YY",
    "scan_max_gap_ms": "99999999999999999999999",
    "idle_hide_seconds": "99999999999",
    "idle_lock_minutes": "99999999999",
}


class Ticking:
    """A clock that moves on by a scanner's 5 ms each time it is read (once per key press)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 0.005
        return self.now


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, store: Store, tmp_path: Path) -> Iterator[MainWindow]:
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1", phone="613-555-0123")
    with write(store.db):
        store.db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(BAD.items()),
        )
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    win.search.setFocus()
    qtbot.waitUntil(win.search.hasFocus)
    detector = install_scanner(qapp, win, Ticking())
    win.scanner = detector  # type: ignore[attr-defined]
    yield win
    qapp.removeEventFilter(detector)


def test_the_scanner_still_works_with_the_default_gap(qtbot: QtBot, window: MainWindow) -> None:
    scanner = window.scanner  # type: ignore[attr-defined]
    assert scanner.rules.max_gap_ms == 30
    with (
        qtbot.waitSignal(scanner.scanned, timeout=1000) as scanned,
        qtbot.waitSignal(window.customer_recognised, timeout=1000),
    ):
        qtbot.keyClicks(window.search, "BG-1")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert scanned.args == ["BG-1"]


def test_money_is_written_with_the_default_currency_and_locale(window: MainWindow) -> None:
    counter = window.counter
    assert counter.money(272487, counter.settings.currency) == "$2,724.87"


def test_the_idle_steps_keep_their_default_periods(window: MainWindow) -> None:
    settings = window.counter.settings
    assert (settings.idle_hide_seconds, settings.idle_lock_minutes) == (90, 15)


def test_a_phone_typed_without_its_country_code_is_read_in_the_default_region(
    window: MainWindow,
) -> None:
    assert window.counter.settings.region == "US"  # ZZ: no phone without + would be read
    window.find("613-555-0123")
    assert window.card.preferred_name.text() == "Lisa"


def test_the_banner_says_each_setting_set_aside_and_how_to_fix_it(window: MainWindow) -> None:
    assert window.banner.isVisible()
    said = window.banner.message.text()
    for key, value in BAD.items():
        assert f"{key} “{value}” in the shop's file is not valid, so " in said
        assert f"Fix it with `greeter settings {key} …`." in said
    assert "region “ZZ” in the shop's file is not valid, so US is used instead" in said
