"""Which notes on other customers name a customer (for erasing them), and rewriting a note
without keeping what it said."""

from __future__ import annotations

from greeter.store import Store
from tests.helpers import add_customer


def test_a_name_another_customer_shares_is_not_taken_for_theirs(
    store: Store, staff_id: int
) -> None:
    aoife = add_customer(store, "Aoife", "Aoife Ní Bhriain")
    other_aoife = add_customer(store, "Aoife", "Aoife Byrne")
    ben = add_customer(store, "Ben", "Ben Walsh")
    full = store.notes.add(ben, "Buys for aoife ni bhriain", staff_id)
    family = store.notes.add(ben, "Knows the Bhriain family", staff_id)
    store.notes.add(ben, "Came in with Aoife", staff_id)  # which Aoife? Byrne is one too
    store.notes.add(aoife, "Her own note: Aoife Ní Bhriain", staff_id)  # erased with her
    retired = store.notes.add(other_aoife, "Sister of Aoife Ní Bhriain", staff_id)
    store.notes.retire(retired, staff_id)
    edited = store.notes.add(other_aoife, "Friend of Ms Ní Bhriain", staff_id)
    store.notes.edit(edited, "Friend of a regular", staff_id)

    found = store.notes.naming(aoife)

    assert [(m.note_id, m.customer_id, m.in_text, m.retired) for m in found] == [
        (retired, other_aoife, True, True),
        (edited, other_aoife, False, False),
        (full, ben, True, False),
        (family, ben, True, False),
    ]
    assert found[1].excerpt == "…of Ms Ní Bhriain" and found[1].earlier_versions == 1


def test_a_first_name_nobody_else_has_is_taken_for_theirs(store: Store, staff_id: int) -> None:
    aoife = add_customer(store, "Aoife", "Aoife Ní Bhriain")
    ben = add_customer(store, "Ben", "Ben Walsh")
    note = store.notes.add(ben, "Came in with AOIFE", staff_id)

    assert [(m.note_id, m.excerpt) for m in store.notes.naming(aoife)] == [
        (note, "Came in with AOIFE")
    ]
    # Sharing it with a customer added later makes it ambiguous.
    add_customer(store, "Aoife", "Aoife Byrne")
    assert store.notes.naming(aoife) == []


def test_forget_earlier_drops_every_earlier_version_and_keeps_a_retired_note_retired(
    store: Store, staff_id: int
) -> None:
    ben = add_customer(store, "Ben", "Ben Walsh")
    note = store.notes.add(ben, "Likes Zorblatt's shop", staff_id)
    store.notes.edit(note, "Likes Zorblatt's café", staff_id)
    store.notes.retire(note, staff_id)

    done = store.notes.forget_earlier(note, "Likes a local café", staff_id)

    assert (done.changed, done.versions, done.unwiped) == (True, 1, "")
    assert [v.text for v in store.notes.history(note)] == ["Likes a local café"]
    assert store.notes.all_for(ben) == () and store.notes.all_for(ben, retired=True)
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("shop.db*")).lower()
    assert b"zorblatt" not in raw
