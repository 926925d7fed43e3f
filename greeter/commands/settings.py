"""`greeter settings`: list the shop's settings, or change one."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from greeter.cli import UserError
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.core.permissions import Action
from greeter.core.settings import DESCRIPTIONS


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "settings", parents=[common], help="list the shop's settings, or set one: KEY VALUE"
    )
    parser.add_argument("key", nargs="?", help="the setting to show or change")
    parser.add_argument("value", nargs="?", help="its new value")
    add_auth_options(parser)  # changing a setting is for the owner once PINs are on
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args, create=args.value is not None) as store:
        if args.value is not None:
            authorise(store, args, Action.CHANGE_SETTINGS)
            try:
                store.settings.set(args.key, args.value)
            except (KeyError, ValueError) as error:
                raise UserError(str(error).strip("'\"")) from None
            print(f"{args.key} = {args.value}")
            return 0
        values = asdict(store.settings.load())
        if args.key is not None and args.key not in values:
            raise UserError(f"There is no setting called “{args.key}”. Known: {', '.join(values)}.")
        for key, value in values.items():
            if args.key in (None, key):
                print(f"{key} = {value}    # {DESCRIPTIONS.get(key, '')}")
    return 0
