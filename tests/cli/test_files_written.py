"""Files the commands write hold customers' details: owner-only, written whole or not at all
(a full disk leaves what was there before), and never over another file without --force."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from greeter.store import Store
from greeter.store.subject_access import collect, render_html
from tests.helpers import add_customer, run_cli
from tests.till.csv_files import write_csv

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and limits")


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Store]:
    """A shop whose window is open, as at a counter: SQLite's shared-memory file is already
    there, so a command run with a file-size limit meets it only in the files it writes."""
    store = Store(tmp_path / "shop.db")
    store.settings.set("region", "CA")
    priya = store.staff.add("Priya", "owner")
    lisa = add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-17")
    store.notes.add(lisa, "Prefers miss", priya)
    yield store
    store.close()


@pytest.fixture
def open_shop(counter: Store) -> Path:
    return counter.path


def _between_html_and_json(store: Store) -> int:
    """A file-size limit that customer-1.html (written first) fits in and customer-1.json
    (the same data, with the file's own columns beside the readable ones) does not."""
    data = collect(store.db, 1)
    json_size = len(json.dumps(data, ensure_ascii=False, indent=2).encode())
    html_size = len(render_html(data).encode())
    assert html_size + 200 < json_size
    return html_size + 100


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- privacy export -----------------------------------------------------------------------


@posix_only
def test_a_privacy_export_that_runs_out_of_room_leaves_nothing_behind(
    counter: Store, open_shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "request"
    result = run_cli(
        "privacy", "export", "--id", "1", "--out", str(out), "--db", str(open_shop),
        max_file_size=_between_html_and_json(counter),
    )  # fmt: skip

    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"greeter: Nothing was written to {out}: File too large. Check that the folder can be "
        "written to and has room, or choose another with --out.\n"
    )
    assert os.listdir(out) == []  # no customer-1.html without its .json, no scratch


@posix_only
def test_a_forced_privacy_export_that_fails_keeps_the_earlier_one_whole(
    counter: Store, open_shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "request"
    first = run_cli("privacy", "export", "--id", "1", "--out", str(out), "--db", str(open_shop))
    assert first.returncode == 0, first.stderr
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}

    again = run_cli(
        "privacy", "export", "--id", "1", "--out", str(out), "--db", str(open_shop), "--force",
        max_file_size=_between_html_and_json(counter),
    )  # fmt: skip

    assert again.returncode == 1 and "Nothing was written to" in again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier
    assert sorted(earlier) == ["customer-1.html", "customer-1.json"]


# -- CSV export ---------------------------------------------------------------------------


@posix_only
def test_csv_exports_are_readable_by_the_owner_only(open_shop: Path, tmp_path: Path) -> None:
    customers, sales = tmp_path / "customers.csv", tmp_path / "sales.csv"
    sales.write_text("an older export, readable by everyone\n", encoding="utf-8")
    sales.chmod(0o644)

    made = run_cli("export", "customers", str(customers), "--db", str(open_shop))
    replaced = run_cli("export", "sales", str(sales), "--db", str(open_shop), "--force")

    assert made.returncode == 0 and replaced.returncode == 0, made.stderr + replaced.stderr
    assert "Lisa" in customers.read_text(encoding="utf-8-sig")
    assert sales.read_text(encoding="utf-8-sig").startswith("Source,Receipt,")
    assert _mode(customers) == 0o600 and _mode(sales) == 0o600


@posix_only
def test_a_csv_export_that_runs_out_of_room_keeps_the_older_file(
    open_shop: Path, tmp_path: Path
) -> None:
    older = tmp_path / "customers.csv"
    older.write_text("Greeter ID,Preferred Name\n1,Lisa\n", encoding="utf-8")

    result = run_cli(
        "export", "customers", str(older), "--db", str(open_shop), "--force", max_file_size=100
    )

    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"greeter: Nothing was written to {older}: File too large. Check that its folder "
        "exists, can be written to and has room, or choose another name.\n"
    )
    assert older.read_text(encoding="utf-8") == "Greeter ID,Preferred Name\n1,Lisa\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "customers" in p.name) == ["customers.csv"]


def test_a_csv_export_into_a_missing_folder_says_so(open_shop: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "customers.csv"

    result = run_cli("export", "customers", str(target), "--db", str(open_shop))

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"greeter: Nothing was written to {target}: ")
    assert "Check that its folder exists" in result.stderr
    assert not target.parent.exists()


# -- the rows an import left out ----------------------------------------------------------


def _with_a_bad_row(tmp_path: Path, comment: str = "") -> Path:
    """Ann imports; Bob's email is wrong, so his row, comment and all, goes to c.bad.csv."""
    return write_csv(
        tmp_path / "c.csv",
        ["First Name", "Email", "Phone", "Comment"],
        [["Ann", "ann@example.com", "613-555-0101", ""], ["Bob", "bob@", "613-555-0102", comment]],
    )


@posix_only
def test_the_rows_left_out_are_readable_by_the_owner_only(open_shop: Path, tmp_path: Path) -> None:
    path = _with_a_bad_row(tmp_path)
    older = tmp_path / "c.bad.csv"
    older.write_text("the rows left out last time, readable by everyone\n", encoding="utf-8")
    older.chmod(0o644)

    result = run_cli("import", "customers", str(path), "--skip-bad", "--db", str(open_shop))

    assert result.returncode == 0, result.stderr
    assert f"wrote the 1 bad row to {older}" in result.stdout
    assert "613-555-0102" in older.read_text(encoding="utf-8-sig")
    assert _mode(older) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("c.", ".c."))) == [
        "c.bad.csv",
        "c.csv",
    ]


@posix_only
def test_rows_left_out_that_run_out_of_room_leave_no_half_file(
    counter: Store, open_shop: Path, tmp_path: Path
) -> None:
    # Room for what the import writes to the shop's file, but not for Bob's long comment.
    room = open_shop.with_name("shop.db-wal").stat().st_size + 500_000
    path = _with_a_bad_row(tmp_path, comment="Lost the receipt. " * (room // 10))

    result = run_cli(
        "import", "customers", str(path), "--skip-bad", "--db", str(open_shop), max_file_size=room
    )

    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith("imported 1 customer: 1 new")
    assert result.stdout.endswith(
        f"The good rows of c.csv were imported, but the bad ones could not be written "
        f"to {tmp_path / 'c.bad.csv'}: File too large. Make room there and import the file "
        "again, setting the bad rows aside: what was imported is not added twice.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("c.", ".c."))) == [
        "c.csv"
    ]
    assert len(counter.customers.find_by_email("ann@example.com")) == 1  # Ann was imported


# -- snapshot -----------------------------------------------------------------------------


def test_snapshot_asks_for_force_before_replacing_a_file(open_shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.png"
    out.write_bytes(b"last week's picture")

    refused = run_cli("snapshot", "--db", str(open_shop), "--card", "BG-17", "--out", str(out))

    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == f"greeter: {out} already exists; choose another name or add --force.\n"
    assert out.read_bytes() == b"last week's picture"

    forced = run_cli(
        "snapshot", "--db", str(open_shop), "--card", "BG-17", "--out", str(out), "--force",
        "--size", "800x600",
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (800, 600)


@posix_only
def test_a_snapshot_of_a_card_is_readable_by_the_owner_only(
    open_shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "new-folder" / "card.png"

    result = run_cli("snapshot", "--db", str(open_shop), "--card", "BG-17", "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (1280, 800)
    assert _mode(out) == 0o600 and _mode(out.parent) == 0o700
    assert os.listdir(out.parent) == ["card.png"]


@posix_only
def test_a_snapshot_that_runs_out_of_room_keeps_the_earlier_picture(
    counter: Store, open_shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "card.png"
    out.write_bytes(b"last week's picture")

    result = run_cli(
        "snapshot", "--db", str(open_shop), "--card", "BG-17", "--out", str(out), "--force",
        max_file_size=2_000,
    )  # fmt: skip

    assert result.returncode == 1 and result.stdout == ""
    assert out.read_bytes() == b"last week's picture"
    assert result.stderr.endswith(  # after libpng's own "Write Error"
        f"\ngreeter: Nothing was written to {out}: the PNG could not be saved. Check that the "
        "folder can be written to and has room, or choose another with --out.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if "card" in p.name) == ["card.png"]
