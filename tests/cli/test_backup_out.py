"""`greeter backup --out`: a folder named with a / at its end, and folders already holding
backups made the same second."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from greeter.store import Store
from tests.helpers import add_customer, run_cli
from tests.store.schema_fixtures import digest, integrity, read_only


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.staff.add("Priya", "owner")
    add_customer(store, "Marguerite")
    store.close()
    return path


def _made(stdout: str) -> Path:
    assert stdout.startswith("Backed up to ") and stdout.endswith(" (integrity checked).\n")
    return Path(stdout.removeprefix("Backed up to ").removesuffix(" (integrity checked).\n"))


def _customers(path: Path) -> list[str]:
    conn = read_only(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT preferred_name FROM customers")]
    finally:
        conn.close()


def test_an_out_ending_in_a_slash_is_a_folder_made_for_the_backup(
    shop: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "usb stick"

    done = run_cli("--db", str(shop), "backup", "--out", f"{stick}/")

    assert done.returncode == 0, done.stderr
    made = _made(done.stdout)
    assert stick.is_dir() and stick.stat().st_mode & 0o777 == 0o700
    assert made.parent == stick and made.name.startswith("shop-") and made.suffix == ".db"
    assert integrity(made) == ["ok"] and _customers(made) == ["Marguerite"]


def test_an_out_ending_in_a_slash_that_is_a_file_is_refused_untouched(
    shop: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "usb stick"
    stick.write_text("not a folder")

    done = run_cli("--db", str(shop), "backup", "--out", f"{stick}/")

    assert done.returncode == 1
    assert done.stderr == (
        f"greeter: {stick} is a file, not a folder, so no backup was written into it. Give "
        "a folder, or a file name without the / at its end.\n"
    )
    assert stick.read_text() == "not a folder"


def test_backups_into_an_out_folder_in_the_same_second_are_all_kept(
    shop: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    first = run_cli("--db", str(shop), "backup", "--out", str(folder))
    assert first.returncode == 0, first.stderr
    earlier = _made(first.stdout)
    # As if a backup had been made there in each of the next seconds: the next one run now
    # falls in one of them whatever the clock says.
    now = dt.datetime.now().replace(microsecond=0)
    for second in range(15):
        taken = folder / f"shop-{now + dt.timedelta(seconds=second):%Y-%m-%d-%H%M%S}.db"
        if not taken.exists():
            shutil.copyfile(earlier, taken)
    kept = {p: digest(p) for p in folder.iterdir()}

    done = run_cli("--db", str(shop), "backup", "--out", str(folder))

    assert done.returncode == 0, done.stderr
    made = _made(done.stdout)
    assert made.parent == folder and made not in kept
    assert {p: digest(p) for p in kept} == kept  # none replaced
    assert integrity(made) == ["ok"]
