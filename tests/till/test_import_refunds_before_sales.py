"""A refund imported before the sale it gave back from (the refunds' export first, or a
return of something bought before the last export): its items wait, and the import that
brings the sale takes them off it, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from greeter.core.audit import AuditEvent, entry_words
from greeter.store import Store
from greeter.store.refunds import TakenBack, Waiting
from greeter.store.subject_access import collect
from greeter.till.importer import ImportOptions, dry_run
from greeter.till.watch_words import sentence
from tests.helpers import run_cli
from tests.till.csv_files import count, load, snapshot, write_csv
from tests.till.test_import_later_refunds import (
    SQUARE_PEOPLE,
    bought,
    gerard,
    radio_and_batteries,
    square_row,
    the_radio_back,
)
from tests.till.test_import_refunds import SQUARE, agree_with_their_purchases

WAITS = (
    "1 returned item matches no sale imported yet: Weather radio (returned in TX101); it comes "
    "off its sale when a file holding that sale is imported"
)


def test_the_refunds_export_imported_first_comes_off_the_sale_imported_next(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "shop.db")
    Store(db).close()
    today = dt.date.today()
    people = write_csv(tmp_path / "customers.csv", SQUARE_PEOPLE,
                       [["Gérard", "Côté", "gerard@example.com", "SQ001"]])  # fmt: skip
    assert run_cli("--db", db, "import", "customers", str(people)).returncode == 0
    refunds = write_csv(tmp_path / "refunds.csv", SQUARE,
                        [the_radio_back(today - dt.timedelta(days=2))])  # fmt: skip
    sales = write_csv(tmp_path / "sales.csv", SQUARE,
                      radio_and_batteries(today - dt.timedelta(days=4)))  # fmt: skip

    first = run_cli("--db", db, "import", "sales", str(refunds))
    assert first.returncode == 0, first.stderr
    assert WAITS in first.stdout.splitlines()
    dry = run_cli("--db", db, "import", "sales", str(sales), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    taken = "taken off its sale: Weather radio (TX100, returned in TX101, imported earlier)"
    assert f"1 item returned later would be {taken}" in dry.stdout.splitlines()
    assert "0 visits" in run_cli("--db", db, "profile", "--query", "gerard").stdout
    done = run_cli("--db", db, "import", "sales", str(sales))

    assert done.returncode == 0, done.stderr
    assert f"1 item returned later {taken}" in done.stdout.splitlines()
    card = run_cli("--db", db, "profile", "--query", "gerard")
    assert card.returncode == 0, card.stderr
    assert "“Welcome back, Gérard! How are the AA batteries?”" in card.stdout
    assert "radio" not in card.stdout.casefold()
    assert "1 visit · last visit 4 days ago · $11.98 in all" in card.stdout

    # Importing either file again takes nothing off twice, nor says it waits.
    again = run_cli("--db", db, "import", "sales", str(sales))
    assert again.stdout == "nothing new: the receipt was already imported\n"
    assert "returned" not in run_cli("--db", db, "import", "sales", str(refunds)).stdout
    assert run_cli("--db", db, "profile", "--query", "gerard").stdout == card.stdout


def test_what_a_refund_gave_back_beyond_the_sales_imported_waits_and_is_taken_once(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    # This week's export: a radio bought, then two radios brought back; the other one came
    # from last week's sale, whose export is imported after.
    this_week = write_csv(
        tmp_path / "items-2.csv",
        SQUARE,
        [square_row("2026-11-18", "TX105", "Weather radio", "WR-1", 1, "$89.99"),
         square_row("2026-11-20", "TX110", "Weather radio", "WR-1", -2, "-$179.98")],
    )  # fmt: skip
    last_week = write_csv(tmp_path / "items-1.csv", SQUARE, radio_and_batteries("2026-11-10"))

    first = load(store, this_week, "sales")

    assert first.taken_back == [TakenBack("Weather radio", 1, "TX105", "TX110")]
    assert first.emptied == ["TX105"]
    assert first.waiting == [Waiting("Weather radio", 1, "TX110")]
    assert (
        "1 returned item matches no sale imported yet: Weather radio (returned in TX110); it "
        "comes off its sale when a file holding that sale is imported"
        in first.summary().splitlines()
    )
    assert sentence("items-2.csv", first) == (
        "Imported items-2.csv: 1 receipt, 1 refund left out, 1 item returned later, taken off "
        "its sale, 1 sale taken out (given back whole), 1 returned item waiting for its sale."
    )
    assert bought(store, customer) == {}
    assert count(store, "refunds_waiting") == 1

    before = snapshot(store)
    tried = dry_run(store, last_week, ImportOptions("sales"))
    assert tried.taken_back == [TakenBack("Weather radio", 1, "TX100", "TX110", earlier=True)]
    assert snapshot(store) == before  # a dry run changes nothing, the waiting item included

    result = load(store, last_week, "sales")

    assert result.taken_back == [TakenBack("Weather radio", 1, "TX100", "TX110", earlier=True)]
    assert (
        "1 item returned later taken off its sale: Weather radio (TX100, returned in TX110, "
        "imported earlier)" in result.summary().splitlines()
    )
    assert bought(store, customer) == {"TX100": (1198, [("AA batteries", 2, 1198)])}
    assert count(store, "refunds_waiting") == 0
    assert agree_with_their_purchases(store, customer)
    [entry] = store.audit.entries(action=AuditEvent.IMPORT, limit=1)
    assert (entry.detail["returned_later"], entry.detail["returned_waiting"]) == (1, 0)
    assert entry_words(entry).endswith("1 item returned later, taken off what was bought")

    # Either file again, or a third export holding the refund: nothing is taken twice.
    done = snapshot(store)
    refund = square_row("2026-11-20", "TX110", "Weather radio", "WR-1", -2, "-$179.98")
    for again in (this_week, last_week, write_csv(tmp_path / "items-3.csv", SQUARE, [refund])):
        result = load(store, again, "sales")
        assert (result.taken_back, result.waiting) == ([], [])
    assert snapshot(store) == done


def test_an_item_waiting_for_its_sale_is_in_the_customer_s_export_and_gone_when_erased(
    store: Store, tmp_path: Path
) -> None:
    customer = gerard(store, tmp_path)
    load(store, write_csv(tmp_path / "refunds.csv", SQUARE, [the_radio_back("2026-11-19")]),
         "sales")  # fmt: skip

    [row] = collect(store.db, customer)["tables"]["refunds_waiting"]
    assert row["readable"]["Item"] == "Weather radio"
    store.erasures.erase(customer, vacuum=False)

    assert count(store, "refunds_waiting") == 0
