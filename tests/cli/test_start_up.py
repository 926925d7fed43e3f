"""`greeter` opens its window without first loading every command, dialog and library, and
its help and mistakes still name every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from greeter.cli import COMMANDS, build_parser, main

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
