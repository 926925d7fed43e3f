"""The follow-up dialog reads as the note dialog does: what it is and who for at the top, a
label over what it says, the keys in readable words (both dialogs alike, on the screen and
not only in tooltips), the same kind reminder; it fits a narrow panel beside the till."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.follow_ups import due_problem, earliest_due, latest_due
from greeter.core.guard import NOTE_GUIDELINE
from greeter.ui.follow_up_dialog import FollowUpDialog
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from greeter.ui.notes_dialog import NotesDialog
from greeter.ui.screen_fit import free_on_screen
from tests.helpers import TODAY
from tests.ui.test_hide_over_dialogs import over_a_dialog


def test_it_has_a_heading_a_label_the_keys_and_the_kindness_line(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = QWidget()  # the window it opens over: a panel beside the till
    panel.resize(430, 760)
    qtbot.addWidget(panel)
    dialog = FollowUpDialog("Siobhán", "Hélène", TODAY, panel)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.grab().save(str(tmp_path / "follow-up-430.png"))

    said = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert said[0] == "Follow-up for Siobhán, taken by Hélène"
    assert dialog.keys_hint.text() in said  # which keys: see the tests below
    assert NOTE_GUIDELINE in said  # as under a note
    assert dialog.what.buddy() is dialog.text and dialog.what.isVisible()
    keys = dialog.findChild(QLabel, "keysHint")
    assert keys is not None and keys.font().pointSizeF() >= 12  # no longer the smallest text
    assert dialog.width() <= 430

    dialog.due.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # the label's key
    assert dialog.text.hasFocus()


def test_its_dates_are_the_ones_a_follow_up_can_be_due(qtbot: QtBot) -> None:
    """From a year ago to ten years ahead, as the store allows: the picker offered 1900,
    which the store then refused."""
    dialog = FollowUpDialog("Siobhán", "Hélène", TODAY)
    qtbot.addWidget(dialog)

    assert dialog.due.minimumDate().toPython() == earliest_due(TODAY)
    assert dialog.due.maximumDate().toPython() == latest_due(TODAY)
    assert due_problem(earliest_due(TODAY), TODAY) is None
    assert due_problem(earliest_due(TODAY) - dt.timedelta(days=1), TODAY) is not None


def keys_said(dialog: QWidget) -> list[tuple[str, int]]:
    """The lines on show in `dialog` that name its keys, each with how many lines it takes."""
    return [
        (label.text().replace("\u00a0", " "), label.height() // label.fontMetrics().lineSpacing())
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and "saves" in label.text()
    ]


def test_the_note_and_follow_up_dialogs_show_their_keys_alike_in_one_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    said: list[tuple[str, int]] = []
    over_a_dialog(qtbot, window, "note", lambda dialog: said.extend(keys_said(dialog)))
    over_a_dialog(qtbot, window, "follow-up", lambda dialog: said.extend(keys_said(dialog)))
    assert said == [
        ("Alt+1–3 kind · Ctrl+Enter saves · Esc keeps it for the next Ctrl+N", 1),
        ("Alt+1–4 kind · Enter saves · Esc keeps it for the next Ctrl+P", 1),
    ]


def test_a_note_edited_from_f3_says_esc_cancels(qtbot: QtBot, window: MainWindow) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("BG-1")
    said: list[tuple[str, int]] = []

    def read_then_esc() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoteDialog):
            QTimer.singleShot(10, read_then_esc)
            return
        said.extend(keys_said(dialog))
        QtBot.keyClick(dialog.editor, Qt.Key.Key_Escape)

    def edit(notes: QDialog) -> None:
        assert isinstance(notes, NotesDialog)
        QTimer.singleShot(0, read_then_esc)
        QtBot.keyClick(notes.notes, Qt.Key.Key_E)

    over_a_dialog(qtbot, window, "notes", edit)
    assert said == [("Alt+1–3 kind · Ctrl+Enter saves · Esc cancels", 1)]


def test_a_card_number_warning_shows_in_full_beside_the_till(qtbot: QtBot) -> None:
    """The warning wraps over three lines in the 430 px panel: the dialog grows to show them
    all (it kept its opening height, and the layout squeezed the warning to two)."""
    panel = QWidget()
    panel.resize(430, 760)
    qtbot.addWidget(panel)
    dialog = FollowUpDialog("Siobhán", "Hélène", TODAY, panel)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.keyClicks(dialog.text, "Refund to card 4111 1111 1111 1111")

    said = dialog.problem
    assert said.isVisible() and "payment card number" in said.text()
    assert said.height() >= said.heightForWidth(said.width())  # every line of it
    assert dialog.rect().contains(dialog.buttons.geometry())
    assert free_on_screen(dialog).contains(dialog.frameGeometry())
