"""Never losing data: killed writers, full disks, locked files and crashed schema upgrades,
all with real files and real processes."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.database import (
    BUSY_TIMEOUT_MS,
    DatabaseBusy,
    DiskFull,
    ReadOnlyDatabase,
    StorageProblem,
    translate,
    without_waiting,
)
from greeter.store.health import open_database
from greeter.store.migrations import MIGRATIONS
from tests.helpers import add_customer
from tests.store.schema_fixtures import (
    applied_in,
    build_at,
    integrity,
    migration_names,
    missing_rows,
    read_only,
    rewrite_notes,
    with_extra_migration,
)

ROOT = Path(__file__).parents[2]
ROUNDS = 60


def _spawn(code: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _still_running_after(proc: subprocess.Popen[str], seconds: float) -> bool:
    """Let the child run for `seconds` (a wait that is meant to time out)."""
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return True
    return False


def _kill(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    # Read through the same buffered streams as readline(): communicate() would skip
    # whatever readline() had already buffered.
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    return out, err


def _table_counts(db: Database) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in db.table_names()}


# -- a writer killed at random moments ----------------------------------------------------

WRITER = """
import sys
from greeter.store import Store
store = Store(sys.argv[1])
customer, author, round_no = map(int, sys.argv[2:5])
print("ready", flush=True)
n = 0
while True:
    n += 1
    note_id = store.notes.add(customer, f"round {round_no} note {n}", author)
    print(note_id, flush=True)  # only after the commit returned
"""


@pytest.mark.timeout(90)
def test_every_note_reported_saved_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    customer = add_customer(store, "Zoë", "Zoë Lachance")
    author = store.staff.add("Priya", "owner")
    store.close()
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    reported: dict[int, int] = {}  # note id -> round that reported it saved
    for round_no in range(ROUNDS):
        proc = _spawn(WRITER, path, customer, author, round_no)
        if round_no % 6 == 5:
            # Now and then kill it while it is still opening (and checking) the file.
            assert _still_running_after(proc, rng.uniform(0.0, 0.15)), proc.communicate()
        else:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n", proc.communicate()
            assert _still_running_after(proc, rng.uniform(0.02, 0.15)), proc.communicate()
        out, _ = _kill(proc)
        for line in out.splitlines():
            if line.isdigit():
                reported[int(line)] = round_no
    notes = dict(read_only(path).execute("SELECT id, text FROM notes").fetchall())
    lost = [i for i in reported if i not in notes]
    assert not lost, f"seed {seed}: notes reported saved but missing: {lost}"
    for note_id, round_no in reported.items():
        assert notes[note_id].startswith(f"round {round_no} note "), f"seed {seed}"
    # At most the one note per round whose id was never printed may exist beyond those.
    assert len(notes) - len(reported) <= ROUNDS, f"seed {seed}"
    assert len(reported) > ROUNDS, f"seed {seed}: the writer hardly wrote anything"
    assert integrity(path) == ["ok"], f"seed {seed}"
    reopened = Store(path)
    assert not reopened.read_only, reopened.problem
    reopened.close()


# -- the disk, the lock and the file say no -----------------------------------------------


def test_a_full_disk_writes_nothing_and_says_so(store: Store, staff_id: int) -> None:
    customer = add_customer(store, "Zoë", "Zoë Lachance", phone="416 555 0123")
    store.notes.add(customer, "Likes the stickers.", staff_id)
    before = _table_counts(store.db)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full

    with pytest.raises(DiskFull, match="disk holding the shop's database is full") as error:
        store.notes.add(customer, "A long story. " * 20_000, staff_id)
    assert "Nothing was saved" in str(error.value)
    with pytest.raises(DiskFull):  # a customer with more emails than the disk has room for
        emails = [f"marguerite.{n}@example.com" for n in range(2_000)]
        store.customers.add(NewCustomer("Marguerite", emails=emails))

    assert not store.db.conn.in_transaction
    assert _table_counts(store.db) == before  # nothing half-written
    assert [n.text for n in store.notes.for_card(customer)] == ["Likes the stickers."]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    store.db.execute("PRAGMA max_page_count = 1073741823")  # space is back
    store.notes.add(customer, "A long story. " * 20_000, staff_id)
    assert len(store.notes.for_card(customer)) == 2


def test_a_locked_database_writes_nothing_and_says_so(store: Store, staff_id: int) -> None:
    customer = add_customer(store, "Zoë")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    store.db.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(DatabaseBusy, match="busy: another Greeter window or program"):
        store.notes.add(customer, "Likes the stickers.", staff_id)
    assert not store.db.conn.in_transaction
    other.execute("ROLLBACK")
    other.close()
    store.notes.add(customer, "Likes the stickers.", staff_id)
    assert len(store.notes.for_card(customer)) == 1


def test_a_write_that_need_not_wait_gives_up_at_once_on_a_locked_file(
    store: Store, staff_id: int
) -> None:
    customer = add_customer(store, "Zoë")
    locked = threading.Event()

    def import_for_a_moment() -> None:
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(1)  # an ordinary write waits this out; one without waiting does not
        other.execute("COMMIT")
        other.close()

    importing = threading.Thread(target=import_for_a_moment)
    importing.start()
    locked.wait(10)
    with pytest.raises(DatabaseBusy), without_waiting(store.db):
        store.audit.viewed(customer)
    store.notes.add(customer, "Likes the stickers.", staff_id)  # waits, then is saved
    importing.join(10)

    assert store.audit.entries(customer_id=customer, action="view") == []
    assert len(store.notes.for_card(customer)) == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_a_read_only_connection_writes_nothing_and_says_so(store: Store, staff_id: int) -> None:
    customer = add_customer(store, "Zoë")
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(ReadOnlyDatabase, match="cannot be changed"):
        store.notes.add(customer, "Likes the stickers.", staff_id)
    store.db.execute("PRAGMA query_only = OFF")
    assert store.notes.for_card(customer) == ()


@pytest.mark.parametrize(
    ("message", "kind", "words"),
    [
        ("database is locked", DatabaseBusy, "try again in a moment"),
        ("database or disk is full", DiskFull, "free some space"),
        ("attempt to write a readonly database", ReadOnlyDatabase, "make the file"),
        ("database disk image is malformed", StorageProblem, "greeter restore"),
        ("disk I/O error", StorageProblem, "still connected"),
    ],
)
def test_sqlite_errors_become_plain_sentences(message: str, kind: type, words: str) -> None:
    problem = translate(sqlite3.OperationalError(message))
    assert isinstance(problem, kind)
    assert words in str(problem) and "Nothing was saved" in str(problem)


def test_a_programming_error_is_not_disguised(store: Store) -> None:
    assert translate(sqlite3.OperationalError("no such table: nowhere")) is None


def test_every_connection_is_wal_with_full_sync(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_the_file_and_its_new_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "shop.db"
    store = Store(path)
    store.staff.add("Sam")
    assert path.parent.stat().st_mode & 0o777 == 0o700
    for name in ("shop.db", "shop.db-wal", "shop.db-shm"):
        assert (path.parent / name).stat().st_mode & 0o077 == 0, name
    store.close()


# -- schema upgrades ----------------------------------------------------------------------

NAMES = migration_names()


@pytest.mark.parametrize("stop_before", [*NAMES, None], ids=[*NAMES, "current"])
def test_every_older_schema_is_migrated_with_its_data(tmp_path: Path, stop_before: str) -> None:
    path = tmp_path / "old.db"
    rows = build_at(path, stop_before)
    before = applied_in(path)

    store = Store(path)
    assert not store.read_only, store.problem
    assert MIGRATIONS.pending(store.db) == []
    assert missing_rows(store.db.conn, rows) == []
    if rows:
        assert store.customers.get(1).preferred_name == "Zoë"
        assert [(n.text, n.author) for n in store.notes.for_card(1)] == [
            ("Prefers “miss” to “ma'am”.", "Priya")  # typed in Greeter: not an imported note
        ]
        assert [h.customer_id for h in store.names.search(["la"])] == [1]  # the name index
    store.close()
    assert integrity(path) == ["ok"]

    if before and stop_before:  # an existing file was copied aside before it was changed
        (kept,) = (tmp_path / "backups").glob(f"old-before-{stop_before}-*.db")
        assert applied_in(kept) == before
        assert missing_rows(read_only(kept), rows) == []


PAUSE_IN_MIGRATION = """
import sys, time
from sqlite_utils import Database
from greeter.store import Store
from greeter.store.migrations import MIGRATIONS

path, name = sys.argv[1:3]
for migration in MIGRATIONS.pending(Database(memory=True)):
    if migration.name == name:
        def paused(db, original=migration.fn):
            original(db)
            print("inside", flush=True)
            time.sleep(60)
        migration.fn = paused
Store(path)
"""


@pytest.mark.parametrize("name", NAMES)
def test_a_migration_killed_halfway_leaves_the_old_version(tmp_path: Path, name: str) -> None:
    path = tmp_path / "old.db"
    rows = build_at(path, stop_before=name)
    before = applied_in(path)

    proc = _spawn(PAUSE_IN_MIGRATION, path, name)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "inside\n", proc.communicate()
    _kill(proc)

    assert applied_in(path) == before
    assert missing_rows(read_only(path), rows) == []
    assert integrity(path) == ["ok"]
    store = Store(path)  # migrating again works
    assert not store.read_only, store.problem
    assert MIGRATIONS.pending(store.db) == []
    assert missing_rows(store.db.conn, rows) == []
    store.close()


REWRITE_NAME = "9999_test_rewrite_notes"

PAUSE_IN_DATA_MIGRATION = f"""
import sys, time
from greeter.store.health import open_database
from tests.store.schema_fixtures import with_extra_migration
from tests.store.schema_fixtures import rewrite_notes

def paused(db):
    rewrite_notes(db)
    print("inside", flush=True)
    time.sleep(60)

open_database(sys.argv[1], migrations=with_extra_migration("{REWRITE_NAME}", paused))
"""


def test_a_data_migration_killed_halfway_rolls_back_and_runs_again(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    rows = build_at(path)
    before = applied_in(path)

    proc = _spawn(PAUSE_IN_DATA_MIGRATION, path)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "inside\n", proc.communicate()
    _kill(proc)

    assert applied_in(path) == before
    conn = read_only(path)
    assert "nickname" not in [r[1] for r in conn.execute("PRAGMA table_info(customers)")]
    assert missing_rows(conn, rows) == []
    conn.close()

    opened = open_database(path, migrations=with_extra_migration(REWRITE_NAME, rewrite_notes))
    assert not opened.read_only, opened.problem
    assert opened.db.execute("SELECT nickname FROM customers").fetchall() == [("Zo",)]
    assert opened.db.execute("SELECT text FROM notes").fetchall() == [
        ("PREFERS “MISS” TO “MA'AM”.",)
    ]
    opened.db.close()
    assert applied_in(path) == [*before, REWRITE_NAME]


def test_not_waiting_inside_not_waiting_still_does_not_wait(store: Store) -> None:
    with without_waiting(store.db):
        with without_waiting(store.db):
            pass
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
