"""Importing sales written the way the shop's country writes them: decimal commas in any
file, day/month order from the shop's region, and sales dated in the future refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.core.timefmt import MONTHS
from greeter.store import Store
from greeter.till.problems import ImportRefused
from tests.till.csv_files import count, load, write_csv

HEADER = ["Receipt", "Date", "Item", "Qty", "Unit Price", "Line Total"]
LAST_YEAR = dt.date.today().year - 1


def _totals(store: Store) -> dict[str, int]:
    rows = store.db.execute("SELECT receipt_id, total_cents FROM purchases").fetchall()
    return {r[0]: r[1] for r in rows}


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_thousands_dots_beside_decimal_commas_are_thousands(
    store: Store, tmp_path: Path, delimiter: str
) -> None:
    rows = [["E1", "2025-11-03", "Grinder", "1", "1.234,56", "1.234,56"],
            ["E1", "2025-11-03", "Beans", "2", "12,50", "25,00"],
            ["E2", "2025-11-04", "Scale", "1", "1.234", "1.234"]]  # fmt: skip
    path = write_csv(tmp_path / "eu.csv", HEADER, rows, delimiter=delimiter)
    result = load(store, path, "sales")
    assert (result.new, result.bad) == (2, 0)
    assert _totals(store) == {"E1": 125956, "E2": 123400}  # not 1.23 for the scale


def test_an_amount_with_no_evidence_either_way_reads_as_today(store: Store, tmp_path: Path) -> None:
    rows = [["R1", "2025-11-03", "Scale", "1", "1.234", "1.234"],
            ["R2", "2025-11-03", "Mug", "1", "1,234.00", "1,234.00"]]  # fmt: skip
    load(store, write_csv(tmp_path / "us.csv", HEADER, rows), "sales")
    assert _totals(store) == {"R1": 123, "R2": 123400}


@pytest.mark.parametrize(
    ("region", "locale", "stored"),
    [("GB", "en_GB", f"{LAST_YEAR}-11-05"), ("IE", "en_IE", f"{LAST_YEAR}-11-05"),
     ("DE", "de_DE", f"{LAST_YEAR}-11-05"), ("US", "en_US", f"{LAST_YEAR}-05-11"),
     ("CA", "en_CA", f"{LAST_YEAR}-05-11")],
)  # fmt: skip
def test_a_shop_that_never_set_date_order_reads_dates_as_its_country_writes_them(
    store: Store, tmp_path: Path, region: str, locale: str, stored: str
) -> None:
    store.settings.set("region", region)
    store.settings.set("locale", locale)
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"],
                     [["UK1", f"05/11/{LAST_YEAR} 10:00", "Kettle", "49.00"]])  # fmt: skip
    load(store, path, "sales")
    assert store.db.execute("SELECT purchased_at FROM purchases").fetchone()[0] == (
        f"{stored}T10:00:00"
    )


def test_an_explicit_date_order_wins_over_the_region(store: Store, tmp_path: Path) -> None:
    store.settings.set("date_order", "MDY")
    store.settings.set("region", "GB")
    store.settings.set("locale", "en_GB")
    assert store.settings.load().date_order == "MDY"
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"],
                     [["UK1", f"05/11/{LAST_YEAR}", "Kettle", "49.00"]])  # fmt: skip
    load(store, path, "sales")
    assert store.db.execute("SELECT purchased_at FROM purchases").fetchone()[0] == (
        f"{LAST_YEAR}-05-11T00:00:00"
    )


def _month_first_in_future() -> tuple[str, str]:
    """A recent day written day first ('12/11/2026') that read month first is in the future:
    the file of a UK till imported by a shop set to MDY (from 13 December on there is none)."""
    today = dt.date.today()
    for back in range(1, 366):
        day = today - dt.timedelta(days=back)
        if day.day <= 12 and dt.date(day.year, day.day, day.month) > latest(today):
            return day.strftime("%d/%m/%Y"), f"{day.month} {MONTHS[day.day]} {day.year}"
    ahead = today + dt.timedelta(days=3)  # late December: a day truly ahead says so too
    return ahead.strftime("%m/%d/%Y"), f"{ahead.day} {MONTHS[ahead.month]} {ahead.year}"


def latest(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=1)


def test_a_sale_dated_in_the_future_says_the_date_order_may_be_wrong(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")
    written, read = _month_first_in_future()
    rows = [["UK1", f"01/10/{LAST_YEAR} 10:00", "Teapot", "19.00"],
            ["UK2", f"{written} 10:00", "Toaster", "39.00"]]  # fmt: skip
    path = write_csv(tmp_path / "uk.csv", ["Receipt", "Date", "Item", "Price"], rows)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "sales")
    assert (
        f"line 3, column Date: “{written} 10:00” is in the future, {read} (read as "
        "month/day/year; the shop's date_order setting is MDY): the date order may be wrong. "
        "If the till writes the day first, set it with `greeter settings date_order DMY` "
        "(see the README) and import the file again"
    ) in str(refused.value)
    assert count(store, "purchases") == 0


def test_a_year_first_sale_in_the_future_is_a_bad_row(store: Store, tmp_path: Path) -> None:
    later = dt.date.today() + dt.timedelta(days=3)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [["R1", f"{later} 10:00", "Mug", "5.00"], ["R2", f"{tomorrow} 23:00", "Mug", "5.00"]]
    path = write_csv(tmp_path / "s.csv", ["Receipt", "Date", "Item", "Price"], rows)
    result = load(store, path, "sales", skip_bad=True)
    assert (result.new, result.bad) == (1, 1)  # tomorrow is a time zone away: kept
    assert "a sale cannot be after today" in str(result.problems[0])
