"""Badges say why they apply."""

from __future__ import annotations

import datetime as dt

from greeter.core.badges import RULE_BADGES, compute_badges, describe_rules
from greeter.core.models import Birthday, Tag, VisitStats
from greeter.core.settings import ShopSettings
from tests.helpers import TODAY

RULES = ShopSettings(regular_min_visits=5, regular_window_days=180, vip_min_spend_last_year=1000)


def at(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10))


def names(stats: VisitStats, birthday: Birthday | None = None) -> dict[str, str]:
    return {b.name: b.reason for b in compute_badges(stats, birthday, TODAY, RULES, "$1,250.00")}


def test_regular_needs_enough_recent_visits_and_says_how_many() -> None:
    badges = names(VisitStats(visits=7, last_visit=at(3), first_visit=at(300), visits_in_window=7))
    assert badges["Regular"] == "Regular: 7 visits since 26 May"
    assert "Regular" not in names(VisitStats(visits=7, last_visit=at(3), visits_in_window=4))


def test_vip_by_spend_in_the_last_year() -> None:
    badges = names(VisitStats(visits=3, last_visit=at(3), spend_last_year_cents=125000))
    assert badges["VIP"] == "VIP: spent $1,250.00 in the last 12 months"
    assert "VIP" not in names(VisitStats(visits=3, spend_last_year_cents=99999))


def test_lapsed_is_a_former_regular_not_seen_for_a_long_time() -> None:
    badges = names(VisitStats(visits=11, last_visit=at(200), first_visit=at(900)))
    assert badges["Lapsed"].startswith("Lapsed: 11 visits in all, none since")
    assert "Lapsed" not in names(VisitStats(visits=2, last_visit=at(200)))
    assert "Regular" not in badges


def test_new_customer_within_thirty_days() -> None:
    assert names(VisitStats(visits=1, first_visit=at(5), last_visit=at(5)))["New"] == (
        "New: a customer since 17 November"
    )
    assert "New" not in names(VisitStats(visits=1, first_visit=at(45), last_visit=at(45)))


def new_badge(stats: VisitStats, added: int, from_import: bool = False) -> str | None:
    badges = compute_badges(
        stats, None, TODAY, RULES, added=at(added).date(), from_import=from_import
    )
    return next((b.reason for b in badges if b.name == "New"), None)


def test_new_counts_from_customer_since_not_the_first_visit() -> None:
    # A customer since 2019 at the till, whose first sale recorded here was last week.
    last_week = VisitStats(visits=1, first_visit=at(5), last_visit=at(5), visits_in_window=1)
    assert new_badge(last_week, added=1300) is None
    # Added at the counter this morning, nothing bought yet: new all the same.
    assert new_badge(VisitStats(), added=0) == "New: a customer since 22 November"
    assert new_badge(last_week, added=12) == "New: a customer since 10 November"


def test_a_customer_who_came_with_an_import_is_not_new() -> None:
    # Imported from a web shop today without a "created" date: added today, known for years.
    assert new_badge(VisitStats(), added=0, from_import=True) is None
    first_sale = VisitStats(visits=1, first_visit=at(0), last_visit=at(0), visits_in_window=1)
    assert new_badge(first_sale, added=0, from_import=True) is None


def test_birthday_today_and_this_week() -> None:
    assert names(VisitStats(), Birthday(11, 22))["Birthday"] == "Birthday: today"
    assert names(VisitStats(), Birthday(11, 26))["Birthday"] == (
        "Birthday this week: Thursday 26 November"
    )
    assert "Birthday" not in names(VisitStats(), Birthday(12, 1))


def test_a_shop_that_counts_one_visit_says_1_visit_and_1_day() -> None:
    one = ShopSettings(
        regular_min_visits=1, regular_window_days=1, lapsed_after_days=1, new_within_days=1
    )

    def reasons(stats: VisitStats) -> dict[str, str]:
        return {b.name: b.reason for b in compute_badges(stats, None, TODAY, one)}

    today = VisitStats(visits=1, first_visit=at(0), last_visit=at(0), visits_in_window=1)
    assert reasons(today)["Regular"] == "Regular: 1 visit since 21 November"
    gone = reasons(VisitStats(visits=1, first_visit=at(3), last_visit=at(3)))
    assert gone["Lapsed"] == "Lapsed: 1 visit in all, none since 19 November 2026"
    rules = {b.name: b.reason for b in describe_rules(one)}
    assert rules["Regular"] == "at least 1 visit in the last 1 day, and not lapsed"
    assert rules["Lapsed"] == "at least 1 visit in all, but none in the last 1 day"
    assert rules["New"] == (
        "a customer for 1 day or less (since the first visit or the day they were added, "
        "whichever is earlier), and not from an import"
    )


def test_a_tag_named_like_a_rules_badge_is_never_taken_for_it() -> None:
    tags = (Tag(1, "VIP"), Tag(1, "new", "Priya", at(2)), Tag(1, "wholesale"))
    stats = VisitStats(visits=3, last_visit=at(3), spend_last_year_cents=125000)
    badges = compute_badges(stats, None, TODAY, RULES, "$1,250.00", tags=tags)
    assert [(b.name, b.manual) for b in badges] == [
        ("VIP", False), ("VIP tag", True), ("new tag", True), ("wholesale", True)
    ]  # fmt: skip
    reasons = {b.name: b.reason for b in badges}
    assert reasons["VIP tag"] == (
        "VIP tag: Tag that came with an import from the till or web shop (not the VIP badge "
        "Greeter's rules give)"
    )
    assert reasons["new tag"] == (
        "new tag: Tagged by Priya on 20 November 2026 (not the New badge Greeter's rules give)"
    )
    assert reasons["wholesale"].startswith("wholesale: Tag that came with an import")
    # Every badge a rule gives is one a tag cannot look like.
    assert {b.name for b in describe_rules(RULES)} == set(RULE_BADGES.values())
