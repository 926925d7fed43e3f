"""Staff, PINs, the audit trail and privacy requests through the real `greeter` command."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from greeter.cli import build_parser
from greeter.store import Store
from tests.helpers import add_customer, add_purchase, run_cli


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    priya = store.staff.add("Priya", "owner")
    store.staff.add("Marcus", "manager")
    bob = add_customer(store, "Bob", "<b>Bob</b> Zorblatt", phone="613-555-0177", card="ZB-1")
    store.notes.add(bob, "Quokkanote likes jade", priya)
    add_purchase(store, bob, dt.datetime(2026, 10, 3, 15), ("Jade ring", 12000))
    store.close()
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, "--db", str(db))
    return result.returncode, result.stdout, result.stderr


def commands(
    parser: argparse.ArgumentParser, words: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command `greeter` runs (`note add`, `settings`, …) and its parser."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield " ".join(words), parser
    for action in actions:
        for name, sub in action.choices.items():
            yield from commands(sub, (*words, name))


def test_every_command_that_asks_who_takes_the_pin_as_pin() -> None:
    asking = {
        name: parser._option_string_actions
        for name, parser in commands(build_parser())
        if "--staff" in parser._option_string_actions
    }
    assert {"note add", "note edit", "followup done", "settings", "staff add"} <= set(asking)
    assert [name for name, options in asking.items() if options["--pin"].dest != "pin"] == []


def test_every_command_that_asks_who_takes_staff_or_author_for_the_same_person() -> None:
    asking = {
        name: parser
        for name, parser in commands(build_parser())
        if "--staff" in parser._option_string_actions
    }
    # `audit` alone takes --staff only: beside its --by NAME, --author NAME reads as a filter.
    without = [n for n, p in asking.items() if "--author" not in p._option_string_actions]
    assert without == ["audit"]
    for name, parser in asking.items():
        options = parser._option_string_actions
        assert options["--staff"] is options.get("--author", options["--staff"]), name
        assert "--staff NAME, --author NAME" in parser.format_help() or name == "audit"


def test_who_is_doing_it_may_be_given_with_either_spelling(shop_db: Path) -> None:
    cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")
    as_priya_author = ("--author", "Priya", "--pin", "7391")
    # Commands that took only --staff take --author too…
    code, out, err = cli(shop_db, "staff", "add", "Liam", *as_priya_author)
    assert (code, out) == (0, "added Liam (staff)\n"), err
    code, out, err = cli(shop_db, "settings", "shop_name", "Bytown", *as_priya_author)
    assert (code, out) == (0, "shop_name = Bytown\n"), err
    # …and those that took --author first take --staff, and say it is the one to give.
    code, out, err = cli(shop_db, "note", "add", "--id", "1", "--text", "Likes tea",
                         "--staff", "Priya", "--pin", "7391")  # fmt: skip
    assert code == 0 and out.startswith("added note 2 to 1 Bob (by Priya"), err
    code, out, _ = cli(shop_db, "audit", "--json", "--limit", "3", "--staff", "Priya",
                       "--pin", "7391")  # fmt: skip
    assert [(e["staff"], e["table"]) for e in json.loads(out)] == [
        ("Priya", "notes"),
        ("Priya", "settings"),
        ("Priya", "staff"),
    ]


def test_a_change_signed_by_nobody_names_the_option_to_sign_with(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    code, out, err = cli(db, "customer", "add", "--name", "Bob")
    assert code == 0, err
    assert "give --staff NAME to sign as someone else" in out


def test_pins_switch_on_with_the_first_owner_pin(shop_db: Path) -> None:
    code, out, _ = cli(shop_db, "staff", "list")
    assert code == 0 and "single-user mode" in out
    assert cli(shop_db, "staff", "add", "Mei", "--role", "staff")[0] == 0
    code, out, _ = cli(shop_db, "staff", "pin", "Marcus", "--new-pin", "2580")
    assert code == 0 and "not asked yet" in out
    code, out, _ = cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")
    assert code == 0 and "PINs are now on" in out

    # From now on a name and PIN are needed, and stdin is not a terminal: a clear failure.
    code, out, err = cli(shop_db, "staff", "add", "Liam")
    assert code == 1 and "--staff NAME --pin PIN" in err and out == ""
    code, _, err = cli(shop_db, "staff", "add", "Liam", "--staff", "Marcus", "--pin", "2580")
    assert code == 1 and "only an owner may add or remove staff" in err
    assert cli(shop_db, "staff", "add", "Liam", "--staff", "Priya", "--pin", "7391")[0] == 0
    code, out, _ = cli(shop_db, "staff", "list", "--json")
    listed = {s["name"]: s for s in json.loads(out)}
    assert listed["Priya"]["has_pin"] and not listed["Liam"]["has_pin"]
    # Marcus changes his own PIN with his current one.
    assert cli(shop_db, "staff", "pin", "Marcus", "--pin", "2580", "--new-pin", "3692")[0] == 0
    code, _, err = cli(shop_db, "profile", "--card", "ZB-1", "--staff", "Marcus", "--pin", "2580")
    assert code == 1 and "Wrong PIN for Marcus: 4 tries left" in err
    # Never stored as typed; random hex in the file (salts, hashes, keys) may hold the digits.
    assert not re.search(rb"(?<![0-9a-f])7391(?![0-9a-f])", shop_db.read_bytes())


def test_a_manager_cannot_export_an_owner_can_with_the_pin(shop_db: Path, tmp_path: Path) -> None:
    cli(shop_db, "staff", "pin", "Marcus", "--new-pin", "2580")
    cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")
    out_dir = tmp_path / "request"

    code, out, err = cli(
        shop_db, "privacy", "export", "--id", "1", "--out", str(out_dir),
        "--staff", "Marcus", "--pin", "2580",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert err.strip() == (
        "greeter: Marcus is a manager; only an owner may export everything held about one "
        "customer. Run it again as an owner: --staff NAME."
    )
    assert not out_dir.exists()
    code, _, err = cli(shop_db, "privacy", "export", "--id", "1", "--out", str(out_dir),
                       "--staff", "Priya")  # fmt: skip
    assert code == 1 and "Priya must give --pin PIN" in err

    code, out, err = cli(
        shop_db, "privacy", "export", "--id", "1", "--out", str(out_dir),
        "--staff", "Priya", "--pin", "7391",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads((out_dir / "customer-1.json").read_text(encoding="utf-8"))
    assert data["tables"]["notes"][0]["text"] == "Quokkanote likes jade"
    assert "&lt;b&gt;Bob&lt;/b&gt;" in (out_dir / "customer-1.html").read_text(encoding="utf-8")

    code, out, _ = cli(shop_db, "audit", "--json", "--action", "export",
                       "--staff", "Priya", "--pin", "7391")  # fmt: skip
    (entry,) = json.loads(out)
    assert (entry["staff"], entry["customer_id"]) == ("Priya", 1)
    code, _, err = cli(shop_db, "audit", "--staff", "Marcus", "--pin", "2580")
    assert code == 1 and "only an owner may read the audit trail" in err


def test_settings_and_card_views_are_attributed(shop_db: Path) -> None:
    cli(shop_db, "staff", "pin", "Marcus", "--new-pin", "2580")
    cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")
    code, _, err = cli(shop_db, "settings", "shop_name", "Bytown")
    assert code == 1 and "--staff NAME --pin PIN" in err
    assert (
        cli(shop_db, "settings", "shop_name", "Bytown", "--staff", "Marcus", "--pin", "2580")[0]
        == 1
    )
    assert (
        cli(shop_db, "settings", "shop_name", "Bytown", "--staff", "Priya", "--pin", "7391")[0] == 0
    )
    assert cli(shop_db, "settings")[0] == 0  # reading needs nobody
    assert cli(shop_db, "profile", "--card", "ZB-1", "--staff", "Marcus", "--pin", "2580")[0] == 0
    code, out, _ = cli(shop_db, "audit", "--by", "Marcus", "--staff", "Priya", "--pin", "7391")
    assert code == 0 and "view (customer 1)" in out
    code, out, _ = cli(shop_db, "audit", "--json", "--customer", "1", "--since", "2000-01-01",
                       "--staff", "Priya", "--pin", "7391")  # fmt: skip
    actions = [e["action"] for e in json.loads(out)]
    assert actions[0] == "view" and "insert" in actions
    assert "Quokkanote" not in out


def test_erase_needs_yes_then_removes_them(shop_db: Path) -> None:
    cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")
    code, _, err = cli(shop_db, "privacy", "erase", "--id", "1", "--staff", "Priya",
                       "--pin", "7391")  # fmt: skip
    assert (
        code == 1
        and "1 phone number, 1 card or till id, 1 note, 1 usual item and " in err
        and "1 purchase stays" in err
        and "--yes" in err
    )
    code, out, err = cli(shop_db, "privacy", "erase", "--id", "1", "--yes", "--staff", "Priya",
                         "--pin", "7391")  # fmt: skip
    assert code == 0, err
    assert "erased customer 1" in out and "1 purchase kept" in out
    assert b"zorblatt" not in shop_db.read_bytes().lower()
    code, out, _ = cli(shop_db, "privacy", "reapply", "--staff", "Priya", "--pin", "7391")
    assert code == 0 and "nothing to do" in out


@pytest.mark.parametrize(
    "command",
    [("profile", "--card", "ZB-1"), ("today",), ("staff", "list"), ("audit",), ("settings",)],
)
def test_a_mistyped_shop_path_is_refused_not_created(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "shpo.db"
    code, _, err = cli(missing, *command)
    assert code == 1 and f"There is no shop at {missing}" in err
    assert not missing.exists()


def test_setting_up_a_new_shop_from_the_command_line_creates_it(tmp_path: Path) -> None:
    new = tmp_path / "new-shop.db"
    assert cli(new, "staff", "add", "Priya", "--role", "owner")[0] == 0
    code, out, _ = cli(new, "staff", "list")
    assert code == 0 and "Priya" in out


@pytest.mark.parametrize("signed", [(), ("--staff", "Priya")])
def test_the_first_owner_added_signs_it_and_no_stand_in_owner_appears(
    tmp_path: Path, signed: tuple[str, ...]
) -> None:
    new = tmp_path / "new-shop.db"

    code, out, err = cli(new, "staff", "add", "Priya", "--role", "owner", *signed)
    assert (code, out) == (0, "added Priya (owner)\n"), err
    assert cli(new, "staff", "add", "Marcus")[0] == 0  # by the shop's owner: Priya

    code, out, err = cli(new, "staff", "list")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["Marcus", "Priya"]
    code, out, err = cli(new, "audit", "--json")
    assert code == 0, err
    trail = [(e["staff"], e["action"], e["table"], e["row_id"]) for e in json.loads(out)]
    assert trail == [("Priya", "insert", "staff", 2), ("Priya", "insert", "staff", 1)]
