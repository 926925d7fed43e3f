"""Personal data hides at once on a hotkey, and the card hides itself when nobody is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.hidden_mode import (
    LOOK_UP_WHEN_SHOWN,
    PUT_AWAY_WHILE_HIDDEN,
    SCREEN_HIDDEN,
    TYPED_WHILE_HIDDEN,
)
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import NotesDialog
from tests.helpers import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier


def visible_text(window: MainWindow) -> str:
    return (
        " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window))
        + " "
        + window.search.displayText()  # what is typed while hidden is kept, not shown
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


def typed(qtbot: QtBot, text: str, key: Qt.Key | None = None) -> None:
    """Typed where a person's keystrokes land: the widget with the focus."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClicks(focused, text)
    if key is not None:
        qtbot.keyClick(focused, key)


def test_a_number_typed_while_hidden_is_kept_unseen_and_looked_up_when_shown(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    typed(qtbot, "613 555 0150", Qt.Key.Key_Return)  # or a scanner the window cannot tell
    assert window.pages.currentWidget() is window.privacy_panel  # nobody shown yet
    assert window.search.displayText() == ""
    assert "613" not in visible_text(window) and "Zo" not in visible_text(window)
    assert window.status.text() == LOOK_UP_WHEN_SHOWN
    assert window.on_duty.currentText() == "Priya"
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    assert window.current_customer == shop["zoe"]  # not Lisa, hidden before the typing
    assert window.search.text() == "613 555 0150"


def test_a_name_typed_while_hidden_lists_nobody_until_the_screen_is_shown(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    window.set_private(True)
    typed(qtbot, "Marsh")  # once went to the On duty list, and put Marcus on duty
    qtbot.waitUntil(lambda: window.status.text() == TYPED_WHILE_HIDDEN)
    assert window.pages.currentWidget() is window.privacy_panel
    assert "Marsh" not in visible_text(window)
    assert window.on_duty.currentText() == "Priya"
    window.set_private(False)
    assert window.pages.currentWidget() is window._candidates_page
    assert window.candidates.current_customer() == shop["lisa"]
    assert window.search.text() == "Marsh"


SELECTED = QColor("#0E6B66")  # the theme's colour behind selected text


def hints_of_typing(window: MainWindow) -> tuple[int, bool]:
    """What the search box gives away of its text without showing it: pixels painted in
    the selection's colour (a bar as wide as the text), and whether its clear button shows."""
    image = window.search.grab().toImage()
    selected = sum(
        image.pixelColor(x, y) == SELECTED
        for x in range(image.width())
        for y in range(image.height())
    )
    clear_button = any(b.isVisible() for b in window.search.findChildren(QToolButton))
    return selected, clear_button


def test_enter_while_hidden_shows_no_sign_of_what_was_typed(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    typed(qtbot, "613 555 0150", Qt.Key.Key_Return)
    assert window.search.selectedText() == "613 555 0150"  # the next scan replaces it
    assert hints_of_typing(window) == (0, False)
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)  # shown: looked up, and the box as ever
    assert window.current_customer == shop["zoe"]
    assert hints_of_typing(window)[0] > 0  # the selected number, for the next scan
    typed(qtbot, "Zo")
    assert hints_of_typing(window)[1]


def test_escape_while_hidden_puts_the_card_away_without_showing_the_day(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.find("BG-1")
    window.set_private(True)
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_F2):
        qtbot.keyClick(window.search, key)
        assert window.pages.currentWidget() is window.privacy_panel  # not today's list
        assert window.status.text() == PUT_AWAY_WHILE_HIDDEN
    window.set_private(False)
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_1, CTRL),  # marking a follow-up done redrew the card
        (Qt.Key.Key_N, CTRL),  # a note "about Lisa"
        (Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier),  # her notes
        (Qt.Key.Key_P, CTRL),  # a follow-up "for Lisa"
    ],
)
def test_keys_that_would_show_the_hidden_customer_say_the_screen_is_hidden(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    asked: list[str] = []
    for dialog in (NoteDialog, NotesDialog, FollowUpDialog):
        monkeypatch.setattr(
            dialog, "ask", classmethod(lambda cls, *a, **k: asked.append(cls.__name__))
        )
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    window.set_private(True)
    qtbot.keyClick(window.search, key, modifiers)
    assert asked == []
    assert window.pages.currentWidget() is window.privacy_panel
    assert window.hide_button.isChecked()
    assert window.status.text() == SCREEN_HIDDEN
    assert store.db.execute("SELECT status FROM follow_ups").fetchall() == [("open",)]


def test_after_a_lock_ends_hidden_mode_what_is_typed_shows_again(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    store.auth.set_pin(store.staff.by_name("Priya").id, "2580")
    prefs = QSettings(str(tmp_path / "pinned.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.staff_actions.unlock("Priya", "2580")
    window.find("BG-1")
    window.set_private(True)
    typed(qtbot, "613")
    window.staff_actions.lock()  # the lock hides more than Hide does, and ends it
    assert window.search.text() == ""  # nothing typed waits behind the lock
    assert window.staff_actions.unlock("Priya", "2580")
    qtbot.keyClicks(window.search, "Zo")
    assert window.search.displayText() == "Zo"
    qtbot.waitUntil(lambda: window.candidates.current_customer() == shop["zoe"])


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
