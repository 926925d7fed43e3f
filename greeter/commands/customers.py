"""`greeter customer add|edit` and `greeter merge`: customers created and kept clean."""

from __future__ import annotations

import argparse

from greeter.cli import UserError
from greeter.commands import arguments
from greeter.commands.author import add_author_options, sign
from greeter.commands.common import open_store
from greeter.core.customer_form import BIRTHDAY_FORMAT, CustomerChanges, CustomerDraft
from greeter.core.permissions import Action
from greeter.core.text import counted
from greeter.store import Store

_YES_NO = {"yes": True, "y": True, "no": False, "n": False}


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("customer", help="add a customer, or edit one's details")
    actions = parser.add_subparsers(dest="customer_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        parents=[common],
        help="add a customer (likely duplicates are listed and refused unless --force)",
    )
    add.add_argument("--name", required=True, help="the name they like to be called")
    _details(add)
    add.add_argument("--phone", action="append", default=[], help="a phone (repeatable)")
    add.add_argument("--email", action="append", default=[], help="an email (repeatable)")
    add.add_argument("--card", action="append", default=[], help="a card code (repeatable)")
    add.add_argument(
        "--force", action="store_true", help="add even when they may already be a customer"
    )
    add_author_options(add)
    add.set_defaults(run=run_add)

    edit = actions.add_parser("edit", parents=[common], help="change a customer's details")
    edit.add_argument(
        "--id", type=arguments.customer_id, dest="customer_id", metavar="N", required=True
    )
    edit.add_argument("--name", help="the name they like to be called")
    _details(edit)
    edit.add_argument("--no-birthday", action="store_true", help="forget the birthday")
    for what in ("phone", "email", "card"):
        edit.add_argument(f"--add-{what}", action="append", default=[], metavar=what.upper())
        edit.add_argument(f"--remove-{what}", action="append", default=[], metavar=what.upper())
    add_author_options(edit)
    edit.set_defaults(run=run_edit)

    merge = subparsers.add_parser(
        "merge",
        parents=[common],
        help="merge two records of one customer: OTHER_ID's everything moves to KEEP_ID",
        description="Everything of OTHER_ID (purchases, notes, follow-ups, cards, phones, "
        "emails, preferences, tags, occasions, links, consents) moves to KEEP_ID, whose blank "
        "details are filled from OTHER_ID; OTHER_ID's own details are kept in the merge record.",
    )
    merge.add_argument("keep_id", type=arguments.customer_id, metavar="KEEP_ID")
    merge.add_argument("other_id", type=arguments.customer_id, metavar="OTHER_ID")
    add_author_options(merge)
    merge.set_defaults(run=run_merge)


def _details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full-name", help="their full name")
    parser.add_argument("--pronunciation", help="how to say their name, e.g. shiv-AWN")
    parser.add_argument("--birthday", metavar="MM-DD|YYYY-MM-DD", help=BIRTHDAY_FORMAT)
    for channel in ("email", "sms"):
        parser.add_argument(
            f"--{channel}-consent",
            metavar="yes|no",
            help=f"whether they agreed to marketing by {channel}",
        )
    parser.add_argument(
        "--consent-source", default="counter", help="where consent was given (default: counter)"
    )


def _consent(text: str | None, option: str) -> bool | None:
    if text is None:
        return None
    try:
        return _YES_NO[text.strip().lower()]
    except KeyError:
        raise UserError(f"{option} takes yes or no, not “{text}”.") from None


def _record_consents(store: Store, args: argparse.Namespace, customer_id: int) -> list[str]:
    said = []
    for channel in ("email", "sms"):
        granted = _consent(getattr(args, f"{channel}_consent"), f"--{channel}-consent")
        if granted is not None:
            store.consents.record(customer_id, channel, granted, args.consent_source)
            said.append(f"{channel} marketing {'allowed' if granted else 'refused'}")
    return said


def run_add(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        settings = store.settings.load()
        draft = CustomerDraft(
            preferred_name=args.name,
            full_name=args.full_name or "",
            pronunciation=args.pronunciation or "",
            phones=tuple(args.phone),
            emails=tuple(args.email),
            cards=tuple(args.card),
            birthday=args.birthday or "",
        )
        email_consent = _consent(args.email_consent, "--email-consent")
        sms_consent = _consent(args.sms_consent, "--sms-consent")
        if not args.force:
            duplicates = store.customers.likely_duplicates(draft, settings.region)
            if duplicates:
                lines = [f"{args.name} may already be a customer:"]
                for duplicate in duplicates:
                    name = store.customers.get(duplicate.customer_id).display_name
                    lines.append(f"  {duplicate.customer_id:>6}  {name}: {duplicate.reason}")
                lines.append(
                    "Nothing was added. Check with `greeter profile --id N`; add --force to "
                    "add a new customer anyway."
                )
                raise UserError("\n".join(lines))
        member, signed = sign(store, args, Action.ADD_CUSTOMER)
        customer_id = store.customers.create(
            draft,
            settings.region,
            staff_id=member.id,
            email_consent=email_consent,
            sms_consent=sms_consent,
            consent_source=args.consent_source,
        )
        said = [
            f"{channel} marketing {'allowed' if granted else 'refused'}"
            for channel, granted in (("email", email_consent), ("sms", sms_consent))
            if granted is not None
        ]
        extra = f"; {', '.join(said)}" if said else ""
        print(
            f"added customer {customer_id} {store.customers.get(customer_id).preferred_name}"
            f"{extra} ({signed})"
        )
    return 0


def run_edit(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        settings = store.settings.load()
        store.customers.get(args.customer_id)
        if args.no_birthday and args.birthday:
            raise UserError("Give --birthday or --no-birthday, not both.")
        changes = CustomerChanges(
            preferred_name=args.name,
            full_name=args.full_name,
            pronunciation=args.pronunciation,
            birthday="" if args.no_birthday else args.birthday,
            add_phones=tuple(args.add_phone),
            remove_phones=tuple(args.remove_phone),
            add_emails=tuple(args.add_email),
            remove_emails=tuple(args.remove_email),
            add_cards=tuple(args.add_card),
            remove_cards=tuple(args.remove_card),
        )
        for option in ("email_consent", "sms_consent"):
            _consent(getattr(args, option), "--" + option.replace("_", "-"))
        member, signed = sign(store, args, Action.EDIT_CUSTOMER)
        changed = store.customers.update(args.customer_id, changes, settings.region, member.id)
        changed += _record_consents(store, args, args.customer_id)
        name = store.customers.get(args.customer_id).preferred_name
        if changed:
            print(f"customer {args.customer_id} {name}: {', '.join(changed)} ({signed})")
        else:
            print(f"customer {args.customer_id} {name}: nothing changed")
    return 0


_TABLE_WORDS = {
    "purchases": "purchase",
    "notes": "note",
    "follow_ups": "follow-up",
    "identifiers": "card or id",
    "customer_phones": "phone",
    "customer_emails": "email",
    "preferences": "preference",
    "customer_tags": "tag",
    "occasions": "occasion",
    "customer_links": "link",
    "consents": "consent record",
    "greetings": "greeting",
    "merges": "earlier merge",
}


def run_merge(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.keep_id == args.other_id:
            raise UserError("A customer cannot be merged into themselves: give two different ids.")
        keep = store.customers.get(args.keep_id)
        other = store.customers.get(args.other_id)
        member, signed = sign(store, args, Action.MERGE_CUSTOMERS)
        result = store.merges.merge(keep.id, other.id, member.id)
        moved = ", ".join(
            counted(n, _TABLE_WORDS.get(table, f"{table} row")) for table, n in result.moved.items()
        )
        out = [
            f"merged {other.id} {other.display_name} into "
            f"{keep.id} {keep.preferred_name} ({signed})",
            f"  moved: {moved or 'nothing'}",
        ]
        if result.filled:
            out.append(f"  filled in from {other.id}: {', '.join(result.filled)}")
        if result.dropped:
            out.append(
                "  duplicates kept only in the merge record: "
                + ", ".join(
                    counted(n, _TABLE_WORDS.get(t, f"{t} row")) for t, n in result.dropped.items()
                )
            )
        print("\n".join(out))
    return 0
