"""The audit trail's tables and the triggers that write it, generated from the live schema.

Every data table gets AFTER INSERT/UPDATE/DELETE triggers that append one `audit` row per
changed row: who (`greeter_actor()`), what (table, row id, changed column names), which
customer (a link between two customers names the other one in its detail, so the change is
on both customers' trails). Values are never copied, so note text, names and PIN hashes cannot
leak into the trail. A migration that adds or changes a table (and every `table.transform()`,
which drops triggers) must call `create_audit_triggers(db)` again at its end; a test fails
otherwise.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.core.audit import OTHER_CUSTOMER
from greeter.store.session import ACTOR_FUNCTION, ROWS_FUNCTION, session

TRIGGER_PREFIX = "audit__"

# Tables whose rows are not audited one by one, and why.
NOT_AUDITED: dict[str, str] = {
    "audit": "the trail itself (append-only)",
    "erasures": "the erasure ledger (append-only); every erasure is also an audit record",
    "staff_pins": "PIN hashes and lockout counters; setting a PIN, wrong PINs and lockouts "
    "are recorded as events instead",
    "name_terms": "search index, derived from customers' names",
    "name_prefixes": "search index, derived from customers' names",
    "name_vocab": "search index, derived from customers' names",
    "customer_items": "derived from purchases",
    "rule_cache": "figures derived from purchases, recomputed daily",
    "customer_numbers": "the highest customer number given, moved by every new customer "
    "(whose own record is the audit record)",
    "purchase_lines": "audited at receipt level: each purchase is one record (a record per "
    "line made a 200,000-line import five times slower)",
}

# Columns the store recomputes from other audited rows; an update touching only these is
# not a change anyone made.
DERIVED_COLUMNS: dict[str, frozenset[str]] = {
    "customers": frozenset(
        {"visits", "first_visit", "last_visit", "lifetime_spend_cents", "search_rank"}
    ),
}

# A column whose value is a harmless code worth showing in the trail (never free text).
LABEL_COLUMNS: dict[str, str] = {"settings": "key", "identifiers": "system"}


def other_customer_sql(detail: str = "detail") -> str:
    """SQL for the other customer an audit record names, written as the index is."""
    return f"json_extract({detail}, '$.{OTHER_CUSTOMER}')"


OTHER_CUSTOMER_INDEX = (
    f"CREATE INDEX audit_other_customer ON audit({other_customer_sql()}, id)"
    f" WHERE {other_customer_sql()} IS NOT NULL"
)

CREATE_AUDIT = (
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        staff_id INTEGER,
        action TEXT NOT NULL,
        table_name TEXT,
        row_id INTEGER,
        customer_id INTEGER,
        detail TEXT
    )""",
    "CREATE INDEX audit_customer ON audit(customer_id, id)",
    "CREATE INDEX audit_staff ON audit(staff_id, id)",
    "CREATE INDEX audit_at ON audit(at)",
)


def append_only(table: str) -> tuple[str, str]:
    """Triggers that refuse every UPDATE and DELETE on `table`."""
    message = f"{table} is append-only: its records cannot be changed or removed."
    return tuple(  # type: ignore[return-value]
        f"""CREATE TRIGGER IF NOT EXISTS {table}_append_only_{verb.lower()}
        BEFORE {verb} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"""
        for verb in ("UPDATE", "DELETE")
    )


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class TableShape:
    name: str
    columns: tuple[str, ...]
    has_rowid: bool
    foreign_keys: tuple[tuple[str, str, str | None], ...]  # (column, parent table, parent column)


def table_shape(db: Database, name: str) -> TableShape:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
    return TableShape(
        name=name,
        columns=tuple(r[1] for r in db.execute(f"PRAGMA table_info({quote(name)})")),
        has_rowid=not re.search(r"\bWITHOUT\s+ROWID\b", sql or "", re.I),
        foreign_keys=tuple(
            (r[3], r[2], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({quote(name)})")
        ),
    )


def data_tables(db: Database) -> list[str]:
    """Ordinary tables that hold the shop's data (not SQLite's, not virtual, not shadow)."""
    rows = list(db.execute("SELECT name, type, sql FROM sqlite_master WHERE type = 'table'"))
    virtual = [r[0] for r in rows if (r[2] or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return sorted(
        r[0]
        for r in rows
        if not r[0].startswith(("sqlite_", "_sqlite"))
        and r[0] not in virtual
        and not any(r[0].startswith(v + "_") for v in virtual)
    )


def audited_tables(db: Database) -> list[str]:
    return [t for t in data_tables(db) if t not in NOT_AUDITED]


def _customer_columns(shape: TableShape) -> list[str]:
    """The columns of this table that point at a customer."""
    return [column for column, parent, _ in shape.foreign_keys if parent == "customers"]


def customer_expression(db: Database, shape: TableShape, row: str) -> str:
    """SQL for the customer a row of this table is about (`row` is NEW or OLD), or NULL."""
    if shape.name == "customers":
        return f"{row}.id"
    if "customer_id" in shape.columns:
        return f"{row}.customer_id"
    columns = _customer_columns(shape)
    if columns:
        return f"{row}.{quote(columns[0])}"
    for column, parent, parent_column in shape.foreign_keys:
        parent_shape = table_shape(db, parent)
        if "customer_id" in parent_shape.columns and (parent_column or parent_shape.has_rowid):
            key = quote(parent_column) if parent_column else "rowid"
            return f"(SELECT customer_id FROM {quote(parent)} WHERE {key} = {row}.{quote(column)})"
    return "NULL"


def other_customer_column(shape: TableShape) -> str | None:
    """The column naming a second customer the row is about besides the one
    `customer_expression` files it under (a link's other side), or None."""
    columns = _customer_columns(shape)
    if shape.name != "customers" and "customer_id" not in shape.columns:
        columns = columns[1:]  # the first is the one it is filed under
    others = [column for column in columns if column != "customer_id"]
    return others[0] if others else None


def _detail(shape: TableShape, row: str, changed: list[str] | None) -> str:
    parts: list[str] = []
    other = other_customer_column(shape)
    if other:
        parts.append(f"{literal(OTHER_CUSTOMER)}, {row}.{quote(other)}")
    if changed is not None:
        picks = " UNION ALL ".join(
            f"SELECT {literal(c)} AS c WHERE OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in changed
        )
        parts.append(f"'changed', (SELECT json_group_array(c) FROM ({picks}))")
    label = LABEL_COLUMNS.get(shape.name)
    if label and label in shape.columns:
        parts.append(f"{literal(label)}, {row}.{quote(label)}")
    return f"json_object({', '.join(parts)})" if parts else "NULL"


def _trigger(db: Database, shape: TableShape, event: str) -> str | None:
    row = "OLD" if event == "DELETE" else "NEW"
    when = f"{ROWS_FUNCTION}()"
    changed: list[str] | None = None
    if event == "UPDATE":
        changed = [c for c in shape.columns if c not in DERIVED_COLUMNS.get(shape.name, ())]
        if not changed:
            return None
        when += " AND (" + " OR ".join(f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in changed)
        when += ")"
    name = quote(f"{TRIGGER_PREFIX}{shape.name}__{event.lower()}")
    return f"""CREATE TRIGGER {name} AFTER {event} ON {quote(shape.name)}
    WHEN {when}
    BEGIN
        {_AUDIT_INSERT}
        VALUES ({_record(db, shape, event, row, changed)});
    END"""


_AUDIT_INSERT = "INSERT INTO audit (staff_id, action, table_name, row_id, customer_id, detail)"


def _record(
    db: Database, shape: TableShape, event: str, row: str, changed: list[str] | None
) -> str:
    """The values of the audit record of a change to `row` (NEW or OLD, or a table alias)."""
    row_id = f"{row}.rowid" if shape.has_rowid else "NULL"
    return f"""{ACTOR_FUNCTION}(), {literal(event.lower())}, {literal(shape.name)}, {row_id},
            {customer_expression(db, shape, row)}, {_detail(shape, row, changed)}"""


def drop_audit_triggers(db: Database) -> None:
    for (name,) in list(
        db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
            [TRIGGER_PREFIX.replace("_", "\\_") + "%"],
        )
    ):
        db.execute(f"DROP TRIGGER {quote(name)}")


def create_audit_triggers(db: Database) -> list[str]:
    """(Re)create the audit triggers of every data table; returns the tables covered.

    Run from a migration (inside its transaction). Safe to call again at any time."""
    drop_audit_triggers(db)
    tables = audited_tables(db)
    for table in tables:
        shape = table_shape(db, table)
        for event in ("INSERT", "UPDATE", "DELETE"):
            sql = _trigger(db, shape, event)
            if sql:
                db.execute(sql)
    return tables


@contextlib.contextmanager
def inserts_untriggered(db: Database, table: str) -> Iterator[None]:
    """While rows are unaudited (`rows_unaudited`: the caller records one summary instead),
    rows inserted into `table` inside the block skip its audit trigger altogether: SQLite
    runs a trigger's program for every row even when its WHEN is false, a third of the time
    an import took to store receipts. While rows are audited, this does nothing.

    The trigger is dropped and made again from its stored SQL inside the caller's
    transaction: no other connection sees it missing. Should the block raise, it is not
    made again here; the caller's transaction must roll back, which brings it back."""
    if session(db).audit_rows:
        yield
        return
    with _untriggered(db, table):
        yield


# Fewer rows than this are audited by the trigger (dropping it and making it again changes
# the schema, which every statement then reads again).
SETWISE_FROM = 200


def insert_audited(db: Database, table: str, sql: str, rows: Sequence[Sequence[object]]) -> None:
    """`executemany(sql, rows)`, an INSERT into `table` (a rowid table, the new rows taking
    rowids above every old one), audited with exactly the records its trigger writes, one
    per row in the rows' order: for many rows, set-wise after them, with the trigger dropped
    meanwhile (SQLite runs a trigger's program for each row: four fifths of the time of an
    import of new customers). Needs a transaction (see `inserts_untriggered`)."""
    if len(rows) < SETWISE_FROM:
        db.conn.executemany(sql, rows)
        return
    shape = table_shape(db, table)
    after = db.execute(f"SELECT coalesce(max(rowid), 0) FROM {quote(table)}").fetchone()[0]
    with _untriggered(db, table) as triggered:
        db.conn.executemany(sql, rows)
    if triggered and session(db).audit_rows:  # the trigger's WHEN
        db.execute(
            f"{_AUDIT_INSERT} SELECT {_record(db, shape, 'INSERT', 'NEW', None)}"
            f" FROM {quote(table)} AS NEW WHERE NEW.rowid > ? ORDER BY NEW.rowid",
            [after],
        )


@contextlib.contextmanager
def _untriggered(db: Database, table: str) -> Iterator[bool]:
    """Rows inserted into `table` inside the block skip its audit trigger altogether; yields
    whether it has one."""
    name = f"{TRIGGER_PREFIX}{table}__insert"
    found = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]
    ).fetchone()
    if found is None:
        yield False
        return
    if not db.conn.in_transaction:
        raise RuntimeError("Inserting without the audit trigger needs a transaction to put it back")
    db.execute(f"DROP TRIGGER {quote(name)}")
    yield True
    db.execute(found[0])


def stale_audit_triggers(db: Database) -> list[str]:
    """Data tables whose audit triggers are missing or out of date (a migration added a
    table or column without calling `create_audit_triggers`, or a transform dropped them)."""
    stored = {
        r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    stale = []
    for table in audited_tables(db):
        shape = table_shape(db, table)
        for event in ("INSERT", "UPDATE", "DELETE"):
            sql = _trigger(db, shape, event)
            name = f"{TRIGGER_PREFIX}{table}__{event.lower()}"
            if sql is not None and stored.get(name) != sql:
                stale.append(table)
                break
    return stale
