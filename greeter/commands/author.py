"""Who a command's changes are signed by: --staff NAME (or --author NAME), or else the
shop's owner."""

from __future__ import annotations

import argparse

from greeter.commands.common import add_staff_option, authorise
from greeter.core.models import Staff
from greeter.core.permissions import Action
from greeter.store import Store


def add_author_options(
    parser: argparse.ArgumentParser, *, pin_action: type[argparse.Action] | None = None
) -> None:
    """--staff NAME (also --author NAME) and --pin PIN, the PIN that proves it once PINs are
    on, as every command spells them. `pin_action` reads --pin instead (see `greeter note
    add`)."""
    group = parser.add_argument_group("who is doing this")
    add_staff_option(group, "the staff member this is signed by, the shop's owner if left out")
    group.add_argument(
        "--pin",
        dest="pin",
        metavar="PIN",
        help="their PIN, once the owner has switched PINs on (asked for in a terminal)",
        action=pin_action or "store",
        nargs="?" if pin_action else None,
    )
    # What `greeter note` called --pin PIN until it took --pin PIN like every command: till
    # scripts may still use it.
    group.add_argument("--staff-pin", dest="pin", help=argparse.SUPPRESS)


def sign(store: Store, args: argparse.Namespace, action: Action) -> tuple[Staff, str]:
    """The staff member acting, allowed to do `action`, and how to say who it was: the
    person named (with --staff, or at the "Your name:" prompt once PINs are on) and their
    role, or the shop's owner when nobody was named."""
    had_staff = bool(store.staff.all())
    named = bool(args.staff) or not store.auth.single_user_mode()
    member = authorise(store, args, action)
    if named:
        return member, f"by {member.name}, {member.role}"
    if not had_staff:
        return member, (
            f"by {member.name}, added as the shop's owner because the shop had no staff yet; "
            "give --staff NAME to sign as someone else"
        )
    return member, (
        f"by {member.name}, the shop's owner; give --staff NAME to sign as someone else"
    )
