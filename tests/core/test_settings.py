"""Every shop setting has a rule: codes the libraries know, numbers in a range that works.
Whether Qt knows a locale is checked by greeter.money (tests/test_money.py): core has no Qt."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields

import pytest

from greeter.core.settings import BOUNDS, CHOICES, CODES, ShopSettings, parse_setting

QT_TIMER_MAX_MS = 2**31 - 1  # QTimer.setInterval takes a C int
FREE_TEXT = {"shop_name", "sensitive_words", "scan_prefix", "scan_suffix"} | {
    "backup_folder",
    "watch_folder",
}


def test_every_setting_is_free_text_or_has_a_rule() -> None:
    names = {f.name for f in fields(ShopSettings)}
    ruled = set(CHOICES) | set(BOUNDS) | set(CODES)
    assert names - ruled == FREE_TEXT
    whole_numbers = {f.name for f in fields(ShopSettings) if f.type == "int"}
    assert whole_numbers == set(BOUNDS)


@pytest.mark.parametrize("setting", [f for f in fields(ShopSettings)], ids=lambda f: f.name)
def test_every_default_passes_its_own_rule(setting: object) -> None:
    name, default = setting.name, setting.default  # type: ignore[attr-defined]
    assert parse_setting(name, str(default)) == default


def test_the_timer_settings_stay_within_what_a_qt_timer_takes() -> None:
    assert BOUNDS["idle_hide_seconds"].high * 1000 <= QT_TIMER_MAX_MS
    assert BOUNDS["idle_lock_minutes"].high * 60_000 <= QT_TIMER_MAX_MS
    assert BOUNDS["scan_max_gap_ms"].high + 25 <= QT_TIMER_MAX_MS


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        ("region", "ca", "CA"),
        ("region", " gb ", "GB"),
        ("currency", "cad", "CAD"),
        ("currency", "EUR", "EUR"),
        ("locale", "fr-ca", "fr_CA"),
        ("locale", "en_CA", "en_CA"),
        ("locale", "de", "de"),
        ("locale", "sr_latn_rs", "sr_Latn_RS"),
        ("locale", "es_419", "es_419"),
        ("date_order", "dmy", "DMY"),
        ("scan_max_gap_ms", "0", 0),
        ("scan_max_gap_ms", "5", 5),
        ("scan_max_gap_ms", "1000", 1000),
        ("idle_lock_minutes", "0", 0),
        ("vip_top_percent", "100", 100),
        ("note_stale_days", "0", 0),
        ("shop_name", "Chez Nous", "Chez Nous"),
    ],
)
def test_good_values_are_stored_in_their_usual_form(key: str, raw: str, stored: object) -> None:
    assert getattr(ShopSettings().with_value(key, raw), key) == stored


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("region", "ZZ", "two-letter country code (CA, US, GB, FR…)"),
        ("region", "", "two-letter country code (CA, US, GB, FR…)"),
        ("region", "Canada", "two-letter country code (CA, US, GB, FR…)"),
        ("region", "001", "two-letter country code"),
        ("currency", "dollars", "three-letter ISO 4217 code (CAD, USD, EUR, GBP…)"),
        ("currency", "C$", "three-letter ISO 4217 code"),
        ("currency", "", "three-letter ISO 4217 code"),
        ("locale", "C", "that Qt knows (en_CA, en_US, fr_FR, de_CH…)"),
        ("locale", "english", "that Qt knows"),
        ("locale", "en_CA;x", "that Qt knows"),
        ("scan_max_gap_ms", "99999999999999999999999", "0 (off) or a whole number from 5 to 1000"),
        ("scan_max_gap_ms", "3", "0 (off) or a whole number from 5 to 1000"),
        ("scan_max_gap_ms", "-1", "0 (off) or a whole number from 5 to 1000"),
        ("scan_max_gap_ms", "fast", "0 (off) or a whole number from 5 to 1000"),
        ("idle_hide_seconds", "99999999", "0 (off) or a whole number from 5 to 3600"),
        ("idle_lock_minutes", "99999999", "0 (off) or a whole number from 1 to 1440"),
        ("regular_window_days", "99999999999", "a whole number from 1 to 3660"),
        ("regular_min_visits", "0", "a whole number from 1 to 1000"),
        ("vip_top_percent", "101", "a whole number from 0 to 100"),
        ("backups_kept", "0", "a whole number from 1 to 3650"),
        ("scan_min_length", "1.5", "a whole number from 1 to 100"),
    ],
)
def test_bad_values_are_refused_saying_what_is_expected(key: str, raw: str, says: str) -> None:
    with pytest.raises(ValueError) as refused:
        ShopSettings().with_value(key, raw)
    assert str(refused.value).startswith(f"{key} must be")
    assert says in str(refused.value)
    assert f"not “{raw}”" in str(refused.value)


def test_an_unknown_setting_is_named_with_the_known_ones() -> None:
    with pytest.raises(KeyError, match="no setting called “scan_gap”. Known: shop_name"):
        ShopSettings().with_value("scan_gap", "50")


def test_core_checks_settings_without_loading_qt() -> None:
    """core/ has no Qt: importing every module and checking a locale loads no PySide6."""
    script = (
        "import importlib, pkgutil, sys, greeter.core\n"
        "for module in pkgutil.iter_modules(greeter.core.__path__):\n"
        "    importlib.import_module('greeter.core.' + module.name)\n"
        "from greeter.core.settings import parse_setting\n"
        "assert parse_setting('locale', 'fr-ca') == 'fr_CA'\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
