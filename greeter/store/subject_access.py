"""Subject access: everything the shop's file holds about one customer, as JSON and HTML.

The tables come from the schema, not from a list: every column that refers to customers,
and every row that refers to those rows (purchase lines, note versions, …), so tables added
later are included without touching this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeGuard

from sqlite_utils import Database

from greeter.core.audit import OTHER_CUSTOMER, AuditEvent
from greeter.core.subject_words import Wording, audit_words, when_words
from greeter.store.audit import AuditLog
from greeter.store.audit_schema import TableShape, data_tables, quote, table_shape
from greeter.store.customer_numbers import missing_customer
from greeter.store.erasure import KEPT_TABLES, customer_references
from greeter.store.errors import StoreError
from greeter.store.links import Links
from greeter.store.private_files import private_folder, write_whole
from greeter.store.settings import SettingsStore

FORMAT = "greeter-subject-access/1"
SEARCH_INDEX = frozenset({"name_terms", "name_prefixes", "name_vocab"})
# Written where the export would give another customer's number (a link's other side, the
# trail of a change to a link): their number is part of their record, not this customer's.
ANOTHER_CUSTOMER = "another customer"

TITLES = {
    "customer_phones": "Phone numbers",
    "customer_emails": "Email addresses",
    "identifiers": "Cards and ids in other systems",
    "notes": "Notes",
    "note_versions": "Earlier versions",
    "follow_ups": "Follow-ups",
    "purchases": "Purchases",
    "purchase_lines": "Items",
    "refunds_waiting": "Items given back, not yet matched to their purchase",
    "consents": "Marketing consent",
    "customer_items": "Usually buys (worked out from purchases)",
    "customer_tags": "Tags",
    "customer_links": "Links to other customers",
    "preferences": "Preferences",
    "occasions": "Occasions",
    "greetings": "Times they were greeted at the counter",
    "merges": "Records merged into this one",
    "audit": "When the record was looked at or changed",
}

# The readable page's order: how to reach them, what staff wrote, then the rest.
_ORDER = (
    "customer_phones",
    "customer_emails",
    "identifiers",
    "notes",
    "follow_ups",
    "preferences",
    "occasions",
    "customer_tags",
    "customer_links",
    "consents",
    "purchases",
    "refunds_waiting",
    "customer_items",
    "greetings",
    "merges",
)

Row = dict[str, Any]


def _value(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value


def _staff_names(db: Database) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM staff")}


def _own_numbers(db: Database, customer_id: int) -> frozenset[int]:
    """The customer's number, and those of records merged into theirs: all theirs."""
    merged = db.execute("SELECT merged_id FROM merges WHERE kept_id = ?", [customer_id])
    return frozenset({customer_id, *(int(r[0]) for r in merged)})


def _theirs(value: object, own: frozenset[int]) -> object:
    """`value` if it is no customer number or one of the customer's own, else the marker."""
    return ANOTHER_CUSTOMER if isinstance(value, int) and value not in own else value


class _Shapes:
    """Each table's shape and the tables below it, read once per request: a regular's 1,200
    receipts asked for them 38,000 times, a second and a half."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._shapes: dict[str, TableShape] = {}
        self._below: dict[str, list[tuple[str, str, str | None]]] = {}

    def of(self, table: str) -> TableShape:
        if table not in self._shapes:
            self._shapes[table] = table_shape(self._db, table)
        return self._shapes[table]

    def below(self, table: str) -> list[tuple[str, str, str | None]]:
        """(child table, its column, the parent column it refers to) for rows below `table`."""
        if table not in self._below:
            self._below[table] = [
                (child, column, parent_column)
                for child in data_tables(self._db)
                if child not in KEPT_TABLES and child not in SEARCH_INDEX
                for column, parent, parent_column in self.of(child).foreign_keys
                if parent == table and "customer_id" not in self.of(child).columns
            ]
        return self._below[table]


def _rows(
    db: Database,
    shapes: _Shapes,
    table: str,
    where: str,
    params: Sequence[object],
    staff: dict[int, str],
    depth: int,
    own: frozenset[int],
) -> list[Row]:
    """The rows, with the rows below them; staff by name beside their ids, and any other
    customer's number as ANOTHER_CUSTOMER (`own`: the customer's own numbers)."""
    shape = shapes.of(table)
    key = "rowid" if shape.has_rowid else None
    select = f"SELECT {'rowid AS _rowid_, ' if key else ''}* FROM {quote(table)} WHERE {where}"
    cursor = db.execute(select, list(params))
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, map(_value, r), strict=True)) for r in cursor.fetchall()]
    staff_columns = [c for c, parent, _ in shape.foreign_keys if parent == "staff"]
    customer_columns = {c for c, parent, _ in shape.foreign_keys if parent == "customers"}
    customer_columns |= {"customer_id"} & set(names)
    children = shapes.below(table) if depth < 4 else []
    for row in found:
        rowid = row.pop("_rowid_", None)
        for column in customer_columns:
            row[column] = _theirs(row[column], own)
        for column in staff_columns:
            label = column[:-3] if column.endswith("_id") else f"{column}_name"
            if label not in row and row[column] is not None:
                row[label] = staff.get(int(row[column]), f"#{row[column]}")
        for child, column, parent_column in children:
            parent_value = row.get(parent_column) if parent_column else rowid
            if parent_value is None:
                continue
            nested = _rows(db, shapes, child, f"{quote(column)} = ?", [parent_value], staff,
                           depth + 1, own)  # fmt: skip
            if nested:
                row[child] = nested
    return found


def _money(locale: str) -> Callable[[int, str], str]:
    from greeter.money import money_format  # QtCore writes amounts as the shop's locale does

    return money_format(locale)


def _add_links(db: Database, customer_id: int, tables: dict[str, list[Row]]) -> None:
    """Each link to another customer names them the way their card shows the link, by their
    preferred name only ("mother of Cillian", "child of Siobhán"): the customer is party to
    the link, while the rest of the other customer's record is theirs, not to be disclosed."""
    links = {link.id: link for link in Links(db).for_customer(customer_id)}
    for key, found in tables.items():
        if key.split(".", 1)[0] == "customer_links":
            for row in found:
                link = links.get(int(row["id"]))
                if link is not None:
                    row["other_name"] = link.other_name
                    row["reads"] = link.text()


def _add_words(shapes: _Shapes, table: str, found: list[Row], wording: Wording) -> None:
    """Give each row (and the rows below it) `readable`: itself as its customer reads it."""
    shape = shapes.of(table)
    hidden = {"id", "customer_id", *(column for column, _, _ in shape.foreign_keys)}
    for row in found:
        row["readable"] = wording.row(table, row, hidden)
        currency = str(row.get("currency") or wording.currency)  # a purchase's, for its lines
        for child, nested in row.items():
            if _is_rows(nested):
                _add_words(shapes, child, nested, dataclasses.replace(wording, currency=currency))


def _is_rows(value: object) -> TypeGuard[list[Row]]:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def collect(db: Database, customer_id: int, shop_name: str = "") -> dict[str, Any]:
    """Everything held about the customer, ready for `json.dumps`: the file's own columns,
    and beside them `readable` (each row as the customer reads it) and the other customer's
    preferred name on each link."""
    settings = SettingsStore(db).load()
    wording = Wording(_money(settings.locale), settings.currency)
    staff = _staff_names(db)
    own = _own_numbers(db, customer_id)
    shapes = _Shapes(db)
    profile = _rows(db, shapes, "customers", "id = ?", [customer_id], staff, 4, own)
    if not profile:
        raise missing_customer(db, customer_id)
    _add_words(shapes, "customers", profile, wording)
    tables: dict[str, list[Row]] = {}
    for table, column, _ in customer_references(db):
        if table in SEARCH_INDEX:
            continue
        found = _rows(db, shapes, table, f"{quote(column)} = ?", [customer_id], staff, 0, own)
        if found:
            tables[table if column == "customer_id" else f"{table}.{column}"] = found
    _add_links(db, customer_id, tables)
    for key, found in tables.items():
        _add_words(shapes, key.split(".", 1)[0], found, wording)
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
            "detail": {
                key: _theirs(value, own) if key == OTHER_CUSTOMER else value
                for key, value in e.detail.items()
            },
            "by": e.staff_name,
            "readable": {
                "When": when_words(e.at.isoformat()),
                "What": audit_words(e.action, e.table_name, e.detail),
                "By": e.staff_name,
            },
        }
        for e in reversed(AuditLog(db).entries(customer_id=customer_id, limit=None))
    ]
    generated_at = dt.datetime.now().replace(microsecond=0).isoformat()
    return {
        "format": FORMAT,
        "generated_at": generated_at,
        "written": when_words(generated_at),
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
td { white-space: pre-wrap; }
p.empty { color: #888; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
               h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _title(key: str) -> str:
    table = key.split(".", 1)[0]
    return TITLES.get(table, table.replace("_", " ").capitalize())


def _sections(tables: Mapping[str, list[Row]]) -> list[tuple[str, list[Row]]]:
    """The rows of each table, a table's links in both directions as one section."""
    grouped: dict[str, list[Row]] = {}
    for key, found in tables.items():
        grouped.setdefault(key.split(".", 1)[0], []).extend(found)
    last = len(_ORDER)
    return sorted(
        grouped.items(), key=lambda s: (_ORDER.index(s[0]) if s[0] in _ORDER else last, s[0])
    )


def _table(found: Sequence[Mapping[str, Any]]) -> str:
    """Rows as their customer reads them; the rows below each (a purchase's items, a note's
    earlier versions) as a table in its last columns."""
    headings: list[str] = []
    nested: list[str] = []
    for row in found:
        headings += [h for h in row.get("readable", {}) if h not in headings]
        nested += [k for k, v in row.items() if _is_rows(v) and k not in nested]
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headings + [_title(k) for k in nested])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(row.get('readable', {}).get(h, ''))}</td>" for h in headings)
        + "".join(f"<td>{_table(row[k]) if _is_rows(row.get(k)) else ''}</td>" for k in nested)
        + "</tr>"
        for row in found
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: Mapping[str, Any]) -> str:
    profile = data["profile"]
    name = html.escape(str(profile.get("preferred_name") or f"customer {data['customer_id']}"))
    shop = html.escape(data.get("shop") or "the shop")
    written = html.escape(str(data.get("written") or data["generated_at"]))
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>What {shop} holds about {name}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>What {shop} holds about {name}</h1>",
        f'<p class="meta">Customer number {int(data["customer_id"])} · written {written}</p>',
        f"<p>This is everything {shop} keeps about {name} in its customer file. The JSON "
        "file written with this page holds the same for a computer, with the shop's own "
        "reference numbers.</p>",
        "<h2>Details</h2>",
        "<table><tbody>"
        + "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in profile.get("readable", {}).items()
        )
        + "</tbody></table>",
    ]
    for table, found in _sections(data["tables"]):
        parts += [f"<h2>{html.escape(_title(table))}</h2>", _table(found)]
        if table == "customer_links":
            parts.append(
                '<p class="meta">Other customers are named only by the name they go by: '
                "nothing else from their records is in this copy.</p>"
            )
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
    with write_whole(html_path, json_path) as (html_out, json_out):
        html_out.write(render_html(data))
        json_out.write(json.dumps(data, ensure_ascii=False, indent=2))
    AuditLog(db).record(
        AuditEvent.EXPORT, customer_id=customer_id, detail={"kind": "subject_access"}
    )
    return json_path, html_path
