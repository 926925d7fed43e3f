"""Who an imported customer row is about: a shared phone or email is a household's or a
business's, so it names the row's customer only together with their name."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.store import Store
from greeter.till.problems import ImportRefused
from tests.helpers import add_customer
from tests.till.csv_files import count, load, write_csv

HEADER = ["First Name", "Last Name", "Email", "Phone"]


def _emails(store: Store, customer_id: int) -> tuple[str, ...]:
    return store.customers.emails(customer_id)


def test_a_stranger_sharing_a_phone_is_added_apart_and_reported(
    store: Store, tmp_path: Path
) -> None:
    gerard = add_customer(store, "Gérard", "Gérard Côté", phone="613 555 0102")
    path = write_csv(
        tmp_path / "people.csv", HEADER, [["Bob", "Jones", "bob@example.com", "613-555-0102"]]
    )

    result = load(store, path, "customers")

    assert (result.new, result.updated) == (1, 0)
    assert _emails(store, gerard) == ()  # Gérard's record is not given Bob's email
    bob = store.customers.find_by_email("bob@example.com")
    assert len(bob) == 1 and bob[0] != gerard
    assert store.customers.get(bob[0]).full_name == "Bob Jones"
    assert result.shared == [(2, gerard)]
    summary = result.summary()
    assert "line 2 shares a phone or email with customer" in summary
    assert f"#{gerard} Gérard Côté" in summary
    assert "under another name: added as a new customer. If one" in summary
    assert "greeter merge" in summary

    again = load(store, path, "customers")  # the same file again finds Bob by his email
    assert (again.new, again.unchanged, again.shared) == (0, 1, [])
    assert count(store, "customers") == 2


def test_the_same_person_is_matched_by_phone_whatever_the_spelling(
    store: Store, tmp_path: Path
) -> None:
    gerard = add_customer(store, "Gérard", "Gérard Côté", phone="613 555 0102")
    rows = [
        ["Gerard", "Cote", "gerard@example.com", "613-555-0102"],  # no accents
        ["Gérard", "", "", "(613) 555-0102"],  # the first name alone
        ["Côté", "Gérard", "", "+1 613 555 0102"],  # surname first
    ]
    result = load(store, write_csv(tmp_path / "people.csv", HEADER, rows), "customers")

    assert result.new == 0 and result.shared == []
    assert _emails(store, gerard) == ("gerard@example.com",)
    assert count(store, "customers") == 1


def test_a_shared_email_with_another_name_is_not_merged_either(
    store: Store, tmp_path: Path
) -> None:
    marie = add_customer(store, "Marie", "Marie Tremblay", email="famille@example.com")
    path = write_csv(
        tmp_path / "people.csv", HEADER, [["Luc", "Tremblay", "famille@example.com", ""]]
    )

    result = load(store, path, "customers")

    assert result.new == 1 and result.shared == [(2, marie)]
    assert store.customers.get(marie).full_name == "Marie Tremblay"
    assert len(store.customers.find_by_email("famille@example.com")) == 2


def test_a_card_names_its_holder_whatever_the_name(store: Store, tmp_path: Path) -> None:
    """A loyalty card is one person's: a row with it updates them even under a new name
    (a till that keeps a maiden name, say)."""
    holder = add_customer(store, "Anne", "Anne Roy", card="BG-100")
    path = write_csv(
        tmp_path / "people.csv",
        ["First Name", "Last Name", "Card", "Email"],
        [["Anne", "Gagnon", "BG-100", "anne@example.com"]],
    )

    result = load(store, path, "customers")

    assert (result.new, result.updated, result.shared) == (0, 1, [])
    assert _emails(store, holder) == ("anne@example.com",)


def test_a_sale_by_a_shared_phone_is_given_to_no_one(store: Store, tmp_path: Path) -> None:
    """Marie and Luc share the house phone: a receipt naming only that phone could be
    either's, so it is kept without a customer; Luc's own email still finds Luc."""
    marie = add_customer(store, "Marie", "Marie Tremblay", phone="613 555 0188")
    luc = add_customer(store, "Luc", "Luc Tremblay", phone="613 555 0188", email="luc@example.com")
    path = write_csv(
        tmp_path / "sales.csv",
        ["Receipt", "Date", "Item", "Qty", "Price", "Email", "Phone"],
        [
            ["R1", "2026-11-20", "Tea", 1, "5.00", "", "613-555-0188"],
            ["R2", "2026-11-20", "Cake", 1, "7.00", "luc@example.com", "613-555-0188"],
        ],
    )

    result = load(store, path, "sales")

    owners = dict(store.db.execute("SELECT receipt_id, customer_id FROM purchases").fetchall())
    assert owners == {"R1": None, "R2": luc}
    assert store.db.execute("SELECT visits FROM customers WHERE id = ?", [marie]).fetchone() == (0,)
    assert result.without_customer == 1
    assert result.sharing == [("R1", "+16135550188", (marie, luc))]
    summary = result.summary()
    assert (
        f"+16135550188 is shared by #{marie} Marie Tremblay and #{luc} Luc Tremblay (R1)" in summary
    )
    assert f"greeter customer edit --id {luc} --remove-phone +16135550188" in summary
    assert "no known customer" not in summary  # importing the customers again would not help


def test_a_card_column_takes_the_shops_own_long_codes_but_not_payment_cards(
    store: Store, tmp_path: Path
) -> None:
    """A loyalty code is refused only when the whole code is a payment card's, as when staff
    add one by hand, so every card Greeter holds can be exported and imported back."""
    header = ["First Name", "Last Name", "Card"]
    own = write_csv(tmp_path / "own.csv", header, [["Anne", "Roy", "2900000012343"]])
    assert load(store, own, "customers").new == 1  # Luhn-valid, but an in-store EAN-13

    paying = write_csv(tmp_path / "paying.csv", header, [["Luc", "Roy", "4111 1111 1111 1111"]])
    with pytest.raises(ImportRefused, match="line 2, column Card: .*payment card.*…1111"):
        load(store, paying, "customers")
    assert count(store, "customers") == 1
