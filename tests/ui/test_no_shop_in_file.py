"""A window opened on a file that holds no shop (a text file, another program's database)
says so: no make-believe staff member on duty, no empty day, no search that finds nobody;
after a backup is restored, all of it is back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from greeter.app import answer_till, build_window, settle_in
from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.store.database import is_stand_in
from greeter.till.instance import TillRequest
from greeter.ui.customer_dialog import CustomerDialog
from greeter.ui.main_window import ON_DUTY_KEY, MainWindow
from greeter.ui.restore_dialog import RestoreDialog
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import add_customer
from tests.store.schema_fixtures import digest
from tests.ui.test_staff_and_lock import answer_pins

NOBODY = "There is nobody to look up: this file holds no shop."


def _text(path: Path) -> None:
    path.write_text("hello world\n")  # what a failed copy or a wrong --db can leave


def _another_programs(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()


NOT_A_SHOP: dict[str, Callable[[Path], None]] = {
    "text": _text,
    "another program's": _another_programs,
}


def _window_on_no_shop(
    qtbot: QtBot, tmp_path: Path, spoil: Callable[[Path], None] = _text, pin: str = ""
) -> MainWindow:
    """Blue Gate Phones (Priya the owner, with `pin` if given, who was on duty last time, and
    Marcus) with Lisa, backed up; then its file is spoilt and the window opened on it."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("shop_name", "Blue Gate Phones")
    priya = store.staff.add("Priya", "owner")
    store.staff.add("Marcus", "staff")
    if pin:
        store.auth.set_pin(priya, pin)
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup_now(store)
    store.close()
    spoil(path)
    prefs = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    prefs.setValue(ON_DUTY_KEY, "Priya")
    window = build_window(Store(path), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert is_stand_in(window.counter.store.db)
    return window


def _restore(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)
    assert not window.counter.store.read_only
    assert window.status.text().startswith("Restored the backup")


def _resize(qtbot: QtBot, window: MainWindow, width: int) -> None:
    window.resize(width, 800)
    qtbot.waitUntil(lambda: window.top.width() == width)


def _shown(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]


def _menu(window: MainWindow) -> list[str]:
    return [a.text().split("\t")[0] for a in window.more_menu.actions() if a.isVisible()]


def test_no_one_is_on_duty_in_a_file_with_no_shop_and_a_restore_brings_the_staff_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window_on_no_shop(qtbot, tmp_path)
    for width in (1280, 430, 1280):  # beside a till too, where the top bar is laid out again
        _resize(qtbot, window, width)
        assert not window.on_duty.isVisible()
        assert not window.on_duty_label.isVisible()
    assert "Owner" not in _shown(window)
    assert _menu(window) == ["Restore a backup…"]  # no Lock, no audit trail, no customers
    opened: list[object] = []
    monkeypatch.setattr(CustomerDialog, "ask", classmethod(lambda cls, *a: opened.append(a)))
    with qtbot.waitActive(window):
        window.activateWindow()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl | shift)
    assert opened == []  # no customer typed in only to be refused
    qtbot.keyClick(window, Qt.Key.Key_L, ctrl)
    assert not window.hide_button.isChecked()  # nor the screen hidden as Lock does without PINs

    # Restoring needs the owner, and nobody is shown on duty: it still works.
    _restore(window, qtbot, monkeypatch)
    assert window.windowTitle() == "Greeter — Blue Gate Phones"
    assert window.on_duty.isVisible() and window.on_duty_label.isVisible()
    assert window.on_duty.currentText() == "Priya"  # whoever was on duty before, again
    assert [window.on_duty.itemText(i) for i in range(window.on_duty.count())] == [
        "Marcus",
        "Priya",
    ]
    assert "Lock now" in _menu(window) and "New customer…" in _menu(window)
    _resize(qtbot, window, 430)
    assert window.on_duty.isVisible()
    window.counter.store.close()


def test_a_restored_shop_with_pins_locks_and_its_staff_come_back_on_unlocking(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window_on_no_shop(qtbot, tmp_path, pin="4826")
    assert not window.on_duty.isVisible()
    asked = answer_pins(monkeypatch, "4826")  # the PIN the backup holds for Priya
    _restore(window, qtbot, monkeypatch)
    assert [name for name, _, _ in asked] == ["Priya"]
    assert window.staff_actions.locked  # nobody has gone on duty in the restored shop yet
    assert window.pages.currentWidget() is window.staff_actions.lock_panel
    assert window.staff_actions.unlock("Priya", "4826")
    assert window.on_duty.isVisible() and window.on_duty.currentText() == "Priya"
    assert "Lock now" in _menu(window)
    window.counter.store.close()


@pytest.mark.parametrize(
    ("spoil", "why"),
    [(_text, "is damaged"), (_another_programs, "holds no shop")],
    ids=NOT_A_SHOP.keys(),
)
def test_only_an_owner_of_the_backup_can_restore_it_over_a_file_with_no_shop(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spoil: Callable[[Path], None],
    why: str,
) -> None:
    """The file cannot say who its owner is: the backup's PINs are asked for, and a wrong
    one changes nothing, neither the file nor the backup (wrong tries are counted in memory)."""
    window = _window_on_no_shop(qtbot, tmp_path, spoil, pin="4826")
    path = window.counter.store.path
    (backup,) = window.counter.backups()
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))
    files = sorted(p.name for p in tmp_path.iterdir())
    spoilt, held = digest(path), digest(backup)
    reason = f"The shop's file {why}, so an owner of this backup must type their PIN to restore it."

    asked = answer_pins(monkeypatch, *["1111"] * 4, None)  # fewer than a lockout's worth
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)

    assert [(name, said) for name, said, _ in asked] == [("Priya", reason)] * 5
    assert (
        asked[-1][2] == "Wrong PIN for Priya: 1 try left before Priya is locked out for 5 minutes."
    )
    assert digest(path) == spoilt and digest(backup) == held
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no copy kept: nothing done
    assert is_stand_in(window.counter.store.db)
    assert not window.status.text().startswith("Restored")

    answer_pins(monkeypatch, "4826")
    _restore(window, qtbot, monkeypatch)
    restored = window.counter.store
    assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Priya"
    restored.close()


def test_guessing_the_backup_s_pin_in_the_window_stops_after_five_wrong_ones(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing can be written to the backup, yet its owner is locked out as in a shop: the
    right PIN is refused too until the lock runs out, and nothing is restored."""
    window = _window_on_no_shop(qtbot, tmp_path, pin="4826")
    path = window.counter.store.path
    (backup,) = window.counter.backups()
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))
    spoilt, held = digest(path), digest(backup)

    asked = answer_pins(monkeypatch, *["1111"] * 5, "4826", None)
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)

    problems = [problem for _, _, problem in asked]
    assert len(problems) == 7
    assert (
        problems[4] == "Wrong PIN for Priya: 1 try left before Priya is locked out for 5 minutes."
    )
    for problem in problems[5:]:  # after the fifth wrong one, and after the right one
        assert problem.startswith("Priya is locked out after 5 wrong PINs, until ")
    assert digest(path) == spoilt and digest(backup) == held
    assert is_stand_in(window.counter.store.db)
    assert not window.status.text().startswith("Restored")


@pytest.mark.parametrize("spoil", NOT_A_SHOP.values(), ids=NOT_A_SHOP.keys())
def test_the_idle_page_says_the_file_holds_no_shop_not_that_the_day_is_empty(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[Path], None]
) -> None:
    window = _window_on_no_shop(qtbot, tmp_path, spoil)
    shown = _shown(window)
    assert "No shop in this file" in shown
    hint = window.idle.no_shop_hint.text()
    assert "shop.db" in hint and "Restore a backup…" in hint and "greeter --db" in hint
    assert not any("Good " in text or "today's list" in text for text in shown)
    assert window.search.placeholderText() == "No shop to search in this file"
    window.show_idle()  # F2, Escape, the idle timer: the same page again
    assert "No shop in this file" in _shown(window)

    _restore(window, qtbot, monkeypatch)
    shown = _shown(window)
    assert any(text.endswith("— Blue Gate Phones") for text in shown)  # Good morning…
    assert "No shop in this file" not in shown
    assert window.search.placeholderText().startswith("Scan a card")
    window.counter.store.close()


def test_searching_a_file_with_no_shop_says_there_is_nobody_to_look_up(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window_on_no_shop(qtbot, tmp_path)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "lisa")
    qtbot.waitUntil(lambda: window.status.text() != "")
    assert window.status.text() == NOBODY  # not "Nobody found for “lisa”"
    assert window.pages.currentWidget() is window.idle  # not an empty list of candidates
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.status.text() == NOBODY
    window.search.clear()
    qtbot.keyClicks(window.search, "BG-1")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.status.text() == NOBODY  # not "No customer has the card…"

    offered: list[str] = []
    monkeypatch.setattr(AttachCardDialog, "ask", lambda *args: offered.append(args[1]))
    window.till.handle_scan("BG-77")
    assert offered == []  # no offer to make it someone's card: there is nobody
    assert window.status.text() == NOBODY

    _restore(window, qtbot, monkeypatch)
    qtbot.keyClicks(window.search, "BG-1")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.card.preferred_name.text() == "Lisa"
    window.counter.store.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the window is brought up
def test_the_till_asking_a_window_with_no_shop_is_told_what_is_wrong(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window_on_no_shop(qtbot, tmp_path)
    request = TillRequest("show", {"card": "BG-1"})
    answer_till(window, request)
    assert request.answer == {"ok": False, "error": window.counter.store.problem}
    assert str(request.answer["error"]).startswith(
        "The shop's database shop.db is damaged (file is not a database)."
    )


def test_the_restored_shop_s_watched_folder_is_watched_without_a_restart(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "till-exports"
    shop = Store(tmp_path / "shop.db")
    shop.settings.set("watch_folder", str(folder))
    shop.close()
    window = _window_on_no_shop(qtbot, tmp_path)
    settle_in(qapp, window, backup=False)  # what the window does once it is on screen
    assert window.imports.folder is None  # a file with no shop has no folder to watch

    _restore(window, qtbot, monkeypatch)

    assert window.imports.folder is not None and window.imports.folder.folder == folder
    window.imports.stop_watching()
