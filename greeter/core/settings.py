"""The shop's preferences: declared once, typed, documented, stored in the shop's database."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Setting:
    key: str
    description: str


@dataclass(frozen=True)
class ShopSettings:
    shop_name: str = "My shop"
    region: str = "US"
    currency: str = "USD"
    locale: str = "en_US"
    regular_min_visits: int = 5
    regular_window_days: int = 180
    vip_min_spend_last_year: int = 1000
    lapsed_after_days: int = 120
    new_within_days: int = 30
    recent_purchase_days: int = 60
    long_absence_days: int = 90

    def with_value(self, key: str, raw: str) -> ShopSettings:
        """A copy with one setting changed from text, validated against its type."""
        kinds = {f.name: f.type for f in fields(self)}
        if key not in kinds:
            raise KeyError(f"There is no setting called “{key}”. Known: {', '.join(kinds)}.")
        value: Any = raw
        if kinds[key] in ("int", int):
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"{key} must be a whole number, not “{raw}”.") from None
            if value < 0:
                raise ValueError(f"{key} cannot be negative.")
        return replace(self, **{key: value})


DESCRIPTIONS: dict[str, str] = {
    "shop_name": "Shown in the window title and on the idle screen.",
    "region": "Two-letter country code used to read phone numbers typed without +.",
    "currency": "ISO 4217 code of the shop's currency, for amounts without one.",
    "locale": "How amounts and dates are written, e.g. en_CA or fr_FR.",
    "regular_min_visits": "Regular badge: at least this many visits…",
    "regular_window_days": "…within this many days.",
    "vip_min_spend_last_year": "VIP badge: spent at least this much (whole units) in 12 months.",
    "lapsed_after_days": "Lapsed badge: a former regular not seen for this many days.",
    "new_within_days": "New badge: first visit within this many days.",
    "recent_purchase_days": "Greeting asks about the last purchase if it is this recent.",
    "long_absence_days": "Greeting says 'lovely to see you again' after this long away.",
}


def settings_table() -> str:
    """The README's settings table, generated so the docs cannot drift from the code."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for f in fields(ShopSettings):
        rows.append(f"| `{f.name}` | `{f.default}` | {DESCRIPTIONS[f.name]} |")
    return "\n".join(rows)
