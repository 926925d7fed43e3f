"""Who may do what: the roles, the actions that need one, and the PIN rules, as plain data."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greeter.core.models import Staff


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"


class Action(StrEnum):
    VIEW_CARD = "view_card"
    ADD_NOTE = "add_note"
    EDIT_OWN_NOTE = "edit_own_note"
    ADD_FOLLOW_UP = "add_follow_up"
    COMPLETE_FOLLOW_UP = "complete_follow_up"
    ADD_CUSTOMER = "add_customer"
    EDIT_CUSTOMER = "edit_customer"
    CHANGE_OWN_PIN = "change_own_pin"
    EDIT_OTHERS_NOTES = "edit_others_notes"
    MERGE_CUSTOMERS = "merge_customers"
    IMPORT = "import"
    BACKUP = "backup"
    EXPORT = "export"
    EXPORT_CUSTOMER = "export_customer"
    ERASE = "erase"
    RESTORE = "restore"
    MANAGE_STAFF = "manage_staff"
    CHANGE_SETTINGS = "change_settings"
    VIEW_AUDIT = "view_audit"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS: dict[Action, str] = {
    Action.VIEW_CARD: "view a customer's card",
    Action.ADD_NOTE: "add a note",
    Action.EDIT_OWN_NOTE: "edit or retire their own notes",
    Action.ADD_FOLLOW_UP: "add a follow-up",
    Action.COMPLETE_FOLLOW_UP: "mark a follow-up done",
    Action.ADD_CUSTOMER: "add a customer",
    Action.EDIT_CUSTOMER: "edit a customer's details",
    Action.CHANGE_OWN_PIN: "change their own PIN",
    Action.EDIT_OTHERS_NOTES: "edit or retire others' notes",
    Action.MERGE_CUSTOMERS: "merge two customers",
    Action.IMPORT: "import from the till",
    Action.BACKUP: "make a backup",
    Action.EXPORT: "export customers to a file",
    Action.EXPORT_CUSTOMER: "export everything held about one customer",
    Action.ERASE: "erase a customer",
    Action.RESTORE: "restore a backup",
    Action.MANAGE_STAFF: "add or remove staff, set their roles and PINs",
    Action.CHANGE_SETTINGS: "change the shop's settings",
    Action.VIEW_AUDIT: "read the audit trail",
}

_STAFF = frozenset(
    {
        Action.VIEW_CARD,
        Action.ADD_NOTE,
        Action.EDIT_OWN_NOTE,
        Action.ADD_FOLLOW_UP,
        Action.COMPLETE_FOLLOW_UP,
        Action.ADD_CUSTOMER,
        Action.EDIT_CUSTOMER,
        Action.CHANGE_OWN_PIN,
    }
)
_MANAGER = _STAFF | {
    Action.EDIT_OTHERS_NOTES,
    Action.MERGE_CUSTOMERS,
    Action.IMPORT,
    Action.BACKUP,
}
_OWNER = _MANAGER | {
    Action.EXPORT,
    Action.EXPORT_CUSTOMER,
    Action.ERASE,
    Action.RESTORE,
    Action.MANAGE_STAFF,
    Action.CHANGE_SETTINGS,
    Action.VIEW_AUDIT,
}

# The whole permission matrix. Each role may do everything the role below it may.
ROLE_ALLOWS: dict[Role, frozenset[Action]] = {
    Role.STAFF: _STAFF,
    Role.MANAGER: frozenset(_MANAGER),
    Role.OWNER: frozenset(_OWNER),
}

# Actions that take a customer's data out of the shop, or destroy it: the PIN is asked
# again even when the person is already on duty.
PIN_AGAIN: frozenset[Action] = frozenset(
    {Action.EXPORT, Action.EXPORT_CUSTOMER, Action.ERASE, Action.RESTORE}
)

_ASCENDING = (Role.STAFF, Role.MANAGER, Role.OWNER)

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
MAX_WRONG_PINS = 5
LOCKOUT_MINUTES = 5


def role_of(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValueError(f"Role must be one of {', '.join(Role)}, not “{role}”.") from None


def first_owner(staff: Iterable[Staff]) -> Staff | None:
    """Whom the shop acts as while nobody is asked for a PIN: its first owner (lowest id)."""
    return min((s for s in staff if s.role == Role.OWNER), key=lambda s: s.id, default=None)


def allowed(role: str | Role, action: Action) -> bool:
    """May someone with this role do this? Unknown roles may do nothing."""
    try:
        return action in ROLE_ALLOWS[Role(role)]
    except ValueError:
        return False


def needs_pin_again(action: Action) -> bool:
    return action in PIN_AGAIN


def least_role(action: Action) -> Role:
    """The lowest role allowed to do this (for messages such as “needs a manager”)."""
    for role in _ASCENDING:
        if action in ROLE_ALLOWS[role]:
            return role
    raise AssertionError(f"no role may {action}")


def refusal(name: str, role: str | Role, action: Action, *, in_window: bool = False) -> str:
    """The sentences shown when `name` may not do `action`: who may, and what to do next,
    as the window (`in_window`) or the command line does it: have one of them do it."""
    least = least_role(action)
    who = {Role.STAFF: "staff", Role.MANAGER: "managers and owners", Role.OWNER: "an owner"}
    one = {Role.STAFF: "staff", Role.MANAGER: "a manager or an owner", Role.OWNER: "an owner"}
    is_ = {"owner": "an owner", "manager": "a manager", "staff": "staff"}.get(str(role), role)
    then = (
        f"Ask {one[least]} to go on duty (choosing their name at the top), then try again."
        if in_window
        else f"Run it again as {one[least]}: --staff NAME."
    )
    return f"{name} is {is_}; only {who[least]} may {action.label}. {then}"


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be used, or None if it is fine."""
    if not (pin.isascii() and pin.isdigit()) or not (PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        return f"A PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits (0-9), nothing else."
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({0}, {1}, {-1}):
        return f"{pin} is too easy to guess (repeated or consecutive digits); choose another."
    return None


def permissions_table() -> str:
    """The docs' permission table, generated so the docs cannot drift from the code."""
    rows = ["| action | staff | manager | owner | PIN asked again |", "|---|---|---|---|---|"]
    for action in Action:
        marks = ["yes" if allowed(role, action) else "—" for role in _ASCENDING]
        again = "yes" if needs_pin_again(action) else ""
        rows.append(f"| {action.label} | {' | '.join(marks)} | {again} |")
    return "\n".join(rows)
