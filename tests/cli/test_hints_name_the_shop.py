"""A command the command line offers to paste names the shop it was run on: pasted as it is,
it acts on that shop's file, not on the default one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from greeter.store import Store
from greeter.store.database import write
from tests.helpers import run_cli


def _offered(stderr: str) -> list[str]:
    """The command between backquotes in a message, as a shell would split it."""
    found = re.search(r"`(greeter [^`]*)`", stderr)
    assert found, stderr
    return shlex.split(found[1])


def _locale_left_bad(path: Path) -> None:
    """A shop whose file holds a locale Qt does not know (an older Greeter, a SQLite tool)."""
    with Store(path) as store:
        store.settings.set("locale", "en_CA")
        with write(store.db):
            store.db.execute("UPDATE settings SET value = 'xx_YY' WHERE key = 'locale'")


def test_the_pin_hint_pasted_sets_the_pin_in_the_shop_it_came_from(tmp_path: Path) -> None:
    home = tmp_path / "home"  # where the default shop would be
    path = tmp_path / "Corner Phones" / "shop.db"
    path.parent.mkdir()
    with Store(path) as store:
        store.auth.set_pin(store.staff.add("Priya", "owner"), "2580")
        store.staff.add("Sam", "staff")
    env = {"GREETER_HOME": str(home)}

    refused = run_cli("--db", str(path), "backup", "--staff", "Sam", "--pin", "1234", env=env)
    assert refused.returncode == 1
    offered = _offered(refused.stderr)
    assert offered == ["greeter", "--db", str(path), "staff", "pin", "Sam"]
    assert f'`greeter --db "{path}" staff pin Sam`' in refused.stderr  # quoted: a space
    pasted = run_cli(
        *offered[1:], "--staff", "Priya", "--pin", "2580", "--new-pin", "7391", env=env
    )

    assert pasted.returncode == 0, pasted.stderr
    with Store(path) as store:
        assert store.auth.verify("Sam", "7391").name == "Sam"
    assert not home.exists()  # the default shop was never touched, nor started


def test_a_setting_to_fix_is_fixed_where_the_hint_says(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = tmp_path / "shop.db"
    _locale_left_bad(path)
    env = {"GREETER_HOME": str(home)}

    warned = run_cli("--db", str(path), "today", env=env)
    assert warned.returncode == 0, warned.stderr
    assert f"Fix it with `greeter --db {path} settings locale …`." in warned.stderr
    fixed = run_cli(*_offered(warned.stderr)[1:-1], "fr_CA", env=env)

    assert fixed.returncode == 0, fixed.stderr
    assert run_cli("--db", str(path), "today", env=env).stderr == ""  # nothing left to fix
    assert not home.exists()


def test_without_db_the_hint_needs_none(tmp_path: Path) -> None:
    """GREETER_HOME names the shop for the hint pasted in the same shell, as for the command."""
    home = tmp_path / "home"
    home.mkdir()
    _locale_left_bad(home / "greeter.db")

    warned = run_cli("today", env={"GREETER_HOME": str(home)})

    assert "Fix it with `greeter settings locale …`." in warned.stderr
