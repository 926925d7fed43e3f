"""`greeter show` from the till's script, against a real window in another process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.till.window_process import make_shop, running_window


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("show")
    db = folder / "shop.db"
    return db, make_shop(db)


@pytest.fixture(scope="module")
def window(
    shop: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    with running_window(shop[0], tmp_path_factory.mktemp("show-home")) as process:
        yield process


def show(db: Path, *selector: str) -> subprocess.CompletedProcess[str]:
    return run_cli("show", "--db", str(db), *selector)


def test_show_by_phone_brings_up_the_customer_and_says_who(
    shop: tuple[Path, dict[str, int]], window: subprocess.Popen[bytes]
) -> None:
    db, ids = shop
    done = show(db, "--phone", "(613) 555-0123")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"showing {ids['lisa']} Lisa Marsh\n"


@pytest.mark.parametrize(
    "selector",
    [("--card", "bg-1"), ("--id", "1"), ("--query", "lisa marsh"), ("--query", "BG-1")],
)
def test_every_selector_reaches_the_window(
    shop: tuple[Path, dict[str, int]], window: subprocess.Popen[bytes], selector: tuple[str, str]
) -> None:
    db, ids = shop
    assert ids["lisa"] == 1
    done = show(db, *selector)
    assert (done.returncode, done.stdout) == (0, "showing 1 Lisa Marsh\n"), done.stderr


def test_an_unknown_customer_exits_1_saying_so(
    shop: tuple[Path, dict[str, int]], window: subprocess.Popen[bytes]
) -> None:
    done = show(shop[0], "--card", "NOPE-9")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "No customer has the card NOPE-9" in done.stderr


def test_several_candidates_exit_1_listing_them(
    shop: tuple[Path, dict[str, int]], window: subprocess.Popen[bytes]
) -> None:
    db, ids = shop
    done = show(db, "--phone", "613-555-0199")
    assert done.returncode == 1
    assert "2 customers share the phone" in done.stderr
    for name in ("sam", "sasha"):
        line = next(x for x in done.stderr.splitlines() if f" {name.title()} " in x)
        assert str(ids[name]) in line and "(phone ending 0199)" in line
    assert "Cole" not in done.stderr  # the socket names people by preferred name only


def test_no_window_exits_1_and_says_how_to_start_it(tmp_path: Path) -> None:
    db = tmp_path / "Corner Phones" / "closed.db"
    done = show(db, "--id", "1")
    assert done.returncode == 1
    assert f'Greeter is not running for {db}; start it with `greeter --db "{db}"`.' in done.stderr
    assert not db.exists()  # asking never creates a database
