"""Turning whatever staff typed or scanned into one customer, a list of candidates, or a reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from greeter.core.identify import QueryKind, normalise_email, normalise_phone, read_query
from greeter.core.models import SearchHit
from greeter.core.settings import ShopSettings
from greeter.store import Store
from greeter.store.errors import MergedAway


@dataclass(frozen=True)
class Recognition:
    customer_id: int | None = None
    candidates: list[SearchHit] = field(default_factory=list)
    message: str = ""

    @property
    def recognised(self) -> bool:
        return self.customer_id is not None


def _one_or_many(store: Store, ids: list[int], what: str) -> Recognition:
    if len(ids) == 1:
        return Recognition(customer_id=ids[0])
    if not ids:
        return Recognition(message=f"No customer has {what}.")
    hits = store.names.hits_for(ids)
    return Recognition(candidates=hits, message=f"{len(ids)} customers share {what}.")


def recognise(store: Store, text: str, settings: ShopSettings) -> Recognition:
    """Exact card, phone or email hits recognise at once; names give ranked candidates."""
    query = read_query(text, settings.region)
    if query.kind is QueryKind.EMPTY:
        return Recognition(message="Scan a card, or type a phone, email or name.")
    if query.kind in (QueryKind.NUMBER, QueryKind.CODE):
        by_card = store.customers.find_by_card(query.text)
        if by_card is not None:
            return Recognition(customer_id=by_card)
        if query.phone:
            return _one_or_many(store, store.customers.find_by_phone(query.phone), query.text)
        return Recognition(message=f"No customer has the card or number {query.text}.")
    if query.kind is QueryKind.EMAIL:
        return _one_or_many(store, store.customers.find_by_email(query.email or ""), query.text)
    hits = store.names.search(query.words)
    if not hits:
        return Recognition(message=f"Nobody found for “{query.text}”.")
    return Recognition(candidates=hits)


def select_customer(
    store: Store,
    settings: ShopSettings,
    *,
    card: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    customer_id: int | None = None,
    query: str | None = None,
) -> Recognition:
    """Pick one customer by exactly one selector, as scripts and the till ask for them."""
    if customer_id is not None:
        if store.customers.exists(customer_id):
            return Recognition(customer_id=customer_id)
        missing = store.customers.missing(customer_id)
        said = missing.with_id_option() if isinstance(missing, MergedAway) else str(missing)
        return Recognition(message=said)
    if card is not None:
        found = store.customers.find_by_card(card)
        if found is None:
            return Recognition(message=f"No customer has the card {card}.")
        return Recognition(customer_id=found)
    if phone is not None:
        e164 = normalise_phone(phone, settings.region)
        if e164 is None:
            return Recognition(
                message=f"“{phone}” is not a valid phone number for region {settings.region}."
            )
        return _one_or_many(store, store.customers.find_by_phone(e164), f"the phone {phone}")
    if email is not None:
        address = normalise_email(email) or email.strip().lower()
        return _one_or_many(store, store.customers.find_by_email(address), f"the email {email}")
    result = recognise(store, query or "", settings)
    if not result.recognised and len(result.candidates) == 1:
        return Recognition(customer_id=result.candidates[0].customer_id)
    if result.candidates and not result.message:
        return Recognition(
            candidates=result.candidates,
            message=f"{len(result.candidates)} customers match “{query}”.",
        )
    return result
