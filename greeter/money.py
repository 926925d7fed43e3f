"""Amounts in the shop's currency, written the way the shop's locale writes them (QLocale),
and the settings whose codes only Qt's locale data can check (core has no Qt)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QLocale

from greeter.core.settings import (
    currency_message,
    currency_shape,
    locale_message,
    locale_parts,
    region_message,
    region_shape,
)
from greeter.store.cards import MoneyFormat


def locale_setting(raw: str) -> str:
    """The locale setting `raw` as Qt names it (fr-ca: fr_CA), when Qt can write amounts its
    way; ValueError saying what a locale must be when it cannot. Amounts on screen are written
    by QLocale, so its list is the one that counts: for an unknown language it falls back to
    its "C" locale (309.99CAD), and it quietly ignores an unknown script or country."""
    language, script, territory = locale_parts(raw)
    if (
        QLocale(language).name() == "C"
        or (script is not None and QLocale.codeToScript(script) == QLocale.Script.AnyScript)
        or (
            territory is not None
            and QLocale.codeToTerritory(territory) == QLocale.Country.AnyTerritory
        )
    ):
        raise ValueError(locale_message(raw))
    return "_".join(part for part in (language, script, territory) if part)


def currency_setting(raw: str) -> str:
    """The currency setting `raw` in capitals (cad: CAD) when it is the ISO 4217 code of a
    currency in use; ValueError saying what to write when it is not (XYZ, dollars)."""
    code = currency_shape(raw)
    if code not in currencies_in_use():
        raise ValueError(currency_message(raw))
    return code


@functools.cache
def currencies_in_use() -> frozenset[str]:
    """The ISO 4217 codes of the currencies Qt's locale data (CLDR) gives its ~700 locales,
    about 150: read once per process, in about 2 ms."""
    every = QLocale.matchingLocales(
        QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyTerritory
    )
    iso = QLocale.CurrencySymbolFormat.CurrencyIsoCode
    return frozenset(code for locale in every if (code := locale.currencySymbol(iso)))


def region_setting(raw: str) -> str:
    """The region setting `raw` in capitals (ca: CA) when Qt knows it as a country or
    territory; ValueError when it does not (ZZ, UK). The check for loading the settings: every
    region phonenumbers reads phones for is one Qt knows (not the other way round: EU, AQ…),
    and phonenumbers itself is too big to load with the window (see
    greeter.core.settings.parse_setting)."""
    code = region_shape(raw)
    if QLocale.codeToTerritory(code) == QLocale.Country.AnyTerritory:
        raise ValueError(region_message(raw))
    return code


def money_format(locale_name: str) -> MoneyFormat:
    locale = QLocale(locale_name)

    def money(cents: int, currency: str) -> str:
        symbol = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if currency != locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode):
            symbol = f"{currency} "
        return locale.toCurrencyString(cents / 100, symbol)

    return money
