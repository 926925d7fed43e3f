"""A follow-up is due from 1900 to ten years from today: 9999-12-31 is a typo, not a promise."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.models import FollowUpKind
from greeter.store import Store
from greeter.store.errors import Invalid
from tests.helpers import TODAY, add_customer

TOO_FAR = "A follow-up can be due from 1900-01-01 to 2036-11-22 (ten years from today), not on {}."


def test_a_due_date_is_from_1900_to_ten_years_ahead(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")

    def add(due: dt.date) -> int:
        return store.follow_ups.add(
            cid, FollowUpKind.PROMISE, "Ring her", staff_id, due, today=TODAY
        )

    for due in (dt.date(9999, 12, 31), dt.date(2036, 11, 23), dt.date(1899, 12, 31)):
        with pytest.raises(Invalid) as refused:
            add(due)
        assert str(refused.value) == TOO_FAR.format(due)
    assert store.follow_ups.open_for(cid) == ()
    for due in (dt.date(2036, 11, 22), dt.date(1900, 1, 1), TODAY):
        assert store.follow_ups.get(add(due)).due == due


def test_an_edit_cannot_move_the_due_date_out_of_range(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    follow_up = store.follow_ups.add(cid, FollowUpKind.PROMISE, "Ring her", staff_id, TODAY)
    with pytest.raises(Invalid, match="not on 9999-12-31"):
        store.follow_ups.edit(
            follow_up, staff_id, text="Ring him", due=dt.date(9999, 12, 31), today=TODAY
        )
    assert (store.follow_ups.get(follow_up).text, store.follow_ups.get(follow_up).due) == (
        "Ring her",
        TODAY,
    )
    store.follow_ups.edit(follow_up, staff_id, due=dt.date(2036, 11, 22), today=TODAY)
    assert store.follow_ups.get(follow_up).due == dt.date(2036, 11, 22)


def test_ten_years_from_the_29th_of_february_is_the_28th(store: Store, staff_id: int) -> None:
    cid = add_customer(store, "Ann")
    leap_day = dt.date(2028, 2, 29)
    with pytest.raises(Invalid, match="to 2038-02-28 .* not on 2038-03-01"):
        store.follow_ups.add(
            cid, FollowUpKind.PROMISE, "Ring her", staff_id, dt.date(2038, 3, 1), today=leap_day
        )
