"""Staff PINs: stored only as salted scrypt hashes, lockout that survives a restart,
single-user mode until an owner has a PIN, and `require` applying the permission matrix."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from greeter.core.permissions import Action
from greeter.store import Store
from greeter.store.auth import (
    LockedOut,
    NoPin,
    NotAllowed,
    PinRequired,
    WrongPin,
    hash_pin,
    pin_matches,
)
from greeter.store.errors import Conflict, Invalid
from tests.store.schema_fixtures import digest


@pytest.fixture
def shop(tmp_path: Path) -> Store:
    store = Store(tmp_path / "shop.db")
    store.staff.add("Priya", "owner")
    store.staff.add("Marcus", "manager")
    store.staff.add("Mei", "staff")
    return store


def ids(store: Store) -> dict[str, int]:
    return {s.name: s.id for s in store.staff.all()}


def test_hash_is_salted_scrypt_with_its_parameters() -> None:
    first, second = hash_pin("2580"), hash_pin("2580")
    assert first != second  # a fresh salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert pin_matches("2580", first) and not pin_matches("2581", first)
    assert not pin_matches("2580", "md5$nonsense")


def test_no_pin_text_anywhere_in_the_file(shop: Store, tmp_path: Path) -> None:
    shop.auth.set_pin(ids(shop)["Priya"], "73915")
    shop.auth.verify("Priya", "73915")
    shop.close()
    for suffix in ("", "-wal"):
        path = Path(f"{tmp_path / 'shop.db'}{suffix}")
        if path.exists():
            assert b"73915" not in path.read_bytes()


def test_single_user_mode_until_an_owner_sets_a_pin(shop: Store) -> None:
    staff = ids(shop)
    assert shop.auth.single_user_mode()
    # No PIN asked: the named person acts, within their role; with no name, the owner.
    assert shop.auth.require(Action.ADD_NOTE, "Mei", None).name == "Mei"
    assert shop.auth.require(Action.ERASE, None, None).name == "Priya"
    with pytest.raises(NotAllowed, match="Mei is staff; only an owner may erase"):
        shop.auth.require(Action.ERASE, "Mei", None)
    shop.auth.set_pin(staff["Marcus"], "2580")  # a manager's PIN does not switch PINs on
    assert shop.auth.single_user_mode()
    shop.auth.set_pin(staff["Priya"], "7391")
    assert not shop.auth.single_user_mode()
    with pytest.raises(PinRequired, match="--staff NAME --pin PIN"):
        shop.auth.require(Action.ADD_NOTE, "Mei", None)
    with pytest.raises(NoPin, match="Mei has no PIN yet"):
        shop.auth.require(Action.ADD_NOTE, "Mei", "1470")
    assert shop.auth.require(Action.MERGE_CUSTOMERS, "Marcus", "2580").name == "Marcus"
    with pytest.raises(NotAllowed, match="only an owner may export"):
        shop.auth.require(Action.EXPORT, "Marcus", "2580")
    assert shop.auth.require(Action.EXPORT, "priya", "7391").name == "Priya"


def test_weak_or_malformed_pins_are_refused(shop: Store) -> None:
    for pin in ("123", "1111", "4321", "12345678901", "12ab"):
        with pytest.raises(Invalid):
            shop.auth.set_pin(ids(shop)["Mei"], pin)
    assert not shop.auth.has_pin(ids(shop)["Mei"])


def test_five_wrong_pins_lock_out_for_five_minutes_even_after_a_restart(
    shop: Store, tmp_path: Path
) -> None:
    shop.auth.set_pin(ids(shop)["Marcus"], "2580")
    now = dt.datetime(2026, 11, 22, 10, 0)
    shop.auth.clock = lambda: now
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin, match=f"{left} tr") as wrong:
            shop.auth.verify("Marcus", "0000")
        assert wrong.value.attempts_left == left
    with pytest.raises(LockedOut, match="until 10:05") as locked:
        shop.auth.verify("Marcus", "0000")
    assert locked.value.until == dt.datetime(2026, 11, 22, 10, 5)
    shop.close()

    again = Store(tmp_path / "shop.db")  # restarting does not reset the lock
    again.auth.clock = lambda: now + dt.timedelta(minutes=4)
    with pytest.raises(LockedOut):
        again.auth.verify("Marcus", "2580")  # not even the right PIN
    assert again.auth.statuses()[0].locked_until == dt.datetime(2026, 11, 22, 10, 5)
    again.auth.clock = lambda: now + dt.timedelta(minutes=5, seconds=1)
    assert again.auth.verify("Marcus", "2580").name == "Marcus"
    # A right PIN clears the count: four more wrong ones do not lock.
    for _ in range(4):
        with pytest.raises(WrongPin):
            again.auth.verify("Marcus", "0000")
    assert again.auth.verify("Marcus", "2580").role == "manager"
    events = [e.action for e in again.audit.entries(action=None) if e.table_name == "staff"]
    assert events.count("pin_wrong") == 8 and events.count("locked_out") == 1
    again.close()


def _from_a_newer_greeter(path: Path) -> Store:
    """The shop as a newer Greeter left it: Greeter may only read it."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('greeter', '9999_from_the_future', '2030-01-01')"
        )
    conn.close()
    store = Store(path)
    assert store.read_only
    return store


def test_wrong_pins_on_a_file_that_can_only_be_read_lock_out_all_the_same(
    shop: Store, tmp_path: Path
) -> None:
    """Nothing can be written to the file, so the wrong PINs are counted while Greeter runs
    (a window on a read-only shop, reopened or not), and the file is left as it was."""
    path = tmp_path / "shop.db"
    shop.auth.set_pin(ids(shop)["Marcus"], "2580")
    shop.close()
    read_only = _from_a_newer_greeter(path)
    held = digest(path)
    now = dt.datetime(2026, 11, 22, 10, 0)
    read_only.auth.clock = lambda: now
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin, match=f"Wrong PIN for Marcus: {left} tr"):
            read_only.auth.verify("Marcus", "0000")
    with pytest.raises(LockedOut) as locked:
        read_only.auth.verify("Marcus", "0000")
    # Not sent to set a new PIN: nobody can, in a file that can only be read.
    assert str(locked.value) == (
        "Marcus is locked out after 5 wrong PINs, until 10:05 (2026-11-22)."
    )
    read_only.close()

    again = Store(path)  # the window's file opened again
    again.auth.clock = lambda: now + dt.timedelta(minutes=4)
    with pytest.raises(LockedOut):
        again.auth.verify("Marcus", "2580")  # not even the right PIN
    again.auth.clock = lambda: now + dt.timedelta(minutes=5, seconds=1)
    assert again.auth.verify("Marcus", "2580").name == "Marcus"
    for _ in range(4):  # a right PIN clears the count
        with pytest.raises(WrongPin):
            again.auth.verify("Marcus", "0000")
    assert again.auth.verify("Marcus", "2580").name == "Marcus"
    again.close()
    assert digest(path) == held


def test_an_owner_can_reset_a_locked_out_pin(shop: Store) -> None:
    marcus = ids(shop)["Marcus"]
    shop.auth.set_pin(marcus, "2580")
    for _ in range(5):
        with pytest.raises((WrongPin, LockedOut)):
            shop.auth.verify("Marcus", "9999")
    shop.auth.set_pin(marcus, "3691")
    assert shop.auth.verify("Marcus", "3691").id == marcus


def test_switch_puts_someone_on_duty_and_attributes_changes_to_them(shop: Store) -> None:
    shop.auth.set_pin(ids(shop)["Priya"], "7391")
    shop.auth.set_pin(ids(shop)["Mei"], "1470")
    with pytest.raises(WrongPin):
        shop.auth.switch("Mei", "1471")
    mei = shop.auth.switch("Mei", "1470")
    assert shop.actor_id == mei.id
    shop.auth.permit(mei, Action.ADD_NOTE)
    with pytest.raises(NotAllowed):
        shop.auth.permit(mei, Action.IMPORT)
    assert shop.audit.entries(action="on_duty")[0].staff_name == "Mei"


def test_removing_staff_forgets_their_pin_but_never_the_last_owner(shop: Store) -> None:
    staff = ids(shop)
    shop.auth.set_pin(staff["Mei"], "1470")
    shop.auth.remove("Mei")
    assert "Mei" not in ids(shop) and not shop.auth.has_pin(staff["Mei"])
    with pytest.raises(Conflict, match="only owner"):
        shop.auth.remove("Priya")
    shop.staff.add("Hélène", "owner")
    shop.auth.set_pin(staff["Priya"], "7391")
    with pytest.raises(Conflict, match="only owner with a PIN"):
        shop.auth.remove("Priya")
    shop.auth.remove("Hélène")
    assert not shop.auth.single_user_mode()


def test_the_command_to_set_a_pin_can_be_pasted_for_a_name_with_a_space(shop: Store) -> None:
    staff = ids(shop)
    shop.staff.add("Hélène Tremblay", "staff")
    shop.auth.set_pin(staff["Priya"], "7391")  # PINs on
    with pytest.raises(NoPin) as no_pin:
        shop.auth.require(Action.ADD_NOTE, "Hélène Tremblay", "1470")
    assert 'an owner sets one with `greeter staff pin "Hélène Tremblay"`.' in str(no_pin.value)
    with pytest.raises(NoPin, match="`greeter staff pin Mei`"):  # no quotes where none needed
        shop.auth.require(Action.ADD_NOTE, "Mei", "1470")
