"""Merging two records of one customer loses nothing and recomputes every figure."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greeter.core.models import Birthday, FollowUpKind
from greeter.store import Store
from greeter.store.errors import Conflict, Invalid, NotFound
from tests.helpers import TODAY, add_customer, add_purchase

CHILD_TABLES = (
    "purchases",
    "purchase_lines",
    "notes",
    "note_versions",
    "follow_ups",
    "identifiers",
    "preferences",
    "occasions",
    "consents",
    "greetings",
)


def totals(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CHILD_TABLES}


def figures(store: Store, cid: int) -> tuple[object, ...]:
    return tuple(
        store.db.execute(
            "SELECT visits, lifetime_spend_cents, first_visit, last_visit, search_rank"
            " FROM customers WHERE id = ?",
            [cid],
        ).fetchone()
    )


def from_scratch(store: Store, cid: int) -> tuple[object, ...]:
    """The survivor's figures recomputed in Python from its purchases."""
    purchases = list(
        store.db.execute(
            "SELECT purchased_at, total_cents FROM purchases WHERE customer_id = ?", [cid]
        )
    )
    stamps = [p[0] for p in purchases]
    last = max(stamps) if stamps else None
    return (
        len(purchases),
        sum(p[1] for p in purchases),
        min(stamps) if stamps else None,
        last,
        dt.datetime.fromisoformat(last).toordinal() if last else 0,
    )


def items(store: Store, cid: int) -> dict[str, tuple[float, int, str]]:
    return {
        r[0]: (r[1], r[2], r[3])
        for r in store.db.execute(
            "SELECT item, quantity, times, last_bought FROM customer_items WHERE customer_id = ?",
            [cid],
        )
    }


def items_from_scratch(store: Store, cid: int) -> dict[str, tuple[float, int, str]]:
    found: dict[str, tuple[float, int, str]] = {}
    for item, qty, at in store.db.execute(
        "SELECT l.item, l.quantity, p.purchased_at FROM purchase_lines l"
        " JOIN purchases p ON p.id = l.purchase_id WHERE p.customer_id = ?",
        [cid],
    ):
        q, times, last = found.get(item, (0.0, 0, ""))
        found[item] = (q + qty, times + 1, max(last, at))
    return found


def test_merge_moves_everything_and_records_the_other(store: Store, staff_id: int) -> None:
    keep = add_customer(store, "Lisa", phone="613-555-0123", card="BG-1")
    other = add_customer(
        store,
        "Lisa",
        "Lisa Marsh",
        phone="613-555-0123",
        email="lisa@example.com",
        card="BG-2",
        birthday=Birthday(3, 17),
    )
    felix = add_customer(store, "Felix")
    add_purchase(store, keep, dt.datetime(2026, 1, 1, 10), ("Tea", 500))
    add_purchase(store, other, dt.datetime(2025, 6, 1, 10), ("Tea", 700), ("Cup", 900))
    note = store.notes.add(other, "Likes tea", staff_id)
    store.notes.edit(note, "Likes green tea", staff_id)
    store.follow_ups.add(other, FollowUpKind.CALL_BACK, "Ring her", staff_id)
    store.tags.tag(keep, "Wholesale", staff_id)
    store.tags.tag(other, "wholesale", staff_id)
    store.tags.tag(other, "Web", staff_id)
    store.preferences.add(other, "Size", "M", staff_id)
    store.occasions.add(other, "Anniversary", 5, 5)
    store.links.add(other, felix, "mother of", staff_id)
    store.links.add(keep, other, "same household as", staff_id)
    store.consents.record(other, "email", True, "counter")
    store.seen.record(other, staff_id)

    result = store.merges.merge(keep, other, staff_id)

    assert not store.customers.exists(other)
    assert result.filled == ("full name", "birthday")
    assert store.customers.get(keep).full_name == "Lisa Marsh"
    assert result.moved["purchases"] == 1 and result.moved["customer_emails"] == 1
    assert result.dropped == {"customer_phones": 1, "customer_links": 1}
    assert [p.e164 for p in store.customers.phones(keep)] == ["+16135550123"]
    assert store.customers.cards(keep) == ("BG-1", "BG-2")
    assert store.customers.find_by_email("lisa@example.com") == [keep]
    assert store.tags.of(keep) == ("Web", "Wholesale")
    assert [n.text for n in store.notes.for_card(keep)] == ["Likes green tea"]
    assert len(store.notes.history(note)) == 2
    assert [lk.wording for lk in store.links.for_customer(felix)] == ["child of"]
    assert store.consents.latest(keep, "email") is True
    assert figures(store, keep) == from_scratch(store, keep)
    assert items(store, keep)["Tea"][1] == 2
    assert [h.customer_id for h in store.names.search(["marsh"])] == [keep]
    card = store.cards.assemble(keep, store.settings.load(), TODAY)
    assert card.stats.visits == 2 and card.stats.lifetime_spend_cents == 2100

    [record] = store.merges.history(keep)
    assert (record.merged_id, record.by) == (other, "Priya")
    assert record.snapshot["customer"]["full_name"] == "Lisa Marsh"
    assert record.snapshot["dropped"]["customer_links"][0]["label"] == "same household as"


def test_merge_refuses_itself_and_strangers(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    with pytest.raises(Invalid, match="themselves"):
        store.merges.merge(cid, cid, staff_id)
    with pytest.raises(NotFound):
        store.merges.merge(cid, 404, staff_id)
    assert store.customers.exists(cid)


def test_merge_follows_tables_added_later(store: Store, staff_id: int) -> None:
    store.db.execute(
        "CREATE TABLE loyalty_points (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL"
        " REFERENCES customers(id) ON DELETE CASCADE, points INTEGER)"
    )
    keep, other = add_customer(store, "A"), add_customer(store, "B")
    store.db.execute("INSERT INTO loyalty_points (customer_id, points) VALUES (?, 40)", [other])
    store.merges.merge(keep, other, staff_id)
    assert store.db.execute("SELECT customer_id, points FROM loyalty_points").fetchall() == [
        (keep, 40)
    ]


customers = st.lists(
    st.fixed_dictionaries(
        {
            "purchases": st.lists(
                st.tuples(
                    st.integers(0, 800),
                    st.sampled_from(["Tea", "Cup", "Kettle"]),
                    st.integers(1, 90000),
                ),
                max_size=4,
            ),
            "notes": st.lists(st.booleans(), max_size=3),  # True: edited once
            "follow_ups": st.integers(0, 2),
            "phone": st.sampled_from([None, "613-555-0101", "613-555-0102"]),
            "tags": st.sets(st.sampled_from(["VIP", "vip", "Web", "Trade"]), max_size=2),
            "preferences": st.integers(0, 2),
            "occasions": st.integers(0, 1),
            "seen": st.booleans(),
        }
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=customers,
    pick=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    links=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=4),
)
def test_merge_loses_nothing_and_recomputes_every_figure(
    people: list[dict[str, object]],
    pick: tuple[int, int],
    links: list[tuple[int, int]],
) -> None:
    keep_n, other_n = pick[0] % len(people), pick[1] % len(people)
    if keep_n == other_n:
        other_n = (keep_n + 1) % len(people)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "shop.db")
        try:
            staff = store.staff.add("Priya", "owner")
            ids = _fill(store, staff, people, links)
            keep, other = ids[keep_n], ids[other_n]
            before = totals(store)
            phones = {
                r[0]
                for r in store.db.execute(
                    "SELECT e164 FROM customer_phones WHERE customer_id IN (?, ?)", [keep, other]
                )
            }
            tags = {t.lower() for cid in (keep, other) for t in store.tags.of(cid)}
            links_before = store.db.execute("SELECT count(*) FROM customer_links").fetchone()[0]

            result = store.merges.merge(keep, other, staff)

            assert totals(store) == before
            assert not store.customers.exists(other)
            assert {p.e164 for p in store.customers.phones(keep)} == phones
            assert {t.lower() for t in store.tags.of(keep)} == tags
            links_after = store.db.execute("SELECT count(*) FROM customer_links").fetchone()[0]
            assert links_after + result.dropped.get("customer_links", 0) == links_before
            assert figures(store, keep) == from_scratch(store, keep)
            assert items(store, keep) == items_from_scratch(store, keep)
            assert (
                store.db.execute(
                    "SELECT count(*) FROM name_terms WHERE customer_id = ?", [other]
                ).fetchone()[0]
                == 0
            )
            snapshot = json.loads(store.db.execute("SELECT snapshot FROM merges").fetchone()[0])
            assert snapshot["customer"]["id"] == other
            assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            store.close()


def _fill(
    store: Store, staff: int, people: list[dict[str, object]], links: list[tuple[int, int]]
) -> list[int]:
    ids: list[int] = []
    for n, person in enumerate(people):
        phone = person["phone"]
        cid = add_customer(store, f"Person{n}", f"Person{n} Example", phone=phone)  # type: ignore[arg-type]
        ids.append(cid)
        for k, (days, item, cents) in enumerate(person["purchases"]):  # type: ignore[attr-defined]
            when = dt.datetime(2026, 11, 1, 10) - dt.timedelta(days=days, minutes=k)
            add_purchase(store, cid, when, (item, cents), receipt=f"R{n}-{k}")
        for k, edited in enumerate(person["notes"]):  # type: ignore[attr-defined]
            note = store.notes.add(cid, f"Note {k}", staff)
            if edited:
                store.notes.edit(note, f"Note {k}, edited", staff)
        for k in range(person["follow_ups"]):  # type: ignore[call-overload]
            store.follow_ups.add(cid, FollowUpKind.PROMISE, f"Promise {k}", staff, TODAY)
        for tag in person["tags"]:  # type: ignore[attr-defined]
            store.tags.tag(cid, tag, staff)
        for k in range(person["preferences"]):  # type: ignore[call-overload]
            store.preferences.add(cid, f"Label {k}", "value", staff)
        for _ in range(person["occasions"]):  # type: ignore[call-overload]
            store.occasions.add(cid, "Anniversary", 5, 5)
        if person["seen"]:
            store.seen.record(cid, staff)
        store.consents.record(cid, "email", n % 2 == 0, "test")
    for a, b in links:
        a, b = a % len(ids), b % len(ids)
        if a != b:
            try:
                store.links.add(ids[a], ids[b], "friend of", staff)
            except Conflict:  # the same link twice
                pass
    return ids
