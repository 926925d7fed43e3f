"""Reading the values in till exports: dates in the usual formats, money with decimal commas,
quantities and yes/no answers. Each raises ValueError with a sentence the shop understands."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from greeter.core.models import Birthday
from greeter.core.timefmt import MONTHS, date_fault
from greeter.till.cells import unescape_cell

_DATE = re.compile(
    r"\s*(\d{1,4})([-/.])(\d{1,2})[-/.](\d{1,4})"
    r"(?:(?:[T ]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*"
)
_BIRTHDAY_NO_YEAR = re.compile(r"\s*-{0,2}(\d{1,2})([-/.])(\d{1,2})\s*")
_DOTTED_NO_YEAR = re.compile(r"\s*(\d{1,2})(\.)(\d{1,2})\.\s*")  # German style: 14.03.
# "No date" as tills write it: 0000-00-00, 00.00.0000, 00/00/0000, with a zero time or not.
_NO_DATE = re.compile(r"\s*0+(?P<sep>[-/.])0+(?P=sep)0+(?:[T ]0+:0+(?::0+)?)?\s*")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NO_YEAR = (0, 1, 1604, 1900)
_PLAIN_MONEY = re.compile(r"-?\d{1,15}(?:\.\d{1,2})?")  # longer ones take the careful way
_NOT_NUMBER = re.compile(r"[^\d,.()\-+]")
_NUMBER = re.compile(r"\(?[-+]?[\d.,]*\d[\d.,]*-?\)?")
_DECIMAL_COMMA = re.compile(r"[\d.]*\d,\d\d")  # 12,50 and 1.234,56: never 1,234.56
# Yes and no as tills and spreadsheets write them, in English, German, French and Spanish;
# an x is a ticked box.
_YES = frozenset(
    {"yes", "y", "true", "1", "subscribed", "opted in", "opt in", "granted", "x", "ja", "wahr",
     "oui", "vrai", "sí", "si", "verdadero"}
)  # fmt: skip
_NO = frozenset(
    {"no", "n", "false", "0", "unsubscribed", "not subscribed", "not_subscribed", "opted out",
     "opt out", "denied", "revoked", "nein", "falsch", "non", "faux", "falso"}
)  # fmt: skip
_UNKNOWN = frozenset({"", "pending", "unknown", "invalid", "redacted", "n/a"})
DATE_ORDERS = ("DMY", "MDY")
# An amount in a file (a price, a line's amount, a receipt's total) is at most 10,000,000.00
# in the shop's currency and a quantity at most 1,000,000: no receipt line beside a till comes
# near, and a customer's lifetime spend (a sum in 64-bit cents, at most 9.2 * 10**18) would
# need nine billion of the largest lines to overflow.
MAX_CENTS = 10**9
MAX_QUANTITY = 1_000_000
MAX_ID_DIGITS = 18  # any whole number this long fits SQLite's 64-bit integers
_TOO_MANY_DIGITS = len(str(MAX_CENTS // 100))  # before the decimal point


class _NotReal(ValueError):
    """A date shaped like one that does not exist; the message says why."""


def _order(first: str, separator: str, date_order: str) -> str:
    """How a date's numbers are read: YMD when the year comes first; DMY when dotted, as
    dotted dates are written day first wherever they are used; else the shop's date_order."""
    if len(first) == 4:
        return "YMD"
    return "DMY" if separator == "." else date_order


def _ymd(a: str, b: str, c: str, order: str, text: str) -> tuple[int, int, int]:
    if order == "YMD":
        return int(a), int(b), int(c)
    if len(c) not in (2, 4) or len(a) > 2:
        raise ValueError(f"“{text}” is not a date (expected e.g. 2025-11-02 or 02/11/2025)")
    year = int(c)
    if len(c) == 2:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    first, second = int(a), int(b)
    return (year, first, second) if order == "MDY" else (year, second, first)


def parse_stamp(text: str, date_order: str) -> str:
    """'2025-11-02 14:31:07 -0500', '02/11/2025 2:31 PM', '2025-11-02' … → '2025-11-02T14:31:07'.

    The clock time is kept as the till wrote it (the shop's local time); an offset is dropped.
    Slashed dates are read in the shop's day/month order (date_order "DMY" or "MDY"); dotted
    ones (02.11.2025) always day first."""
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
    a, separator, b, c, hour, minute, second, half = m.groups()
    order = _order(a, separator, date_order)
    year, month, day = _ymd(a, b, c, order, text)
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            raise ValueError(f"“{text}” has an hour that does not fit AM/PM")
        h = h % 12 + (12 if half in "Pp" else 0)
    try:
        when = dt.datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        if date_fault(year, month, day) is None:
            raise ValueError(f"“{text}” is not a real time of day") from None
        raise _NotReal(_not_real(text, (year, month, day), order, separator)) from None
    return when.isoformat()


def _not_real(text: str, ymd: tuple[int | None, int, int], order: str, separator: str) -> str:
    """Why a date that looks like one is not real. A year-first date (2025-11-02) means the
    same everywhere, and a dotted one (02.11.2025) is day first everywhere; a slashed one was
    read in the shop's date_order, which may be the fault: then the other order is named."""
    year, month, day = ymd
    fault = date_fault(year, month, day)
    if order == "YMD":
        return f"“{text}” is not a real date ({fault})"
    if separator == ".":
        read = "day.month" if year is None else "day.month.year"
        return f"“{text}” is not a real date: {fault} (dotted dates are read as {read})"
    read, other = ("day/month", "month/day") if order == "DMY" else ("month/day", "day/month")
    if year is not None:
        read, other = f"{read}/year", f"{other}/year"
    why = f"read as {read}; the shop's date_order setting is {order}"
    if date_fault(year, day, month) is None:  # real the other way round
        why += f"; as {other} it would be {month} {MONTHS[day]}{'' if year is None else f' {year}'}"
    return f"“{text}” is not a real date: {fault} ({why})"


def latest_sale_day(today: dt.date | None = None) -> str:
    """The last day a sale can be on: tomorrow, a day's grace for a till in another time zone."""
    return ((today or dt.date.today()) + dt.timedelta(days=1)).isoformat()


def parse_sale_stamp(text: str, date_order: str, latest: str) -> str:
    """`parse_stamp` for a sale, which cannot be after the day `latest` (see latest_sale_day):
    a slashed date in the future was most often read in the wrong day/month order."""
    stamp = parse_stamp(text, date_order)
    if stamp[:10] <= latest:
        return stamp
    year, month, day = (int(p) for p in stamp[:10].split("-"))
    future = f"“{text}” is in the future, {day} {MONTHS[month]} {year}"
    m = _DATE.fullmatch(unescape_cell(text))
    if not m or _order(m.group(1), m.group(2), date_order) == "YMD" or m.group(2) == ".":
        raise ValueError(f"{future}: a sale cannot be after today; check the till's clock")
    read, first = ("day/month/year", "month") if date_order == "DMY" else ("month/day/year", "day")
    raise ValueError(
        f"{future} (read as {read}; the shop's date_order setting is {date_order}): the date "
        f"order may be wrong. If the till writes the {first} first, set it with "
        f"`greeter settings date_order {'MDY' if first == 'month' else 'DMY'}` (see the README) "
        "and import the file again"
    )


def no_date(text: str) -> bool:
    """Whether a date cell says there is none the way tills do: '0000-00-00', '00.00.0000',
    '00/00/0000' (a blank cell is for the caller to see)."""
    return _NO_DATE.fullmatch(unescape_cell(text)) is not None


def parse_birthday(text: str, date_order: str) -> Birthday:
    """A full date, or a day and month only ('--03-14', '14.03', '14.03.', '14/03' in DMY);
    year 0 means unknown. Dotted dates are day first, slashed ones in the shop's date_order."""
    text = unescape_cell(text).strip()
    short = _BIRTHDAY_NO_YEAR.fullmatch(text) or _DOTTED_NO_YEAR.fullmatch(text)
    iso = None if short else _ISO_DAY.fullmatch(text)
    try:
        if short:
            a, separator, b = short.groups()
            order = "YMD" if text.startswith("-") else _order(a, separator, date_order)
            month, day = (int(b), int(a)) if order == "DMY" else (int(a), int(b))
            return _birthday(text, None, month, day, order, separator)
        if iso:  # some tills write year 0000 (or 1604) when they do not know it
            year, month, day = (int(g) for g in iso.groups())
            return _birthday(text, None if year in _NO_YEAR else year, month, day, "YMD", "-")
        year, month, day = (int(p) for p in parse_stamp(text, date_order)[:10].split("-"))
        return Birthday(month, day, year if year not in _NO_YEAR else None)
    except _NotReal:
        raise
    except ValueError:
        example = "03/14/1985" if date_order == "MDY" else "14/03/1985"
        raise ValueError(
            f"“{text}” is not a birthday (expected e.g. 1985-03-14, --03-14 or {example})"
        ) from None


def _birthday(
    text: str, year: int | None, month: int, day: int, order: str, separator: str
) -> Birthday:
    if date_fault(year, month, day) is not None:
        raise _NotReal(_not_real(text, (year, month, day), order, separator))
    return Birthday(month, day, year)


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


def decimal_comma(amounts: Iterable[str]) -> bool:
    """Whether a file's amounts are written with decimal commas: some amount ends in a comma
    and two digits ('12,50', '1.234,56'). Then '1.234' beside them is 1234.00, not 1.23."""
    return any(
        _DECIMAL_COMMA.fullmatch(_NOT_NUMBER.sub("", unescape_cell(text)).strip("()+-"))
        for text in amounts
        if "," in text
    )


def parse_cents(text: str, decimal_comma: bool = False) -> int:
    """An amount of money in cents: '12.50', '12,50', '1.234,56', '$1,234.56', '-3.00', '(3.00)'.
    At most MAX_CENTS either way."""
    if _PLAIN_MONEY.fullmatch(text):
        units, _, cents = text.partition(".")
        value = abs(int(units)) * 100 + int((cents + "00")[:2])
        value = -value if text.startswith("-") else value
    else:
        try:
            amount = Decimal(_decimal_text(text, decimal_comma))
        except (ValueError, InvalidOperation):
            raise ValueError(f"“{text}” is not an amount of money (expected e.g. 12.50)") from None
        if amount.adjusted() >= _TOO_MANY_DIGITS:  # far too large to be worth rounding
            raise ValueError(too_large(f"“{text}”", "an amount", amount < 0, decimal_comma))
        value = int(amount.scaleb(2).to_integral_value(rounding=ROUND_HALF_UP))
    if abs(value) > MAX_CENTS:
        raise ValueError(too_large(f"“{text}”", "an amount", value < 0, decimal_comma))
    return value


def parse_quantity(text: str, decimal_comma: bool = False) -> float:
    """'2', '1.5', '1,5' (decimal comma) → a number of items or a weight; at most MAX_QUANTITY
    either way."""
    try:
        value = float(text)
    except ValueError:
        try:
            value = float(_decimal_text(text, decimal_comma or text.count(",") == 1))
        except ValueError:
            raise ValueError(f"“{text}” is not a quantity (expected e.g. 2 or 1.5)") from None
    if value != value:
        raise ValueError(f"“{text}” is not a quantity (expected e.g. 2 or 1.5)")
    if abs(value) > MAX_QUANTITY:  # infinity too
        raise ValueError(too_large(f"“{text}”", "a quantity", value < 0, decimal_comma))
    return value


def too_large(shown: str, what: str, negative: bool, decimal_comma: bool = False) -> str:
    """'“99999999999.99” is too large for an amount; the largest is 10,000,000.00'."""
    largest = f"{MAX_CENTS // 100:,}.00" if what == "an amount" else f"{MAX_QUANTITY:,}"
    if decimal_comma:
        largest = largest.translate(str.maketrans(",.", ".,"))
    return f"{shown} is too large for {what}; the largest is {'-' if negative else ''}{largest}"


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
    """A whole number that fits the database: fewer than MAX_ID_DIGITS + 1 digits."""
    try:
        number = int(unescape_cell(text).strip())
    except ValueError:
        raise ValueError(f"“{text}” is not a whole number") from None
    if abs(number) >= 10**MAX_ID_DIGITS:
        raise ValueError(f"“{text}” is too large (at most {MAX_ID_DIGITS} digits)")
    return number


def row_number(text: str) -> int | None:
    """'17' → 17: the number of a database row, as Greeter IDs end with; None when the text
    is not plain digits (0-9) or too long to be one."""
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
