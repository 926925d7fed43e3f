"""`greeter settings` in a real process: bad values are refused, a bad file is reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.store.database import write
from tests.helpers import add_customer, add_purchase, run_cli
from tests.till.csv_files import write_csv


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    store.settings.set("currency", "CAD")
    store.settings.set("locale", "en_CA")
    store.close()
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("--db", str(db), "settings", *args)
    return result.returncode, result.stdout, result.stderr


def stored(db: Path) -> dict[str, str]:
    store = Store(db)
    try:
        return {k: v for k, v in store.db.execute("SELECT key, value FROM settings")}
    finally:
        store.close()


def write_by_hand(db: Path, **values: str) -> None:
    """What an older Greeter, or someone with a SQLite tool, may have left in the file."""
    store = Store(db)
    try:
        with write(store.db):
            store.db.conn.executemany(
                "UPDATE settings SET value = ? WHERE key = ?", [(v, k) for k, v in values.items()]
            )
    finally:
        store.close()


NO_PHONES = (
    "region must be a two-letter country code (CA, US, GB, FR…) that phone numbers can be read for,"
)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("region", "ZZ", "region must be a two-letter country code (CA, US, GB, FR…), not “ZZ”."),
        ("region", "", "region must be a two-letter country code (CA, US, GB, FR…), not “”."),
        ("region", "Canada", "region must be a two-letter country code"),
        ("currency", "dollars", "currency must be a three-letter ISO 4217 code (CAD, USD, EUR"),
        (
            "currency",
            "XYZ",
            "currency must be a three-letter ISO 4217 code (CAD, USD, EUR, GBP…) of a currency "
            "in use, not “XYZ”.",
        ),
        ("locale", "xx_YY", "locale must be a language code, optionally with a country, that Qt"),
        # Places Qt knows that have no phone numbers of their own: what to give instead.
        (
            "region",
            "EU",
            f"{NO_PHONES} not “EU”: give the code of the country the shop is in, such as IE or DE.",
        ),
        ("region", "aq", f"{NO_PHONES} not “aq”: give the code"),
        (
            "scan_max_gap_ms",
            "99999999999999999999999",
            "scan_max_gap_ms must be 0 (off) or a whole number from 5 to 1000, not “9999",
        ),
        ("idle_lock_minutes", "99999999999", "idle_lock_minutes must be 0 (off) or a whole"),
        ("regular_window_days", "99999999999", "regular_window_days must be a whole number from"),
    ],
)
def test_a_bad_value_is_refused_and_the_file_is_unchanged(
    shop_db: Path, key: str, value: str, says: str
) -> None:
    before = stored(shop_db)
    code, out, err = cli(shop_db, key, value)
    assert code != 0
    assert out == ""
    assert err.startswith(f"greeter: {says}")
    assert "Traceback" not in err
    assert stored(shop_db) == before


def test_codes_are_taken_in_any_case_and_stored_as_written_elsewhere(shop_db: Path) -> None:
    assert cli(shop_db, "region", "fr")[1] == "region = FR\n"
    assert cli(shop_db, "currency", "eur")[1] == "currency = EUR\n"
    assert cli(shop_db, "locale", "fr-fr")[1] == "locale = fr_FR\n"
    assert cli(shop_db, "scan_max_gap_ms", "40")[1] == "scan_max_gap_ms = 40\n"
    assert {k: v for k, v in stored(shop_db).items() if k in ("region", "currency", "locale")} == {
        "region": "FR",
        "currency": "EUR",
        "locale": "fr_FR",
    }


def test_a_bad_value_for_a_new_file_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    code, _, err = cli(path, "currency", "dollars")
    assert code != 0 and err.startswith("greeter: currency must be")
    assert not path.exists()


def test_a_bad_file_is_listed_with_the_defaults_in_use_and_a_warning_each(shop_db: Path) -> None:
    write_by_hand(
        shop_db, currency="dollars", locale="xx_YY", scan_max_gap_ms="99999999999999999999999"
    )
    code, out, err = cli(shop_db)
    assert code == 0
    assert "currency = USD    #" in out
    assert "locale = en_US    #" in out
    assert "scan_max_gap_ms = 30    #" in out
    assert "greeter: warning: currency “dollars” in the shop's file is not valid, so USD is " in err
    assert "greeter: warning: scan_max_gap_ms “99999999999999999999999” in the shop's file " in err
    assert f"Fix it with `greeter --db {shop_db} settings locale …`." in err  # this shop's
    assert "Traceback" not in err
    code, out, err = cli(shop_db, "region")
    assert code == 0 and out.startswith("region = CA    # ")
    assert err == ""  # only the setting asked about is reported


@pytest.mark.parametrize(
    ("region", "listed", "used"),
    [("ZZ", "US", "so US is used instead"), ("EU", "EU", "yet it is still used")],  # see store
)
def test_an_unknown_region_left_in_the_file_is_reported(
    shop_db: Path, region: str, listed: str, used: str
) -> None:
    write_by_hand(shop_db, region=region)
    code, out, err = cli(shop_db, "region")
    assert code == 0 and out.startswith(f"region = {listed}    # ")
    assert err.startswith(
        f"greeter: warning: region “{region}” in the shop's file is not valid, {used}: region "
        "must be a two-letter country code"
    )


def test_changing_one_setting_leaves_another_bad_value_to_be_fixed(shop_db: Path) -> None:
    write_by_hand(shop_db, currency="dollars")
    assert cli(shop_db, "shop_name", "Chez Nous")[0] == 0
    assert stored(shop_db)["currency"] == "dollars"  # not silently replaced by USD
    assert stored(shop_db)["shop_name"] == "Chez Nous"
    code, out, err = cli(shop_db, "currency")
    assert out.startswith("currency = USD") and "currency “dollars” in the shop's file" in err
    assert cli(shop_db, "currency", "cad")[0] == 0
    code, _, err = cli(shop_db)
    assert code == 0 and err == ""


# -- other commands on a shop with a setting set aside ------------------------------------

LOCALE_SET_ASIDE = (
    "greeter: warning: locale “xx_YY” in the shop's file is not valid, so en_US is used "
    "instead: locale must be a language code, optionally with a country, that Qt knows "
    "(en_CA, en_US, fr_FR, de_CH…), not “xx_YY”. Fix it with `greeter --db {db} settings "
    "locale …`."
)


@pytest.mark.parametrize(
    "command",
    [
        ("today", "--json"),
        ("profile", "--id", "1", "--json"),
        ("note", "add", "--id", "1", "--text", "Likes jade", "--author", "Sam"),
        ("import", "customers", "{csv}"),
        ("backup", "--out", "{folder}/copy.db"),
    ],
)
def test_a_command_on_the_shop_says_once_which_setting_it_uses_the_default_for(
    shop_db: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    with Store(shop_db) as store:
        store.staff.add("Sam", "owner")
        add_customer(store, "Lisa")
    csv_file = write_csv(tmp_path / "c.csv", ["First Name", "Email"], [["Ann", "ann@example.com"]])
    write_by_hand(shop_db, locale="xx_YY")
    args = [word.format(csv=csv_file, folder=tmp_path) for word in command]

    result = run_cli("--db", str(shop_db), *args)

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines().count(LOCALE_SET_ASIDE.format(db=shop_db)) == 1
    assert "xx_YY" not in result.stdout  # stdout stays the command's own, JSON and all
    if "--json" in command:
        assert json.loads(result.stdout)


def test_changing_a_setting_warns_of_the_others_still_set_aside_not_the_one_fixed(
    shop_db: Path,
) -> None:
    write_by_hand(shop_db, locale="xx_YY", currency="dollars")
    code, out, err = cli(shop_db, "locale", "fr-ca")
    assert (code, out) == (0, "locale = fr_CA\n")
    assert err.startswith("greeter: warning: currency “dollars” in the shop's file is not valid")
    assert "locale" not in err and len(err.splitlines()) == 1
    code, out, err = cli(shop_db, "currency", "cad")
    assert (code, out, err) == (0, "currency = CAD\n", "")
    assert run_cli("--db", str(shop_db), "today").stderr == ""  # nothing left to say


def test_changing_the_currency_says_what_purchases_stored_in_another_keep(shop_db: Path) -> None:
    """A file imported before the currency was set: its receipts keep theirs (CAD here), and
    the shop is told, since a customer's spend in all is written in the new one."""
    store = Store(shop_db)
    lisa = add_customer(store, "Lisa")
    for day in (1, 2):
        add_purchase(store, lisa, dt.datetime(2026, 3, day, 10), ("Scarf", 2500))
    store.close()

    code, out, err = cli(shop_db, "currency", "EUR")

    assert (code, out) == (0, "currency = EUR\n")
    assert err == (
        "greeter: warning: 2 purchases in CAD stored before keep their currency; a customer's "
        "spend in all adds them up in EUR as if they were. If they were imported before the "
        f"currency was set, restore the backup made before that import (`greeter --db {shop_db} "
        "backup --list`), set the currency, then import again.\n"
    )
    code, _, err = cli(shop_db, "currency", "CAD")  # back to theirs: nothing to say
    assert (code, err) == (0, "")
