"""Recording a promise from the card and marking follow-ups done with one keystroke."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.ui.follow_up_dialog import FollowUpDialog, FollowUpDraft
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY


def test_ctrl_p_records_a_promise_that_comes_back_at_the_next_recognition(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], monkeypatch
) -> None:
    window.on_duty.setCurrentText("Priya")
    window.find("613 555 0150")
    due = TODAY + dt.timedelta(days=3)
    monkeypatch.setattr(
        FollowUpDialog,
        "ask",
        classmethod(
            lambda cls, *a: FollowUpDraft(
                FollowUpKind.PROMISE, "First unit of the next shipment", due
            )
        ),
    )
    with qtbot.waitSignal(window.actions.follow_up_saved):
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.find("613 555 0150")
    texts = [f.text for f in window.card.card.follow_ups]
    assert texts == ["First unit of the next shipment"]
    assert window.card.card.follow_ups[0].taken_by == "Priya"


def test_ctrl_1_marks_the_first_follow_up_done_by_whoever_is_on_duty(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Marcus")
    window.find("BG-1")
    assert len(window.card.card.follow_ups) == 1
    with qtbot.waitSignal(window.actions.follow_up_done):
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.card.card.follow_ups == ()
    assert "marked by Marcus" in window.status.text()
    done = store.db.execute(
        "SELECT s.name, f.done_at IS NOT NULL FROM follow_ups f JOIN staff s ON s.id = f.done_by_id"
    ).fetchall()
    assert done == [("Marcus", 1)]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert "no follow-up 2" in window.status.text()


def test_the_follow_up_dialog_is_keyboard_driven(qtbot: QtBot) -> None:
    dialog = FollowUpDialog("Lisa", "Priya", TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.text.hasFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(dialog.text, "Blue kettle on hold")
    draft = dialog.draft()
    assert draft.kind is FollowUpKind.RESERVED
    assert draft.text == "Blue kettle on hold"
    assert draft.due == TODAY
    dialog.has_due.setChecked(False)
    assert dialog.draft().due is None


def test_the_follow_up_dialog_will_not_save_a_card_number(qtbot: QtBot) -> None:
    dialog = FollowUpDialog("Lisa", "Priya", TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dialog.text, "Refund to card 4111 1111 1111 1111")
    assert not save.isEnabled()
    assert dialog.problem.isVisible()
    assert "payment card number (…1111)" in dialog.problem.text()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter does not save it either
    dialog.text.setText("Refund to the card she paid with")
    assert save.isEnabled() and not dialog.problem.isVisible()


def test_the_follow_up_dialog_takes_due_dates_up_to_ten_years_ahead(qtbot: QtBot) -> None:
    dialog = FollowUpDialog("Lisa", "Priya", TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.due.maximumDate().toPython() == dt.date(2036, 11, 22)
    for typed, due in (("9999", TODAY), ("2036", dt.date(2036, 11, 22)), ("2037", TODAY)):
        dialog.due.setDate(TODAY)
        dialog.due.setFocus()
        dialog.due.setSelectedSection(QDateTimeEdit.Section.YearSection)
        qtbot.keyClicks(dialog.due, typed)
        qtbot.keyClick(dialog.due, Qt.Key.Key_Tab)
        assert dialog.draft().due == due, typed
