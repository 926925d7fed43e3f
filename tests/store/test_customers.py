"""Customers round-trip, are found by card, phone and email, and card codes are unique."""

from __future__ import annotations

import pytest

from greeter.core.models import Birthday
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.errors import Conflict, Invalid, NotFound
from tests.helpers import add_customer


def test_customer_round_trip(store: Store) -> None:
    cid = add_customer(
        store,
        "Siobhán",
        "Siobhán Ó Briain",
        phone="613-555-0147",
        email="SIO@example.com",
        card="bg-100017",
        birthday=Birthday(3, 17, 1984),
        pronunciation="shiv-AWN",
    )
    customer = store.customers.get(cid)
    assert customer.preferred_name == "Siobhán"
    assert customer.full_name == "Siobhán Ó Briain"
    assert customer.pronunciation == "shiv-AWN"
    assert customer.birthday == Birthday(3, 17, 1984)
    assert store.customers.phones(cid)[0].e164 == "+16135550147"
    assert store.customers.phones(cid)[0].display == "613-555-0147"
    assert store.customers.emails(cid) == ("sio@example.com",)
    assert store.customers.cards(cid) == ("BG-100017",)


def test_found_by_card_phone_and_email(store: Store) -> None:
    cid = add_customer(
        store, "Lisa", "Lisa Marsh", phone="613 555 0123", email="lisa@example.com", card="BG-1"
    )
    assert store.customers.find_by_card(" bg-1 ") == cid
    assert store.customers.find_by_phone("+16135550123") == [cid]
    assert store.customers.find_by_email("LISA@example.com") == [cid]
    assert store.customers.find_by_card("BG-2") is None


def test_a_card_code_belongs_to_one_customer(store: Store) -> None:
    first = add_customer(store, "Ann", card="BG-7")
    second = add_customer(store, "Bea")
    with pytest.raises(Conflict, match=rf"already belongs to Ann \(#{first}\)"):
        store.customers.add_card(second, "bg-7")
    assert store.customers.cards(second) == ()


def test_a_clash_names_the_customer_who_has_the_card_or_id(store: Store) -> None:
    # Staff don't know customer numbers: the message says who, as the card shows them.
    kwame = add_customer(store, "Kwame", "Kwame Asante", card="BG-100023")
    ann = add_customer(store, "Ann")  # no full name: the name she goes by
    store.customers.add_identifier(ann, "shopify", "4471")
    bea = add_customer(store, "Bea")
    with pytest.raises(Conflict) as clash:
        store.customers.add_card(bea, " bg-100023 ")
    assert str(clash.value) == f"Card BG-100023 already belongs to Kwame Asante (#{kwame})."
    with pytest.raises(Conflict) as clash:
        store.customers.add_identifier(bea, "shopify", "4471")
    assert str(clash.value) == f"shopify id 4471 already belongs to Ann (#{ann})."
    assert store.customers.identifiers(bea) == ()


def test_a_card_for_a_customer_who_is_gone_says_so(store: Store) -> None:
    with pytest.raises(NotFound, match="There is no customer with id 404."):
        store.customers.add_card(404, "BG-404")  # erased in another window meanwhile
    assert store.customers.find_by_card("BG-404") is None


def test_a_customer_needs_a_name(store: Store) -> None:
    with pytest.raises(Invalid):
        store.customers.add(NewCustomer("   "))
    assert store.customers.count() == 0


def test_a_failed_add_writes_nothing(store: Store) -> None:
    add_customer(store, "Ann", card="BG-7")
    with pytest.raises(Conflict):
        add_customer(store, "Bea", phone="613 555 0100", card="BG-7")
    assert store.customers.count() == 1
    assert store.customers.find_by_phone("+16135550100") == []


def test_unknown_customer(store: Store) -> None:
    with pytest.raises(NotFound):
        store.customers.get(404)


def test_names_are_cleaned(store: Store) -> None:
    cid = add_customer(store, "  Zoe\u0308\u202e  ", "Zoë   O'Brien")
    assert store.customers.get(cid).preferred_name == "Zoë"
    assert store.customers.get(cid).full_name == "Zoë O'Brien"
