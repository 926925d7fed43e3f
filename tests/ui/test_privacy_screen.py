"""Personal data hides at once on a hotkey, and the card hides itself when nobody is there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from greeter.ui.main_window import MainWindow


def visible_text(window: MainWindow) -> str:
    return (
        " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window))
        + " "
        + window.search.text()
        + " "
        + window.windowTitle()
    )


def test_ctrl_h_hides_everything_personal_and_brings_it_back(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("Lisa Marsh")
    assert "Lisa" in visible_text(window)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.privacy_panel
    shown = visible_text(window)
    for private in ("Lisa", "Marsh", "Pixel", "miss", "Blue case", "613"):
        assert private not in shown
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.current_customer == shop["lisa"]
    assert window.pages.currentWidget() is window.card
    assert window.search.text() == "Lisa Marsh"


def test_the_hide_button_and_f12_do_the_same(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    qtbot.mouseClick(window.hide_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.privacy_panel
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.pages.currentWidget() is window.card


def test_a_scan_while_hidden_shows_the_scanned_customer(
    window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    window.set_private(True)
    window.find("613 555 0150")
    assert window.current_customer == shop["zoe"]
    assert not window.hide_button.isChecked()
    assert window.search.isEnabled()


def test_the_card_hides_itself_after_idle_time(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    window.idle_watch.set_intervals(hide_ms=60, lock_ms=0)
    with qtbot.waitSignal(window.idle_watch.hide_due, timeout=2000):
        pass
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle
    assert window.search.hasFocus()


def test_typing_keeps_the_card_up(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    window.idle_watch.set_intervals(hide_ms=300, lock_ms=0)
    for _ in range(4):
        qtbot.wait(120)
        qtbot.keyClick(window.search, Qt.Key.Key_Shift)
    assert window.current_customer is not None
