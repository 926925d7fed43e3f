"""The `greeter` command: parses arguments, calls one command module, prints, exits."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from greeter import __version__
from greeter.store.errors import StoreError

# Each module adds its own subparser; `set_defaults(run=…)` names the function to call.
COMMAND_MODULES = (
    "greeter.commands.profile",
    "greeter.commands.snapshot",
    "greeter.commands.demo",
    "greeter.commands.settings",
    "greeter.commands.show",
    "greeter.commands.backup",
    "greeter.commands.transfer",
    "greeter.commands.staff",
    "greeter.commands.audit",
    "greeter.commands.privacy",
    "greeter.commands.notes",
    "greeter.commands.today",
    "greeter.commands.customers",
    "greeter.commands.bench",
)


class UserError(Exception):
    """Something the person at the keyboard can fix; printed without a traceback."""


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --db default must not erase `greeter --db X subcommand`.
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the shop's database file (default: $GREETER_HOME/greeter.db or the app data folder)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="greeter",
        parents=[common],
        description="Recognise the customer at the till and greet them like a regular.",
    )
    parser.add_argument("--version", action="version", version=f"greeter {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open on a throwaway copy of the demo shop"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(name).add_parser(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from greeter.app import run_window

            return run_window(db=getattr(args, "db", None), demo=args.demo)
        return int(args.run(args))
    except (UserError, StoreError) as error:
        print(f"greeter: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `greeter profile … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
