"""`greeter profile`: print the greeting card of one customer, for people or scripts."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap
from typing import Any

from greeter.cli import UserError
from greeter.commands import arguments
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.core.candidates import hit_details
from greeter.core.card_dict import card_to_dict
from greeter.core.models import Card, SearchHit
from greeter.core.permissions import Action
from greeter.core.text import counted
from greeter.core.timefmt import ago, due_in_words, full_date
from greeter.counter import Counter
from greeter.recognise import Recognition, select_customer


def add_selector(parser: argparse.ArgumentParser) -> None:
    """--card/--phone/--email/--id/--query: exactly one way of naming a customer."""
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--card", help="loyalty card code as scanned")
    group.add_argument("--phone", help="phone number in any format")
    group.add_argument("--email", help="email address")
    group.add_argument(
        "--id", type=arguments.customer_id, dest="customer_id", metavar="N", help="customer id"
    )
    group.add_argument("--query", metavar="TEXT", help="what staff would type in the search box")


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "profile", parents=[common], help="print a customer's greeting card"
    )
    add_selector(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_auth_options(parser)
    parser.set_defaults(run=run)


CHOOSE = "Choose one with --id N."


class NotOneCustomer(UserError):
    """The selector named no customer, or several: `error` says which, the message lists
    the candidates under it."""

    def __init__(self, error: str, candidates: list[SearchHit], today: dt.date) -> None:
        lines = [
            f"  {hit.customer_id:>6}  {hit.display_name}  ({', '.join(hit_details(hit, today))})"
            for hit in candidates
        ]
        super().__init__("\n".join([error, *lines, *([CHOOSE] if candidates else [])]))
        self.error = f"{error} {CHOOSE}" if candidates else error
        self.candidates = candidates


def choose(counter: Counter, args: argparse.Namespace) -> int:
    """The one customer the selector names, or NotOneCustomer listing the candidates."""
    result: Recognition = select_customer(
        counter.store,
        counter.settings,
        card=args.card,
        phone=args.phone,
        email=args.email,
        customer_id=args.customer_id,
        query=args.query,
    )
    if result.customer_id is not None:
        return result.customer_id
    raise NotOneCustomer(
        result.message or "No customer matches.", result.candidates, counter.today()
    )


def render(card: Card, counter: Counter) -> str:
    today, money = counter.today(), counter.money
    customer, stats = card.customer, card.stats
    out = [f"{customer.preferred_name}  (#{customer.id}, {customer.full_name})"]
    if customer.pronunciation:
        out.append(f"  say: {customer.pronunciation}")
    out.append(f"  “{card.greeting.text}”")
    out += [f"  [{b.name}] {b.reason}" for b in card.badges]
    facts = [
        counted(stats.visits, "visit"),
        f"last visit {ago(stats.last_visit, today)}",
        f"{money(stats.lifetime_spend_cents, card.currency)} in all",
    ]
    if card.phones:  # the one the window's card shows
        facts.append(f"phone {card.phones[0].display}")
    out.append("  " + " · ".join(facts))
    if card.follow_ups:
        out.append("Follow-ups:")
        out += [
            f"  #{f.id} {f.kind.label} ({due_in_words(f.due, today)}): {f.text}"
            for f in card.follow_ups
        ]
    if card.notes:
        out.append("Notes:")
        out += [
            f"  {'(pinned) ' if n.pinned else ''}{_indented(n.text)} — {n.author}, "
            f"{full_date(n.created)}"
            f"{'  (still true?)' if n.stale else ''}"
            for n in card.notes
        ]
    if card.preferences:
        out.append("Preferences: " + " · ".join(f"{p.label}: {p.value}" for p in card.preferences))
    if card.links:
        out.append(
            "Links: " + ", ".join(k.text(f"{k.other_name} (#{k.other_id})") for k in card.links)
        )
    if card.usual_items:
        out.append("Usually buys: " + ", ".join(u.item for u in card.usual_items))
    if card.recent_purchases:
        out.append("Recent purchases:")
        out += [
            f"  {full_date(p.purchased_at)}  {p.items_summary}  {money(p.total_cents, p.currency)}"
            for p in card.recent_purchases
        ]
    return "\n".join(out)


def _not_one_to_dict(error: NotOneCustomer) -> dict[str, Any]:
    """What `profile --json` prints when it finds no customer or several."""
    return {
        "error": error.error,
        "candidates": [
            {"id": hit.customer_id, "name": hit.display_name} for hit in error.candidates
        ],
    }


def _indented(text: str) -> str:
    """A note's later lines indented under its first, so each note reads as one item."""
    return textwrap.indent(text, "    ").lstrip()


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.VIEW_CARD)
        counter = Counter(store)
        try:
            customer_id = choose(counter, args)
        except NotOneCustomer as error:
            if args.json:  # a script reads stdout: say it there too, as JSON
                print(json.dumps(_not_one_to_dict(error), ensure_ascii=False))
            raise
        card = counter.card(customer_id)
        store.audit.viewed(card.customer.id)
        print(
            json.dumps(card_to_dict(card), ensure_ascii=False)
            if args.json
            else render(card, counter)
        )
    return 0
