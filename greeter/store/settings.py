"""Reading and writing the shop's typed settings."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlite_utils import Database

from greeter.core.settings import ShopSettings, parse_setting
from greeter.store.database import write

_UPSERT = (
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self) -> ShopSettings:
        """The shop's settings; a stored value that breaks its rule gives way to the default
        (`problems` says which)."""
        settings = ShopSettings()
        for key, value in self._stored():
            settings = settings.with_stored(key, value)
        return settings

    def problems(self) -> dict[str, str]:
        """For each stored value that breaks its setting's rule (checked as thoroughly as when
        it is set), a sentence saying what is used instead and how to fix it."""
        defaults, set_aside = ShopSettings(), self._set_aside()
        found = {}
        for key, value in self._stored():
            try:
                parse_setting(key, value)
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
        with write(self._db):
            self._db.conn.executemany(_UPSERT, rows)

    def set(self, key: str, raw: str) -> ShopSettings:
        """Change one setting from text, validated. Another setting's stored value that
        breaks its rule is kept, not overwritten by the default used meanwhile: it stays to
        be reported and fixed."""
        with write(self._db):  # read and written under one lock: no other change is lost
            updated = self.load().with_value(key, raw)
            self.save(updated, keep=self._set_aside() - {key})
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
