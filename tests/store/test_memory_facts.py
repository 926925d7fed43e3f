"""Preferences, links, occasions and tags round-trip and reach the card."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.card_dict import card_to_dict
from greeter.store import Store
from greeter.store.errors import Conflict, Invalid, NotFound
from tests.helpers import TODAY, add_customer, add_purchase


def test_preferences_add_update_remove(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ingrid")
    size = store.preferences.add(cid, "shoe size", "11", staff_id)
    neck = store.preferences.add(cid, "Neck", "15½", staff_id)
    assert store.preferences.add(cid, "Shoe Size", "11½", staff_id) == size  # same label
    store.preferences.update(neck, staff_id, value="16")
    assert [(p.label, p.value, p.author) for p in store.preferences.for_customer(cid)] == [
        ("Neck", "16", "Priya"),
        ("Shoe size", "11½", "Priya"),  # the label as first typed: only the value changed
    ]
    store.preferences.remove(size, staff_id)
    assert [p.id for p in store.preferences.for_customer(cid)] == [neck]
    with pytest.raises(Invalid):
        store.preferences.add(cid, "Colour", "  ", staff_id)
    with pytest.raises(Invalid, match="card number"):
        store.preferences.add(cid, "Card", "4111 1111 1111 1111", staff_id)
    with pytest.raises(NotFound):
        store.preferences.remove(size, staff_id)


def test_a_preference_typed_again_changes_in_place_and_the_audit_says_so(
    store: Store, staff_id: int
) -> None:
    cid = add_customer(store, "Lan")
    marcus = store.staff.add("Marcus", "staff")
    milk = store.preferences.add(cid, "Café", "oat", staff_id)
    assert store.preferences.add(cid, "CAFÉ", "soy", marcus) == milk  # caps lock: same label
    assert [(p.label, p.value, p.author) for p in store.preferences.for_customer(cid)] == [
        ("Café", "soy", "Marcus")  # the label kept as it was, in its own case
    ]
    changes = [
        (e.action, e.row_id, e.staff_name, e.detail.get("changed"))
        for e in store.audit.entries(customer_id=cid)
        if e.table_name == "preferences"
    ]
    assert changes[0][:3] == ("update", milk, "Marcus")  # not a delete and a new one
    assert "value" in changes[0][3] and "label" not in changes[0][3]
    assert len(changes) == 2


def test_a_label_typed_in_another_case_keeps_the_stored_one(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Théo")
    likes = store.preferences.add(cid, "Théo likes", "dinosaur stickers", staff_id)
    assert store.preferences.add(cid, "THÉO likes", "fire trucks", staff_id) == likes
    store.preferences.update(likes, staff_id, label="théo LIKES", value="trains")
    assert [(p.label, p.value) for p in store.preferences.for_customer(cid)] == [
        ("Théo likes", "trains")
    ]
    store.preferences.update(likes, staff_id, label="Théo loves")  # a new label: renamed
    assert [(p.label, p.value) for p in store.preferences.for_customer(cid)] == [
        ("Théo loves", "trains")
    ]


def test_a_preference_cannot_be_renamed_onto_another_label(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Lan")
    store.preferences.add(cid, "Milk", "oat", staff_id)
    shoe = store.preferences.add(cid, "Shoe size", "11", staff_id)
    with pytest.raises(Conflict, match="There is already “Milk: oat”. Change that one"):
        store.preferences.update(shoe, staff_id, label="milk", value="soy")
    assert [(p.label, p.value) for p in store.preferences.for_customer(cid)] == [
        ("Milk", "oat"),
        ("Shoe size", "11"),
    ]


def test_links_show_on_both_cards(store: Store, staff_id: int) -> None:
    ingrid = add_customer(store, "Ingrid", "Ingrid Müller")
    felix = add_customer(store, "Felix", "Felix Müller")
    link = store.links.add(ingrid, felix, "Mother of", staff_id)
    store.links.add(ingrid, felix, "buys for", staff_id)
    [mother, buys] = store.links.for_customer(ingrid)
    assert (mother.id, mother.outgoing, mother.other_id, mother.other_name) == (
        link,
        True,
        felix,
        "Felix",
    )
    assert (mother.wording, buys.wording) == ("mother of", "buys for")
    assert [lk.text() for lk in store.links.for_customer(felix)] == [
        "child of Ingrid",
        "Ingrid buys for them",
    ]
    with pytest.raises(Conflict):
        store.links.add(ingrid, felix, "mother of", staff_id)
    with pytest.raises(Invalid):
        store.links.add(ingrid, ingrid, "friend of", staff_id)
    with pytest.raises(NotFound):
        store.links.add(ingrid, 999, "friend of", staff_id)
    store.links.remove(link, staff_id)
    assert len(store.links.for_customer(felix)) == 1


def test_a_link_without_a_known_inverse_reads_naturally_on_both_cards(
    store: Store, staff_id: int
) -> None:
    kwame = add_customer(store, "Kwame")
    lan = add_customer(store, "Lan")
    ingrid = add_customer(store, "Ingrid")
    store.links.add(kwame, lan, "refers customers like", staff_id)
    store.links.add(ingrid, lan, "godmother of", staff_id)
    store.links.add(ingrid, lan, "mother of", staff_id)
    assert [lk.text() for lk in store.links.for_customer(kwame)] == ["refers customers like Lan"]
    assert [lk.text() for lk in store.links.for_customer(lan)] == [
        "Kwame refers customers like them",  # not Lan's own name on her own card
        "godmother: Ingrid",
        "child of Ingrid",
    ]
    card = card_to_dict(store.cards.assemble(lan, store.settings.load(), TODAY))
    assert [(k["text"], k["other_id"]) for k in card["links"]][0] == (
        "Kwame refers customers like them",
        kwame,
    )


def test_occasions_soonest_first(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    spring = store.occasions.add(cid, "Wedding anniversary", 4, 2, 2011, staff_id)
    soon = store.occasions.add(cid, "First visit", 11, 30)
    assert [o.id for o in store.occasions.for_customer(cid, TODAY)] == [soon, spring]
    assert store.occasions.for_customer(cid)[0].year == 2011
    with pytest.raises(Invalid):
        store.occasions.add(cid, "Nope", 2, 30)
    store.occasions.remove(spring, staff_id)
    assert [o.id for o in store.occasions.for_customer(cid)] == [soon]


def test_tags_by_hand_say_who_and_when(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    assert store.tags.tag(cid, "Wholesale", staff_id, when=dt.datetime(2026, 3, 3, 9))
    assert not store.tags.tag(cid, "wholesale", staff_id)
    store.tags.add(cid, ["Web shop"])  # as an import adds them: no who, no when
    tags = store.tags.for_customer(cid)
    assert [(t.name, t.tagged_by) for t in tags] == [("Web shop", ""), ("Wholesale", "Priya")]
    assert store.tags.untag(cid, "WHOLESALE", staff_id)
    assert not store.tags.untag(cid, "wholesale", staff_id)
    assert store.tags.of(cid) == ("Web shop",)


def test_the_card_carries_the_shops_memory(store: Store, staff_id: int) -> None:
    ingrid = add_customer(store, "Ingrid")
    felix = add_customer(store, "Felix")
    store.preferences.add(ingrid, "Neck", "15½", staff_id)
    store.links.add(ingrid, felix, "buys for", staff_id)
    store.occasions.add(ingrid, "Anniversary", 11, 25)
    store.tags.tag(ingrid, "Wholesale", staff_id, when=dt.datetime(2026, 3, 3, 9))
    store.notes.add(ingrid, "Buys his shirts", staff_id)
    card = store.cards.assemble(ingrid, store.settings.load(), TODAY)
    assert [p.value for p in card.preferences] == ["15½"]
    assert [(lk.wording, lk.other_id) for lk in card.links] == [("buys for", felix)]
    assert [o.label for o in card.occasions] == ["Anniversary"]
    assert [t.name for t in card.tags] == ["Wholesale"]
    [tag_badge] = [b for b in card.badges if b.manual]
    assert tag_badge.reason == "Wholesale: Tagged by Priya on 3 March 2026"
    data = card_to_dict(card)
    assert data["preferences"] == [{"id": 1, "label": "Neck", "value": "15½", "author": "Priya"}]
    assert data["links"][0]["wording"] == "buys for"
    assert data["links"][0]["other_name"] == "Felix"
    assert data["occasions"][0]["month"] == 11
    assert data["tags"][0]["tagged_by"] == "Priya"
    assert data["notes"][0]["stale"] is False and data["notes"][0]["earlier_versions"] == 0


def test_vip_is_the_top_percent_over_the_floor(store: Store) -> None:
    spends = [
        5000_00,
        3000_00,
        2000_00,
        1500_00,
        1200_00,
        900_00,
        500_00,
        300_00,
        200_00,
        100_00,
        50_00,
    ]
    ids = []
    for n, cents in enumerate(spends):
        cid = add_customer(store, f"C{n}")
        add_purchase(store, cid, dt.datetime(2026, 10, 1, 10), ("Thing", cents))
        ids.append(cid)
    settings = store.settings.load()  # top 10% of 11 spenders: 2 places; floor 1000
    vip = [
        cid
        for cid in ids
        if "VIP" in {b.name for b in store.cards.assemble(cid, settings, TODAY).badges}
    ]
    assert vip == ids[:2]
    # The threshold is kept for the day: a big spender today counts from tomorrow.
    assert store.db.execute("SELECT value FROM rule_cache").fetchone()[0] == 3000_00
    add_purchase(store, ids[4], dt.datetime(2026, 11, 22, 10), ("Big", 4000_00))
    assert store.spend.vip_threshold(TODAY, 10) == 3000_00
    tomorrow = TODAY + dt.timedelta(days=1)
    assert store.spend.vip_threshold(tomorrow, 10) == 5000_00  # 5,200 and 5,000 lead
    everyone = settings.with_value("vip_top_percent", "100")
    assert "VIP" in {b.name for b in store.cards.assemble(ids[4], everyone, TODAY).badges}


def _spenders(store: Store) -> list[int]:
    ids = []
    for n, cents in enumerate([5000_00, 3000_00, 2000_00, 900_00, 100_00]):
        ids.append(add_customer(store, f"C{n}"))
        add_purchase(store, ids[-1], dt.datetime(2026, 10, 1, 10), ("Thing", cents))
    return ids


def test_the_window_makes_do_with_the_last_days_vip_line_while_todays_is_worked_out(
    store: Store,
) -> None:
    _spenders(store)
    yesterday = TODAY - dt.timedelta(days=1)
    assert store.spend.vip_threshold(yesterday, 20) == 5000_00  # top 20%: one of five
    add_purchase(store, 4, dt.datetime(2026, 11, 21, 10), ("Big", 9000_00))  # C3 leads now
    asked: list[tuple[dt.date, int]] = []
    store.spend.work_out_elsewhere = lambda day, percent: asked.append((day, percent))

    assert store.spend.vip_threshold(TODAY, 20) == 5000_00  # yesterday's, at once
    assert asked == [(TODAY, 20)]
    assert not store.spend.is_current(TODAY, 20)

    store.spend.remember(TODAY, 20, store.spend.refresh(TODAY, 20))  # as a worker would
    assert store.spend.vip_threshold(TODAY, 20) == 9900_00
    assert store.spend.is_current(TODAY, 20)
    assert asked == [(TODAY, 20)]


@pytest.mark.parametrize("before", [None, 10], ids=["nothing-kept", "other-percent"])
def test_without_a_last_line_to_make_do_with_it_is_worked_out_at_once(
    store: Store, before: int | None
) -> None:
    _spenders(store)
    if before is not None:
        store.spend.vip_threshold(TODAY - dt.timedelta(days=1), before)
    asked: list[object] = []
    store.spend.work_out_elsewhere = lambda day, percent: asked.append(day)

    assert store.spend.vip_threshold(TODAY, 20) == 5000_00
    assert asked == []
