"""How the card words what it knows: a customer known from elsewhere, phones, pronunciations,
receipts with the same item twice, the question about the last purchase."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLabel

from greeter.core.identify import require_phone
from greeter.core.models import Phone, PurchaseLine
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.purchases import NewPurchase
from greeter.ui.main_window import MainWindow
from tests.helpers import TODAY, add_customer


def customer(store: Store, name: str, created: dt.datetime, phone: str = "") -> int:
    phones = [Phone(require_phone(phone, "CA"), phone)] if phone else []
    return store.customers.add(NewCustomer(name, f"{name} Berg", phones=phones, created=created))


def test_a_customer_from_the_web_shop_with_no_sales_here_is_not_met_as_a_stranger(
    window: MainWindow, store: Store
) -> None:
    anna = customer(store, "Anna", dt.datetime(2019, 6, 3, 9, 0))  # imported: 3 orders online
    window.show_customer(anna)
    card = window.card
    assert card.greeting.text() == "Hello Anna, good to see you!"
    assert card.greeting_why.text() == "Why this greeting: no visits recorded yet"
    assert card.last_visit.value.text() == "none recorded"
    assert "customer since June 2019" in card.full_name.text()

    new = customer(store, "Britt", dt.datetime.combine(TODAY, dt.time(10, 15)))  # added today
    window.show_customer(new)
    assert card.greeting.text() == "Welcome, Britt! Lovely to meet you."


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("613-555-0156", "(613) 555-0156"),
        ("(613) 555-0142", "(613) 555-0142"),
        ("+1 (613) 555-0185", "(613) 555-0185"),
        ("+1 613 555 0171", "(613) 555-0171"),
        ("+44 20 7946 0321", "+44 20 7946 0321"),  # not dialled from here as a local number
    ],
)
def test_every_phone_is_shown_the_same_way_and_kept_as_typed(
    window: MainWindow, store: Store, typed: str, shown: str
) -> None:
    who = add_customer(store, "Kwame", phone=typed)
    window.show_customer(who)
    assert window.card.contact.value.text() == shown
    assert [p.display for p in store.customers.phones(who)] == [typed]  # stored as it was


def test_a_pronunciation_with_quotes_of_its_own_is_not_quoted_again(
    window: MainWindow, store: Store
) -> None:
    lan = add_customer(store, "Lan", "Nguyễn Thị Lan", pronunciation="LAHN (Nguyễn: “nwen”)")
    window.show_customer(lan)
    assert "say LAHN (Nguyễn: “nwen”) ·" in window.card.full_name.text()
    ama = add_customer(store, "Ama", pronunciation="AH-mah")
    window.show_customer(ama)
    assert "say “AH-mah”" in window.card.full_name.text()


def test_the_same_item_twice_on_a_receipt_is_counted_once_in_the_purchase_list(
    window: MainWindow, store: Store
) -> None:
    rider = add_customer(store, "Jo")
    tube = PurchaseLine('Inner tube 28"', 1, 899)
    lines = [tube, PurchaseLine("Tyre lever", 1, 399), tube, PurchaseLine("Patch kit", 2, 700)]
    when = dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(11, 0))
    store.purchases.record(NewPurchase(rider, when, lines, "CAD", "R-88"))
    window.show_customer(rider)
    items = window.card.purchases.model.index(0, 1)
    assert items.data() == '2× Inner tube 28", Tyre lever, 2× Patch kit'
    assert len(store.purchases.recent(rider)[0].lines) == 4  # each line kept as recorded


def test_sales_imported_later_do_not_make_an_old_customer_look_new(
    window: MainWindow, store: Store
) -> None:
    anna = customer(store, "Anna", dt.datetime(2019, 6, 3, 9, 0))
    when = dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(11, 0))
    store.purchases.record(NewPurchase(anna, when, [PurchaseLine("Bell", 1, 1500)], "CAD", "R-1"))
    window.show_customer(anna)
    assert "customer since June 2019" in window.card.full_name.text()
    chips = [chip.text() for chip in window.card.badges_box.findChildren(QLabel)]
    assert "New" not in chips  # a customer since 2019, though the first sale here is recent


@pytest.mark.parametrize(
    ("item", "greeting"),
    [
        ('Inner tube 28"', "Welcome back, Jo! How is the inner tube?"),
        ("Galaxy A16 5G (for her son)", "Welcome back, Jo! How is your son's Galaxy A16 5G?"),
        ("Running shoes (for her son)", "Welcome back, Jo! How are your son's running shoes?"),
        ("Galaxy A16 5G (gift for Cillian)", "Welcome back, Jo! How is Cillian's Galaxy A16 5G?"),
    ],
)
def test_the_greeting_asks_about_the_last_purchase_as_staff_would_say_it(
    window: MainWindow, store: Store, item: str, greeting: str
) -> None:
    jo = add_customer(store, "Jo")
    when = dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(11, 0))
    lines = [PurchaseLine(item, 1, 29999), PurchaseLine("Prepaid SIM kit", 1, 1000)]
    store.purchases.record(NewPurchase(jo, when, lines, "CAD", "R-90"))
    window.show_customer(jo)
    assert window.card.greeting.text() == greeting
