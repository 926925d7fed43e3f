"""Helpers the subcommands share: opening the store named by --db and printing a card."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from greeter.cli import UserError, for_this_shop
from greeter.core.models import Staff
from greeter.core.permissions import Action
from greeter.paths import database_path
from greeter.store import Store
from greeter.store.database import is_stand_in
from greeter.store.health import UPGRADING, empty_file, latest_backup, pending_upgrade

# An export on a file that can only be read: every export is one record in the audit trail,
# so none can be made where the record cannot be written.
EXPORT_NOT_RECORDED = (
    "Nothing was exported: every export is recorded in the shop's audit trail, and Greeter "
    "cannot write to it."
)


def open_store(
    args: argparse.Namespace,
    *,
    create: bool = False,
    settings_said: bool = False,
    read_only_refusal: str = "",
) -> Store:
    """The store named by --db; its start-up warnings, read-only reason and settings set
    aside for their defaults go to stderr (unless the command says those itself:
    `settings_said`). Only a command that sets a shop up (`create`) may start a new file: for
    any other, a missing or empty file is a mistyped path, not an empty shop, and a file with
    no shop that can be read in it (see `is_stand_in`) is refused with what is wrong and what
    to do. A command whose work lands outside the file but must be recorded in its audit
    trail (an export) gives `read_only_refusal`: a file that can only be read is refused with
    that sentence and the file's problem, before the work is done rather than after it."""
    path = database_path(getattr(args, "db", None))
    if not create:
        _refuse_no_shop(path)
    if pending_upgrade(path):
        print(f"greeter: {UPGRADING}…", file=sys.stderr)
    store = Store(path)
    unreadable = is_stand_in(store.db)
    if read_only_refusal and store.read_only and not unreadable:
        store.close()
        raise UserError(f"{read_only_refusal} {store.problem or ''}".strip())
    # A set-up command goes on with an unreadable file: `restore` replaces it, and any other
    # is refused at its first write, in the words of `problem`, so it is not said twice.
    said = [store.problem] if store.problem and not unreadable else []
    for message in said + store.warnings:
        print(f"greeter: {for_this_shop(message, args)}", file=sys.stderr)
    if unreadable and not create:
        store.close()
        raise UserError(store.problem)
    # As the window's banner: a file that can only be read has its problem said instead,
    # and `greeter settings KEY VALUE` could not fix a setting in it.
    if not store.read_only and not settings_said:
        warn_settings_set_aside(store, args)
    return store


def warn_settings_set_aside(store: Store, args: argparse.Namespace) -> None:
    """One line on stderr for each stored setting the shop's file holds a bad value for, and
    the default used instead, as the window's banner says. Values that are still used (a
    region only Qt knows) are left to `greeter settings`: finding them loads phonenumbers."""
    for problem in store.settings.problems(thorough=False).values():
        print(f"greeter: warning: {for_this_shop(problem, args)}", file=sys.stderr)


def _refuse_no_shop(path: Path) -> None:
    if not path.exists():  # a mistyped path, a shop to start, or a new computer to restore to
        raise UserError(
            f"There is no shop at {path}: the file does not exist. Check the --db path (or "
            "GREETER_HOME). To start a new shop there, add its owner (you) with `greeter "
            f'--db "{path}" staff add NAME --role owner` (or open the window with '
            f'`greeter --db "{path}"`); `greeter demo --out FILE` writes a demo shop to try '
            "things on. If the shop's computer was lost, restore its backup there with "
            "`greeter restore BACKUP`."
        )
    if empty_file(path):
        backup = latest_backup(path)
        restore = f' If it held the shop, restore it with: greeter restore "{backup}".'
        raise UserError(
            f"There is no shop in {path}: the file is empty (0 bytes). Check the --db path "
            f"(or GREETER_HOME).{restore if backup else ''} To start a new shop in this "
            "file, add its owner (you) with `greeter staff add NAME --role owner`."
        )


def already_exists(path: Path, choose: str = "name") -> UserError:
    """The refusal to write over `path` that --force would allow, in the same words for every
    command."""
    return UserError(f"{path} already exists; choose another {choose} or add --force.")


def add_auth_options(parser: argparse.ArgumentParser, *, author: bool = True) -> None:
    """--staff NAME (also --author NAME) and --pin PIN: who is doing this, once the shop has
    switched PINs on. `author=False` leaves out --author where it would read as a filter
    (`greeter audit`, whose --by NAME is one)."""
    group = parser.add_argument_group("who is doing this (needed once the owner has a PIN)")
    add_staff_option(group, "your name as on the staff list", author=author)
    group.add_argument(
        "--pin",
        metavar="PIN",
        help="your PIN; leave it out to be asked for it (keeps it out of the shell history)",
    )


def add_staff_option(group: argparse._ArgumentGroup, help: str, *, author: bool = True) -> None:
    """--staff NAME, as every command spells who is doing it, and --author NAME for the same
    (what `greeter note` and `greeter customer` were first given), so neither spelling fails."""
    names = ("--staff", "--author") if author else ("--staff",)
    also = " (--author NAME also works; --staff is preferred)" if author else ""
    group.add_argument(*names, dest="staff", metavar="NAME", help=help + also)


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
