"""Customers and the ways they are recognised: phones, emails and card codes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from greeter.core.identify import card_code, normalise_email
from greeter.core.models import Birthday, Customer, Phone
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.database import write
from greeter.store.errors import Conflict, Invalid, NotFound
from greeter.store.search import NameIndex, rank_for

CARD = "card"


@dataclass(frozen=True)
class NewCustomer:
    preferred_name: str
    full_name: str = ""
    pronunciation: str = ""
    birthday: Birthday | None = None
    phones: Sequence[Phone] = ()
    emails: Sequence[str] = ()
    cards: Sequence[str] = ()
    external_ids: Sequence[tuple[str, str]] = ()  # (system, id) from a till or web shop
    created: dt.datetime | None = None


def _customer(r: Sequence[Any]) -> Customer:
    (cid, preferred, full, pronunciation, month, day, year, created) = r[:8]
    birthday = Birthday(int(month), int(day), int(year) if year else None) if month else None
    return Customer(
        id=int(cid),
        preferred_name=str(preferred),
        full_name=str(full),
        pronunciation=str(pronunciation),
        birthday=birthday,
        created=rows.when(str(created)) or rows.now(),
    )


_COLUMNS = (
    "id, preferred_name, full_name, pronunciation, birth_month, birth_day, birth_year, created"
)


class Customers:
    def __init__(self, db: Database, names: NameIndex) -> None:
        self._db = db
        self._names = names

    def add(self, new: NewCustomer) -> int:
        preferred = clean_text(new.preferred_name)
        full = clean_text(new.full_name)
        if not preferred:
            raise Invalid("A customer needs at least the name they like to be called.")
        created = new.created or rows.now()
        b = new.birthday
        with write(self._db):
            cursor = self._db.execute(
                "INSERT INTO customers (preferred_name, full_name, pronunciation, birth_month,"
                " birth_day, birth_year, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    preferred,
                    full,
                    clean_text(new.pronunciation),
                    b.month if b else None,
                    b.day if b else None,
                    b.year if b else None,
                    rows.stamp(created),
                ],
            )
            customer_id = int(cursor.lastrowid or 0)
            for phone in new.phones:
                self.add_phone(customer_id, phone)
            for email in new.emails:
                self.add_email(customer_id, email)
            for code in new.cards:
                self.add_card(customer_id, code)
            for system, value in new.external_ids:
                self.add_identifier(customer_id, system, value)
            self._names.index_customer(customer_id, [preferred, full], 0)
        return customer_id

    def add_phone(self, customer_id: int, phone: Phone) -> None:
        with write(self._db):
            self._db.execute(
                "INSERT INTO customer_phones (customer_id, e164, display) VALUES (?, ?, ?)",
                [customer_id, phone.e164, clean_text(phone.display) or phone.e164],
            )

    def add_email(self, customer_id: int, email: str) -> None:
        address = normalise_email(email)
        if address is None:
            raise Invalid(f"“{email}” is not an email address (expected name@example.com).")
        with write(self._db):
            self._db.execute(
                "INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)",
                [customer_id, address],
            )

    def add_card(self, customer_id: int, code: str) -> None:
        self.add_identifier(customer_id, CARD, card_code(code))

    def add_identifier(self, customer_id: int, system: str, value: str) -> None:
        try:
            with write(self._db):
                self._db.execute(
                    "INSERT INTO identifiers (customer_id, system, value) VALUES (?, ?, ?)",
                    [customer_id, system, value],
                )
        except sqlite3.IntegrityError:
            owner = self.find_by_identifier(system, value)
            raise Conflict(
                f"{'Card' if system == CARD else system + ' id'} {value} already belongs to "
                f"customer {owner}."
            ) from None

    def get(self, customer_id: int) -> Customer:
        r = self._db.execute(
            f"SELECT {_COLUMNS} FROM customers WHERE id = ?", [customer_id]
        ).fetchone()
        if r is None:
            raise NotFound(f"There is no customer with id {customer_id}.")
        return _customer(r)

    def exists(self, customer_id: int) -> bool:
        found = self._db.execute("SELECT 1 FROM customers WHERE id = ?", [customer_id])
        return found.fetchone() is not None

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM customers").fetchone()[0])

    def find_by_identifier(self, system: str, value: str) -> int | None:
        r = self._db.execute(
            "SELECT customer_id FROM identifiers WHERE system = ? AND value = ?", [system, value]
        ).fetchone()
        return int(r[0]) if r else None

    def find_by_card(self, code: str) -> int | None:
        return self.find_by_identifier(CARD, card_code(code))

    def find_by_phone(self, e164: str) -> list[int]:
        return [
            int(r[0])
            for r in self._db.execute(
                "SELECT DISTINCT customer_id FROM customer_phones WHERE e164 = ? "
                "ORDER BY customer_id",
                [e164],
            )
        ]

    def find_by_email(self, email: str) -> list[int]:
        return [
            int(r[0])
            for r in self._db.execute(
                "SELECT DISTINCT customer_id FROM customer_emails WHERE email = ? "
                "ORDER BY customer_id",
                [email.lower()],
            )
        ]

    def phones(self, customer_id: int) -> tuple[Phone, ...]:
        return tuple(
            Phone(r[0], r[1])
            for r in self._db.execute(
                "SELECT e164, display FROM customer_phones WHERE customer_id = ? ORDER BY id",
                [customer_id],
            )
        )

    def emails(self, customer_id: int) -> tuple[str, ...]:
        return tuple(
            r[0]
            for r in self._db.execute(
                "SELECT email FROM customer_emails WHERE customer_id = ? ORDER BY id",
                [customer_id],
            )
        )

    def cards(self, customer_id: int) -> tuple[str, ...]:
        return tuple(
            r[0]
            for r in self._db.execute(
                "SELECT value FROM identifiers WHERE customer_id = ? AND system = ? ORDER BY id",
                [customer_id, CARD],
            )
        )

    def reindex_all(self) -> None:
        """Rebuild the name index from scratch (after a bulk load)."""
        with write(self._db):
            for r in list(
                self._db.execute("SELECT id, preferred_name, full_name, last_visit FROM customers")
            ):
                self._names.index_customer(r[0], [r[1], r[2]], rank_for(rows.when(r[3])))
