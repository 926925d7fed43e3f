"""`greeter staff`: add, list and remove the people on the counter, and set their PINs."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from greeter.cli import UserError
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.core.permissions import Action, Role, pin_problem
from greeter.core.text import clean_text
from greeter.store import Store


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "staff",
        help="add, list or remove staff; set PINs",
        description="The people on the counter, their roles (owner, manager, staff) and PINs. "
        "Until an owner has a PIN nobody is asked for one; the first owner PIN switches "
        "PINs on for everyone.",
    )
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[common], help="add a staff member")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value)
    add_auth_options(add)
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", parents=[common], help="list staff, roles and PINs")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=run_list)

    pin = actions.add_parser(
        "pin",
        parents=[common],
        help="set or change a PIN",
        description="Set NAME's PIN (4-8 digits). Owners set anyone's; everyone can change "
        "their own with their current PIN. The new PIN is asked for twice in a terminal, or "
        "given with --new-pin.",
    )
    pin.add_argument("name")
    pin.add_argument("--new-pin", metavar="PIN", help="the new PIN (otherwise asked for)")
    add_auth_options(pin)
    pin.set_defaults(run=run_pin)

    remove = actions.add_parser(
        "remove", parents=[common], help="remove a staff member (their notes keep their name)"
    )
    remove.add_argument("name")
    add_auth_options(remove)
    remove.set_defaults(run=run_remove)


def run_add(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        if _adds_the_first_owner(store, args):
            # They sign their own arrival, as the owner every later change is signed by
            # until PINs are on: no stand-in "Owner" is made up to sign it.
            store.actor_id = store.staff.add(args.name, args.role, self_signed=True)
        else:
            authorise(store, args, Action.MANAGE_STAFF)
            store.staff.add(args.name, args.role)
        print(f"added {args.name} ({args.role})")
    return 0


def _adds_the_first_owner(store: Store, args: argparse.Namespace) -> bool:
    """An owner added to a shop that has none yet, by nobody else (no --staff, or their own
    name): single-user mode's owner would be added to sign it otherwise."""
    acting = clean_text(args.staff or args.name).casefold()
    return (
        args.role == Role.OWNER
        and acting == clean_text(args.name).casefold()
        and not any(member.role == Role.OWNER for member in store.staff.all())
    )


def run_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        statuses = store.auth.statuses()
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "id": s.staff.id,
                            "name": s.staff.name,
                            "role": s.staff.role,
                            "has_pin": s.has_pin,
                            "locked_until": s.locked_until.isoformat() if s.locked_until else None,
                        }
                        for s in statuses
                    ],
                    ensure_ascii=False,
                )
            )
            return 0
        mode = (
            "single-user mode: no PINs asked until an owner sets one"
            if store.auth.single_user_mode()
            else "PINs are on"
        )
        print(f"# {mode}")
        for s in statuses:
            extra = "PIN set" if s.has_pin else "no PIN"
            if s.locked_until:
                extra += f", locked until {s.locked_until:%H:%M}"
            print(f"{s.staff.name:<20} {s.staff.role:<8} {extra}")
    return 0


def _new_pin(args: argparse.Namespace, name: str) -> str:
    if args.new_pin is not None:
        return str(args.new_pin)
    if not sys.stdin.isatty():
        raise UserError(f"Give {name}'s new PIN with --new-pin PIN (or run this in a terminal).")
    first = getpass.getpass(f"New PIN for {name}: ")
    problem = pin_problem(first)
    if problem:
        raise UserError(problem)
    if getpass.getpass("Once more: ") != first:
        raise UserError("The two PINs differ; nothing was changed.")
    return first


def _authorise_pin_change(store: Store, args: argparse.Namespace) -> None:
    target = store.auth.by_name(args.name)
    if store.auth.single_user_mode():
        authorise(store, args, Action.MANAGE_STAFF)
        return
    # Changing your own PIN needs your current one; anyone else's needs an owner.
    acting = args.staff or args.name
    if store.auth.by_name(acting).id == target.id:
        args.staff = target.name
        authorise(store, args, Action.CHANGE_OWN_PIN)
    else:
        authorise(store, args, Action.MANAGE_STAFF)


def run_pin(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        target = store.auth.by_name(args.name)
        was_single = store.auth.single_user_mode()
        _authorise_pin_change(store, args)
        store.auth.set_pin(target.id, _new_pin(args, target.name))
        print(f"set {target.name}'s PIN")
        if was_single and not store.auth.single_user_mode():
            print("PINs are now on: every action that needs a role asks for a name and PIN.")
        elif was_single and target.role != Role.OWNER:
            print("PINs are not asked yet: they switch on when an owner sets a PIN.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.MANAGE_STAFF)
        removed = store.auth.remove(args.name)
        print(f"removed {removed.name}; their notes and follow-ups keep their name")
    return 0
