"""What imports did (the imports log), the column mappings shops adjusted, and the shop key."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.store import rows
from greeter.store.database import write


@dataclass(frozen=True)
class ImportRecord:
    file_name: str
    sha256: str
    kind: str
    new: int
    updated: int
    unchanged: int
    bad: int
    staff: str
    imported_at: str = ""


class ImportLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, entry: ImportRecord) -> int:
        with write(self._db):
            cursor = self._db.execute(
                "INSERT INTO imports (file_name, sha256, kind, new, updated, unchanged, bad,"
                " imported_at, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    entry.file_name,
                    entry.sha256,
                    entry.kind,
                    entry.new,
                    entry.updated,
                    entry.unchanged,
                    entry.bad,
                    entry.imported_at or rows.stamp(rows.now()),
                    entry.staff,
                ],
            )
        return int(cursor.lastrowid or 0)

    def recent(self, limit: int = 20) -> list[ImportRecord]:
        return self._records("1 = 1", [], limit)

    def of_file(self, sha256: str) -> ImportRecord | None:
        """The latest import of a file with exactly these bytes, if there was one."""
        found = self._records("sha256 = ?", [sha256], 1)
        return found[0] if found else None

    def _records(self, where: str, params: list[object], limit: int) -> list[ImportRecord]:
        return [
            ImportRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
            for r in self._db.execute(
                "SELECT file_name, sha256, kind, new, updated, unchanged, bad, staff, imported_at"
                f" FROM imports WHERE {where} ORDER BY id DESC LIMIT ?",
                [*params, limit],
            )
        ]

    def overrides(self, header_key: str, kind: str) -> dict[str, str]:
        """Column → field choices the shop made for files with this header ("" = ignore)."""
        r = self._db.execute(
            "SELECT overrides FROM import_mappings WHERE header_key = ? AND kind = ?",
            [header_key, kind],
        ).fetchone()
        if r is None:
            return {}
        loaded = json.loads(r[0])
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    def remember(self, header_key: str, kind: str, overrides: Mapping[str, str]) -> None:
        """Merge these choices into the ones remembered for this header."""
        merged = {**self.overrides(header_key, kind), **overrides}
        with write(self._db):
            self._db.execute(
                "INSERT INTO import_mappings (header_key, kind, overrides, updated)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (header_key, kind) DO UPDATE SET"
                " overrides = excluded.overrides, updated = excluded.updated",
                [header_key, kind, json.dumps(merged, sort_keys=True), rows.stamp(rows.now())],
            )

    def shop_key(self) -> str:
        """This file's random name, the prefix of the customer ids it exports."""
        return str(self._db.execute("SELECT value FROM shop_key WHERE id = 1").fetchone()[0])
