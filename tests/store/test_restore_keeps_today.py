"""A restore keeps today's truth from the file it replaces, as far as that file can be read:
its staff and PINs (under ids that keep every note its writer's), the customer numbers it
gave, and the customers erased since the backup, even when it is killed halfway. The window
restores through the same `Counter.restore`."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.counter import Counter
from greeter.store import Store
from greeter.store.backup import backup_now
from greeter.store.erasure_ledger import DamagedLedger, read_sidecar, sidecar_path
from greeter.store.errors import NotFound
from greeter.store.restoring import restore_shop
from tests.helpers import add_customer, flip_bytes, root_page
from tests.store.schema_fixtures import digest, read_only

PAGE = 4096


def _damage(path: Path, table: str) -> None:
    """Spoil the page where `table`'s rows start, as a failing disk would."""
    flip_bytes(path, (root_page(path, table) - 1) * PAGE + 8, 64)


def _note_writers(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [
            str(r[0])
            for r in conn.execute(
                "SELECT s.name FROM notes n JOIN staff s ON s.id = n.author_id ORDER BY n.id"
            )
        ]
    finally:
        conn.close()


def test_someone_added_since_never_takes_the_id_of_a_note_s_writer(tmp_path: Path) -> None:
    """Friday's backup has Jo (id 2) and the note Jo wrote. The shop later went back to
    Thursday's backup over a damaged file, so Thursday's staff (Priya alone) came with it,
    and Sam, added then, was given id 2. Restoring Friday's from the window keeps Jo's note
    Jo's, and Sam on the staff with his PIN, under an id of his own."""
    path = tmp_path / "shop.db"
    store = Store(path)
    priya = store.staff.add("Priya", "owner")
    store.auth.set_pin(priya, "2580")
    store.actor_id = priya
    bo = add_customer(store, "Bo")
    thursday = backup_now(store, tmp_path / "thursday.db")
    jo = store.staff.add("Jo")
    store.auth.set_pin(jo, "3692")
    store.notes.add(bo, "Likes the blue case", jo)
    friday = backup_now(store, tmp_path / "friday.db")
    store.close()
    _damage(path, "staff")
    assert restore_shop(path, thursday, priya).staff is None  # the backup's: all there is
    with Store(path) as store:
        sam = store.staff.add("Sam")
        store.auth.set_pin(sam, "4826")
    assert sam == jo  # the id Jo has in Friday's backup

    counter = Counter(Store(path))
    try:
        restored = counter.restore(friday, priya)

        store = counter.store
        assert [member.name for member in store.staff.all()] == ["Priya", "Sam"]
        assert store.auth.verify("Sam", "4826").id not in (priya, jo)
        with pytest.raises(NotFound):
            store.auth.verify("Jo", "3692")
    finally:
        counter.store.close()
    assert _note_writers(path) == ["Jo"]
    assert restored.said() == [
        "Staff and PINs are today's: Jo, removed since the backup, stays removed; Sam, on the "
        "staff since the backup, stays on it."
    ]


def test_the_numbers_given_are_kept_from_a_file_too_damaged_for_anything_else(
    tmp_path: Path,
) -> None:
    """Its customers and staff cannot be read any more, but the highest number it gave
    can: Cathal's and Dara's numbers are not given to anyone new. Its staff cannot be
    trusted, so the backup's are all there is."""
    path = tmp_path / "shop.db"
    with Store(path) as store:
        priya = store.staff.add("Priya", "owner")
        store.auth.set_pin(priya, "2580")
        store.auth.set_pin(store.staff.add("Jo"), "3692")
        add_customer(store, "Aoife")
        add_customer(store, "Bo")
        backup = backup_now(store, tmp_path / "saturday.db")
        add_customer(store, "Cathal")
        dara = add_customer(store, "Dara")
    for table in ("customers", "staff"):
        _damage(path, table)

    restored = restore_shop(path, backup, priya)

    assert restored.staff is None and restored.said() == []
    with Store(path) as store:
        assert add_customer(store, "Eimear") == dara + 1
        assert [member.name for member in store.staff.all()] == ["Jo", "Priya"]


# -- a restore killed (or the power cut) at the worst moment ------------------------------

ROOT = Path(__file__).parents[2]

# Restores the backup, pausing for a SIGKILL just after `pause_after` returns.
RESTORE_KILLED = """
import sys, time
from greeter.store import restoring

path, backup, actor, pause_after = sys.argv[1:5]
original = getattr(restoring, pause_after)

def paused(*args, **kwargs):
    done = original(*args, **kwargs)
    print("paused", flush=True)
    time.sleep(60)
    return done

setattr(restoring, pause_after, paused)
restoring.restore_shop(path, backup, int(actor))
"""


def _restore_killed_after(path: Path, backup: Path, actor: int, pause_after: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", RESTORE_KILLED, str(path), str(backup), str(actor), pause_after],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "paused\n", proc.communicate()
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, err


@pytest.fixture
def jo_left(tmp_path: Path) -> tuple[Path, Path, int]:
    """Saturday's backup has Jo (PIN 3692) on the staff; since then Jo left, Sam started (PIN
    4826) and Jürgen became customer 2. The shop's file, the backup and Priya's id."""
    path = tmp_path / "shop.db"
    with Store(path) as store:
        priya = store.staff.add("Priya", "owner")
        store.auth.set_pin(priya, "2580")
        store.auth.set_pin(store.staff.add("Jo"), "3692")
        store.actor_id = priya
        add_customer(store, "Bo")
        backup = backup_now(store, tmp_path / "saturday.db")
        store.auth.remove("Jo")
        store.auth.set_pin(store.staff.add("Sam"), "4826")
        add_customer(store, "Jürgen")
    return path, backup, priya


def _customers(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT preferred_name FROM customers")]
    finally:
        conn.close()


def test_a_restore_killed_once_the_backup_is_in_never_lets_someone_who_left_back_in(
    jo_left: tuple[Path, Path, int],
) -> None:
    """Killed the moment the backup is the shop's file (a power cut there): Saturday's
    customers are back, but not Saturday's staff. Jo stays out; Sam's PIN still works, and
    Jürgen's number is not given to anyone new."""
    path, backup, priya = jo_left

    _restore_killed_after(path, backup, priya, "restore")

    assert _customers(path) == ["Bo"]
    with Store(path) as store:
        with pytest.raises(NotFound):
            store.auth.verify("Jo", "3692")
        assert [member.name for member in store.staff.all()] == ["Priya", "Sam"]
        assert store.auth.verify("Sam", "4826").name == "Sam"
        assert add_customer(store, "Cara") == 3  # 2 was Jürgen's
    assert not list(path.parent.glob(".*partial*"))  # nothing half-made left beside it


def test_a_restore_killed_while_the_backup_is_made_ready_leaves_the_shop_as_it_was(
    jo_left: tuple[Path, Path, int],
) -> None:
    """Killed while today's staff are being written into the backup: the shop's file is
    untouched. What was left half-made beside it goes with the next restore, which works."""
    path, backup, priya = jo_left
    before = digest(path)

    _restore_killed_after(path, backup, priya, "carry_roster")

    assert digest(path) == before
    assert _customers(path) == ["Bo", "Jürgen"]
    assert list(path.parent.glob(".*partial*"))  # the backup being made ready, left behind
    with Store(path) as store:
        with pytest.raises(NotFound):
            store.auth.verify("Jo", "3692")

    restored = restore_shop(path, backup, priya)

    assert restored.kept is not None and _customers(restored.kept) == ["Bo", "Jürgen"]
    assert _customers(path) == ["Bo"]
    assert not list(path.parent.glob(".*partial*"))
    with Store(path) as store:
        assert [member.name for member in store.staff.all()] == ["Priya", "Sam"]


# -- customers erased since the backup, when a restore is killed --------------------------

# What only Xanthippe's record holds: none of it may be in the shop's file once she is erased.
XANTHIPPE = ("xanthippe", "zorblatt", "quokkanote", "zb-4242", "xanth.z@example", "5550177")


@pytest.fixture
def xanthippe_erased(tmp_path: Path) -> tuple[Path, Path, int, int]:
    """Saturday's backup holds Bo and Xanthippe, whom the shop erased since. The shop's
    file, the backup, Priya's id and Xanthippe's number."""
    path = tmp_path / "shop.db"
    with Store(path) as store:
        priya = store.staff.add("Priya", "owner")
        store.auth.set_pin(priya, "2580")
        store.actor_id = priya
        add_customer(store, "Bo", card="BO-1")
        xanthippe = add_customer(
            store,
            "Xanthippe",
            "Xanthippe Zorblatt",
            phone="613-555-0177",
            email="xanth.z@example.org",
            card="ZB-4242",
        )
        store.notes.add(xanthippe, "Quokkanote likes jade", priya)
        backup = backup_now(store, tmp_path / "saturday.db")
        assert store.erasures.erase(xanthippe).file_clean
    return path, backup, priya, xanthippe


def _raw(path: Path) -> bytes:
    """The shop's file as a disk holds it: the file and its WAL, every byte."""
    files = (path, path.with_name(path.name + "-wal"))
    return b"".join(f.read_bytes() for f in files if f.exists()).lower()


def _lose_the_shop_s_file(path: Path, *, ledger_beside: bool) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    if not ledger_beside:
        sidecar_path(path).unlink()


@pytest.mark.parametrize(
    "known_from", ["the file replaced", "the ledger beside the lost file", "a later backup"]
)
def test_a_restore_killed_once_the_backup_is_in_never_brings_back_someone_erased_since(
    xanthippe_erased: tuple[Path, Path, int, int], known_from: str
) -> None:
    """Killed (or the power cut) the moment Saturday's backup is the shop's file: Xanthippe
    is not in it, not even in its bytes, wherever the restore learnt of her erasure. At the
    next start the ledger beside the file names her, and the restore and her erasure are in
    the audit trail: nobody needs to run `greeter privacy reapply`."""
    path, backup, priya, xanthippe = xanthippe_erased
    if known_from == "the ledger beside the lost file":
        _lose_the_shop_s_file(path, ledger_beside=True)
    elif known_from == "a later backup":
        with Store(path) as store:
            backup_now(store)  # into backups/ beside the shop's file
        _lose_the_shop_s_file(path, ledger_beside=False)

    _restore_killed_after(path, backup, priya, "restore")

    assert _customers(path) == ["Bo"]
    raw = _raw(path)
    assert [marker for marker in XANTHIPPE if marker.encode() in raw] == []
    assert not list(path.parent.glob(".*partial*"))
    with Store(path) as store:  # the next start
        assert [e.customer_id for e in read_sidecar(path).entries.values()] == [xanthippe]
        (restored,) = store.audit.entries(action=AuditEvent.RESTORE)
        assert (restored.staff_name, restored.detail["erased_again"]) == ("Priya", 1)
        assert store.erasures.reapply() == []  # nobody left to erase
    assert _customers(path) == ["Bo"]


def test_a_ledger_beside_the_shop_s_file_that_cannot_be_read_stops_the_restore_first(
    xanthippe_erased: tuple[Path, Path, int, int],
) -> None:
    """It may be all that names someone erased since the backup: nothing is restored, and
    the shop is told what to do, rather than restoring without it."""
    path, backup, priya, xanthippe = xanthippe_erased
    sidecar_path(path).write_text('{"erasures": [{"ref": ', encoding="utf-8")  # cut short
    before = digest(path)

    with pytest.raises(DamagedLedger) as refused:
        restore_shop(path, backup, priya)

    assert str(refused.value).startswith(
        f"Nothing was restored: the erasure ledger {sidecar_path(path)} cannot be read ("
    )
    assert str(refused.value).endswith(
        "Put back a good copy of it (the backup folder may hold one), or move it out of that "
        "folder to restore without it, then try again."
    )
    assert digest(path) == before and _customers(path) == ["Bo"]
    # No copy kept of what it would have replaced, and nothing half-made beside it.
    assert not [p for p in path.parent.iterdir() if "before-restore" in p.name]
    assert not list(path.parent.glob(".*partial*"))

    sidecar_path(path).unlink()  # moved away, as the message says
    assert restore_shop(path, backup, priya).erased_again == [xanthippe]
    assert _customers(path) == ["Bo"]
