"""F3 lists a customer's notes as the card does (cautions, then pinned, then the newest), each
whole: no line cut short with "…", none wider than the list, beside a till too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from greeter.core.models import NoteKind
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.notes_dialog import ITEM_PADDING, NotesDialog
from tests.helpers import TODAY

LONG = (
    "Jewellery artist: sells rings and pendants at the ByWard Market and online. Photographs "
    "every piece on her phone, so the camera is what she cares about."
)


@pytest.fixture
def lisa_notes(store: Store, shop: dict[str, int], staff_id: int) -> int:
    lisa = shop["lisa"]  # already has a pinned note, written today
    for days, text, kind in (
        (400, LONG, NoteKind.GENERAL),  # old enough to ask "still true?"
        (30, "Mind the step: she uses a cane", NoteKind.CAUTION),
        (2, "Asked about a wrist strap", NoteKind.GENERAL),
    ):
        written = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(10))
        store.notes.add(lisa, text, staff_id, kind=kind, created=written)
    return lisa


def texts(dialog: NotesDialog) -> list[str]:
    return [
        dialog.notes.item(n).data(Qt.ItemDataRole.UserRole).text
        for n in range(dialog.notes.count())
    ]


def open_notes(qtbot: QtBot, window: MainWindow, store: Store, lisa: int) -> NotesDialog:
    dialog = NotesDialog(window.counter, lisa, store.staff.by_name("Priya"), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_notes_are_listed_in_the_card_s_order(
    qtbot: QtBot, window: MainWindow, store: Store, lisa_notes: int
) -> None:
    dialog = open_notes(qtbot, window, store, lisa_notes)
    on_card = [note.text for note in window.counter.card(lisa_notes).notes]
    assert (
        texts(dialog)
        == on_card
        == [
            "Mind the step: she uses a cane",
            "Prefers “miss” to “ma'am”",
            "Asked about a wrist strap",
            LONG,
        ]
    )
    dialog.notes.setCurrentRow(2)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_P)  # pinned: it moves up, and stays highlighted
    assert dialog.current() is not None and dialog.current().text == "Asked about a wrist strap"
    assert texts(dialog)[1:3] == ["Prefers “miss” to “ma'am”", "Asked about a wrist strap"]


@pytest.mark.parametrize("width", [1280, 430])
def test_every_line_of_every_note_shows(
    qtbot: QtBot, window: MainWindow, store: Store, lisa_notes: int, width: int, tmp_path: Path
) -> None:
    window.resize(width, 760)
    dialog = open_notes(qtbot, window, store, lisa_notes)
    dialog.grab().save(str(tmp_path / f"notes-{width}.png"))
    notes = dialog.notes
    metrics = QFontMetrics(notes.font())
    for n in range(notes.count()):
        row = notes.visualItemRect(notes.item(n))
        assert row.right() < notes.viewport().width()  # none wider than the list
        # The text is drawn inside the row's padding (and Qt's 3 px either side of it).
        inside = QRect(0, 0, row.width() - ITEM_PADDING - 6, 10_000)
        lines = metrics.boundingRect(inside, Qt.TextFlag.TextWordWrap, notes.item(n).text())
        assert row.height() >= lines.height(), notes.item(n).text()
    assert "STILL\u00a0TRUE?" in notes.item(notes.count() - 1).text()  # never split over lines
