"""Reading the search box: routing by shape, and phone/email/name normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greeter.core.identify import (
    QueryKind,
    card_code,
    normalise_email,
    normalise_phone,
    plain_international,
    read_query,
)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("", QueryKind.EMPTY),
        ("   ", QueryKind.EMPTY),
        ("613-555-0123", QueryKind.NUMBER),
        ("(613) 555 0123", QueryKind.NUMBER),
        ("+1 613 555 0123", QueryKind.NUMBER),
        ("4006381333931", QueryKind.NUMBER),
        ("BG-100017", QueryKind.CODE),
        ("lisa@example.com", QueryKind.EMAIL),
        ("Lisa", QueryKind.NAME),
        ("o'bri", QueryKind.NAME),
        ("Zoë O'Brien", QueryKind.NAME),
        ("李小龍", QueryKind.NAME),
    ],
)
def test_input_is_routed_by_its_shape(typed: str, kind: QueryKind) -> None:
    assert read_query(typed, "CA").kind is kind


@pytest.mark.parametrize(
    "typed",
    [
        "613-555-0123",
        "(613) 555-0123",
        "613.555.0123",
        "6135550123",
        "+1 613 555 0123",
        "1-613-555-0123",
        "+1 (613) 555-0123",
    ],
)
def test_phones_in_any_format_normalise_to_e164(typed: str) -> None:
    assert normalise_phone(typed, "CA") == "+16135550123"
    assert read_query(typed, "CA").phone == "+16135550123"


def test_till_exports_apostrophe_prefixed_phones_are_read() -> None:
    assert normalise_phone("'+16135550123", "CA") == "+16135550123"


def test_phone_uses_the_shop_region_for_numbers_without_a_country_code() -> None:
    assert normalise_phone("020 7946 0123", "GB") == "+442079460123"
    assert normalise_phone("020 7946 0123", "CA") is None


@pytest.mark.parametrize("typed", ["123", "555-0123", "+1 000 000 0000", "abc", ""])
def test_invalid_phones_are_rejected(typed: str) -> None:
    assert normalise_phone(typed, "CA") is None


def test_email_is_lowercased_and_validated() -> None:
    assert normalise_email("  Lisa.Marsh@Example.COM ") == "lisa.marsh@example.com"
    assert normalise_email("lisa@") is None
    assert read_query("Lisa@Example.com", "CA").email == "lisa@example.com"


def test_name_words_are_folded_for_search() -> None:
    assert read_query("Zoë O'Brien", "CA").words == ("zoe", "obrien")
    assert read_query("  ÉMILE   dvořák ", "CA").words == ("emile", "dvorak")


def test_card_codes_ignore_case_and_spaces() -> None:
    assert card_code(" bg-100017 ") == "BG-100017"


@given(st.text(max_size=40))
def test_reading_any_text_never_fails(text: str) -> None:
    query = read_query(text, "CA")
    assert query.kind in QueryKind


@given(st.integers(min_value=2000000, max_value=9999999))
def test_every_valid_ottawa_number_round_trips_through_any_format(local: int) -> None:
    digits = f"613{local}"
    e164 = normalise_phone(digits, "CA")
    if e164 is None:
        return  # not every exchange is assigned; only valid numbers are accepted
    spaced = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    assert normalise_phone(spaced, "CA") == e164
    assert normalise_phone(e164, "US") == e164


@given(
    st.from_regex(r"(\+1|1)?[2-9][0-9]{2}[2-9][0-9]{6}", fullmatch=True),
    st.sampled_from(["CA", "US", "BS", "JM", "GB"]),
)
def test_a_phone_is_valid_exactly_when_some_region_of_its_country_has_it(
    typed: str, region: str
) -> None:
    # The shop's own region is tried first as a shortcut; the answer must not change.
    import phonenumbers

    number = phonenumbers.parse(typed, region)
    expected = (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(number)
        else None
    )
    assert normalise_phone(typed, region) == expected


def test_a_number_from_another_region_of_the_same_country_code_is_valid() -> None:
    assert normalise_phone("(613) 555-0123", "US") == "+16135550123"  # Ottawa, shop in the US
    assert normalise_phone("+1 242 357 1234", "CA") == "+12423571234"  # the Bahamas


def _example_phones() -> tuple[list[str], list[str]]:
    """Every region's example numbers (each kind: fixed line, mobile, toll free …) and the
    non-geographic ones, as '+' and digits; and the same numbers written slightly wrong: a
    trunk prefix or a zero after the country code, a digit changed, dropped or added."""
    import phonenumbers

    numbers = [
        phonenumbers.example_number_for_type(region, kind)
        for region in phonenumbers.SUPPORTED_REGIONS
        for kind in phonenumbers.PhoneNumberType.values()
    ]
    numbers += [
        phonenumbers.example_number_for_non_geo_entity(code)
        for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS
    ]
    examples: set[str] = set()
    wrong: set[str] = set()
    for number in filter(None, numbers):
        code = str(number.country_code)
        national = phonenumbers.national_significant_number(number)
        trunk = phonenumbers.ndd_prefix_for_region(
            phonenumbers.region_code_for_number(number) or "", True
        )
        examples.add(f"+{code}{national}")
        last = str((int(national[-1]) + 1) % 10)
        for written in (f"{trunk}{national}", f"0{national}", national[:-1] + last,
                        national[:-1], f"{national}7", national[::-1]):  # fmt: skip
            wrong.add(f"+{code}{written}")
    return sorted(examples), sorted(wrong - examples)


EXAMPLES, WRITTEN_WRONG = _example_phones()


def test_a_plain_international_phone_is_read_as_phonenumbers_reads_it() -> None:
    # The shortcut for phones written '+16135550123' (most till exports) must read each one
    # exactly as phonenumbers.parse does, or leave it to parse.
    import phonenumbers

    for text in EXAMPLES + WRITTEN_WRONG:
        number = plain_international(text)
        assert number is None or number == phonenumbers.parse(text, "US"), text
    # …and it is taken for nearly every example, or it would be no shortcut.
    taken = [text for text in EXAMPLES if plain_international(text) is not None]
    assert len(EXAMPLES) > 900
    assert len(taken) > 0.95 * len(EXAMPLES)
    assert plain_international("+16135550123") is not None
    assert plain_international("+4402079460321") is None  # a trunk prefix: parse drops it
    assert plain_international("+390612345678") is None  # Italy's leading zero is kept


@pytest.mark.parametrize("region", ["US", "CA", "GB", "DE", "IT", "AR", "IN", "AU"])
def test_every_way_of_writing_a_phone_normalises_as_parsing_it_does(region: str) -> None:
    import phonenumbers

    def parsed(text: str) -> str | None:  # normalise_phone without the shortcut
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    for text in (EXAMPLES + WRITTEN_WRONG)[:: 1 if region == "US" else 5]:
        assert normalise_phone(text, region) == parsed(text), text


@given(st.from_regex(r"\+[0-9]{1,17}", fullmatch=True))
def test_any_plus_and_digits_are_read_as_parsing_them_does(text: str) -> None:
    import phonenumbers

    number = plain_international(text)
    if number is not None:
        assert number == phonenumbers.parse(text, "GB")
