"""The permission matrix, every role against every action, and the PIN rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greeter.core.permissions import (
    PIN_AGAIN,
    ROLE_ALLOWS,
    Action,
    Role,
    allowed,
    least_role,
    needs_pin_again,
    permissions_table,
    pin_problem,
    refusal,
)

S, M, OW = Role.STAFF, Role.MANAGER, Role.OWNER

# The brief, written out by hand: who may do what.
EXPECTED: dict[Action, set[Role]] = {
    Action.VIEW_CARD: {S, M, OW},
    Action.ADD_NOTE: {S, M, OW},
    Action.EDIT_OWN_NOTE: {S, M, OW},
    Action.ADD_FOLLOW_UP: {S, M, OW},
    Action.COMPLETE_FOLLOW_UP: {S, M, OW},
    Action.ADD_CUSTOMER: {S, M, OW},
    Action.EDIT_CUSTOMER: {S, M, OW},
    Action.CHANGE_OWN_PIN: {S, M, OW},
    Action.EDIT_OTHERS_NOTES: {M, OW},
    Action.MERGE_CUSTOMERS: {M, OW},
    Action.IMPORT: {M, OW},
    Action.BACKUP: {M, OW},
    Action.EXPORT: {OW},
    Action.EXPORT_CUSTOMER: {OW},
    Action.ERASE: {OW},
    Action.RESTORE: {OW},
    Action.MANAGE_STAFF: {OW},
    Action.CHANGE_SETTINGS: {OW},
    Action.VIEW_AUDIT: {OW},
}


def test_every_action_is_in_the_expected_matrix() -> None:
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_matrix(role: Role, action: Action) -> None:
    assert allowed(role, action) is (role in EXPECTED[action])
    assert allowed(role.value, action) is (role in EXPECTED[action])


def test_roles_nest_and_unknown_roles_may_do_nothing() -> None:
    assert ROLE_ALLOWS[S] < ROLE_ALLOWS[M] < ROLE_ALLOWS[OW]
    assert not any(allowed("cleaner", a) for a in Action)


def test_pin_asked_again_for_export_erase_and_restore_only() -> None:
    assert PIN_AGAIN == {Action.EXPORT, Action.EXPORT_CUSTOMER, Action.ERASE, Action.RESTORE}
    assert needs_pin_again(Action.ERASE) and not needs_pin_again(Action.VIEW_CARD)


def test_refusal_names_the_role_needed_and_who_to_ask() -> None:
    assert least_role(Action.IMPORT) is M
    assert refusal("Sam", "manager", Action.EXPORT) == (
        "Sam is a manager; only an owner may export customers to a file. "
        "Run it again as an owner: --staff NAME."
    )
    assert refusal("Mo", "staff", Action.MERGE_CUSTOMERS, in_window=True) == (
        "Mo is staff; only managers and owners may merge two customers. "
        "Ask a manager or an owner to go on duty (choosing their name at the top), then try again."
    )


@pytest.mark.parametrize(
    "pin, ok",
    [
        ("2580", True),
        ("90210731", True),
        ("123", False),
        ("123456789", False),
        ("12a4", False),
        ("٢٥٨٠", False),  # Arabic-Indic digits: not what the keypad sends
        ("1111", False),
        ("1234", False),
        ("9876", False),
        (" 2580", False),
    ],
)
def test_pin_rules(pin: str, ok: bool) -> None:
    assert (pin_problem(pin) is None) is ok


def test_docs_permission_table_matches_the_code() -> None:
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- permissions:start -->\n(.*?)\n<!-- permissions:end -->", text, re.S)
    assert block is not None
    assert block.group(1) == permissions_table()
