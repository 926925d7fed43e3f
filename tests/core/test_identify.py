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
