"""`greeter note` and `greeter followup`: what staff know about a customer and what the shop
promised them, from scripts and the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap

from greeter.cli import UserError, for_this_shop
from greeter.commands import arguments
from greeter.commands.author import add_author_options, sign
from greeter.commands.common import open_store
from greeter.commands.profile import add_selector, choose
from greeter.core.guard import sensitive_words_in, sensitive_words_message
from greeter.core.models import FollowUpKind, NoteKind
from greeter.core.permissions import Action
from greeter.core.text import counted
from greeter.core.timefmt import date_fault, due_in_words
from greeter.counter import Counter
from greeter.store import Store
from greeter.store.auth import NotAllowed

_FOLLOW_UP_KINDS = ", ".join(k.value for k in FollowUpKind)
_NOTE_KINDS = ", ".join(k.value for k in NoteKind)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    _add_note_parser(subparsers, common)
    _add_follow_up_parser(subparsers, common)


class PinOrPinned(argparse.Action):
    """`greeter note add --pin PIN` is the PIN, as for every command; --pin alone pins the
    note, as it did before the command took --pin PIN (scripts on tills still use it)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        if values is None:
            namespace.pinned = True
        else:
            namespace.pin = values


def _add_note_parser(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "note",
        help="add, edit, confirm or retire a note about a customer",
        description="Notes are facts a customer could read without offence. Card numbers "
        "are refused; words on the shop's sensitive list give a warning.",
    )
    actions = parser.add_subparsers(dest="note_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[common], help="add a note to a customer's card")
    add_selector(add)
    add.add_argument("--text", required=True, help="what colleagues should know")
    add.add_argument("--kind", default="general", help=f"one of {_NOTE_KINDS}")
    add.add_argument(
        "--pinned", action="store_true", help="pin it to the top (what --pin alone still does)"
    )
    add_author_options(add, pin_action=PinOrPinned)
    add.set_defaults(run=run_note_add)

    edit = actions.add_parser(
        "edit",
        parents=[common],
        help="change a note's text (the old one is kept)",
        description="Change a note's text; the earlier version is kept in its history. With "
        "--forget-earlier nothing of what it said is kept: its earlier versions are dropped "
        "and wiped from the file, as erasing a customer wipes them (e.g. to take the name of "
        "an erased customer out of it). That is for the owner, with the PIN, as erasing is.",
    )
    edit.add_argument("note_id", type=arguments.note_id, metavar="ID")
    edit.add_argument(
        "--text", help="the new text (with --forget-earlier, leave it out to keep the text)"
    )
    edit.add_argument("--kind", help=f"one of {_NOTE_KINDS}")
    edit.add_argument(
        "--forget-earlier",
        action="store_true",
        help="keep no earlier version: wipe them from the file (owner, PIN asked again)",
    )
    add_author_options(edit)
    edit.set_defaults(run=run_note_edit)

    for name, help_text in (
        ("confirm", "say a note is still true (re-dates it)"),
        ("retire", "take a note that is no longer true off the card"),
        ("pin", "pin a note to the top of the card"),
        ("unpin", "unpin a note"),
    ):
        action = actions.add_parser(name, parents=[common], help=help_text)
        action.add_argument("note_id", type=arguments.note_id, metavar="ID")
        add_author_options(action)
        action.set_defaults(run=run_note_change, change=name)

    history = actions.add_parser(
        "history", parents=[common], help="every version of a note, who wrote it and when"
    )
    history.add_argument("note_id", type=arguments.note_id, metavar="ID")
    add_author_options(history)
    history.set_defaults(run=run_note_history)


def _add_follow_up_parser(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    parser = subparsers.add_parser(
        "followup", help="add a follow-up (a promise, reserved item, …), mark one done or reopen it"
    )
    actions = parser.add_subparsers(dest="followup_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[common], help="add a follow-up for a customer")
    add_selector(add)
    add.add_argument("--kind", required=True, help=f"one of {_FOLLOW_UP_KINDS}")
    add.add_argument("--text", required=True, help="what was promised")
    add.add_argument(
        "--due",
        metavar="YYYY-MM-DD",
        help="when it is due, at most ten years ahead (default: no date)",
    )
    add_author_options(add)
    add.set_defaults(run=run_follow_up_add)

    done = actions.add_parser("done", parents=[common], help="mark a follow-up done")
    done.add_argument("follow_up_id", type=arguments.follow_up_id, metavar="ID")
    add_author_options(done)
    done.set_defaults(run=run_follow_up_done)

    reopen = actions.add_parser(
        "reopen", parents=[common], help="open again a follow-up marked done by mistake"
    )
    reopen.add_argument("follow_up_id", type=arguments.follow_up_id, metavar="ID")
    add_author_options(reopen)
    reopen.set_defaults(run=run_follow_up_reopen)

    edit = actions.add_parser("edit", parents=[common], help="change an open follow-up")
    edit.add_argument("follow_up_id", type=arguments.follow_up_id, metavar="ID")
    edit.add_argument("--kind", help=f"one of {_FOLLOW_UP_KINDS}")
    edit.add_argument("--text")
    # Both at once would leave one unsaid: argparse refuses the pair, naming them.
    due = edit.add_mutually_exclusive_group()
    due.add_argument("--due", metavar="YYYY-MM-DD", help="a new due date, at most ten years ahead")
    due.add_argument("--no-due", action="store_true", help="remove the due date")
    add_author_options(edit)
    edit.set_defaults(run=run_follow_up_edit)


# -- reading what was typed --


def note_kind(text: str) -> NoteKind:
    try:
        return NoteKind(text.strip().lower())
    except ValueError:
        raise UserError(f"Unknown note kind “{text}”: use one of {_NOTE_KINDS}.") from None


def follow_up_kind(text: str) -> FollowUpKind:
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return FollowUpKind(wanted)
    except ValueError:
        raise UserError(
            f"Unknown follow-up kind “{text}”: use one of {_FOLLOW_UP_KINDS}."
        ) from None


def parse_date(text: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        written = _ISO_DAY.fullmatch(text.strip())
        fault = written and date_fault(*map(int, written.groups()))
        if fault:  # written as asked, but there is no such day
            raise UserError(f"“{text}” is not a {what}: {fault}.") from None
        raise UserError(
            f"“{text}” is not a {what}: write it as YYYY-MM-DD, e.g. 2026-11-30."
        ) from None


def who(store: Store, customer_id: int) -> str:
    return f"{customer_id} {store.customers.get(customer_id).preferred_name}"


def warn_if_sensitive(store: Store, args: argparse.Namespace, note_id: int) -> None:
    found = sensitive_words_in(args.text, store.settings.load().sensitive_words)
    if found:
        warning = (
            f"{sensitive_words_message(found)} Note {note_id} was saved; change it with "
            f"`greeter note edit {note_id} --text …` or take it off the card with "
            f"`greeter note retire {note_id}`."
        )
        print(f"greeter: warning: {for_this_shop(warning, args)}", file=sys.stderr)


# -- notes --


def run_note_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        kind = note_kind(args.kind)
        member, signed = sign(store, args, Action.ADD_NOTE)
        counter = Counter(store)
        customer_id = choose(counter, args)
        note_id = store.notes.add(customer_id, args.text, member.id, kind=kind, pinned=args.pinned)
        pinned = " (pinned)" if args.pinned else ""
        print(f"added note {note_id}{pinned} to {who(store, customer_id)} ({signed})")
        warn_if_sensitive(store, args, note_id)
    return 0


def _may_change_note(store: Store, args: argparse.Namespace, note_id: int) -> tuple[int, str]:
    note = store.notes.get(note_id)
    member, signed = sign(store, args, Action.EDIT_OWN_NOTE)
    if note.author != member.name:
        store.auth.permit(member, Action.EDIT_OTHERS_NOTES)
    return member.id, signed


def run_note_edit(args: argparse.Namespace) -> int:
    if args.forget_earlier:
        return _forget_earlier(args)
    if args.text is None:
        raise UserError(
            "Give the note's new text with --text “…” (or add --forget-earlier without it "
            "to wipe only its earlier versions)."
        )
    with open_store(args) as store:
        kind = note_kind(args.kind) if args.kind else None
        staff_id, signed = _may_change_note(store, args, args.note_id)
        changed = store.notes.edit(args.note_id, args.text, staff_id, kind=kind)
        if changed:
            print(f"edited note {args.note_id}; the earlier version is kept ({signed})")
            warn_if_sensitive(store, args, args.note_id)
        else:
            print(f"note {args.note_id} already says that; nothing changed")
    return 0


def _forget_earlier(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        kind = note_kind(args.kind) if args.kind else None
        store.notes.get(args.note_id)  # an unknown id fails before anyone is asked a PIN
        try:
            member, signed = sign(store, args, Action.ERASE)
        except NotAllowed:
            raise UserError(
                "Only an owner may use --forget-earlier: it wipes what the note said for good, "
                "as erasing a customer does. Run it again as an owner (--staff NAME), or "
                "without --forget-earlier to keep the earlier version."
            ) from None
        done = store.notes.forget_earlier(args.note_id, args.text, member.id, kind=kind)
        n, earlier = args.note_id, counted(done.versions, "earlier version")
        if done.changed and done.versions:
            said = f"rewrote note {n}; what it said before and its {earlier} are wiped"
        elif done.changed:
            said = f"rewrote note {n}; what it said before is wiped"
        elif done.versions:
            are = "is" if done.versions == 1 else "are"
            said = f"note {n} already says that; its {earlier} {are} wiped"
        else:
            print(f"note {n} already says that and keeps no earlier version; nothing changed")
            return 0
        print(
            f"{said} from the file ({signed}). Backups made before now still hold the "
            "earlier wording."
        )
        if args.text is not None:
            warn_if_sensitive(store, args, n)
        if done.unwiped:  # saved, but the promise "wiped from the file" is not kept yet
            message = f"Note {n} is rewritten, but {done.unwiped}"
            print(f"greeter: {for_this_shop(message, args)}", file=sys.stderr)
            return 3
    return 0


def run_note_change(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.change == "retire":
            staff_id, signed = _may_change_note(store, args, args.note_id)
            store.notes.retire(args.note_id, staff_id)
            done = "retired"
        else:
            store.notes.get(args.note_id)  # an unknown id fails before anyone is asked a PIN
            member, signed = sign(store, args, Action.ADD_NOTE)
            if args.change == "confirm":
                store.notes.confirm(args.note_id, member.id)
                done = "confirmed (still true)"
            else:
                store.notes.set_pinned(args.note_id, args.change == "pin", member.id)
                done = "pinned" if args.change == "pin" else "unpinned"
        print(f"note {args.note_id} {done} ({signed})")
    return 0


def run_note_history(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        sign(store, args, Action.VIEW_CARD)
        versions = store.notes.history(args.note_id)
        for n, version in enumerate(versions, start=1):
            current = "  (current)" if n == len(versions) else ""
            print(
                f"{n}. {version.written:%Y-%m-%d %H:%M} {version.author} "
                f"[{version.kind.value}]{current}\n{textwrap.indent(version.text, '   ')}"
            )
    return 0


# -- follow-ups --


def run_follow_up_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        kind = follow_up_kind(args.kind)
        due = parse_date(args.due, "due date") if args.due else None
        member, signed = sign(store, args, Action.ADD_FOLLOW_UP)
        counter = Counter(store)
        customer_id = choose(counter, args)
        follow_up_id = store.follow_ups.add(
            customer_id, kind, args.text, member.id, due, today=counter.today()
        )
        when = due_in_words(due, counter.today())
        print(
            f"added follow-up {follow_up_id} ({kind.label}, {when}) to "
            f"{who(store, customer_id)} ({signed})"
        )
    return 0


def run_follow_up_done(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        follow_up = store.follow_ups.get(args.follow_up_id)
        if follow_up.status != "open":
            raise UserError(
                f"Follow-up {follow_up.id} was already done"
                f"{' by ' + follow_up.done_by if follow_up.done_by else ''}"
                f"{follow_up.done_at and f' on {follow_up.done_at:%Y-%m-%d}' or ''}."
            )
        member, signed = sign(store, args, Action.COMPLETE_FOLLOW_UP)
        store.follow_ups.mark_done(follow_up.id, member.id)
        print(f"follow-up {follow_up.id} done ({signed})")
    return 0


def run_follow_up_reopen(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        follow_up = store.follow_ups.get(args.follow_up_id)
        if follow_up.status == "open":  # said before anyone is asked a PIN
            raise UserError(f"Follow-up {follow_up.id} is still open: there is nothing to reopen.")
        member, signed = sign(store, args, Action.COMPLETE_FOLLOW_UP)
        store.follow_ups.reopen(follow_up.id, member.id)
        print(f"follow-up {follow_up.id} is open again ({signed})")
    return 0


def run_follow_up_edit(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        kind = follow_up_kind(args.kind) if args.kind else None
        due = parse_date(args.due, "due date") if args.due else None
        store.follow_ups.get(args.follow_up_id)
        member, signed = sign(store, args, Action.ADD_FOLLOW_UP)
        store.follow_ups.edit(
            args.follow_up_id, member.id, text=args.text, kind=kind, due=due, clear_due=args.no_due
        )
        print(f"follow-up {args.follow_up_id} changed ({signed})")
    return 0
