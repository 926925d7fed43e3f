"""Settings and staff changed with `greeter settings` / `greeter staff` (or another Greeter)
while the window is open count without a restart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from greeter.app import follow_outside_changes
from greeter.core.identify import require_phone
from greeter.core.models import Phone
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.database import write
from greeter.till.scanner import ScanDetector, ScanRules
from greeter.ui.main_window import MainWindow
from greeter.ui.outside_changes import OutsideChanges
from greeter.ui.staff_actions import PINS_NOW_ON
from tests.helpers import run_cli

PRIYA_PIN = "2580"
MARCUS_PIN = "1470"


class Ticking:
    """A clock that moves on by a scanner's 5 ms each time it is read (once per key press)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 0.005
        return self.now


def visible_text(window: MainWindow) -> str:
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    return " ".join([*labels, window.status.text()])


def cli(store: Store, *args: str) -> str:
    """Run `greeter ARGS` on the window's file in another process, as the owner would."""
    done = run_cli("--db", str(store.path), *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def on_duty_names(window: MainWindow) -> list[str]:
    return [window.on_duty.itemText(i) for i in range(window.on_duty.count())]


@pytest.fixture
def following(
    qapp: QApplication, window: MainWindow
) -> Iterator[tuple[OutsideChanges, ScanDetector]]:
    """The window as `greeter` runs it: following the file, with the scanner watching keys
    (its clock moving 5 ms a key, so typed keys are a scanner's burst)."""
    detector = ScanDetector(ScanRules.from_settings(window.counter.settings), Ticking(), window)
    qapp.installEventFilter(detector)
    detector.scanned.connect(window.till.handle_scan)
    changes = follow_outside_changes(window, detector)
    yield changes, detector
    qapp.removeEventFilter(detector)


def test_settings_changed_with_the_command_line_count_at_the_next_look_up(
    window: MainWindow, store: Store
) -> None:
    london = store.customers.add(
        NewCustomer(
            "Harriet",
            phones=[Phone(require_phone("+44 20 7946 0958", "GB"), "020 7946 0958")],
            created=dt.datetime(2024, 1, 5, 10, 0),
        )
    )
    window.find("020 7946 0958")
    assert window.current_customer is None  # read as a Canadian number: nobody has it
    window.find("BG-1")
    assert "$999.00" in visible_text(window)  # Lisa's Pixel, in en_CA
    assert "VIP" not in visible_text(window)  # 999 of the 1000 the badge needs

    cli(store, "settings", "region", "GB")
    cli(store, "settings", "locale", "fr_CA")
    cli(store, "settings", "vip_min_spend_last_year", "500")

    window.find("020 7946 0958")
    assert window.current_customer == london
    window.find("BG-1")
    shown = visible_text(window)
    assert "999,00\xa0$" in shown and "$999.00" not in shown  # as Qt writes it in fr_CA
    assert "VIP" in shown


def test_a_setting_changed_by_another_connection_shows_on_the_idle_screen_and_title(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    window.show_idle()
    with Store(store.path, already_open=True) as elsewhere:  # what the command line is
        elsewhere.settings.set("shop_name", "Corner Phones")
        elsewhere.settings.set("idle_hide_seconds", "30")
        elsewhere.settings.set("idle_lock_minutes", "0")

    qtbot.waitUntil(lambda: window.windowTitle() == "Greeter — Corner Phones", timeout=3000)
    assert "Corner Phones" in window.idle.title.text()
    timers = window.idle_watch.findChildren(QTimer)
    assert sorted(t.interval() for t in timers) == [0, 30_000]  # the lock is off


def test_a_bad_setting_left_in_the_file_is_on_the_banner_until_it_is_fixed(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    assert not window.banner.isVisible()
    with Store(store.path, already_open=True) as elsewhere, write(elsewhere.db):  # a SQLite tool
        elsewhere.db.conn.execute("UPDATE settings SET value = 'ZZ' WHERE key = 'region'")

    said = "region “ZZ” in the shop's file is not valid, so US is used instead"
    qtbot.waitUntil(lambda: said in window.banner.message.text(), timeout=3000)
    assert window.banner.isVisible()
    cli(store, "settings", "region", "CA")
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=3000)


def test_scanner_settings_count_without_a_restart(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    _changes, scanner = following
    cli(store, "settings", "scan_prefix", "~")
    qtbot.waitUntil(lambda: scanner.rules.prefix == "~", timeout=3000)

    window.search.setFocus()
    with qtbot.waitSignal(scanner.scanned, timeout=2000) as scanned:
        qtbot.keyClicks(window.search, "~BG-1")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert scanned.args == ["BG-1"]
    qtbot.waitUntil(lambda: window.current_customer is not None, timeout=2000)


def test_the_watched_folder_follows_its_setting(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    following: tuple[OutsideChanges, ScanDetector],
) -> None:
    cli(store, "settings", "watch_folder", "till exports")
    folder = tmp_path / "till exports"
    qtbot.waitUntil(lambda: window.imports.folder is not None, timeout=3000)
    assert window.imports.folder is not None and window.imports.folder.folder == folder
    assert folder.is_dir()

    cli(store, "settings", "watch_folder", "")
    qtbot.waitUntil(lambda: window.imports.folder is None, timeout=3000)
    assert window.imports.watcher.directories() == []


def test_someone_added_with_the_command_line_can_go_on_duty_at_once(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    assert on_duty_names(window) == ["Marcus", "Priya"]
    window.on_duty.setCurrentIndex(window.on_duty.findText("Marcus"))
    cli(store, "staff", "add", "Dana")
    qtbot.waitUntil(lambda: on_duty_names(window) == ["Dana", "Marcus", "Priya"], timeout=3000)
    assert window.on_duty.currentText() == "Marcus"  # whoever was on duty stays on duty

    window.on_duty.setCurrentIndex(window.on_duty.findText("Dana"))
    assert store.actor_id == store.staff.by_name("Dana").id


def test_someone_removed_while_on_duty_hands_over_to_the_owner_and_says_so(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    cli(store, "staff", "add", "Jo")  # first in the list, but not the owner
    qtbot.waitUntil(lambda: on_duty_names(window) == ["Jo", "Marcus", "Priya"], timeout=3000)
    window.on_duty.setCurrentIndex(window.on_duty.findText("Marcus"))
    cli(store, "staff", "remove", "Marcus")
    qtbot.waitUntil(lambda: on_duty_names(window) == ["Jo", "Priya"], timeout=3000)
    assert window.status.text() == "Marcus is no longer on the staff: Priya is on duty."
    assert store.actor_id == store.staff.by_name("Priya").id


def test_pins_switched_on_with_the_command_line_lock_the_window(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    window.find("BG-1")
    assert window.mode_note.isVisible()  # single-user mode
    cli(store, "staff", "pin", "Priya", "--new-pin", PRIYA_PIN)

    qtbot.waitUntil(lambda: window.staff_actions.locked, timeout=3000)
    assert not window.mode_note.isVisible()
    assert window.current_customer is None and "Lisa" not in visible_text(window)
    assert window.staff_actions.lock_panel.problem.text() == PINS_NOW_ON
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    assert store.actor_id == store.staff.by_name("Priya").id


def test_a_pin_set_while_locked_lets_that_person_unlock(
    qtbot: QtBot, window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    cli(store, "staff", "pin", "Priya", "--new-pin", PRIYA_PIN)
    qtbot.waitUntil(lambda: window.staff_actions.locked, timeout=3000)
    listed = window.staff_actions.lock_panel.staff
    assert listed.item(0).text() == "Marcus  ·  no PIN yet"

    cli(
        store,
        *("staff", "pin", "Marcus", "--new-pin", MARCUS_PIN),
        *("--staff", "Priya", "--pin", PRIYA_PIN),
    )
    qtbot.waitUntil(lambda: listed.item(0).text() == "Marcus", timeout=3000)
    assert listed.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert window.staff_actions.unlock("Marcus", MARCUS_PIN)
    assert window.on_duty.currentText() == "Marcus"


def test_nothing_changes_under_an_open_dialog_until_it_closes(
    window: MainWindow, store: Store, following: tuple[OutsideChanges, ScanDetector]
) -> None:
    changes, _scanner = following
    dialog = QDialog(window)  # a PIN asked for, a note being written…
    dialog.open()
    cli(store, "staff", "add", "Dana")
    cli(store, "settings", "shop_name", "Corner Phones")
    changes.look()
    assert on_duty_names(window) == ["Marcus", "Priya"]
    assert "Corner Phones" not in window.windowTitle()

    dialog.reject()
    changes.look()
    assert on_duty_names(window) == ["Dana", "Marcus", "Priya"]
    assert window.windowTitle() == "Greeter — Corner Phones"
