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
from greeter.core.notes import forget_earlier_command, forget_held_command
from greeter.core.permissions import Action
from greeter.core.text import counted, quoted
from greeter.store import Store
from greeter.store.erasure import ErasureCounts, ErasureUnfinished, Export
from greeter.store.merge import HeldMention
from greeter.store.notes import Mention
from greeter.store.subject_access import AlreadyExported, export_customer

# What erasing removes, in the order said, table by table: (one, several). Their notes'
# earlier versions are said with the notes; the search index as the words it holds.
_KINDS = {
    "customer_phones": ("phone number", ""),
    "customer_emails": ("email address", "email addresses"),
    "identifiers": ("card or till id", "cards or till ids"),
    "notes": ("note", ""),
    "follow_ups": ("follow-up", ""),
    "preferences": ("preference", ""),
    "occasions": ("occasion", ""),
    "customer_tags": ("tag", ""),
    "customer_links": ("link to another customer", "links to other customers"),
    "consents": ("marketing consent", ""),
    "greetings": ("time greeted at the counter", "times greeted at the counter"),
    "customer_items": ("usual item", ""),
    "merges": ("record merged into theirs", "records merged into theirs"),
    "name_terms": ("search word", ""),
}
_UNSAID = {"customers", "note_versions", "name_prefixes", "name_vocab"}

# The exit status of an erasure that is saved with a last step left to do (wiping the file,
# writing the ledger beside it), which `greeter privacy reapply` finishes. Not 0: the promise
# that their data is gone from the file is not kept yet. Not 1, which means nothing was
# done: erasing again would only say there is no such customer.
UNFINISHED = 3


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
        "older backup is restored. Notes on other customers that name them are listed, not "
        "changed: rewrite each with `greeter note edit N --forget-earlier`; so are records "
        "merged into other customers whose kept copy names them: `greeter privacy "
        "forget-merged --id N` forgets what one held. Exit status 3: "
        "erased, but the file could not be wiped yet (another program has it open, or the "
        "disk is too full) or the ledger beside it not written; the message says what to "
        "do, then `greeter privacy reapply` finishes it.",
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
        description="Erase again everyone the erasure ledger lists, wipe the file and write "
        "the ledger beside it: after restoring a backup, or to finish an erasure that could "
        "not wipe the file. Exit status 3: what could not be finished yet is said.",
    )
    add_auth_options(reapply)
    reapply.set_defaults(run=run_reapply)

    forget = actions.add_parser(
        "forget-merged",
        parents=[common],
        help="forget what a record merged into another customer held (it names someone erased)",
        description="A merge keeps what the merged record held (its names and contact "
        "details) to say what it was. When that names an erased customer (`greeter privacy "
        "erase` lists these), forget it: it is wiped from the file, while that the record was "
        "merged, into whom and when stays on record. Exit status 3: forgotten, but the file "
        "could not be wiped yet; the message says what to do.",
    )
    forget.add_argument(
        "--id",
        type=arguments.customer_id,
        dest="merged_id",
        metavar="N",
        required=True,
        help="the number the merged record had",
    )
    add_auth_options(forget)
    forget.set_defaults(run=run_forget_merged)


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


def _in_words(removed: dict[str, int]) -> str:
    """'their names and details, 2 phone numbers, 3 notes (with 1 earlier version) and 4
    search words': every kind of row an erasure removes, as `ErasureCounts.removed` counts
    them."""
    said = ["their names and details"]
    for table, (one, several) in _KINDS.items():
        n = removed.get(table, 0)
        if n:
            said.append(counted(n, one, several))
        if table == "notes" and removed.get("note_versions"):
            said[-1] += f" (with {counted(removed['note_versions'], 'earlier version')})"
    said += [
        f"{counted(n, 'row')} of {table.replace('_', ' ')}"
        for table, n in sorted(removed.items())
        if table not in _KINDS and table not in _UNSAID
    ]
    return f"{', '.join(said[:-1])} and {said[-1]}" if len(said) > 1 else said[0]


def _summary(store: Store, customer_id: int, counts: ErasureCounts) -> str:
    name = store.customers.get(customer_id).display_name
    n = counts.purchases
    return (
        f"Customer {customer_id}, {name}: erasing them removes {_in_words(counts.removed)}. "
        f"{counted(n, 'purchase')} {'stays' if n == 1 else 'stay'} in the shop's totals "
        "without their name."
    )


def _mentions(mentions: list[Mention]) -> str:
    """Each note on another customer that names them, and the command that rewrites it."""
    lines = []
    for m in mentions:
        where = f"note {m.note_id} on customer {m.customer_id}"
        if m.retired:
            where += " (retired)"
        if not m.in_text:
            where += f", {counted(m.earlier_versions, 'earlier version')} kept in its history"
        fix = forget_earlier_command(m.note_id, m.in_text)
        lines.append(f"    {where}: {quoted(m.excerpt)}\n      {fix}")
    return "\n".join(lines)


def _held(held: list[HeldMention]) -> str:
    """Each record merged into another customer whose kept copy names them, and the command
    that forgets what it held."""
    return "\n".join(
        f"    the record of customer {m.merged_id}, merged into customer {m.customer_id} on "
        f"{m.merged_at:%Y-%m-%d}: {quoted(m.excerpt)}\n      {forget_held_command(m.merged_id)}"
        for m in held
    )


def _exports(exports: list[Export]) -> str:
    """'their data exported on 2026-10-03 and the customer list exported on 2026-11-01'."""
    said = []
    for what, kind in (("their data", "subject_access"), ("the customer list", "customers")):
        days = list(dict.fromkeys(f"{e.at:%Y-%m-%d}" for e in exports if e.kind == kind))
        if days:
            listed = f"{', '.join(days[:-1])} and {days[-1]}" if len(days) > 1 else days[0]
            said.append(f"{what} exported on {listed}")
    return " and ".join(said)


def _unreached(
    mentions: list[Mention], held: list[HeldMention], exports: list[Export], file_name: str
) -> str:
    """What erasing cannot reach, to say with its result."""
    lines = [
        "Erasing cannot reach:",
        f"  - backups, and the copies kept when one was restored ({file_name}.before-restore-…), "
        "made before now: restoring one erases them again;",
    ]
    if exports:
        lines.append(
            f"  - {_exports(exports)}: those files are outside the shop's file; delete them "
            "by hand (`greeter audit --action export` lists every export);"
        )
    if mentions:
        lines.append(
            f"  - {counted(len(mentions), 'note')} on other customers that "
            f"{'names' if len(mentions) == 1 else 'name'} them; rewrite each, and wipe what "
            f"{'it' if len(mentions) == 1 else 'they'} said:\n{_mentions(mentions)}"
        )
    if held:
        one = len(held) == 1
        lines.append(
            f"  - {counted(len(held), 'record')} merged into "
            f"{'another customer that keeps' if one else 'other customers that keep'} words "
            f"naming them; forget what {'it' if one else 'each'} held:\n{_held(held)}"
        )
    if not mentions and not held:
        lines.append("  - nothing else: no note on another customer names them.")
    return "\n".join(lines)


def run_erase(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.ERASE)
        counts = store.erasures.counts(args.customer_id)
        summary = _summary(store, args.customer_id, counts)
        mentions = store.notes.naming(args.customer_id)
        if mentions:
            summary += (
                " Erasing leaves notes on other customers as they are; these name them:\n"
                + _mentions(mentions)
            )
        held = store.merges.naming(args.customer_id)
        if held:
            summary += (
                ("\n" if mentions else " ")
                + "Erasing leaves what records merged into other customers held as it was "
                "kept; these name them:\n" + _held(held)
            )
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(f"{summary}\nAdd --yes to erase (this cannot be undone).")
            print(for_this_shop(summary, args))
            answer = input(f"Type {args.customer_id} to erase them for good: ").strip()
            if answer != str(args.customer_id):
                raise UserError("Nothing was erased.")
        exports = store.erasures.exports_of(args.customer_id)
        result = store.erasures.erase(args.customer_id)
        n = result.purchases_detached
        print(
            f"erased customer {args.customer_id}: {_in_words(result.rows_removed)} removed; "
            f"{counted(n, 'purchase')} kept without their name."
        )
        print(for_this_shop(_unreached(mentions, held, exports, store.path.name), args))
        left = []  # what is not finished yet, and how to finish it
        if not result.file_clean:
            left.append(f"Customer {args.customer_id} is erased, but {result.unwiped}")
        if result.ledger_problem:
            left.append(result.ledger_problem)
        for said in left:
            print(f"greeter: {for_this_shop(said, args)}", file=sys.stderr)
    return UNFINISHED if left else 0


def run_reapply(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.ERASE)
        unfinished = ""
        try:
            erased = store.erasures.reapply()
        except ErasureUnfinished as error:
            erased, unfinished = error.erased, str(error)
        if erased:
            print(f"erased again: customers {', '.join(map(str, erased))}")
        elif not unfinished:
            print("nobody on the erasure ledger is in the file; nothing to do")
        if unfinished:
            print(f"greeter: {for_this_shop(unfinished, args)}", file=sys.stderr)
            return UNFINISHED
    return 0


def run_forget_merged(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        member = authorise(store, args, Action.ERASE)
        done = store.merges.forget_held(args.merged_id, member.id)
        record = f"record of customer {args.merged_id} (merged into customer {done.kept_id})"
        if not done.changed:
            print(f"the {record} holds nothing any more; nothing changed")
            return 0
        print(
            f"forgot what the {record} held: it is wiped from the file (by {member.name}, "
            f"{member.role}). Backups made before now still hold it."
        )
        if done.unwiped:  # saved, but the promise "wiped from the file" is not kept yet
            message = f"What the {record} held is forgotten, but {done.unwiped}"
            print(f"greeter: {for_this_shop(message, args)}", file=sys.stderr)
            return UNFINISHED
    return 0
