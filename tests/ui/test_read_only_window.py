"""On a file that can only be read, keys that would change it say so before anything is typed;
while the screen is hidden, the keys left that would show a customer say so too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from greeter.counter import Counter
from greeter.store import Store
from greeter.store.database import NEWER_MESSAGE
from greeter.ui.customer_dialog import CustomerDialog
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.hidden_mode import SCREEN_HIDDEN
from greeter.ui.main_window import READ_ONLY, MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import KEYS_HELP_READ_ONLY, NotesDialog
from greeter.ui.notes_dialog import READ_ONLY as NOTES_READ_ONLY
from greeter.ui.unknown_code_dialog import AttachCardDialog
from tests.helpers import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_KEYS = Qt.KeyboardModifier.NoModifier
DIALOGS = (NoteDialog, NotesDialog, FollowUpDialog, FactsDialog, CustomerDialog, AttachCardDialog)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dialogs that were opened, none of them for real."""
    opened: list[str] = []
    for dialog in DIALOGS:
        monkeypatch.setattr(
            dialog, "ask", classmethod(lambda cls, *a, **k: opened.append(cls.__name__))
        )
    return opened


def from_a_newer_greeter(store: Store) -> Store:
    """The same shop as a newer Greeter left it (upgraded on another computer): read-only."""
    path = store.path
    store.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('greeter', '9999_from_the_future', '2030-01-01')"
        )
    conn.close()
    read_only = Store(path)
    assert read_only.read_only
    return read_only


def open_window(qtbot: QtBot, store: Store, tmp_path: Path) -> MainWindow:
    prefs = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store, today=lambda: TODAY), prefs)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.on_duty.setCurrentText("Priya")
    window.search.setFocus()
    return window


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_N, CTRL),  # a note
        (Qt.Key.Key_P, CTRL),  # a follow-up
        (Qt.Key.Key_F4, NO_KEYS),  # preferences, tags, dates, links
        (Qt.Key.Key_1, CTRL),  # a follow-up marked done
        (Qt.Key.Key_N, CTRL | SHIFT),  # a new customer
        (Qt.Key.Key_E, CTRL),  # the customer's details
    ],
)
def test_keys_that_would_change_a_read_only_shop_say_so_before_anything_is_typed(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    asked: list[str],
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    assert window.card.preferred_name.text() == "Lisa"  # still there to be read

    qtbot.keyClick(window.search, key, modifiers)
    assert asked == []  # no dialog to type into that could not be saved
    assert window.status.text() == READ_ONLY
    assert window.pages.currentWidget() is window.card
    window.counter.store.close()


def test_a_read_only_shops_notes_can_still_be_read(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, asked: list[str]
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    qtbot.keyClick(window.search, Qt.Key.Key_F3)
    assert asked == ["NotesDialog"]
    window.counter.store.close()


def test_a_newer_greeters_file_offers_no_restore_that_would_lose_what_it_added(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    assert window.banner.isVisible()
    assert window.banner.message.text() == f"{NEWER_MESSAGE} It is open read-only."
    assert [b.text() for b in window.banner.findChildren(QPushButton) if b.isVisible()] == []
    window.counter.store.close()


def test_nobody_found_in_a_read_only_shop_offers_no_key_to_add_them(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, "kwame")
    assert window.nobody.isVisible()
    assert window.nobody.text() == "Try their phone number, email or card instead."
    window.search.clear()
    qtbot.keyClicks(window.search, "613-555-0111")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.status.text() == "No customer has 613-555-0111."  # no Ctrl+Shift+N to fail
    window.counter.store.close()


def keys_offered_on_the_card(window: MainWindow) -> list[str]:
    labels = window.card.findChildren(QLabel)
    return [
        label.text() for label in labels if label.isVisibleTo(window) and "Ctrl+" in label.text()
    ]


@pytest.mark.parametrize("code", ["BG-1", "613-555-0150"])  # Lisa's notes and promise; Zoë's none
def test_a_read_only_shops_card_offers_no_key_that_would_change_it(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, code: str
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find(code)
    assert window.pages.currentWidget() is window.card
    assert keys_offered_on_the_card(window) == []  # no Ctrl+N, Ctrl+P or Ctrl+1 to fail
    shown = [label.text() for label in window.card.findChildren(QLabel) if label.isVisible()]
    if code == "BG-1":
        assert "F3 shows every note and its history" in shown  # F3 still reads them
    else:
        assert "Nothing promised." in shown and "No notes yet." in shown
    window.counter.store.close()


def test_an_unknown_card_scanned_on_a_read_only_shop_is_not_offered_to_anyone(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path, asked: list[str]
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.till.handle_scan("BG-77")
    assert asked == []
    assert window.status.text() == READ_ONLY
    window.counter.store.close()


def test_an_unknown_card_scanned_while_hidden_offers_no_search_of_customers(
    window: MainWindow, asked: list[str]
) -> None:
    window.set_private(True)
    window.till.handle_scan("BG-77")
    assert asked == []  # the offer lists customers by name: not while hidden
    assert window.hide_button.isChecked()
    assert window.pages.currentWidget() is window.privacy_panel
    assert window.status.text() == SCREEN_HIDDEN


@pytest.mark.parametrize(("key", "modifiers"), [(Qt.Key.Key_N, CTRL | SHIFT), (Qt.Key.Key_E, CTRL)])
def test_customer_keys_while_hidden_say_the_screen_is_hidden(
    qtbot: QtBot,
    window: MainWindow,
    asked: list[str],
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    window.set_private(True)
    qtbot.keyClick(window.search, key, modifiers)
    assert asked == []
    assert window.hide_button.isChecked()
    assert window.status.text() == SCREEN_HIDDEN


def test_f3_on_a_read_only_shop_offers_only_the_keys_that_read(
    qtbot: QtBot,
    store: Store,
    shop: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, from_a_newer_greeter(store), tmp_path)
    window.find("BG-1")
    edited: list[str] = []
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, *a, **k: edited.append("x")))
    keys_offered: list[str] = []
    said: list[str] = []
    history: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NotesDialog):
            QTimer.singleShot(10, in_the_dialog)
            return
        try:
            labels = dialog.findChildren(QLabel)
            keys_offered.extend(label.text() for label in labels if "Esc" in label.text())
            for key in (Qt.Key.Key_E, Qt.Key.Key_Return, Qt.Key.Key_P, Qt.Key.Key_Y, Qt.Key.Key_R):
                qtbot.keyClick(dialog.notes, key)
                said.append(dialog.message.text())
            dialog.grab().save(str(tmp_path / "notes-read-only.png"))
            qtbot.keyClick(dialog.notes, Qt.Key.Key_H)
            history.append(dialog.history.text())
        finally:
            dialog.done(0)

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(window.search, Qt.Key.Key_F3)

    assert keys_offered == [KEYS_HELP_READ_ONLY]
    read = KEYS_HELP_READ_ONLY.replace("\u00a0", " ")  # a key stays on one line with its word
    assert read.startswith("H history · Esc close · ")  # no E, P, Y or R
    assert said == [NOTES_READ_ONLY] * 5  # said at once: no note typed in vain
    assert edited == []
    assert "Priya: Prefers “miss” to “ma'am”" in history[0]  # the key that reads, works
    (note,) = window.counter.notes_of(shop["lisa"])
    assert (note.text, note.pinned, note.confirmed) == ("Prefers “miss” to “ma'am”", True, None)
    window.counter.store.close()
