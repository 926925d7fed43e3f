"""Mistyped or unlucky arguments through the real `greeter` command: a clear sentence and a
non-zero exit, never a traceback, and never a file written over that was not asked for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from greeter.commands.snapshot import SMALLEST
from greeter.counter import Counter
from greeter.store import Store
from greeter.ui.main_window import SMALLEST as WINDOW_SMALLEST
from greeter.ui.main_window import MainWindow
from tests.helpers import add_customer, add_purchase, run_cli
from tests.store.schema_fixtures import digest, integrity, read_only

TOO_BIG = "99999999999999999999999"  # more than SQLite's 64-bit INTEGER holds


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    staff = store.staff.add("Priya", "owner")
    lisa = add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-17")
    add_purchase(store, lisa, dt.datetime.now() - dt.timedelta(days=10), ("Pixel 9 Pro", 99900))
    store.notes.add(lisa, "Prefers miss", staff)
    store.close()
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, "--db", str(db))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def _customer_names(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT preferred_name FROM customers")]
    finally:
        conn.close()


# -- backup --out -------------------------------------------------------------------------


def test_backup_refuses_an_existing_file_unless_forced(shop_db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.csv"
    victim.write_text("name,phone\nAnna,613-555-0100\n", encoding="utf-8")

    code, out, err = cli(shop_db, "backup", "--out", str(victim))

    assert code == 1 and out == ""
    assert err == f"greeter: {victim} already exists; choose another name or add --force.\n"
    assert victim.read_text(encoding="utf-8") == "name,phone\nAnna,613-555-0100\n"

    code, out, err = cli(shop_db, "backup", "--out", str(victim), "--force")
    assert code == 0, err
    assert integrity(victim) == ["ok"] and _customer_names(victim) == ["Lisa"]
    folder = tmp_path / "usb"  # a folder still gets a new, dated file
    folder.mkdir()
    assert cli(shop_db, "backup", "--out", str(folder))[0] == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("shop-") and _customer_names(made) == ["Lisa"]


def test_backup_never_replaces_another_shop_open_in_a_window(shop_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-shop.db"
    window_store = Store(other)  # that shop's window, open: its -wal and -shm are beside it
    try:
        omar = add_customer(window_store, "Omar")
        before = digest(other)
        for extra in ([], ["--force"]):
            code, out, err = cli(shop_db, "backup", "--out", str(other), *extra)
            assert code == 1 and out == ""
            assert "is a database in use" in err and "Choose another name" in err
            assert digest(other) == before
        assert window_store.customers.get(omar).preferred_name == "Omar"
    finally:
        window_store.close()
    assert _customer_names(other) == ["Omar"]


# -- privacy export --out -----------------------------------------------------------------


def test_privacy_export_into_a_file_instead_of_a_folder(shop_db: Path, tmp_path: Path) -> None:
    good = tmp_path / "csv" / "good.csv"
    good.parent.mkdir()
    good.write_text("keep me\n", encoding="utf-8")

    code, out, err = cli(shop_db, "privacy", "export", "--id", "1", "--out", str(good))

    assert code == 1 and out == ""
    assert err == (
        f"greeter: {good} is a file, not a folder: give the folder to write customer-1.json "
        "and customer-1.html into.\n"
    )
    assert good.read_text(encoding="utf-8") == "keep me\n"


def test_privacy_export_asks_for_force_before_replacing(shop_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "request"
    folder.mkdir()
    earlier = folder / "customer-1.html"
    earlier.write_text("the letter sent last month", encoding="utf-8")

    code, out, err = cli(shop_db, "privacy", "export", "--id", "1", "--out", str(folder))

    assert code == 1 and out == ""
    assert err == f"greeter: {earlier} already exists; choose another folder or add --force.\n"
    assert earlier.read_text(encoding="utf-8") == "the letter sent last month"
    assert not (folder / "customer-1.json").exists()  # nothing half-written

    code, out, err = cli(shop_db, "privacy", "export", "--id", "1", "--out", str(folder), "--force")
    assert code == 0, err
    assert "Lisa Marsh" in earlier.read_text(encoding="utf-8")
    data = json.loads((folder / "customer-1.json").read_text(encoding="utf-8"))
    assert data["customer_id"] == 1


# -- dates, sizes, cards ------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_today_for_a_day_at_the_calendar_ends(shop_db: Path, day: str) -> None:
    code, out, err = cli(shop_db, "today", "--date", day)
    assert code == 1 and out == ""
    assert err == (
        f"greeter: There is no day list for {day}: give a day from 1900-01-01 to 2999-12-31.\n"
    )


def test_snapshot_of_an_unknown_card_says_so(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    result = run_cli("snapshot", "--demo", "--card", "NOPE", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == "greeter: No customer has the card NOPE.\n"
    assert not out.exists()


def test_snapshot_size_below_the_window_minimum(tmp_path: Path) -> None:
    result = run_cli("snapshot", "--demo", "--size", "10x10", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "the window is at least 430x480, so 10x10 is too small" in result.stderr
    assert "must look like" not in result.stderr


def test_snapshot_minimum_is_the_window_minimum(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Counter(store), prefs)
    qtbot.addWidget(window)
    minimum = window.minimumSize()  # on a screen with room for it (see main_window.fit_screen)
    assert (minimum.width(), minimum.height()) == SMALLEST
    assert (WINDOW_SMALLEST.width(), WINDOW_SMALLEST.height()) == SMALLEST


# -- audit filters ------------------------------------------------------------------------


def test_audit_lists_the_actions_it_knows(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "audit", "--action", "nope")
    assert code == 2 and out == ""
    assert "invalid choice: 'nope'" in err and "'export'" in err and "'view'" in err


def test_audit_limit(shop_db: Path) -> None:
    for bad in ("-1", "x"):
        code, out, err = cli(shop_db, "audit", "--limit", bad)
        assert code == 2 and out == ""
        assert f"give how many entries to show, or 0 for all of them, not “{bad}”" in err
    code, out, _ = cli(shop_db, "audit", "--limit", "1")
    assert code == 0 and len(out.splitlines()) == 1
    code, out, _ = cli(shop_db, "audit", "--limit", "0")
    assert code == 0 and len(out.splitlines()) == _audit_count(shop_db) > 1


def _audit_count(path: Path) -> int:
    conn = read_only(path)
    try:
        return int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    finally:
        conn.close()


# -- ids too large for SQLite -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["profile", "--id", TOO_BIG], "argument --id: there is no customer with id"),
        (["note", "add", "--id", TOO_BIG, "--text", "hi"], "there is no customer with id"),
        (["note", "edit", TOO_BIG, "--text", "hi"], "there is no note with id"),
        (["note", "retire", TOO_BIG], "there is no note with id"),
        (["followup", "done", TOO_BIG], "there is no follow-up with id"),
        (["followup", "reopen", TOO_BIG], "there is no follow-up with id"),
        (["audit", "--customer", TOO_BIG], "argument --customer: there is no customer with id"),
        (["privacy", "export", "--id", TOO_BIG, "--out", "x"], "there is no customer with id"),
        (["privacy", "erase", "--id", TOO_BIG, "--yes"], "there is no customer with id"),
        (["customer", "edit", "--id", TOO_BIG, "--name", "Bo"], "there is no customer with id"),
        (["merge", "1", TOO_BIG], "argument OTHER_ID: there is no customer with id"),
        (["profile", "--id", "0"], "there is no customer with id 0"),
        (["profile", "--id", "seven"], "a customer id is a whole number like 17, not “seven”"),
    ],
)
def test_ids_sqlite_cannot_hold_are_no_ones(shop_db: Path, args: list[str], said: str) -> None:
    before = digest(shop_db)
    code, out, err = cli(shop_db, *args)
    assert code == 2 and out == ""
    assert said in err
    assert digest(shop_db) == before


# -- wording ------------------------------------------------------------------------------


def test_profile_counts_one_visit_in_the_singular(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "profile", "--id", "1")
    assert code == 0, err
    assert "  1 visit · last" in out
