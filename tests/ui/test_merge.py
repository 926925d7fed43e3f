"""Merging a duplicate record into the customer on screen: everything moves, it is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from greeter.core.models import FollowUpKind
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import MainWindow
from greeter.ui.merge_dialog import MergeDialog, moved_summary, preview_lines
from tests.helpers import TODAY, add_customer, add_purchase

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def duplicate(store: Store, staff_id: int) -> int:
    """A second record of Lisa, made at the till before anyone noticed."""
    other = add_customer(store, "Lisa M.", "Lisa Marsh", phone="613-555-0177", card="OLD-7")
    add_purchase(store, other, dt.datetime(2025, 3, 1, 10, 0), ("Phone case", 2500))
    add_purchase(store, other, dt.datetime(2025, 6, 9, 16, 0), ("Screen guard", 1500))
    store.notes.add(other, "Wears size M", staff_id)
    store.follow_ups.add(other, FollowUpKind.CALL_BACK, "Call about the case", staff_id, TODAY)
    return other


def counts(store: Store, customer_id: int) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        store.db.execute(
            f"SELECT count(*) FROM {table} WHERE customer_id = ?", [customer_id]
        ).fetchone()[0]
        for table in ("purchases", "notes", "follow_ups")
    )


def test_ctrl_m_moves_everything_to_the_customer_on_screen_and_records_it(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    shop: dict[str, int],
    duplicate: int,
    staff_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lisa = shop["lisa"]
    window.on_duty.setCurrentText("Priya")  # the owner
    window.find("BG-1")
    lisa_before, other_before = counts(store, lisa), counts(store, duplicate)
    assert other_before == (2, 1, 1)
    asked = []

    def ask(cls, parent, keep_id, keep_name, by, find, preview, today):  # noqa: ANN001, ANN202
        asked.append((keep_id, keep_name, by, [h.customer_id for h in find("613 555 0177")]))
        asked.append(preview(duplicate))
        return duplicate

    monkeypatch.setattr(MergeDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(window.customer_actions.customers_merged) as merged:
        qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    assert merged.args == [lisa, duplicate]
    assert asked[0] == (lisa, "Lisa", "Priya", [duplicate])
    assert {k: asked[1][k] for k in ("purchases", "notes", "follow_ups", "identifiers")} == {
        "purchases": 2,
        "notes": 1,
        "follow_ups": 1,
        "identifiers": 1,
    }

    assert counts(store, lisa) == tuple(
        a + b for a, b in zip(lisa_before, other_before, strict=True)
    )
    assert counts(store, duplicate) == (0, 0, 0)
    assert not store.customers.exists(duplicate)
    assert store.customers.cards(lisa) == ("BG-1", "OLD-7")
    record = store.db.execute("SELECT kept_id, merged_id, by_id FROM merges").fetchall()
    assert record == [(lisa, duplicate, staff_id)]
    assert [r.by for r in store.merges.history(lisa)] == ["Priya"]

    assert window.current_customer == lisa
    assert window.card.card.customer.preferred_name == "Lisa"
    assert window.status.text() == (
        "Merged Lisa Marsh into Lisa: moved 2 purchases, 1 note, 1 follow-up, 1 card or id "
        "and 1 other detail."
    )


def test_staff_may_not_merge(
    qtbot: QtBot, window: MainWindow, store: Store, duplicate: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.on_duty.setCurrentText("Marcus")  # staff
    window.find("BG-1")

    def ask(*_args: object) -> int:
        raise AssertionError("staff must not be asked which record to merge")

    monkeypatch.setattr(MergeDialog, "ask", classmethod(ask))
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    assert window.status.text() == (
        "Marcus is staff; only managers and owners may merge two customers. "
        "Ask a manager or an owner to go on duty (choosing their name at the top), then try again."
    )
    assert store.customers.exists(duplicate)
    assert store.db.execute("SELECT count(*) FROM merges").fetchone()[0] == 0


def test_the_merge_dialog_finds_the_other_record_then_says_what_will_move(
    qtbot: QtBot, store: Store, shop: dict[str, int], duplicate: int
) -> None:
    counter = Counter(store, today=lambda: TODAY)
    dialog = MergeDialog(
        shop["lisa"], "Lisa", "Priya", counter.find_customers, counter.merge_preview, TODAY
    )
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()

    qtbot.keyClicks(dialog.search, "BG-1")  # Lisa herself
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.problem.text() == "That is Lisa: find the other record."
    assert dialog.pages.currentIndex() == 0

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "613 555 0177")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1
    assert dialog.confirm_title.text() == "Merge Lisa Marsh into Lisa?"
    assert dialog.moves.text().splitlines() == [
        "•  2 purchases",
        "•  1 note",
        "•  1 follow-up",
        "•  1 card or id",
        "•  1 phone number",
    ]
    assert "the merge is recorded with Priya's name" in dialog.recorded.text()
    for label in (dialog.confirm_title, dialog.other_detail, dialog.moves, dialog.recorded):
        assert label.textFormat() is Qt.TextFormat.PlainText

    qtbot.keyClick(dialog.merge, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # back, and again
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0)  # a mnemonic animates its click
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.merge.hasFocus()
    qtbot.keyClick(dialog.merge, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == duplicate
    assert store.customers.exists(duplicate)  # the dialog only chooses; the window merges


def test_counts_are_said_in_words() -> None:
    assert moved_summary({"purchases": 1, "customer_emails": 2, "greetings": 4}) == (
        "1 purchase and 2 other details"
    )
    assert moved_summary({"notes": 1, "follow_ups": 2}) == "1 note and 2 follow-ups"
    assert moved_summary({"identifiers": 1}) == "1 card or id"
    assert moved_summary({}) == "nothing"
    assert preview_lines({"notes": 3}) == [
        "•  0 purchases",
        "•  3 notes",
        "•  0 follow-ups",
        "•  0 cards or ids",
    ]
