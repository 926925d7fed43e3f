"""Subject access: everything the shop's file holds about one customer, as JSON and HTML.

The tables come from the schema, not from a list: every column that refers to customers,
and every row that refers to those rows (purchase lines, note versions, …), so tables added
later are included without touching this module.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from greeter.core.audit import AuditEvent
from greeter.store.audit import AuditLog
from greeter.store.audit_schema import data_tables, quote, table_shape
from greeter.store.erasure import KEPT_TABLES, customer_references
from greeter.store.errors import NotFound, StoreError
from greeter.store.private_files import private_folder, write_whole

FORMAT = "greeter-subject-access/1"
SEARCH_INDEX = frozenset({"name_terms", "name_prefixes", "name_vocab"})

TITLES = {
    "customer_phones": "Phone numbers",
    "customer_emails": "Email addresses",
    "identifiers": "Cards and ids in other systems",
    "notes": "Notes",
    "note_versions": "Earlier versions",
    "follow_ups": "Follow-ups",
    "purchases": "Purchases",
    "purchase_lines": "Items",
    "consents": "Marketing consent",
    "customer_items": "Usually buys (worked out from purchases)",
    "customer_tags": "Tags",
    "audit": "When the record was looked at or changed",
}

Row = dict[str, Any]


def _value(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value


def _staff_names(db: Database) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM staff")}


def _rows(
    db: Database,
    table: str,
    where: str,
    params: Sequence[object],
    staff: dict[int, str],
    depth: int,
) -> list[Row]:
    shape = table_shape(db, table)
    key = "rowid" if shape.has_rowid else None
    select = f"SELECT {'rowid AS _rowid_, ' if key else ''}* FROM {quote(table)} WHERE {where}"
    cursor = db.execute(select, list(params))
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, map(_value, r), strict=True)) for r in cursor.fetchall()]
    staff_columns = [c for c, parent, _ in shape.foreign_keys if parent == "staff"]
    children = _children(db, table) if depth < 4 else []
    for row in found:
        rowid = row.pop("_rowid_", None)
        for column in staff_columns:
            label = column[:-3] if column.endswith("_id") else f"{column}_name"
            if label not in row and row[column] is not None:
                row[label] = staff.get(int(row[column]), f"#{row[column]}")
        for child, column, parent_column in children:
            parent_value = row.get(parent_column) if parent_column else rowid
            if parent_value is None:
                continue
            nested = _rows(db, child, f"{quote(column)} = ?", [parent_value], staff, depth + 1)
            if nested:
                row[child] = nested
    return found


def _children(db: Database, table: str) -> list[tuple[str, str, str | None]]:
    """(child table, its column, the parent column it refers to) for rows below `table`."""
    found = []
    for child in data_tables(db):
        if child in KEPT_TABLES or child in SEARCH_INDEX:
            continue
        for column, parent, parent_column in table_shape(db, child).foreign_keys:
            if parent == table and "customer_id" not in table_shape(db, child).columns:
                found.append((child, column, parent_column))
    return found


def collect(db: Database, customer_id: int, shop_name: str = "") -> dict[str, Any]:
    """Everything held about the customer, ready for `json.dumps`."""
    staff = _staff_names(db)
    profile = _rows(db, "customers", "id = ?", [customer_id], staff, 4)
    if not profile:
        raise NotFound(f"There is no customer with id {customer_id}.")
    tables: dict[str, list[Row]] = {}
    for table, column, _ in customer_references(db):
        if table in SEARCH_INDEX:
            continue
        found = _rows(db, table, f"{quote(column)} = ?", [customer_id], staff, 0)
        if found:
            tables[table if column == "customer_id" else f"{table}.{column}"] = found
    search_terms = [
        str(r[0])
        for r in db.execute(
            "SELECT term FROM name_terms WHERE customer_id = ? ORDER BY term", [customer_id]
        )
    ]
    audit = [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "table": e.table_name,
            "row": e.row_id,
            "detail": e.detail,
        }
        for e in reversed(AuditLog(db).entries(customer_id=customer_id, limit=None))
    ]
    return {
        "format": FORMAT,
        "generated_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "shop": shop_name,
        "customer_id": customer_id,
        "profile": profile[0],
        "tables": tables,
        "search_terms": search_terms,
        "audit": audit,
    }


# -- the readable page --

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border: 1px solid #ddd; }
th { background: #f4f4f6; font-weight: 600; }
table table { margin: 0; font-size: .92em; }
td.empty { color: #888; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
               h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _title(key: str) -> str:
    table = key.split(".", 1)[0]
    return TITLES.get(table, table.replace("_", " ").capitalize())


def _cell(value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return _table(value)
    if isinstance(value, Mapping | list):
        return html.escape(json.dumps(value, ensure_ascii=False))
    if value is None or value == "":
        return ""
    return html.escape(str(value))


def _table(found: Sequence[Mapping[str, Any]]) -> str:
    columns: list[str] = []
    for row in found:
        columns += [c for c in row if c not in columns]
    head = "".join(f"<th>{html.escape(_title(c) if c in TITLES else c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>"
        for row in found
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: Mapping[str, Any]) -> str:
    profile = data["profile"]
    name = profile.get("preferred_name") or f"customer {data['customer_id']}"
    shop = data.get("shop") or "the shop"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Data held about customer {int(data['customer_id'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>What {html.escape(shop)} holds about {html.escape(str(name))}</h1>",
        f'<p class="meta">Customer number {int(data["customer_id"])} · written '
        f"{html.escape(str(data['generated_at']))}</p>",
        "<h2>Profile</h2>",
        "<table><tbody>"
        + "".join(
            f"<tr><th>{html.escape(k)}</th><td>{_cell(v)}</td></tr>" for k, v in profile.items()
        )
        + "</tbody></table>",
    ]
    for key, found in data["tables"].items():
        parts += [f"<h2>{html.escape(_title(key))}</h2>", _table(found)]
    if data.get("search_terms"):
        parts += [
            "<h2>Words the name is found by</h2>",
            f"<p>{html.escape(', '.join(data['search_terms']))}</p>",
        ]
    parts += [f"<h2>{html.escape(TITLES['audit'])}</h2>"]
    parts.append(_table(data["audit"]) if data["audit"] else '<p class="empty">None.</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


class ExportRefused(StoreError):
    pass


class AlreadyExported(ExportRefused):
    """A file of that name is already in the folder; replacing it must be asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; choose another folder or replace it.")
        self.path = path


def _export_folder(out_dir: Path, names: Sequence[str], *, replace: bool) -> list[Path]:
    """The export's paths in `out_dir` (made if missing), refused before anything is written
    when `out_dir` is a file or, unless `replace`, one of them is already there."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportRefused(
            f"{out_dir} is a file, not a folder: give the folder to write "
            f"{' and '.join(names)} into."
        )
    private_folder(out_dir)
    paths = [out_dir / name for name in names]
    for path in paths:
        if path.is_dir():
            raise ExportRefused(f"{path} is a folder; choose another folder to write into.")
        if path.exists() and not replace:
            raise AlreadyExported(path)
    return paths


def export_customer(
    db: Database, customer_id: int, out_dir: Path, shop_name: str = "", *, replace: bool = True
) -> tuple[Path, Path]:
    """Write customer-N.json and customer-N.html (owner-only files), both or
    neither (a full disk leaves no part of the export behind), and record the export.
    Unless `replace`, a folder already holding either file is refused (AlreadyExported)."""
    data = collect(db, customer_id, shop_name)
    names = [f"customer-{customer_id}.json", f"customer-{customer_id}.html"]
    json_path, html_path = _export_folder(out_dir, names, replace=replace)
    with write_whole(json_path, html_path) as (json_out, html_out):
        json_out.write(json.dumps(data, ensure_ascii=False, indent=2))
        html_out.write(render_html(data))
    AuditLog(db).record(
        AuditEvent.EXPORT, customer_id=customer_id, detail={"kind": "subject_access"}
    )
    return json_path, html_path
