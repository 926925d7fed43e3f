"""The counter window driven from the keyboard, as staff use it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from greeter.core.customer_form import CustomerDraft
from greeter.core.models import NoteKind
from greeter.store import Store
from greeter.ui.customer_dialog import CustomerDialog, CustomerEntry
from greeter.ui.main_window import ADD_THEM, MainWindow
from greeter.ui.note_dialog import NoteDialog, NoteDraft
from tests.helpers import add_purchase


def type_and_wait(qtbot: QtBot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.search.text_settled, timeout=2000):
        qtbot.keyClicks(window.search, text)


def test_search_box_has_focus_at_start(window: MainWindow) -> None:
    assert window.search.hasFocus()
    assert window.pages.currentWidget() is window.idle


def test_typing_a_name_lists_candidates_and_enter_opens_the_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    type_and_wait(qtbot, window, "lis")
    assert window.pages.currentWidget() is window._candidates_page
    assert window.candidates.candidates.rowCount() == 1
    with qtbot.waitSignal(window.customer_recognised) as recognised:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert recognised.args == [shop["lisa"]]
    assert window.pages.currentWidget() is window.card
    assert window.card.preferred_name.text() == "Lisa"


def test_arrow_keys_choose_among_candidates(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    type_and_wait(qtbot, window, "b")  # <b>Bob</b> and Zoë O'Brien both match
    rows = window.candidates.candidates.rowCount()
    assert rows >= 2
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    second = window.candidates.current_customer()
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == second


def type_then_enter_at_once(qtbot: QtBot, window: MainWindow, more: str) -> None:
    """After the list for "b" (Zoë O'Brien highlighted), `more` letters and Enter as fast as
    a quick typist or a scanner: Enter comes before the search for the whole text runs."""
    type_and_wait(qtbot, window, "b")
    assert window.candidates.current_customer() is not None
    qtbot.keyClicks(window.search, more)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)


def test_enter_straight_after_typing_opens_whom_the_whole_text_means(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    type_then_enter_at_once(qtbot, window, "ob")
    assert window.current_customer == shop["bob"]  # not Zoë, highlighted for "b"
    assert window.card.preferred_name.text() == "<b>Bob</b>"


def test_enter_straight_after_typing_a_name_nobody_has_opens_no_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    with qtbot.assertNotEmitted(window.customer_recognised):
        type_then_enter_at_once(qtbot, window, "xyz")
    assert window.current_customer is None
    assert window.pages.currentWidget() is not window.card
    assert window.search.text() == "bxyz"  # kept, to correct
    assert window.status.text().startswith("Nobody")


def test_a_number_typed_over_a_list_of_names_opens_its_own_customer(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    """A scan or a phone typed over the list for a name: Enter looks up the number, not the
    row the name's list still has highlighted, however long the number sat there."""
    type_and_wait(qtbot, window, "b")  # Zoë O'Brien highlighted
    window.search.selectAll()
    type_and_wait(qtbot, window, "613 555 0123")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["lisa"]


def test_accent_and_apostrophe_insensitive(qtbot: QtBot, window: MainWindow) -> None:
    type_and_wait(qtbot, window, "zoe obri")
    assert window.candidates.candidates.rowCount() == 1
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.card.preferred_name.text() == "Zoë"


def test_a_scanned_card_or_typed_phone_opens_the_card_at_once(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    qtbot.keyClicks(window.search, "bg-1")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["lisa"]
    window.search.clear()
    qtbot.keyClicks(window.search, "(613) 555 0150")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer == shop["zoe"]


def test_unknown_number_says_so(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "613-555-0111")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer is None
    assert "No customer has" in window.status.text()
    assert window.status.isVisible()


NEW_CUSTOMER = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[CustomerDraft]:
    """What each new customer's dialog (Ctrl+Shift+N) was opened with; none for real."""
    drafts: list[CustomerDraft] = []

    def ask(cls: object, *args: object) -> None:
        start = args[3]
        assert isinstance(start, CustomerEntry)
        drafts.append(start.draft)

    monkeypatch.setattr(CustomerDialog, "ask", classmethod(ask))
    return drafts


def test_a_name_nobody_has_says_how_to_add_them_and_ctrl_shift_n_starts_from_it(
    qtbot: QtBot, window: MainWindow, started: list[CustomerDraft]
) -> None:
    window.find("BG-1")  # Lisa's card, whose text the next name is typed over
    type_and_wait(qtbot, window, "kwame")
    assert window.status.text() == "Nobody found for “kwame”."
    assert not window.candidates.isVisible()  # no big empty list
    assert window.nobody.isVisible()
    assert window.nobody.text() == (
        "Not a customer yet? Ctrl+Shift+N adds “kwame” as a new customer. "
        "Or try their phone number, email or card."
    )
    qtbot.keyClick(window.search, Qt.Key.Key_N, NEW_CUSTOMER)
    assert [draft.preferred_name for draft in started] == ["kwame"]  # not a blank form
    window.search.selectAll()
    type_and_wait(qtbot, window, "lis")  # a name that is there: the list, and no hint
    assert window.candidates.isVisible() and not window.nobody.isVisible()


def test_an_unknown_number_over_a_card_puts_the_card_away_and_says_how_to_add_them(
    qtbot: QtBot, window: MainWindow, started: list[CustomerDraft]
) -> None:
    window.find("BG-1")
    qtbot.keyClicks(window.search, "613-555-0111")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle  # not Lisa's card any more
    assert window.search.text() == "613-555-0111"  # kept, to correct or add them from
    assert window.status.text() == f"No customer has 613-555-0111. {ADD_THEM}"
    qtbot.keyClick(window.search, Qt.Key.Key_N, NEW_CUSTOMER)
    assert [draft.phones for draft in started] == [("613-555-0111",)]


def test_the_card_shows_what_staff_need(window: MainWindow) -> None:
    window.find("BG-1")
    card = window.card
    assert card.preferred_name.text() == "Lisa"
    assert "Lisa Marsh" in card.full_name.text()
    assert "say “LEE-sa”" in card.full_name.text()
    assert card.greeting.text() == "Welcome back, Lisa! Your reserved item is here for you."
    assert card.greeting.font().pointSizeF() >= 18
    badges = {
        w.text(): w.toolTip()
        for w in (card.badges_row.itemAt(i).widget() for i in range(card.badges_row.count()))
    }
    assert badges["Birthday"] == "Birthday this week: Thursday 26 November"
    assert card.visits.value.text() == "1"
    assert card.last_visit.value.text() == "2 weeks ago"
    assert card.spend.value.text() == "$999.00"
    assert card.purchases.model.rowCount() == 1
    assert card.purchases.model.index(0, 1).data() == "Pixel 9 Pro"
    notes = card.notes.findChildren(QLabel, "noteText")
    assert [n.text() for n in notes] == ["Prefers “miss” to “ma'am”"]
    follow_ups = card.follow_ups.findChildren(QLabel, "followUpText")
    assert [f.text() for f in follow_ups] == ["Blue case reserved"]


def test_the_visits_caption_agrees_with_the_count(
    window: MainWindow, store: Store, shop: dict[str, int]
) -> None:
    def visits() -> str:  # the figure and its caption, as read on the card
        return " ".join(label.text() for label in window.card.visits.findChildren(QLabel))

    window.find("BG-1")
    assert visits() == "1 visit"  # not "1 visits"
    add_purchase(store, shop["lisa"], dt.datetime(2026, 11, 15, 11, 0), ("Screen protector", 2999))
    window.show_customer(shop["lisa"])
    assert visits() == "2 visits"
    window.show_customer(shop["zoe"])  # the same card, reused for someone who never bought
    assert visits() == "0 visits"


def test_a_new_customer_s_purchases_panel_says_they_have_bought_nothing_yet(
    window: MainWindow, shop: dict[str, int]
) -> None:
    window.show_customer(shop["zoe"])  # no purchases
    panel = window.card.purchases

    def seen() -> list[str]:
        return [label.text() for label in panel.findChildren(QLabel) if label.isVisibleTo(window)]

    assert seen() == ["WHAT THEY BUY", "No purchases yet."]
    assert not panel.table.isVisibleTo(window)
    assert panel.empty.y() - panel.title.geometry().bottom() < 20  # under the title
    assert panel.height() <= window.card.notes.height() + 8  # one line's panel, not a tall box
    window.find("BG-1")  # Lisa has bought something: her table, and no such line
    assert "No purchases yet." not in seen()
    assert panel.table.isVisibleTo(window)


def test_rich_text_in_data_is_shown_literally(window: MainWindow) -> None:
    window.find("613 555 0199")
    label = window.card.preferred_name
    assert label.text() == "<b>Bob</b>"
    assert label.textFormat() == Qt.TextFormat.PlainText
    for child in window.card.findChildren(type(label)):
        assert child.textFormat() == Qt.TextFormat.PlainText, child.objectName()


def test_escape_returns_to_an_empty_search_box(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.current_customer is None
    assert window.pages.currentWidget() is window.idle
    assert window.search.hasFocus()


def test_ctrl_f_focuses_search(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    window.on_duty.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()


def test_ctrl_n_adds_a_note_by_the_staff_member_on_duty(
    qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int], monkeypatch
) -> None:
    window.find("BG-1")
    window.on_duty.setCurrentText("Marcus")
    asked = []

    def ask(parent: object, name: str, author: str, kept: NoteDraft | None) -> NoteDraft:
        asked.append((name, author))
        return NoteDraft("Son's phone needs activating", pinned=False, kind=NoteKind.CAUTION)

    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, *a, **kw: ask(*a)))
    with qtbot.waitSignal(window.card_actions.note_saved):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == [("Lisa", "Marcus")]
    card = store.cards.assemble(shop["lisa"], store.settings.load())
    saved = [(n.text, n.author, n.kind) for n in card.notes]
    assert ("Son's phone needs activating", "Marcus", NoteKind.CAUTION) in saved
    assert window.status.text() == "Note saved."


def test_ctrl_n_without_a_customer_explains(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "Find a customer first" in window.status.text()


def test_note_dialog_refuses_card_numbers_as_you_type(qtbot: QtBot) -> None:
    dialog = NoteDialog("Lisa", "Priya")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.editor, "paid with 4111 1111 1111 1111")
    save = dialog.buttons.buttons()[0]
    assert not save.isEnabled()
    assert "payment card number" in dialog.problem.text()
    dialog.editor.setPlainText("Likes the blue case")
    assert save.isEnabled()
    assert dialog.problem.text() == ""


def test_narrow_panel_stacks_the_card(qtbot: QtBot, window: MainWindow) -> None:
    window.find("BG-1")
    window.resize(420, 800)
    qtbot.waitUntil(lambda: window.card.columns.direction().name == "TopToBottom")
    assert window.card.widget().width() <= window.card.viewport().width()


def test_keep_on_top_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.on_top.click()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.prefs.value("window/always_on_top", False, type=bool) is True


def test_window_title_never_names_the_customer(window: MainWindow) -> None:
    window.find("BG-1")
    assert "Lisa" not in window.windowTitle()
