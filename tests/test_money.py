"""Amounts are written by QLocale, so a locale setting must be one Qt knows; Qt's locale data
also says which currencies are in use, and which regions are countries at all."""

from __future__ import annotations

import pytest
from phonenumbers import SUPPORTED_REGIONS

from greeter.money import currencies_in_use, currency_setting, locale_setting, region_setting


@pytest.mark.parametrize(
    ("raw", "name"),
    [("fr-ca", "fr_CA"), ("en_CA", "en_CA"), ("de", "de"), ("sr_latn_rs", "sr_Latn_RS"),
     ("es_419", "es_419")],
)  # fmt: skip
def test_a_locale_qt_knows_is_written_as_qt_names_it(raw: str, name: str) -> None:
    assert locale_setting(raw) == name


@pytest.mark.parametrize("raw", ["xx_YY", "en_ZZ", "en_Zzzz", "C", "english"])
def test_a_locale_qt_does_not_know_is_refused_saying_what_it_must_be(raw: str) -> None:
    with pytest.raises(ValueError) as refused:
        locale_setting(raw)
    assert str(refused.value) == (
        "locale must be a language code, optionally with a country, that Qt knows "
        f"(en_CA, en_US, fr_FR, de_CH…), not “{raw}”."
    )


@pytest.mark.parametrize(
    ("raw", "code"), [("cad", "CAD"), (" EUR ", "EUR"), ("gbp", "GBP"), ("JPY", "JPY")]
)
def test_a_currency_in_use_is_taken_in_capitals(raw: str, code: str) -> None:
    assert currency_setting(raw) == code


@pytest.mark.parametrize("raw", ["XYZ", "ABC", "dollars", "C$", ""])
def test_a_currency_not_in_use_is_refused_saying_what_to_write(raw: str) -> None:
    with pytest.raises(ValueError) as refused:
        currency_setting(raw)
    assert str(refused.value) == (
        "currency must be a three-letter ISO 4217 code (CAD, USD, EUR, GBP…) of a currency "
        f"in use, not “{raw}”."
    )


def test_the_currencies_in_use_are_read_from_qt_once() -> None:
    codes = currencies_in_use()
    assert codes is currencies_in_use()  # cached: every later check is a set look-up
    assert {"USD", "CAD", "EUR", "GBP", "INR", "BRL"} <= codes
    assert all(len(code) == 3 and code.isupper() for code in codes)


def test_every_region_phonenumbers_reads_phones_for_is_one_qt_knows() -> None:
    """The settings are loaded with Qt's list of countries (phonenumbers is too big to load
    with the window): none of phonenumbers' regions may be set aside for the default."""
    assert [code for code in SUPPORTED_REGIONS if region_setting(code.lower()) != code] == []


@pytest.mark.parametrize("raw", ["ZZ", "UK", "XX", "Canada"])
def test_a_region_that_is_no_country_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="region must be a two-letter country code"):
        region_setting(raw)
