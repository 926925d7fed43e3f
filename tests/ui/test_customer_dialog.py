"""Adding and editing customers from the keyboard: problems as you type, duplicates offered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from greeter.core.customer_form import CustomerDraft
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.customer_actions import PUT_AWAY, draft_from_search
from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry, split_items
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY
from tests.ui.test_staff_and_lock import MARCUS_PIN, PRIYA_PIN, open_pinned

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CLICK, NO_MODIFIER = QTest.KeyAction.Click, Qt.KeyboardModifier.NoModifier


def when_open(qtbot: QtBot, steps: Callable[[CustomerDialog], None]) -> None:
    """Run `steps` on the customer dialog once the window has opened it (it blocks in exec),
    and make sure it is closed afterwards so a failing step cannot hang the suite."""
    tries = [0]

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CustomerDialog):
            tries[0] += 1
            if tries[0] < 200:
                QTimer.singleShot(10, attempt)
            return
        try:
            dialog.activateWindow()  # its shortcuts (Ctrl+Enter) work in the active window
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            steps(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, attempt)


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def offers(dialog: CustomerDialog) -> list[str]:
    items = dialog.duplicates
    return [items.item(row).text() for row in range(items.count())]


@pytest.fixture
def dialog(qtbot: QtBot, store: Store, shop: dict[str, int]) -> CustomerDialog:
    counter = Counter(store, today=lambda: TODAY)
    dialog = CustomerDialog("CA", counter.possible_duplicates)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_an_invalid_phone_is_explained_by_its_field_and_save_waits(
    qtbot: QtBot, dialog: CustomerDialog
) -> None:
    save = dialog.save
    assert not save.isEnabled()  # no name yet
    assert dialog.problems["preferred_name"].text() == "Required."
    qtbot.keyClicks(dialog.fields["preferred_name"], "Jo")
    assert save.isEnabled()
    qtbot.keyClicks(dialog.fields["phones"], "555-12")
    assert not save.isEnabled()  # at once, before the messages catch up
    phone_problem = dialog.problems["phones"]
    qtbot.waitUntil(phone_problem.isVisible)
    assert "“555-12” is not a valid phone number for region CA" in phone_problem.text()
    assert phone_problem.textFormat() is Qt.TextFormat.PlainText
    qtbot.keyClicks(dialog.fields["birthday"], "13-40")
    qtbot.waitUntil(dialog.problems["birthday"].isVisible)
    assert "MM-DD or YYYY-MM-DD" in dialog.problems["birthday"].text()

    retype(qtbot, dialog.fields["phones"], "613 555 0177")
    retype(qtbot, dialog.fields["birthday"], "04-02")
    qtbot.waitUntil(lambda: not phone_problem.isVisible())
    assert save.isEnabled()
    qtbot.keyClick(dialog.fields["birthday"], Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    entry = dialog.entry()
    assert entry.draft.phones == ("613 555 0177",)
    assert entry.draft.birthday == "04-02"


def test_a_birthday_on_a_day_that_does_not_exist_says_so_by_its_field(
    qtbot: QtBot, dialog: CustomerDialog
) -> None:
    qtbot.keyClicks(dialog.fields["preferred_name"], "Jo")
    qtbot.keyClicks(dialog.fields["birthday"], "02-30")
    problem = dialog.problems["birthday"]
    qtbot.waitUntil(problem.isVisible)
    assert problem.text() == "“02-30” is not a birthday: February has at most 29 days."
    assert not dialog.save.isEnabled()


def test_a_name_too_long_for_the_card_is_explained_by_its_field_and_save_waits(
    qtbot: QtBot, dialog: CustomerDialog
) -> None:
    qtbot.keyClicks(dialog.fields["preferred_name"], "Jo")
    qtbot.keyClicks(dialog.fields["full_name"], "J" * 101)
    assert not dialog.save.isEnabled()
    problem = dialog.problems["full_name"]
    qtbot.waitUntil(problem.isVisible)
    assert problem.text() == "A name can be at most 100 characters; this one has 101."
    qtbot.keyClicks(dialog.fields["pronunciation"], "j" * 150)
    qtbot.waitUntil(dialog.problems["pronunciation"].isVisible)
    assert "A pronunciation can be at most 100 characters; this one has 150." == (
        dialog.problems["pronunciation"].text()
    )
    qtbot.keyClick(dialog.fields["full_name"], Qt.Key.Key_Backspace)
    dialog.fields["pronunciation"].clear()
    qtbot.waitUntil(lambda: not problem.isVisible())
    assert dialog.save.isEnabled()
    qtbot.keyClick(dialog.fields["full_name"], Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.entry().draft.full_name == "J" * 100


def test_a_phone_another_customer_has_is_offered_before_saving(
    qtbot: QtBot, dialog: CustomerDialog, shop: dict[str, int]
) -> None:
    qtbot.keyClicks(dialog.fields["preferred_name"], "Lisa")
    qtbot.keyClicks(dialog.fields["phones"], "(613) 555-0123")
    qtbot.waitUntil(dialog.duplicates_box.isVisible)
    offer = dialog.duplicates.item(0).text()
    assert offer == "Possible duplicate: Lisa Marsh — same phone number: (613) 555-0123"
    assert dialog.open_instead.text() == "&Open Lisa Marsh instead"  # Alt+O
    assert dialog.save.text() == "Save as new customer"

    # The first save stops at the offer; Enter on the list itself opens that customer.
    qtbot.keyClick(dialog.fields["phones"], Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "Enter again adds a new customer anyway" in dialog.duplicates_hint.text()
    qtbot.keyClick(dialog.duplicates, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opened() == shop["lisa"]


def test_a_card_another_customer_has_is_offered_with_their_phone(
    qtbot: QtBot, dialog: CustomerDialog, shop: dict[str, int]
) -> None:
    # Lisa's phone and her card: one offer, giving both reasons, so nobody saves into a clash.
    qtbot.keyClicks(dialog.fields["preferred_name"], "Sam")
    qtbot.keyClicks(dialog.fields["phones"], "613 555 0123")
    qtbot.keyClicks(dialog.fields["cards"], "bg-1")
    both = "Possible duplicate: Lisa Marsh — same phone number and card: 613 555 0123, BG-1"
    qtbot.waitUntil(lambda: offers(dialog) == [both])
    # All three: too long for the row, so it ends in "…" with the whole reason on hover,
    # rather than a scroll bar hiding the row.
    qtbot.keyClicks(dialog.fields["emails"], "lisa@example.com")
    every = "Lisa Marsh: same phone number, email and card (613 555 0123, lisa@example.com, BG-1)"
    qtbot.waitUntil(lambda: dialog.duplicates.item(0).toolTip() == every)
    assert not dialog.duplicates.horizontalScrollBar().isVisible()
    retype(qtbot, dialog.fields["emails"], "")
    retype(qtbot, dialog.fields["phones"], "")  # the card alone is enough
    qtbot.waitUntil(lambda: offers(dialog) == ["Possible duplicate: Lisa Marsh — same card: BG-1"])
    qtbot.keyClick(dialog.fields["cards"], Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(dialog.duplicates, Qt.Key.Key_Return)
    assert dialog.opened() == shop["lisa"]


def test_enter_in_a_field_saves_when_nobody_is_offered(
    qtbot: QtBot, dialog: CustomerDialog
) -> None:
    qtbot.keyClicks(dialog.fields["preferred_name"], "Jo")
    qtbot.keyClicks(dialog.fields["birthday"], "04-02")
    qtbot.keyClick(dialog.fields["birthday"], Qt.Key.Key_Return)  # as the Save button says
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opened() is None and dialog.entry().draft.birthday == "04-02"


def test_saving_anyway_takes_a_second_ctrl_enter(qtbot: QtBot, dialog: CustomerDialog) -> None:
    qtbot.keyClicks(dialog.fields["preferred_name"], "Zoe")
    qtbot.keyClicks(dialog.fields["phones"], "613 555 0150")
    qtbot.keyClick(dialog.fields["phones"], Qt.Key.Key_Return, CTRL)  # catches up at once
    assert dialog.duplicates.count() == 1 and dialog.isVisible()
    qtbot.keyClick(dialog.duplicates, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opened() is None


def test_ctrl_shift_n_adds_a_customer_from_what_the_search_box_holds(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    qtbot.keyClicks(window.search, "Ana Popescu")
    before = store.customers.count()

    def fill_in(dialog: CustomerDialog) -> None:
        assert dialog.fields["preferred_name"].text() == "Ana"
        assert dialog.fields["full_name"].text() == "Ana Popescu"
        retype(qtbot, dialog.fields["full_name"], "Ana-Maria Popescu")
        qtbot.keyClicks(dialog.fields["phones"], "613 555 0111, ana@example.com")
        qtbot.waitUntil(dialog.problems["phones"].isVisible)
        assert not dialog.save.isEnabled()
        retype(qtbot, dialog.fields["phones"], "613 555 0111")
        qtbot.keyClicks(dialog.fields["emails"], "ana@example.com")
        qtbot.keyClicks(dialog.fields["birthday"], "1990-04-02")
        dialog.sms_consent.setChecked(True)
        qtbot.keyClick(dialog.fields["birthday"], Qt.Key.Key_Return, CTRL)

    when_open(qtbot, fill_in)
    with qtbot.waitSignal(window.customer_actions.customer_added) as added:
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    new_id = added.args[0]
    assert store.customers.count() == before + 1
    assert window.current_customer == new_id
    assert window.card.card.customer.preferred_name == "Ana"
    assert window.card.card.customer.full_name == "Ana-Maria Popescu"
    assert window.status.text() == "Added Ana."
    assert store.consents.latest(new_id, "sms") is True
    assert store.consents.latest(new_id, "email") is None  # not asked, so nothing recorded
    consent = store.db.execute("SELECT source FROM consents WHERE customer_id = ?", [new_id])
    assert consent.fetchall() == [("counter",)]


def test_choosing_the_offered_duplicate_opens_them_and_adds_nobody(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Marcus")
    before = store.customers.count()

    def choose_lisa(dialog: CustomerDialog) -> None:
        qtbot.keyClicks(dialog.fields["preferred_name"], "Lisa")
        qtbot.keyClicks(dialog.fields["emails"], "LISA@example.com")
        qtbot.waitUntil(dialog.duplicates_box.isVisible)
        assert "Lisa Marsh — same email: lisa@example.com" in dialog.duplicates.item(0).text()
        qtbot.mouseClick(dialog.open_instead, Qt.MouseButton.LeftButton)

    when_open(qtbot, choose_lisa)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.current_customer == shop["lisa"])
    assert store.customers.count() == before
    assert window.status.text() == "Opened Lisa; no new customer was added."


def type_where_focused(qtbot: QtBot, *keys: str | Qt.Key) -> None:
    """Keys and text as a person types them: each to whatever has the focus then (QTest
    types ASCII only: an "ó" is sent as the key event a keyboard would send)."""
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        if isinstance(key, Qt.Key):
            qtbot.keyClick(widget, key)
            continue
        for ch in key:
            if ch.isascii():
                qtbot.keyClicks(widget, ch)
            else:
                QTest.sendKeyEvent(CLICK, widget, Qt.Key.Key_unknown, ch, NO_MODIFIER)


def search_for(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type in the search box and wait, as staff do, for it to say whether anyone has it."""
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, text)


def test_enter_in_a_field_adds_someone_who_shares_a_phone_and_never_opens_the_other(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    # Maria shares Zoë's household phone: Enter stops once at the offer, then adds Maria.
    window.on_duty.setCurrentText("Marcus")
    search_for(qtbot, window, "Maria Lopez")
    before = store.customers.count()

    def fill_in(dialog: CustomerDialog) -> None:
        phones = dialog.fields["phones"]
        type_where_focused(qtbot, Qt.Key.Key_Tab, "Maria López", Qt.Key.Key_Tab, Qt.Key.Key_Tab)
        type_where_focused(qtbot, "613 555 0150")
        zoe = "Possible duplicate: Zoë O'Brien — same phone number: 613 555 0150"
        qtbot.waitUntil(lambda: offers(dialog) == [zoe])  # a pause: the offer is on screen
        type_where_focused(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible() and phones.hasFocus()  # still where she was typing
        assert dialog.duplicates_hint.text() == (
            "Check these first: Enter again adds a new customer anyway; "
            "Alt+O or a double-click opens the chosen one instead."
        )
        type_where_focused(qtbot, Qt.Key.Key_Return)

    when_open(qtbot, fill_in)
    with qtbot.waitSignal(window.customer_actions.customer_added) as added:
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.current_customer == added.args[0] != shop["zoe"]
    assert store.customers.count() == before + 1
    maria = window.card.card.customer
    assert (maria.preferred_name, maria.full_name) == ("Maria", "Maria López")
    assert [p.e164 for p in store.customers.phones(maria.id)] == ["+16135550150"]
    assert window.status.text() == "Added Maria."


def test_a_new_customer_closed_unsaved_comes_back_until_someone_else_is_shown(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.on_duty.setCurrentText("Marcus")
    search_for(qtbot, window, "Maria Lopez")
    forms: list[tuple[str, ...]] = []

    def form(dialog: CustomerDialog) -> tuple[str, ...]:
        return tuple(dialog.fields[f].text() for f in ("preferred_name", "full_name", "phones"))

    def type_then_escape(dialog: CustomerDialog) -> None:
        forms.append(form(dialog))
        retype(qtbot, dialog.fields["full_name"], "Maria Lopez Ruiz")
        qtbot.keyClicks(dialog.fields["phones"], "613 555 0134")
        qtbot.keyClick(dialog.fields["phones"], Qt.Key.Key_Escape)

    def look_then_escape(dialog: CustomerDialog) -> None:
        forms.append(form(dialog))
        qtbot.keyClick(dialog.fields["preferred_name"], Qt.Key.Key_Escape)

    def new_customer(steps: Callable[[CustomerDialog], None]) -> None:
        when_open(qtbot, steps)
        qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
        with qtbot.waitActive(window):  # the window's keys work again once it is active
            window.activateWindow()

    new_customer(type_then_escape)
    assert window.status.text() == (
        "New customer not added: Ctrl+Shift+N brings back what was typed."
    )
    typed = ("Maria", "Maria Lopez Ruiz", "613 555 0134")
    new_customer(look_then_escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # the counter's reflex empties the search box
    assert window.search.text() == ""
    new_customer(look_then_escape)
    assert forms == [("Maria", "Maria Lopez", ""), typed, typed]

    search_for(qtbot, window, "Tom Baker")  # someone else is at the counter
    new_customer(look_then_escape)
    assert forms[-1] == ("Tom", "Tom Baker", "")
    window.search.clear()
    new_customer(look_then_escape)
    assert forms[-1] == typed  # still kept: Tom's form held only what was searched for

    window.find("BG-1")  # Lisa is shown: Maria's details are done with
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    new_customer(look_then_escape)
    assert forms[-1] == ("", "", "")
    assert store.customers.count() == 3  # nothing was ever saved


def new_customer_form(
    qtbot: QtBot, window: MainWindow, steps: Callable[[CustomerDialog], None] | None = None
) -> tuple[str, ...]:
    """Press Ctrl+Shift+N; what the form starts with (preferred name, full name, phones);
    then do `steps` in it, or press Esc."""
    forms: list[tuple[str, ...]] = []

    def look_then_act(dialog: CustomerDialog) -> None:
        forms.append(
            tuple(dialog.fields[f].text() for f in ("preferred_name", "full_name", "phones"))
        )
        if steps is not None:
            steps(dialog)
        else:
            qtbot.keyClick(dialog.fields["preferred_name"], Qt.Key.Key_Escape)

    when_open(qtbot, look_then_act)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    with qtbot.waitActive(window):  # the window's keys work again once it is active
        window.activateWindow()
    assert len(forms) == 1, "no new customer's form opened"
    return forms[0]


def type_a_phone_then_escape(qtbot: QtBot) -> Callable[[CustomerDialog], None]:
    def steps(dialog: CustomerDialog) -> None:
        qtbot.keyClicks(dialog.fields["phones"], "613 555 0134")
        qtbot.keyClick(dialog.fields["phones"], Qt.Key.Key_Escape)

    return steps


def test_a_new_customer_left_unsaved_is_kept_across_hide_but_not_for_the_next_on_duty(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.on_duty.setCurrentText("Marcus")
    search_for(qtbot, window, "Maria Lopez")
    new_customer_form(qtbot, window, type_a_phone_then_escape(qtbot))
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)  # the screen hidden, then shown: still Marcus
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    typed = ("Maria", "Maria Lopez", "613 555 0134")
    assert new_customer_form(qtbot, window) == typed

    window.on_duty.setCurrentText("Priya")  # Priya takes over the counter
    assert window.on_duty_staff() is not None and window.on_duty_staff().name == "Priya"
    assert new_customer_form(qtbot, window) == ("", "", "")  # nothing Marcus typed


def test_a_new_customer_left_unsaved_is_forgotten_when_the_window_locks(
    qtbot: QtBot, store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    window = open_pinned(qtbot, store, tmp_path)  # Priya unlocked it
    search_for(qtbot, window, "Maria Lopez")
    new_customer_form(qtbot, window, type_a_phone_then_escape(qtbot))
    window.staff_actions.lock()  # Ctrl+L; whoever unlocks, even Priya, starts afresh
    assert window.staff_actions.unlock("Priya", PRIYA_PIN)
    assert new_customer_form(qtbot, window) == ("", "", "")

    search_for(qtbot, window, "Tom Baker")

    def type_then_walk_away(dialog: CustomerDialog) -> None:  # the idle lock closes it
        qtbot.keyClicks(dialog.fields["phones"], "613 555 0177")
        window.idle_watch.set_intervals(hide_ms=0, lock_ms=60)
        with qtbot.waitSignal(window.idle_watch.lock_due, timeout=2000):
            pass
        window.idle_watch.set_intervals(hide_ms=0, lock_ms=0)

    assert new_customer_form(qtbot, window, type_then_walk_away) == ("Tom", "Tom Baker", "")
    assert window.staff_actions.locked
    assert window.status.text() != PUT_AWAY  # nothing said to be brought back
    assert window.staff_actions.unlock("Marcus", MARCUS_PIN)
    assert new_customer_form(qtbot, window) == ("", "", "")
    assert store.customers.count() == 3  # nothing was ever saved


def test_opening_a_possible_duplicate_takes_its_own_key_and_empties_the_search_box(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    window.on_duty.setCurrentText("Marcus")
    search_for(qtbot, window, "Maria Lopez")

    def open_zoe(dialog: CustomerDialog) -> None:
        qtbot.keyClicks(dialog.fields["phones"], "613 555 0150")
        qtbot.waitUntil(dialog.duplicates_box.isVisible)
        assert dialog.duplicates_hint.text() == (
            "They may already be a customer: Alt+O or a double-click opens them instead."
        )
        assert dialog.open_instead.text() == "&Open Zoë O'Brien instead"
        qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # a mnemonic animates its click

    when_open(qtbot, open_zoe)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.current_customer == shop["zoe"]
    assert window.search.text() == ""  # not "Maria Lopez" over Zoë's card
    assert window.status.text() == "Opened Zoë; no new customer was added."
    assert store.customers.count() == 3


def test_ctrl_e_edits_the_customer_on_screen(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    lisa = shop["lisa"]
    window.on_duty.setCurrentText("Marcus")
    window.find("BG-1")

    def edit(dialog: CustomerDialog) -> None:
        fields = dialog.fields
        assert fields["phones"].text() == "613-555-0123"
        assert fields["emails"].text() == "lisa@example.com"
        assert fields["cards"].text() == "BG-1"
        assert fields["birthday"].text() == "11-26"
        assert not dialog.duplicates_box.isVisible()
        retype(qtbot, fields["preferred_name"], "Lise")
        retype(qtbot, fields["pronunciation"], "LEEZ")
        qtbot.keyClick(fields["phones"], Qt.Key.Key_End)  # a field opens at its start
        qtbot.keyClicks(fields["phones"], ", 613 555 0188")
        retype(qtbot, fields["emails"], "")
        dialog.email_consent.setChecked(True)
        qtbot.keyClick(fields["phones"], Qt.Key.Key_Return, CTRL)

    when_open(qtbot, edit)
    with qtbot.waitSignal(window.customer_actions.customer_edited):
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    card = window.card.card
    assert card.customer.preferred_name == "Lise"
    assert card.customer.pronunciation == "LEEZ"
    assert card.customer.full_name == "Lisa Marsh"
    assert [p.e164 for p in store.customers.phones(lisa)] == ["+16135550123", "+16135550188"]
    assert store.customers.emails(lisa) == ()
    assert store.consents.latest(lisa, "email") is True
    assert window.status.text() == (
        "Saved Lise: preferred name, pronunciation, removed email lisa@example.com, "
        "added phone 613 555 0188, agreed to email marketing."
    )
    assert store.customers.count() == 3


def test_a_refused_save_reopens_the_dialog_with_what_was_typed(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.on_duty.setCurrentText("Marcus")
    typed = CustomerEntry(CustomerDraft("Sam", cards=("BG-1",)))  # Lisa's card
    asked: list[CustomerEntry | None] = []

    def ask(cls, parent, region, find, start=None, *_, editing=""):  # noqa: ANN001, ANN202
        asked.append(start)
        return typed if len(asked) == 1 else None

    warnings: list[tuple[str, Qt.TextFormat]] = []
    monkeypatch.setattr(CustomerDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: warnings.append((box.text(), box.textFormat())) or 0
    )
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert asked == [CustomerEntry(CustomerDraft()), typed]
    # Who has the card, as staff know them (not a customer number), shown as plain text.
    assert warnings == [
        (
            "Card BG-1 already belongs to Lisa Marsh (#1).\n\n"
            "What you typed is kept: try again, or cancel.",
            Qt.TextFormat.PlainText,
        )
    ]
    assert store.customers.count() == 3


def test_ctrl_e_needs_a_customer_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.on_duty.setCurrentText("Marcus")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert window.status.text() == "Find a customer first, then press Ctrl+E to edit their details."


@pytest.mark.parametrize(
    ("typed", "draft"),
    [
        ("Ana Popescu", CustomerDraft(preferred_name="Ana", full_name="Ana Popescu")),
        ("  María  José López ", CustomerDraft("María", "María José López")),
        ("kwame", CustomerDraft(preferred_name="kwame")),  # one word: the name they go by
        ("Flat 2 Smith", CustomerDraft(preferred_name="Flat 2 Smith")),  # not a person's name
        ("613 555 0111", CustomerDraft(phones=("613 555 0111",))),
        ("ana@example.com", CustomerDraft(emails=("ana@example.com",))),
        ("BG-77", CustomerDraft(cards=("BG-77",))),
        ("", CustomerDraft()),
    ],
)
def test_a_new_customer_starts_from_the_search_box(typed: str, draft: CustomerDraft) -> None:
    assert draft_from_search(typed, "CA") == draft


def test_several_contacts_go_in_one_field() -> None:
    assert split_items(" 613 555 0111,613 555 0112 ;\n a@b.ca ,, ") == (
        "613 555 0111",
        "613 555 0112",
        "a@b.ca",
    )
