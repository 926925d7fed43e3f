"""Reading the values in till exports: dates in the usual formats, money with decimal commas,
quantities and yes/no answers. Each raises ValueError with a sentence the shop understands."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from greeter.core.models import Birthday
from greeter.till.cells import unescape_cell

_DATE = re.compile(
    r"\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})"
    r"(?:(?:[T ]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*"
)
_BIRTHDAY_NO_YEAR = re.compile(r"\s*-{0,2}(\d{1,2})[-/.](\d{1,2})\s*")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NO_YEAR = (0, 1, 1604, 1900)
_PLAIN_MONEY = re.compile(r"-?\d+(?:\.\d{1,2})?")
_NOT_NUMBER = re.compile(r"[^\d,.()\-+]")
_NUMBER = re.compile(r"\(?[-+]?[\d.,]*\d[\d.,]*-?\)?")
_YES = frozenset({"yes", "y", "true", "1", "subscribed", "opted in", "opt in", "granted"})
_NO = frozenset(
    {"no", "n", "false", "0", "unsubscribed", "not subscribed", "not_subscribed", "opted out",
     "opt out", "denied", "revoked"}
)  # fmt: skip
_UNKNOWN = frozenset({"", "pending", "unknown", "invalid", "redacted", "n/a"})
DATE_ORDERS = ("DMY", "MDY")


def _ymd(a: str, b: str, c: str, date_order: str, text: str) -> tuple[int, int, int]:
    if len(a) == 4:
        return int(a), int(b), int(c)
    if len(c) not in (2, 4) or len(a) > 2:
        raise ValueError(f"“{text}” is not a date (expected e.g. 2025-11-02 or 02/11/2025)")
    year = int(c)
    if len(c) == 2:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    first, second = int(a), int(b)
    return (year, first, second) if date_order == "MDY" else (year, second, first)


def parse_stamp(text: str, date_order: str) -> str:
    """'2025-11-02 14:31:07 -0500', '02/11/2025 2:31 PM', '2025-11-02' … → '2025-11-02T14:31:07'.

    The clock time is kept as the till wrote it (the shop's local time); an offset is dropped.
    Slashed dates are read in the shop's day/month order (date_order "DMY" or "MDY")."""
    if len(text) in (19, 25) and text[4] == "-" and text[10] in " T" and text[13] == ":":
        # The common ISO forms, '2025-11-02 14:31:07' (and ' -0500' after it), made fast.
        if len(text) == 19 or (text[19] == " " and text[20] in "+-"):
            try:
                return dt.datetime.fromisoformat(text[:19]).isoformat()
            except ValueError:
                pass
    m = _DATE.fullmatch(unescape_cell(text))
    if not m:
        raise ValueError(f"“{text}” is not a date (expected e.g. 2025-11-02 or 02/11/2025)")
    a, b, c, hour, minute, second, half = m.groups()
    year, month, day = _ymd(a, b, c, date_order, text)
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            raise ValueError(f"“{text}” has an hour that does not fit AM/PM")
        h = h % 12 + (12 if half in "Pp" else 0)
    try:
        when = dt.datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        order = "day/month" if date_order == "DMY" else "month/day"
        raise ValueError(
            f"“{text}” is not a real date (read as {order}/year; the shop's date_order "
            f"setting is {date_order})"
        ) from None
    return when.isoformat()


def parse_birthday(text: str, date_order: str) -> Birthday:
    """A full date, or a day and month only ('--03-14', '14/03' in DMY); year 0 means unknown."""
    text = unescape_cell(text).strip()
    short = _BIRTHDAY_NO_YEAR.fullmatch(text)
    try:
        if short:
            a, b = int(short.group(1)), int(short.group(2))
            if text.startswith("-") or date_order == "MDY":
                return Birthday(a, b)
            return Birthday(b, a)
        iso = _ISO_DAY.fullmatch(text)
        if iso:  # some tills write year 0000 (or 1604) when they do not know it
            year, month, day = (int(g) for g in iso.groups())
        else:
            year, month, day = (int(p) for p in parse_stamp(text, date_order)[:10].split("-"))
        return Birthday(month, day, year if year not in _NO_YEAR else None)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a birthday (expected e.g. 1985-03-14, --03-14 or 14/03/1985)"
        ) from None


def _decimal_text(text: str, decimal_comma: bool) -> str:
    """'1.234,56' → '1234.56'; '(3.00)' → '-3.00'. `decimal_comma` says how to read '1,234'."""
    raw = unescape_cell(text).strip()
    s = _NOT_NUMBER.sub("", raw)  # currency symbols and codes, spaces, apostrophes
    if not s or not _NUMBER.fullmatch(s):
        raise ValueError(f"“{text}” is not a number")
    negative = s.startswith("-") or s.endswith("-") or (s.startswith("(") and s.endswith(")"))
    s = s.strip("()+-")
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
    elif s.count(",") == 1:
        decimal = "," if decimal_comma or len(s) - s.find(",") - 1 != 3 else ""
    elif s.count(".") == 1:
        decimal = "" if decimal_comma and len(s) - s.find(".") - 1 == 3 else "."
    else:
        decimal = ""  # only thousands separators, or none
    whole, _, fraction = s.rpartition(decimal) if decimal else (s, "", "")
    groups = re.split(r"[.,]", whole)
    if any(len(g) != 3 for g in groups[1:]) or not (groups[0] or fraction) or "," in fraction:
        raise ValueError(f"“{text}” is not a number")  # 12.5.5, 1,23,4 …
    s = "".join(groups) + ("." + fraction if decimal else "")
    return ("-" if negative else "") + s


def parse_cents(text: str, decimal_comma: bool = False) -> int:
    """An amount of money in cents: '12.50', '12,50', '1.234,56', '$1,234.56', '-3.00', '(3.00)'."""
    if _PLAIN_MONEY.fullmatch(text):
        units, _, cents = text.partition(".")
        value = abs(int(units)) * 100 + int((cents + "00")[:2])
        return -value if text.startswith("-") else value
    try:
        amount = Decimal(_decimal_text(text, decimal_comma))
    except (ValueError, InvalidOperation):
        raise ValueError(f"“{text}” is not an amount of money (expected e.g. 12.50)") from None
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_quantity(text: str, decimal_comma: bool = False) -> float:
    """'2', '1.5', '1,5' (decimal comma) → a number of items or a weight."""
    try:
        value = float(text)
    except ValueError:
        try:
            value = float(_decimal_text(text, decimal_comma or text.count(",") == 1))
        except ValueError:
            raise ValueError(f"“{text}” is not a quantity (expected e.g. 2 or 1.5)") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"“{text}” is not a quantity (expected e.g. 2 or 1.5)")
    return value


def parse_flag(text: str) -> bool | None:
    """'yes'/'no' and their cousins; None for blank or 'pending' (nothing said)."""
    word = " ".join(unescape_cell(text).strip().casefold().split())
    if word in _YES:
        return True
    if word in _NO:
        return False
    if word in _UNKNOWN:
        return None
    raise ValueError(f"“{text}” is not yes or no")


def parse_int(text: str) -> int:
    try:
        return int(unescape_cell(text).strip())
    except ValueError:
        raise ValueError(f"“{text}” is not a whole number") from None
