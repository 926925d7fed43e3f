"""Start-up checks: damaged, foreign, newer and misplaced files are opened without harm."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.store.customers import NewCustomer
from greeter.store.database import (
    NEWER_MESSAGE,
    NewerDatabase,
    ReadOnlyDatabase,
    StorageProblem,
    connect,
    is_stand_in,
)
from greeter.store.health import (
    empty_file,
    location_warnings,
    open_database,
    read_failure,
    unclean_stop,
)
from greeter.store.lookup import peek_full_name
from tests.helpers import add_customer, run_cli
from tests.store.schema_fixtures import applied_in, build_at, digest

PAGE = 4096


def _shop(path: Path) -> Path:
    """A healthy shop file, closed cleanly (no -wal left)."""
    build_at(path)
    Store(path).close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def _back_up(path: Path) -> None:
    store = Store(path)
    backup_now(store)
    store.close()


def _crash_image(source: Path, target: Path) -> Path:
    """What the disk holds after a crash: the file plus a -wal with a committed write that was
    never checkpointed (copied while the writer still had the file open)."""
    writer = connect(source)
    writer.execute("INSERT INTO settings (key, value) VALUES ('crash_test', 'yes')")
    shutil.copyfile(source, target)
    shutil.copyfile(source.with_name(source.name + "-wal"), target.with_name(target.name + "-wal"))
    writer.close()
    return target


def _flip(path: Path, offset: int, length: int = 16) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _notes_root_page(path: Path) -> int:
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    conn.close()
    return int(page)


def _files(path: Path) -> dict[str, str]:
    """The file and its -wal, byte for byte (a read-only open may leave an empty -wal)."""
    wal = path.with_name(path.name + "-wal")
    return {"db": digest(path), "wal": digest(wal) if wal.exists() and wal.stat().st_size else ""}


def _assert_refuses_writes(store: Store, match: str) -> None:
    with pytest.raises(ReadOnlyDatabase, match=match):
        store.staff.add("Sam")


# -- damaged files ------------------------------------------------------------------------


def test_a_file_with_a_flipped_header_opens_read_only_and_offers_a_restore(
    tmp_path: Path,
) -> None:
    shop = _shop(tmp_path / "shop.db")
    _back_up(shop)
    copy = tmp_path / "copy.db"
    shutil.copyfile(shop, copy)
    _flip(copy, 0)
    before = _files(copy)

    store = Store(copy)
    assert store.read_only
    assert store.problem is not None
    assert "damaged" in store.problem and "greeter restore" in store.problem
    _assert_refuses_writes(store, "damaged")
    store.close()
    assert _files(copy) == before  # not one byte written, no migration run


def test_a_damaged_page_is_found_by_the_check_and_never_written(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    _back_up(shop)
    _flip(shop, (_notes_root_page(shop) - 1) * PAGE, 8)
    before = _files(shop)

    store = Store(shop, verify=True)
    assert store.read_only
    assert store.problem is not None
    assert "damaged" in store.problem
    assert 'greeter restore "' in store.problem and "backups" in store.problem  # latest backup
    _assert_refuses_writes(store, "greeter restore")
    assert not is_stand_in(store.db)  # what is not damaged can still be shown
    assert store.customers.get(1).preferred_name == "Zoë"
    store.close()
    assert _files(shop) == before


def test_after_an_unclean_stop_the_file_is_checked(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    held = Store(shop)
    image = _crash_image(shop, tmp_path / "crashed.db")
    held.close()
    assert unclean_stop(image)

    opened = open_database(image)
    assert opened.unclean_stop and opened.checked
    assert not opened.read_only, opened.problem
    assert opened.db.execute("SELECT value FROM settings WHERE key = 'crash_test'").fetchone()
    opened.db.close()
    assert not unclean_stop(image)  # a clean close checkpointed it


def test_a_damaged_file_left_by_a_crash_is_caught_without_asking(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    image = _crash_image(shop, tmp_path / "crashed.db")
    _flip(image, (_notes_root_page(shop) - 1) * PAGE, 8)
    before = _files(image)

    store = Store(image)  # no verify: the leftover -wal is enough to run quick_check
    assert store.unclean_stop and store.read_only
    assert store.problem is not None and "damaged" in store.problem
    store.close()
    assert _files(image) == before


def test_a_healthy_file_after_a_clean_stop_is_not_checked(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    opened = open_database(shop)
    assert not (opened.read_only or opened.unclean_stop or opened.checked)
    opened.db.close()


def test_a_worker_beside_the_open_window_does_not_check_the_whole_file_again(
    tmp_path: Path,
) -> None:
    shop = _shop(tmp_path / "shop.db")
    window = Store(shop)
    window.settings.set("shop_name", "Bytown")  # the window's log is not empty while open
    assert unclean_stop(shop)  # to any other program, it looks like a crash

    # A worker's connection in the same process: the window checked the file at open.
    opened = open_database(shop, already_open=True)
    assert not (opened.read_only or opened.unclean_stop or opened.checked)
    opened.db.execute("UPDATE settings SET value = 'Bytown Gadgets' WHERE key = 'shop_name'")
    assert window.settings.load().shop_name == "Bytown Gadgets"
    opened.db.close()
    window.close()


def test_a_file_that_is_not_a_database_at_all(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.write_text("name,phone\nZoë,416 555 0123\n" * 200)
    before = digest(path)
    store = Store(path)
    assert store.read_only and store.problem and "damaged" in store.problem
    assert is_stand_in(store.db)
    assert store.auth.single_user_mode() and store.customers.count() == 0  # no query fails
    _assert_refuses_writes(store, "damaged")
    store.close()
    assert digest(path) == before


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shop.db"
    folder.mkdir()
    with pytest.raises(StorageProblem, match="is a folder, not a shop's database file"):
        Store(folder)
    assert list(folder.iterdir()) == []


def test_an_empty_file_holds_no_shop_unless_its_log_holds_one(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.touch()
    assert empty_file(path)
    path.with_name("shop.db-wal").write_bytes(b"\1" * 32)  # saved pages not yet copied in
    assert not empty_file(path)
    assert not empty_file(tmp_path / "missing.db") and not empty_file(tmp_path)


# -- files that are whole but not ours to change ------------------------------------------


def test_a_file_from_a_newer_greeter_is_read_only(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    conn = sqlite3.connect(shop)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('greeter', '9999_from_the_future', '2030-01-01')"
        )
    conn.close()
    before = _files(shop)

    store = Store(shop)
    assert store.read_only
    assert store.problem is not None and store.problem.startswith(NEWER_MESSAGE)
    assert store.customers.get(1).preferred_name == "Zoë"  # still readable
    _assert_refuses_writes(store, "newer Greeter; update Greeter")
    store.close()
    with pytest.raises(NewerDatabase, match="update Greeter"):
        connect(shop)
    assert _files(shop) == before
    assert applied_in(shop)[-1] == "9999_from_the_future"


def test_another_programs_database_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "stock.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE stock (sku TEXT, quantity INTEGER)")
    conn.close()
    before = digest(path)
    store = Store(path)
    assert store.read_only and store.problem and "not a Greeter database" in store.problem
    assert is_stand_in(store.db)
    assert store.staff.all()[0].name == "Owner"  # someone who may restore a backup over it
    _assert_refuses_writes(store, "not a Greeter database")
    store.close()
    assert digest(path) == before


def test_an_empty_file_becomes_a_new_shop(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.touch()
    store = Store(path)
    assert not store.read_only
    assert store.staff.add("Sam")
    store.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anything")
def test_a_read_only_file_says_so(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    shop.chmod(0o400)
    store = Store(shop)
    assert store.read_only and store.problem and "read-only" in store.problem
    _assert_refuses_writes(store, "read-only")
    store.close()


# -- where the file lives -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("Dropbox/shop", "Dropbox"),
        ("OneDrive - Fixture Phones", "OneDrive"),
        ("Google Drive/My Drive", "Google Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud"),
        ("iCloud Drive", "iCloud"),
    ],
)
def test_a_sync_folder_gets_a_warning(tmp_path: Path, folder: str, service: str) -> None:
    store = Store(tmp_path / folder / "greeter.db")
    assert not store.read_only
    assert len(store.warnings) == 1
    assert f"inside a {service} folder" in store.warnings[0]
    store.close()


def test_a_local_folder_gets_no_warning(tmp_path: Path) -> None:
    store = Store(tmp_path / "shop" / "greeter.db")
    assert store.warnings == []
    store.close()


def test_a_network_mount_gets_a_warning(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "fileserver:/shop /mnt/the\\040shop nfs4 rw 0 0\n"
        "/dev/sdb1 /mnt/the\\040shop/local ext4 rw 0 0\n"
    )
    (warning,) = location_warnings(Path("/mnt/the shop/greeter.db"), mounts=mounts)
    assert "network drive (nfs4 at /mnt/the shop)" in warning
    assert location_warnings(Path("/mnt/the shop/local/greeter.db"), mounts=mounts) == []
    assert location_warnings(Path("/home/shop/greeter.db"), mounts=mounts) == []
    assert location_warnings(Path("/home/shop/greeter.db"), mounts=tmp_path / "none") == []


def test_the_command_line_prints_warnings_and_problems(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "greeter.db"
    Store(synced).close()
    result = run_cli("backup", "--db", str(synced), "--list")
    assert result.returncode == 0, result.stderr
    assert "inside a Dropbox folder" in result.stderr

    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"\0" * 100 + b"not sqlite" * 500)
    result = run_cli("backup", "--db", str(damaged), "--list")
    assert "damaged" in result.stderr and f"greeter --db {damaged} restore" in result.stderr


def test_a_file_whose_header_is_damaged_is_not_read_at_all(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    store = Store(shop)
    add_customer(store, "Marguerite")
    store.close()
    _flip(shop, 0)
    before = _files(shop)

    damaged = Store(shop)
    assert damaged.read_only and is_stand_in(damaged.db)
    assert damaged.customers.count() == 0  # an empty stand-in, never half a shop
    _assert_refuses_writes(damaged, "damaged")
    damaged.close()
    assert _files(shop) == before


def test_a_damaged_page_found_by_a_read_names_the_backup_to_restore(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    _back_up(shop)
    (backup,) = (tmp_path / "backups").iterdir()
    store = Store(shop)
    add_customer(store, "Marguerite")
    store.close()
    _flip(shop, (_notes_root_page(shop) - 1) * PAGE, 8)

    store = Store(shop)  # closed cleanly, so not checked: the damage shows at the first read
    with pytest.raises(sqlite3.DatabaseError) as raised:
        store.notes.all_for(1)
    store.close()

    problem = read_failure(shop, raised.value)
    assert problem is not None
    assert str(problem).startswith("The shop's database shop.db is damaged (")
    assert f'Restore the latest backup with: greeter restore "{backup}"' in str(problem)
    assert read_failure(shop, sqlite3.OperationalError("no such column: x")) is None  # a bug


def test_the_tills_name_lookup_reads_the_open_file_as_it_is(tmp_path: Path) -> None:
    shop = _shop(tmp_path / "shop.db")
    window = Store(shop)
    ana = window.customers.add(NewCustomer("Ana", "Ana Lima"))  # in the window's log only
    assert unclean_stop(shop)

    assert peek_full_name(shop, ana) == "Ana Lima"
    assert peek_full_name(shop, ana + 1) == ""
    assert peek_full_name(tmp_path / "not-a-shop.txt", 1) == ""
    window.close()
