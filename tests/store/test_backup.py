"""Backups: verified, private, rotated; restores that check first and keep what they replace."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from greeter.core.permissions import MAX_WRONG_PINS
from greeter.store import Store
from greeter.store.auth import LockedOut, NotAllowed, WrongPin
from greeter.store.backup import (
    BackupFailed,
    BackupTargetExists,
    backup_now,
    daily_backups,
    maybe_daily_backup,
    start_up_backup,
)
from greeter.store.restore_file import RestoreRefused, check_backup, restore
from greeter.store.restoring import BackupStaff, owner_unknown
from tests.helpers import add_customer, root_page, run_cli
from tests.store.schema_fixtures import applied_in, build_at, digest, integrity, read_only

MORNING = dt.datetime(2026, 11, 22, 8, 30)


def _note_texts(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT text FROM notes ORDER BY id")]
    finally:
        conn.close()


def _flip(path: Path, offset: int, length: int = 8) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if "partial" in p.name or "restoring" in p.name]


# -- making backups -----------------------------------------------------------------------


def test_a_backup_is_a_whole_private_greeter_database(store: Store, staff_id: int) -> None:
    customer = add_customer(store, "Zoë")
    store.notes.add(customer, "Likes the stickers.", staff_id)

    path = backup_now(store, now=MORNING)

    assert path == store.path.parent / "backups" / "shop-2026-11-22-083000.db"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert integrity(path) == ["ok"]
    check_backup(path)  # a Greeter database this Greeter can restore
    assert applied_in(path) == applied_in(store.path)
    assert _note_texts(path) == ["Likes the stickers."]
    conn = read_only(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal
    conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_one_automatic_backup_a_day(store: Store) -> None:
    first = maybe_daily_backup(store, now=MORNING)
    assert first is not None and first.exists()
    assert maybe_daily_backup(store, now=MORNING + dt.timedelta(hours=9)) is None
    tomorrow = maybe_daily_backup(store, now=MORNING + dt.timedelta(days=1))
    assert tomorrow is not None and tomorrow != first
    assert daily_backups(store.path, first.parent) == [tomorrow, first]


def test_only_the_last_n_backups_are_kept(store: Store) -> None:
    store.settings.set("backups_kept", "3")
    folder = store.path.parent / "backups"
    folder.mkdir()
    unrelated = [folder / "notes.txt", folder / "other-2026-01-01-000000.db"]
    for path in unrelated:
        path.write_text("not ours")
    made = [maybe_daily_backup(store, now=MORNING + dt.timedelta(days=d)) for d in range(6)]

    assert daily_backups(store.path, folder) == made[:2:-1]
    assert all(path.exists() for path in unrelated)


def test_the_backup_folder_setting(store: Store, tmp_path: Path) -> None:
    elsewhere = tmp_path / "usb stick" / "greeter"
    store.settings.set("backup_folder", str(elsewhere))
    assert backup_now(store, now=MORNING).parent == elsewhere
    store.settings.set("backup_folder", "nightly")
    assert backup_now(store, now=MORNING).parent == store.path.parent / "nightly"


def test_a_read_only_store_is_not_backed_up_daily(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    path.write_bytes(b"definitely not sqlite" * 300)
    store = Store(path)
    assert store.read_only
    assert maybe_daily_backup(store, now=MORNING) is None
    store.close()


def test_a_damaged_database_gives_no_backup_and_keeps_the_old_ones(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    store = Store(path)
    good = backup_now(store, now=MORNING)
    store.close()
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    conn.close()
    _flip(path, (root - 1) * 4096)

    store = Store(path)  # a clean stop: not checked, so it opens for writing
    with pytest.raises(BackupFailed, match="seems damaged, so no backup was made"):
        backup_now(store, now=MORNING + dt.timedelta(days=1))
    store.close()
    assert daily_backups(path, good.parent) == [good]
    assert _leftovers(good.parent) == []


def test_a_backup_into_a_missing_folder_that_cannot_be_made(store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    with pytest.raises(BackupFailed, match="Could not write the backup"):
        backup_now(store, blocker / "greeter.db")


def test_a_backup_never_overwrites_the_live_database(store: Store) -> None:
    with pytest.raises(BackupFailed, match="cannot overwrite"):
        backup_now(store, store.path)


def test_a_backup_never_replaces_a_database_in_use(store: Store, tmp_path: Path) -> None:
    other = Store(tmp_path / "other-shop.db")  # another shop's window, open
    try:
        omar = add_customer(other, "Omar")
        with pytest.raises(BackupFailed, match="is a database in use"):
            backup_now(store, other.path, replace=True)
        assert other.customers.get(omar).preferred_name == "Omar"
        assert integrity(other.path) == ["ok"]
    finally:
        other.close()
    assert _leftovers(tmp_path) == []


def test_a_backup_replaces_an_existing_file_only_when_asked(store: Store, tmp_path: Path) -> None:
    victim = tmp_path / "victim.csv"
    victim.write_text("name\nAnna\n", encoding="utf-8")

    with pytest.raises(BackupTargetExists, match="already exists"):
        backup_now(store, victim)

    assert victim.read_text(encoding="utf-8") == "name\nAnna\n"
    assert _leftovers(tmp_path) == []
    assert backup_now(store, victim, replace=True) == victim
    assert integrity(victim) == ["ok"]


# -- restoring ----------------------------------------------------------------------------


def test_restore_brings_the_data_back_and_keeps_what_it_replaced(
    store: Store, staff_id: int
) -> None:
    customer = add_customer(store, "Zoë")
    store.notes.add(customer, "Likes the stickers.", staff_id)
    backup = backup_now(store, now=MORNING)
    store.notes.add(customer, "Toddler is called Sam.", staff_id)

    kept = restore(store.path, backup, now=MORNING + dt.timedelta(hours=1))

    assert kept == store.path.with_name("shop.db.before-restore-20261122-093000")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert _note_texts(kept) == ["Likes the stickers.", "Toddler is called Sam."]
    assert _note_texts(store.path) == ["Likes the stickers."]
    # The window's open connection sees the restored data; the file stays in WAL mode.
    assert [n.text for n in store.notes.for_card(customer)] == ["Likes the stickers."]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert integrity(store.path) == ["ok"]
    store.notes.add(customer, "Back in business.", staff_id)


def test_two_restores_in_the_same_second_keep_both_copies(store: Store, staff_id: int) -> None:
    customer = add_customer(store, "Zoë")
    store.notes.add(customer, "Likes the stickers.", staff_id)
    backup = backup_now(store, now=MORNING)
    store.notes.add(customer, "Toddler is called Sam.", staff_id)
    when = MORNING + dt.timedelta(hours=1)

    first = restore(store.path, backup, now=when)
    second = restore(store.path, backup, now=when)

    assert first is not None and second is not None and first != second
    assert _note_texts(first) == ["Likes the stickers.", "Toddler is called Sam."]
    assert _note_texts(second) == ["Likes the stickers."]


def test_restore_replaces_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    rows = build_at(path)
    store = Store(path)
    backup = backup_now(store, now=MORNING)
    store.close()
    _flip(path, 0, 16)
    damaged = digest(path)

    kept = restore(path, backup, now=MORNING)

    assert kept is not None and digest(kept) == damaged  # the damaged bytes, kept as they were
    store = Store(path)
    assert not store.read_only, store.problem
    assert store.customers.get(1).preferred_name == rows["customers"][0]["preferred_name"]
    store.close()
    assert _leftovers(tmp_path) == []


def test_restore_into_a_new_place(tmp_path: Path) -> None:
    source = tmp_path / "shop.db"
    build_at(source)
    store = Store(source)
    backup = backup_now(store, now=MORNING)
    store.close()
    target = tmp_path / "new computer" / "greeter.db"

    assert restore(target, backup) is None
    assert target.stat().st_mode & 0o777 == 0o600
    assert _note_texts(target) == _note_texts(source)


def _newer(path: Path) -> Path:
    build_at(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('greeter', '9999_from_the_future', '2030-01-01')"
        )
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


def _damaged(path: Path) -> Path:
    build_at(path)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    _flip(path, (root - 1) * 4096)
    return path


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE stock (sku TEXT)")
    conn.close()
    return path


def _text(path: Path) -> Path:
    path.write_text("receipt,total\nR-1,12.00\n")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_text, "not a readable Greeter database"),
        (_foreign, "not a Greeter database"),
        (_damaged, "is damaged"),
        (_newer, "newer Greeter; update Greeter"),
        (lambda path: path, "There is no file"),
    ],
    ids=["text", "foreign", "damaged", "newer", "missing"],
)
def test_restore_refuses_what_it_cannot_trust(
    store: Store, staff_id: int, tmp_path: Path, make: object, words: str
) -> None:
    add_customer(store, "Zoë")
    candidate = make(tmp_path / "candidate.db")  # type: ignore[operator]
    before = digest(store.path)
    files = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(RestoreRefused, match=words):
        restore(store.path, candidate)

    assert digest(store.path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no copy kept, nothing left
    assert store.customers.count() == 1


def test_restoring_the_live_file_onto_itself_is_refused(store: Store) -> None:
    with pytest.raises(RestoreRefused, match="database itself"):
        restore(store.path, store.path)


# -- who may restore over a file that cannot say ------------------------------------------


def _with_pins(store: Store) -> Path:
    """Priya (owner, PIN 2580), Sam (owner, PIN 3691) and Marcus (staff, PIN 1470), backed
    up; the backup is returned."""
    for name, role, pin in (("Priya", "owner", "2580"), ("Sam", "owner", "3691")):
        store.auth.set_pin(store.staff.add(name, role), pin)
    store.auth.set_pin(store.staff.add("Marcus", "staff"), "1470")
    return backup_now(store, now=MORNING)


def _page(table: str, offset: int = 8) -> Callable[[Path], object]:
    """Damage the page where `table`'s rows start: found by no check when the file is opened
    after a clean stop."""
    return lambda path: _flip(path, (root_page(path, table) - 1) * 4096 + offset, 64)


def _another_programs(path: Path) -> None:
    path.unlink()
    _foreign(path)


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda path: None, None),
        (_page("staff_pins"), "is damaged"),  # the PINs would read as off
        (_page("staff"), "is damaged"),
        (lambda path: _flip(path, 0, 16), "is damaged"),
        (_another_programs, "holds no shop"),
        (_page("notes"), None),  # the staff and their PINs can still be trusted
    ],
    ids=["whole", "damaged PINs", "damaged staff", "damaged header", "another program's", "notes"],
)
def test_a_file_that_cannot_say_who_its_owner_is(
    tmp_path: Path, spoil: Callable[[Path], object], why: str | None
) -> None:
    path = tmp_path / "shop.db"
    with Store(path) as store:
        _with_pins(store)
    spoil(path)

    with Store(path) as opened:
        said = owner_unknown(opened)

    expected = f"The shop's file {why}, so an owner of this backup must type their PIN"
    assert said == (None if why is None else f"{expected} to restore it.")


def test_a_backup_s_pins_are_only_read_and_wrong_ones_lock_out_all_the_same(
    store: Store,
) -> None:
    """Nothing is written to the backup, so its PINs cannot be guessed without end either:
    wrong ones are counted in memory, and lock out as in the shop's file, even from a backup
    opened again; a right one clears the count."""
    backup = _with_pins(store)
    held = digest(backup)
    now = MORNING

    with BackupStaff(backup, clock=lambda: now) as staff:
        assert [owner.name for owner in staff.owners()] == ["Priya", "Sam"]
        with pytest.raises(NotAllowed, match="Marcus is staff; only an owner may restore"):
            staff.owner("Marcus", "1470")
        for left in range(MAX_WRONG_PINS - 1, 0, -1):
            with pytest.raises(WrongPin, match=f"^Wrong PIN for Priya: {left} tr"):
                staff.owner("Priya", "1111")
        with pytest.raises(WrongPin, match="^Wrong PIN for Sam. Priya is locked out after 5"):
            staff.owner(None, "1111")  # Priya's fifth wrong PIN, Sam's first
        assert staff.owner(None, "3691").name == "Sam"  # whichever owner's PIN it is
    with BackupStaff(backup, clock=lambda: now) as staff:  # opened again: still counted
        with pytest.raises(LockedOut, match="^Priya is locked out after 5 wrong PINs, until 08:35"):
            staff.owner("Priya", "2580")  # not even the right PIN
        for _ in range(MAX_WRONG_PINS):
            with pytest.raises((WrongPin, LockedOut)):
                staff.owner(None, "1111")
        with pytest.raises(LockedOut, match="^Priya is locked out .* Sam is locked out"):
            staff.owner(None, "3691")  # nobody is left to try it for

    later = now + dt.timedelta(minutes=5, seconds=1)
    with BackupStaff(backup, clock=lambda: later) as staff:
        assert staff.owner("Priya", "2580").name == "Priya"
        assert staff.owner(None, "3691").name == "Sam"
    assert digest(backup) == held
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]  # no -wal, no -shm


def test_a_single_user_backup_asks_nobody(store: Store, staff_id: int) -> None:
    backup = backup_now(store, now=MORNING)
    with BackupStaff(backup) as staff:
        assert staff.owners() == []
        assert staff.owner(None, None).id == staff_id


def test_a_backup_is_checked_before_its_pins_are_read(tmp_path: Path) -> None:
    with pytest.raises(RestoreRefused, match="is damaged"):
        BackupStaff(_damaged(tmp_path / "candidate.db"))


# -- the commands -------------------------------------------------------------------------


def test_backup_and_restore_commands(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    out = tmp_path / "monday.db"

    made = run_cli("backup", "--db", str(path), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert str(out) in made.stdout and out.stat().st_mode & 0o777 == 0o600
    assert integrity(out) == ["ok"]

    store = Store(path)
    store.staff.add("Sam")
    store.close()
    done = run_cli("restore", "--db", str(path), str(out), "--yes")
    assert done.returncode == 0, done.stderr
    assert "before-restore" in done.stdout
    conn = read_only(path)  # Sam, added since the backup, is still on the staff
    assert [r[0] for r in conn.execute("SELECT name FROM staff ORDER BY id")] == ["Priya", "Sam"]
    conn.close()

    listed = run_cli("backup", "--db", str(path), "--list")
    assert "0 backups in" in listed.stdout
    run_cli("backup", "--db", str(path))
    assert "1 backup in" in run_cli("backup", "--db", str(path), "--list").stdout

    refused = run_cli("restore", "--db", str(path), str(tmp_path / "nothing.db"), "--yes")
    assert refused.returncode == 1
    assert refused.stderr.startswith("greeter: There is no file")


def test_a_failed_start_up_backup_becomes_a_warning(store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    store.settings.set("backup_folder", str(blocker / "backups"))
    assert start_up_backup(store) is None
    (warning,) = store.warnings
    assert warning.startswith("Today's backup was not made: Could not write the backup")
    store.settings.set("backup_folder", "")
    assert start_up_backup(store) is not None


def test_two_backups_in_the_same_second_are_both_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "shop.db")
    try:
        when = dt.datetime(2026, 11, 23, 9, 30, 5)
        first = backup_now(store, now=when)
        add_customer(store, "Marguerite")
        second = backup_now(store, now=when)
    finally:
        store.close()

    assert first != second and first.exists() and second.exists()
    assert second.name == "shop-2026-11-23-093006.db"  # a second on: still a daily backup
