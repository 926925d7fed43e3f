"""Who each row of a customers file is about, found without asking the database row by row:
the customers holding the file's ids, cards, emails and phones are looked up set-wise first,
then kept current as the rows add and update customers."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from greeter.core.customer_form import SIMILAR_NAME, name_similarity
from greeter.core.identify import card_code
from greeter.core.text import fold
from greeter.store import Store
from greeter.store.customers import CARD, CheckedCustomer
from greeter.store.exports import GREETER
from greeter.store.lookup import CustomerLookup
from greeter.till.customer_rows import CustomerRow


class KnownCustomers:
    def __init__(
        self, store: Store, rows: Sequence[CustomerRow], *, system: str, shop_key: str
    ) -> None:
        self._customers = store.customers
        self._system = system
        self._shop_key = shop_key
        lookup = CustomerLookup(store.db)
        wanted: dict[str, set[str]] = {}
        for row in rows:
            for key_system, value in row_keys(row, system):
                wanted.setdefault(key_system, set()).add(value)
        self._owners = {
            (key_system, value): owner
            for key_system, values in wanted.items()
            for value, owner in lookup.by_identifier(key_system, values).items()
        }
        self._numbers = lookup.existing(
            n for row in rows if (n := self._own_number(row.greeter_id)) is not None
        )
        self._added = range(0)  # the numbers of the customers added
        # The emails and phones of the rows that none of their ids names (a till's own
        # export, imported again, has an id on every row), and the names and ids of whoever
        # has them or one of the cards.
        rest = [row for row in rows if not self._named_by_id(row)]
        self._emails = _lists(lookup.holding_email(e for row in rest for e in row.emails))
        self._phones = _lists(lookup.holding_phone(p.e164 for row in rest for p in row.phones))
        holders = {c for held in (self._emails, self._phones) for ids in held.values() for c in ids}
        self._names = lookup.names(holders)
        holders |= {owner for (key_system, _), owner in self._owners.items() if key_system == CARD}
        in_system = lookup.ids_in(system, holders)
        self._ids_in_system = {c: in_system.get(c, set()) for c in holders}

    # -- who the row is about --

    def find(self, row: CustomerRow) -> tuple[int | None, int | None]:
        """The customer the row is about, else None and a customer who shares the row's phone
        or email under another name (or None)."""
        if row.customer_id:
            found = self.owner(self._system, row.customer_id)
            if found is not None:
                return found, None
        if row.greeter_id:
            found = self._by_greeter_id(row.greeter_id)
            if found is not None:
                return found, None
        for code in row.cards:
            found = self.owner(CARD, card_code(code))
            if found is not None and not self._has_other_id(found, row):
                return found, None
        # An email or phone may be a household's or a business's: it names the row's
        # customer only together with their name.
        shared: list[int] = []
        for email in row.emails:
            shared += self._emails.get(email.lower(), [])
        for phone in row.phones:
            shared += self._phones.get(phone.e164, [])
        for candidate in dict.fromkeys(shared):
            if not self._has_other_id(candidate, row) and _same_name(self._name(candidate), row):
                return candidate, None
        return None, shared[0] if shared else None

    def _named_by_id(self, row: CustomerRow) -> bool:
        """Whether the row's customer id or Greeter ID names a customer."""
        return bool(
            (row.customer_id and self.owner(self._system, row.customer_id) is not None)
            or (row.greeter_id and self._by_greeter_id(row.greeter_id) is not None)
        )

    def owner(self, system: str, value: str) -> int | None:
        """The customer with this id (or card, system CARD), if any."""
        return self._owners.get((system, value))

    def _by_greeter_id(self, key: str) -> int | None:
        found = self.owner(GREETER, key)
        if found is not None:
            return found
        number = self._own_number(key)
        return number if number in self._numbers or number in self._added else None

    def _own_number(self, greeter_id: str) -> int | None:
        """The customer number in a Greeter ID of this shop's ('02d4a1fd1a38-17': 17)."""
        prefix, _, number = greeter_id.rpartition("-")
        return int(number) if prefix == self._shop_key and number.isdigit() else None

    def _has_other_id(self, customer_id: int, row: CustomerRow) -> bool:
        """True when the customer already has a different id in the row's system: then the
        row is about someone else who shares an email or phone (a household, say)."""
        if not row.customer_id:
            return False
        if customer_id not in self._ids_in_system:
            ids = self._customers.identifiers(customer_id)
            self._ids_in_system[customer_id] = {v for s, v in ids if s == self._system}
        return any(v != row.customer_id for v in self._ids_in_system[customer_id])

    def _name(self, customer_id: int) -> tuple[str, str]:
        if customer_id not in self._names:
            customer = self._customers.get(customer_id)
            self._names[customer_id] = (customer.preferred_name, customer.full_name)
        return self._names[customer_id]

    # -- kept current --

    def added(self, customer_id: int, new: CheckedCustomer) -> None:
        """A customer to be added, with the number after the last one's (see `stored`)."""
        self._added = range(self._added.start if self._added else customer_id, customer_id + 1)
        self._names[customer_id] = (new.preferred_name, new.full_name)
        ids = new.identifiers()
        self._ids_in_system[customer_id] = {v for s, v in ids if s == self._system}
        self._hold(customer_id, ids, new.emails, (p.e164 for p in new.phones))

    def stored(self, customers: Iterable[int]) -> None:
        """The customers added are stored: their names and ids are read again when needed."""
        for customer_id in customers:
            self._names.pop(customer_id, None)
            self._ids_in_system.pop(customer_id, None)

    def updated(self, customer_id: int, row: CustomerRow, ids: Iterable[tuple[str, str]]) -> None:
        """A customer the row updated: they now hold its ids, cards, emails and phones; their
        name and ids are read again when next needed."""
        self._names.pop(customer_id, None)
        self._ids_in_system.pop(customer_id, None)
        cards = ((CARD, card_code(code)) for code in row.cards)
        self._hold(customer_id, [*cards, *ids], row.emails, (p.e164 for p in row.phones))

    def _hold(
        self,
        customer_id: int,
        ids: Iterable[tuple[str, str]],
        emails: Iterable[str],
        phones: Iterable[str],
    ) -> None:
        for key in ids:
            self._owners.setdefault(key, customer_id)
        for held, values in ((self._emails, emails), (self._phones, phones)):
            for value in values:
                holders = held.setdefault(value, [])
                if customer_id not in holders:
                    bisect.insort(holders, customer_id)  # in order, as the database gives them


def row_keys(row: CustomerRow, system: str) -> list[tuple[str, str]]:
    """Every (system, value) id the row gives: its customer id in `system`, its Greeter ID,
    its cards (system CARD) and its other ids."""
    keys = [(system, row.customer_id)] if row.customer_id else []
    keys += [(GREETER, row.greeter_id)] if row.greeter_id else []
    keys += [(CARD, card_code(code)) for code in row.cards]
    return keys + row.other_ids


def _lists(held: dict[str, tuple[int, ...]]) -> dict[str, list[int]]:
    return {value: list(ids) for value, ids in held.items()}


def _same_name(name: tuple[str, str], row: CustomerRow) -> bool:
    """Whether the row's name can be the stored customer's (preferred and full name): the
    same first name (or the one they go by), or names alike but for spelling, accents or
    order ("Gerard Cote")."""
    preferred, full = name
    given = {fold(preferred), *fold(full).split()[:1]} - {""}
    if {fold(row.preferred_name), *fold(row.full_name).split()[:1]} & given:
        return True
    return name_similarity(full, row.full_name) >= SIMILAR_NAME
