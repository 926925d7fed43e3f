"""A shop another Greeter has open is not taken for one a crash left behind: real processes,
real files. Checking the whole file takes a minute at a chain's size, and a till's script runs
`greeter import` beside the open window all day."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from greeter.store import Store, in_use
from greeter.store.health import open_database, unclean_stop
from greeter.store.in_use import OpenMark, others_have_open

ROOT = Path(__file__).parents[2]

HOLDER = """
import sys, time
from greeter.store import Store
store = Store(sys.argv[1])
store.settings.set("shop_name", "Bytown Gadgets")  # its log is not empty while it is open
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runtime"
    folder.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))  # children inherit it
    return folder


@pytest.fixture
def shop(tmp_path: Path, runtime: Path) -> Path:
    path = tmp_path / "shop.db"
    Store(path).close()
    return path


def _hold(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
    return holder


def test_a_shop_another_greeter_has_open_is_not_checked_again(shop: Path) -> None:
    holder = _hold(shop)
    try:
        assert unclean_stop(shop)  # its -wal looks just like a crash's
        assert others_have_open(shop)
        opened = open_database(shop)
        assert not (opened.unclean_stop or opened.checked or opened.read_only)
        assert opened.db.execute("SELECT value FROM settings WHERE key = 'shop_name'").fetchone()
        opened.db.close()
        assert opened.mark is not None
        opened.mark.close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=10)

    # Killed, it holds nothing: its -wal is a crash's, and the next Greeter checks the file.
    assert unclean_stop(shop) and not others_have_open(shop)
    store = Store(shop)
    assert store.unclean_stop and not store.read_only
    assert store.settings.load().shop_name == "Bytown Gadgets"
    store.close()


def test_a_command_beside_the_open_window_does_not_check_the_file(shop: Path) -> None:
    window = Store(shop)
    window.settings.set("shop_name", "Bytown Gadgets")
    assert unclean_stop(shop)
    command = subprocess.run(
        [sys.executable, "-c", "import sys; from greeter.store import Store; "
         "s = Store(sys.argv[1]); print(s.unclean_stop, s.read_only)", str(shop)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert command.stdout.split() == ["False", "False"], command.stderr
    window.close()


def test_the_last_greeter_to_close_the_shop_leaves_nothing_behind(
    shop: Path, runtime: Path
) -> None:
    first, second = Store(shop), Store(shop)
    assert len(list(runtime.iterdir())) == 1
    first.close()
    assert others_have_open(shop)  # the second still has it open
    second.close()
    assert not others_have_open(shop)
    assert list(runtime.iterdir()) == []


def test_a_greeter_opening_the_shop_as_the_last_other_one_closes_it_is_still_seen(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = OpenMark(shop)
    real_open = os.open

    def open_as_the_last_one_closes(*args: Any, **kwargs: Any) -> int:
        fd = real_open(*args, **kwargs)
        if last.held:
            last.close()  # and removes the lock file just opened here
        return fd

    with monkeypatch.context() as patched:
        patched.setattr(os, "open", open_as_the_last_one_closes)
        mark = OpenMark(shop)
    assert mark.held and others_have_open(shop)
    mark.close()


def test_without_a_runtime_folder_the_shop_is_checked_as_after_a_crash(
    shop: Path, runtime: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime / "gone"))
    monkeypatch.setattr("tempfile.tempdir", str(runtime / "gone"))
    mark = OpenMark(shop)
    assert not mark.held
    mark.close()
    window = Store(shop)
    window.settings.set("shop_name", "Bytown Gadgets")
    assert open_database(shop).checked  # nobody known to have it open: a crash, maybe
    window.close()


def test_where_there_are_no_file_locks_the_shop_is_checked_as_after_a_crash(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(in_use, "fcntl", None)  # as on Windows
    window = Store(shop)
    window.settings.set("shop_name", "Bytown Gadgets")
    opened = open_database(shop)
    assert opened.unclean_stop and opened.checked and not opened.read_only
    opened.db.close()
    window.close()
