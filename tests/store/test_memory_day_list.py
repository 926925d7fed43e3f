"""The day's list for a fixed date: every section, from the shop's own file."""

from __future__ import annotations

import datetime as dt

from greeter.core.day_list import Section
from greeter.core.models import Birthday, FollowUpKind
from greeter.store import Store
from tests.helpers import TODAY, add_customer, add_purchase

# TODAY is Sunday 22 November 2026.


def reasons(store: Store, day: dt.date = TODAY) -> dict[Section, list[tuple[str, str]]]:
    day_list = store.day_list.assemble(day, store.settings.load())
    assert day_list.day == day
    return {s.kind: [(line.name, line.reason) for line in s.lines] for s in day_list.sections}


def test_every_section_for_a_fixed_date(store: Store, staff_id: int) -> None:
    aiko = add_customer(store, "Aiko", birthday=Birthday(11, 24, 1990))
    add_customer(store, "Nextweek", birthday=Birthday(11, 29))
    ann = add_customer(store, "Ann Marie")
    store.occasions.add(ann, "wedding anniversary", 11, 22, 2001)
    tomas = add_customer(store, "Tomáš", phone="613-555-0179")
    store.follow_ups.add(
        tomas, FollowUpKind.CALL_BACK, "Call about the camera", staff_id, TODAY - dt.timedelta(2)
    )
    store.follow_ups.add(
        tomas, FollowUpKind.PROMISE, "Next month", staff_id, TODAY + dt.timedelta(30)
    )
    done = store.follow_ups.add(tomas, FollowUpKind.PROBLEM, "Fixed", staff_id, TODAY)
    store.follow_ups.mark_done(done, staff_id)
    sio = add_customer(store, "Siobhán")
    store.follow_ups.add(sio, FollowUpKind.RESERVED, "Pixel, back room", staff_id, TODAY)
    store.follow_ups.add(
        sio, FollowUpKind.RESERVED, "Not here yet", staff_id, TODAY + dt.timedelta(9)
    )
    paddy = add_customer(store, "Paddy", phone="613-555-0190")
    no_phone = add_customer(store, "Quiet")
    for customer in (paddy, no_phone):
        for n in range(6):
            add_purchase(store, customer, dt.datetime(2026, 1, 5 + n, 10), ("Tea", 500))
    zoe = add_customer(store, "Zoë")
    store.seen.record(zoe, staff_id, when=dt.datetime(2026, 11, 22, 9, 30))
    assert not store.seen.record(zoe, staff_id, when=dt.datetime(2026, 11, 22, 9, 35))
    store.seen.record(zoe, None, when=dt.datetime(2026, 11, 22, 15, 0))
    store.seen.record(aiko, staff_id, when=dt.datetime(2026, 11, 21, 15, 0))  # yesterday

    assert reasons(store) == {
        Section.OCCASIONS: [("Ann", "Wedding anniversary today"), ("Aiko", "Birthday Tuesday")],
        Section.FOLLOW_UPS: [("Tomáš", "Call back · overdue by 2 days")],
        Section.RESERVED: [("Siobhán", "Reserved item ready today")],
        Section.LAPSED: [("Paddy", "Regular (6 visits), not seen since 10 Jan")],
        Section.GREETED: [("Zoë", "Greeted at 15:00 (2 times)")],
    }
    greeted = store.day_list.assemble(TODAY, store.settings.load()).section(Section.GREETED)
    assert greeted.lines[0].customer_id == zoe


def test_limits_report_how_many_more(store: Store, staff_id: int) -> None:
    for n in range(5):
        cid = add_customer(store, f"Cust{n}")
        store.follow_ups.add(cid, FollowUpKind.PROMISE, "Ring", staff_id, TODAY)
    day_list = store.day_list.assemble(TODAY, store.settings.load(), limit=2)
    section = day_list.section(Section.FOLLOW_UPS)
    assert (len(section.lines), section.more) == (2, 3)


def test_leap_day_birthdays_and_occasions_come_on_28_february_in_a_common_year(
    store: Store,
) -> None:
    kofi = add_customer(store, "Kofi", birthday=Birthday(2, 29, 1996))
    add_customer(store, "Ama", birthday=Birthday(2, 28))
    store.occasions.add(kofi, "shop anniversary", 2, 29)
    add_customer(store, "March", birthday=Birthday(3, 1))

    def occasions(day: dt.date) -> list[tuple[str, str]]:
        return reasons(store, day)[Section.OCCASIONS]

    assert occasions(dt.date(2027, 2, 26)) == [  # a Friday in a common year
        ("Ama", "Birthday Sunday"),
        ("Kofi", "Birthday Sunday"),
        ("Kofi", "Shop anniversary Sunday"),
        ("March", "Birthday Monday"),
    ]
    assert occasions(dt.date(2027, 3, 1)) == [("March", "Birthday today")]
    assert occasions(dt.date(2028, 2, 28)) == [  # a leap year: on the day itself, once
        ("Ama", "Birthday today"),
        ("Kofi", "Birthday tomorrow"),
        ("Kofi", "Shop anniversary tomorrow"),
        ("March", "Birthday Wednesday"),
    ]


def test_an_empty_shop_has_an_empty_list(store: Store) -> None:
    assert store.day_list.assemble(TODAY, store.settings.load()).is_empty


def test_birthday_and_lapsed_queries_use_indexes(store: Store) -> None:
    plan = " ".join(
        str(r[-1])
        for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM customers"
            " WHERE birth_month = 1 AND birth_day = 2"
        )
    )
    assert "customers_birthday" in plan
    lapsed = " ".join(
        str(r[-1])
        for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM customers WHERE last_visit < '2026-01-01'"
            " AND visits >= 5"
        )
    )
    assert "COVERING INDEX customers_last_visit" in lapsed
