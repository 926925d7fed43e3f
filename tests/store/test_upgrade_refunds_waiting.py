"""Upgrading a shop whose refunds the Greeter before 0012_refunds_waiting took off its
sales: a sale it left as a $0 visit with no items is taken out, and nothing is taken twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.store import Store
from greeter.store.database import connect
from tests.store.schema_fixtures import build_at
from tests.till.csv_files import load, snapshot, write_csv
from tests.till.test_import_later_refunds import bought, square_row
from tests.till.test_import_refunds import SQUARE, agree_with_their_purchases, figures

UPGRADE = "0012_refunds_waiting"
GERARD = 2  # after the fixture's Zoë (1)


def _shop_with_a_sale_given_back_whole(path: Path) -> None:
    """As the Greeter before left it after importing the export below: Gérard's lamp (TX200),
    brought back the next day (TX201), a $0 visit with no items; his batteries (TX100)."""
    build_at(path, stop_before=UPGRADE)
    old = connect(path, migrate=False)
    try:
        statements = [
            ("INSERT INTO customers (id, preferred_name, full_name, created, visits, first_visit,"
             " last_visit, lifetime_spend_cents, search_rank) VALUES (?, 'Gérard', 'Gérard Côté',"
             " '2026-11-01T09:00:00', 2, '2026-11-10T10:00:00', '2026-11-17T10:00:00', 1198, ?)",
             [GERARD, dt.date(2026, 11, 17).toordinal()]),
            ("INSERT INTO name_prefixes (prefix, rank, customer_id) VALUES ('ge', ?, ?)",
             [dt.date(2026, 11, 17).toordinal(), GERARD]),
            ("INSERT INTO identifiers (customer_id, system, value) VALUES (?, 'square', 'SQ001')",
             [GERARD]),
            ("INSERT INTO purchases (id, customer_id, source, receipt_id, purchased_at,"
             " total_cents, currency) VALUES (10, ?, 'square', 'TX100', '2026-11-10T10:00:00',"
             " 1198, 'CAD'), (11, ?, 'square', 'TX200', '2026-11-17T10:00:00', 0, 'CAD')",
             [GERARD, GERARD]),
            ("INSERT INTO purchase_lines (purchase_id, line_no, item, sku, quantity,"
             " amount_cents) VALUES (10, 1, 'AA batteries', 'AA-8', 2, 1198)", []),
            ("INSERT INTO customer_items (customer_id, item, quantity, times, last_bought)"
             " VALUES (?, 'AA batteries', 2, 1, '2026-11-10T10:00:00')", [GERARD]),
            ("INSERT INTO refunds_applied (source, receipt_id, purchase_id)"
             " VALUES ('square', 'TX201', 11)", []),
        ]  # fmt: skip
        for sql, params in statements:
            old.execute(sql, params)
    finally:
        old.close()


def test_a_sale_given_back_whole_before_the_upgrade_is_no_longer_a_visit(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    _shop_with_a_sale_given_back_whole(path)

    store = Store(path)
    try:
        assert bought(store, GERARD) == {"TX100": (1198, [("AA batteries", 2, 1198)])}
        ordinal = dt.date(2026, 11, 10).toordinal()
        assert figures(store, GERARD)[0] == (
            1, "2026-11-10T10:00:00", "2026-11-10T10:00:00", 1198, ordinal
        )  # fmt: skip
        assert store.db.execute(
            "SELECT rank FROM name_prefixes WHERE customer_id = ?", [GERARD]
        ).fetchall() == [(ordinal,)]
        assert agree_with_their_purchases(store, GERARD)
        assert bought(store, 1)  # Zoë's purchase is untouched

        # The export imported before the upgrade, again: the lamp neither comes back nor is
        # taken off anything else.
        before = snapshot(store)
        export = write_csv(
            tmp_path / "items.csv",
            SQUARE,
            [square_row("2026-11-17", "TX200", "Lamp", "LP-1", 1, "$40.00"),
             square_row("2026-11-17", "TX210", "Lamp", "LP-1", 1, "$40.00"),
             square_row("2026-11-18", "TX201", "Lamp", "LP-1", -1, "-$40.00")],
        )  # fmt: skip
        result = load(store, export, "sales")
        assert (result.new, result.unchanged, result.taken_back) == (1, 1, [])
        assert bought(store, GERARD)["TX210"] == (4000, [("Lamp", 1, 4000)])
        assert snapshot(store)["refunds_applied"] == before["refunds_applied"]
    finally:
        store.close()
