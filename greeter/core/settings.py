"""The shop's preferences: declared once, typed, documented, stored in the shop's database."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from greeter.core.guard import DEFAULT_SENSITIVE_WORDS


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
    vip_top_percent: int = 10
    lapsed_after_days: int = 120
    new_within_days: int = 30
    recent_purchase_days: int = 60
    long_absence_days: int = 90
    note_stale_days: int = 365
    sensitive_words: str = DEFAULT_SENSITIVE_WORDS
    date_order: str = "MDY"
    idle_hide_seconds: int = 90
    idle_lock_minutes: int = 15
    scan_max_gap_ms: int = 30
    scan_min_length: int = 4
    scan_prefix: str = ""
    scan_suffix: str = ""
    backup_folder: str = ""
    backups_kept: int = 14
    watch_folder: str = ""

    def with_value(self, key: str, raw: str) -> ShopSettings:
        """A copy with one setting changed from text, validated against its type."""
        kinds = {f.name: f.type for f in fields(self)}
        if key not in kinds:
            raise KeyError(f"There is no setting called “{key}”. Known: {', '.join(kinds)}.")
        value: Any = raw
        if key in CHOICES:
            value = raw.strip().upper()
            if value not in CHOICES[key]:
                raise ValueError(f"{key} must be one of {', '.join(CHOICES[key])}, not “{raw}”.")
        if kinds[key] in ("int", int):
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"{key} must be a whole number, not “{raw}”.") from None
            if value < 0:
                raise ValueError(f"{key} cannot be negative.")
            if key.endswith("_percent") and value > 100:
                raise ValueError(f"{key} is a percentage: 0 to 100.")
        return replace(self, **{key: value})


DESCRIPTIONS: dict[str, str] = {
    "shop_name": "Shown in the window title and on the idle screen.",
    "region": "Two-letter country code used to read phone numbers typed without +.",
    "currency": "ISO 4217 code of the shop's currency, for amounts without one.",
    "locale": "How amounts and dates are written, e.g. en_CA or fr_FR.",
    "regular_min_visits": "Regular badge: at least this many visits…",
    "regular_window_days": "…within this many days.",
    "vip_min_spend_last_year": "VIP badge: spent at least this much (whole units) in 12 months…",
    "vip_top_percent": "…and among the shop's top this many percent of spenders over those 12 "
    "months (0: the amount alone decides).",
    "lapsed_after_days": "Lapsed badge: a former regular not seen for this many days.",
    "new_within_days": "New badge: first visit within this many days.",
    "recent_purchase_days": "Greeting asks about the last purchase if it is this recent.",
    "long_absence_days": "Greeting says 'lovely to see you again' after this long away.",
    "note_stale_days": "Notes not written, edited or confirmed for this many days ask "
    "“still true?” (0: never).",
    "sensitive_words": "Words (comma-separated; a trailing * matches any ending) that make "
    "Greeter warn that a note may hold health, religion or other sensitive data.",
    "date_order": "How imported dates like 02/11/2025 are read: DMY (2 November) or MDY "
    "(February 11).",
    "idle_hide_seconds": "With nobody touching the keyboard or mouse, hide the card after this.",
    "idle_lock_minutes": "…and lock the window (PIN to unlock, once PINs are set) after this.",
    "scan_max_gap_ms": "Scanner: keys at most this many ms apart, ending in Enter, are a scan "
    "(0 turns detection off).",
    "scan_min_length": "Scanner: a scan has at least this many characters.",
    "scan_prefix": "Scanner: characters the scanner is programmed to send before each code.",
    "scan_suffix": "Scanner: characters the scanner sends after each code, before Enter.",
    "backup_folder": "Where the daily verified backups go; empty means a `backups` folder "
    "beside the database. A relative folder is taken from the database's folder.",
    "backups_kept": "How many daily backups to keep; older ones are deleted (at least 1).",
    "watch_folder": "A folder the till exports CSV files to: Greeter imports each new file "
    "(customers or sales, told apart by its columns) and moves it to `done/` or `failed/` "
    "inside it, with a report. Empty means off; a relative folder is taken from the "
    "database's folder.",
}

# Settings that take one of a few words rather than any text.
CHOICES: dict[str, tuple[str, ...]] = {"date_order": ("DMY", "MDY")}


def settings_table() -> str:
    """The README's settings table, generated so the docs cannot drift from the code."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for f in fields(ShopSettings):
        rows.append(f"| `{f.name}` | {_shown(f.default)} | {DESCRIPTIONS[f.name]} |")
    return "\n".join(rows)


def _shown(default: object) -> str:
    text = str(default)
    if not text:
        return "*(empty)*"
    if len(text) > 40:
        return f"*{len(text.split(','))} words, see* `greeter settings`"
    return f"`{text}`"
