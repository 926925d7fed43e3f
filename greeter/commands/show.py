"""`greeter show`: the till announces a customer; the running window brings them up."""

from __future__ import annotations

import argparse
from pathlib import Path

from greeter.cli import UserError, db_option
from greeter.commands.profile import add_selector
from greeter.paths import database_path
from greeter.till.instance import InstanceError, NotRunning, send


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "show",
        parents=[common],
        help="bring the running window to the front with this customer (for the till)",
        description="Ask the running Greeter window to show one customer. Exits 0 when it "
        "does, 1 (with the reason) when there is no such customer, several, or no window.",
    )
    add_selector(parser)
    parser.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help=argparse.SUPPRESS
    )
    parser.set_defaults(run=run)


def selector(args: argparse.Namespace) -> dict[str, str | int]:
    chosen = {
        "card": args.card,
        "phone": args.phone,
        "email": args.email,
        "id": args.customer_id,
        "query": args.query,
    }
    return {key: value for key, value in chosen.items() if value is not None}


def full_name(db: Path, customer_id: int) -> str:
    """The customer's full name for the till's log; the window never sends it over the
    socket. Empty if the file cannot be read just now."""
    from greeter.store.lookup import peek_full_name

    return peek_full_name(db, customer_id) if db.exists() else ""


def describe(customer_id: int, preferred: str, full: str) -> str:
    if not full or full == preferred:
        return f"{customer_id} {preferred}"
    if full.split()[0] == preferred:
        return f"{customer_id} {full}"
    return f"{customer_id} {preferred} ({full})"


def run(args: argparse.Namespace) -> int:
    db = database_path(getattr(args, "db", None))
    request = {"action": "show", "selector": selector(args)}
    try:
        answer = send(db, request, timeout=args.timeout)
    except NotRunning:
        raise UserError(
            f"Greeter is not running for {db}; start it with `greeter {db_option(db)}`."
        ) from None
    except InstanceError as error:
        raise UserError(str(error)) from None
    if not answer.get("ok"):
        raise UserError(str(answer.get("error") or "The Greeter window refused the request."))
    shown = answer.get("shown") or {}
    customer_id, preferred = int(shown.get("id", 0)), str(shown.get("name", ""))
    line = f"showing {describe(customer_id, preferred, full_name(db, customer_id))}"
    if answer.get("pending"):
        line += " (once the open dialog is closed)"
    print(line)
    return 0
