"""Finding many customers at once by their ids, emails, phones or cards (for imports), and
one customer's name without opening the whole shop (for the till)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from greeter.store.customers import CARD
from greeter.store.database import connect_read_only

_CHUNK = 500


class CustomerLookup:
    """Each `by_` method answers value → customer id for the values that match. An email or
    phone several customers share (a household's, a business's) names none of them: a receipt
    is better kept without a customer than given to the wrong one. The others answer what a
    customers file is matched by: every holder of an email or phone, names, ids."""

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
        return {v: ids for v, ids in self._holders(table, column, values).items() if len(ids) > 1}

    def holding_email(self, emails: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """Each of the emails any customer has → every customer who has it, by id."""
        return self._holders("customer_emails", "email", emails)

    def holding_phone(self, e164s: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """Each of the phones any customer has → every customer who has it, by id."""
        return self._holders("customer_phones", "e164", e164s)

    def _holders(
        self, table: str, column: str, values: Iterable[str]
    ) -> dict[str, tuple[int, ...]]:
        sql = f"SELECT {column}, customer_id FROM {table} WHERE {column} IN ({{}}) GROUP BY 1, 2"
        holders: dict[str, list[int]] = {}
        for value, customer_id in self._chunked(sql, values):
            holders.setdefault(value, []).append(int(customer_id))
        return {value: tuple(sorted(ids)) for value, ids in holders.items()}

    def names(self, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """Customer id → (preferred name, full name), for those of the ids that are customers."""
        sql = "SELECT id, preferred_name, full_name FROM customers WHERE id IN ({})"
        return {int(r[0]): (str(r[1]), str(r[2])) for r in self._chunked(sql, ids)}

    def ids_in(self, system: str, customers: Iterable[int]) -> dict[int, set[str]]:
        """Customer id → their ids in `system`, for those of the customers that have one."""
        # +system: by the customers' index, not by every id the system has (a scan a chunk)
        sql = "SELECT customer_id, value FROM identifiers WHERE +system = ? AND customer_id IN ({})"
        found: dict[int, set[str]] = {}
        for customer_id, value in self._chunked(sql, customers, [system]):
            found.setdefault(int(customer_id), set()).add(str(value))
        return found

    def _chunked(
        self, sql: str, values: Iterable[object], before: list[object] | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """The rows `sql` finds for the values (its `{}`: a list of them), asked a chunk of
        them at a time."""
        wanted = list(dict.fromkeys(values))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = sql.format(",".join("?" * len(chunk)))
            yield from self._db.execute(query, [*(before or []), *chunk])

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
        return {
            value: int(customer_id) for value, customer_id in self._chunked(sql, values, before)
        }


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
