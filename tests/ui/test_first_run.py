"""An empty database opens on a friendly first-run panel that can load the demo shop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow


def test_empty_shop_offers_the_demo(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store(tmp_path / "empty.db")
    store.staff.add("Owner", "owner")
    window = MainWindow(
        Counter(store), QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    assert window.idle.pages.currentIndex() == 1
    qtbot.mouseClick(window.idle.demo_button, Qt.MouseButton.LeftButton)
    assert store.customers.count() >= 30
    assert window.idle.pages.currentIndex() == 0
    assert "Bytown" in window.windowTitle()
    window.find("BG-100017")
    assert window.card.preferred_name.text() == "Siobhán"
    store.close()
