"""Who and whom the audit trail names: the staff member a change was made for, not whoever
the store is acting as; and both customers of a link, each change recorded once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greeter.core.customer_form import CustomerChanges
from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.database import connect
from greeter.store.links import Links
from greeter.store.subject_access import collect
from tests.helpers import TODAY, add_customer
from tests.store.schema_fixtures import build_at

Said = tuple[str, str, str | None]  # who, action, table: what `greeter audit` shows


@pytest.fixture
def shop(store: Store) -> dict[str, int]:
    """Priya is on duty at the counter; Marcus serves Siobhán and her son Cillian."""
    priya = store.staff.add("Priya", "owner")
    marcus = store.staff.add("Marcus", "staff")
    store.actor_id = priya
    siobhan = add_customer(store, "Siobhán", "Siobhán Ó Briain")
    cillian = add_customer(store, "Cillian", "Cillian Ó Briain")
    return {"priya": priya, "marcus": marcus, "siobhan": siobhan, "cillian": cillian}


def newest(store: Store) -> int:
    return store.audit.entries(limit=1)[0].id


def trail(store: Store, after: int, customer_id: int | None = None) -> list[Said]:
    """The trail's entries after `after`, oldest first, for one customer or everyone."""
    return [
        (e.staff_name, e.action, e.table_name)
        for e in reversed(store.audit.entries(customer_id=customer_id, limit=None))
        if e.id > after
    ]


def test_a_promise_taken_and_closed_and_a_card_shown_by_marcus_are_marcuss(
    store: Store, shop: dict[str, int]
) -> None:
    siobhan, marcus = shop["siobhan"], shop["marcus"]
    start = newest(store)

    call = store.follow_ups.add(
        siobhan, FollowUpKind.CALL_BACK, "Ring when the Pixel arrives", marcus, TODAY
    )
    assert store.seen.record(siobhan, marcus)
    store.follow_ups.mark_done(call, marcus)
    assert store.seen.record(shop["cillian"])  # shown with nobody named: the one on duty

    assert trail(store, start, siobhan) == [
        ("Marcus", "insert", "follow_ups"),
        ("Marcus", "insert", "greetings"),
        ("Marcus", "update", "follow_ups"),
    ]
    assert trail(store, start, shop["cillian"]) == [("Priya", "insert", "greetings")]
    assert store.actor_id == shop["priya"]  # still on duty afterwards


def test_every_change_made_in_a_staff_members_name_is_theirs_in_the_trail(
    store: Store, shop: dict[str, int]
) -> None:
    siobhan, cillian, marcus = shop["siobhan"], shop["cillian"], shop["marcus"]
    duplicate = add_customer(store, "Siobhan", "Siobhan O'Brien")
    start = newest(store)

    note = store.notes.add(siobhan, "Likes the window seat", marcus)
    store.notes.edit(note, "Likes the aisle seat", marcus)
    store.notes.set_pinned(note, True, marcus)
    store.notes.confirm(note, marcus)
    store.notes.retire(note, marcus)
    call = store.follow_ups.add(siobhan, FollowUpKind.PROMISE, "Keep a case aside", marcus)
    store.follow_ups.edit(call, marcus, text="Keep the blue case aside")
    store.follow_ups.mark_done(call, marcus)
    store.follow_ups.reopen(call, marcus)
    store.seen.record(siobhan, marcus)
    shoe = store.preferences.add(siobhan, "Shoe size", "38", marcus)
    store.preferences.update(shoe, marcus, value="39")
    store.preferences.remove(shoe, marcus)
    day = store.occasions.add(siobhan, "Wedding anniversary", 6, 14, author_id=marcus)
    store.occasions.remove(day, marcus)
    store.tags.tag(siobhan, "wholesale", marcus)
    store.tags.untag(siobhan, "wholesale", marcus)
    link = store.links.add(siobhan, cillian, "mother of", marcus)
    store.links.remove(link, marcus)
    store.customers.update(siobhan, CustomerChanges(pronunciation="shi-VAWN"), "CA", marcus)
    store.merges.merge(siobhan, duplicate, marcus)

    said = trail(store, start)
    assert {who for who, _, _ in said} == {"Marcus"}
    assert {table for _, _, table in said} >= {
        "notes",
        "follow_ups",
        "greetings",
        "preferences",
        "occasions",
        "customer_tags",
        "customer_links",
        "customers",
        "merges",
    }


def test_a_link_is_on_both_customers_trails_and_in_the_whole_trail_once(
    store: Store, shop: dict[str, int]
) -> None:
    siobhan, cillian = shop["siobhan"], shop["cillian"]
    stranger = add_customer(store, "Ngozi")
    start = newest(store)

    link = store.links.add(siobhan, cillian, "mother of", shop["marcus"])
    store.links.remove(link, shop["priya"])

    both = [("Marcus", "insert", "customer_links"), ("Priya", "delete", "customer_links")]
    assert trail(store, start, siobhan) == both
    assert trail(store, start, cillian) == both
    assert trail(store, start) == both
    assert trail(store, start, stranger) == []
    for entry in store.audit.entries(customer_id=siobhan, limit=2):
        assert {entry.customer_id, entry.detail["other_customer"]} == {siobhan, cillian}


def test_a_link_moved_by_a_merge_is_on_both_customers_trails(
    store: Store, shop: dict[str, int]
) -> None:
    siobhan, cillian, marcus = shop["siobhan"], shop["cillian"], shop["marcus"]
    cillian_again = add_customer(store, "Cillian", "Cillian O Briain")
    store.links.add(siobhan, cillian_again, "mother of", marcus)
    start = newest(store)

    store.merges.merge(cillian, cillian_again, marcus)

    moved = ("Marcus", "update", "customer_links")
    assert moved in trail(store, start, siobhan)
    assert moved in trail(store, start, cillian)
    assert [lk.other_name for lk in store.links.for_customer(siobhan)] == ["Cillian"]


def test_either_customers_privacy_export_shows_the_link_and_who_made_it(
    store: Store, shop: dict[str, int]
) -> None:
    store.links.add(shop["siobhan"], shop["cillian"], "mother of", shop["marcus"])

    for customer_id in (shop["siobhan"], shop["cillian"]):
        data = collect(store.db, customer_id, "Bytown")
        said = [(a["readable"]["What"], a["by"]) for a in data["audit"]]
        assert ("Link to another customer added", "Marcus") in said, customer_id


def test_an_older_shops_link_removed_after_the_upgrade_is_on_both_trails(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    build_at(path, stop_before="0008_links_on_both_trails")  # Priya (1) and Zoë (1)
    old = connect(path, migrate=False)
    with old.conn:
        # The link triggers as the Greeter before this one made them: one customer each.
        for name, sql in list(
            old.execute(
                "SELECT name, sql FROM sqlite_master WHERE name LIKE 'audit__customer_links%'"
            )
        ):
            old.execute(f'DROP TRIGGER "{name}"')
            sql = re.sub(r"'other_customer', (NEW|OLD)\.\"from_id\",? ?", "", sql)
            old.execute(sql.replace("json_object()", "NULL"))
        old.execute(
            "INSERT INTO customers (preferred_name, full_name, pronunciation, created)"
            " VALUES ('Théo', 'Théo Lachance', '', '2024-03-14T10:30:00')"
        )
    link = Links(old).add(1, 2, "mother of", 1)
    old.close()

    store = Store(path)
    try:
        before = trail(store, 0, 1)
        store.links.remove(link, 1)

        # Made before the upgrade: on one customer's trail, as it was recorded then.
        assert ("Priya", "insert", "customer_links") in trail(store, 0, 2)
        assert ("Priya", "insert", "customer_links") not in before
        for customer_id in (1, 2):
            assert trail(store, 0, customer_id)[-1] == ("Priya", "delete", "customer_links")
    finally:
        store.close()
