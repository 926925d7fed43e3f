"""Storing the customers read from a file: match each to one already known, or add them;
never add back someone who was erased (the till still has them)."""

from __future__ import annotations

from greeter.core.customer_form import SIMILAR_NAME, name_similarity
from greeter.core.identify import card_code
from greeter.core.models import Customer, Phone
from greeter.core.text import counted, fold
from greeter.store import Store, rows
from greeter.store.consents import Channel, Consents
from greeter.store.customers import CARD, NewCustomer
from greeter.store.database import StorageProblem, write
from greeter.store.erasure_ledger import described_values, erased_people
from greeter.store.errors import Conflict, StoreError
from greeter.store.exports import GREETER
from greeter.store.tags import Tags
from greeter.till.columns import ColumnMapping
from greeter.till.customer_rows import CustomerRow
from greeter.till.problems import BadRow

NEW, UPDATED, UNCHANGED, ERASED = "new", "updated", "unchanged", "erased"


class CustomerWriter:
    """Applies rows one by one inside the caller's transaction; each row is all or nothing."""

    def __init__(
        self, store: Store, mapping: ColumnMapping, *, system: str, shop_key: str, staff: str
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
        # (line, customer): rows added apart from a customer who shares their phone or email
        # under another name, so that the shop can merge the two if they are one person.
        self.shared: list[tuple[int, int]] = []

    def apply(self, row: CustomerRow) -> str:
        """NEW, UPDATED or UNCHANGED; ERASED for someone erased from Greeter who is not a
        customer again (nothing is written); raises BadRow when the row clashes with stored
        data."""
        try:
            with write(self._store.db):
                found, sharing = self._find(row)
                if found is not None:
                    return UPDATED if self._update(found, row) else UNCHANGED
                if self._was_erased(row):
                    return ERASED
                if sharing is not None:
                    self.shared.append((row.line, sharing))
                self._add(row)
                return NEW
        except StorageProblem:
            raise  # the disk or the file, not the row: the whole import stops
        except StoreError as error:
            raise BadRow(self._column_for(error), str(error)) from None

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

    # -- finding who the row is about --

    def _find(self, row: CustomerRow) -> tuple[int | None, int | None]:
        """The customer the row is about, else None and a customer who shares the row's phone
        or email under another name (or None)."""
        customers = self._store.customers
        if row.customer_id:
            found = customers.find_by_identifier(self._system, row.customer_id)
            if found is not None:
                return found, None
        if row.greeter_id:
            found = self._by_greeter_id(row.greeter_id)
            if found is not None:
                return found, None
        for code in row.cards:
            found = customers.find_by_card(code)
            if found is not None and not self._has_other_id(found, row):
                return found, None
        # An email or phone may be a household's or a business's: it names the row's
        # customer only together with their name.
        shared: list[int] = []
        for email in row.emails:
            shared += customers.find_by_email(email)
        for phone in row.phones:
            shared += customers.find_by_phone(phone.e164)
        for candidate in dict.fromkeys(shared):
            if not self._has_other_id(candidate, row) and _same_name(customers.get(candidate), row):
                return candidate, None
        return None, shared[0] if shared else None

    def _by_greeter_id(self, key: str) -> int | None:
        customers = self._store.customers
        found = customers.find_by_identifier(GREETER, key)
        if found is not None:
            return found
        prefix, _, number = key.rpartition("-")
        if prefix == self._shop_key and number.isdigit() and customers.exists(int(number)):
            return int(number)
        return None

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

    def _has_other_id(self, customer_id: int, row: CustomerRow) -> bool:
        """True when the customer already has a different id in the row's system: then the
        row is about someone else who shares an email or phone (a household, say)."""
        if not row.customer_id:
            return False
        ids = self._store.customers.identifiers(customer_id)
        return any(s == self._system and v != row.customer_id for s, v in ids)

    # -- writing --

    def _ids(self, row: CustomerRow, customer_id: int | None = None) -> list[tuple[str, str]]:
        ids = [(self._system, row.customer_id)] if row.customer_id else []
        ids += row.other_ids
        own = f"{self._shop_key}-{customer_id}" if customer_id is not None else None
        if row.greeter_id and row.greeter_id != own:
            ids.append((GREETER, row.greeter_id))
        return ids

    def _add(self, row: CustomerRow) -> int:
        customer_id = self._store.customers.add(
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
        self._extras(customer_id, row)
        return customer_id

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
        """Tags, the note and marketing consent; True when any was added."""
        changed = self._tags.add(customer_id, row.tags) > 0
        if row.note and not self._store.notes.has_text(customer_id, row.note):
            # It reads as the till's, not as written by whoever ran the import (the author,
            # whom the audit trail names). Dated today: the file does not say when it was written.
            self._store.notes.add(customer_id, row.note, self._author(), imported_from=self._system)
            changed = True
        consents: tuple[tuple[Channel, bool | None], ...] = (
            ("email", row.email_consent),
            ("sms", row.sms_consent),
        )
        for channel, granted in consents:
            if granted is not None:
                changed |= self._consents.record_from_import(
                    customer_id, channel, granted, self._source
                )
        return changed

    def _author(self) -> int:
        if self._author_id is None:
            self._author_id = self._store.staff.ensure(self._staff).id
        return self._author_id


def _same_name(customer: Customer, row: CustomerRow) -> bool:
    """Whether the row's name can be the stored customer's: the same first name (or the one
    they go by), or names alike but for spelling, accents or order ("Gerard Cote")."""
    given = {fold(customer.preferred_name), *fold(customer.full_name).split()[:1]} - {""}
    if {fold(row.preferred_name), *fold(row.full_name).split()[:1]} & given:
        return True
    return name_similarity(customer.full_name, row.full_name) >= SIMILAR_NAME


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
