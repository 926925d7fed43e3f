"""A command the window offers to paste names its shop's file unless it is the default shop:
pasted as it is, it would act on the default shop, another file."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from greeter.app import build_window, hints_for
from greeter.store import Store
from greeter.store.database import write
from greeter.ui.main_window import MainWindow
from tests.helpers import run_cli

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the default shop is, for the window as for the terminal a hint is pasted in."""
    monkeypatch.setenv("GREETER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def open_window(qtbot: QtBot, tmp_path: Path) -> Iterator[OpenWindow]:
    """A window on the shop at a path, as `greeter` (or `--demo`) builds it."""
    opened: list[tuple[MainWindow, Store]] = []

    def open_(path: Path, *, demo: bool = False) -> MainWindow:
        store = Store(path)
        prefs = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        window = build_window(store, prefs, hints_for(path, demo=demo))
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        opened.append((window, store))
        return window

    yield open_
    for window, store in opened:
        window.close()  # before its shop's file closes, as when Greeter quits
        store.close()


def _shop(path: Path, *, pins: bool = False, bad_locale: bool = False) -> Path:
    """Corner Phones: Priya the owner and Sam; with `pins`, Priya's is set and Sam has none;
    with `bad_locale`, a locale Qt does not know (left by an older Greeter, a SQLite tool)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        priya = store.staff.add("Priya", "owner")
        store.staff.add("Sam", "staff")
        if pins:
            store.auth.set_pin(priya, "2580")
        if bad_locale:
            with write(store.db):
                store.db.execute("INSERT INTO settings (key, value) VALUES ('locale', 'xx_YY')")
    return path


def _offered(text: str) -> list[str]:
    """The command between backquotes in a hint, as a shell would split it."""
    found = re.search(r"`(greeter [^`]*)`", text)
    assert found, text
    return shlex.split(found[1])


def test_the_single_user_hint_pasted_sets_the_pin_in_the_window_s_shop(
    home: Path, tmp_path: Path, open_window: OpenWindow
) -> None:
    path = _shop(tmp_path / "Corner Phones" / "shop.db")

    window = open_window(path)

    note = window.mode_note.toolTip()
    assert f'the owner types `greeter --db "{path}" staff pin NAME` in a terminal' in note
    offered = _offered(note)
    assert offered == ["greeter", "--db", str(path), "staff", "pin", "NAME"]
    pasted = run_cli(*offered[1:-1], "Priya", "--new-pin", "2580")
    assert pasted.returncode == 0, pasted.stderr
    with Store(path) as store:
        assert store.auth.verify("Priya", "2580").name == "Priya"
    assert not home.exists()  # the default shop was never touched, nor started


def test_the_lock_page_and_the_status_line_name_the_shop(
    home: Path, tmp_path: Path, open_window: OpenWindow
) -> None:
    path = _shop(tmp_path / "shop.db", pins=True)

    window = open_window(path)

    assert window.staff_actions.locked  # PINs are on: nobody has typed theirs yet
    no_pin = window.staff_actions.lock_panel.no_pin
    assert no_pin.isVisible()  # Sam has none
    assert no_pin.text() == "Greyed names have no PIN yet: ask an owner to set one."
    tip = no_pin.toolTip()
    assert f"`greeter --db {path} staff pin NAME --staff OWNER`" in tip
    assert window.staff_actions.unlock("Priya", "2580")
    window.on_duty.setCurrentIndex(window.on_duty.findText("Sam"))
    assert window.status.text() == (
        "Sam has no PIN yet, so cannot go on duty; an owner can set one with "
        f"`greeter --db {path} staff pin Sam --staff OWNER`, giving their own name."
    )


def test_the_lock_page_s_command_pasted_by_an_owner_sets_the_pin(
    home: Path, tmp_path: Path, open_window: OpenWindow
) -> None:
    path = _shop(tmp_path / "Corner Phones" / "shop.db", pins=True)
    window = open_window(path)

    offered = _offered(window.staff_actions.lock_panel.no_pin.toolTip())
    assert offered == ["greeter", "--db", str(path), "staff", "pin", "NAME", "--staff", "OWNER"]
    named = ["Sam" if word == "NAME" else "Priya" if word == "OWNER" else word for word in offered]
    # Without a terminal the owner's PIN and the new one are given; in one, Greeter asks.
    pasted = run_cli(*named[1:], "--pin", "2580", "--new-pin", "7391")
    assert pasted.returncode == 0, pasted.stderr
    with Store(path) as store:
        assert store.auth.verify("Sam", "7391").name == "Sam"
    assert not home.exists()  # the default shop was never touched, nor started


def test_the_banner_says_how_to_fix_a_setting_in_the_window_s_shop(
    home: Path, tmp_path: Path, open_window: OpenWindow
) -> None:
    path = _shop(tmp_path / "shop.db", bad_locale=True)

    window = open_window(path)

    assert window.banner.isVisible()
    assert f"Fix it with `greeter --db {path} settings locale …`." in window.banner.message.text()


@pytest.mark.parametrize("where", ["the default shop", "a demo"])
def test_the_default_shop_and_a_demo_need_no_db(
    home: Path, tmp_path: Path, open_window: OpenWindow, where: str
) -> None:
    demo = where == "a demo"
    path = _shop(tmp_path / "demo.db" if demo else home / "greeter.db", bad_locale=True)

    window = open_window(path, demo=demo)

    assert "the owner types `greeter staff pin NAME` in a terminal" in window.mode_note.toolTip()
    assert "Fix it with `greeter settings locale …`." in window.banner.message.text()
    assert "--db" not in window.mode_note.toolTip() + window.banner.message.text()
