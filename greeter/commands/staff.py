"""`greeter staff`: add, list and remove the people on the counter, set their roles and
PINs."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from greeter.cli import UserError, for_this_shop
from greeter.commands.common import add_auth_options, authorise, open_store
from greeter.core.models import Staff
from greeter.core.permissions import Action, Role, pin_problem
from greeter.core.text import clean_text, pin_command
from greeter.store import Store


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "staff",
        help="add, list or remove staff; set roles and PINs",
        description="The people on the counter, their roles (owner, manager, staff) and PINs. "
        "Until an owner has a PIN nobody is asked for one; the first owner PIN switches "
        "PINs on for everyone.",
    )
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        parents=[common],
        help="add a staff member, or bring back one who was removed",
        description="Add a staff member. A new shop's first one is its owner unless --role "
        "says otherwise. Someone removed before comes back with their notes and history, "
        "and sets a new PIN.",
    )
    add.add_argument("name")
    add.add_argument(
        "--role",
        choices=[r.value for r in Role],
        help="default: staff (owner for a new shop's first staff member)",
    )
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

    role = actions.add_parser(
        "role",
        parents=[common],
        help="change a staff member's role",
        description="Make NAME an owner, a manager or staff (owners only). The shop's last "
        "owner stays one until another owner is added.",
    )
    role.add_argument("name")
    role.add_argument("role", choices=[r.value for r in Role])
    add_auth_options(role)
    role.set_defaults(run=run_role)

    remove = actions.add_parser(
        "remove", parents=[common], help="remove a staff member (their notes keep their name)"
    )
    remove.add_argument("name")
    add_auth_options(remove)
    remove.set_defaults(run=run_remove)


def run_add(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        staff = store.staff.all()
        had_owner = any(member.role == Role.OWNER for member in staff)
        # A new shop is set up by its owner, so the first name typed is theirs unless --role
        # says otherwise: a stand-in "Owner" then signs, as said below.
        made_owner = args.role is None and not staff
        args.role = args.role or (Role.OWNER.value if made_owner else Role.STAFF.value)
        returning = store.staff.was_removed(args.name)
        signer = None
        if _adds_the_first_owner(store, args):
            # They sign their own arrival, as the owner every later change is signed by
            # until PINs are on: no stand-in "Owner" is made up to sign it.
            store.actor_id = store.staff.add(args.name, args.role, self_signed=True)
        else:
            signer = authorise(store, args, Action.MANAGE_STAFF)
            store.staff.add(args.name, args.role)
        added = store.staff.by_name(args.name)
        print(f"added {added.name} ({added.role}){', back on the staff' if returning else ''}")
        if returning:
            _say(
                args,
                f"{added.name}'s notes and audit trail from before are theirs again; their "
                f"old PIN is gone: set a new one with `{pin_command(added.name)}`.",
            )
        if made_owner:
            _say(
                args,
                "The first person on a new shop's staff is its owner; add the others with "
                "`greeter staff add NAME`.",
            )
        if signer is not None and not had_owner:
            _say(
                args,
                f"The shop has no owner yet: “{signer.name}”, a stand-in, signs its changes "
                "until you add the real owner with `greeter staff add NAME --role owner` and "
                f"remove the stand-in with `greeter staff remove {signer.name}`.",
            )
    return 0


def _say(args: argparse.Namespace, message: str) -> None:
    """A line after the result, its commands given this shop's --db."""
    print(for_this_shop(message, args))


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


def _authorise_pin_change(store: Store, args: argparse.Namespace, target: Staff) -> None:
    if store.auth.single_user_mode():
        authorise(store, args, Action.MANAGE_STAFF)
        return
    # Changing your own PIN needs your current one; anyone else's needs an owner.
    if store.auth.by_name(args.staff or target.name).id != target.id:
        authorise(store, args, Action.MANAGE_STAFF)
        return
    cannot = _cannot_prove_it(store, target)
    if cannot is None:
        args.staff = target.name
        authorise(store, args, Action.CHANGE_OWN_PIN)
        return
    # The hint in `cannot` (`greeter staff pin Sam`) is pasted by an owner: they are asked
    # who they are, or told how to say it.
    owner_does_it = f"PINs are on and {cannot}, so an owner sets it"
    if args.staff:
        raise UserError(
            f"{owner_does_it}: give an owner's name and PIN with --staff OWNER --pin PIN."
        )
    if not sys.stdin.isatty():
        raise UserError(
            f"{owner_does_it}: add --staff OWNER --pin PIN (an owner's name and PIN), or run "
            "this in a terminal to be asked for them."
        )
    authorise(store, args, Action.MANAGE_STAFF)


def _cannot_prove_it(store: Store, target: Staff) -> str | None:
    """Why `target` cannot sign for their own new PIN with their current one, or None."""
    (status,) = [s for s in store.auth.statuses() if s.staff.id == target.id]
    if not status.has_pin:
        return f"{target.name} has no PIN yet"
    if status.locked_until:
        return f"{target.name} is locked out until {status.locked_until:%H:%M}"
    return None


def run_pin(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        target = store.auth.by_name(args.name)
        was_single = store.auth.single_user_mode()
        _authorise_pin_change(store, args, target)
        store.auth.set_pin(target.id, _new_pin(args, target.name))
        print(f"set {target.name}'s PIN")
        if was_single and not store.auth.single_user_mode():
            print("PINs are now on: every action that needs a role asks for a name and PIN.")
        elif was_single and target.role != Role.OWNER:
            print("PINs are not asked yet: they switch on when an owner sets a PIN.")
    return 0


def run_role(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        member = store.auth.by_name(args.name)  # an unknown name fails before anyone is asked
        authorise(store, args, Action.MANAGE_STAFF)
        changed = store.auth.set_role(member.name, args.role)
        if changed.role == member.role:
            print(f"{member.name} is already {_a(member.role)}; nothing changed")
        else:
            print(f"{member.name} is now {_a(changed.role)} (was {_a(member.role)})")
    return 0


def _a(role: str) -> str:
    return {"owner": "an owner", "manager": "a manager"}.get(role, "staff")


def run_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        authorise(store, args, Action.MANAGE_STAFF)
        removed = store.auth.remove(args.name)
        print(f"removed {removed.name}; their notes and follow-ups keep their name")
    return 0
