"""The `greeter` command: parses arguments, calls one command module, prints, exits."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from importlib import import_module

from greeter import __version__
from greeter.store.errors import MergedAway, StoreError

# Each command's module adds its subparser; `set_defaults(run=…)` names the function to call.
# Listed in the order `greeter --help` shows them.
COMMANDS = {
    "profile": "greeter.commands.profile",
    "snapshot": "greeter.commands.snapshot",
    "demo": "greeter.commands.demo",
    "settings": "greeter.commands.settings",
    "show": "greeter.commands.show",
    "backup": "greeter.commands.backup",
    "restore": "greeter.commands.backup",
    "import": "greeter.commands.transfer",
    "export": "greeter.commands.transfer",
    "staff": "greeter.commands.staff",
    "audit": "greeter.commands.audit",
    "privacy": "greeter.commands.privacy",
    "note": "greeter.commands.notes",
    "followup": "greeter.commands.notes",
    "today": "greeter.commands.today",
    "customer": "greeter.commands.customers",
    "merge": "greeter.commands.customers",
    "bench": "greeter.commands.bench",
}

# A command a message offers to paste (`greeter staff pin Sam`), one that opens the shop's file.
_ON_THE_SHOP = "|".join(c for c in COMMANDS if c not in ("demo", "bench"))
_OFFERED_COMMAND = re.compile(rf"\bgreeter (?=(?:{_ON_THE_SHOP})\b)")


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


def db_option(path: str | os.PathLike[str]) -> str:
    """`--db PATH`, ready to paste into a terminal: a path with spaces or other signs is put
    in double quotes, as `pin_command` quotes a name."""
    text = str(path)
    return f"--db {text}" if re.fullmatch(r"[\w./\-]+", text) else f'--db "{text}"'


def for_shop(message: str, path: str | os.PathLike[str] | None) -> str:
    """`message` with each command it offers to paste given `--db path` (None: the default
    shop, which needs none): pasted without it, the command would act on the default shop,
    another file. The command line and the window both write their hints with it."""
    if path is None:
        return message
    option = db_option(path)
    return _OFFERED_COMMAND.sub(lambda _: f"greeter {option} ", message)


def for_this_shop(message: str, args: argparse.Namespace) -> str:
    """`for_shop` with the --db this command was run with. GREETER_HOME needs nothing: it is
    still set in the shell the command is pasted into."""
    db = getattr(args, "db", None)
    if not db:
        return message
    from greeter.paths import database_path

    return for_shop(message, database_path(db))


def build_parser(commands: Iterable[str] = COMMANDS) -> argparse.ArgumentParser:
    """The `greeter` parser with these subcommands (all of them unless told otherwise)."""
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
    for module in dict.fromkeys(COMMANDS[command] for command in commands):
        import_module(module).add_parser(subparsers, common)
    return parser


def commands_used(argv: Sequence[str]) -> tuple[str, ...]:
    """The subcommands whose modules `argv` needs: importing all of them would slow the
    window's start. The usual forms (`greeter`, `greeter --db FILE`, `greeter today …`) get
    none or the one named; anything else (help, a mistake) all, to list them as ever."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)  # its value, whatever it looks like
        elif word.startswith("--db=") or word in ("--demo", "--version"):
            continue
        elif word in COMMANDS:
            return (word,)
        else:
            return tuple(COMMANDS)
    return ()


def _read_failure(args: argparse.Namespace, error: sqlite3.DatabaseError) -> StoreError | None:
    """The plain words for a read of the shop's file that failed part-way (a damaged page
    that no start-up check had looked at), or None for a bug."""
    from greeter.paths import database_path
    from greeter.store.database import translate
    from greeter.store.health import read_failure

    if getattr(args, "demo", False):  # a throwaway copy: no backup of it to offer
        return translate(error)
    return read_failure(database_path(getattr(args, "db", None)), error)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(commands_used(argv)).parse_args(argv)
    try:
        if args.command is None:
            from greeter.app import run_window

            return run_window(db=getattr(args, "db", None), demo=args.demo)
        return int(args.run(args))
    except (UserError, StoreError) as error:
        said = str(error)
        if isinstance(error, MergedAway) and getattr(args, "customer_id", None) == error.merged_id:
            said = error.with_id_option()  # the customer the --id given was merged into
        print(f"greeter: {for_this_shop(said, args)}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as error:
        problem = _read_failure(args, error)
        if problem is None:
            raise  # a bug: its traceback is what a report needs
        print(f"greeter: {for_this_shop(str(problem), args)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `greeter profile … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
