"""Explainable badges: each rule says in words why it applies."""

from __future__ import annotations

import datetime as dt

from greeter.core.models import Badge, Birthday, VisitStats
from greeter.core.settings import ShopSettings


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
) -> list[Badge]:
    """Badges in display order. `money` is the VIP spend already formatted for the shop."""
    badges: list[Badge] = []
    first, last = _day(stats.first_visit), _day(stats.last_visit)
    window_start = today - dt.timedelta(days=rules.regular_window_days)
    lapsed = last is not None and (today - last).days >= rules.lapsed_after_days

    if stats.visits_in_window >= rules.regular_min_visits and not lapsed:
        badges.append(
            Badge(
                "Regular",
                f"Regular: {stats.visits_in_window} visits since {window_start.strftime('%-d %B')}",
            )
        )
    if stats.spend_last_year_cents >= rules.vip_min_spend_last_year * 100:
        spent = money or f"{stats.spend_last_year_cents / 100:,.2f}"
        badges.append(Badge("VIP", f"VIP: spent {spent} in the last 12 months"))
    if lapsed and last is not None and stats.visits >= rules.regular_min_visits:
        badges.append(
            Badge(
                "Lapsed",
                f"Lapsed: {stats.visits} visits in all, none since {last.strftime('%-d %B %Y')}",
            )
        )
    if first is not None and (today - first).days <= rules.new_within_days:
        badges.append(Badge("New", f"New: first visit on {first.strftime('%-d %B')}"))
    birthday_now = birthday_badge(birthday, today)
    if birthday_now:
        badges.append(birthday_now)
    return badges
