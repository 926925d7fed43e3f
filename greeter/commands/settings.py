"""`greeter settings`: list the shop's settings, or change one."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from greeter.cli import UserError, for_this_shop
from greeter.commands.common import (
    add_auth_options,
    authorise,
    open_store,
    warn_settings_set_aside,
)
from greeter.core.permissions import Action
from greeter.core.settings import DESCRIPTIONS
from greeter.core.text import counted
from greeter.store.settings import parse_setting


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "settings", parents=[common], help="list the shop's settings, or set one: KEY VALUE"
    )
    parser.add_argument("key", nargs="?", help="the setting to show or change")
    parser.add_argument("value", nargs="?", help="its new value")
    add_auth_options(parser)  # changing a setting is for the owner once PINs are on
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.value is not None:
        return change(args)
    with open_store(args, settings_said=True) as store:
        values = asdict(store.settings.load())
        if args.key is not None and args.key not in values:
            raise UserError(f"There is no setting called “{args.key}”. Known: {', '.join(values)}.")
        for key, value in values.items():
            if args.key in (None, key):
                print(f"{key} = {value}    # {DESCRIPTIONS.get(key, '')}")
        for key, problem in store.settings.problems().items():
            if args.key in (None, key):
                print(f"greeter: warning: {for_this_shop(problem, args)}", file=sys.stderr)
    return 0


def change(args: argparse.Namespace) -> int:
    try:
        parse_setting(args.key, args.value)  # first: a mistyped value must not start a new file
    except (KeyError, ValueError) as error:
        raise UserError(str(error).strip("'\"")) from None
    with open_store(args, create=True, settings_said=True) as store:
        authorise(store, args, Action.CHANGE_SETTINGS)
        updated = store.settings.set(args.key, args.value)
        print(f"{args.key} = {getattr(updated, args.key)}")  # as stored: fr-ca is fr_CA
        if args.key == "currency":
            _say_other_currencies(store.purchases.in_other_currencies(updated.currency), args)
        warn_settings_set_aside(store, args)  # the others still to fix, not the one just fixed
    return 0


def _say_other_currencies(others: dict[str, int], args: argparse.Namespace) -> None:
    """Purchases stored in another currency keep it (each receipt says what was paid), but a
    customer's spend in all is written in the shop's: say so, as the likely mistake is a file
    imported before the currency was set."""
    if not others:
        return
    stored = ", ".join(f"{counted(n, 'purchase')} in {code}" for code, n in others.items())
    said = (
        f"{stored} stored before keep their currency; a customer's spend in all adds them up "
        f"in {args.value.upper()} as if they were. If they were imported before the currency was "
        "set, restore the backup made before that import (`greeter backup --list`), set the "
        "currency, then import again."
    )
    print(f"greeter: warning: {for_this_shop(said, args)}", file=sys.stderr)
