"""Reading everything an export file holds: customers with their details, and every sale line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sqlite_utils import Database

from greeter.core.models import Birthday, Phone
from greeter.store.customers import CARD
from greeter.store.imports import ImportLog

# Identifier system under which a customer's id in another Greeter file is kept.
GREETER = "greeter"


@dataclass(frozen=True)
class CustomerForExport:
    id: int
    key: str  # the customer's Greeter id in export files, e.g. 9f3a1c0b7d2e-17
    preferred_name: str
    full_name: str
    pronunciation: str
    birthday: Birthday | None
    created: str
    phones: tuple[Phone, ...]
    emails: tuple[str, ...]
    cards: tuple[str, ...]
    other_ids: tuple[tuple[str, str], ...]  # (system, value), cards and Greeter ids aside
    tags: tuple[str, ...]
    email_consent: bool | None
    sms_consent: bool | None


class SaleLineForExport(NamedTuple):
    source: str
    receipt_id: str
    line_no: int | None  # None for a purchase recorded without lines
    purchased_at: str
    customer_key: str
    item: str
    sku: str
    quantity: float | None
    amount_cents: int | None
    total_cents: int
    currency: str


class Exports:
    def __init__(self, db: Database) -> None:
        self._db = db

    def customer_keys(self) -> dict[int, str]:
        """Every customer's Greeter id: the one it came with from another Greeter file, or
        this file's shop key and its own number."""
        shop = ImportLog(self._db).shop_key()
        keys = {int(r[0]): f"{shop}-{r[0]}" for r in self._db.execute("SELECT id FROM customers")}
        for cid, value in self._db.execute(
            "SELECT customer_id, value FROM identifiers WHERE system = ? ORDER BY id DESC",
            [GREETER],
        ):
            keys[int(cid)] = str(value)
        return keys

    def customers(self) -> Iterator[CustomerForExport]:
        db = self._db
        keys = self.customer_keys()
        phones = _grouped(db, "SELECT customer_id, e164, display FROM customer_phones ORDER BY id")
        emails = _grouped(db, "SELECT customer_id, email FROM customer_emails ORDER BY id")
        ids = _grouped(db, "SELECT customer_id, system, value FROM identifiers ORDER BY id")
        tags = _grouped(db, "SELECT customer_id, tag FROM customer_tags ORDER BY tag")
        consent: dict[tuple[int, str], bool] = {
            (int(r[0]), str(r[1])): bool(r[2])
            for r in db.execute(
                "SELECT customer_id, channel, granted FROM consents WHERE id IN"
                " (SELECT max(id) FROM consents GROUP BY customer_id, channel)"
            )
        }
        for r in db.execute(
            "SELECT id, preferred_name, full_name, pronunciation, birth_month, birth_day,"
            " birth_year, created FROM customers ORDER BY id"
        ):
            cid = int(r[0])
            their_ids = [(str(s), str(v)) for s, v in ids.get(cid, ())]
            yield CustomerForExport(
                id=cid,
                key=keys[cid],
                preferred_name=r[1],
                full_name=r[2],
                pronunciation=r[3],
                birthday=Birthday(r[4], r[5], r[6]) if r[4] else None,
                created=r[7],
                phones=tuple(Phone(str(e), str(d)) for e, d in phones.get(cid, ())),
                emails=tuple(str(e) for (e,) in emails.get(cid, ())),
                cards=tuple(v for s, v in their_ids if s == CARD),
                other_ids=tuple((s, v) for s, v in their_ids if s not in (CARD, GREETER)),
                tags=tuple(str(t) for (t,) in tags.get(cid, ())),
                email_consent=consent.get((cid, "email")),
                sms_consent=consent.get((cid, "sms")),
            )

    def sales(self) -> Iterator[SaleLineForExport]:
        """Every purchase line (a lone row for a purchase without lines), oldest receipt first."""
        keys = self.customer_keys()
        for r in self._db.execute(
            """SELECT p.source, p.receipt_id, l.line_no, p.purchased_at, p.customer_id,
                coalesce(l.item, ''), coalesce(l.sku, ''), l.quantity, l.amount_cents,
                p.total_cents, p.currency
            FROM purchases p LEFT JOIN purchase_lines l ON l.purchase_id = p.id
            ORDER BY p.id, l.line_no"""
        ):
            yield SaleLineForExport(
                r[0], r[1], r[2], r[3], keys.get(r[4], "") if r[4] is not None else "",
                r[5], r[6], r[7], r[8], r[9], r[10],
            )  # fmt: skip


def _grouped(db: Database, sql: str) -> dict[int, list[tuple[object, ...]]]:
    """Rows of `sql` (customer_id first) grouped by customer, the rest of each row kept."""
    out: dict[int, list[tuple[object, ...]]] = {}
    for r in db.execute(sql):
        out.setdefault(int(r[0]), []).append(tuple(r[1:]))
    return out
