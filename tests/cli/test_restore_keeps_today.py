"""`greeter restore` brings back the backup's customers and notes, but not yesterday's truth
about who may use the shop, which numbers were given and who was erased: today's staff and
PINs stay, a number given since is never given again, and erasures made after the backup
(found in the file it replaced, or in the shop's other backups and ledgers beside it, on a
new computer too) are made again. A computer with no shop says how to restore one."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.backup import backup_now
from tests.helpers import add_customer, run_cli
from tests.store.schema_fixtures import read_only

PRIYA = ("--staff", "Priya", "--pin", "2580")


def _names(path: Path, sql: str) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute(sql)]
    finally:
        conn.close()


def _customers(path: Path) -> list[str]:
    return _names(path, "SELECT preferred_name FROM customers ORDER BY id")


def _staff_list(path: Path) -> list[str]:
    listed = run_cli("--db", str(path), "staff", "list")
    assert listed.returncode == 0, listed.stderr
    return [" ".join(line.split()) for line in listed.stdout.splitlines()[1:]]


def test_staff_who_left_stay_gone_and_pins_stay_today_s(tmp_path: Path) -> None:
    """Saturday's backup has Jo (PIN 3692) and Priya's old PIN; since then Jo left, Sam
    started and Priya changed her PIN. Restoring Saturday brings back Jo's note, not Jo."""
    path = tmp_path / "shop.db"
    store = Store(path)
    priya = store.staff.add("Priya", "owner")
    store.auth.set_pin(priya, "1357")
    jo = store.staff.add("Jo")
    store.auth.set_pin(jo, "3692")
    store.actor_id = priya
    bo = add_customer(store, "Bo")
    store.notes.add(bo, "Likes the blue case", jo)
    backup = backup_now(store, tmp_path / "saturday.db")
    store.auth.remove("Jo")
    store.auth.set_pin(store.staff.add("Sam"), "4826")
    store.auth.set_pin(priya, "2580")
    store.close()

    done = run_cli("--db", str(path), "restore", str(backup), "--yes", *PRIYA)

    assert done.returncode == 0, done.stderr
    assert (
        "Staff and PINs are today's: Jo, removed since the backup, stays removed; Sam, on the "
        "staff since the backup, stays on it.\n"
    ) in done.stdout
    assert _staff_list(path) == ["Priya owner PIN set", "Sam staff PIN set"]
    note = ("--db", str(path), "note", "add", "--id", str(bo), "--text", "Back again")
    as_jo = run_cli(*note, "--staff", "Jo", "--pin", "3692")
    assert as_jo.returncode == 1
    assert as_jo.stderr == "greeter: There is no staff member called “Jo” (staff: Priya, Sam).\n"
    old_pin = run_cli(*note, "--staff", "Priya", "--pin", "1357")
    assert old_pin.returncode == 1 and "Wrong PIN for Priya" in old_pin.stderr
    as_sam = run_cli(*note, "--staff", "Sam", "--pin", "4826")
    assert as_sam.returncode == 0, as_sam.stderr
    written_by = "SELECT s.name FROM notes n JOIN staff s ON s.id = n.author_id ORDER BY n.id"
    assert _names(path, written_by) == ["Jo", "Sam"]  # Jo's note is still Jo's
    with Store(path) as restored:
        (record,) = restored.audit.entries(action=AuditEvent.RESTORE)
        assert record.staff_name == "Priya" and record.detail["staff_kept"] is True


def test_a_number_given_since_the_backup_is_never_given_again(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with Store(path) as store:
        store.staff.add("Priya", "owner")
        for name in ("Aoife", "Bo", "Cathal", "Dara"):
            add_customer(store, name)
        backup = backup_now(store, tmp_path / "saturday.db")
    added = run_cli("--db", str(path), "customer", "add", "--name", "Jürgen")
    assert added.stdout.startswith("added customer 5 Jürgen"), added.stderr

    done = run_cli("--db", str(path), "restore", str(backup), "--yes")
    bobby = run_cli("--db", str(path), "customer", "add", "--name", "Bobby", "--force")

    assert done.returncode == 0, done.stderr
    assert bobby.returncode == 0, bobby.stderr
    assert bobby.stdout.startswith("added customer 6 Bobby")  # 5 was Jürgen's
    assert _customers(path) == ["Aoife", "Bo", "Cathal", "Dara", "Bobby"]


def _old_computer(tmp_path: Path) -> tuple[Path, Path]:
    """Priya's shop (PIN 2580; Jo on the staff, PIN 3692) with Aoife and Bo, backed up to
    a USB stick; then Aoife was erased. The shop's file and the old backup."""
    usb = tmp_path / "usb"
    path = tmp_path / "old" / "greeter.db"
    path.parent.mkdir()
    with Store(path) as store:
        store.auth.set_pin(store.staff.add("Priya", "owner"), "2580")
        store.auth.set_pin(store.staff.add("Jo"), "3692")
        aoife = add_customer(store, "Aoife", phone="613-555-0142")
        add_customer(store, "Bo", card="BG-2")
        old = backup_now(store, usb / "old-pre-erasure.db")
        store.erasures.erase(aoife)
    return path, old


@pytest.mark.parametrize("new_shop", [False, True], ids=["no file yet", "a new shop set up"])
def test_on_a_new_computer_erasures_in_a_later_backup_are_made_again(
    tmp_path: Path, new_shop: bool
) -> None:
    """The old computer is gone; its later backup, made with `backup --out`, is on the USB
    stick beside the older one being restored: it carries the ledger (its erasures table
    and secret), so Aoife, erased after the older backup, is erased again."""
    old_shop, old = _old_computer(tmp_path)
    later = run_cli("--db", str(old_shop), "backup", "--out", f"{old.parent}/", *PRIYA)
    assert later.returncode == 0, later.stderr
    (later_backup,) = (p for p in old.parent.iterdir() if p != old)
    assert sorted(p.name for p in old.parent.iterdir()) == sorted([old.name, later_backup.name])
    shutil.rmtree(old_shop.parent)  # the old computer died
    path = tmp_path / "new" / "greeter.db"
    if new_shop:  # set up on the new computer first: its staff are not the shop's
        path.parent.mkdir()
        added = run_cli("--db", str(path), "staff", "add", "Priya", "--role", "owner")
        assert added.returncode == 0, added.stderr

    done = run_cli("--db", str(path), "restore", str(old), "--yes", *PRIYA)

    assert done.returncode == 0, done.stderr
    assert (
        "1 erased customer it still held was erased again, as the erasure ledger in "
        f"{later_backup} says.\n"
    ) in done.stdout
    assert _customers(path) == ["Bo"]
    assert "Staff and PINs are today's" not in done.stdout
    assert _staff_list(path) == ["Jo staff PIN set", "Priya owner PIN set"]  # the backup's


def test_a_ledger_file_beside_the_backup_counts_and_another_shop_s_does_not(
    tmp_path: Path,
) -> None:
    """The old computer's folder was copied to the stick: the backup and the ledger kept
    beside the shop's file. Another shop's backup there has erased its own Bo, whose card
    has the same code as this shop's Bo: he is not erased here."""
    old_shop, old = _old_computer(tmp_path)
    ledger = old.parent / "greeter.db.erasures.json"
    shutil.copyfile(old_shop.with_name("greeter.db.erasures.json"), ledger)
    with Store(tmp_path / "other.db") as other:
        other.erasures.erase(add_customer(other, "Bo", card="BG-2"))
        backup_now(other, old.parent / "other-shop.db")
    path = tmp_path / "new" / "greeter.db"

    done = run_cli("--db", str(path), "restore", str(old), "--yes", *PRIYA)

    assert done.returncode == 0, done.stderr
    assert (
        f"1 erased customer it still held was erased again, as the erasure ledger in {ledger} "
        "says.\n"
    ) in done.stdout
    assert _customers(path) == ["Bo"]


def test_with_no_shop_it_offers_to_restore_one_and_the_command_works(tmp_path: Path) -> None:
    with Store(tmp_path / "old.db") as store:
        store.auth.set_pin(store.staff.add("Priya", "owner"), "2580")
        add_customer(store, "Marguerite")
        old = backup_now(store, tmp_path / "usb" / "saturday.db")
    home = tmp_path / "home"
    home.mkdir()
    path = tmp_path / "new computer" / "greeter.db"

    told = run_cli("today", env={"GREETER_HOME": str(home)})
    told_db = run_cli("--db", str(path), "today")

    assert told.returncode == 1
    assert "restore its backup there with `greeter restore BACKUP`." in told.stderr
    assert told_db.returncode == 1
    offered = f'`greeter --db "{path}" restore BACKUP`'
    assert f"restore its backup there with {offered}." in told_db.stderr
    pasted = [str(old) if word == "BACKUP" else word for word in shlex.split(offered[1:-1])]
    done = run_cli(*pasted[1:], "--yes", *PRIYA)
    assert done.returncode == 0, done.stderr
    assert _customers(path) == ["Marguerite"]
    assert run_cli("--db", str(path), "today", *PRIYA).returncode == 0
