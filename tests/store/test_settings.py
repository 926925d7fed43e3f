"""The shop's settings in its file: a locale must be one Qt knows, when set and when loaded."""

from __future__ import annotations

import re

import pytest

from greeter.core.settings import ShopSettings
from greeter.store import Store
from greeter.store.database import write

QT_KNOWS = "that Qt knows (en_CA, en_US, fr_FR, de_CH…), not “xx_YY”."


def write_by_hand(store: Store, **values: str) -> None:
    """What an older Greeter, or someone with a SQLite tool, may have left in the file."""
    with write(store.db):
        store.db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )


def stored(store: Store, key: str) -> str:
    return str(store.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()[0])


def test_a_locale_qt_does_not_know_is_refused_and_not_stored(store: Store) -> None:
    with pytest.raises(ValueError, match=re.escape(QT_KNOWS)):
        store.settings.set("locale", "xx_YY")
    assert stored(store, "locale") == "en_CA"
    assert store.settings.set("locale", "fr-ca").locale == "fr_CA"
    assert stored(store, "locale") == "fr_CA"


def test_a_bad_stored_value_leaves_the_default_in_use(store: Store) -> None:
    write_by_hand(
        store,
        scan_max_gap_ms="99999999999999999999999",
        idle_lock_minutes="-5",
        currency="dollars",
        locale="xx_YY",
        region="Canada",
        backups_kept="lots",
    )
    assert store.settings.load() == ShopSettings()
    problems = store.settings.problems()
    assert problems["locale"].startswith(
        "locale “xx_YY” in the shop's file is not valid, so en_US is used instead: locale must"
    )
    assert QT_KNOWS in problems["locale"]
    # Setting another value keeps the bad one in the file, to be reported and fixed.
    store.settings.set("shop_name", "Chez Nous")
    assert stored(store, "locale") == "xx_YY"


def test_good_stored_values_are_read_as_when_they_are_set(store: Store) -> None:
    write_by_hand(store, region="ca", locale="fr-ca", scan_max_gap_ms="50")
    settings = store.settings.load()
    assert (settings.region, settings.locale, settings.scan_max_gap_ms) == ("CA", "fr_CA", 50)


def test_current_settings_follow_changes_made_by_another_connection(store: Store) -> None:
    before = store.settings.current()
    assert store.settings.current() is before  # nothing committed since: not read again
    with Store(store.path, already_open=True) as elsewhere:  # what `greeter settings` opens
        elsewhere.settings.set("region", "GB")
    assert store.settings.current().region == "GB"
    store.settings.set("note_stale_days", "30")  # this connection's own change counts too
    assert store.settings.current().note_stale_days == 30
