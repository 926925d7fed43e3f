"""Storing the receipts read from a sales file: find their customers set-wise, then bulk-insert."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from greeter.core.identify import card_code, normalise_email, normalise_phone
from greeter.core.known_phones import KnownPhones
from greeter.core.placeholders import is_placeholder
from greeter.core.text import counted
from greeter.store.bulk import BulkPurchases, BulkSale
from greeter.store.exports import GREETER
from greeter.store.lookup import CustomerLookup
from greeter.store.refunds import GivenBack, Refunds, TakenBack, Waiting
from greeter.till.parse import row_number
from greeter.till.sales_receipts import Sale

# Tills whose sales exports Greeter once read as any other file: their receipts and customer
# ids from then are under "import", and are looked for there too.
WAS_GENERIC = frozenset({"square"})
GENERIC = "import"
# Parsing one phone (about 20 µs) costs as much as reading ten stored ones into KnownPhones.
PARSE_COST_IN_STORED_PHONES = 10


@dataclass(frozen=True)
class SalesStored:
    new: int
    updated: int  # stored before: now given their customer, or a total reduced by a refund
    unchanged: int
    lines: int
    without_customer: int  # receipts whose customer details match nobody (or give none)
    matching_nobody: int  # of those, the ones whose phone or email is not shared either
    withdrawn: list[str]  # stored before, now refunded, cancelled or voided: taken out
    reduced: list[str]  # stored before, now partly refunded: total reduced
    filled: list[str]  # stored before without amounts, now with them
    redated: list[str]  # stored before with day and month swapped: given the file's date
    # Receipts stored without a customer because several customers share their phone or
    # email (counted in without_customer): (receipt id, that phone or email, those customers)
    shared: list[tuple[str, str, tuple[int, ...]]]
    # Items that refunds and exchanges rung up later gave back, taken off their sales (this
    # file's, and those of refunds imported before that waited for their sale)
    taken_back: list[TakenBack]
    waiting: list[Waiting]  # items this file's refunds gave back that match no sale yet
    emptied: list[str]  # sales given back whole: taken out
    # Per receipt kept without a customer because its only customer is the till's stand-in
    # for no one ("WALKIN"): that id (counted in without_customer, not in matching_nobody)
    stand_ins: list[str] = field(default_factory=list)


Sharing = dict[int, tuple[str, tuple[int, ...]]]  # sale → (phone or email, customers sharing it)


def store_sales(
    db: Database,
    sales: Sequence[Sale],
    *,
    system: str,
    region: str,
    shop_key: str,
    called_off: Sequence[Sale] = (),
    partly_refunded: Collection[str] = (),
    given_back: Sequence[Sale] = (),
    progress: Callable[[int, int], None] | None = None,
) -> SalesStored:
    """Insert the receipts not stored yet; take out those stored before that the file now
    shows refunded, cancelled or voided (`called_off`), give those stored before that are
    now `partly_refunded` (receipt ids) the total their sale says was kept, and take the
    items that refunds and exchanges rung up later (`given_back`) gave back off the sales
    they came from, in this file or stored before, as well as those of refunds imported
    before that waited for a sale of these customers (see Refunds.take_back). Inside the
    caller's transaction."""
    customers, sharing = match_customers(db, sales, system=system, region=region,
                                         shop_key=shop_key)  # fmt: skip
    bulk = BulkPurchases(db)
    before: set[str] = set()
    if system in WAS_GENERIC:
        ids = (s.receipt_id for s in (*sales, *called_off) if not s.source)
        before = set(bulk.existing(GENERIC, ids))

    def source(sale: Sale) -> str:
        return sale.source or (GENERIC if sale.receipt_id in before else system)

    withdrawn = bulk.withdraw((source(s), s.receipt_id) for s in called_off)
    batch = [
        BulkSale(
            s.receipt_id,
            s.purchased_at,
            s.total_cents,
            s.currency,
            customer_id,
            s.lines,
            source(s),
        )  # fmt: skip
        for s, customer_id in zip(sales, customers, strict=True)
    ]
    result = bulk.insert(system, batch, progress, partly_refunded=set(partly_refunded))
    refunds: list[GivenBack] = []
    if given_back:  # the refunds' customers, found as the sales' are
        owners, _ = match_customers(db, given_back, system=system, region=region,
                                    shop_key=shop_key)  # fmt: skip
        refunds = [
            GivenBack(source(s), s.receipt_id, s.purchased_at, owner, s.lines)
            for s, owner in zip(given_back, owners, strict=True)
            if owner is not None
        ]
    # A sale of this file may be the one a refund imported before is waiting for.
    back = Refunds(db).take_back(refunds, retry={c for c in customers if c is not None})
    stand_ins = _stand_ins(sales, customers, sharing)
    return SalesStored(result.new, result.updated, result.unchanged, result.lines,
                       customers.count(None),
                       customers.count(None) - len(sharing) - len(stand_ins), withdrawn,
                       list(result.reduced), list(result.filled), list(result.redated),
                       _stored_without_customer(bulk, batch, sharing), back.taken, back.waiting,
                       back.emptied, stand_ins)  # fmt: skip


def _stand_ins(sales: Sequence[Sale], found: list[int | None], sharing: Sharing) -> list[str]:
    """Per sale left without a customer only because it names the till's stand-in for no
    one (see is_placeholder), that till id."""
    ids = {i for i in {s.ref[0] for s in sales} - {""} if is_placeholder(i)}
    if not ids:
        return []
    return [
        s.ref[0]
        for n, (s, customer) in enumerate(zip(sales, found, strict=True))
        if customer is None and s.ref[0] in ids and n not in sharing
    ]


def _stored_without_customer(
    bulk: BulkPurchases, batch: list[BulkSale], sharing: Sharing
) -> list[tuple[str, str, tuple[int, ...]]]:
    """(receipt id, phone or email, customers) for the sales in `sharing` whose receipt is
    stored without a customer: one stored earlier may have been given one then."""
    stored: dict[tuple[str, str], int | None] = {}
    for source in {batch[n].source for n in sharing}:
        ids = (batch[n].receipt_id for n in sharing if batch[n].source == source)
        stored.update(((source, r), v[1]) for r, v in bulk.existing(source, ids).items())
    kept = {(batch[n].source, batch[n].receipt_id): n for n in sorted(sharing)}
    return [
        (key[1], *sharing[n]) for key, n in kept.items() if key in stored and stored[key] is None
    ]


def match_customers(
    db: Database, sales: Sequence[Sale], *, system: str, region: str, shop_key: str
) -> tuple[list[int | None], Sharing]:
    """Each sale's customer: by their id in `system`, their Greeter id, email, phone or card,
    in that order; and for those left without one, the phone or email that several
    customers share, if that is why. Matching is set-wise; phones are parsed only when their
    digits are not simply those of a stored phone (see KnownPhones)."""
    lookup = CustomerLookup(db)
    refs = [sale.ref for sale in sales]
    # The till's walk-in customer is no one: a sale rung up to it has no customer, even if
    # an import from before this rule made it one.
    ids = {i for i in {r[0] for r in refs} - {""} if not is_placeholder(i)}
    by_id = lookup.by_identifier(system, ids)
    if system in WAS_GENERIC and len(by_id) < len(ids):
        by_id = {**lookup.by_identifier(GENERIC, ids - set(by_id)), **by_id}
    by_key = _greeter_keys(lookup, {r[1] for r in refs if r[1]}, shop_key)
    emails = {r[2]: _email(r[2]) for r in refs if r[2]}
    by_email = lookup.by_email({e for e in emails.values() if e})
    cards = {r[4]: card_code(r[4]) for r in refs if r[4]}
    by_card = lookup.by_card(set(cards.values()))
    found: list[int | None] = []
    unmatched_phones: list[int] = []
    e164s: dict[str, str | None] = {}
    by_phone: dict[str, int] = {}
    for n, (cid, key, email, phone, card) in enumerate(refs):
        customer = (
            (by_id.get(cid) if cid else None)
            or (by_key.get(key) if key else None)
            or (by_email.get(emails[email]) if email else None)  # type: ignore[arg-type]
            or (by_card.get(cards[card]) if card else None)
        )
        found.append(customer)
        if customer is None and phone:
            unmatched_phones.append(n)
    if unmatched_phones:
        e164s = _e164s(lookup, {refs[n][3] for n in unmatched_phones}, region)
        by_phone = lookup.by_phone({e for e in e164s.values() if e})
        for n in unmatched_phones:
            e164 = e164s[refs[n][3]]
            found[n] = by_phone.get(e164) if e164 else None
    # An email or phone that matched nobody may be one several customers share.
    shared = lookup.sharing_email({e for e in emails.values() if e and e not in by_email})
    shared.update(lookup.sharing_phone({p for p in e164s.values() if p and p not in by_phone}))
    return found, _sharing(refs, found, emails, e164s, shared) if shared else {}


def _sharing(
    refs: list[tuple[str, ...]],
    found: list[int | None],
    emails: dict[str, str | None],
    e164s: dict[str, str | None],
    shared: dict[str, tuple[int, ...]],
) -> Sharing:
    """The sales left without a customer whose email or phone is one of those `shared`."""
    out: Sharing = {}
    for n, customer in enumerate(found):
        if customer is None:
            email, phone = emails.get(refs[n][2]), e164s.get(refs[n][3])
            detail = email if email in shared else phone if phone in shared else None
            if detail is not None:
                out[n] = (detail, shared[detail])
    return out


def _e164s(lookup: CustomerLookup, phones: set[str], region: str) -> dict[str, str | None]:
    """Each phone's E.164 form, when it can be a stored one. Many are first looked for among
    the stored phones' digits (KnownPhones), which means reading every stored phone; a few
    are parsed one by one (a chain's 460,000 phones take a second to read)."""
    if len(phones) * PARSE_COST_IN_STORED_PHONES < lookup.phones_stored_at_most():
        return {raw: normalise_phone(raw, region) for raw in phones}
    known = KnownPhones(lookup.phone_numbers(), region)
    return {raw: known.e164(raw) for raw in phones}


def _email(raw: str) -> str | None:
    text = raw.strip().lower()
    if text.isascii() and " " not in text:
        return text  # the common case, without normalise_email's Unicode work
    return normalise_email(raw)


def _greeter_keys(lookup: CustomerLookup, keys: set[str], shop_key: str) -> dict[str, int]:
    """Greeter ids from an export: one this file gave (shop key and number), or one kept from
    another Greeter file as an identifier."""
    found = lookup.by_identifier(GREETER, keys)
    own: dict[int, str] = {}
    for key in keys - set(found):
        prefix, _, digits = key.rpartition("-")
        number = row_number(digits)
        if prefix == shop_key and number is not None:
            own[number] = key
    for customer_id in lookup.existing(own):
        found[own[customer_id]] = customer_id
    return found


def stand_ins_note(stand_ins: list[str], dry_run: bool) -> str:
    """Receipts rung up to the till's stand-in for no customer, stored without one."""
    n = len(stand_ins)
    were = "would be" if dry_run else "was" if n == 1 else "were"
    return (
        f"{counted(n, 'receipt')} rung up to the till's walk-in placeholder "
        f"({', '.join(sorted(set(stand_ins)))}) {were} imported as sales to no customer"
    )
