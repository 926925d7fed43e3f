"""Orders imported earlier that a later export shows refunded, cancelled or partly refunded:
Shopify's order exports are cumulative, so the next file repeats old orders with their news."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.till.import_result import ImportResult
from greeter.till.importer import ImportOptions, ImportProgress, run_import
from greeter.till.problems import ImportCancelled
from tests.helpers import TODAY, add_customer, run_cli
from tests.till.csv_files import count, load, snapshot, write_csv
from tests.till.test_import_refunds import (
    SHOPIFY,
    agree_with_their_purchases,
    figures,
    shopify_order,
)

PAID_1001 = shopify_order("#1001", "2026-11-01 10:00:00 -0400", "paid", "29.99", "0.00",
                          ("Phone case", "29.99"))  # fmt: skip


def order_1002(status: str, refunded: str, cancelled: str = "") -> list[list[str]]:
    return shopify_order("#1002", "2026-11-15 16:20:00 -0500", status, "118.99", refunded,
                         ("Wireless earbuds", "89.00"), ("Phone case", "29.99"),
                         cancelled=cancelled)  # fmt: skip


def export(tmp_path: Path, name: str, *orders: list[list[str]]) -> Path:
    return write_csv(tmp_path / name, SHOPIFY, [row for order in orders for row in order])


def the_card(store: Store, customer: int) -> tuple[object, ...]:
    """What staff see of her purchases: figures, greeting, usual items, recent purchases,
    and where a search for her name ranks her."""
    card = store.cards.assemble(customer, store.settings.load(), TODAY)
    prefixes = store.db.execute(
        "SELECT rank FROM name_prefixes WHERE customer_id = ? ORDER BY rank", [customer]
    ).fetchall()
    return (
        figures(store, customer),
        card.greeting.text,
        [u.item for u in card.usual_items],
        [(p.receipt_id, p.total_cents) for p in card.recent_purchases],
        [tuple(r) for r in prefixes],
    )


def import_audits(store: Store) -> list[dict[str, object]]:
    return [e.detail for e in store.audit.entries(action=AuditEvent.IMPORT)]


@pytest.mark.parametrize(
    ("status", "refunded", "cancelled"),
    [
        ("refunded", "118.99", ""),
        ("voided", "0.00", ""),  # cancelled before the card payment was taken
        ("refunded", "118.99", "2026-11-16 09:00:00 -0500"),  # cancelled and refunded
    ],
)
def test_an_order_imported_paid_and_later_refunded_or_cancelled_no_longer_counts(
    store: Store, tmp_path: Path, status: str, refunded: str, cancelled: str
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, export(tmp_path, "orders_1.csv", PAID_1001), "sales")
    without_it = the_card(store, siobhan)
    assert without_it[1] == "Welcome back, Siobhán! How is the phone case?"
    load(store, export(tmp_path, "orders_2.csv", PAID_1001, order_1002("paid", "0.00")), "sales")
    with_it = the_card(store, siobhan)
    assert with_it[1:3] == ("Welcome back, Siobhán! How are the wireless earbuds?",
                            ["Phone case"])  # fmt: skip

    later = export(tmp_path, "orders_3.csv", PAID_1001, order_1002(status, refunded, cancelled))
    result = load(store, later, "sales")

    assert (
        "1 order imported earlier is now refunded or cancelled: #1002 no longer counts as a visit"
        in result.summary().splitlines()
    )
    assert result.withdrawn == ["#1002"]
    # Her card is as if she had never bought the earbuds: one visit, the phone case.
    assert the_card(store, siobhan) == without_it
    assert agree_with_their_purchases(store, siobhan)
    assert (count(store, "purchases"), count(store, "purchase_lines")) == (1, 1)
    assert import_audits(store)[0]["withdrawn"] == 1

    before = snapshot(store)
    again = load(store, later, "sales")
    assert again.summary() == "nothing new: the receipt was already imported"
    assert snapshot(store) == before
    assert import_audits(store)[0]["withdrawn"] == 0


def test_several_orders_withdrawn_are_named_in_the_summary(store: Store, tmp_path: Path) -> None:
    add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, export(tmp_path, "orders_1.csv", PAID_1001, order_1002("paid", "0.00")), "sales")
    later = export(
        tmp_path,
        "orders_2.csv",
        shopify_order("#1001", "2026-11-01 10:00:00 -0400", "refunded", "29.99", "29.99",
                      ("Phone case", "29.99")),
        order_1002("voided", "0.00"),
    )  # fmt: skip

    result = load(store, later, "sales")

    assert (
        "2 orders imported earlier are now refunded or cancelled: #1001, #1002 no longer "
        "count as visits" in result.summary().splitlines()
    )
    assert count(store, "purchases") == 0
    assert figures(store, 1) == ((0, None, None, 0, 0), [])


def test_an_order_imported_paid_and_later_partly_refunded_counts_what_was_kept(
    store: Store, tmp_path: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, export(tmp_path, "orders_1.csv", PAID_1001, order_1002("paid", "0.00")), "sales")
    assert store.purchases.stats(siobhan, TODAY, 90).lifetime_spend_cents == 2999 + 11899

    later = export(tmp_path, "orders_2.csv", PAID_1001, order_1002("partially_refunded", "29.99"))
    result = load(store, later, "sales")

    said = result.summary().splitlines()
    assert said[0] == "imported 2 receipts: 0 new (0 lines), 1 updated, 1 unchanged, 0 bad"
    assert (
        "1 order imported earlier is now partly refunded: #1002 now counts at its total less "
        "the refunded amount" in said
    )
    recent = store.purchases.recent(siobhan)
    assert [(p.receipt_id, p.total_cents) for p in recent] == [("#1002", 8900), ("#1001", 2999)]
    assert [line.item for line in recent[0].lines] == ["Wireless earbuds", "Phone case"]
    stats = store.purchases.stats(siobhan, TODAY, 90)
    assert (stats.visits, stats.lifetime_spend_cents) == (2, 2999 + 8900)
    assert agree_with_their_purchases(store, siobhan)
    assert import_audits(store)[0]["totals_reduced"] == 1

    before = snapshot(store)
    again = load(store, later, "sales")
    assert again.summary() == "nothing new: all 2 receipts were already imported"
    assert snapshot(store) == before

    # Refunded in full at last: gone.
    whole = export(tmp_path, "orders_3.csv", PAID_1001, order_1002("refunded", "118.99"))
    assert "#1002 no longer counts as a visit" in load(store, whole, "sales").summary()
    assert [p.receipt_id for p in store.purchases.recent(siobhan)] == ["#1001"]
    assert agree_with_their_purchases(store, siobhan)


def test_a_dry_run_says_what_would_be_withdrawn_and_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    store = Store(db)
    add_customer(store, "Siobhán", email="siobhan@example.com")
    first = export(
        tmp_path,
        "orders_1.csv",
        PAID_1001,
        order_1002("paid", "0.00"),
        shopify_order("#1003", "2026-11-18 11:05:00 -0500", "paid", "12.50", "0.00",
                      ("Cable", "12.50")),
    )  # fmt: skip
    load(store, first, "sales")
    before = snapshot(store)
    store.close()
    later = export(
        tmp_path,
        "orders_2.csv",
        PAID_1001,
        order_1002("refunded", "118.99"),
        shopify_order("#1003", "2026-11-18 11:05:00 -0500", "partially_refunded", "12.50",
                      "2.50", ("Cable", "12.50")),
    )  # fmt: skip

    dry = run_cli("--db", db, "import", "sales", str(later), "--dry-run")

    assert dry.returncode == 0, dry.stderr
    said = dry.stdout.splitlines()
    assert (
        "1 order imported earlier is now refunded or cancelled: #1002 would no longer count "
        "as a visit" in said
    )
    assert (
        "1 order imported earlier is now partly refunded: #1003 would count at its total less "
        "the refunded amount" in said
    )
    store = Store(db)
    assert snapshot(store) == before
    assert len(import_audits(store)) == 1
    store.close()
    # What it said is what happens.
    done = run_cli("--db", db, "import", "sales", str(later))
    assert done.returncode == 0, done.stderr
    assert (
        "1 order imported earlier is now refunded or cancelled: #1002 no longer counts as a "
        "visit" in done.stdout.splitlines()
    )
    store = Store(db)
    assert [p.receipt_id for p in store.purchases.recent(1)] == ["#1003", "#1001"]
    assert store.purchases.stats(1, TODAY, 90).lifetime_spend_cents == 2999 + 1000
    store.close()


def test_an_import_stopped_while_writing_takes_nothing_out(store: Store, tmp_path: Path) -> None:
    add_customer(store, "Siobhán", email="siobhan@example.com")
    load(store, export(tmp_path, "orders_1.csv", PAID_1001, order_1002("paid", "0.00")), "sales")
    before = snapshot(store)
    later = export(
        tmp_path,
        "orders_2.csv",
        PAID_1001,
        order_1002("refunded", "118.99"),
        shopify_order("#1003", "2026-11-18 11:05:00 -0500", "paid", "12.50", "0.00",
                      ("Cable", "12.50")),
    )  # fmt: skip

    def stop_while_writing(p: ImportProgress) -> bool:
        if p.stage == "writing":  # #1002 is out and #1003 in, inside the transaction
            stored = store.db.execute("SELECT receipt_id FROM purchases ORDER BY receipt_id")
            assert [r for (r,) in stored] == ["#1001", "#1003"]
            return False
        return True

    with pytest.raises(ImportCancelled):
        run_import(store, later, ImportOptions("sales"), stop_while_writing)
    assert snapshot(store) == before


def test_a_receipt_of_the_same_number_from_another_till_is_left_alone(
    store: Store, tmp_path: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    till = write_csv(
        tmp_path / "till.csv",
        ["Receipt", "Date", "Item", "Price", "Email"],
        [["#1002", "2026-11-15", "Kettle", "25.00", "siobhan@example.com"]],
    )
    load(store, till, "sales")
    before = the_card(store, siobhan)

    result: ImportResult = load(
        store, export(tmp_path, "orders.csv", order_1002("refunded", "118.99")), "sales"
    )

    assert result.withdrawn == []
    assert "imported earlier" not in result.summary()
    assert the_card(store, siobhan) == before
    assert [p.receipt_id for p in store.purchases.recent(siobhan)] == ["#1002"]


# -- orders not paid yet, or whose payment never came ------------------------------------


def order_1003(status: str) -> list[list[str]]:
    return shopify_order("#1003", "2026-11-18 12:00:00 -0500", status, "25.00", "0.00",
                         ("Charger", "25.00"))  # fmt: skip


EXPIRED_1004 = shopify_order("#1004", "2026-11-19 12:00:00 -0500", "expired", "12.50", "0.00",
                             ("Cable", "12.50"))  # fmt: skip


def test_orders_not_paid_yet_are_left_out_until_an_export_shows_them_paid(
    store: Store, tmp_path: Path
) -> None:
    siobhan = add_customer(store, "Siobhán", email="siobhan@example.com")
    first = export(tmp_path, "orders_1.csv", PAID_1001, order_1002("pending", "0.00"),
                   order_1003("authorized"), EXPIRED_1004)  # fmt: skip

    result = load(store, first, "sales")

    said = result.summary().splitlines()
    assert said[0] == "imported 1 receipt: 1 new (1 line), 0 updated, 0 unchanged, 0 bad"
    assert (
        "2 orders not paid yet (pending, authorized) left out (#1002, #1003): import again "
        "once paid" in said
    )
    assert (
        "1 cancelled order left out (#1004): an order cancelled, or whose payment was voided "
        "or expired, is not a visit or a purchase" in said
    )
    # Her card: the one order she paid for, nothing she has not paid for.
    assert [p.receipt_id for p in store.purchases.recent(siobhan)] == ["#1001"]
    assert the_card(store, siobhan)[1] == "Welcome back, Siobhán! How is the phone case?"
    audit = import_audits(store)[0]
    assert (audit["not_paid_yet"], audit["cancelled"]) == (2, 1)

    # Paid since: the next export imports them, once; the expired one stays out.
    paid = export(tmp_path, "orders_2.csv", PAID_1001, order_1002("paid", "0.00"),
                  order_1003("paid"), EXPIRED_1004)  # fmt: skip
    result = load(store, paid, "sales")

    assert (result.new, result.unchanged, result.unpaid) == (2, 1, [])
    recent = store.purchases.recent(siobhan)
    assert [(p.receipt_id, p.total_cents) for p in recent] == [
        ("#1003", 2500), ("#1002", 11899), ("#1001", 2999),
    ]  # fmt: skip
    assert the_card(store, siobhan)[1:3] == (
        "Welcome back, Siobhán! How is the charger?",
        ["Phone case"],
    )
    assert agree_with_their_purchases(store, siobhan)
    assert import_audits(store)[0]["not_paid_yet"] == 0

    before = snapshot(store)
    assert load(store, paid, "sales").summary() == (
        "nothing new: all 3 receipts were already imported"
    )
    assert snapshot(store) == before


def test_an_export_with_nothing_new_still_names_the_orders_waiting_for_payment(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()
    path = export(tmp_path, "orders.csv", PAID_1001, order_1002("pending", "0.00"))
    assert run_cli("--db", db, "import", "sales", str(path)).returncode == 0

    again = run_cli("--db", db, "import", "sales", str(path))

    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        "nothing new: the receipt was already imported\n"
        "1 order not paid yet (pending) left out (#1002): import again once paid\n"
    )
    store = Store(db)
    assert [r for (r,) in store.db.execute("SELECT receipt_id FROM purchases")] == ["#1001"]
    store.close()
