"""Who the card treats as new: counted from "customer since", and never someone a till's or
web shop's file brought in, whatever the day of the import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.core.customer_form import CustomerDraft
from greeter.core.models import Card
from greeter.store import Store
from greeter.store.database import connect
from greeter.store.subject_access import collect
from tests.helpers import add_customer, add_purchase
from tests.store.schema_fixtures import build_at
from tests.till.csv_files import load, write_csv

SHOPIFY = ["First Name", "Last Name", "Email", "Accepts Email Marketing", "Phone", "Tax Exempt"]


def card_on_the_day_added(store: Store, customer_id: int) -> Card:
    """The card on the day the customer was added (the import's or the counter's day)."""
    added = store.customers.get(customer_id).created.date()
    return store.cards.assemble(customer_id, store.settings.load(), added)


def badges(card: Card) -> set[str]:
    return {b.name for b in card.badges}


def import_bob_from_shopify(store: Store, tmp_path: Path) -> int:
    """Bob, from Shopify's customer export, which has no "created" column: added today."""
    path = write_csv(
        tmp_path / "customers_export.csv",
        SHOPIFY,
        [["Bob", "Smith", "bob@example.com", "no", "613-555-0199", "no"]],
    )
    assert load(store, path, "customers").new == 1
    return store.customers.find_by_email("bob@example.com")[0]


def test_a_web_shop_customer_imported_today_is_not_met_as_someone_new(
    store: Store, tmp_path: Path
) -> None:
    bob = import_bob_from_shopify(store, tmp_path)

    card = card_on_the_day_added(store, bob)
    assert card.greeting.text == "Hello Bob, good to see you!"  # not "Lovely to meet you"
    assert "New" not in badges(card)


def test_a_customer_added_at_the_counter_today_is_new(store: Store) -> None:
    # A loyalty card handed over at the counter is no sign of an import.
    draft = CustomerDraft("Britt", "Britt Berg", cards=("BG-200001",))
    britt = store.customers.create(draft, "CA")

    card = card_on_the_day_added(store, britt)
    assert card.greeting.text == "Welcome, Britt! Lovely to meet you."
    assert "New" in badges(card)


def test_a_till_customer_since_2019_is_not_new_for_a_first_sale_recorded_here(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till-customers.csv",
        ["Customer ID", "Name", "Phone", "Customer since"],
        [["C-1042", "Dana Kowalski", "613-555-0177", "2019-03-03"]],
    )
    assert load(store, path, "customers").new == 1
    dana = store.customers.find_by_phone("+16135550177")[0]
    today = dt.date(2026, 11, 22)
    add_purchase(store, dana, dt.datetime(2026, 11, 17, 11), ("Kettle", 4500))

    card = store.cards.assemble(dana, store.settings.load(), today)
    assert card.customer_since == dt.date(2019, 3, 3)
    assert "New" not in badges(card)  # was "New: first visit on 17 November"


def test_a_customer_added_long_ago_is_not_new_for_a_first_sale_recorded_here(
    store: Store,
) -> None:
    ann = add_customer(store, "Ann")  # added at the counter on 5 January 2024
    add_purchase(store, ann, dt.datetime(2026, 11, 17, 11), ("Kettle", 4500))

    card = store.cards.assemble(ann, store.settings.load(), dt.date(2026, 11, 22))
    assert card.customer_since == dt.date(2024, 1, 5)
    assert "New" not in badges(card)  # was "New: first visit on 17 November"


def test_a_till_file_of_names_and_phones_alone_still_marks_its_customers_as_known(
    store: Store, tmp_path: Path
) -> None:
    # Nothing but a name and a phone: no id, note, consent or tag is left to tell by.
    path = write_csv(
        tmp_path / "till-customers.csv", ["Name", "Phone"], [["Dana Kowalski", "613-555-0177"]]
    )
    assert load(store, path, "customers").new == 1
    dana = store.customers.find_by_phone("+16135550177")[0]

    assert store.customers.get(dana).imported_from == "import"
    card = card_on_the_day_added(store, dana)
    assert card.greeting.text == "Hello Dana, good to see you!"  # the first name
    assert "New" not in badges(card)


def test_merging_a_new_record_into_an_imported_one_or_back_keeps_them_known(
    store: Store, tmp_path: Path
) -> None:
    imported = import_bob_from_shopify(store, tmp_path)
    typed = store.customers.create(CustomerDraft("Bobby", "Bob Smith"), "CA")
    staff = store.staff.add("Priya", "owner")

    store.merges.merge(typed, imported, staff)  # the record typed at the counter is kept

    assert store.customers.get(typed).imported_from == "shopify"
    assert "New" not in badges(card_on_the_day_added(store, typed))
    # Where the shop got their details is theirs to read.
    profile = collect(store.db, typed, "Bytown")["profile"]
    assert profile["readable"]["Brought in by"] == "Shopify import"


def test_customers_imported_before_the_upgrade_are_known_by_what_their_import_left(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    build_at(path, stop_before="0009_customers_imported_from")  # Zoë (1), staff Priya (1)
    old = connect(path, migrate=False)
    names = ("Shopify Sam", "Noted Nia", "Asked Ali", "Tagged Tom", "Counter Cat")
    with old.conn:
        ids = {
            name: old.execute(
                "INSERT INTO customers (preferred_name, full_name, pronunciation, created)"
                " VALUES (?, '', '', '2026-11-22T09:00:00')",
                [name],
            ).lastrowid
            for name in names
        }
        for sql, name in (
            ("INSERT INTO identifiers (customer_id, system, value) VALUES (?, 'shopify', '7')",
             "Shopify Sam"),
            ("INSERT INTO notes (customer_id, text, author_id, created, imported_from)"
             " VALUES (?, 'Likes oat milk', 1, '2026-11-22T09:00:00', 'square')", "Noted Nia"),
            ("INSERT INTO consents (customer_id, channel, granted, recorded_at, source)"
             " VALUES (?, 'email', 1, '2026-11-22T09:00:00', 'import:lightspeed')", "Asked Ali"),
            ("INSERT INTO customer_tags (customer_id, tag) VALUES (?, 'wholesale')", "Tagged Tom"),
            ("INSERT INTO identifiers (customer_id, system, value) VALUES (?, 'card', 'BG-9')",
             "Counter Cat"),
        ):  # fmt: skip
            old.execute(sql, [ids[name]])
    old.close()

    store = Store(path)
    try:
        came_from = {name: store.customers.get(ids[name]).imported_from for name in names}
        audit = store.audit.entries(action="update")
    finally:
        store.close()

    assert came_from == {
        "Shopify Sam": "shopify",
        "Noted Nia": "square",
        "Asked Ali": "lightspeed",
        "Tagged Tom": "import",
        "Counter Cat": None,  # a card handed over at the counter is no sign of an import
    }
    assert not [e for e in audit if e.table_name == "customers"]  # no record per customer
