"""`greeter audit`: read the audit trail, filtered by customer, staff member, action or day."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from greeter.commands import arguments
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.core.audit import AuditEvent
from greeter.core.permissions import Action


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a day looks like 2026-11-22, not “{text}”") from None


def _limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = -1
    if limit < 0:
        raise argparse.ArgumentTypeError(
            f"give how many entries to show, or 0 for all of them, not “{text}”"
        )
    return limit


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "audit",
        parents=[common],
        help="read the audit trail (owner only once PINs are on)",
        description="Who did what, when, to which customer: every change, card view, "
        "export, import, erasure, backup and restore, newest first. Never any note text.",
    )
    parser.add_argument(
        "--customer", type=arguments.customer_id, metavar="N", help="only about customer N"
    )
    # --staff is who is asking (as on every command); --by filters by who did it.
    parser.add_argument("--by", metavar="NAME", dest="member", help="only what NAME did")
    parser.add_argument(
        "--action",
        metavar="A",
        choices=[event.value for event in AuditEvent],
        help=f"only this action ({', '.join(AuditEvent)})",
    )
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="from this day on")
    parser.add_argument(
        "--limit", type=_limit, default=200, metavar="N", help="at most N (200); 0 for all"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array")
    add_auth_options(parser, author=False)  # --author NAME would read as a filter like --by
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.VIEW_AUDIT)
        staff_id = store.auth.by_name(args.member).id if args.member else None
        entries = store.audit.entries(
            customer_id=args.customer,
            staff_id=staff_id,
            action=args.action,
            since=args.since,
            limit=args.limit or None,
        )
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "id": e.id,
                            "at": e.at.isoformat(),
                            "staff_id": e.staff_id,
                            "staff": e.staff_name or None,
                            "action": e.action,
                            "table": e.table_name,
                            "row_id": e.row_id,
                            "customer_id": e.customer_id,
                            "detail": e.detail,
                        }
                        for e in entries
                    ],
                    ensure_ascii=False,
                )
            )
            return 0
        for e in entries:
            who = e.staff_name or "-"
            print(f"{e.id:>7}  {e.at:%Y-%m-%d %H:%M:%S}  {who:<14} {e.describe()}")
    return 0
