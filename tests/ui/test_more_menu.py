"""The More (⋯) menu offers what the shop's file allows: on a file that can only be read, the
entries that would change it are greyed out, saying why, and their keys still say so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.ui.customer_dialog import CustomerDialog
from greeter.ui.import_dialog import ImportDialog
from greeter.ui.main_window import READ_ONLY, MainWindow
from greeter.ui.more_menu import READ_ONLY_NOTE, READ_ONLY_TIP
from greeter.ui.privacy_dialogs import EraseDialog, ExportFolderDialog
from greeter.ui.restore_dialog import RestoreDialog
from tests.helpers import add_customer, flip_bytes, root_page
from tests.ui.test_read_only_window import from_a_newer_greeter, open_window
from tests.ui.test_staff_and_lock import PRIYA_PIN, open_pinned, staff_id

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PAGE = 4096
EVERY_ENTRY = [
    "New customer…",
    "Lock now",
    "Export this customer's data…",
    "Erase this customer…",
    "Restore a backup…",
    "Audit trail…",
    "Import from the till…",
]
# On a file that can only be read, what leaves it as it is; on a damaged one, a restore too.
# (Over a newer Greeter's file a restore would lose what it added: the banner offers none.)
READS = ["Lock now", "Audit trail…"]
PUTS_RIGHT = ["Lock now", "Restore a backup…", "Audit trail…"]
# The offscreen platform cannot raise the open menu or give it the keyboard.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")

Entry = tuple[str, bool, bool]  # the entry's text (without its key), enabled, says why not


def in_the_menu(qtbot: QtBot, window: MainWindow, then: Callable[[QMenu], None]) -> None:
    """Click ⋯ and, while its menu is open, do `then` with it; the menu is closed after."""

    def when_open() -> None:
        menu = window.more_menu
        if not menu.isVisible():
            QTimer.singleShot(10, when_open)
            return
        try:
            then(menu)
        finally:
            menu.close()

    QTimer.singleShot(0, when_open)
    qtbot.mouseClick(window.more_button, Qt.MouseButton.LeftButton)


def entries_shown(qtbot: QtBot, window: MainWindow, png: Path) -> list[Entry]:
    """The menu's entries as staff see them once they click ⋯ (a picture of it in `png`)."""
    seen: list[Entry] = []

    def read(menu: QMenu) -> None:
        menu.grab().save(str(png))
        for action in menu.actions():
            if action.isVisible():
                text, says_why = action.text().split("\t")[0], action.toolTip() == READ_ONLY_TIP
                seen.append((text, action.isEnabled(), says_why))

    in_the_menu(qtbot, window, read)
    return seen


def greyed_on_a_read_only_file(entries: list[Entry], usable: list[str]) -> None:
    note, *rest = entries
    assert note == (READ_ONLY_NOTE, False, False)  # at the top, saying why
    assert rest == [
        (text, True, False) if text in usable else (text, False, True) for text in EVERY_ENTRY
    ]


def damaged_shop(tmp_path: Path) -> tuple[Store, Path]:
    """A shop whose customers' page went bad on disk, opened read-only, and its backup."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup = backup_now(store)
    store.close()
    flip_bytes(path, (root_page(path, "customers") - 1) * PAGE + 8, 64)
    damaged = Store(path, verify=True)
    assert damaged.read_only and damaged.damaged
    return damaged, backup


def test_a_newer_greeters_file_greys_out_what_would_change_it(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    greyed_on_a_read_only_file(entries_shown(qtbot, window, tmp_path / "more-read-only.png"), READS)
    window.counter.store.close()


def test_a_damaged_file_greys_out_what_would_change_it_and_a_restore_from_the_menu_ends_that(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged, backup = damaged_shop(tmp_path)
    window = open_window(qtbot, damaged, tmp_path)
    greyed_on_a_read_only_file(
        entries_shown(qtbot, window, tmp_path / "more-damaged.png"), PUTS_RIGHT
    )

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))

    def restore(menu: QMenu) -> None:
        (entry,) = [a for a in menu.actions() if a.text() == "Restore a backup…"]
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())

    in_the_menu(qtbot, window, restore)
    assert window.status.text() == f"Restored the backup {backup.name}."
    assert not window.counter.store.read_only
    entries = entries_shown(qtbot, window, tmp_path / "more-restored.png")
    assert entries == [(text, True, False) for text in EVERY_ENTRY]  # no note, none greyed
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"
    window.counter.store.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dialogs that were opened, none of them for real."""
    asked: list[str] = []

    def record(name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: asked.append(name)

    monkeypatch.setattr(ExportFolderDialog, "ask", classmethod(record("export to a folder")))
    monkeypatch.setattr(EraseDialog, "ask", classmethod(record("erase")))
    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(record("file to import")))
    monkeypatch.setattr(CustomerDialog, "ask", classmethod(record("new customer")))
    return asked


@pytest.mark.parametrize("key", [Qt.Key.Key_E, Qt.Key.Key_Delete], ids=["export", "erase"])
def test_the_keys_of_greyed_entries_say_at_once_that_the_file_can_only_be_read(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    opened: list[str],
    key: Qt.Key,
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    qtbot.keyClick(window.search, key, CTRL_SHIFT)
    assert opened == []  # no folder chosen, no erasure confirmed, in vain
    assert window.status.text() == READ_ONLY
    assert window.pages.currentWidget() is window.card
    qtbot.keyClick(window.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # import
    assert opened == [] and window.status.text() == READ_ONLY
    window.counter.store.close()


def test_locking_a_read_only_shop_keeps_its_keys_off_and_unlocking_keeps_the_entries_greyed(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, opened: list[str]
) -> None:
    store.auth.set_pin(staff_id(store, "Priya"), PRIYA_PIN)
    prefs = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(from_a_newer_greeter(store)), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.staff_actions.locked  # PINs are on: it opens locked
    qtbot.keyClick(window.staff_actions.lock_panel.pin, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert window.status.text() == ""  # no key but Ctrl+L works while locked
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)

    qtbot.keyClick(window.search, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert window.status.text() == READ_ONLY
    assert opened == []
    greyed_on_a_read_only_file(entries_shown(qtbot, window, tmp_path / "more-unlocked.png"), READS)
    window.counter.store.close()


def test_staff_changed_elsewhere_while_locked_leaves_every_key_off(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, opened: list[str]
) -> None:
    window = open_pinned(qtbot, store, tmp_path)
    window.staff_actions.lock()
    store.staff.add("Noor", "staff")  # as `greeter staff add Noor` does while Greeter is open
    window.staff_actions.follow_staff()
    assert window.staff_actions.locked
    qtbot.keyClick(window.staff_actions.lock_panel.pin, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened == []  # no customer's dialog over the lock page
    assert window.pages.currentWidget() is window.staff_actions.lock_panel

    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened == ["new customer"]  # back once unlocked
