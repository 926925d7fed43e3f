"""Recording a promise from the card, marking follow-ups done with one keystroke, and
putting back one marked done by mistake with Ctrl+Z."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.ui.follow_up_dialog import FollowUpDialog, FollowUpDraft
from greeter.ui.main_window import MainWindow
from greeter.ui.note_dialog import NoteDialog
from tests.helpers import TODAY, add_customer, add_purchase


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
            lambda cls, *a, **k: FollowUpDraft(
                FollowUpKind.PROMISE, "First unit of the next shipment", due
            )
        ),
    )
    with qtbot.waitSignal(window.card_actions.follow_up_saved):
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
    with qtbot.waitSignal(window.card_actions.follow_up_done):
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.card.card.follow_ups == ()
    assert "marked by Marcus" in window.status.text()
    done = store.db.execute(
        "SELECT s.name, f.done_at IS NOT NULL FROM follow_ups f JOIN staff s ON s.id = f.done_by_id"
    ).fetchall()
    assert done == [("Marcus", 1)]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert "no follow-up 2" in window.status.text()


CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: QtBot, key: Qt.Key) -> None:
    """Ctrl+key where a person's keystroke lands: the widget with the focus."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget)
    qtbot.keyClick(focused, key, CTRL)


def status_of_blue_case(store: Store) -> tuple[str, str | None]:
    return store.db.execute(
        "SELECT f.status, s.name FROM follow_ups f LEFT JOIN staff s ON s.id = f.done_by_id"
    ).fetchone()


def open_lisa_by_typing(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "BG-1")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer is not None and window.search.hasFocus()


def test_ctrl_z_puts_back_the_follow_up_just_marked_done(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    with qtbot.waitSignal(window.card_actions.follow_up_done):
        press(qtbot, Qt.Key.Key_1)
    assert window.status.text() == "Done: reserved item, marked by Marcus. Ctrl+Z puts it back."
    assert window.card.card.follow_ups == ()
    # The search box still has the focus (the next scan replaces its text); Ctrl+Z there
    # is the window's, since nothing was typed after the card appeared.
    assert window.search.hasFocus() and window.search.selectedText() == "BG-1"
    with qtbot.waitSignal(window.card_actions.follow_up_reopened):
        press(qtbot, Qt.Key.Key_Z)
    assert [f.text for f in window.card.card.follow_ups] == ["Blue case reserved"]
    assert window.status.text() == "Open again: reserved item, put back by Marcus."
    assert status_of_blue_case(store) == ("open", None)
    last = store.audit.entries(action="update", limit=1)[0]
    assert (last.staff_name, last.table_name) == ("Marcus", "follow_ups")
    assert window.search.text() == "BG-1"  # Ctrl+Z did not undo the search box too
    press(qtbot, Qt.Key.Key_Z)  # only once: it put back the last one marked done
    assert status_of_blue_case(store) == ("open", None)
    assert window.status.text().startswith("Nothing to put back")


def test_ctrl_z_in_the_search_box_first_undoes_what_was_typed_there(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    press(qtbot, Qt.Key.Key_1)
    qtbot.keyClicks(window.search, "613")  # a phone number: the card stays until Enter
    assert window.search.text() == "613" and window.current_customer is not None
    press(qtbot, Qt.Key.Key_Z)
    assert window.search.text() == "BG-1"  # the typing undone, as in any text box
    assert status_of_blue_case(store) == ("done", "Marcus")
    press(qtbot, Qt.Key.Key_Z)  # nothing typed left to undo: now it is the window's
    assert status_of_blue_case(store) == ("open", None)


def test_undoing_a_name_typed_over_the_card_brings_the_card_back_then_the_follow_up(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    press(qtbot, Qt.Key.Key_1)
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "zo")  # a name over the card: a list takes its place
    assert window.pages.currentWidget() is window._candidates_page
    with qtbot.assertNotEmitted(window.search.text_settled, wait=200):
        press(qtbot, Qt.Key.Key_Z)  # the typing undone: Lisa's card, not a list for "zo"
    assert window.search.text() == "BG-1" and window.search.hasFocus()
    assert window.pages.currentWidget() is window.card
    assert window.current_customer == shop["lisa"] and window.status.text() == ""
    assert status_of_blue_case(store) == ("done", "Marcus")
    assert "Ctrl+Z puts back" in follow_ups_hint(window)
    with qtbot.waitSignal(window.card_actions.follow_up_reopened):
        press(qtbot, Qt.Key.Key_Z)  # then, as the README says, the follow-up
    assert status_of_blue_case(store) == ("open", None)
    assert [f.text for f in window.card.card.follow_ups] == ["Blue case reserved"]


def test_a_name_typed_over_the_card_and_chosen_from_the_list_is_a_new_card(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    press(qtbot, Qt.Key.Key_1)
    with qtbot.waitSignal(window.search.text_settled):
        qtbot.keyClicks(window.search, "zo")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["zoe"]
    press(qtbot, Qt.Key.Key_Z)  # Zoë's card: Lisa's follow-up stays done
    assert status_of_blue_case(store) == ("done", "Marcus")
    assert window.status.text().startswith("Nothing to put back")


def test_ctrl_z_in_a_dialogs_text_stays_the_dialogs(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    press(qtbot, Qt.Key.Key_1)
    seen: list[object] = []

    def in_the_note_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoteDialog):
            QTimer.singleShot(10, in_the_note_dialog)
            return
        try:
            qtbot.waitUntil(lambda: dialog.editor.hasFocus())
            qtbot.keyClicks(dialog.editor, "Likes the blue case")
            press(qtbot, Qt.Key.Key_Z)
            seen.extend([dialog.editor.toPlainText(), status_of_blue_case(store)])
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_the_note_dialog)
    press(qtbot, Qt.Key.Key_N)  # Ctrl+N: a note, in a dialog of its own (blocks until closed)
    assert seen == ["", ("done", "Marcus")]  # the note's typing undone, nothing else
    window.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(lambda: window.search.hasFocus())
    press(qtbot, Qt.Key.Key_Z)  # back at the card, the offer still stands
    assert status_of_blue_case(store) == ("open", None)


def follow_ups_hint(window: MainWindow) -> str:
    """The line under the card's follow-ups, or in their place when none is open."""
    section = window.card.follow_ups
    shown = [label.text() for label in (section.hint, section.empty) if label.isVisibleTo(window)]
    assert len(shown) == 1
    return shown[0]


def test_the_follow_ups_hint_mentions_ctrl_z_while_it_can_put_one_back(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], staff_id: int
) -> None:
    store.follow_ups.add(shop["lisa"], FollowUpKind.PROMISE, "Case in green", staff_id)
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    assert "Ctrl+Z" not in follow_ups_hint(window)  # nothing to put back yet
    press(qtbot, Qt.Key.Key_1)
    assert follow_ups_hint(window) == (
        "Ctrl+1, Ctrl+2… marks one done · Ctrl+Z puts it back · Ctrl+P adds one"
    )
    window.status.setText("")  # the status line moves on; the hint stays
    press(qtbot, Qt.Key.Key_1)  # the last open one
    assert follow_ups_hint(window) == (
        "Nothing left open. Ctrl+Z puts back the one just marked done."
    )
    press(qtbot, Qt.Key.Key_Z)
    assert "Ctrl+Z" not in follow_ups_hint(window)  # put back: nothing more to undo
    press(qtbot, Qt.Key.Key_1)
    window.find("613 555 0150")  # another customer's card: Ctrl+Z no longer reaches back
    window.find("BG-1")
    assert "Ctrl+Z" not in follow_ups_hint(window)


def test_ctrl_z_puts_nothing_back_once_the_card_has_gone(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    open_lisa_by_typing(qtbot, window)
    press(qtbot, Qt.Key.Key_1)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # the day's list
    window.find("BG-1")  # the till shows her again: a new card, nothing typed
    press(qtbot, Qt.Key.Key_Z)
    assert status_of_blue_case(store) == ("done", "Marcus")
    assert window.status.text() == (
        "Nothing to put back: Ctrl+Z reopens the follow-up just marked done on this card."
    )


def days_before_today(days: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(hour, 0))


def test_once_a_complaint_call_back_is_done_the_greeting_asks_if_it_was_sorted_out(
    qtbot: QtBot, window: MainWindow, store: Store, staff_id: int
) -> None:
    tomas = add_customer(store, "Tomáš", "Tomáš Dvořák", card="BG-7")
    add_purchase(store, tomas, days_before_today(32, 16), ("Wireless security camera", 34999))
    store.follow_ups.add(
        tomas,
        FollowUpKind.CALL_BACK,
        "Call back with the supplier's answer on the camera batteries",
        staff_id,
        TODAY - dt.timedelta(days=3),
        days_before_today(14, 10),  # raised after he bought the camera
    )
    window.on_duty.setCurrentText("Marcus")
    window.find("BG-7")
    assert "sorry we haven't called you back" in window.card.greeting.text()
    with qtbot.waitSignal(window.card_actions.follow_up_done):
        press(qtbot, Qt.Key.Key_1)
    sorted_out = "Hello Tomáš, good to see you. Did we get everything sorted out for you?"
    assert window.card.greeting.text() == sorted_out  # not "How is the wireless camera?"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    window.find("BG-7")  # his next visit
    assert window.card.greeting.text() == sorted_out
    assert "Why this greeting: a call back raised since" in window.card.greeting_why.text()


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
