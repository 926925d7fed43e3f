"""Amounts in the shop's currency, written the way the shop's locale writes them (QLocale)."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from greeter.store.cards import MoneyFormat


def money_format(locale_name: str) -> MoneyFormat:
    locale = QLocale(locale_name)

    def money(cents: int, currency: str) -> str:
        symbol = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if currency != locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode):
            symbol = f"{currency} "
        return locale.toCurrencyString(cents / 100, symbol)

    return money
