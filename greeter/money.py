"""Amounts in the shop's currency, written the way the shop's locale writes them (QLocale)."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from greeter.core.settings import locale_message, locale_parts
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


def money_format(locale_name: str) -> MoneyFormat:
    locale = QLocale(locale_name)

    def money(cents: int, currency: str) -> str:
        symbol = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if currency != locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode):
            symbol = f"{currency} "
        return locale.toCurrencyString(cents / 100, symbol)

    return money
