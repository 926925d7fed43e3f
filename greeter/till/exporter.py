"""Exporting customers or sales to CSV that the importer reads back unchanged, formula-safe."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.core.identify import normalise_phone
from greeter.core.models import Birthday, Phone
from greeter.store import Store
from greeter.store.exports import CustomerForExport, Exports, SaleLineForExport
from greeter.store.private_files import write_whole
from greeter.till.cells import escape_cell

CUSTOMER_COLUMNS = (
    "Greeter ID", "Preferred Name", "Full Name", "Pronunciation", "Birthday", "Email", "Phone",
    "Card", "Other IDs", "Tags", "Accepts Email Marketing", "Accepts SMS Marketing",
    "Customer Since",
)  # fmt: skip
SALES_COLUMNS = (
    "Source", "Receipt", "Line", "Date", "Greeter ID", "Item", "SKU", "Quantity", "Amount",
    "Receipt Total", "Currency",
)  # fmt: skip


def export_customers(store: Store, path: Path | str) -> int:
    """Write every customer to `path`; how many were written."""
    region = store.settings.load().region
    rows = (_customer_row(c, region) for c in Exports(store.db).customers())
    count = _write(Path(path), CUSTOMER_COLUMNS, rows)
    store.audit.record(AuditEvent.EXPORT, detail={"kind": "customers", "rows": count})
    return count


def export_sales(store: Store, path: Path | str) -> int:
    """Write every purchase line (one row per line) to `path`; how many rows were written."""
    count = _write(Path(path), SALES_COLUMNS, (_sale_row(s) for s in Exports(store.db).sales()))
    store.audit.record(AuditEvent.EXPORT, detail={"kind": "sales", "rows": count})
    return count


def birthday_text(birthday: Birthday | None) -> str:
    if birthday is None:
        return ""
    if birthday.year is None:
        return f"--{birthday.month:02d}-{birthday.day:02d}"
    return f"{birthday.year:04d}-{birthday.month:02d}-{birthday.day:02d}"


def money_text(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def quantity_text(quantity: float) -> str:
    return str(int(quantity)) if float(quantity).is_integer() else repr(float(quantity))


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _phone(phone: Phone, region: str) -> str:
    """As typed when that reads back as the same number, else the +country form."""
    return phone.display if normalise_phone(phone.display, region) == phone.e164 else phone.e164


def _customer_row(c: CustomerForExport, region: str) -> list[str]:
    return [
        c.key,
        c.preferred_name,
        c.full_name,
        c.pronunciation,
        birthday_text(c.birthday),
        "; ".join(c.emails),
        "; ".join(_phone(p, region) for p in c.phones),
        "; ".join(c.cards),
        "; ".join(f"{system}:{value}" for system, value in c.other_ids),
        ", ".join(c.tags),
        _flag(c.email_consent),
        _flag(c.sms_consent),
        c.created,
    ]


def _sale_row(s: SaleLineForExport) -> list[str]:
    return [
        s.source,
        s.receipt_id,
        "" if s.line_no is None else str(s.line_no),
        s.purchased_at,
        s.customer_key,
        s.item,
        s.sku,
        "" if s.quantity is None else quantity_text(s.quantity),
        "" if s.amount_cents is None else money_text(s.amount_cents),
        money_text(s.total_cents),
        s.currency,
    ]


def _write(path: Path, header: Sequence[str], rows: Iterable[list[str]]) -> int:
    """Write a scratch file beside `path`, then rename it: a half-written export never
    replaces a good one. Owner-only (0600), as it holds customers' details. UTF-8 with a BOM,
    so spreadsheet programs read accents right."""
    count = 0
    with write_whole(path, encoding="utf-8-sig", newline="") as (out,):
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([escape_cell(cell) for cell in row])
            count += 1
    return count
