"""One window per shop whatever the environment: a window started without XDG_RUNTIME_DIR
(cron, systemd, a bare terminal) and a till script started with one, or the other way
round, find each other; folders others could write in are never used. Real processes, with
a temp folder and a /run/user of the test's own."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from greeter import paths
from greeter.till.instance import SingleInstance
from tests.till.window_process import make_shop, stop, wait_until_answering, window_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix runtime folders")

# `python -m greeter ARGS`, looking for /run/user in the folder given first instead.
GREETER = (
    "import pathlib, runpy, sys, greeter.paths;"
    "greeter.paths.RUN_USER = pathlib.Path(sys.argv.pop(1));"
    "runpy.run_module('greeter', run_name='__main__')"
)


@dataclass
class Machine:
    """A temp folder and a /run/user of the test's own, for its processes and for this one."""

    root: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def temp(self) -> Path:
        return self.root / "temp"

    @property
    def run_user(self) -> Path:
        return self.root / "run-user"

    @property
    def shared(self) -> Path:
        return self.temp / f"greeter-{os.getuid()}"

    def private(self, name: str) -> Path:
        """A folder only this user can write in, as a login session's runtime folder is."""
        folder = self.root / name
        folder.mkdir(mode=0o700, parents=True)
        return folder

    def env(self, xdg: Path | None) -> dict[str, str]:
        env = {**window_env(self.root / "home"), "TMPDIR": str(self.temp)}
        env.pop("XDG_RUNTIME_DIR", None)
        if xdg is not None:
            env["XDG_RUNTIME_DIR"] = str(xdg)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-c", GREETER, str(self.run_user), *args]

    def run(self, *args: str, xdg: Path | None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), capture_output=True, text=True, timeout=30, env=self.env(xdg)
        )

    def start_window(self, db: Path, xdg: Path | None) -> subprocess.Popen[bytes]:
        (self.root / "home").mkdir(exist_ok=True)
        with (self.root / "home" / "window.log").open("ab") as log:
            window = subprocess.Popen(
                self.command("--db", str(db)), stdout=log, stderr=log, env=self.env(xdg)
            )
        with self.monkeypatch.context() as here:  # this process waits in the window's place
            if xdg is None:
                here.delenv("XDG_RUNTIME_DIR")
            else:
                here.setenv("XDG_RUNTIME_DIR", str(xdg))
            try:
                wait_until_answering(db, window)
            except BaseException:
                stop(window)
                raise
        return window


@pytest.fixture
def machine(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Machine:
    # A short path: a socket's must stay under 100 characters to be used as it is.
    machine = Machine(tmp_path_factory.mktemp("m"), monkeypatch)
    machine.temp.mkdir(parents=True)
    machine.run_user.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(machine.temp))
    monkeypatch.setattr(paths, "RUN_USER", machine.run_user)
    return machine


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db = tmp_path / "shop.db"
    make_shop(db)
    return db


@pytest.fixture
def windows() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for window in started:
        stop(window)


def assert_found_from(
    machine: Machine, shop: Path, window: subprocess.Popen[bytes], xdg: Path | None
) -> None:
    """`greeter show` and a second `greeter`, started with `xdg` as XDG_RUNTIME_DIR (None:
    without one), reach the window; no second window opens."""
    shown = machine.run("show", "--db", str(shop), "--id", "1", xdg=xdg)
    assert (shown.returncode, shown.stdout) == (0, "showing 1 Lisa Marsh\n"), shown.stderr
    second = machine.run("--db", str(shop), xdg=xdg)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "Greeter is already open; brought it to the front.\n"
    assert window.poll() is None


def test_a_window_started_without_xdg_runtime_dir_is_found_from_a_session_with_one(
    machine: Machine, shop: Path, windows: list[subprocess.Popen[bytes]]
) -> None:
    windows.append(machine.start_window(shop, xdg=None))  # no /run/user/<uid> either
    assert_found_from(machine, shop, windows[0], xdg=machine.private("session"))


def test_a_window_started_with_xdg_runtime_dir_is_found_from_a_cron_job_without_one(
    machine: Machine, shop: Path, windows: list[subprocess.Popen[bytes]]
) -> None:
    windows.append(machine.start_window(shop, xdg=machine.private("session")))
    assert_found_from(machine, shop, windows[0], xdg=None)


def test_without_xdg_runtime_dir_the_users_run_user_folder_is_used(
    machine: Machine, shop: Path, windows: list[subprocess.Popen[bytes]]
) -> None:
    own = machine.private(f"run-user/{os.getuid()}")
    windows.append(machine.start_window(shop, xdg=None))
    assert [p.suffix for p in sorted(own.iterdir())] == [".lock", ".open", ".sock"]
    assert_found_from(machine, shop, windows[0], xdg=own)  # as the desktop session has it


def test_a_shared_folder_others_can_write_in_is_refused_saying_what_to_do(
    machine: Machine, shop: Path
) -> None:
    machine.shared.mkdir(mode=0o700)
    machine.shared.chmod(0o777)  # as if someone else had made it, to pose as the window
    before = shop.read_bytes()
    started = machine.run("--db", str(shop), xdg=None)  # nowhere else to go
    assert started.returncode == 1
    assert started.stderr == (
        f"greeter: Greeter keeps its lock and socket in a folder only you can write in, and "
        f"{machine.shared} is not one: it belongs to someone else or others can write in it. "
        "Remove it, or set XDG_RUNTIME_DIR to a folder of yours that only you can write in.\n"
    )
    assert list(machine.shared.iterdir()) == []
    assert shop.read_bytes() == before


# -- the folders, in this process --


def test_each_process_uses_its_own_folder_first_and_the_shared_one_too(
    machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert paths.runtime_dirs() == [machine.shared]  # nothing else: made, closed to others
    assert stat.S_IMODE(machine.shared.stat().st_mode) == 0o700
    run_user = machine.private(f"run-user/{os.getuid()}")
    assert paths.runtime_dirs() == [run_user, machine.shared]
    session = machine.private("session")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(session))
    assert paths.runtime_dirs() == [session, machine.shared]


def test_folders_of_someone_else_or_that_others_can_write_in_are_never_used(
    machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_to_all = machine.private("session")
    open_to_all.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(open_to_all))
    run_user = machine.private(f"run-user/{os.getuid()}")
    paths.make_shared_runtime_dir()
    assert paths.runtime_dirs() == [run_user, machine.shared]
    link = machine.root / "link"
    link.symlink_to(run_user)  # whoever owns the folder a link is in can point it elsewhere
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(link))
    assert paths.runtime_dirs() == [run_user, machine.shared]
    monkeypatch.setattr(os, "getuid", lambda: 4242)  # every folder here is another user's now
    machine.private("run-user/4242")
    paths.make_shared_runtime_dir()
    assert paths.runtime_dirs() == []


def test_two_windows_started_in_different_sessions_cannot_both_be_the_one(
    machine: Machine, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(machine.private("desktop")))
    first = SingleInstance(shop)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    second = SingleInstance(shop)
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        first.release()
        assert second.acquire() is True
    finally:
        first.release()
        second.release()
