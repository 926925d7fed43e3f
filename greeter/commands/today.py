"""`greeter today`: the day's list (birthdays, follow-ups due, reserved items, regulars to
call, who was greeted), as text or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from greeter.cli import UserError
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.commands.notes import parse_date
from greeter.core.day_list import DayList, day_list_to_dict
from greeter.core.permissions import Action

# Wide enough for any real day; well inside the calendar, so the week ahead and the lapsed
# regulars' look back (lapsed_after_days) never fall off its ends (years 1 and 9999).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _listed_day(text: str) -> dt.date:
    day = parse_date(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UserError(
            f"There is no day list for {day}: give a day from {FIRST_DAY} to {LAST_DAY}."
        )
    return day


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "today",
        parents=[common],
        help="print the day's list: who to greet or call",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day to list (default: today)")
    add_auth_options(parser)
    parser.set_defaults(run=run)


def render(day_list: DayList) -> str:
    out = [f"{day_list.day:%A %-d %B %Y}"]
    for section in day_list.sections:
        out.append(f"{section.title}:")
        if not section.lines:
            out.append("  nobody")
        for line in section.lines:
            ref = f"  [follow-up {line.follow_up_id}]" if line.follow_up_id else ""
            detail = f" — {line.detail}" if line.detail else ""
            out.append(f"  {line.customer_id:>6}  {line.name}: {line.reason}{detail}{ref}")
        if section.more:
            out.append(f"  … and {section.more} more")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    day = _listed_day(args.date) if args.date else dt.date.today()
    with open_store(args) as store:
        authorise(store, args, Action.VIEW_CARD)
        day_list = store.day_list.assemble(day, store.settings.load())
        print(
            json.dumps(day_list_to_dict(day_list), ensure_ascii=False)
            if args.json
            else render(day_list)
        )
    return 0
