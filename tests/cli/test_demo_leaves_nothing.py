"""`greeter --demo` works on a throwaway copy of the demo shop, which goes with its window:
when it is closed, and when Greeter is stopped with Ctrl+C, a polite kill (a logout) or the
closing of the terminal it was started from; and `greeter snapshot --demo` leaves nothing
behind either."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from greeter.till.instance import forward
from tests.helpers import run_cli

# `greeter --demo`, its window closed as soon as it is on screen, as staff would close it.
CLOSED_AT_ONCE = """
import sys
from PySide6.QtCore import QTimer
from greeter.app import application
from greeter.cli import main
app = application()


def close_windows():
    for window in [w for w in app.topLevelWidgets() if w.isVisible()]:
        print(window.windowTitle(), flush=True)
        window.close()


QTimer.singleShot(0, close_windows)
sys.exit(main(["--demo"]))
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    """Temporary files, settings and window geometry all under `tmp_path`."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def _left_in(temp: Path) -> list[Path]:
    """What is left in the temp folder, but for an empty runtime folder shared by this user's
    windows (`greeter-<uid>`): like /run/user/<uid>, it is the user's, not the demo's."""
    shared = temp / f"greeter-{os.getuid()}"
    return [p for p in temp.iterdir() if p != shared or any(p.iterdir())]


def _demo_copy(temp: Path, greeter: subprocess.Popen[str]) -> Path:
    """The demo's copy, once its window answers (and so would close properly if asked)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and greeter.poll() is None:
        for copy in temp.glob("greeter-demo-*/demo.db"):
            if forward(copy, {"action": "raise"}, patience=20).get("ok"):
                return copy
        time.sleep(0.05)
    raise AssertionError(f"the demo window never answered: {greeter.communicate()}")


@pytest.mark.parametrize(
    "stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["kill", "ctrl-c", "hang-up"]
)
def test_a_demo_stopped_from_outside_leaves_no_copy_behind(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = _environment(tmp_path)
    greeter = subprocess.Popen(
        [sys.executable, "-m", "greeter", "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        copy = _demo_copy(Path(env["TMPDIR"]), greeter)
        greeter.send_signal(stop)
        _out, errors = greeter.communicate(timeout=30)
    finally:
        if greeter.poll() is None:
            greeter.kill()
    assert greeter.returncode == 0, errors
    assert not copy.parent.exists()
    assert _left_in(Path(env["TMPDIR"])) == []


def test_a_demo_started_with_nohup_stays_open_when_its_terminal_closes(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    greeter = subprocess.Popen(
        [sys.executable, "-m", "greeter", "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # as nohup starts it
    )
    try:
        copy = _demo_copy(Path(env["TMPDIR"]), greeter)
        greeter.send_signal(signal.SIGHUP)
        with pytest.raises(subprocess.TimeoutExpired):  # a handled SIGHUP ends it in 250 ms
            greeter.wait(timeout=1)
        assert forward(copy, {"action": "raise"}, patience=20).get("ok")  # and it answers
        greeter.send_signal(signal.SIGTERM)
        _out, errors = greeter.communicate(timeout=30)
    finally:
        if greeter.poll() is None:
            greeter.kill()
    assert greeter.returncode == 0, errors
    assert _left_in(Path(env["TMPDIR"])) == []


def test_a_demo_whose_window_is_closed_leaves_no_copy_behind(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CLOSED_AT_ONCE],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Greeter — Bytown Gadgets & Gifts"]  # the demo shop
    assert _left_in(Path(env["TMPDIR"])) == []


def test_a_snapshot_of_the_demo_leaves_nothing_behind(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    out = tmp_path / "demo.png"
    done = run_cli("snapshot", "--demo", "--card", "BG-100017", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
    assert list(Path(env["TMPDIR"]).iterdir()) == []  # neither the demo nor its window's prefs
