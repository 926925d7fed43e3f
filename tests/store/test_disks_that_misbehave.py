"""Full disks, killed backups, long file names and erasures stopped half-way: the shop's
file is never lost or half-written, nothing half-made is left behind, and what happened is
said."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.store.backup import backup_now, unfinished_backups
from greeter.store.database import DiskFull
from greeter.store.erasure_ledger import read_sidecar, sidecar_path
from greeter.store.restoring import restore_shop
from tests.helpers import add_customer
from tests.store.schema_fixtures import integrity, read_only


def _names(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT preferred_name FROM customers ORDER BY id")]
    finally:
        conn.close()


def _beside(path: Path) -> list[str]:
    """The files in the shop's folder, but for SQLite's own -wal and -shm."""
    return sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))


def _dead_pid() -> int:
    """The number of a process that has ended, as one killed during a backup has."""
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    return int(ended.stdout)


def _partial(folder: Path, pid: int, size: int = 300_000) -> Path:
    """What a backup killed part-way leaves: its hidden copy, and SQLite's journal of it."""
    partial = folder / f".shop-2026-11-22-083000.db.{pid}.partial"
    partial.write_bytes(b"\0" * size)
    partial.with_name(partial.name + "-journal").write_bytes(b"\0" * 512)
    return partial


# -- a full disk ----------------------------------------------------------------------------


def test_a_restore_on_a_full_disk_keeps_no_half_copy_and_says_how_much_room_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    add_customer(store, "Marguerite")
    backup = backup_now(store)
    add_customer(store, "Tomáš")  # since the backup
    store.close()
    before = _beside(path)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)  # each copy's last write finds the disk full
    with pytest.raises(DiskFull) as refused:
        restore_shop(path, backup)
    monkeypatch.undo()

    said = str(refused.value)
    assert said.startswith("Nothing was restored: the disk holding the shop's database is full.")
    assert "Restoring needs about 2 MB free there" in said
    assert _beside(path) == before  # no copy kept, whole or half, and no scratch file
    assert _names(path) == ["Marguerite", "Tomáš"]  # the shop's file as it was
    assert integrity(path) == ["ok"]


# -- a backup killed part-way -----------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="process numbers of ended processes")
def test_the_next_backup_removes_what_killed_backups_left(store: Store) -> None:
    folder = store.path.parent / "backups"
    folder.mkdir()
    killed = _partial(folder, _dead_pid())
    forgotten = _partial(folder, os.getppid())  # a running process, but untouched for 2 hours
    two_hours_ago = time.time() - 2 * 3600
    os.utime(forgotten, (two_hours_ago, two_hours_ago))
    running = folder / f".shop-2026-11-22-090000.db.{os.getppid()}.partial"
    running.write_bytes(b"\0" * 1000)  # another Greeter's backup, being written right now
    assert unfinished_backups(folder) == sorted([killed, forgotten])

    made = backup_now(store)

    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, running.name])
    assert integrity(made) == ["ok"]


# -- long file names --------------------------------------------------------------------------


def test_a_shop_with_a_very_long_file_name_is_backed_up_restored_and_erased(
    tmp_path: Path,
) -> None:
    path = tmp_path / ("Boutique des Trois Rivières " * 9)[:228].replace(" ", "-")
    path = path.with_name(path.name + ".db")  # 235 bytes with the accents, as the QA's
    store = Store(path)
    staff = store.staff.add("Priya", "owner")
    store.actor_id = staff
    zoe = add_customer(store, "Zoë", phone="416 555 0123")
    first = backup_now(store)
    second = backup_now(store)  # the same second, or not: a backup of its own
    assert first != second
    assert [len(p.name.encode()) <= 255 for p in (first, second)] == [True, True]

    erased = store.erasures.erase(zoe)
    assert erased.ledger_problem == "" and erased.file_clean
    assert list(read_sidecar(path).entries.values())[0].customer_id == zoe
    assert sidecar_path(path).exists()
    store.close()

    restored = restore_shop(path, first, staff)  # Zoë comes back, and is erased again

    assert restored.kept is not None and restored.kept.exists()
    assert restored.erased_again == [zoe] and restored.unfinished == ""
    assert _names(path) == []


# -- an erasure stopped between its commit and the ledger beside the file --------------------


def test_an_erasure_stopped_before_writing_the_ledger_beside_the_file_is_kept_there_all_the_same(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    owner = store.staff.add("Priya", "owner")
    store.actor_id = owner
    ana = add_customer(store, "Ana", card="AN-1")
    zoe = add_customer(store, "Zoë", card="ZO-1")
    older = tmp_path / "older-backup.db"
    backup_now(store, older)  # both of them in it
    store.erasures.erase(ana)
    written = sidecar_path(path).read_bytes()  # the ledger beside the file: Ana
    store.erasures.erase(zoe)
    # Killed after the commit, before the ledger beside the file was written: Ana alone.
    sidecar_path(path).write_bytes(written)
    store.close()

    Store(path).close()  # the shop is opened again, by the window or any command

    assert {e.customer_id for e in read_sidecar(path).entries.values()} == {ana, zoe}
    # The shop's file is lost; the older backup is restored in its place: Zoë stays erased.
    for lost in (path, path.with_name("shop.db-wal"), path.with_name("shop.db-shm")):
        lost.unlink(missing_ok=True)
    restored = restore_shop(path, older, owner)
    assert sorted(restored.erased_again) == sorted([ana, zoe])
    assert _names(path) == []
