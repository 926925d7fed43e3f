"""F4: preferences, tags, occasions and links changed from the keyboard, then seen on the card."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from greeter.store import Store
from greeter.ui.facts_dialog import FactsDialog
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow, store: Store, shop: dict[str, int]) -> FactsDialog:
    window.find("BG-1")
    facts = FactsDialog(window.counter, shop["lisa"], store.staff.by_name("Priya"), window)
    qtbot.addWidget(facts)
    with qtbot.waitExposed(facts):
        facts.show()
    return facts


def chips(window: MainWindow, name: str) -> list[str]:
    """The card's chips of one kind, as the window shows them after a refresh."""
    window.show_customer(window.current_customer or 0)
    flow = window.card.facts.flow  # in the order shown; chips not needed now are hidden
    chips = (flow.itemAt(i).widget() for i in range(flow.count()))
    return [
        w.text()
        for w in chips
        if isinstance(w, QLabel | QPushButton) and w.objectName() == name and w.isVisibleTo(window)
    ]


def select(entries: QListWidget, text: str) -> None:
    for row in range(entries.count()):
        if text in entries.item(row).text():
            entries.setCurrentRow(row)
            entries.setFocus()
            return
    raise AssertionError(f"nothing with {text!r}")


def type_and_enter(qtbot: QtBot, field: object, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_add_change_and_delete_a_preference(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    type_and_enter(qtbot, dialog.pref_label, "Shoe size")
    assert dialog.pref_value.hasFocus()
    type_and_enter(qtbot, dialog.pref_value, "11")
    assert dialog.changed and dialog.pref_label.text() == ""
    assert chips(window, "preference") == ["Shoe size: 11"]

    select(dialog.preferences, "Shoe size")
    qtbot.keyClick(dialog.preferences, Qt.Key.Key_Return)
    assert (dialog.pref_label.text(), dialog.pref_value.text()) == ("Shoe size", "11")
    type_and_enter(qtbot, dialog.pref_value, "11½")  # the loaded value is selected: replaced
    assert chips(window, "preference") == ["Shoe size: 11½"]

    select(dialog.preferences, "Shoe size")
    qtbot.keyClick(dialog.preferences, Qt.Key.Key_Delete)
    assert chips(window, "preference") == []
    assert "Removed Shoe size" in dialog.message.text()


def test_typing_a_label_the_customer_has_says_which_value_it_replaces(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    type_and_enter(qtbot, dialog.pref_label, "Milk")
    type_and_enter(qtbot, dialog.pref_value, "oat")
    assert not dialog.pref_notice.isVisible()  # a new label only adds

    type_and_enter(qtbot, dialog.pref_label, "milk")
    assert dialog.pref_notice.isVisible()
    assert dialog.pref_notice.text() == "Now “Milk: oat”. The value you type replaces it."
    qtbot.keyClicks(dialog.pref_value, "soy")
    assert dialog.pref_notice.text() == "Now “Milk: oat”. Enter changes it to “soy”."
    qtbot.keyClick(dialog.pref_value, Qt.Key.Key_Return)

    assert dialog.message.text() == "Changed “Milk: oat” to “soy”."
    assert not dialog.pref_notice.isVisible() and dialog.pref_label.text() == ""
    assert chips(window, "preference") == ["Milk: soy"]


def test_a_label_typed_in_capitals_changes_the_value_and_keeps_the_label(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    # (QTest cannot type a lower-case é: the rule itself is tested with "Théo" in core.)
    type_and_enter(qtbot, dialog.pref_label, "Theo likes")
    type_and_enter(qtbot, dialog.pref_value, "dinosaur stickers")

    type_and_enter(qtbot, dialog.pref_label, "THEO likes")
    qtbot.keyClicks(dialog.pref_value, "fire trucks")
    assert dialog.pref_notice.text() == (
        "Now “Theo likes: dinosaur stickers”. Enter changes it to “fire trucks”."
    )
    qtbot.keyClick(dialog.pref_value, Qt.Key.Key_Return)

    assert dialog.message.text() == "Changed “Theo likes: dinosaur stickers” to “fire trucks”."
    assert chips(window, "preference") == ["Theo likes: fire trucks"]  # as the dialog said


def test_a_preference_is_not_renamed_onto_a_label_it_already_has(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    for label, value in (("Milk", "oat"), ("Shoe size", "11")):
        type_and_enter(qtbot, dialog.pref_label, label)
        type_and_enter(qtbot, dialog.pref_value, value)
    select(dialog.preferences, "Shoe size")
    qtbot.keyClick(dialog.preferences, Qt.Key.Key_Return)
    assert dialog.pref_notice.text() == "Changing “Shoe size: 11”."

    dialog.pref_label.clear()
    qtbot.keyClicks(dialog.pref_label, "Milk")
    taken = "There is already “Milk: oat”. Change that one, or remove it first."
    assert dialog.pref_notice.text() == taken
    qtbot.keyClick(dialog.pref_value, Qt.Key.Key_Return)
    assert dialog.problem.isVisible() and dialog.problem.text() == taken
    assert not dialog.pref_notice.isVisible()  # said once, not again in the notice above
    assert dialog.pref_label.text() == "Milk" and dialog.pref_value.text() == "11"
    assert chips(window, "preference") == ["Milk: oat", "Shoe size: 11"]


def test_esc_stops_changing_a_preference_and_a_second_esc_closes(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    for label, value in (("Milk", "oat"), ("Shoe size", "11")):
        type_and_enter(qtbot, dialog.pref_label, label)
        type_and_enter(qtbot, dialog.pref_value, value)
    select(dialog.preferences, "Shoe size")
    qtbot.keyClick(dialog.preferences, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pref_value, "12")  # typed over, then thought better of

    qtbot.keyClick(dialog.pref_value, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert (dialog.pref_label.text(), dialog.pref_value.text()) == ("", "")
    assert dialog.pref_label.hasFocus() and not dialog.pref_notice.isVisible()
    assert dialog.message.text() == (
        "Left “Shoe size: 11” as it was. Type a new preference, or Esc to close."
    )
    type_and_enter(qtbot, dialog.pref_label, "Milk")  # now adds, rather than renaming
    type_and_enter(qtbot, dialog.pref_value, "soy")
    assert chips(window, "preference") == ["Milk: soy", "Shoe size: 11"]

    qtbot.keyClick(dialog.pref_label, Qt.Key.Key_Escape)  # nothing loaded: Esc closes
    assert not dialog.isVisible()


def test_a_problem_is_shown_and_the_typed_text_kept(qtbot: QtBot, dialog: FactsDialog) -> None:
    type_and_enter(qtbot, dialog.pref_label, "Shoe size")
    type_and_enter(qtbot, dialog.pref_value, "   ")
    assert dialog.problem.isVisible() and "needs a label and a value" in dialog.problem.text()
    assert dialog.pref_label.text() == "Shoe size"
    assert not dialog.changed


def test_a_manual_tag_shows_as_a_badge(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 1 and dialog.tag_name.hasFocus()
    type_and_enter(qtbot, dialog.tag_name, "wholesale")
    window.show_customer(window.current_customer or 0)
    card = window.card.card
    assert card is not None
    assert [b.name for b in card.badges if b.manual] == ["wholesale"]
    select(dialog.tags, "wholesale")
    qtbot.keyClick(dialog.tags, Qt.Key.Key_Delete)
    assert dialog.tags.item(0).text() == "Nothing yet."


def test_an_occasion_in_three_days_shows_on_the_card(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    when = TODAY + dt.timedelta(days=3)
    type_and_enter(qtbot, dialog.occasion_label, "Wedding anniversary")
    type_and_enter(qtbot, dialog.occasion_date, "14th of June")
    assert "MM-DD" in dialog.problem.text() and dialog.occasion_date.text() == "14th of June"
    dialog.occasion_date.clear()
    type_and_enter(qtbot, dialog.occasion_date, f"{when:%m-%d}")
    assert not dialog.problem.isVisible()
    assert chips(window, "occasion") == [f"Wedding anniversary: {when:%a} {when.day} {when:%b}"]


def test_an_occasion_on_a_day_that_does_not_exist_says_so(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    type_and_enter(qtbot, dialog.occasion_label, "Wedding anniversary")
    type_and_enter(qtbot, dialog.occasion_date, "02-30")
    assert dialog.problem.text() == "“02-30” is not a real date: February has at most 29 days."
    assert dialog.occasion_date.text() == "02-30" and not dialog.changed
    assert chips(window, "occasion") == []


def test_link_lisa_to_zoe_then_ctrl_j_opens_zoe(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog, shop: dict[str, int]
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.link_label.hasFocus()
    type_and_enter(qtbot, dialog.link_label.lineEdit(), "buys for")
    assert dialog.link_who.hasFocus()
    qtbot.keyClicks(dialog.link_who, "Zo")
    assert dialog.link_hits.currentItem().text().startswith("Zoë")
    qtbot.keyClick(dialog.link_who, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.link_who, Qt.Key.Key_Return)
    assert dialog.links.item(0).text() == "buys for Zoë"
    dialog.close()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.show_customer(shop["lisa"])
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.current_customer == shop["zoe"]


def test_a_link_reads_the_way_it_was_typed_on_the_other_customers_card(
    qtbot: QtBot, window: MainWindow, dialog: FactsDialog, shop: dict[str, int]
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    type_and_enter(qtbot, dialog.link_label.lineEdit(), "refers customers like")
    qtbot.keyClicks(dialog.link_who, "Zo")
    qtbot.keyClick(dialog.link_who, Qt.Key.Key_Return)
    assert dialog.links.item(0).text() == "refers customers like Zoë"
    assert chips(window, "link") == ["refers customers like Zoë  →"]  # on Lisa's card
    window.show_customer(shop["zoe"])
    assert chips(window, "link") == ["Lisa refers customers like them  →"]  # not "… Zoë"


def test_f4_refreshes_the_card_when_something_changed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []
    monkeypatch.setattr(
        FactsDialog, "ask", classmethod(lambda cls, *a: asked.append(a[1:]) or True)
    )
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert not asked and "Find a customer first" in window.status.text()
    window.find("BG-1")
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert len(asked) == 1
    assert window.status.text() == "Details updated."
