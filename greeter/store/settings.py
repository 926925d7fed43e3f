"""Reading and writing the shop's typed settings."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, fields, replace
from typing import Any

from sqlite_utils import Database

from greeter.core import settings as rules
from greeter.core.settings import ShopSettings
from greeter.store.database import write

_UPSERT = (
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def data_version(db: Database) -> int:
    """A number that changes whenever another connection (the command line, another Greeter,
    a worker thread) commits to the file, and never for `db`'s own commits: SQLite's
    `PRAGMA data_version`, read from shared memory in a few microseconds."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def parse_setting(key: str, raw: str, *, thorough: bool = True) -> str | int:
    """The value `raw` gives setting `key`, by greeter.core.settings.parse_setting and what
    Qt knows (greeter.money: core has no Qt): a locale must be one Qt can write amounts in; a
    currency being set, one in use (one already stored stays the shop's choice: amounts are
    labelled with it); and a region, a country Qt knows, so that one phonenumbers cannot read
    phones for (ZZ) is not used, and when checked `thorough`ly, as when it is set, one
    phonenumbers knows too: not one of the places only Qt knows (EU, AQ…)."""
    if (key, thorough) == ("region", True):
        # Qt's check first, so that a code that names no place (ZZ, UK) is told what a region
        # is, and phonenumbers' then refuses a place with no phones of its own (EU, AQ).
        parse_setting(key, raw, thorough=False)
    by_qt = key == "locale" or (key, thorough) in (("currency", True), ("region", False))
    if by_qt:
        from greeter import money  # QtCore: loaded only to check a code

        check = {
            "locale": money.locale_setting,
            "currency": money.currency_setting,
            "region": money.region_setting,
        }[key]
        return check(raw)
    return rules.parse_setting(key, raw, thorough=thorough)


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._current: tuple[int, ShopSettings] | None = None  # (data_version, as read then)

    def current(self) -> ShopSettings:
        """The settings as the file holds them now, for a window that stays open while the
        command line changes them: read again only when another connection has committed
        since the last read (see `data_version`), so asking costs a few microseconds."""
        version = data_version(self._db)
        if self._current is None or self._current[0] != version:
            self._current = (version, self.load())
        return self._current[1]

    def load(self) -> ShopSettings:
        """The shop's settings. A stored value that breaks its rule (written by hand or by an
        older Greeter) gives way to the default, as `problems` says: a bad file must not stop
        the window, nor overflow a timer."""
        values: dict[str, Any] = {}
        for key, value in self._stored():
            with contextlib.suppress(ValueError):
                values[key] = parse_setting(key, value, thorough=False)
        if "date_order" not in values:  # never set: as the shop's region and locale write dates
            region, locale = (values.get(k, getattr(ShopSettings, k)) for k in ("region", "locale"))
            values["date_order"] = rules.default_date_order(region, locale)
        return ShopSettings(**values)

    def problems(self, *, thorough: bool = True) -> dict[str, str]:
        """For each stored value that breaks its setting's rule, a sentence saying what is used
        instead and how to fix it. `thorough`: checked as closely as when a value is set;
        without it, only the values `load` sets aside for the default are named, and
        phonenumbers is not loaded (for the window's banner)."""
        defaults, set_aside = self.load(), self._set_aside()  # date_order's may be the region's
        found = {}
        for key, value in self._stored():
            try:
                parse_setting(key, value, thorough=thorough)
            except ValueError as error:
                used = (
                    f"so {getattr(defaults, key)} is used instead"
                    if key in set_aside
                    else "yet it is still used"
                )
                found[key] = (
                    f"{key} “{value}” in the shop's file is not valid, {used}: {error} "
                    f"Fix it with `greeter settings {key} …`."
                )
        return found

    def save(self, settings: ShopSettings, *, keep: frozenset[str] = frozenset()) -> None:
        """Write every setting but those in `keep`, whose stored rows stay as they are."""
        rows = [(k, str(v)) for k, v in asdict(settings).items() if k not in keep]
        try:
            with write(self._db):
                self._db.conn.executemany(_UPSERT, rows)
        finally:
            self._current = None  # this connection's own commits leave data_version as it was

    def set(self, key: str, raw: str) -> ShopSettings:
        """Change one setting from text, validated. Another setting's stored value that
        breaks its rule is kept, not overwritten by the default used meanwhile: it stays to
        be reported and fixed."""
        with write(self._db):  # read and written under one lock: no other change is lost
            changed: dict[str, Any] = {key: parse_setting(key, raw)}
            updated = replace(self.load(), **changed)
            keep = self._set_aside() - {key}
            if "date_order" not in dict(self._stored()):
                keep |= {"date_order"} - {key}  # unset, it keeps following region and locale
            self.save(updated, keep=keep)
        return updated

    def _set_aside(self) -> frozenset[str]:
        """The settings whose stored value `load` passes over for the default."""
        aside = set()
        for key, value in self._stored():
            try:
                parse_setting(key, value, thorough=False)
            except ValueError:
                aside.add(key)
        return frozenset(aside)

    def _stored(self) -> list[tuple[str, str]]:
        known = {f.name for f in fields(ShopSettings)}
        rows = self._db.execute("SELECT key, value FROM settings").fetchall()
        return [(str(key), str(value)) for key, value in rows if key in known]
