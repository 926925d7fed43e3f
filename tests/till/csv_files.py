"""Helpers for the import tests: writing CSV files as tills do, importing, looking inside."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from greeter.store import Store
from greeter.till.import_result import ImportResult
from greeter.till.importer import ImportOptions, run_import

# Tables whose contents an import may change; compared before and after in the tests.
DATA_TABLES = (
    "customers", "customer_phones", "customer_emails", "identifiers", "customer_tags",
    "consents", "notes", "purchases", "purchase_lines", "customer_items", "name_terms",
    "name_prefixes", "refunds_applied",
)  # fmt: skip
# What an import's summary calls the lines it keeps out of the items (report.charges_note).
CHARGES = "discounts, tips, gift cards, shipping, tax, fees, deposits, service charges or rounding"


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[str(c) for c in row] for row in rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding))
    return path


def load(store: Store, path: Path, kind: str, **options: object) -> ImportResult:
    return run_import(store, path, ImportOptions(kind, **options))  # type: ignore[arg-type]


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import touches, for before/after comparisons."""
    return {
        table: sorted(tuple(r) for r in store.db.execute(f"SELECT * FROM {table}"))
        for table in DATA_TABLES
    }


def count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def integrity_ok(store: Store) -> bool:
    return store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
