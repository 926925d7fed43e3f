"""The audit trail in words for the owner: what happened, to which customer, by what counts."""

from __future__ import annotations

import datetime as dt

from greeter.core.audit import AuditEntry, AuditEvent, entry_words

AT = dt.datetime(2026, 11, 23, 6, 41)


def entry(
    action: str,
    table: str | None = None,
    row_id: int | None = None,
    customer_id: int | None = None,
    **detail: object,
) -> AuditEntry:
    return AuditEntry(1, AT, 2, "Hélène", action, table, row_id, customer_id, dict(detail))


def test_a_change_says_what_changed_for_which_customer() -> None:
    assert entry_words(entry("insert", "follow_ups", 30, 12)) == "Follow-up added for customer #12"
    done = entry("update", "follow_ups", 30, 43, changed=["status", "done_at", "done_by_id"])
    assert entry_words(done) == "Follow-up changed for customer #43: status, done, done by"
    assert entry_words(entry("insert", "customers", 48, 48)) == "Customer #48 added"
    card = entry("insert", "identifiers", 3, 12, system="card")
    assert entry_words(card) == "Loyalty card added for customer #12"
    link = entry("insert", "customer_links", 2, 5, other_customer=3)
    assert entry_words(link) == "Link added between customers #3 and #5"
    assert entry_words(entry("view", customer_id=12)) == "Card shown for customer #12"


def test_an_import_says_its_counts_above_zero() -> None:
    sales = entry(
        "import",
        kind="sales", new=120, updated=0, unchanged=0, bad=2, duplicates=0, lines=310,
        refunds=0, returned=0, cancelled=1, not_paid_yet=0, partly_refunded=0,
        charge_lines=0, withdrawn=0, totals_reduced=0,
    )  # fmt: skip
    assert entry_words(sales) == (
        "Sales import: 120 new receipts, 310 items, 2 bad rows, 1 cancelled receipt left out"
    )
    nothing = entry("import", kind="customers", new=0, updated=0, unchanged=0, bad=0)
    assert entry_words(nothing) == "Customer import: nothing new"


def test_staff_events_name_the_staff_member_and_erasures_the_customer() -> None:
    names = {2: "Marcus"}
    assert entry_words(entry("pin_set", "staff", 2), names) == "PIN set for Marcus"
    assert entry_words(entry("pin_wrong", "staff", 9), names) == (
        "Wrong PIN typed for staff member #9"  # no longer on the staff
    )
    assert entry_words(entry("locked_out", "staff", 2), names) == (
        "Marcus locked out after too many wrong PINs"
    )
    erased = entry("erase", customer_id=12, rows=40, purchases_detached=3)
    assert entry_words(erased) == (
        "Customer #12 erased: 40 records removed, 3 purchases kept without them"
    )
    assert entry_words(entry("restore", erased_again=0, kept=True, staff_kept=False)) == (
        "Backup restored"
    )


def test_no_entry_is_said_in_codes() -> None:
    for event in AuditEvent:
        words = entry_words(entry(event.value, customer_id=4))
        assert "_" not in words and "=" not in words, words
        assert "_" not in event.label and event.label[0].isupper(), event.label
