"""Reading and writing the shop's typed settings."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlite_utils import Database

from greeter.core.settings import ShopSettings
from greeter.store.database import write


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self) -> ShopSettings:
        settings = ShopSettings()
        known = {f.name for f in fields(ShopSettings)}
        for key, value in self._db.execute("SELECT key, value FROM settings"):
            if key in known:
                settings = settings.with_value(key, value)
        return settings

    def save(self, settings: ShopSettings) -> None:
        with write(self._db):
            self._db.conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(k, str(v)) for k, v in asdict(settings).items()],
            )

    def set(self, key: str, raw: str) -> ShopSettings:
        updated = self.load().with_value(key, raw)
        self.save(updated)
        return updated
