"""Files that hold no shop Greeter can read (text, random bytes, another program's database,
a damaged one, an empty one, a folder) get a sentence saying what to do, never a traceback,
and are left exactly as they were."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.store.database import connect
from greeter.store.health import latest_backup
from tests.helpers import add_customer, flip_bytes, root_page, run_cli, run_cli_at_terminal
from tests.store.schema_fixtures import digest

PAGE = 4096


def _text(path: Path) -> None:
    path.write_text("hello world\n")


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


def _another_programs(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()


NOT_A_SHOP: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text, "The shop's database shop.db is damaged (file is not a database)."),
    "random bytes": (_random_bytes, "The shop's database shop.db is damaged ("),
    "another program's": (_another_programs, "shop.db is not a Greeter database"),
}


def _shop_with_a_backup(path: Path) -> Path:
    """A shop with one customer, closed cleanly, and its backup (returned)."""
    store = Store(path)
    add_customer(store, "Marguerite", card="BG-1")
    backup = backup_now(store)
    store.close()
    return backup


def _left_alone(path: Path) -> set[str]:
    """What is in the file's folder: no -wal, -shm or backup appears beside a refused file."""
    return {p.name for p in path.parent.iterdir()}


def _contents(path: Path) -> list[str] | str:
    """A database's rows as SQL, or the bytes' digest of a file that is not one."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    except sqlite3.DatabaseError:
        return digest(path)
    finally:
        conn.close()


def _refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"greeter: {message}"), result.stderr
    assert result.stdout == ""


# -- not a shop at all --------------------------------------------------------------------


@pytest.mark.parametrize("kind", NOT_A_SHOP)
@pytest.mark.parametrize(
    "command",
    [["today"], ["profile", "--id", "1"], ["backup"], ["export", "customers", "out.csv"]],
)
def test_a_command_that_reads_the_shop_refuses_a_file_that_holds_none(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    path = tmp_path / "shop.db"
    make, message = NOT_A_SHOP[kind]
    make(path)
    before, beside = digest(path), _left_alone(path)

    result = run_cli("--db", str(path), *command)

    _refused(result, message)
    assert digest(path) == before and _left_alone(path) == beside


def test_a_snapshot_of_a_file_that_is_not_a_shop_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    _text(path)
    result = run_cli("--db", str(path), "snapshot", "--out", str(tmp_path / "card.png"))
    _refused(result, "The shop's database shop.db is damaged (file is not a database).")
    assert not (tmp_path / "card.png").exists()


def test_the_refusal_names_the_backup_to_restore(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    backup = _shop_with_a_backup(path)
    _text(path)
    result = run_cli("--db", str(path), "today")
    _refused(result, "The shop's database shop.db is damaged")
    assert (
        f'Restore the latest backup with: greeter --db {path} restore "{backup}"' in result.stderr
    )


@pytest.mark.parametrize("command", [["staff", "add", "Sam"], ["settings", "shop_name", "Mine"]])
def test_a_set_up_command_does_not_write_to_a_file_that_holds_no_shop(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "shop.db"
    _another_programs(path)
    before = digest(path)
    result = run_cli("--db", str(path), *command)
    _refused(result, "shop.db is not a Greeter database")
    assert result.stderr.count("not a Greeter database") == 1  # said once
    assert digest(path) == before


@pytest.mark.parametrize("kind", NOT_A_SHOP)
def test_the_restore_the_message_offers_works(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "shop.db"
    backup = _shop_with_a_backup(path)
    for old in tmp_path.glob("shop.db*"):
        old.unlink()
    NOT_A_SHOP[kind][0](path)
    replaced = _contents(path)

    # Pasted into a terminal, it asks first: yes.
    restored = run_cli_at_terminal("--db", str(path), "restore", str(backup), typed="y\n")
    profile = run_cli("--db", str(path), "profile", "--card", "BG-1")

    assert restored.returncode == 0, restored.stderr
    assert "Traceback" not in restored.stderr
    assert f"{path}: it cannot be read as a shop" in restored.stdout
    assert f"Restored {backup} into {path}." in restored.stdout
    assert profile.returncode == 0, profile.stderr
    assert "Marguerite" in profile.stdout
    (kept,) = tmp_path.glob("shop.db.before-restore-*")
    assert _contents(kept) == replaced  # what was there is kept


def _damaged_pins(path: Path) -> None:
    """A damaged page where the PINs are, found by no check at start-up (a clean stop)."""
    flip_bytes(path, (root_page(path, "staff_pins") - 1) * PAGE + 8, 64)


@pytest.mark.parametrize("spoil", [_text, _another_programs, _damaged_pins])
def test_restoring_over_a_file_that_cannot_say_who_its_owner_is_takes_the_backup_s_pin(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    priya = store.staff.add("Priya", "owner")
    store.auth.set_pin(priya, "2580")
    store.auth.set_pin(store.staff.add("Marcus", "staff"), "1470")
    add_customer(store, "Marguerite", card="BG-1")
    backup = backup_now(store)
    store.auth.set_pin(priya, "7391")  # since the backup, Priya changed her PIN
    store.close()
    if spoil is _another_programs:
        path.unlink()
    spoil(path)
    spoilt, held, beside = digest(path), digest(backup), _left_alone(path)
    why = "is damaged" if spoil is not _another_programs else "holds no shop"

    for args, message in [
        ((), f"The shop's file {why}, so an owner of this backup must type their PIN to "
             "restore it. Give it with --staff NAME --pin PIN."),
        # Her PIN of today is not the backup's; each command counts its own wrong PINs.
        (("--staff", "Priya", "--pin", "7391"), "Wrong PIN for Priya: 4 tries left"),
        (("--pin", "7391"), "Wrong PIN for Priya: 4 tries left"),
        (("--staff", "Marcus", "--pin", "1470"), "Marcus is staff; only an owner may restore"),
    ]:  # fmt: skip
        _refused(run_cli("--db", str(path), "restore", str(backup), *args), message)
        assert digest(path) == spoilt and digest(backup) == held
        assert _left_alone(path) == beside  # no copy kept, no -wal: nothing was done

    done = run_cli(
        "--db", str(path), "restore", str(backup), "--yes", "--staff", "Priya", "--pin", "2580"
    )

    assert done.returncode == 0, done.stderr
    assert f"Restored {backup} into {path}." in done.stdout
    assert digest(backup) == held
    with Store(path) as restored:
        assert restored.customers.count() == 1
        assert restored.audit.entries(action=AuditEvent.RESTORE, limit=1)[0].staff_name == "Priya"


# -- a file that can only be read --------------------------------------------------------


def _from_a_newer_greeter(path: Path) -> str:
    """The shop as a newer Greeter left it (upgraded on another computer): read-only. What
    to do about it, as said."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('greeter', '9999_from_the_future', '2030-01-01')"
        )
    conn.close()
    return "This file was written by a newer Greeter; update Greeter to change it."


def _damaged_in_a_crash(path: Path) -> str:
    """What the disk holds after a crash that damaged a page: the check at the next start
    finds it, and a shop can still be read from the rest. What to do about it, as said."""
    notes = root_page(path, "notes")  # first: reading it checkpoints any -wal away
    crashed = path.with_name("crashed.db")
    writer = connect(path)
    writer.execute("INSERT INTO settings (key, value) VALUES ('crash_test', 'yes')")
    for suffix in ("", "-wal"):  # copied while the writer still had the file open
        shutil.copyfile(f"{path}{suffix}", f"{crashed}{suffix}")
    writer.close()
    for suffix in ("", "-wal"):
        os.replace(f"{crashed}{suffix}", f"{path}{suffix}")
    flip_bytes(path, (notes - 1) * PAGE, 8)
    return (
        "Greeter opened it read-only and will not change it. Restore the latest backup with: "
        f'greeter --db {path} restore "{latest_backup(path)}"'
    )


@pytest.mark.parametrize("spoil", [_from_a_newer_greeter, _damaged_in_a_crash])
@pytest.mark.parametrize(
    "command",
    [["privacy", "export", "--id", "1", "--out", "{out}"], ["export", "customers", "{out}.csv"]],
)
def test_an_export_from_a_file_that_can_only_be_read_writes_nothing(
    tmp_path: Path, spoil: Callable[[Path], str], command: list[str]
) -> None:
    path = tmp_path / "shop.db"
    _shop_with_a_backup(path)
    why = spoil(path)
    out = tmp_path / "for-marguerite"
    before = digest(path)

    result = run_cli("--db", str(path), *[word.format(out=out) for word in command])

    _refused(
        result,
        "Nothing was exported: every export is recorded in the shop's audit trail, and "
        "Greeter cannot write to it. ",
    )
    assert why in result.stderr
    assert len(result.stderr.splitlines()) == 1  # said once, with what to do
    assert list(tmp_path.glob("for-marguerite*")) == []  # nothing left the shop unrecorded
    assert digest(path) == before


def test_a_backup_of_a_newer_greeter_s_file_is_made_though_it_cannot_be_recorded(
    tmp_path: Path,
) -> None:
    """Before updating Greeter, or restoring over it, a copy of the file is worth having."""
    path = tmp_path / "shop.db"
    _shop_with_a_backup(path)
    why = _from_a_newer_greeter(path)
    before, out = _contents(path), tmp_path / "before-updating.db"

    result = run_cli("--db", str(path), "backup", "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Backed up to {out} (integrity checked).\n"
    assert result.stderr.splitlines() == [
        f"greeter: {why} It is open read-only.",
        "greeter: The backup is not recorded in the shop's audit trail: the shop's file can "
        "only be read.",
    ]
    assert _contents(out) == before  # all of it, what marks it as a newer Greeter's too
    assert _contents(path) == before


def test_a_backup_of_a_newer_greeter_s_file_into_the_folder_pushes_no_earlier_one_out(
    tmp_path: Path,
) -> None:
    """This Greeter cannot restore a newer one's file: the backups it can restore stay."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("backups_kept", "1")
    store.close()
    earlier = _shop_with_a_backup(path)
    _from_a_newer_greeter(path)

    result = run_cli("--db", str(path), "backup")

    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.removeprefix("Backed up to ").split(" (")[0])
    assert made.exists() and made != earlier
    assert earlier.exists()


def test_a_backup_of_a_damaged_file_is_refused_and_the_earlier_ones_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    _shop_with_a_backup(path)
    why = _damaged_in_a_crash(path)
    backups = {p: digest(p) for p in (tmp_path / "backups").iterdir()}
    out = tmp_path / "before-restoring.db"

    result = run_cli("--db", str(path), "backup", "--out", str(out))

    _refused(result, "The shop's database shop.db is damaged")
    assert why in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "greeter: The shop's database seems damaged, so no backup was made and the earlier "
        f"ones are kept. Restore the latest backup with `greeter --db {path} restore FILE`."
    )
    assert not out.exists() and list(tmp_path.glob(".before-restoring*")) == []
    assert {p: digest(p) for p in (tmp_path / "backups").iterdir()} == backups


# -- a Greeter file with a damaged page ---------------------------------------------------


def test_a_damaged_page_found_while_reading_names_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    backup = _shop_with_a_backup(path)
    store = Store(path)
    store.notes.add(1, "Likes the blue case", store.staff.add("Priya"))
    store.close()
    data = bytearray(path.read_bytes())
    notes = (root_page(path, "notes") - 1) * PAGE
    data[notes : notes + PAGE] = random.Random(3).randbytes(PAGE)
    path.write_bytes(bytes(data))

    today = run_cli("--db", str(path), "today")  # reads no notes: still works
    profile = run_cli("--db", str(path), "profile", "--card", "BG-1")

    assert today.returncode == 0, today.stderr
    _refused(profile, "The shop's database shop.db is damaged (")
    assert (
        f'Restore the latest backup with: greeter --db {path} restore "{backup}"' in profile.stderr
    )


# -- nothing there to read ----------------------------------------------------------------


def test_an_empty_file_is_no_shop_and_stays_empty(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.touch()
    result = run_cli("--db", str(path), "today")
    _refused(result, f"There is no shop in {path}: the file is empty (0 bytes).")
    assert f"greeter --db {path} staff add NAME" in result.stderr
    assert path.stat().st_size == 0 and _left_alone(path) == {"shop.db"}


def test_an_empty_file_where_the_shop_was_names_its_backup(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    backup = _shop_with_a_backup(path)
    path.write_bytes(b"")
    result = run_cli("--db", str(path), "today")
    _refused(result, f"There is no shop in {path}: the file is empty (0 bytes).")
    assert f'If it held the shop, restore it with: greeter --db {path} restore "{backup}".' in (
        result.stderr
    )


def test_a_set_up_command_starts_a_shop_in_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.touch()
    added = run_cli("--db", str(path), "staff", "add", "Sam", "--role", "owner")
    listed = run_cli("--db", str(path), "staff", "list")
    assert added.returncode == 0, added.stderr
    assert "Sam" in listed.stdout


def test_a_folder_is_called_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shop.db"
    folder.mkdir()
    result = run_cli("--db", str(folder), "today")
    _refused(result, f"{folder} is a folder, not a shop's database file.")
    assert str(folder / "greeter.db") in result.stderr
    assert list(folder.iterdir()) == []


# -- the window ---------------------------------------------------------------------------

# `greeter --db FILE` until its window is on screen, then what the window says and shows.
OPEN_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from greeter.app import application
from greeter.cli import main
from greeter.ui.main_window import MainWindow

app = application()

def look():
    for window in app.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            print(window.windowTitle())
            print(window.banner.message.text())
            print(window.counter.store.read_only)
            app.quit()

watch = QTimer(interval=50, timeout=look)
watch.start()
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.mark.parametrize("kind", NOT_A_SHOP)
def test_the_window_opens_read_only_and_says_what_is_wrong(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "shop.db"
    make, message = NOT_A_SHOP[kind]
    make(path)
    before = digest(path)

    done = subprocess.run(
        [sys.executable, "-c", OPEN_WINDOW, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
    )

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    title, banner, read_only = done.stdout.splitlines()
    assert title == "Greeter — shop.db"
    assert banner.startswith(message)
    assert read_only == "True"
    assert digest(path) == before
