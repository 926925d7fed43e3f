"""Notes keep their versions, go stale, are confirmed or retired, and never hold card numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.guard import sensitive_words_in
from greeter.core.models import NoteKind
from greeter.store import Store
from greeter.store.errors import Invalid, NotFound
from tests.helpers import TODAY, add_customer


def test_an_edit_keeps_every_earlier_version(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    sam = store.staff.add("Sam")
    note_id = store.notes.add(cid, "Likes blue", staff_id, created=dt.datetime(2025, 1, 1, 9))
    assert store.notes.edit(note_id, "Likes navy blue", sam, when=dt.datetime(2025, 6, 1, 9))
    assert store.notes.edit(
        note_id,
        "Likes navy, not black",
        staff_id,
        kind=NoteKind.PREFERENCE,
        when=dt.datetime(2026, 1, 1, 9),
    )
    assert not store.notes.edit(note_id, "Likes navy,  not black", staff_id)  # no change

    history = store.notes.history(note_id)
    assert [(v.text, v.author, v.written.date().isoformat(), v.kind) for v in history] == [
        ("Likes blue", "Priya", "2025-01-01", NoteKind.GENERAL),
        ("Likes navy blue", "Sam", "2025-06-01", NoteKind.GENERAL),
        ("Likes navy, not black", "Priya", "2026-01-01", NoteKind.PREFERENCE),
    ]
    note = store.notes.get(note_id)
    assert (note.author, note.edited_by, note.earlier_versions) == ("Priya", "Priya", 2)
    assert note.created == dt.datetime(2025, 1, 1, 9)


def test_a_note_keeps_its_line_breaks_and_loses_stray_whitespace(
    store: Store, staff_id: int
) -> None:
    cid = add_customer(store, "Ann")
    typed = "\r\n  Sizes:\r\n  shirt  16 / 34\r\n\r\n\r\n\tAsk about Tom.  \n\n"
    note_id = store.notes.add(cid, typed, staff_id)
    assert store.notes.get(note_id).text == "Sizes:\nshirt 16 / 34\n\nAsk about Tom."
    assert store.notes.has_text(cid, "Sizes:\r\nshirt 16 / 34\r\n\r\nAsk about Tom.")
    # A note stored on one line, as before line breaks were kept, is the same note.
    store.notes.add(cid, "Likes the big mugs, and oolong.", staff_id)
    assert store.notes.has_text(cid, "Likes the big mugs,\nand oolong.")


def test_card_numbers_are_refused_on_edit_too(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    note_id = store.notes.add(cid, "Pays by card", staff_id)
    with pytest.raises(Invalid, match="payment card number"):
        store.notes.edit(note_id, "Card 4111 1111 1111 1111", staff_id)
    assert store.notes.history(note_id)[-1].text == "Pays by card"


def test_sensitive_words_warn_but_the_store_saves(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    text = "Back from hospital, be gentle"
    note_id = store.notes.add(cid, text, staff_id)
    assert store.notes.get(note_id).text == text
    assert sensitive_words_in(text, store.settings.load().sensitive_words) == ["hospital"]


def test_stale_notes_are_confirmed_or_retired(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    old = store.notes.add(cid, "Has a beagle", staff_id, created=dt.datetime(2025, 1, 2, 9))
    fresh = store.notes.add(cid, "Likes tea", staff_id, created=dt.datetime(2026, 11, 1, 9))
    gone = store.notes.add(cid, "Lives on Elm St", staff_id, created=dt.datetime(2024, 1, 1))

    def stale() -> dict[int, bool]:
        return {n.id: n.stale for n in store.notes.for_card(cid, today=TODAY, stale_days=365)}

    assert stale() == {old: True, fresh: False, gone: True}
    store.notes.confirm(old, staff_id, when=dt.datetime(2026, 11, 20, 9))
    store.notes.retire(gone, staff_id)
    assert stale() == {old: False, fresh: False}
    assert store.notes.get(old).confirmed_by == "Priya"
    assert [n.id for n in store.notes.all_for(cid, retired=True)] == [gone]
    with pytest.raises(Invalid, match="retired"):
        store.notes.edit(gone, "Lives on Oak St", staff_id)
    with pytest.raises(NotFound):
        store.notes.confirm(999, staff_id)


def test_the_card_marks_stale_notes_with_the_shops_setting(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    store.notes.add(cid, "Has a beagle", staff_id, created=dt.datetime(2026, 6, 1, 9))
    settings = store.settings.set("note_stale_days", "100")
    [note] = store.cards.assemble(cid, settings, TODAY).notes
    assert note.stale
    [note] = store.cards.assemble(cid, settings.with_value("note_stale_days", "0"), TODAY).notes
    assert not note.stale


def test_pinning_and_cautions_first(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    plain = store.notes.add(cid, "Plain", staff_id, created=dt.datetime(2026, 11, 2))
    pinned = store.notes.add(cid, "Later pinned", staff_id, created=dt.datetime(2026, 1, 1))
    caution = store.notes.add(
        cid, "Ask for ID", staff_id, kind=NoteKind.CAUTION, created=dt.datetime(2020, 1, 1)
    )
    store.notes.set_pinned(pinned, True, staff_id)
    assert [n.id for n in store.notes.for_card(cid)] == [caution, pinned, plain]
