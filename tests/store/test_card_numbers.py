"""Payment card numbers never enter the shop's file, whichever field they are typed into:
not only notes, but follow-ups, names, pronunciations, loyalty cards, tags, dates and links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from greeter.core.customer_form import CustomerChanges, CustomerDraft
from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.errors import Invalid
from tests.helpers import add_customer, run_cli
from tests.till.csv_files import DATA_TABLES

VISA = "4111 1111 1111 1111"  # Luhn-valid: a payment card's number
MASTERCARD = "5555555555554444"


def _everything(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = (*DATA_TABLES, "follow_ups", "occasions", "customer_links", "preferences")
    return {t: sorted(tuple(r) for r in store.db.execute(f"SELECT * FROM {t}")) for t in tables}


WRITES: dict[str, Callable[[Store, int, int, int], object]] = {
    "follow-up": lambda s, c, _o, staff: s.follow_ups.add(
        c, FollowUpKind.PROMISE, f"Refund to {VISA}", staff
    ),
    "new customer's name": lambda s, _c, _o, _staff: add_customer(s, "Pat", VISA),
    "pronunciation": lambda s, _c, _o, _staff: add_customer(
        s, "Pat", "Pat Roy", pronunciation=MASTERCARD
    ),
    "new customer's card": lambda s, _c, _o, _staff: add_customer(s, "Pat", card=MASTERCARD),
    "added card": lambda s, c, _o, _staff: s.customers.add_card(c, MASTERCARD),
    "edited name": lambda s, c, _o, staff: s.customers.update(
        c, CustomerChanges(full_name=f"Zoë {VISA}"), "CA", staff
    ),
    "card added in an edit": lambda s, c, _o, staff: s.customers.update(
        c, CustomerChanges(add_cards=(MASTERCARD,)), "CA", staff
    ),
    "customer typed in": lambda s, _c, _o, staff: s.customers.create(
        CustomerDraft(preferred_name="Pat", full_name=f"Pat {VISA}"), "CA", staff_id=staff
    ),
    "tag": lambda s, c, _o, _staff: s.tags.add(c, [MASTERCARD]),
    "tag added by hand": lambda s, c, _o, staff: s.tags.tag(c, f"card {VISA}", staff),
    "occasion": lambda s, c, _o, staff: s.occasions.add(c, f"Paid with {VISA}", 3, 17, None, staff),
    "link": lambda s, c, other, staff: s.links.add(c, other, f"pays with {VISA} for", staff),
}


@pytest.mark.parametrize("field", WRITES)
def test_a_card_number_is_refused_and_nothing_is_written(
    store: Store, staff_id: int, field: str
) -> None:
    zoe = add_customer(store, "Zoë", "Zoë Lachance")
    other = add_customer(store, "Marc", "Marc Roy")
    before = _everything(store)

    with pytest.raises(Invalid, match=r"looks like a payment card number \(…(1111|4444)\)"):
        WRITES[field](store, zoe, other, staff_id)

    assert _everything(store) == before
    assert not store.db.conn.in_transaction


def test_a_follow_up_cannot_be_edited_into_holding_one(store: Store, staff_id: int) -> None:
    zoe = add_customer(store, "Zoë", "Zoë Lachance")
    follow_up = store.follow_ups.add(zoe, FollowUpKind.PROMISE, "Refund the kettle", staff_id)

    with pytest.raises(Invalid, match="payment card number"):
        store.follow_ups.edit(follow_up, staff_id, text=f"Refund to {VISA}")

    assert store.follow_ups.get(follow_up).text == "Refund the kettle"


def test_ordinary_numbers_still_go_in(store: Store, staff_id: int) -> None:
    """Order numbers, phone numbers and the shop's own long loyalty numbers (which may pass
    the Luhn check too) are not payment card numbers."""
    zoe = add_customer(store, "Zoë", "Zoë Lachance", card="BG-100017")
    store.follow_ups.add(
        zoe, FollowUpKind.PROMISE, "Order 1234567 arrives; call 613 555 0102", staff_id
    )
    store.customers.add_card(zoe, "4111111111111112")  # 16 digits, but not Luhn-valid
    store.customers.add_card(zoe, "2900000012343")  # Luhn-valid, an in-store EAN-13
    store.customers.add_card(zoe, "9780201379623")  # Luhn-valid, no card network's range
    assert set(store.customers.cards(zoe)) == {
        "BG-100017", "4111111111111112", "2900000012343", "9780201379623"
    }  # fmt: skip


def test_the_command_line_refuses_it_in_a_follow_up_and_a_name(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with Store(path) as store:
        store.staff.add("Priya", "owner")
        zoe = add_customer(store, "Zoë", "Zoë Lachance")
    follow_up = run_cli(
        "followup", "add", "--id", str(zoe), "--kind", "promise",
        "--text", f"refund to {VISA}", "--db", str(path),
    )  # fmt: skip
    named = run_cli("customer", "add", "--name", VISA, "--force", "--db", str(path))
    carded = run_cli("customer", "edit", "--id", str(zoe), "--add-card", MASTERCARD,
                     "--db", str(path))  # fmt: skip

    for done in (follow_up, named, carded):
        assert done.returncode == 1, done.stdout
        assert "payment card number" in done.stderr and "Traceback" not in done.stderr
    with Store(path) as store:
        assert store.customers.count() == 1
        assert store.follow_ups.open_for(zoe) == ()
        assert store.customers.cards(zoe) == ()
