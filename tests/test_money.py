"""Amounts are written by QLocale, so a locale setting must be one Qt knows."""

from __future__ import annotations

import pytest

from greeter.money import locale_setting


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
