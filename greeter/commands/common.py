"""Helpers the subcommands share: opening the store named by --db and printing a card."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from greeter.cli import UserError
from greeter.core.models import Staff
from greeter.core.permissions import Action
from greeter.paths import database_path
from greeter.store import Store
from greeter.store.database import is_stand_in
from greeter.store.health import UPGRADING, empty_file, latest_backup, pending_upgrade


def open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The store named by --db; its start-up warnings and read-only reason go to stderr.
    Only a command that sets a shop up (`create`) may start a new file: for any other, a
    missing or empty file is a mistyped path, not an empty shop, and a file with no shop
    that can be read in it (see `is_stand_in`) is refused with what is wrong and what to do."""
    path = database_path(getattr(args, "db", None))
    if not create:
        _refuse_no_shop(path)
    if pending_upgrade(path):
        print(f"greeter: {UPGRADING}…", file=sys.stderr)
    store = Store(path)
    unreadable = is_stand_in(store.db)
    # A set-up command goes on with an unreadable file: `restore` replaces it, and any other
    # is refused at its first write, in the words of `problem`, so it is not said twice.
    said = [store.problem] if store.problem and not unreadable else []
    for message in said + store.warnings:
        print(f"greeter: {message}", file=sys.stderr)
    if unreadable and not create:
        store.close()
        raise UserError(store.problem)
    return store


def _refuse_no_shop(path: Path) -> None:
    if not path.exists():
        raise UserError(
            f"There is no shop at {path}: the file does not exist. Check the --db path (or "
            "GREETER_HOME). To start a new shop there, add its first staff member with `greeter "
            f'--db "{path}" staff add NAME` (or open the window with `greeter --db "{path}"`); '
            "`greeter demo --out FILE` writes a demo shop to try things on."
        )
    if empty_file(path):
        backup = latest_backup(path)
        restore = f' If it held the shop, restore it with: greeter restore "{backup}".'
        raise UserError(
            f"There is no shop in {path}: the file is empty (0 bytes). Check the --db path "
            f"(or GREETER_HOME).{restore if backup else ''} To start a new shop in this "
            "file, add its first staff member with `greeter staff add NAME`."
        )


def already_exists(path: Path, choose: str = "name") -> UserError:
    """The refusal to write over `path` that --force would allow, in the same words for every
    command."""
    return UserError(f"{path} already exists; choose another {choose} or add --force.")


def add_auth_options(parser: argparse.ArgumentParser) -> None:
    """--staff NAME and --pin PIN: who is doing this, once the shop has switched PINs on."""
    group = parser.add_argument_group("who is doing this (needed once the owner has a PIN)")
    group.add_argument("--staff", metavar="NAME", help="your name as on the staff list")
    group.add_argument(
        "--pin",
        metavar="PIN",
        help="your PIN; leave it out to be asked for it (keeps it out of the shell history)",
    )


def authorise(store: Store, args: argparse.Namespace, action: Action) -> Staff:
    """The staff member allowed to do `action`, from --staff/--pin (asked for in a terminal),
    who every change this command makes is then attributed to. In single-user mode (no
    owner PIN yet) nobody is asked: --staff, or else the owner, acts."""
    name: str | None = getattr(args, "staff", None)
    pin: str | None = getattr(args, "pin", None)
    if not store.auth.single_user_mode():
        interactive = sys.stdin.isatty()
        if not name:
            if not interactive:
                raise UserError(
                    f"PINs are on: to {action.label}, give your name and PIN with "
                    "--staff NAME --pin PIN."
                )
            name = input("Your name: ").strip()
        if pin is None:
            if not interactive:
                raise UserError(
                    f"PINs are on: to {action.label}, {name} must give --pin PIN (or run "
                    "this in a terminal to be asked for it)."
                )
            pin = getpass.getpass(f"PIN for {name}: ")
    member = store.auth.require(action, name, pin)
    store.actor_id = member.id
    return member
