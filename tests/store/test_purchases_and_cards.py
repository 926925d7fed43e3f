"""Purchases keep visit figures current; the assembled card orders what staff need first."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.models import FollowUpKind, NoteKind
from greeter.store import Store
from greeter.store.errors import Invalid, NotFound
from tests.helpers import TODAY, add_customer, add_purchase


def test_a_receipt_is_recorded_once_and_figures_follow(store: Store) -> None:
    cid = add_customer(store, "Ann")
    first = add_purchase(store, cid, dt.datetime(2026, 5, 1, 10), ("Kettle", 4500), receipt="R1")
    again = add_purchase(store, cid, dt.datetime(2026, 5, 1, 10), ("Kettle", 4500), receipt="R1")
    add_purchase(store, cid, dt.datetime(2026, 11, 1, 10), ("Kettle", 4500), ("Tea", 800))
    assert first is not None and again is None
    stats = store.purchases.stats(cid, TODAY, 180)
    assert stats.visits == 2
    assert stats.lifetime_spend_cents == 9800
    assert stats.first_visit == dt.datetime(2026, 5, 1, 10)
    assert stats.last_visit == dt.datetime(2026, 11, 1, 10)
    assert stats.visits_in_window == 1
    assert stats.spend_last_year_cents == 9800
    usual = store.purchases.usual_items(cid)
    assert [(u.item, u.times) for u in usual] == [("Kettle", 2)]


def test_recent_purchases_newest_first_with_their_lines(store: Store) -> None:
    cid = add_customer(store, "Ann")
    add_purchase(store, cid, dt.datetime(2026, 1, 1, 10), ("Old", 100))
    add_purchase(store, cid, dt.datetime(2026, 11, 1, 10), ("Phone", 90000), ("Case", 2500))
    recent = store.purchases.recent(cid)
    assert [p.items_summary for p in recent] == ["Phone, Case", "Old"]
    assert recent[0].total_cents == 92500


def test_card_orders_notes_and_follow_ups(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    store.notes.add(cid, "Old plain note", staff_id, created=dt.datetime(2026, 1, 1))
    store.notes.add(cid, "Pinned note", staff_id, pinned=True, created=dt.datetime(2025, 1, 1))
    store.notes.add(cid, "Newest note", staff_id, created=dt.datetime(2026, 11, 1))
    store.notes.add(
        cid,
        "Ask for ID with cheques",
        staff_id,
        kind=NoteKind.CAUTION,
        created=dt.datetime(2024, 1, 1),
    )
    store.follow_ups.add(cid, FollowUpKind.PROMISE, "Later", staff_id, TODAY + dt.timedelta(9))
    store.follow_ups.add(cid, FollowUpKind.CALL_BACK, "Undated", staff_id)
    store.follow_ups.add(cid, FollowUpKind.PROBLEM, "Overdue", staff_id, TODAY - dt.timedelta(3))
    done = store.follow_ups.add(cid, FollowUpKind.PROMISE, "Done", staff_id, TODAY)
    store.follow_ups.mark_done(done, staff_id)

    card = store.cards.assemble(cid, store.settings.load(), TODAY)
    assert [n.text for n in card.notes] == [
        "Ask for ID with cheques",
        "Pinned note",
        "Newest note",
        "Old plain note",
    ]
    assert card.notes[1].author == "Priya"
    assert [f.text for f in card.follow_ups] == ["Overdue", "Later", "Undated"]
    assert card.greeting.reason == "a problem to check on"


def test_follow_up_done_twice_is_refused(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    fid = store.follow_ups.add(cid, FollowUpKind.PROMISE, "Call", staff_id)
    store.follow_ups.mark_done(fid, staff_id)
    with pytest.raises(NotFound):
        store.follow_ups.mark_done(fid, staff_id)


@pytest.mark.parametrize(
    "text",
    ["card 4111 1111 1111 1111 on file", "4012-8888-8888-1881", "pays with 5555555555554444"],
)
def test_notes_refuse_card_numbers(store: Store, staff_id: int, text: str) -> None:
    cid = add_customer(store, "Ann")
    with pytest.raises(Invalid, match="payment card number"):
        store.notes.add(cid, text, staff_id)
    assert store.cards.assemble(cid, store.settings.load(), TODAY).notes == ()


def test_ordinary_numbers_in_notes_are_fine(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    store.notes.add(cid, "Order ref 1234567890123 arrives Friday; neck 15½", staff_id)
    assert store.cards.assemble(cid, store.settings.load(), TODAY).notes[0].text.startswith("Order")
