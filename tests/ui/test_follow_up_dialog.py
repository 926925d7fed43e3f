"""The follow-up dialog reads as the note dialog does: what it is and who for at the top, a
label over what it says, the keys in readable words, the same kind reminder; it fits a
narrow panel beside the till."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.follow_ups import due_problem, earliest_due, latest_due
from greeter.core.guard import NOTE_GUIDELINE
from greeter.ui.follow_up_dialog import FollowUpDialog
from tests.helpers import TODAY


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
    assert "Alt+1 … Alt+4 chooses the kind." in said
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
