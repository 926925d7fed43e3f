"""Customers and the ways they are recognised: phones, emails and card codes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from greeter.core import customer_form as form
from greeter.core.customer_form import CustomerChanges, CustomerDraft, DraftProblem
from greeter.core.identify import card_code, normalise_email, normalise_phone
from greeter.core.models import Birthday, Customer, Phone
from greeter.core.text import clean_text
from greeter.store import rows
from greeter.store.audit_schema import insert_audited
from greeter.store.consents import Consents
from greeter.store.customer_numbers import NEXT_NUMBER, keep_numbers_given, missing_customer
from greeter.store.database import write, write_one
from greeter.store.duplicates import Duplicate, likely_duplicates
from greeter.store.errors import (
    Conflict,
    Invalid,
    NotFound,
    refuse_card_numbers,
    refuse_payment_card,
)
from greeter.store.search import NameIndex, rank_for
from greeter.store.session import acting_as

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
    imported_from: str | None = None  # the till or web shop whose file brings them

    @property
    def display_name(self) -> str:
        """The full name, or the preferred name when there is none (see Customer)."""
        return self.full_name or self.preferred_name


@dataclass(frozen=True)
class CheckedCustomer(NewCustomer):
    """A new customer as they are stored (see `Customers.checked`)."""

    def identifiers(self) -> list[tuple[str, str]]:
        """(system, value) of their cards, then of their ids in other systems."""
        return [*((CARD, code) for code in self.cards), *self.external_ids]


def named(display_name: str, customer_id: int) -> str:
    """ "Kwame Asante (#2)": a customer as staff know them, for a message."""
    return f"{display_name} (#{customer_id})"


def taken(system: str, value: str, owner: str) -> Conflict:
    """The clash of a card or id that belongs to `owner` (as `Customers.named` says them)."""
    what = "Card" if system == CARD else f"{system} id"
    return Conflict(f"{what} {value} already belongs to {owner}.")


def _born(birthday: Birthday | None) -> tuple[int | None, int | None, int | None]:
    return (birthday.month, birthday.day, birthday.year) if birthday else (None, None, None)


def _email_address(email: str) -> str:
    address = normalise_email(email)
    if address is None:
        raise Invalid(f"“{email}” is not an email address (expected name@example.com).")
    return address


def _customer(r: Sequence[Any]) -> Customer:
    (cid, preferred, full, pronunciation, month, day, year, created, imported_from) = r[:9]
    birthday = Birthday(int(month), int(day), int(year) if year else None) if month else None
    return Customer(
        id=int(cid),
        preferred_name=str(preferred),
        full_name=str(full),
        pronunciation=str(pronunciation),
        birthday=birthday,
        created=rows.when(str(created)) or rows.now(),
        imported_from=imported_from,
    )


_COLUMNS = (
    "id, preferred_name, full_name, pronunciation, birth_month, birth_day, birth_year, created,"
    " imported_from"
)
_INSERT_CUSTOMER = f"INSERT INTO customers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_PHONE = "INSERT INTO customer_phones (customer_id, e164, display) VALUES (?, ?, ?)"
_INSERT_EMAIL = "INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)"
_INSERT_ID = "INSERT INTO identifiers (customer_id, system, value) VALUES (?, ?, ?)"


class Customers:
    def __init__(self, db: Database, names: NameIndex) -> None:
        self._db = db
        self._names = names

    def add(self, new: NewCustomer) -> int:
        """A new customer; Invalid when a name is missing, too long or holds a card number,
        Conflict when a card or id belongs to someone else. Every way in comes here or to
        `add_all`: the counter, `greeter customer add` and imports."""
        return self.add_all([new])[0]

    def checked(self, new: NewCustomer) -> CheckedCustomer:
        """The customer as `add` stores them, or the Invalid it raises: an import checks
        each row's customer before adding them with the others', set-wise."""
        if isinstance(new, CheckedCustomer):
            return new
        try:
            preferred = form.preferred_name(new.preferred_name)
            full = form.name_text("full_name", new.full_name)
            say = form.name_text("pronunciation", new.pronunciation)
        except DraftProblem as problem:
            raise Invalid(str(problem)) from None
        refuse_card_numbers(preferred, full, say)
        emails = [_email_address(email) for email in new.emails]
        for code in new.cards:
            refuse_payment_card(code)
        return CheckedCustomer(
            preferred, full, say, new.birthday,
            phones=[Phone(p.e164, clean_text(p.display) or p.e164) for p in new.phones],
            emails=emails, cards=[card_code(code) for code in new.cards],
            external_ids=new.external_ids, created=new.created, imported_from=new.imported_from,
        )  # fmt: skip

    def next_number(self) -> int:
        """The number the next new customer gets (see NEXT_NUMBER)."""
        return int(self._db.execute(f"SELECT {NEXT_NUMBER}").fetchone()[0])

    def add_all(self, news: Sequence[NewCustomer]) -> list[int]:
        """New customers, set-wise (an import's thousands), numbered in order from
        `next_number`, each stored as `add` stores one. Raises what `add` would for the
        first that cannot be added, and then adds none."""
        ready = [self.checked(new) for new in news]
        now = rows.now()
        with write(self._db):
            added = list(enumerate(ready, self.next_number()))
            db = self._db
            insert_audited(db, "customers", _INSERT_CUSTOMER, [
                (cid, n.preferred_name, n.full_name, n.pronunciation, *_born(n.birthday),
                 rows.stamp(n.created or now), n.imported_from)
                for cid, n in added
            ])  # fmt: skip
            if added:
                keep_numbers_given(db, added[-1][0])
            phones = [(cid, p.e164, p.display) for cid, n in added for p in n.phones]
            insert_audited(db, "customer_phones", _INSERT_PHONE, phones)
            emails = [(cid, email) for cid, n in added for email in n.emails]
            insert_audited(db, "customer_emails", _INSERT_EMAIL, emails)
            try:
                ids = [(cid, *key) for cid, n in added for key in n.identifiers()]
                insert_audited(db, "identifiers", _INSERT_ID, ids)
            except sqlite3.IntegrityError:
                clash = self._clash(added)
                if clash is None:
                    raise
                raise clash from None
            self._names.index_new((cid, (n.preferred_name, n.full_name), 0) for cid, n in added)
        return [cid for cid, _ in added]

    def _clash(self, added: list[tuple[int, CheckedCustomer]]) -> Conflict | None:
        """The first card or id of the customers being added that is someone else's (or
        theirs twice), with the earlier of them stored: as `add_identifier` says it."""
        given: dict[tuple[str, str], int] = {}
        for cid, new in added:
            for key in new.identifiers():
                owner = given[key] if key in given else self.find_by_identifier(*key)
                if owner is not None and (key in given or owner != cid):
                    return taken(*key, self.named(owner))
                given[key] = cid
        return None

    def add_phone(self, customer_id: int, phone: Phone) -> None:
        write_one(
            self._db,
            _INSERT_PHONE,
            [customer_id, phone.e164, clean_text(phone.display) or phone.e164],
        )

    def add_email(self, customer_id: int, email: str) -> None:
        address = _email_address(email)
        write_one(
            self._db,
            _INSERT_EMAIL,
            [customer_id, address],
        )

    def add_card(self, customer_id: int, code: str) -> None:
        refuse_payment_card(code)
        self.add_identifier(customer_id, CARD, card_code(code))

    def add_identifier(self, customer_id: int, system: str, value: str) -> None:
        try:
            write_one(
                self._db,
                _INSERT_ID,
                [customer_id, system, value],
            )
        except sqlite3.IntegrityError:
            owner = self.find_by_identifier(system, value)
            if owner is None:  # no clash: the customer is gone (erased or merged meanwhile)
                raise missing_customer(self._db, customer_id) from None
            raise taken(system, value, self.named(owner)) from None

    def get(self, customer_id: int) -> Customer:
        r = self._db.execute(
            f"SELECT {_COLUMNS} FROM customers WHERE id = ?", [customer_id]
        ).fetchone()
        if r is None:
            raise missing_customer(self._db, customer_id)
        return _customer(r)

    def missing(self, customer_id: int) -> NotFound:
        """Why no customer has this number (see `missing_customer`), to raise or say."""
        return missing_customer(self._db, customer_id)

    def named(self, customer_id: int) -> str:
        """ "Kwame Asante (#2)": the customer as staff know them, for a message."""
        return named(self.get(customer_id).display_name, customer_id)

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

    def identifiers(self, customer_id: int) -> tuple[tuple[str, str], ...]:
        """The customer's ids in other systems (cards included), oldest first."""
        return tuple(
            (r[0], r[1])
            for r in self._db.execute(
                "SELECT system, value FROM identifiers WHERE customer_id = ? ORDER BY id",
                [customer_id],
            )
        )

    def fill_blanks(
        self,
        customer_id: int,
        full_name: str = "",
        pronunciation: str = "",
        birthday: Birthday | None = None,
        imported_from: str | None = None,
        since: dt.datetime | None = None,
    ) -> bool:
        """Fill in details the customer has not got yet; never overwrite what staff typed.
        `since` (a till's "customer since") moves their own earlier, never later. True when
        something changed. The preferred name is never touched."""
        old = self.get(customer_id)
        try:
            full = form.name_text("full_name", full_name) if not old.full_name else ""
            say = form.name_text("pronunciation", pronunciation) if not old.pronunciation else ""
        except DraftProblem as problem:
            raise Invalid(str(problem)) from None
        born = birthday if old.birthday is None else None
        came_from = imported_from if old.imported_from is None else None
        earlier = (
            rows.stamp(since) if since and (old.created is None or since < old.created) else None
        )
        if not (full or say or born or came_from or earlier):
            return False
        with write(self._db):
            self._db.execute(
                """UPDATE customers SET full_name = coalesce(nullif(?, ''), full_name),
                    pronunciation = coalesce(nullif(?, ''), pronunciation),
                    birth_month = coalesce(?, birth_month), birth_day = coalesce(?, birth_day),
                    birth_year = coalesce(?, birth_year),
                    imported_from = coalesce(?, imported_from), created = coalesce(?, created)
                WHERE id = ?""",
                [
                    full,
                    say,
                    born.month if born else None,
                    born.day if born else None,
                    born.year if born else None,
                    came_from,
                    earlier,
                    customer_id,
                ],
            )
            if full:
                rank = self._db.execute(
                    "SELECT search_rank FROM customers WHERE id = ?", [customer_id]
                ).fetchone()[0]
                self._names.index_customer(customer_id, [old.preferred_name, full], rank)
        return True

    # -- created and kept clean at the counter (validated by greeter.core.customer_form) --

    def likely_duplicates(self, draft: CustomerDraft, region: str) -> list[Duplicate]:
        """Customers the draft may already be, each with the reason, best first."""
        return likely_duplicates(self._db, draft, region)

    def create(
        self,
        draft: CustomerDraft,
        region: str,
        *,
        staff_id: int | None = None,
        email_consent: bool | None = None,
        sms_consent: bool | None = None,
        consent_source: str = "counter",
    ) -> int:
        """A new customer from what was typed; Invalid says which field to fix. Marketing
        consent, when given, is recorded per channel with today's date and the source."""
        try:
            clean = form.clean_draft(draft, region)
        except DraftProblem as problem:
            raise Invalid(str(problem)) from None
        with write(self._db), acting_as(self._db, staff_id):
            customer_id = self.add(
                NewCustomer(
                    clean.preferred_name,
                    clean.full_name,
                    clean.pronunciation,
                    clean.birthday,
                    clean.phones,
                    clean.emails,
                    clean.cards,
                )
            )
            consents = Consents(self._db)
            if email_consent is not None:
                consents.record(customer_id, "email", email_consent, consent_source)
            if sms_consent is not None:
                consents.record(customer_id, "sms", sms_consent, consent_source)
        return customer_id

    def update(
        self,
        customer_id: int,
        changes: CustomerChanges,
        region: str,
        staff_id: int | None = None,
    ) -> list[str]:
        """Apply an edit in one transaction; what changed, in words ([] when nothing did).
        Invalid names the field to fix; Conflict when a card belongs to someone else."""
        old = self.get(customer_id)
        try:
            preferred = (
                old.preferred_name
                if changes.preferred_name is None
                else form.preferred_name(changes.preferred_name)
            )
            birthday = (
                old.birthday if changes.birthday is None else form.parse_birthday(changes.birthday)
            )
            full = (
                old.full_name
                if changes.full_name is None
                else form.name_text("full_name", changes.full_name)
            )
            say = (
                old.pronunciation
                if changes.pronunciation is None
                else form.name_text("pronunciation", changes.pronunciation)
            )
            phones = [form.phone(p, region) for p in changes.add_phones]
            emails = [form.email(e) for e in changes.add_emails]
            cards = [form.card(c) for c in changes.add_cards]
        except DraftProblem as problem:
            raise Invalid(str(problem)) from None
        refuse_card_numbers(preferred, full, say)
        changed = [
            name
            for name, was, now in (
                ("preferred name", old.preferred_name, preferred),
                ("full name", old.full_name, full),
                ("pronunciation", old.pronunciation, say),
                ("birthday", old.birthday, birthday),
            )
            if was != now
        ]
        with write(self._db), acting_as(self._db, staff_id):
            if changed:
                self._db.execute(
                    "UPDATE customers SET preferred_name = ?, full_name = ?, pronunciation = ?,"
                    " birth_month = ?, birth_day = ?, birth_year = ? WHERE id = ?",
                    [
                        preferred,
                        full,
                        say,
                        birthday.month if birthday else None,
                        birthday.day if birthday else None,
                        birthday.year if birthday else None,
                        customer_id,
                    ],
                )
            changed += self._change_contacts(customer_id, changes, region, phones, emails, cards)
            if preferred != old.preferred_name or full != old.full_name:
                rank = self._db.execute(
                    "SELECT search_rank FROM customers WHERE id = ?", [customer_id]
                ).fetchone()[0]
                self._names.index_customer(customer_id, [preferred, full], int(rank))
        return changed

    def _change_contacts(
        self,
        customer_id: int,
        changes: CustomerChanges,
        region: str,
        phones: list[Phone],
        emails: list[str],
        cards: list[str],
    ) -> list[str]:
        changed: list[str] = []
        for typed in changes.remove_phones:
            e164 = normalise_phone(typed, region) or typed.strip()
            self._remove(customer_id, "customer_phones", "e164", e164, f"phone {typed}")
            changed.append(f"removed phone {typed}")
        for typed in changes.remove_emails:
            address = normalise_email(typed) or typed.strip().lower()
            self._remove(customer_id, "customer_emails", "email", address, f"email {typed}")
            changed.append(f"removed email {address}")
        for typed in changes.remove_cards:
            self._remove(customer_id, "identifiers", "value", card_code(typed), f"card {typed}")
            changed.append(f"removed card {card_code(typed)}")
        known_phones = {p.e164 for p in self.phones(customer_id)}
        for phone in phones:
            if phone.e164 not in known_phones:
                self.add_phone(customer_id, phone)
                known_phones.add(phone.e164)
                changed.append(f"added phone {phone.display}")
        for address in emails:
            if address not in self.emails(customer_id):
                self.add_email(customer_id, address)
                changed.append(f"added email {address}")
        for code in cards:
            if code not in self.cards(customer_id):
                self.add_card(customer_id, code)
                changed.append(f"added card {code}")
        return changed

    def _remove(self, customer_id: int, table: str, column: str, value: str, what: str) -> None:
        extra = f" AND system = '{CARD}'" if table == "identifiers" else ""
        cursor = self._db.execute(
            f"DELETE FROM {table} WHERE customer_id = ? AND {column} = ?{extra}",
            [customer_id, value],
        )
        if cursor.rowcount == 0:
            raise Invalid(f"Customer {customer_id} has no {what}.")

    def reindex_all(self) -> None:
        """Rebuild the name index from scratch (after a bulk load)."""
        with write(self._db):
            for r in list(
                self._db.execute("SELECT id, preferred_name, full_name, last_visit FROM customers")
            ):
                self._names.index_customer(r[0], [r[1], r[2]], rank_for(rows.when(r[3])))
