"""A customer number merged into another says whom it became, for every command given it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.store.errors import MergedAway, NotFound
from tests.helpers import add_customer, run_cli
from tests.till.window_process import running_window

MERGED = "Customer 2 was merged into Kwame Asante (#1) on 3 March 2026."


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """Kwame Asante (1), whose duplicate (2) was merged into him on 3 March 2026."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    priya = store.staff.add("Priya", "owner")
    kwame = add_customer(store, "Kwame", "Kwame Asante")
    duplicate = add_customer(store, "Kwame", phone="613-555-0142")
    store.merges.merge(kwame, duplicate, priya, when=dt.datetime(2026, 3, 3, 11, 5))
    store.close()
    return path


def _counts(path: Path) -> list[int]:
    """How many customers, notes and follow-ups the shop holds."""
    store = Store(path)
    try:
        return [
            store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("customers", "notes", "follow_ups")
        ]
    finally:
        store.close()


@pytest.mark.parametrize(
    "command",
    [
        ["profile", "--id", "2"],
        ["note", "add", "--id", "2", "--text", "Prefers the window seat"],
        ["followup", "add", "--id", "2", "--kind", "promise", "--text", "Call about the case"],
        ["customer", "edit", "--id", "2", "--name", "Kwam"],
        ["privacy", "erase", "--id", "2", "--yes"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_merged_id_names_the_customer_it_became(shop: Path, command: list[str]) -> None:
    before = _counts(shop)
    done = run_cli("--db", str(shop), *command)
    assert (done.returncode, done.stderr) == (1, f"greeter: {MERGED} Use --id 1.\n")
    assert _counts(shop) == before  # nothing was written


def test_a_privacy_export_of_a_merged_id_writes_nothing(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "for-kwame"
    done = run_cli("--db", str(shop), "privacy", "export", "--id", "2", "--out", str(out))
    assert (done.returncode, done.stderr) == (1, f"greeter: {MERGED} Use --id 1.\n")
    assert not out.exists()


def test_merging_a_record_merged_before_says_so(shop: Path) -> None:
    done = run_cli("--db", str(shop), "merge", "1", "2")
    assert (done.returncode, done.stderr) == (1, f"greeter: {MERGED}\n")


def test_only_a_merged_id_is_said_to_be_merged(shop: Path) -> None:
    store = Store(shop)
    try:
        with pytest.raises(MergedAway, match=r"^Customer 2 was merged into Kwame Asante \(#1\)"):
            store.customers.get(2)
        with pytest.raises(NotFound) as unknown:
            store.customers.get(9)
        assert str(unknown.value) == "There is no customer with id 9."
        store.erasures.erase(1)  # the survivor is erased: the merged number says no more
        with pytest.raises(NotFound) as gone:
            store.customers.get(2)
        assert str(gone.value) == "There is no customer with id 2."
    finally:
        store.close()


def test_the_till_asking_the_window_for_a_merged_id_is_told_whom_it_became(
    shop: Path, tmp_path: Path
) -> None:
    with running_window(shop, tmp_path / "home"):
        done = run_cli("show", "--db", str(shop), "--id", "2")
    assert (done.returncode, done.stderr) == (1, f"greeter: {MERGED} Use --id 1.\n")
