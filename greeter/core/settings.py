"""The shop's preferences: declared once, typed, documented, stored in the shop's database."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
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
        """A copy with one setting changed from text, validated against its type and rule."""
        changed: dict[str, Any] = {key: parse_setting(key, raw)}
        return replace(self, **changed)


def parse_setting(key: str, raw: str, *, thorough: bool = True) -> str | int:
    """The value `raw` gives setting `key`; KeyError for no such setting, ValueError saying
    what the value must be. `thorough=False` checks only the region's shape, not that
    phonenumbers knows it: loading phonenumbers would cost every window start. A locale and a
    currency are checked for their shape only: whether Qt knows them is greeter.money's to say
    (core has no Qt), and greeter.store.settings asks it whenever one is set or loaded, as it
    asks whether Qt knows a region when the settings are loaded."""
    kinds = {f.name: f.type for f in fields(ShopSettings)}
    if key not in kinds:
        raise KeyError(f"There is no setting called “{key}”. Known: {', '.join(kinds)}.")
    if key in CHOICES:
        value = raw.strip().upper()
        if value not in CHOICES[key]:
            raise ValueError(f"{key} must be one of {', '.join(CHOICES[key])}, not “{raw}”.")
        return value
    if key in BOUNDS:
        return BOUNDS[key].parse(key, raw)
    if key == "region" and not thorough:
        return region_shape(raw)
    if key in CODES:
        return CODES[key](raw)
    return raw


@dataclass(frozen=True)
class Bounds:
    """The whole numbers a setting takes: `low` to `high`, and 0 too when `zero_is_off`."""

    low: int
    high: int
    zero_is_off: bool = False

    def parse(self, key: str, raw: str) -> int:
        with contextlib.suppress(ValueError):
            if self.accepts(value := int(raw)):
                return value
        off = "0 (off) or " if self.zero_is_off else ""
        raise ValueError(
            f"{key} must be {off}a whole number from {self.low} to {self.high}, not “{raw}”."
        )

    def accepts(self, value: int) -> bool:
        return self.low <= value <= self.high or (self.zero_is_off and value == 0)


# Each limit keeps a setting meaningful where it is used: day counts go into date arithmetic,
# and the idle and scanner settings become Qt timer intervals (at most 2^31 - 1 ms).
BOUNDS: dict[str, Bounds] = {
    "regular_min_visits": Bounds(1, 1_000),  # 0 would make every customer a regular
    "regular_window_days": Bounds(1, 3_660),
    "vip_min_spend_last_year": Bounds(0, 100_000_000),
    "vip_top_percent": Bounds(0, 100),
    "lapsed_after_days": Bounds(1, 3_660),
    "new_within_days": Bounds(0, 3_660),
    "recent_purchase_days": Bounds(0, 3_660),
    "long_absence_days": Bounds(1, 3_660),  # 0 would welcome back someone seen today
    "note_stale_days": Bounds(0, 3_660),
    "idle_hide_seconds": Bounds(5, 3_600, zero_is_off=True),
    "idle_lock_minutes": Bounds(1, 1_440, zero_is_off=True),
    # Scanners type 2–15 ms a key; every key typed is held back for the gap.
    "scan_max_gap_ms": Bounds(5, 1_000, zero_is_off=True),
    "scan_min_length": Bounds(1, 100),
    "backups_kept": Bounds(1, 3_650),
}

_REGION = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
# Language, then an optional script and territory: en, en_CA, fr-ca, sr_Latn_RS, es_419.
_LOCALE = re.compile(r"([a-z]{2,3})(?:[_-]([a-z]{4}))?(?:[_-]([a-z]{2}|[0-9]{3}))?", re.I)


def region_shape(raw: str) -> str:
    """`raw` in capitals when it is shaped like a region (two letters); ValueError if not."""
    code = raw.strip().upper()
    if not _REGION.fullmatch(code):
        raise ValueError(region_message(raw))
    return code


def _region(raw: str) -> str:
    from phonenumbers import SUPPORTED_REGIONS  # a sizeable library: loaded only for this

    code = region_shape(raw)
    if code not in SUPPORTED_REGIONS:
        raise ValueError(region_phones_message(raw))
    return code


def region_message(raw: str) -> str:
    return f"region must be a two-letter country code (CA, US, GB, FR…), not “{raw}”."


def region_phones_message(raw: str) -> str:
    """For a code shaped like a region that phonenumbers has no numbering plan for: a
    territory Qt knows (EU, AQ, IC…) or none at all."""
    return (
        "region must be a two-letter country code (CA, US, GB, FR…) that phone numbers can be "
        f"read for, not “{raw}”: give the code of the country the shop is in, such as IE or DE."
    )


def currency_shape(raw: str) -> str:
    """`raw` in capitals when it is shaped like an ISO 4217 code (three letters); ValueError
    if not. Which codes are in use is Qt's locale data: see greeter.money.currency_setting."""
    code = raw.strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise ValueError(currency_message(raw))
    return code


def currency_message(raw: str) -> str:
    return (
        "currency must be a three-letter ISO 4217 code (CAD, USD, EUR, GBP…) of a currency "
        f"in use, not “{raw}”."
    )


def locale_parts(raw: str) -> tuple[str, str | None, str | None]:
    """(language, script, territory) of a locale as typed, written as Qt writes them:
    'fr-ca' → ('fr', None, 'CA'). ValueError when `raw` is not shaped like a locale."""
    match = _LOCALE.fullmatch(raw.strip())
    if match is None:
        raise ValueError(locale_message(raw))
    language, script, territory = match.groups()
    return language.lower(), script and script.title(), territory and territory.upper()


def _locale(raw: str) -> str:
    """`raw` written as Qt names locales (fr-ca: fr_CA, sr_latn_rs: sr_Latn_RS)."""
    return "_".join(part for part in locale_parts(raw) if part)


def locale_message(raw: str) -> str:
    return (
        "locale must be a language code, optionally with a country, that Qt knows "
        f"(en_CA, en_US, fr_FR, de_CH…), not “{raw}”."
    )


# Settings holding a code, each with the function that reads and checks it.
CODES: dict[str, Callable[[str], str]] = {
    "region": _region,
    "currency": currency_shape,
    "locale": _locale,
}


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
    "new_within_days": "New badge: a customer for this many days or less, not from an import.",
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

# Where dates like 02/11/2025 are written month first: the US and the places that follow it,
# and Canada, whose tills mostly do. Everywhere else writes the day first.
MONTH_FIRST = frozenset({"US", "CA", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH", "PW"})


def default_date_order(region: str, locale: str) -> str:
    """The date_order of a shop that never set it: MDY when its region and its locale's
    country (en_US, fr_CA; a locale naming none, like de, says day first unless it is en)
    are places that write the month first, DMY otherwise (GB, IE, FR, DE …)."""
    language, _, country = locale.replace("-", "_").partition("_")
    country = country.rpartition("_")[2].upper() if country else ("US" if language == "en" else "")
    return "MDY" if {region.upper(), country} <= MONTH_FIRST else "DMY"


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
