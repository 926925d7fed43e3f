"""Finding many customers at once by their ids, emails, phones or cards (for imports), and
one customer's name without opening the whole shop (for the till)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

from greeter.store.customers import CARD
from greeter.store.database import connect_read_only

_CHUNK = 500


class CustomerLookup:
    """Each method answers value → customer id for the values that match. An email or phone
    several customers share (a household's, a business's) names none of them: a receipt is
    better kept without a customer than given to the wrong one."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def by_identifier(self, system: str, values: Iterable[str]) -> dict[str, int]:
        return self._match(
            "SELECT value, min(customer_id) FROM identifiers WHERE system = ? AND value IN ({})"
            " GROUP BY value",
            values,
            [system],
        )

    def by_card(self, codes: Iterable[str]) -> dict[str, int]:
        return self.by_identifier(CARD, codes)

    def by_email(self, emails: Iterable[str]) -> dict[str, int]:
        return self._match(
            "SELECT email, min(customer_id) FROM customer_emails WHERE email IN ({})"
            " GROUP BY email HAVING count(DISTINCT customer_id) = 1",
            emails,
        )

    def by_phone(self, e164s: Iterable[str]) -> dict[str, int]:
        return self._match(
            "SELECT e164, min(customer_id) FROM customer_phones WHERE e164 IN ({})"
            " GROUP BY e164 HAVING count(DISTINCT customer_id) = 1",
            e164s,
        )

    def sharing_email(self, emails: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """The emails that several customers share → those customers, by id."""
        return self._shared("customer_emails", "email", emails)

    def sharing_phone(self, e164s: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """The phones that several customers share → those customers, by id."""
        return self._shared("customer_phones", "e164", e164s)

    def _shared(self, table: str, column: str, values: Iterable[str]) -> dict[str, tuple[int, ...]]:
        sql = f"SELECT {column}, customer_id FROM {table} WHERE {column} IN ({{}}) GROUP BY 1, 2"
        wanted = list(dict.fromkeys(values))
        owners: dict[str, list[int]] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = sql.format(",".join("?" * len(chunk)))
            for value, customer_id in self._db.execute(query, chunk):
                owners.setdefault(value, []).append(int(customer_id))
        return {value: tuple(sorted(ids)) for value, ids in owners.items() if len(ids) > 1}

    def phone_numbers(self) -> list[str]:
        """Every stored phone, in E.164."""
        return [str(r[0]) for r in self._db.execute("SELECT DISTINCT e164 FROM customer_phones")]

    def phones_stored_at_most(self) -> int:
        """How many phones are stored, at most (the highest row id): read at once."""
        return int(
            self._db.execute("SELECT coalesce(max(id), 0) FROM customer_phones").fetchone()[0]
        )

    def existing(self, ids: Iterable[int]) -> set[int]:
        found = self._match("SELECT id, id FROM customers WHERE id IN ({})", ids)
        return {int(k) for k in found}

    def _match(
        self, sql: str, values: Iterable[object], before: list[object] | None = None
    ) -> dict[str, int]:
        wanted = list(dict.fromkeys(values))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = sql.format(",".join("?" * len(chunk)))
            for value, customer_id in self._db.execute(query, [*(before or []), *chunk]):
                found[value] = int(customer_id)
        return found


def peek_full_name(path: Path, customer_id: int) -> str:
    """A customer's full name, read straight from the file, read-only: `greeter show` wants
    it for the till's log, for every customer, while the window has the file open. Lighter
    than opening the shop (no checks, no migrations, no write connection), and never taken
    for a crash where the window's open mark cannot be seen (Windows). Empty when it cannot
    be read just now."""
    try:
        db = connect_read_only(path)
    except sqlite3.Error:
        return ""
    try:
        row = db.execute("SELECT full_name FROM customers WHERE id = ?", [customer_id]).fetchone()
    except sqlite3.Error:
        return ""
    finally:
        db.close()
    return str(row[0]) if row else ""
