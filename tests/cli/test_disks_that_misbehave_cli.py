"""`greeter` on disks and folders that say no (full, read-only, a file where a folder should
be, names too long) and after a killed backup: a sentence saying what happened and what to
do, never a traceback, and nothing lost or left half-written."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from greeter.cli import main
from greeter.store import Store, erasure, notes
from greeter.store.database import translated
from greeter.store.erasure_ledger import sidecar_path
from tests.disks import read_only_folder, small_disk
from tests.helpers import add_customer, run_cli
from tests.store.schema_fixtures import integrity, read_only


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A shop, closed cleanly: a file in WAL mode, with nothing beside it."""
    path = tmp_path / "shop" / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    add_customer(store, "Marguerite", card="MA-1")
    add_customer(store, "Tomáš", card="TO-1")
    store.close()
    return path


def _names(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT preferred_name FROM customers ORDER BY id")]
    finally:
        conn.close()


def _said(result: subprocess.CompletedProcess[str], code: int, start: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"greeter: {start}"), result.stderr


def _in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`greeter ARGS` run in this process, where a test can make the disk fill up."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- a full disk ----------------------------------------------------------------------------


def test_a_restore_on_a_full_disk_says_so_and_keeps_nothing_half_made(
    shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "monday.db"
    assert run_cli("--db", str(shop), "backup", "--out", str(backup)).returncode == 0

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out, err = _in_process(capsys, "--db", str(shop), "restore", str(backup), "--yes")
    monkeypatch.undo()

    assert (code, out) == (1, "")
    assert err.startswith(
        "greeter: Nothing was restored: the disk holding the shop's database is full. "
        "Restoring needs about 2 MB free there (a copy of the file it replaces, and the backup "
        "twice)."
    ), err
    assert not [p for p in shop.parent.iterdir() if "before-restore" in p.name]
    assert _names(shop) == ["Marguerite", "Tomáš"] and integrity(shop) == ["ok"]


def _disk_fills_up(db: object, *, vacuum: bool = True) -> bool:
    """The wipe after an erasure on a nearly full disk: VACUUM finds no room to rewrite the
    file, and SQLite says so."""
    with translated():
        raise sqlite3.OperationalError("database or disk is full")


def test_an_erasure_on_a_full_disk_is_done_and_says_the_wipe_is_left_to_finish(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(erasure, "scrub", _disk_fills_up)
    code, out, err = _in_process(
        capsys, "--db", str(shop), "privacy", "erase", "--id", "2", "--yes"
    )
    monkeypatch.undo()

    assert code == 3
    assert out.startswith("erased customer 2: ")
    assert err == (
        "greeter: Customer 2 is erased, but the final wipe of the file needs more free space on "
        "its disk (about 1 MB): free some, then run "
        f"`greeter --db {shop} privacy reapply` to finish.\n"
    )
    assert _names(shop) == ["Marguerite"]  # erased indeed: trying again would find nobody
    assert [e["customer_id"] for e in _ledger_beside(shop)] == [2]

    # Room again: `reapply` finishes the wipe.
    assert _in_process(capsys, "--db", str(shop), "privacy", "reapply")[0] == 0


def test_a_note_rewritten_on_a_full_disk_is_rewritten_and_says_the_wipe_is_left_to_finish(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`note edit --forget-earlier` saves the rewrite, then wipes: a full disk stops only the
    wipe, which must not be reported as "Nothing was saved"."""
    store = Store(shop)
    note = store.notes.add(1, "Buys gifts for Tomáš Novák", store.staff.by_name("Priya").id)
    store.close()
    monkeypatch.setattr(notes, "scrub", _disk_fills_up)
    code, out, err = _in_process(
        capsys, "--db", str(shop), "note", "edit", str(note), "--text", "Buys gifts",
        "--forget-earlier",
    )  # fmt: skip
    monkeypatch.undo()

    assert code == 3
    assert out.startswith(f"rewrote note {note}; what it said before is wiped")
    assert err == (
        f"greeter: Note {note} is rewritten, but the final wipe of the file needs more free "
        "space on its disk (about 1 MB): free some, then run "
        f"`greeter --db {shop} privacy reapply` to finish.\n"
    )
    store = Store(shop)
    assert store.notes.get(note).text == "Buys gifts"  # saved indeed
    store.close()


def _ledger_beside(path: Path) -> list[dict[str, object]]:
    return list(json.loads(sidecar_path(path).read_text(encoding="utf-8"))["erasures"])


def test_an_erasure_whose_ledger_beside_the_file_cannot_be_written_says_so(shop: Path) -> None:
    sidecar_path(shop).mkdir()  # in the way: the ledger file cannot be written there

    result = run_cli("--db", str(shop), "privacy", "erase", "--id", "2", "--yes")

    _said(
        result,
        3,
        f"The erasure ledger beside the shop's file ({sidecar_path(shop)}) could not be "
        "written (Is a directory); the ledger inside the file still counts.",
    )
    assert _names(shop) == ["Marguerite"]


@pytest.mark.skipif(os.name != "posix", reason="tmpfs")
def test_on_a_really_full_disk_restore_and_erase_say_how_much_room_they_need(
    tmp_path: Path,
) -> None:
    from greeter.bench.generate import generate

    big = tmp_path / "big.db"
    generate(big, 2_000, 50_000)  # about 9 MB
    backup = tmp_path / "backup.db"
    assert run_cli("--db", str(big), "backup", "--out", str(backup)).returncode == 0
    with small_disk(tmp_path / "disk", "12m") as disk:
        path = disk / "shop.db"
        shutil.copyfile(big, path)

        restored = run_cli("--db", str(path), "restore", str(backup), "--yes")
        _said(restored, 1, "Nothing was restored: the disk holding the shop's database is full.")
        assert "Restoring needs about 26 MB free there" in restored.stderr
        assert sorted(p.name for p in disk.iterdir() if "-" not in p.name) == ["shop.db"]

        erased = run_cli("--db", str(path), "privacy", "erase", "--id", "6", "--yes")
        _said(erased, 3, "Customer 6 is erased, but the final wipe of the file needs more free")
        assert "(about 9 MB)" in erased.stderr
        assert shutil.disk_usage(disk).free > 3_000_000  # the WAL gave back what it took
        assert integrity(path) == ["ok"]


# -- killed backups -------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="process numbers of ended processes")
def test_the_next_backup_removes_what_a_killed_one_left_and_says_so(shop: Path) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    folder = shop.parent / "backups"
    folder.mkdir()
    left = folder / f".shop-2026-11-22-083000.db.{int(ended.stdout)}.partial"
    left.write_bytes(b"\0" * 3_000_000)

    listed = run_cli("--db", str(shop), "backup", "--list")
    assert listed.stdout.endswith(
        "Also 1 unfinished backup (3 MB), left by a backup that was stopped: the next backup "
        "removes it.\n"
    ), listed.stdout

    made = run_cli("--db", str(shop), "backup")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(
        "Removed 1 unfinished backup left by a backup that was stopped (3 MB freed).\n"
    )
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


# -- read-only folders and disks ------------------------------------------------------------


def test_a_shop_in_a_read_only_folder_is_read_and_can_be_backed_up_elsewhere(
    shop: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "usb" / "copy.db"
    with read_only_folder(shop.parent):
        today = run_cli("--db", str(shop), "profile", "--id", "2")
        beside = run_cli("--db", str(shop), "backup")
        backed_up = run_cli("--db", str(shop), "backup", "--out", str(elsewhere))
        note = run_cli("--db", str(shop), "note", "add", "--id", "2", "--text", "Likes jade")

    assert today.returncode == 0, today.stderr
    assert today.stdout.startswith("Tomáš")
    read_only_sentence = (
        "greeter: shop.db is read-only (the file or its folder cannot be written), so Greeter "
        "opened it read-only. Make it writable to add notes again.\n"
    )
    assert today.stderr == read_only_sentence
    assert beside.returncode == 1
    assert "its folder cannot be written (" in beside.stderr
    assert beside.stderr.endswith("Or back it up elsewhere with --out FOLDER/.\n")
    assert backed_up.returncode == 0, backed_up.stderr
    assert _names(elsewhere) == ["Marguerite", "Tomáš"]
    _said(note, 1, "shop.db is read-only")
    assert "damaged" not in today.stderr + backed_up.stderr + note.stderr


def test_a_shop_s_file_on_a_write_protected_stick_can_be_restored(
    shop: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copyfile(shop, stick / "shop.db")  # the shop's file itself, copied as it is (WAL)
    new_computer = tmp_path / "new" / "greeter.db"

    with read_only_folder(stick):
        restored = run_cli("--db", str(new_computer), "restore", str(stick / "shop.db"), "--yes")

    assert restored.returncode == 0, restored.stderr
    assert _names(new_computer) == ["Marguerite", "Tomáš"]


# -- GREETER_HOME where no shop can be made -------------------------------------------------


@pytest.mark.parametrize("command", [["staff", "add", "Ann", "--role", "owner"], []])
def test_greeter_home_naming_a_file_is_said_by_commands_and_the_window(
    tmp_path: Path, command: list[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")

    result = run_cli(*command, env={"GREETER_HOME": str(a_file)})

    _said(
        result,
        1,
        f"Greeter cannot create the shop's database {a_file / 'greeter.db'}: {a_file} is a "
        "file, not a folder. Choose a folder for the shop: set GREETER_HOME to one, or give "
        "--db FILE.",
    )
    assert a_file.read_text() == "not a folder"


def test_greeter_home_in_a_read_only_folder_is_said(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    with read_only_folder(locked):
        result = run_cli(
            "staff", "add", "Ann", "--role", "owner", env={"GREETER_HOME": str(locked / "shop")}
        )
    _said(
        result,
        1,
        f"Greeter cannot create the shop's database {locked / 'shop' / 'greeter.db'}: "
        f"{locked} cannot be written (",
    )
    assert "Make that folder writable, or keep the shop in another one" in result.stderr
    assert list(locked.iterdir()) == []


# -- long file names ------------------------------------------------------------------------


def test_a_shop_with_a_very_long_file_name_is_backed_up_and_restored(tmp_path: Path) -> None:
    path = tmp_path / ("b" * 232 + ".db")  # 235 characters
    store = Store(path)
    add_customer(store, "Marguerite")
    store.close()

    made = run_cli("--db", str(path), "backup")
    assert made.returncode == 0, made.stderr
    restored = run_cli(
        "--db", str(path), "restore", str(next((tmp_path / "backups").iterdir())), "--yes"
    )
    assert restored.returncode == 0, restored.stderr
    assert "What it replaced is kept as " in restored.stdout
    assert _names(path) == ["Marguerite"]

    too_long = tmp_path / ("c" * 300 + ".db")
    refused = run_cli("--db", str(path), "backup", "--out", str(too_long))
    _said(refused, 1, f"Could not write the backup {too_long}: its name is too long.")
