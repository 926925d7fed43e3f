"""Reading what was typed or scanned into the search box, and normalising contact details."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from greeter.core.models import Phone
from greeter.core.text import clean_text, query_words

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.:/]*$")
# E.164 as written: '+', a country code and up to 15 digits in all (ASCII digits only).
_PLAIN_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{6,14}")


class QueryKind(StrEnum):
    EMPTY = "empty"
    NUMBER = "number"  # digits: a card code or a phone number
    CODE = "code"  # letters and digits without spaces: a card code
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class Query:
    kind: QueryKind
    text: str
    phone: str | None = None  # E.164 when the text is a valid phone number
    email: str | None = None
    words: tuple[str, ...] = ()


class InvalidContact(ValueError):
    """A phone number or email address that cannot be stored as given."""


def normalise_phone(text: str, region: str) -> str | None:
    """E.164 form of a phone typed in any format, or None when it is not a valid number.

    Till exports sometimes prefix phones with an apostrophe to keep spreadsheets from
    eating the '+'; it is ignored.
    """
    text = text.strip().lstrip("'")
    if not text:
        return None
    import phonenumbers  # a sizeable library: loaded by the first phone, not at start-up

    _keep_patterns()
    try:
        number = plain_international(text) or phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return None
    # Checking the shop's own region first is the same answer as checking every region
    # sharing the country code (which is_valid_number does), and a third of the time.
    valid_here = phonenumbers.is_valid_number_for_region(number, region.upper())
    if not (valid_here or phonenumbers.is_valid_number(number)):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.cache
def _keep_patterns() -> None:
    """phonenumbers compiles the patterns of its metadata again and again, through the re
    module's small cache; kept compiled, checking a phone takes up to a third less time (where
    the installed version can keep them)."""
    import phonenumbers

    keep = getattr(phonenumbers, "enable_pattern_cache", None)
    if keep is not None:
        keep()


def plain_international(text: str) -> PhoneNumber | None:
    """The number in a phone written as '+' and its digits ('+16135550123', as tills export
    them) exactly as phonenumbers.parse reads it, in a sixth of the time: parse looks for a
    number in free text. None, for parse to read, when the text is written any other way or
    parse could read its digits otherwise: a trunk prefix or a zero after the country code
    ('+4402079460321', '+390612345678')."""
    if not _PLAIN_INTERNATIONAL.fullmatch(text):
        return None
    import phonenumbers

    for size in (1, 2, 3):  # the shortest known country code, as parse takes it
        country = int(text[1 : 1 + size])
        if country in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    national = text[1 + size :]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country, phonenumbers.region_code_for_country_code(country)
    )
    trunk = metadata.national_prefix_for_parsing if metadata else None
    if metadata is None or national[0] == "0" or (trunk and re.match(trunk, national)):
        return None
    return phonenumbers.PhoneNumber(country_code=country, national_number=int(national))


def shown_phone(phone: Phone, region: str) -> str:
    """A stored phone written the one way the card writes every phone, whatever was typed:
    the national format for a number dialled from the shop's region without a country code
    ("(613) 555-0142" in Canada), the international format otherwise ("+44 20 7946 0321").
    As typed when the library cannot read it."""
    return _shown(phone.e164, region) or phone.display


@functools.lru_cache(maxsize=4096)  # a regular's card comes back often; formatting is ~40 µs
def _shown(e164: str, region: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region.upper())
    except phonenumbers.NumberParseException:
        return None
    home = number.country_code == phonenumbers.country_code_for_region(region.upper())
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if home else style.INTERNATIONAL)


def require_phone(text: str, region: str) -> str:
    e164 = normalise_phone(text, region)
    if e164 is None:
        raise InvalidContact(
            f"“{text}” is not a valid phone number for region {region.upper()}. "
            "Type it with its area code, or with + and the country code."
        )
    return e164


def normalise_email(text: str) -> str | None:
    text = clean_text(text).strip().lower()
    return text if _EMAIL.match(text) else None


def require_email(text: str) -> str:
    email = normalise_email(text)
    if email is None:
        raise InvalidContact(f"“{text}” is not an email address (expected name@example.com).")
    return email


def read_query(text: str, region: str) -> Query:
    """Route the search box's text by its shape: digits, an email, a code, or a name."""
    text = clean_text(text)
    if not text:
        return Query(QueryKind.EMPTY, text)
    if "@" in text:
        return Query(QueryKind.EMAIL, text, email=normalise_email(text) or text.lower())
    if _PHONE_CHARS.match(text) and any(ch.isdigit() for ch in text):
        return Query(QueryKind.NUMBER, text, phone=normalise_phone(text, region))
    has_digit = any(ch.isdigit() for ch in text)
    if has_digit and _CODE.match(text):
        return Query(QueryKind.CODE, text)
    return Query(QueryKind.NAME, text, words=tuple(query_words(text)))


def card_code(text: str) -> str:
    """Card codes are matched as scanned, ignoring surrounding spaces and case."""
    return clean_text(text).replace(" ", "").upper()


def phone_ending(e164: str) -> str:
    return e164[-4:] if len(e164) >= 4 else e164
