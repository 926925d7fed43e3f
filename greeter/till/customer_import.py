"""Storing the customers read from a file: match each to one already known, or add them;
never add back someone who was erased (the till still has them)."""

from __future__ import annotations

from collections.abc import Sequence

from greeter.core.identify import card_code
from greeter.core.models import Phone
from greeter.core.text import counted
from greeter.store import Store, rows
from greeter.store.consents import Channel, Consents
from greeter.store.customers import CARD, CheckedCustomer, NewCustomer, named, taken
from greeter.store.database import StorageProblem, write
from greeter.store.erasure_ledger import described_values, erased_people
from greeter.store.errors import Conflict, StoreError, refuse_card_numbers
from greeter.store.exports import GREETER
from greeter.store.tags import Tags
from greeter.till.columns import ColumnMapping
from greeter.till.customer_rows import CustomerRow
from greeter.till.known_customers import KnownCustomers, row_keys
from greeter.till.problems import BadRow

NEW, UPDATED, UNCHANGED, ERASED = "new", "updated", "unchanged", "erased"
BATCH = 5000  # new customers stored at once


class CustomerWriter:
    """Applies `rows` in order inside the caller's transaction; each row is all or nothing.
    New customers wait to be stored a batch at a time, set-wise (with their tags, note and
    consent): call `flush` after the last row."""

    def __init__(
        self,
        store: Store,
        mapping: ColumnMapping,
        rows: Sequence[CustomerRow],
        *,
        system: str,
        shop_key: str,
        staff: str,
    ) -> None:
        self._store = store
        self._mapping = mapping
        self._system = system
        self._shop_key = shop_key
        self._staff = staff
        self._author_id: int | None = None
        self._tags = Tags(store.db)
        self._consents = Consents(store.db)
        self._source = f"import:{system}"
        self._erased = erased_people(store.db)
        self._known = KnownCustomers(store, rows, system=system, shop_key=shop_key)
        # New customers not stored yet, numbered from the next number on.
        self._waiting: list[tuple[CustomerRow, CheckedCustomer]] = []
        self._next = store.customers.next_number()
        # (line, customer): rows added apart from a customer who shares their phone or email
        # under another name, so that the shop can merge the two if they are one person.
        self.shared: list[tuple[int, int]] = []

    def apply(self, row: CustomerRow) -> str:
        """NEW, UPDATED or UNCHANGED; ERASED for someone erased from Greeter who is not a
        customer again (nothing is written); raises BadRow when the row clashes with stored
        data."""
        found, sharing = self._known.find(row)
        if self._waiting and self._waits_for(found, row):
            self.flush()  # the row is about a new customer waiting, or clashes with one
        try:
            if found is not None:
                with write(self._store.db):
                    changed = self._update(found, row)
                if not changed:
                    return UNCHANGED
                self._known.updated(found, row, self._ids(row, found))
                return UPDATED
            if self._was_erased(row):
                return ERASED
            new = self._checked(row)
        except StorageProblem:
            raise  # the disk or the file, not the row: the whole import stops
        except StoreError as error:
            raise BadRow(self._column_for(error), str(error)) from None
        self._known.added(self._next + len(self._waiting), new)
        self._waiting.append((row, new))
        if sharing is not None:
            self.shared.append((row.line, sharing))
        if len(self._waiting) >= BATCH:
            self.flush()
        return NEW

    def flush(self) -> None:
        """Store the new customers waiting, set-wise, with their tags, notes and consent."""
        if not self._waiting:
            return
        added = list(zip(self._store.customers.add_all([new for _, new in self._waiting]),
                         (row for row, _ in self._waiting), strict=True))  # fmt: skip
        if added[0][0] != self._next:
            raise RuntimeError("The customer numbers moved while customers were imported.")
        self._known.stored(customer_id for customer_id, _ in added)
        self._next += len(added)
        self._waiting.clear()
        self._tags.add_all((customer_id, row.tags) for customer_id, row in added)
        notes = [(customer_id, row.note) for customer_id, row in added if row.note]
        if notes:
            # They read as the till's, not as written by whoever ran the import (the author,
            # whom the audit trail names). Dated today: the file does not say when.
            self._store.notes.add_imported(notes, self._author(), self._system)
        self._consents.record_all(
            ((customer_id, channel, granted) for customer_id, row in added
             for channel, granted in _consents(row) if granted is not None),
            self._source,
        )  # fmt: skip

    def _waits_for(self, found: int | None, row: CustomerRow) -> bool:
        """Whether the row is about a new customer not stored yet, or has one's card or id."""
        holders = [found, *(self._known.owner(*key) for key in row_keys(row, self._system))]
        return any(c is not None and c >= self._next for c in holders)

    def _column_for(self, error: StoreError) -> str:
        """The column behind a clash reported by the store ("Card X already belongs to …");
        none for other problems (a name too long), which the row's line is enough to find."""
        if not isinstance(error, Conflict):
            return ""
        text = str(error)
        for prefix, name in (
            ("Card ", "card"),
            (f"{GREETER} id ", "greeter_id"),
            (f"{self._system} id ", "customer_id"),
            ("", "other_ids"),
        ):
            if text.startswith(prefix) and self._mapping.has(name):
                return self._mapping.column_name(name)
        return ""

    def _was_erased(self, row: CustomerRow) -> bool:
        """Whether the row is someone the erasure ledger says was erased (by the rule a
        restore uses: the same card or till id, or the same name with the same phone, email
        or number): the shop promised to forget them, so they are not added back. Someone
        who came back and asked to join again is added at the counter, and then found above."""
        if not self._erased:
            return False
        number_and_created = None
        prefix, _, number = row.greeter_id.rpartition("-")
        if prefix == self._shop_key and number.isdigit() and row.created is not None:
            number_and_created = (int(number), rows.stamp(row.created))
        values = described_values(
            ids=[*self._ids(row), *((CARD, card_code(code)) for code in row.cards)],
            emails=row.emails,
            phones=[phone.e164 for phone in row.phones],
            names=[row.preferred_name, row.full_name],
            number_and_created=number_and_created,
        )
        return self._erased.match(values) is not None

    # -- writing --

    def _ids(self, row: CustomerRow, customer_id: int | None = None) -> list[tuple[str, str]]:
        ids = [(self._system, row.customer_id)] if row.customer_id else []
        ids += row.other_ids
        own = f"{self._shop_key}-{customer_id}" if customer_id is not None else None
        if row.greeter_id and row.greeter_id != own:
            ids.append((GREETER, row.greeter_id))
        return ids

    def _checked(self, row: CustomerRow) -> CheckedCustomer:
        """The row's new customer, checked as the store checks them when they are added with
        the others: Invalid or Conflict now, for this row alone."""
        customers = self._store.customers
        new = customers.checked(
            NewCustomer(
                row.preferred_name,
                row.full_name,
                pronunciation=row.pronunciation,
                birthday=row.birthday,
                phones=row.phones,
                emails=row.emails,
                cards=row.cards,
                external_ids=list(dict.fromkeys(self._ids(row))),
                created=row.created,
                imported_from=self._system,
            )
        )
        given: set[tuple[str, str]] = set()
        for key in new.identifiers():
            owner = self._known.owner(*key)
            if owner is not None:
                raise taken(*key, customers.named(owner))
            if key in given:  # their own card twice
                raise taken(*key, named(new.display_name, self._next + len(self._waiting)))
            given.add(key)
        refuse_card_numbers(*row.tags, row.note)
        return new

    def _update(self, customer_id: int, row: CustomerRow) -> bool:
        customers = self._store.customers
        changed = False
        phones = {p.e164 for p in customers.phones(customer_id)}
        for phone in row.phones:
            if phone.e164 not in phones:
                customers.add_phone(customer_id, Phone(phone.e164, phone.display))
                changed = True
        emails = set(customers.emails(customer_id))
        for email in row.emails:
            if email not in emails:
                customers.add_email(customer_id, email)
                changed = True
        ids = set(customers.identifiers(customer_id))
        for code in row.cards:
            if (CARD, card_code(code)) not in ids:
                customers.add_card(customer_id, code)
                changed = True
        for system, value in dict.fromkeys(self._ids(row, customer_id)):
            if (system, value) not in ids:
                customers.add_identifier(customer_id, system, value)
                changed = True
        changed |= customers.fill_blanks(
            customer_id, row.full_name, row.pronunciation, row.birthday, since=row.created
        )
        return self._extras(customer_id, row) or changed

    def _extras(self, customer_id: int, row: CustomerRow) -> bool:
        """Tags, the note and marketing consent of a customer updated; True when any was
        added (a new customer's are added with the others', in `flush`)."""
        changed = self._tags.add(customer_id, row.tags) > 0
        if row.note and not self._store.notes.has_text(customer_id, row.note):
            # Read as the till's (see `flush`).
            self._store.notes.add(customer_id, row.note, self._author(), imported_from=self._system)
            changed = True
        for channel, granted in _consents(row):
            if granted is not None:
                changed |= self._consents.record_from_import(
                    customer_id, channel, granted, self._source
                )
        return changed

    def _author(self) -> int:
        if self._author_id is None:
            self._author_id = self._store.staff.ensure(self._staff).id
        return self._author_id


def _consents(row: CustomerRow) -> tuple[tuple[Channel, bool | None], ...]:
    return (("email", row.email_consent), ("sms", row.sms_consent))


def erased_note(lines: list[int], dry_run: bool) -> str:
    """Rows about customers erased from Greeter, left out: where they are in the file, and
    nothing about who they are."""
    n = len(lines)
    were = "was" if n == 1 else "were"
    left = "would be left out" if dry_run else f"{were} left out"
    on = "line" if n == 1 else "lines"
    return (
        f"{counted(n, 'customer')} in the file {were} erased from Greeter earlier (they asked "
        f"to be forgotten) and {left}: {on} {', '.join(map(str, lines))}. Remove them from "
        "the till too. If someone came back and asked to join again, add them in the window "
        "(Ctrl+Shift+N) or with `greeter customer add`."
    )


def placeholder_note(placeholders: list[tuple[int, str]], dry_run: bool, shown: int = 5) -> str:
    """Rows that are the till's stand-in for no customer ("Walk-in Customer"), left out."""
    n = len(placeholders)
    which = ", ".join(f"line {line} “{name}”" for line, name in placeholders[:shown])
    more = f" and {n - shown} more" if n > shown else ""
    left = "would be left out" if dry_run else "left out"
    return (
        f"{counted(n, 'walk-in placeholder')} {left} ({which}{more}): the till's stand-in for "
        "sales to no one in particular is not a customer, and sales rung up to it are "
        "imported without one. If one is a real customer, add them in the window "
        "(Ctrl+Shift+N) or with `greeter customer add`."
    )
