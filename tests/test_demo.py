"""The demo shop loads whole, tells each of its service stories, and never overwrites a file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from greeter.core.models import Card, FollowUpKind, NoteKind
from greeter.demo import load_demo, write_demo
from greeter.recognise import recognise
from greeter.store import Store
from greeter.store.errors import Conflict

TODAY = dt.date(2025, 6, 11)  # a Wednesday


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "demo.db")
    load_demo(store, TODAY)
    yield store
    store.close()


def card_for(store: Store, text: str) -> Card:
    """The card of the one customer that `text` (card, phone, email or name) recognises."""
    settings = store.settings.load()
    found = recognise(store, text, settings)
    if not found.recognised:
        assert len(found.candidates) == 1, (text, found)
        return store.cards.assemble(found.candidates[0].customer_id, settings, TODAY)
    assert found.customer_id is not None
    return store.cards.assemble(found.customer_id, settings, TODAY)


def all_cards(store: Store) -> list[Card]:
    settings = store.settings.load()
    return [
        store.cards.assemble(customer_id, settings, TODAY)
        for customer_id in range(1, store.customers.count() + 1)
    ]


def badges(card: Card) -> set[str]:
    return {badge.name for badge in card.badges}


def open_kinds(card: Card) -> list[FollowUpKind]:
    return [f.kind for f in card.follow_ups]


def counts(store: Store) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("customers", "purchases", "notes", "follow_ups", "staff")
    }


def test_the_demo_is_a_canadian_shop_of_about_forty_customers(store: Store) -> None:
    settings = store.settings.load()
    assert (settings.region, settings.currency, settings.locale) == ("CA", "CAD", "en_CA")
    assert 35 <= store.customers.count() <= 45
    assert {s.role for s in store.staff.all()} == {"owner", "manager", "staff"}


def test_the_jewellery_artist_is_recognised_by_phone_in_any_format(store: Store) -> None:
    card = card_for(store, "+1 613.555.0142")
    assert card.customer.preferred_name == "Siobhán"
    assert card.customer.pronunciation.startswith("shiv-AWN")
    assert card.phones[0].display == "(613) 555-0142"  # national: the way the card shows phones
    assert card_for(store, "bg-100017").customer.id == card.customer.id

    pinned = [n for n in card.notes if n.pinned]
    assert any("“miss”" in n.text for n in pinned)
    assert any("Pixel" in n.text for n in card.notes)
    assert open_kinds(card)[0] is FollowUpKind.RESERVED  # most urgent first: due today
    assert any("activate" in f.text.lower() for f in card.follow_ups)
    assert card.greeting.reason == "a reserved item is waiting"


def test_the_business_owner_is_promised_the_next_shipments_first_laptop(store: Store) -> None:
    card = card_for(store, "Kwame Asante")
    [promise] = [f for f in card.follow_ups if f.kind is FollowUpKind.PROMISE]
    assert "first" in promise.text and "next shipment" in promise.text
    assert promise.due is not None and promise.due > TODAY
    assert "ThinkPad X1 Carbon Gen 12" in card.recent_purchases[0].items_summary
    assert "VIP" in badges(card)


def test_the_pool_and_spa_owner_buys_for_her_store(store: Store) -> None:
    card = card_for(store, "lan@example.org")
    assert card.customer.full_name == "Nguyễn Thị Lan"
    assert any("Rideau Pools & Spas" in n.text for n in card.notes if n.pinned)
    assert any("greet" in n.text for n in card.notes)
    assert {"Regular", "VIP"} <= badges(card)
    assert card.usual_items[0].item.startswith("Floating Bluetooth pool speaker")


def test_the_new_switcher_is_checked_on(store: Store) -> None:
    card = card_for(store, "jose")  # accents are optional when typing
    assert card.customer.preferred_name == "José"
    assert FollowUpKind.PROBLEM in open_kinds(card)
    assert any("photos off his camera" in n.text for n in card.notes)
    assert card.greeting.reason == "a problem to check on"
    assert "New" in badges(card)


def test_the_parent_keeps_her_sons_sizes_and_the_tie_he_liked(store: Store) -> None:
    card = card_for(store, "Ingrid Müller")
    preferences = " ".join(n.text for n in card.notes if n.kind is NoteKind.PREFERENCE)
    assert "neck 15½" in preferences and "sleeve 34" in preferences
    assert "navy knit" in preferences
    assert "Dress shirt" in card.recent_purchases[0].items_summary
    (link,) = card.links
    assert (link.wording, link.other_name) == ("buys for", "Felix")
    felix = store.cards.assemble(link.other_id, store.settings.load(), TODAY)
    sizes = {p.label: p.value for p in felix.preferences}
    assert sizes["Neck"] == "15½" and sizes["Sleeve"] == "34"


def test_the_regular_with_a_toddler_who_likes_the_stickers(store: Store) -> None:
    card = card_for(store, "zoe")
    assert card.customer.preferred_name == "Zoë"
    assert any("stickers" in n.text for n in card.notes if n.pinned)
    assert "Regular" in badges(card)


def test_the_customer_with_an_open_problem_is_owed_an_overdue_call(store: Store) -> None:
    card = card_for(store, "Dvořák")
    [call] = [f for f in card.follow_ups if f.kind is FollowUpKind.CALL_BACK]
    assert call.is_overdue(TODAY)
    assert call.taken_by == "Marcus Osei"
    assert call in store.follow_ups.due_by(TODAY)
    assert any("Complaint" in n.text for n in card.notes)


def test_every_badge_and_a_caution_appear_somewhere(store: Store) -> None:
    cards = all_cards(store)
    by_badge = {name: [c for c in cards if name in badges(c)] for name in ("Birthday", "Lapsed")}
    assert [c.customer.preferred_name for c in by_badge["Birthday"]] == ["Aiko"]
    assert [c.customer.preferred_name for c in by_badge["Lapsed"]] == ["Paddy"]
    assert {"Regular", "VIP", "New"} <= set().union(*(badges(c) for c in cards))

    newest = card_for(store, "Fatima")
    assert newest.stats.first_visit is not None
    assert (TODAY - newest.stats.first_visit.date()).days == 5
    assert newest.stats.visits == 1

    oldest = min(c.stats.first_visit for c in cards if c.stats.first_visit)
    assert (TODAY - oldest.date()).days > 365

    cautions = [n for c in cards for n in c.notes if n.kind is NoteKind.CAUTION]
    assert len(cautions) == 1 and "cheque" in cautions[0].text


def test_done_follow_ups_say_who_did_them(store: Store) -> None:
    done = store.db.execute(
        "SELECT count(*) FROM follow_ups WHERE status = 'done' AND done_by_id IS NOT NULL "
        "AND done_at < ?",
        [TODAY.isoformat()],
    ).fetchone()[0]
    assert done >= 3


def test_dates_follow_the_day_the_demo_is_loaded(tmp_path: Path) -> None:
    later = TODAY + dt.timedelta(days=400)
    store = Store(tmp_path / "later.db")
    try:
        load_demo(store, later)
        card = store.cards.assemble(1, store.settings.load(), later)
        assert card.greeting.reason == "a reserved item is waiting"
        assert card.recent_purchases[0].purchased_at.date() == later - dt.timedelta(days=20)
    finally:
        store.close()


def test_a_failed_load_leaves_the_store_as_it_was(store: Store) -> None:
    store.settings.set("shop_name", "Chez Nous")
    before = counts(store)

    # The second load gets as far as adding a customer, then meets a card code in use.
    with pytest.raises(Conflict, match="BG-100017"):
        load_demo(store, TODAY)

    assert counts(store) == before
    assert store.settings.load().shop_name == "Chez Nous"
    assert not store.db.conn.in_transaction


def test_write_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.write_bytes(b"the real shop")
    with pytest.raises(Conflict, match="already exists"):
        write_demo(path)
    assert path.read_bytes() == b"the real shop"


def test_the_demo_command_writes_a_new_file_only(tmp_path: Path) -> None:
    out = tmp_path / "d.db"
    command = [sys.executable, "-m", "greeter", "demo", "--out", str(out)]

    first = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "wrote the demo shop (42 customers)" in first.stdout
    store = Store(out)
    try:
        assert store.customers.count() == 42
    finally:
        store.close()

    second = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert "already exists" in second.stderr
