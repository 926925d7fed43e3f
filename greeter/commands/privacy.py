"""`greeter privacy`: a customer's own data (export) and their right to be forgotten (erase)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from greeter.cli import UserError, for_this_shop
from greeter.commands import arguments
from greeter.commands.common import (
    EXPORT_NOT_RECORDED,
    add_auth_options,
    already_exists,
    authorise,
    open_store,
)
from greeter.core.permissions import Action
from greeter.core.text import counted
from greeter.store import Store
from greeter.store.subject_access import AlreadyExported, export_customer


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "privacy",
        help="export or erase one customer's data (owner, PIN asked again)",
        description="Subject access and erasure. Both are for the owner and ask for the "
        "PIN every time once PINs are on.",
    )
    actions = parser.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export",
        parents=[common],
        help="write everything held about a customer as JSON and HTML",
        description="Write customer-N.json (everything, machine-readable) and customer-N.html "
        "(the same, readable and printable) into DIR.",
    )
    export.add_argument(
        "--id", type=arguments.customer_id, dest="customer_id", metavar="N", required=True
    )
    export.add_argument("--out", metavar="DIR", required=True, help="folder to write into")
    export.add_argument(
        "--force", action="store_true", help="replace customer-N.json and .html if DIR has them"
    )
    add_auth_options(export)
    export.set_defaults(run=run_export)

    erase = actions.add_parser(
        "erase",
        parents=[common],
        help="erase a customer for good (their purchases stay, without their name)",
        description="Remove the customer: names, contact details, cards, notes and their "
        "versions, follow-ups, links and search entries, wiped from the file. Purchases stay "
        "for the shop's totals, no longer linked to anyone. A ledger keeps them erased if an "
        "older backup is restored.",
    )
    erase.add_argument(
        "--id", type=arguments.customer_id, dest="customer_id", metavar="N", required=True
    )
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_auth_options(erase)
    erase.set_defaults(run=run_erase)

    reapply = actions.add_parser(
        "reapply",
        parents=[common],
        help="erase again everyone the erasure ledger lists (after restoring a backup)",
    )
    add_auth_options(reapply)
    reapply.set_defaults(run=run_reapply)


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_store(args, read_only_refusal=EXPORT_NOT_RECORDED) as store:
        authorise(store, args, Action.EXPORT_CUSTOMER)
        shop_name = store.settings.load().shop_name
        try:
            json_path, html_path = export_customer(
                store.db, args.customer_id, out, shop_name, replace=args.force
            )
        except AlreadyExported as error:
            raise already_exists(error.path, "folder") from None
        except OSError as error:
            raise UserError(
                f"Nothing was written to {out}: {error.strerror or error}. Check that the "
                "folder can be written to and has room, or choose another with --out."
            ) from None
        print(f"wrote {json_path} and {html_path}")
    return 0


def _summary(store: Store, customer_id: int) -> str:
    customer = store.customers.get(customer_id)
    counts = store.erasures.counts(customer_id)
    name = customer.display_name
    return (
        f"Customer {customer_id}, {name}: {counted(counts.notes, 'note')} and "
        f"{counted(counts.follow_ups, 'follow-up')} will be erased; "
        f"{counted(counts.purchases, 'purchase')} "
        f"{'stays' if counts.purchases == 1 else 'stay'} in the shop's totals without "
        "their name."
    )


def run_erase(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.ERASE)
        summary = _summary(store, args.customer_id)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(f"{summary} Add --yes to erase (this cannot be undone).")
            print(summary)
            answer = input(f"Type {args.customer_id} to erase them for good: ").strip()
            if answer != str(args.customer_id):
                raise UserError("Nothing was erased.")
        result = store.erasures.erase(args.customer_id)
        print(
            f"erased customer {args.customer_id}: "
            f"{counted(sum(result.rows_removed.values()), 'row')} removed, "
            f"{counted(result.purchases_detached, 'purchase')} kept without their name"
        )
        if not result.file_clean:
            print(f"greeter: {for_this_shop(result.message, args)}", file=sys.stderr)
    return 0


def run_reapply(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.ERASE)
        erased = store.erasures.reapply()
        if erased:
            print(f"erased again: customers {', '.join(map(str, erased))}")
        else:
            print("nobody on the erasure ledger is in the file; nothing to do")
    return 0
