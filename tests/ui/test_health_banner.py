"""The window says what is wrong with the shop's file, offers a restore, and keeps typed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from greeter.app import build_window
from greeter.core.audit import AuditEvent
from greeter.counter import Counter
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.store.database import DiskFull
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from greeter.ui.restore_dialog import RestoreDialog
from tests.helpers import add_customer, flip_bytes, root_page
from tests.store.schema_fixtures import digest
from tests.ui.test_staff_and_lock import answer_pins

PAGE = 4096


def open_window(qtbot: QtBot, store: Store, tmp_path: Path) -> MainWindow:
    prefs = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store), prefs)
    qtbot.addWidget(window)
    window.show()
    return window


def _restore_latest_and_find_lisa(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The banner's Restore a backup… puts the latest backup back, and the shop is writable
    and whole again."""
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)
    assert not window.counter.store.read_only
    assert not window.banner.isVisible()
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"
    window.counter.store.close()


def test_a_file_in_a_sync_folder_gets_a_warning(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store(tmp_path / "Dropbox" / "shop.db")
    store.staff.add("Owner", "owner")
    window = open_window(qtbot, store, tmp_path)
    assert window.banner.isVisible()
    assert "Dropbox" in window.banner.message.text()
    assert not window.banner.action.isVisible()
    store.close()


def test_a_damaged_file_opens_read_only_and_offers_a_restore(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Owner", "owner")
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup = backup_now(store)
    store.close()
    flip_bytes(path, (root_page(path, "customers") - 1) * PAGE + 8, 64)

    damaged = Store(path, verify=True)
    assert damaged.read_only
    window = open_window(qtbot, damaged, tmp_path)
    assert window.banner.property("severe") is True
    assert "restore" in window.banner.message.text().lower()
    assert window.counter.backups() == [backup]
    _restore_latest_and_find_lisa(qtbot, window, monkeypatch)


def test_a_damaged_file_whose_pins_read_as_off_asks_an_owner_of_the_backup_for_theirs(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.auth.set_pin(store.staff.add("Priya", "owner"), "4826")
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup = backup_now(store)
    store.close()
    flip_bytes(path, (root_page(path, "staff_pins") - 1) * PAGE + 8, 64)
    damaged = Store(path, verify=True)
    assert damaged.read_only and damaged.auth.single_user_mode()  # nobody would be asked
    window = open_window(qtbot, damaged, tmp_path)
    assert not window.staff_actions.locked
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))
    files, before = sorted(p.name for p in tmp_path.iterdir()), digest(path)

    asked = answer_pins(monkeypatch, "1111", None)
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)
    assert asked == [
        (
            "Priya",
            "The shop's file is damaged, so an owner of this backup must type their PIN to "
            "restore it.",
            "",
        ),
        (
            "Priya",
            asked[0][1],
            "Wrong PIN for Priya: 4 tries left before Priya is locked out for 5 minutes.",
        ),
    ]
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == files
    assert window.counter.store.read_only

    answer_pins(monkeypatch, "4826")
    qtbot.mouseClick(window.banner.action, Qt.MouseButton.LeftButton)
    assert window.status.text() == f"Restored the backup {backup.name}."
    restored = window.counter.store
    assert not restored.read_only and not restored.auth.single_user_mode()
    assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Priya"
    restored.close()


def test_a_file_that_is_not_a_shop_opens_read_only_and_a_backup_can_be_restored(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup = backup_now(store)
    store.close()
    path.write_text("hello world\n")  # what a failed copy or a wrong --db can leave

    window = build_window(
        Store(path), QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Greeter — shop.db"
    assert window.banner.property("severe") is True
    assert window.banner.message.text().startswith(
        "The shop's database shop.db is damaged (file is not a database)."
    )
    assert f'greeter restore "{backup}"' in window.banner.message.text()
    assert not window.idle.demo_button.isVisible()  # not the first-run offer of a demo shop
    window.find("BG-1")
    assert window.status.text() == "There is nobody to look up: this file holds no shop."

    _restore_latest_and_find_lisa(qtbot, window, monkeypatch)


def test_a_file_that_is_not_a_shop_says_nothing_of_single_user_mode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    backup_now(store)
    store.close()
    path.write_text("hello world\n")  # no shop, so no staff and no PINs to speak of

    window = build_window(
        Store(path), QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    assert not window.mode_note.isVisible()
    shown = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert not any("No PINs" in text for text in shown)

    _restore_latest_and_find_lisa(qtbot, window, monkeypatch)
    assert window.mode_note.isVisible()  # a real shop without PINs: said again
    assert window.mode_note.text() == "No PINs yet: anyone can use Greeter."


@pytest.mark.parametrize(
    ("erased", "said"),
    [
        (["Lisa"], "1 erased customer it still held was erased again."),
        (["Lisa", "Bob"], "2 erased customers it still held were erased again."),
    ],
)
def test_a_restore_says_how_many_erased_customers_it_erased_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, erased: list[str], said: str
) -> None:
    store = Store(tmp_path / "shop.db")
    store.actor_id = store.staff.add("Owner", "owner")
    ids = {name: add_customer(store, name, f"{name} Marsh") for name in ("Lisa", "Bob", "Zoë")}
    backup = backup_now(store)
    for name in erased:
        store.erasures.erase(ids[name])
    window = open_window(qtbot, store, tmp_path)
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0]))

    window.restore_backup()

    assert window.status.text() == f"Restored the backup {backup.name}. {said}"
    assert not any(window.counter.store.customers.exists(ids[name]) for name in erased)
    window.counter.store.close()


def test_a_note_that_fails_to_save_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.find("BG-1")
    offered: list[NoteDraft | None] = []
    answers = iter([NoteDraft("Likes the blue case", True), None])

    def ask(
        cls: object,
        parent: object,
        name: str,
        author: str,
        kept: NoteDraft | None = None,
        **kw: object,
    ):
        offered.append(kept)
        return next(answers)

    def full(*args: object, **kwargs: object) -> int:
        raise DiskFull("The disk holding the shop's database is full.")

    monkeypatch.setattr(NoteDialog, "ask", classmethod(ask))
    monkeypatch.setattr(window.counter, "add_note", full)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warnings.append(box.text()) or 0)
    window.card_actions.add_note()
    assert offered == [None, NoteDraft("Likes the blue case", True)]
    assert "disk" in warnings[0] and "What you typed is kept" in warnings[0]


def test_a_restore_that_fails_says_why_in_plain_text_and_keeps_the_shop(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.staff.add("Owner", "owner")
    add_customer(store, "Lisa", "Lisa Marsh", card="BG-1")
    not_a_backup = tmp_path / "<b>copy.db"
    not_a_backup.write_text("hello world\n")
    window = open_window(qtbot, store, tmp_path)
    window.on_duty.setCurrentText("Owner")
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, b: not_a_backup))
    warnings: list[tuple[str, Qt.TextFormat]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: warnings.append((box.text(), box.textFormat())) or 0
    )
    window.restore_backup()
    [(text, shown_as)] = warnings
    assert "<b>copy.db" in text  # the name as it is, not "copy.db" in bold
    assert shown_as is Qt.TextFormat.PlainText
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"
    window.counter.store.close()
