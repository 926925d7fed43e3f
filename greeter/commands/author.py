"""Who a command's changes are signed by: --author NAME, or else the shop's owner."""

from __future__ import annotations

import argparse

from greeter.commands.common import authorise
from greeter.core.models import Staff
from greeter.core.permissions import Action
from greeter.store import Store


def add_author_options(parser: argparse.ArgumentParser, *, pin_option: str = "--pin") -> None:
    """--author NAME (also --staff NAME) and the PIN that proves it once PINs are on."""
    group = parser.add_argument_group("who is doing this")
    group.add_argument(
        "--author",
        "--staff",
        dest="staff",
        metavar="NAME",
        help="the staff member this is signed by (default: the shop's owner)",
    )
    group.add_argument(
        pin_option,
        dest="pin",
        metavar="PIN",
        help="their PIN, once the owner has switched PINs on (asked for in a terminal)",
    )


def sign(store: Store, args: argparse.Namespace, action: Action) -> tuple[Staff, str]:
    """The staff member acting, allowed to do `action`, and how to say who it was."""
    had_staff = bool(store.staff.all())
    member = authorise(store, args, action)
    if args.staff:
        return member, f"by {member.name}"
    if not had_staff:
        return member, (
            f"by {member.name}, added as the shop's owner because the shop had no staff yet; "
            "give --author NAME to sign as someone else"
        )
    return member, (
        f"by {member.name}, the shop's owner; give --author NAME to sign as someone else"
    )
