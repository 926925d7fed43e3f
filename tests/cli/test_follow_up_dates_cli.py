"""Follow-up due dates on the command line: next year's say their year, a day that does not
exist says why, and one long past is refused, in real processes on a real file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.core.models import celebrated_on
from greeter.store import Store
from tests.helpers import add_customer, run_cli

ADD = ("followup", "add", "--id", "1", "--kind", "promise", "--text", "Ring about the dock")


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    add_customer(store, "Lisa", "Lisa Marsh")
    store.close()
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, "--db", str(db))
    return result.returncode, result.stdout, result.stderr


def due_dates(db: Path) -> list[dt.date | None]:
    with Store(db) as store:
        return [f.due for f in store.follow_ups.open_for(1)]


def test_a_follow_up_due_next_year_says_the_year(shop_db: Path) -> None:
    today = dt.date.today()
    next_year = celebrated_on(today.year + 1, today.month, today.day)

    code, out, err = cli(shop_db, *ADD, "--due", next_year.isoformat())

    assert code == 0, err
    assert f"(Promise, due {next_year.day} {next_year:%b %Y}) to 1 Lisa" in out
    code, out, err = cli(shop_db, "profile", "--id", "1")
    assert code == 0, err
    assert f"due {next_year.day} {next_year:%b %Y}" in out


def test_a_day_that_does_not_exist_says_why(shop_db: Path) -> None:
    code, out, err = cli(shop_db, *ADD, "--due", "2026-02-29")

    assert (code, out) == (1, "")
    assert err == "greeter: “2026-02-29” is not a due date: February 2026 has only 28 days.\n"
    code, _, err = cli(shop_db, *ADD, "--due", "2026-13-01")
    assert code == 1 and err.endswith("is not a due date: there is no month 13.\n")
    assert due_dates(shop_db) == []


def test_a_due_date_more_than_a_year_ago_is_refused_on_add_and_edit(shop_db: Path) -> None:
    today = dt.date.today()
    a_year_ago = celebrated_on(today.year - 1, today.month, today.day)
    too_long_ago = a_year_ago - dt.timedelta(days=1)

    code, out, err = cli(shop_db, *ADD, "--due", "1900-01-01")

    assert (code, out) == (1, "")
    assert err == (
        "greeter: 1900-01-01 is more than a year ago: a follow-up due then would sit overdue "
        "at the top of every day's list. Give the day it is to be done, from "
        f"{a_year_ago} to {celebrated_on(today.year + 10, today.month, today.day)}, or no "
        "due date.\n"
    )
    code, _, err = cli(shop_db, *ADD, "--due", too_long_ago.isoformat())
    assert code == 1 and f"{too_long_ago} is more than a year ago" in err
    code, out, err = cli(shop_db, *ADD, "--due", a_year_ago.isoformat())  # overdue, but kept
    assert code == 0 and "overdue by" in out, err
    code, _, err = cli(shop_db, "followup", "edit", "1", "--due", "1900-01-01")
    assert code == 1 and "1900-01-01 is more than a year ago" in err
    assert due_dates(shop_db) == [a_year_ago]
