"""The day's list on the idle screen, walked and opened from the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from greeter.core.day_list import Section
from greeter.store import rows
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY


def lines(window: MainWindow) -> list[str]:
    model = window.idle.day_list.day_model
    return [str(model.index(row).data()) for row in model.line_rows()]


def test_idle_screen_shows_the_day_list(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.idle
    shown = lines(window)
    assert any(line.startswith("Lisa — Reserved item waiting") for line in shown)
    assert any(line.startswith("Lisa — Birthday Thursday") for line in shown)
    headings = [
        str(window.idle.day_list.day_model.index(r).data())
        for r in range(window.idle.day_list.day_model.rowCount())
        if r not in window.idle.day_list.day_model.line_rows()
    ]
    assert Section.RESERVED.heading.upper() in headings


def test_down_and_enter_open_a_line_from_an_empty_search_box(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.idle.day_list.current_customer() == shop["lisa"]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["lisa"]


def test_greeted_customers_join_the_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window's day is TODAY: the greeting must be made on it, whatever the real date.
    monkeypatch.setattr(rows, "now", lambda: dt.datetime.combine(TODAY, dt.time(11, 5)))
    window.find("613 555 0150")
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.pages.currentWidget() is window.idle
    assert any(line.startswith("Zoë — Greeted at") for line in lines(window))


def test_the_list_never_shows_more_than_a_first_name(window: MainWindow) -> None:
    for line in lines(window):
        assert "Marsh" not in line and "Robert" not in line
