"""`greeter` opens its window without first loading every command, dialog and library, and
its help and mistakes still name every command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from greeter.cli import COMMANDS, build_parser, main
from tests.helpers import run_cli
from tests.store.schema_fixtures import applied_in, build_at, migration_names

# What `greeter --db FILE` does up to its first frame, then every module that was loaded.
START_WINDOW = """
import sys
from greeter.cli import build_parser, commands_used
build_parser(commands_used(["--db", sys.argv[1]]))
from greeter.app import application, build_window
from greeter.store import Store
application()
window = build_window(Store(sys.argv[1]))
window.show()
print("\\n".join(sorted(sys.modules)))
"""


def test_the_window_starts_without_what_only_commands_and_dialogs_need(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", START_WINDOW, str(tmp_path / "shop.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    loaded = done.stdout.split()
    assert "greeter.ui.main_window" in loaded
    not_yet = [
        name
        for name in loaded
        if name.startswith(("greeter.commands", "greeter.till.importer", "greeter.till.watch"))
        or name == "greeter.ui.upgrade_notice"  # only for a file an older Greeter wrote
        or name.startswith(("phonenumbers", "rapidfuzz"))
        # the lock page's PIN field is in the window from the start; the other dialogs are not
        or (name.endswith(("_dialog", "_dialogs")) and name != "greeter.ui.pin_dialog")
    ]
    assert not_yet == []


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--db", "shop.db", "--he"]])
def test_help_lists_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().out == build_parser().format_help()


def test_a_mistyped_command_is_told_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", "shop.db", "tday"])
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert "invalid choice: 'tday'" in said
    assert all(f"'{command}'" in said for command in COMMANDS)


# -- an older shop's file -----------------------------------------------------------------


def test_a_command_on_an_older_file_says_once_that_it_is_upgrading_it(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path, stop_before=migration_names()[-1])

    first = run_cli("--db", str(path), "today")
    again = run_cli("--db", str(path), "today")

    assert first.returncode == 0, first.stderr
    assert "updating the shop's file for this version of Greeter" in first.stderr
    assert again.returncode == 0, again.stderr
    assert "updating" not in again.stderr
    assert applied_in(path) == migration_names()


# The window on a file whose upgrade takes a while: which windows are on screen, each time
# that changes, until the counter window is.
SLOW_UPGRADE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from greeter.app import application
from greeter.cli import main
from greeter.store.migrations import MIGRATIONS

MIGRATIONS(name="9999_test_slow_upgrade")(lambda db: time.sleep(2))
app = application()
seen = []

def look():
    shown = sorted(w.windowTitle() for w in app.topLevelWidgets() if w.isVisible())
    if shown and shown != seen[-1:]:
        seen.append(shown)
        print(shown, flush=True)
    if any(title.startswith("Greeter — ") for title in shown):
        app.quit()

watch = QTimer(interval=50, timeout=look)
watch.start()
main(["--db", sys.argv[1]])
"""


def test_the_window_upgrades_an_older_file_with_a_notice_first(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    before = applied_in(path)

    done = subprocess.run(
        [sys.executable, "-c", SLOW_UPGRADE_WINDOW, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
        check=True,
    )

    on_screen = done.stdout.splitlines()
    assert on_screen[0] == '["Greeter: updating the shop\'s file"]'
    assert on_screen[-1] == "['Greeter — Fixture Phones']"
    assert applied_in(path) == [*before, "9999_test_slow_upgrade"]
    (kept,) = (tmp_path / "backups").glob("shop-before-9999_test_slow_upgrade-*.db")
    assert applied_in(kept) == before


def test_a_polite_kill_during_the_upgrade_lets_it_finish_and_opens_no_window(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    build_at(path)
    before = applied_in(path)
    greeter = subprocess.Popen(
        [sys.executable, "-c", SLOW_UPGRADE_WINDOW, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert greeter.stdout is not None
    notice = greeter.stdout.readline()  # the notice is on screen: the upgrade is under way
    greeter.send_signal(signal.SIGTERM)  # a logout, say
    rest, errors = greeter.communicate(timeout=30)

    assert notice.strip() == '["Greeter: updating the shop\'s file"]'
    assert greeter.returncode == 0, errors
    assert "Greeter — " not in rest  # the counter window never opened
    assert applied_in(path) == [*before, "9999_test_slow_upgrade"]  # upgraded whole
