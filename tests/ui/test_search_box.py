"""The search box forgets earlier customers: Ctrl+Z undoes only what was just typed, never
bringing back the phone or card typed for someone served before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from greeter.recognise import Recognition
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from tests.ui.test_staff_and_lock import open_pinned

CTRL = Qt.KeyboardModifier.ControlModifier
ZOE_PHONE = "613 555 0150"


def ctrl_z(qtbot: QtBot) -> None:
    """Ctrl+Z where a person's keystroke lands: the widget with the focus."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClick(focused, Qt.Key.Key_Z, CTRL)


def open_by_typing(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, text)
    with qtbot.waitSignal(window.customer_recognised, timeout=2000):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)


def assert_ctrl_z_keeps_earlier_customers_away(qtbot: QtBot, window: MainWindow) -> None:
    """Lisa's card is up, opened by typing "lis": Ctrl+Z, however often, shows nothing
    typed for Zoë before; typing just done is still undone."""
    for _ in range(3):
        ctrl_z(qtbot)
        assert window.search.text() == "lis"
    qtbot.keyClicks(window.search, "61")  # over the selected name
    ctrl_z(qtbot)
    assert window.search.text() == "lis"


def put_away_by_key(key: Qt.Key) -> Callable[[QtBot, MainWindow, dict[str, int]], None]:
    def put_away(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
        qtbot.keyClick(window.search, key)

    return put_away


def hidden_and_shown(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)
    qtbot.keyClick(window.search, Qt.Key.Key_H, CTRL)


def till_lists_two(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    hits = window.counter.store.names.hits_for([shop["bob"], shop["zoe"]])
    window.till.show_selected(Recognition(candidates=hits, message="2 customers match."))


def put_away_when_idle(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    window.idle_watch.hide_due.emit()  # nobody touched the counter for a while


@pytest.mark.parametrize(
    "put_away",
    [
        put_away_by_key(Qt.Key.Key_Escape),
        put_away_by_key(Qt.Key.Key_F2),
        lambda qtbot, window, shop: None,  # the next name typed straight over the card's
        hidden_and_shown,
        till_lists_two,
        put_away_when_idle,
    ],
    ids=["escape", "f2", "typed over", "hidden", "till", "idle"],
)
def test_ctrl_z_never_brings_back_what_was_typed_for_an_earlier_customer(
    qtbot: QtBot,
    window: MainWindow,
    shop: dict[str, int],
    put_away: Callable[[QtBot, MainWindow, dict[str, int]], None],
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_by_typing(qtbot, window, ZOE_PHONE)
    assert window.current_customer == shop["zoe"]
    put_away(qtbot, window, shop)
    open_by_typing(qtbot, window, "lis")
    assert window.current_customer == shop["lisa"]
    assert_ctrl_z_keeps_earlier_customers_away(qtbot, window)
    assert window.current_customer == shop["lisa"]


def test_undoing_typing_over_the_tills_list_brings_back_no_earlier_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    open_by_typing(qtbot, window, ZOE_PHONE)
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, "li")  # typed over Zoë's card: a list of names
    till_lists_two(qtbot, window, shop)  # then the till lists two others, the box emptied
    qtbot.keyClicks(window.search, "b")
    ctrl_z(qtbot)  # undoes the "b" typed over the till's list, not the "li" over Zoë
    assert window.search.text() == ""
    assert window.current_customer is None  # not Zoë's card again


def test_ctrl_z_after_a_lock_brings_back_nothing_typed_before_it(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    open_by_typing(qtbot, window, ZOE_PHONE)
    window.staff_actions.lock()
    assert window.staff_actions.unlock("Priya", "2580")
    open_by_typing(qtbot, window, "lis")
    assert_ctrl_z_keeps_earlier_customers_away(qtbot, window)
    window.close()


def click_clear_button(qtbot: QtBot, window: MainWindow) -> None:
    """The × at the search box's right end, shown while it holds something."""
    (button,) = [b for b in window.search.findChildren(QToolButton) if b.isVisible()]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("hidden_before", [False, True], ids=["from the start", "after Hide"])
def test_ctrl_z_after_the_clear_button_brings_back_nothing(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], hidden_before: bool
) -> None:
    if hidden_before:  # Hide takes the × away, and showing the screen makes it afresh
        hidden_and_shown(qtbot, window, shop)
    open_by_typing(qtbot, window, ZOE_PHONE)
    click_clear_button(qtbot, window)
    assert window.search.text() == ""
    for _ in range(2):
        ctrl_z(qtbot)
        assert window.search.text() == ""  # not Zoë's phone, for the next customer to see
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, "zo")
    assert window.pages.currentWidget() is window._candidates_page
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        click_clear_button(qtbot, window)
    assert window.pages.currentWidget() is window.idle  # emptied: the day's list, as ever
    ctrl_z(qtbot)
    assert window.search.text() == ""
