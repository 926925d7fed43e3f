"""Explainable badges: each rule says in words why it applies."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from greeter.core.models import Badge, Birthday, Tag, VisitStats
from greeter.core.settings import ShopSettings
from greeter.core.text import counted

# The badges the rules give, by their names folded: a tag may not look like one of them.
RULE_BADGES = {name.casefold(): name for name in ("Regular", "VIP", "Lapsed", "New", "Birthday")}


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def birthday_badge(birthday: Birthday | None, today: dt.date) -> Badge | None:
    if birthday is None:
        return None
    next_birthday = birthday.next_after(today)
    days = (next_birthday - today).days
    if days == 0:
        return Badge("Birthday", "Birthday: today")
    if days < 7:
        return Badge("Birthday", f"Birthday this week: {next_birthday.strftime('%A %-d %B')}")
    return None


def compute_badges(
    stats: VisitStats,
    birthday: Birthday | None,
    today: dt.date,
    rules: ShopSettings,
    money: str = "",
    *,
    vip_threshold_cents: int | None = None,
    tags: Sequence[Tag] = (),
    added: dt.date | None = None,
    from_import: bool = False,
) -> list[Badge]:
    """Badges in display order, the rules' first, then the tags staff added by hand.

    `money` is the VIP spend already formatted for the shop. `vip_threshold_cents` is the
    least a customer in the top `vip_top_percent` spent over 12 months (see
    `vip_places`); None leaves VIP to the `vip_min_spend_last_year` floor alone. `added` is
    the day the customer was added: New counts from it or the first visit, whichever is
    earlier (as the card's "customer since"). A customer who came with a till's or web
    shop's file (`from_import`) is never New: the till knew them first, and the day of the
    import says nothing about when they became a customer.
    """
    badges: list[Badge] = []
    first, last = _day(stats.first_visit), _day(stats.last_visit)
    window_start = today - dt.timedelta(days=rules.regular_window_days)
    lapsed = last is not None and (today - last).days >= rules.lapsed_after_days

    if stats.visits_in_window >= rules.regular_min_visits and not lapsed:
        badges.append(
            Badge(
                "Regular",
                f"Regular: {counted(stats.visits_in_window, 'visit')} since "
                f"{window_start.strftime('%-d %B')}",
            )
        )
    ranked = vip_threshold_cents is not None and rules.vip_top_percent > 0
    spend = stats.spend_last_year_cents
    if (
        spend > 0
        and spend >= rules.vip_min_spend_last_year * 100
        and (not ranked or spend >= (vip_threshold_cents or 0))
    ):
        spent = money or f"{spend / 100:,.2f}"
        top = f" (top {rules.vip_top_percent}% of customers)" if ranked else ""
        badges.append(Badge("VIP", f"VIP: spent {spent} in the last 12 months{top}"))
    if lapsed and last is not None and stats.visits >= rules.regular_min_visits:
        badges.append(
            Badge(
                "Lapsed",
                f"Lapsed: {counted(stats.visits, 'visit')} in all, "
                f"none since {last.strftime('%-d %B %Y')}",
            )
        )
    since = min((d for d in (first, added) if d is not None), default=None)
    if since is not None and (today - since).days <= rules.new_within_days and not from_import:
        badges.append(Badge("New", f"New: a customer since {since.strftime('%-d %B')}"))
    birthday_now = birthday_badge(birthday, today)
    if birthday_now:
        badges.append(birthday_now)
    return badges + tag_badges(tags)


def tag_badges(tags: Sequence[Tag]) -> list[Badge]:
    """Tags added by hand, each saying who added it and when. A tag named like one of the
    rules' badges (a till's "VIP") reads "VIP tag", so it is never taken for the rule's."""
    badges = []
    for tag in tags:
        if tag.tagged_by and tag.tagged_at:
            reason = f"Tagged by {tag.tagged_by} on {tag.tagged_at.strftime('%-d %B %Y')}"
        elif tag.tagged_by:
            reason = f"Tagged by {tag.tagged_by}"
        else:
            reason = "Tag that came with an import from the till or web shop"
        name = tag.name
        rule = RULE_BADGES.get(name.casefold())
        if rule is not None:
            name = f"{tag.name} tag"
            reason += f" (not the {rule} badge Greeter's rules give)"
        badges.append(Badge(name, f"{name}: {reason}", manual=True))
    return badges


def vip_places(spenders: int, percent: int) -> int:
    """How many customers the top `percent` of `spenders` is: at least one, when any."""
    if spenders <= 0 or percent <= 0:
        return 0
    return max(1, math.ceil(spenders * min(percent, 100) / 100))


def describe_rules(rules: ShopSettings, money: str = "") -> list[Badge]:
    """Each automatic badge's rule in words, for the owner to read beside the settings.

    `money` is vip_min_spend_last_year already formatted for the shop."""
    floor = money or f"{rules.vip_min_spend_last_year:,}"
    vip = f"spent at least {floor} in the last 12 months"
    if rules.vip_top_percent > 0:
        vip += f", and among the top {rules.vip_top_percent}% of that year's customers by spend"
    return [
        Badge(
            "Regular",
            f"at least {counted(rules.regular_min_visits, 'visit')} in the last "
            f"{counted(rules.regular_window_days, 'day')}, and not lapsed",
        ),
        Badge("VIP", vip),
        Badge(
            "Lapsed",
            f"at least {counted(rules.regular_min_visits, 'visit')} in all, but none in the "
            f"last {counted(rules.lapsed_after_days, 'day')}",
        ),
        Badge(
            "New",
            f"a customer for {counted(rules.new_within_days, 'day')} or less (since the first "
            "visit or the day they were added, whichever is earlier), and not from an import",
        ),
        Badge("Birthday", "birthday today or within the next 6 days"),
    ]


def vip_threshold(spends: Sequence[int], percent: int) -> int | None:
    """The least that a customer in the top `percent` of spenders spent, or None when
    nobody spent anything (or the rule is off)."""
    places = vip_places(len(spends), percent)
    if places == 0:
        return None
    return sorted(spends, reverse=True)[places - 1]
