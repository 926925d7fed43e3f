"""A follow-up is due from a year ago to ten years from today: 9999-12-31 and 1900-01-01 are
typos, not promises; one marked done by mistake can be opened again."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.errors import Invalid, NotFound
from tests.helpers import TODAY, add_customer

TOO_FAR = (
    "A follow-up can be due from 2025-11-22 to 2036-11-22 (a year ago to ten years from today), "
    "not on {}."
)
TOO_LONG_AGO = (
    "{} is more than a year ago: a follow-up due then would sit overdue at the top of every "
    "day's list. Give the day it is to be done, from 2025-11-22 to 2036-11-22, or no due date."
)


def test_a_due_date_is_from_a_year_ago_to_ten_years_ahead(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")

    def add(due: dt.date) -> int:
        return store.follow_ups.add(
            cid, FollowUpKind.PROMISE, "Ring her", staff_id, due, today=TODAY
        )

    for due in (dt.date(9999, 12, 31), dt.date(2036, 11, 23)):
        with pytest.raises(Invalid) as refused:
            add(due)
        assert str(refused.value) == TOO_FAR.format(due)
    for due in (dt.date(1900, 1, 1), dt.date(2025, 11, 21)):
        with pytest.raises(Invalid) as refused:
            add(due)
        assert str(refused.value) == TOO_LONG_AGO.format(due)
    assert store.follow_ups.open_for(cid) == ()
    for due in (dt.date(2036, 11, 22), dt.date(2025, 11, 22), TODAY):
        assert store.follow_ups.get(add(due)).due == due


def test_an_edit_cannot_move_the_due_date_out_of_range(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    follow_up = store.follow_ups.add(cid, FollowUpKind.PROMISE, "Ring her", staff_id, TODAY)
    with pytest.raises(Invalid, match="not on 9999-12-31"):
        store.follow_ups.edit(
            follow_up, staff_id, text="Ring him", due=dt.date(9999, 12, 31), today=TODAY
        )
    with pytest.raises(Invalid, match="^1900-01-01 is more than a year ago"):
        store.follow_ups.edit(follow_up, staff_id, due=dt.date(1900, 1, 1), today=TODAY)
    assert (store.follow_ups.get(follow_up).text, store.follow_ups.get(follow_up).due) == (
        "Ring her",
        TODAY,
    )
    store.follow_ups.edit(follow_up, staff_id, due=dt.date(2036, 11, 22), today=TODAY)
    assert store.follow_ups.get(follow_up).due == dt.date(2036, 11, 22)


def test_a_year_back_and_ten_years_on_from_the_29th_of_february_are_the_28th(
    store: Store, staff_id: int
) -> None:
    cid = add_customer(store, "Ann")
    leap_day = dt.date(2028, 2, 29)
    with pytest.raises(Invalid, match="to 2038-02-28 .* not on 2038-03-01"):
        store.follow_ups.add(
            cid, FollowUpKind.PROMISE, "Ring her", staff_id, dt.date(2038, 3, 1), today=leap_day
        )
    with pytest.raises(Invalid, match="from 2027-02-28 to 2038-02-28"):  # and a year back
        store.follow_ups.add(
            cid, FollowUpKind.PROMISE, "Ring her", staff_id, dt.date(2027, 2, 27), today=leap_day
        )


def test_a_follow_up_marked_done_by_mistake_is_reopened_and_audited(
    store: Store, staff_id: int
) -> None:
    marcus = store.staff.add("Marcus", "staff")
    cid = add_customer(store, "Tomáš")
    call = store.follow_ups.add(cid, FollowUpKind.CALL_BACK, "Ring about the lens", staff_id, TODAY)
    with store.act_as(marcus):
        store.follow_ups.mark_done(call, marcus)
    assert store.follow_ups.open_for(cid) == ()

    store.follow_ups.reopen(call, staff_id)  # Priya puts it back, whoever is on duty

    [back] = store.follow_ups.open_for(cid)
    assert (back.id, back.status, back.done_at, back.done_by) == (call, "open", None, "")
    assert (back.text, back.due, back.taken_by) == ("Ring about the lens", TODAY, "Priya")
    assert [f.id for f in store.follow_ups.due_for_day(TODAY, reserved=False)[0]] == [call]
    reopened, done = store.audit.entries(action="update", limit=2)
    assert (reopened.staff_name, reopened.table_name, reopened.row_id) == (
        "Priya",
        "follow_ups",
        call,
    )
    assert reopened.customer_id == cid
    assert set(reopened.detail["changed"]) == {"status", "done_at", "done_by_id"}
    assert (done.staff_name, done.row_id) == ("Marcus", call)


def test_only_a_done_follow_up_can_be_reopened(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    call = store.follow_ups.add(cid, FollowUpKind.CALL_BACK, "Ring her", staff_id, TODAY)
    trail = len(store.audit.entries(limit=None))
    with pytest.raises(Invalid) as refused:
        store.follow_ups.reopen(call, staff_id)
    assert str(refused.value) == f"Follow-up {call} is still open: there is nothing to reopen."
    with pytest.raises(NotFound) as unknown:
        store.follow_ups.reopen(999, staff_id)
    assert str(unknown.value) == "There is no follow-up with id 999."
    assert len(store.audit.entries(limit=None)) == trail  # nothing changed, nothing recorded
    assert store.follow_ups.get(call).status == "open"
