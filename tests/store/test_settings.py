"""The shop's settings in its file: a locale must be one Qt knows, a currency one in use and a
region one phones can be read for, when set and when loaded."""

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


@pytest.mark.parametrize("region", ["ZZ", "UK"])
def test_a_region_phones_cannot_be_read_for_gives_way_to_the_default(
    store: Store, region: str
) -> None:
    write_by_hand(store, region=region)
    assert store.settings.load().region == "US"  # not one no phone typed without + matches
    said = (
        f"region “{region}” in the shop's file is not valid, so US is used instead: region must "
        f"be a two-letter country code (CA, US, GB, FR…), not “{region}”. Fix it with "
        "`greeter settings region …`."
    )
    assert store.settings.problems()["region"] == said
    assert store.settings.problems(thorough=False) == {"region": said}  # the window's banner


def test_a_region_qt_knows_but_phonenumbers_does_not_is_used_and_reported(store: Store) -> None:
    """Loading checks a region against Qt's countries, not phonenumbers' (too big to load with
    the window): the few only Qt knows (EU, AQ…) are reported by `greeter settings` alone."""
    write_by_hand(store, region="EU")
    assert store.settings.load().region == "EU"
    said = store.settings.problems()["region"]
    assert said.startswith("region “EU” in the shop's file is not valid, yet it is still used: ")
    assert store.settings.problems(thorough=False) == {}
    with pytest.raises(ValueError, match="region must be a two-letter country code"):
        store.settings.set("region", "EU")


# The places Qt knows as territories that phonenumbers reads no phones for.
ONLY_QT_KNOWS = ("AQ", "BV", "CP", "DG", "EA", "EU", "GS", "HM", "IC", "PN", "QO", "TF", "UM")


@pytest.mark.parametrize("region", ONLY_QT_KNOWS)
def test_a_place_with_no_phones_of_its_own_is_refused_saying_what_to_give(
    store: Store, region: str
) -> None:
    with pytest.raises(ValueError) as refused:
        store.settings.set("region", region.lower())
    assert str(refused.value) == (
        "region must be a two-letter country code (CA, US, GB, FR…) that phone numbers can be "
        f"read for, not “{region.lower()}”: give the code of the country the shop is in, such "
        "as IE or DE."
    )
    assert stored(store, "region") == "CA"


def test_a_currency_not_in_use_is_refused_but_one_already_stored_stays_the_shops(
    store: Store,
) -> None:
    says = (
        "currency must be a three-letter ISO 4217 code (CAD, USD, EUR, GBP…) of a currency in use"
    )
    with pytest.raises(ValueError, match=re.escape(f"{says}, not “XYZ”.")):
        store.settings.set("currency", "XYZ")
    assert stored(store, "currency") == "CAD"
    # By an older Greeter, or a code Qt has since dropped (BGN): amounts stay labelled with
    # what the owner chose rather than silently turning into dollars; `greeter settings` warns.
    write_by_hand(store, currency="XYZ")
    assert store.settings.load().currency == "XYZ"
    assert "currency" not in store.settings.problems(thorough=False)
    assert store.settings.problems()["currency"].startswith(
        f"currency “XYZ” in the shop's file is not valid, yet it is still used: {says}"
    )


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
