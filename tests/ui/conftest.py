"""A real counter window on a small shop in a real SQLite file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from greeter.core.models import Birthday, FollowUpKind
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.theme import apply_theme
from tests.helpers import TODAY, add_customer, add_purchase


@pytest.fixture
def shop(store: Store, staff_id: int) -> dict[str, int]:
    store.staff.add("Marcus", "staff")
    lisa = add_customer(
        store,
        "Lisa",
        "Lisa Marsh",
        phone="613-555-0123",
        card="BG-1",
        email="lisa@example.com",
        pronunciation="LEE-sa",
        birthday=Birthday(11, 26),
    )
    add_purchase(store, lisa, dt.datetime(2026, 11, 8, 14, 30), ("Pixel 9 Pro", 99900))
    store.notes.add(lisa, "Prefers “miss” to “ma'am”", staff_id, pinned=True)
    store.follow_ups.add(
        lisa, FollowUpKind.RESERVED, "Blue case reserved", staff_id, TODAY - dt.timedelta(days=1)
    )
    bob = add_customer(store, "<b>Bob</b>", "<i>Robert</i> Tables", phone="613-555-0199")
    store.notes.add(bob, "<img src=x> likes <u>tea</u>", staff_id)
    zoe = add_customer(store, "Zoë", "Zoë O'Brien", phone="613-555-0150")
    return {"lisa": lisa, "bob": bob, "zoe": zoe}


@pytest.fixture(autouse=True)
def themed(qapp: QApplication) -> None:
    apply_theme(qapp)


@pytest.fixture
def window(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> Iterator[MainWindow]:
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.search.setFocus()
    yield win
    win.close()  # before its shop's file closes, as when Greeter quits
