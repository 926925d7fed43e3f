"""A real Greeter window in its own process (offscreen), for tests of the till's socket."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from greeter.store import Store
from greeter.till.instance import InstanceError, send
from tests.helpers import add_customer


def make_shop(path: Path) -> dict[str, int]:
    """Lisa (card BG-1), and Sam and Sasha who share a phone."""
    store = Store(path)
    store.settings.set("region", "CA")
    store.staff.add("Priya", "owner")
    ids = {
        "lisa": add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-1"),
        "sam": add_customer(store, "Sam", "Sam Cole", phone="613-555-0199"),
        "sasha": add_customer(store, "Sasha", "Sasha Cole", phone="613-555-0199"),
    }
    store.close()
    return ids


def window_env(home: Path) -> dict[str, str]:
    """Offscreen, with window preferences under `home`, never the real user's."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "GREETER_HOME": str(home),
    }


def start_window(db: Path, home: Path) -> subprocess.Popen[bytes]:
    home.mkdir(parents=True, exist_ok=True)
    with (home / "window.log").open("ab") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "greeter", "--db", str(db)],
            stdout=log,
            stderr=log,
            env=window_env(home),
        )


def wait_until_answering(db: Path, process: subprocess.Popen[bytes], within: float = 20) -> None:
    deadline = time.monotonic() + within
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the window process exited with {process.returncode}")
        with contextlib.suppress(InstanceError):
            if send(db, {"action": "raise"}, timeout=1).get("ok"):
                return
        if time.monotonic() > deadline:
            raise AssertionError("the window never answered on its socket")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextlib.contextmanager
def running_window(db: Path, home: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = start_window(db, home)
    try:
        wait_until_answering(db, process)
        yield process
    finally:
        stop(process)
