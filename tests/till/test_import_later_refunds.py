"""Refunds rung up later, as receipts of their own (Square's always are): the items they give
back come off the sale they came from, so the card no longer asks about them nor counts them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.core.audit import AuditEvent, entry_words
from greeter.store import Store
from tests.helpers import TODAY, run_cli
from tests.till.csv_files import count, load, snapshot, write_csv
from tests.till.test_import_refunds import SQUARE, agree_with_their_purchases, figures

SQUARE_PEOPLE = ["First Name", "Last Name", "Email Address", "Square Customer ID"]


def square_row(
    day: dt.date | str, transaction: str, item: str, sku: str, qty: int, amount: str,
    customer: str = "SQ001", event: str = "",
) -> list[str]:  # fmt: skip
    """A row of Square's item sales export; a quantity below zero is a refund's row."""
    row = dict.fromkeys(SQUARE, "")
    row.update({"Date": str(day), "Time": "10:00:00", "Time Zone": "America/Toronto",
                "Item": item, "Qty": str(qty), "SKU": sku, "Gross Sales": amount,
                "Discounts": "$0.00", "Net Sales": amount, "Transaction ID": transaction,
                "Payment ID": f"P-{transaction}",
                "Event Type": event or ("Refund" if qty < 0 else "Payment"),
                "Customer ID": customer, "Customer Name": "Gérard Côté"})  # fmt: skip
    return [row[h] for h in SQUARE]


def radio_and_batteries(day: dt.date | str) -> list[list[str]]:
    return [square_row(day, "TX100", "Weather radio", "WR-1", 1, "$89.99"),
            square_row(day, "TX100", "AA batteries", "AA-8", 2, "$11.98")]  # fmt: skip


def the_radio_back(day: dt.date | str) -> list[str]:
    return square_row(day, "TX101", "Weather radio", "WR-1", -1, "-$89.99")


def gerard(store: Store, tmp_path: Path) -> int:
    people = write_csv(tmp_path / "customers.csv", SQUARE_PEOPLE,
                       [["Gérard", "Côté", "gerard@example.com", "SQ001"]])  # fmt: skip
    load(store, people, "customers")
    [(customer,)] = store.db.execute("SELECT id FROM customers").fetchall()
    return int(customer)


def bought(store: Store, customer: int) -> dict[str, tuple[int, list[tuple[str, float, int]]]]:
    """The customer's receipts as stored: receipt → (total, [(item, quantity, amount)])."""
    return {
        p.receipt_id: (p.total_cents, [(x.item, x.quantity, x.amount_cents) for x in p.lines])
        for p in store.purchases.recent(customer, limit=20)
    }


def test_a_square_refund_two_days_later_is_no_longer_asked_about_nor_counted(
    tmp_path: Path,
) -> None:
    """The QA report: a radio bought with batteries and refunded two days later."""
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
         the_radio_back(today - dt.timedelta(days=2))],
        bom=True,
    )  # fmt: skip

    dry = run_cli("--db", db, "import", "sales", str(items), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    taken = "taken off its sale: Weather radio (TX100, returned in TX101)"
    assert f"1 item returned later would be {taken}" in dry.stdout.splitlines()
    assert "0 visits" in run_cli("--db", db, "profile", "--query", "gerard").stdout  # unchanged
    done = run_cli("--db", db, "import", "sales", str(items))

    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert "1 refund left out (TX101): money given back is not a visit or a purchase" in said
    assert f"1 item returned later {taken}" in said
    card = run_cli("--db", db, "profile", "--query", "gerard")
    assert card.returncode == 0, card.stderr
    assert "“Welcome back, Gérard! How are the AA batteries?”" in card.stdout
    assert "radio" not in card.stdout.casefold()
    assert "1 visit · last visit 4 days ago · $11.98 in all" in card.stdout

    again = run_cli("--db", db, "import", "sales", str(items))
    assert again.stdout == "nothing new: the receipt was already imported\n"
    assert run_cli("--db", db, "profile", "--query", "gerard").stdout == card.stdout


def test_a_refund_in_a_later_export_comes_off_a_sale_imported_before(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    load(store, write_csv(tmp_path / "items-1.csv", SQUARE, radio_and_batteries("2026-11-17")),
         "sales")  # fmt: skip
    # The next week's export overlaps the first.
    later = write_csv(
        tmp_path / "items-2.csv",
        SQUARE,
        [*radio_and_batteries("2026-11-17"), the_radio_back("2026-11-19"),
         square_row("2026-11-20", "TX102", "Kettle", "KT-2", 1, "$45.00")],
    )  # fmt: skip

    result = load(store, later, "sales")

    assert (result.new, result.updated, result.unchanged) == (1, 0, 1)
    assert [(t.item, t.quantity, t.sale, t.refund) for t in result.taken_back] == [
        ("Weather radio", 1, "TX100", "TX101")
    ]
    assert (
        "1 item returned later taken off its sale: Weather radio (TX100, returned in TX101)"
        in result.summary().splitlines()
    )
    assert bought(store, customer) == {
        "TX102": (4500, [("Kettle", 1, 4500)]),
        "TX100": (1198, [("AA batteries", 2, 1198)]),
    }
    stats = store.purchases.stats(customer, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (2, 1198 + 4500)
    assert agree_with_their_purchases(store, customer)
    [entry] = store.audit.entries(action=AuditEvent.IMPORT, limit=1)
    assert entry.detail["returned_later"] == 1
    assert entry_words(entry).endswith("1 item returned later, taken off what was bought")

    # Another export holding the refund again changes nothing: it is not taken off twice.
    before = snapshot(store)
    last = write_csv(tmp_path / "items-3.csv", SQUARE, [the_radio_back("2026-11-19")])
    assert load(store, last, "sales").taken_back == []
    assert snapshot(store) == before


def test_a_refund_comes_off_the_most_recent_earlier_sale_holding_the_item(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    rows = [
        square_row("2026-11-02", "TX090", "Weather radio", "WR-1", 1, "$89.99"),
        square_row("2026-11-02", "TX090", "AA batteries", "AA-8", 4, "$23.96"),
        square_row("2026-11-10", "TX095", "Weather radio", "WR-1", 1, "$89.99"),
        square_row("2026-11-10", "TX095", "Torch", "", 1, "$20.00"),
        square_row("2026-11-10", "TX095", "Torch", "TR-9", 1, "$25.00"),
        square_row("2026-11-10", "TX095", "Lantern", "LN-1", 1, "$30.00"),
        # Back: the radio (most recently bought on TX095), one of the batteries (only ever
        # on TX090), a torch by name (the refund has no SKU): the first on TX095; and a
        # lantern whose SKU is not the one sold: another lantern, left out.
        square_row("2026-11-12", "TX101", "Weather radio", "WR-1", -1, "-$89.99"),
        square_row("2026-11-12", "TX101", "AA batteries", "AA-8", -1, "-$5.99"),
        square_row("2026-11-12", "TX101", "Torch", "", -1, "-$20.00"),
        square_row("2026-11-12", "TX101", "Lantern", "LN-2", -1, "-$30.00"),
        # Bought after the refund: never what it gave back.
        square_row("2026-11-14", "TX103", "Weather radio", "WR-1", 1, "$89.99"),
        # Refunds that match no sale stay left out, changing nothing: a customer not known,
        # an item never bought, one given back before it was bought.
        square_row("2026-11-12", "TX104", "Weather radio", "WR-1", -1, "-$89.99", "SQ404"),
        square_row("2026-11-12", "TX105", "Kettle", "KT-2", -1, "-$45.00"),
        square_row("2026-11-01", "TX106", "Weather radio", "WR-1", -1, "-$89.99"),
    ]

    result = load(store, write_csv(tmp_path / "items.csv", SQUARE, rows), "sales")

    assert result.refunds == ["TX101", "TX104", "TX105", "TX106"]
    assert [(t.item, t.quantity, t.sale) for t in result.taken_back] == [
        ("Weather radio", 1, "TX095"), ("AA batteries", 1, "TX090"), ("Torch", 1, "TX095"),
    ]  # fmt: skip
    assert (
        "3 items returned later taken off their sales: Weather radio (TX095, returned in TX101), "
        "AA batteries (TX090, returned in TX101), Torch (TX095, returned in TX101)"
        in result.summary().splitlines()
    )
    assert bought(store, customer) == {
        "TX103": (8999, [("Weather radio", 1, 8999)]),
        "TX095": (5500, [("Torch", 1, 2500), ("Lantern", 1, 3000)]),
        "TX090": (8999 + 1797, [("Weather radio", 1, 8999), ("AA batteries", 3, 1797)]),
    }
    stats = store.purchases.stats(customer, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (3, 8999 + 5500 + 10796)
    assert [(u.item, u.times) for u in store.purchases.usual_items(customer)] == [
        ("Weather radio", 2)
    ]
    assert agree_with_their_purchases(store, customer)
    assert count(store, "refunds_applied") == 2  # TX101 on TX095 and TX090; no others

    before = snapshot(store)
    again = load(store, tmp_path / "items.csv", "sales")
    assert again.taken_back == []
    assert again.summary() == "nothing new: all 3 receipts were already imported"
    assert snapshot(store) == before


def test_a_sale_given_back_whole_later_is_not_filled_in_again_by_a_later_export(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    rows = [square_row("2026-11-17", "TX200", "Lamp", "LP-1", 1, "$40.00"),
            square_row("2026-11-18", "TX201", "Lamp", "LP-1", -1, "-$40.00")]  # fmt: skip

    result = load(store, write_csv(tmp_path / "items-1.csv", SQUARE, rows), "sales")

    assert [(t.item, t.sale, t.refund) for t in result.taken_back] == [("Lamp", "TX200", "TX201")]
    assert (
        "1 item returned later taken off its sale: Lamp (TX200, returned in TX201); TX200, "
        "given back whole, no longer counts as a visit" in result.summary().splitlines()
    )
    # Given back whole: taken out, as an order refunded whole is; no $0 visit with no items.
    assert bought(store, customer) == {}
    assert figures(store, customer) == ((0, None, None, 0, 0), [])
    assert agree_with_their_purchases(store, customer)
    # The next export holds the sale but not the refund: the lamp stays given back.
    before = snapshot(store)
    later = write_csv(tmp_path / "items-2.csv", SQUARE, rows[:1])
    assert load(store, later, "sales").summary() == (
        "nothing new: the receipt was already imported"
    )
    assert snapshot(store) == before


def test_a_sale_given_back_whole_is_no_visit_and_the_card_asks_about_what_was_kept(
    tmp_path: Path,
) -> None:
    """Batteries bought ten days ago; a radio alone four days ago, brought back two days ago:
    the radio's sale is no $0 visit with nothing in it, nor what the card asks about."""
    db = str(tmp_path / "shop.db")
    Store(db).close()
    today = dt.date.today()
    people = write_csv(tmp_path / "customers.csv", SQUARE_PEOPLE,
                       [["Gérard", "Côté", "gerard@example.com", "SQ001"]])  # fmt: skip
    assert run_cli("--db", db, "import", "customers", str(people)).returncode == 0
    items = write_csv(
        tmp_path / "items-2026-11.csv",
        SQUARE,
        [square_row(today - dt.timedelta(days=10), "TX090", "AA batteries", "AA-8", 2, "$11.98"),
         square_row(today - dt.timedelta(days=4), "TX100", "Weather radio", "WR-1", 1, "$89.99"),
         the_radio_back(today - dt.timedelta(days=2))],
    )  # fmt: skip

    dry = run_cli("--db", db, "import", "sales", str(items), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert (
        "1 item returned later would be taken off its sale: Weather radio (TX100, returned in "
        "TX101); TX100, given back whole, would no longer count as a visit" in dry.stdout
    )
    done = run_cli("--db", db, "import", "sales", str(items))

    assert done.returncode == 0, done.stderr
    assert "TX100, given back whole, no longer counts as a visit" in done.stdout
    card = run_cli("--db", db, "profile", "--query", "gerard")
    assert card.returncode == 0, card.stderr
    assert "“Welcome back, Gérard! How are the AA batteries?”" in card.stdout
    assert "1 visit · last visit 1 week ago · $11.98 in all" in card.stdout
    assert "$0.00" not in card.stdout and "radio" not in card.stdout.casefold()

    again = run_cli("--db", db, "import", "sales", str(items))
    assert again.stdout == "nothing new: all 2 receipts were already imported\n"
    assert run_cli("--db", db, "profile", "--query", "gerard").stdout == card.stdout
