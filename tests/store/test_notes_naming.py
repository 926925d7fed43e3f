"""Which notes on other customers, and records merged into them, name a customer (for
erasing them); rewriting a note without keeping what it said, and forgetting what a merged
record held."""

from __future__ import annotations

import pytest

from greeter.store import Store
from greeter.store.errors import MergedAway, NotFound
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


def _file_bytes(store: Store) -> bytes:
    return b"".join(p.read_bytes() for p in store.path.parent.glob("shop.db*")).lower()


def test_a_record_merged_into_another_customer_that_names_them_is_found_and_forgotten(
    store: Store, staff_id: int
) -> None:
    """Her second record was merged into Ben's by mistake: Ben's merge record keeps what it
    held, her name and how to say it. Erasing her does not reach it; it is listed, and
    forgetting it wipes it from the file, while Ben's merge stays on record."""
    aoife = add_customer(store, "Aoife", "Aoife Ní Bhriain")
    add_customer(store, "Aoife", "Aoife Byrne")  # "Aoife" alone could be either
    ben = add_customer(store, "Ben", "Ben Walsh", pronunciation="BEN")
    cara = add_customer(store, "Cara", "Cara Doyle")
    twin = add_customer(store, "Aoife", "Aoife Ní Bhriain", pronunciation="EE-fa nee VREE-in")
    kelly = add_customer(store, "Aoife", "Aoife Kelly")  # another Aoife altogether
    own = add_customer(store, "Aoife", "Aoife Ní Bhriain")  # goes with her: not listed
    store.merges.merge(ben, twin, staff_id)
    store.merges.merge(cara, kelly, staff_id)
    store.merges.merge(aoife, own, staff_id)

    found = store.merges.naming(aoife)

    assert [(m.merged_id, m.customer_id, m.excerpt) for m in found] == [
        (twin, ben, "Aoife Ní Bhriain")
    ]
    assert b"vree-in" in _file_bytes(store)

    done = store.merges.forget_held(twin, staff_id)

    assert (done.kept_id, done.changed, done.unwiped) == (ben, True, "")
    assert store.merges.naming(aoife) == []
    (record,) = store.merges.history(ben)
    assert (record.merged_id, record.snapshot) == (twin, {})
    with pytest.raises(MergedAway, match=f"merged into Ben Walsh \\(#{ben}\\)"):
        store.customers.get(twin)  # what the number became is still said
    store.erasures.erase(aoife)
    raw = _file_bytes(store)
    assert b"vree-in" not in raw and b"bhriain" not in raw
    assert not store.merges.forget_held(twin, staff_id).changed
    with pytest.raises(NotFound, match=f"No record numbered {cara} was merged"):
        store.merges.forget_held(cara, staff_id)


def test_records_merged_into_a_customer_go_with_them_when_they_are_erased(
    store: Store, staff_id: int
) -> None:
    aoife = add_customer(store, "Aoife", "Aoife Ní Bhriain")
    earlier = add_customer(store, "Zorblatt", "Aoife Ní Bhriain")  # her record from the till
    store.merges.merge(aoife, earlier, staff_id)
    assert b"zorblatt" in _file_bytes(store)

    store.erasures.erase(aoife)

    assert b"zorblatt" not in _file_bytes(store)
    with pytest.raises(NotFound, match=f"no customer with id {earlier}"):
        store.customers.get(earlier)  # the merge record is gone with her
