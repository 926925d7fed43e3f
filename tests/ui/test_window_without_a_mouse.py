"""The counter window from the keyboard, for a screen reader and at 200 %: the card scrolls
from the search box, On duty is chosen before anyone is asked for a PIN, the status line's
messages are announced, and the window never needs more room than the screen has."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from tests.ui.test_staff_and_lock import answer_pins, open_pinned, staff_id

# Opening the On duty list on the offscreen platform says so; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

CTRL = Qt.KeyboardModifier.ControlModifier
JO_PIN = "3690"


# -- the card scrolls from the search box --


def scan(qtbot: QtBot, window: MainWindow, code: str) -> None:
    qtbot.keyClicks(window.search, code)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)


def test_over_a_card_the_paging_keys_in_the_search_box_scroll_it_and_the_next_scan_works(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    priya = staff_id(store, "Priya")
    for n in range(1, 9):  # promises enough to make her card taller than the window
        text = f"Call her back about case {n}: the blue one, or green if it is out of stock."
        store.follow_ups.add(shop["lisa"], FollowUpKind.PROMISE, text, priya)
    scan(qtbot, window, "BG-1")
    assert window.current_customer == shop["lisa"]
    bar = window.card.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > bar.pageStep() + bar.singleStep()

    qtbot.keyClick(window.search, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()  # a screenful further down
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert bar.value() == bar.pageStep() + bar.singleStep()  # and a line
    qtbot.keyClick(window.search, Qt.Key.Key_Up)
    qtbot.keyClick(window.search, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    qtbot.keyClick(window.search, Qt.Key.Key_End, CTRL)
    assert bar.value() == bar.maximum()  # its end: the notes, the purchases
    qtbot.keyClick(window.search, Qt.Key.Key_Home, CTRL)
    assert bar.value() == 0  # the name and the greeting again
    # The focus never left the search box, its text still selected: the next scan replaces it.
    assert window.search.hasFocus() and window.search.selectedText() == "BG-1"
    assert window.current_customer == shop["lisa"]

    qtbot.keyClick(window.search, Qt.Key.Key_End, CTRL)
    scan(qtbot, window, "613-555-0199")
    assert window.current_customer == shop["bob"]
    assert window.card.preferred_name.text() == "<b>Bob</b>"


# -- On duty from the keyboard --


def test_arrows_on_the_on_duty_list_choose_someone_two_down_before_asking_for_a_pin(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jo = store.staff.add("Jo", "staff")
    store.auth.set_pin(jo, JO_PIN)
    window = open_pinned(qtbot, store, tmp_path)  # Priya on duty; the list reads Jo, Marcus, Priya
    asked = answer_pins(monkeypatch, JO_PIN)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    assert window.on_duty.hasFocus()

    qtbot.keyClick(window.on_duty, Qt.Key.Key_Up)
    assert asked == [] and window.on_duty.currentText() == "Priya"  # nobody asked yet
    names = window.on_duty.view()
    assert names.isVisible() and names.currentIndex().data() == "Marcus"  # the list opens
    qtbot.keyClick(names, Qt.Key.Key_Up)
    assert names.currentIndex().data() == "Jo" and asked == []
    qtbot.keyClick(names, Qt.Key.Key_Return)  # the choice is made: now Jo's PIN

    assert asked == [("Jo", "Type your PIN to go on duty.", "")]
    assert window.on_duty.currentText() == "Jo"
    assert store.actor_id == staff_id(store, "Jo")
    assert window.status.text() == "Jo is on duty."


def test_the_mouse_wheel_over_on_duty_changes_nobody_and_asks_no_pin(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scrolling the window with the wheel as the pointer passes over On duty neither asks
    the next person for their PIN nor puts anyone else on duty."""
    window = open_pinned(qtbot, store, tmp_path)
    asked = answer_pins(monkeypatch, None)
    box = window.on_duty
    at = QPointF(box.rect().center())
    for step in (-120, 120, -120):
        wheel = QWheelEvent(at, box.mapToGlobal(at), QPoint(), QPoint(0, step),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
        QApplication.sendEvent(box, wheel)
    assert asked == [] and box.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")


def test_escape_in_the_open_on_duty_list_keeps_who_is_on_duty_without_asking(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    asked = answer_pins(monkeypatch, None)  # were a PIN asked for, it would be cancelled
    window.on_duty.setFocus()
    qtbot.keyClick(window.on_duty, Qt.Key.Key_M)
    assert asked == [] and window.on_duty.currentText() == "Priya"
    names = window.on_duty.view()  # a first letter: the list opens at Marcus
    assert names.isVisible() and names.currentIndex().data() == "Marcus"
    qtbot.keyClick(names, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not names.isVisible())
    assert asked == [] and window.on_duty.currentText() == "Priya"
    assert store.actor_id == staff_id(store, "Priya")


# -- the status line speaks --


Heard = list[tuple[QObject, str]]


def announcements(monkeypatch: pytest.MonkeyPatch) -> Heard:
    """What is handed to Qt to announce to a screen reader (to whatever reader is running:
    Qt's own path is followed too), as (from what, message)."""
    heard: Heard = []
    update = QAccessible.updateAccessibility

    def listen(event: QAccessibleEvent) -> None:
        if event.type() == QAccessible.Event.Announcement:
            heard.append((event.object(), event.message()))  # type: ignore[attr-defined]
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    return heard


def read_aloud(window: MainWindow) -> str:
    reader = QAccessible.queryAccessibleInterface(window.status)
    assert reader is not None
    return reader.text(QAccessible.Text.Name)


def test_a_scan_while_locked_is_announced_as_unlock_first(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    heard = announcements(monkeypatch)
    window.till.handle_scan("BG-1")  # her card scanned while the lock shows
    assert heard == [(window.status, "Unlock first.")]
    assert read_aloud(window) == "Unlock first."
    window.till.handle_scan("BG-1")
    assert heard[1:] == [(window.status, "Unlock first.")]  # said again each time


def test_a_long_path_in_a_message_is_read_as_written_and_a_new_page_says_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard = announcements(monkeypatch)
    message = "Nothing was written to /home/shop/Greeter/exports/siobhan-o-briain-2026-11-23.json."
    window.status.setText(message)
    assert window.status.isVisible()
    assert heard == [(window.status, message)]
    assert read_aloud(window) == message  # not the breaks drawn into the path to wrap it
    window.show_idle()
    assert heard == [(window.status, message)] and read_aloud(window) == ""


# -- 200 % on a small screen --

# A 1280×800 screen at 200 %: 640×400 to Qt. Scaling can only be chosen before Qt starts,
# so this window runs in a process of its own.
SHOW_AT_200 = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(Counter(Store(sys.argv[1])), QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
app.processEvents()
room = QApplication.primaryScreen().availableGeometry()
print(json.dumps({
    "room": [room.width(), room.height()],
    "minimum": [window.minimumWidth(), window.minimumHeight()],
    "frame": [window.frameGeometry().width(), window.frameGeometry().height()],
}))
"""


def test_at_200_percent_on_a_1280_by_800_screen_the_window_fits_it(
    store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": 1280, "height": 800}]})
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": "2",
    }
    args = [str(store.path), str(tmp_path / "window.ini")]
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_AT_200, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    seen = json.loads(shown.stdout)
    room_width, room_height = seen["room"]
    assert (room_width, room_height) == (640, 400)
    assert seen["minimum"][0] <= room_width and seen["minimum"][1] <= room_height
    assert seen["frame"][1] <= room_height  # its bottom, and the card's, on the screen
