"""A save made while an import writes to the file waits for it without freezing the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.store.database import DatabaseBusy
from greeter.ui.lock_wait import SHOW_AFTER_MS, WAITING, LockWaitNotice
from greeter.ui.main_window import MainWindow
from tests.helpers import ImportHoldingTheFile

STICKERS = "Likes the stickers."


def _notice() -> LockWaitNotice | None:
    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, LockWaitNotice) and w.isVisible()
    ]
    return shown[0] if shown else None


def _saved(store: Store, customer: int) -> int:
    """How many times the note these tests write is on the customer's card."""
    return [note.text for note in store.notes.for_card(customer)].count(STICKERS)


def test_a_save_during_an_import_waits_for_it_and_the_window_goes_on(
    window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.setGeometry(420, 40, 380, 700)  # at the right of the 800 px offscreen screen
    author = store.staff.ensure("Priya")
    importing = ImportHoldingTheFile(store.path, at_most=10)
    seen: list[str] = []

    def while_saving() -> None:  # runs only if the window's event loop runs meanwhile
        notice = _notice()
        seen.append(
            " ".join(label.text() for label in notice.findChildren(QLabel))
            if notice
            else "no notice"
        )
        if notice:  # over the window (a narrow panel at the screen's edge), not mid-screen
            over.append(window.geometry().contains(notice.geometry().center()))
        importing.finish()

    over: list[bool] = []
    QTimer.singleShot(SHOW_AFTER_MS + 300, while_saving)
    window.counter.add_note(shop["lisa"], STICKERS, author)

    assert seen == [f"Waiting for an import {WAITING}"]
    assert over == [True]
    assert _saved(store, shop["lisa"]) == 1
    assert _notice() is None


def test_stopping_the_wait_saves_nothing_and_says_the_file_is_busy(
    window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    author = store.staff.ensure("Priya")
    importing = ImportHoldingTheFile(store.path, at_most=10)

    def stop() -> None:
        notice = _notice()
        assert notice is not None
        QTest.keyClicks(notice, "BG-100017")  # a card scanned meanwhile: its Enter stops nothing
        QTest.keyClick(notice, Qt.Key.Key_Return)
        assert notice.isVisible()
        assert notice.stop.text() == "Stop waiting"
        notice.stop.click()

    QTimer.singleShot(SHOW_AFTER_MS + 300, stop)
    with pytest.raises(DatabaseBusy, match="Nothing was saved"):
        window.counter.add_note(shop["lisa"], STICKERS, author)
    importing.finish()

    assert _saved(store, shop["lisa"]) == 0
    assert not store.db.conn.in_transaction
    window.counter.add_note(shop["lisa"], STICKERS, author)  # the file is free
    assert _saved(store, shop["lisa"]) == 1


def test_a_short_wait_shows_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    author = store.staff.ensure("Priya")
    importing = ImportHoldingTheFile(store.path, at_most=SHOW_AFTER_MS / 1000 / 3)
    notices: list[object] = []
    watch = QTimer(interval=20, timeout=lambda: notices.append(_notice()))
    watch.start()
    window.counter.add_note(shop["lisa"], STICKERS, author)
    watch.stop()
    importing.finish()

    assert len(notices) > 2  # the window went on while the save waited
    assert set(notices) == {None}
    assert _saved(store, shop["lisa"]) == 1


def test_once_the_window_is_closed_a_save_waits_in_sqlite_again(
    window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    author = store.staff.ensure("Priya")
    window.close()
    importing = ImportHoldingTheFile(store.path, at_most=10)
    store.db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(DatabaseBusy):
            window.counter.add_note(shop["lisa"], STICKERS, author)
    finally:
        importing.finish()
