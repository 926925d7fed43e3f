"""The README stays true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from greeter.cli import build_parser
from greeter.core.settings import settings_table

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_settings_table_matches_the_code() -> None:
    block = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", README, re.S)
    assert block is not None
    assert block.group(1) == settings_table()


def test_every_subcommand_is_in_the_readme() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"`greeter {name}" in README, f"README does not mention `greeter {name}`"
