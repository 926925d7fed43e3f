"""`greeter restore` says what it would replace with what and asks first at a terminal;
outside one it restores only with --yes; and it always says where the replaced file is kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.backup import backup_now
from tests.helpers import add_customer, run_cli, run_cli_at_terminal
from tests.store.schema_fixtures import read_only

SATURDAY_MORNING = dt.datetime(2026, 11, 21, 8, 30)


def _shop_and_an_older_backup(tmp_path: Path) -> tuple[Path, Path]:
    """Corner Phones with two customers now, and Saturday's backup when it had one."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    store.settings.set("shop_name", "Corner Phones")
    add_customer(store, "Marguerite", card="BG-1")
    backup = backup_now(store, tmp_path / "saturday.db")
    stamp = SATURDAY_MORNING.timestamp()
    os.utime(backup, (stamp, stamp))
    add_customer(store, "Kwame", card="BG-2")
    store.close()
    return path, backup


def _customers(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [r[0] for r in conn.execute("SELECT preferred_name FROM customers ORDER BY 1")]
    finally:
        conn.close()


def _kept_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("shop.db.before-restore-*"))


def _rows(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _what_replaces_what(path: Path, backup: Path) -> list[str]:
    return [
        f"{path}: Corner Phones, 2 customers",
        f"{backup}: Corner Phones, 1 customer, dated Saturday 21 November 2026, 08:30",
        "kept beside it, as shop.db.before-restore-<time>",
    ]


def test_at_a_terminal_it_says_what_it_replaces_and_no_restores_nothing(tmp_path: Path) -> None:
    path, backup = _shop_and_an_older_backup(tmp_path)

    answered = run_cli_at_terminal("--db", str(path), "restore", str(backup), typed="n\n")

    assert answered.returncode == 1, answered.stderr
    for said in [*_what_replaces_what(path, backup), "Restore this backup? (y/N)"]:
        assert said in answered.stdout
    assert answered.stderr == "greeter: Nothing was restored.\n"
    assert _customers(path) == ["Kwame", "Marguerite"]
    assert _kept_copies(tmp_path) == []


def test_at_a_terminal_yes_restores_and_says_where_the_replaced_file_is_kept(
    tmp_path: Path,
) -> None:
    path, backup = _shop_and_an_older_backup(tmp_path)

    answered = run_cli_at_terminal("--db", str(path), "restore", str(backup), typed="y\n")

    assert answered.returncode == 0, answered.stderr
    (kept,) = _kept_copies(tmp_path)
    assert "Restore this backup? (y/N) Restored " in answered.stdout  # asked, then done
    assert f"Restored {backup} into {path}." in answered.stdout
    assert f"What it replaced is kept as {kept}." in answered.stdout
    assert _customers(path) == ["Marguerite"]
    assert _customers(kept) == ["Kwame", "Marguerite"]  # nothing lost


def test_outside_a_terminal_it_restores_without_asking_as_scripts_expect(
    tmp_path: Path,
) -> None:
    path, backup = _shop_and_an_older_backup(tmp_path)

    done = run_cli("--db", str(path), "restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert "Restore this backup?" not in done.stdout  # no question nobody can answer
    (kept,) = _kept_copies(tmp_path)
    assert f"What it replaced is kept as {kept}." in done.stdout
    assert _customers(path) == ["Marguerite"]
    assert _customers(kept) == ["Kwame", "Marguerite"]


def test_a_restore_into_a_new_file_makes_nothing_until_it_is_done(tmp_path: Path) -> None:
    _, backup = _shop_and_an_older_backup(tmp_path)
    new = tmp_path / "new.db"
    before = sorted(tmp_path.iterdir())

    answered = run_cli_at_terminal("--db", str(new), "restore", str(backup), typed="n\n")
    refused = run_cli("--db", str(new), "restore", str(tmp_path / "no-such-backup.db"))

    assert answered.returncode == 1, answered.stderr
    assert f"This makes the backup\n  {backup}: Corner Phones, 1 customer" in answered.stdout
    assert answered.stderr == "greeter: Nothing was restored.\n"
    assert refused.returncode == 1
    assert refused.stderr.startswith("greeter: There is no file ")
    assert sorted(tmp_path.iterdir()) == before  # no empty shop left behind, no -wal

    done = run_cli_at_terminal("--db", str(new), "restore", str(backup), typed="y\n")

    assert done.returncode == 0, done.stderr
    assert "There was no shop there before, so nothing needed keeping." in done.stdout
    assert _customers(new) == ["Marguerite"]


def test_the_shops_own_file_is_refused_before_anything_is_asked(tmp_path: Path) -> None:
    path, _ = _shop_and_an_older_backup(tmp_path)

    answered = run_cli_at_terminal("--db", str(path), "restore", str(path), typed="y\n")

    assert answered.returncode == 1
    assert answered.stdout == ""  # not asked: no answer could make it a backup
    assert answered.stderr == (
        f"greeter: {path} is the shop's database itself, not a backup; nothing was restored. "
        f"`greeter --db {path} backup --list` lists the backups.\n"
    )
    assert _kept_copies(tmp_path) == []
    assert _customers(path) == ["Kwame", "Marguerite"]


def test_no_leaves_a_shop_with_nobody_on_its_staff_as_it_was(tmp_path: Path) -> None:
    """Single-user mode acts as the shop's owner, and a shop with none would be given a
    stand-in Owner: not before anything is restored, nor by a no."""
    path = tmp_path / "shop.db"
    store = Store(path)  # set up from the command line, its staff not yet added
    store.settings.set("shop_name", "Corner Phones")
    add_customer(store, "Marguerite", card="BG-1")
    backup = backup_now(store, tmp_path / "saturday.db")
    add_customer(store, "Kwame", card="BG-2")
    store.close()
    before = _rows(path)

    answered = run_cli_at_terminal("--db", str(path), "restore", str(backup), typed="n\n")

    assert answered.returncode == 1, answered.stderr
    assert f"{path}: Corner Phones, 2 customers" in answered.stdout
    assert answered.stderr == "greeter: Nothing was restored.\n"
    assert _rows(path) == before  # no staff member, no audit record

    done = run_cli_at_terminal("--db", str(path), "restore", str(backup), typed="y\n")

    assert done.returncode == 0, done.stderr
    assert _customers(path) == ["Marguerite"]
    (kept,) = _kept_copies(tmp_path)
    assert _rows(kept) == before  # what it replaced, as it was


def test_over_a_shop_with_no_owner_an_owner_of_the_backup_restores_it(tmp_path: Path) -> None:
    """A new computer's shop, set up before its owner was added, and the old one's backup."""
    old = Store(tmp_path / "old.db")
    old.auth.set_pin(old.staff.add("Priya", "owner"), "2580")
    add_customer(old, "Marguerite", card="BG-1")
    backup = backup_now(old, tmp_path / "saturday.db")
    old.close()
    path = tmp_path / "shop.db"
    with Store(path) as store:
        store.settings.set("shop_name", "Corner Phones")
    before = _rows(path)

    refused = run_cli("--db", str(path), "restore", str(backup))
    done = run_cli("--db", str(path), "restore", str(backup), "--staff", "Priya", "--pin", "2580")

    assert refused.returncode == 1
    assert refused.stderr == (
        "greeter: The shop's file has no owner yet, so an owner of this backup must type "
        "their PIN to restore it. Give it with --staff NAME --pin PIN.\n"
    )
    assert done.returncode == 0, done.stderr
    (kept,) = _kept_copies(tmp_path)
    assert _rows(kept) == before  # nothing was added to it first
    with Store(path) as restored:
        assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Priya"


def test_over_a_readable_shop_only_its_owners_of_today_restore_not_the_backup_s(
    tmp_path: Path,
) -> None:
    """Priya, removed from the shop, and Sam's old PIN are both still in Saturday's backup:
    neither can replace the shop with it; Sam with his PIN of today can."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.auth.set_pin(store.staff.add("Priya", "owner"), "2580")
    sam = store.staff.add("Sam", "owner")
    store.auth.set_pin(sam, "3691")
    add_customer(store, "Marguerite", card="BG-1")
    backup = backup_now(store, tmp_path / "saturday.db")
    store.auth.remove("Priya")
    store.auth.set_pin(sam, "4826")
    add_customer(store, "Kwame", card="BG-2")
    store.close()
    restore = ("--db", str(path), "restore", str(backup))

    removed = run_cli(*restore, "--staff", "Priya", "--pin", "2580")
    old_pin = run_cli(*restore, "--staff", "Sam", "--pin", "3691")
    nameless = run_cli(*restore, "--pin", "2580")

    assert removed.returncode == 1
    assert removed.stderr == "greeter: There is no staff member called “Priya” (staff: Sam).\n"
    assert old_pin.returncode == 1
    assert old_pin.stderr.startswith("greeter: Wrong PIN for Sam: 4 tries left")
    assert nameless.returncode == 1
    assert "give your name and PIN with --staff NAME --pin PIN" in nameless.stderr
    assert _kept_copies(tmp_path) == []
    assert _customers(path) == ["Kwame", "Marguerite"]  # nothing replaced

    done = run_cli(*restore, "--staff", "Sam", "--pin", "4826")

    assert done.returncode == 0, done.stderr
    assert _customers(path) == ["Marguerite"]
    (kept_copy,) = _kept_copies(tmp_path)
    assert _customers(kept_copy) == ["Kwame", "Marguerite"]
    with Store(path) as restored:
        assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Sam"
