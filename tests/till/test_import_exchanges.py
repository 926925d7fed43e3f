"""Exchanges: a receipt that sells and gives back (lines below zero beside the sale's, as
Square and Shopify export one). What it gives back comes off the earlier sale it came from,
as a refund's items do; the money it netted off is counted once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.store import Store
from tests.helpers import TODAY, run_cli
from tests.till.csv_files import load, snapshot, write_csv
from tests.till.test_import_later_refunds import (
    SQUARE_PEOPLE,
    bought,
    gerard,
    radio_and_batteries,
    square_row,
    the_radio_back,
)
from tests.till.test_import_refunds import SQUARE, agree_with_their_purchases


def swapped_for_a_hand_crank_radio(day: dt.date | str) -> list[list[str]]:
    """The weather radio bought on TX100 brought back for a cheaper one: $10.00 given back."""
    return [square_row(day, "TX102", "Weather radio", "WR-1", -1, "-$89.99"),
            square_row(day, "TX102", "Hand-crank radio", "HC-3", 1, "$79.99")]  # fmt: skip


def test_the_card_no_longer_shows_a_radio_swapped_for_another_one(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()
    today = dt.date.today()
    people = write_csv(tmp_path / "customers.csv", SQUARE_PEOPLE,
                       [["Gérard", "Côté", "gerard@example.com", "SQ001"]])  # fmt: skip
    assert run_cli("--db", db, "import", "customers", str(people)).returncode == 0
    items = write_csv(
        tmp_path / "items-2026-11.csv",
        SQUARE,
        [*radio_and_batteries(today - dt.timedelta(days=4)),
         *swapped_for_a_hand_crank_radio(today - dt.timedelta(days=2))],
    )  # fmt: skip

    dry = run_cli("--db", db, "import", "sales", str(items), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    taken = "taken off its sale: Weather radio (TX100, returned in TX102)"
    assert f"1 item returned later would be {taken}" in dry.stdout.splitlines()
    done = run_cli("--db", db, "import", "sales", str(items))

    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert "1 returned item left out of receipt TX102 (the rest is imported)" in said
    assert f"1 item returned later {taken}" in said
    card = run_cli("--db", db, "profile", "--query", "gerard")
    assert card.returncode == 0, card.stderr
    assert "“Welcome back, Gérard! How is the hand-crank radio?”" in card.stdout
    assert "weather radio" not in card.stdout.casefold()
    # What he paid, once: $101.97, then $10.00 back.
    assert "2 visits · last visit 2 days ago · $91.97 in all" in card.stdout

    again = run_cli("--db", db, "import", "sales", str(items))
    assert again.stdout == "nothing new: all 2 receipts were already imported\n"
    assert run_cli("--db", db, "profile", "--query", "gerard").stdout == card.stdout


def test_the_earlier_sale_keeps_what_a_refund_would_leave_and_the_exchange_what_it_sold(
    tmp_path: Path,
) -> None:
    """The money is counted once: the sale goes down by what went back, as for a refund, and
    the exchange (its total net of that) counts the hand-crank radio at its price."""
    stores, customers = {}, {}
    given_back = {"refund": [the_radio_back("2026-11-19")],
                  "exchange": swapped_for_a_hand_crank_radio("2026-11-19")}  # fmt: skip
    for kind, rows in given_back.items():
        (tmp_path / kind).mkdir()
        store = stores[kind] = Store(tmp_path / kind / "shop.db")
        customer = customers[kind] = gerard(store, tmp_path / kind)
        file = write_csv(tmp_path / kind / "items.csv", SQUARE,
                         [*radio_and_batteries("2026-11-17"), *rows])  # fmt: skip
        result = load(store, file, "sales")
        assert [(t.item, t.quantity, t.sale) for t in result.taken_back] == [
            ("Weather radio", 1, "TX100")
        ]
        assert agree_with_their_purchases(store, customer)

    refunded, exchanged = (bought(stores[k], customers[k]) for k in ("refund", "exchange"))
    assert refunded["TX100"] == exchanged["TX100"] == (1198, [("AA batteries", 2, 1198)])
    assert exchanged["TX102"] == (7999, [("Hand-crank radio", 1, 7999)])
    spent = {k: s.purchases.stats(customers[k], TODAY, 90).lifetime_spend_cents
             for k, s in stores.items()}  # fmt: skip
    assert spent == {"refund": 10197 - 8999, "exchange": 10197 - 1000}
    for store in stores.values():
        store.close()


def test_a_radio_swapped_for_the_same_radio_is_bought_once_not_a_usual_item(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    rows = [square_row("2026-11-17", "TX100", "Weather radio", "WR-1", 1, "$89.99"),
            # It did not work: swapped over the counter for another of the same.
            square_row("2026-11-19", "TX102", "Weather radio", "WR-1", -1, "-$89.99"),
            square_row("2026-11-19", "TX102", "Weather radio", "WR-1", 1, "$89.99")]  # fmt: skip

    result = load(store, write_csv(tmp_path / "items.csv", SQUARE, rows), "sales")

    # Not taken off the exchange itself: off the sale it came from, which went back whole.
    assert [(t.item, t.sale, t.refund) for t in result.taken_back] == [
        ("Weather radio", "TX100", "TX102")
    ]
    assert result.emptied == ["TX100"]
    assert bought(store, customer) == {"TX102": (8999, [("Weather radio", 1, 8999)])}
    assert store.purchases.usual_items(customer) == ()  # one radio, bought once
    stats = store.purchases.stats(customer, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (1, 8999)
    assert agree_with_their_purchases(store, customer)

    before = snapshot(store)
    assert load(store, tmp_path / "items.csv", "sales").taken_back == []
    assert snapshot(store) == before
