"""Customer numbers: never given twice, and what a number no longer in use became.

A number freed by an erasure or a merge is never given to someone new: audit trails,
privacy exports, `--id` and notes saying "#14" must never reach another person."""

from __future__ import annotations

import contextlib
import sqlite3

from sqlite_utils import Database

from greeter.store import rows
from greeter.store.errors import MergedAway, NotFound

# The number after the highest ever given (customer_numbers), never one of someone erased or
# merged away; max(id) too, for rows loaded in bulk.
NEXT_NUMBER = (
    "(SELECT max(highest, coalesce((SELECT max(id) FROM customers), 0)) + 1 FROM customer_numbers)"
)


def keep_numbers_given(db: Database, highest: int) -> None:
    """Never give a customer number up to `highest` to a new customer: one just given, those
    loaded in bulk, or those an erasure ledger brought back with a restored backup (people
    erased since it was made)."""
    db.execute("UPDATE customer_numbers SET highest = max(highest, ?)", [highest])


# Where a file writes the numbers it gave, each read alone: a damaged file may still answer
# some, and an older one may not have every table.
_NUMBERS_GIVEN = (
    "SELECT highest FROM customer_numbers",
    "SELECT max(id) FROM customers",
    "SELECT max(customer_id) FROM audit",
    "SELECT max(merged_id) FROM merges",
    "SELECT max(customer_id) FROM erasures",
)


def numbers_given(conn: sqlite3.Connection) -> int:
    """The highest customer number the file on `conn` has given (0: none), from whatever
    part of it can still be read: a restore keeps it from being given again."""
    highest = 0
    for sql in _NUMBERS_GIVEN:
        with contextlib.suppress(sqlite3.Error, TypeError, ValueError):
            highest = max(highest, int(conn.execute(sql).fetchone()[0] or 0))
    return highest


def missing_customer(db: Database, customer_id: int) -> NotFound:
    """Why no customer has this number: merged into someone (MergedAway, naming them and
    when), else simply none. An erased customer's number says no more than that."""
    # A merge record's kept_id follows later merges, and goes when that customer is erased.
    merged = db.execute(
        "SELECT m.kept_id, m.merged_at, c.preferred_name, c.full_name FROM merges m"
        " JOIN customers c ON c.id = m.kept_id WHERE m.merged_id = ? ORDER BY m.id DESC LIMIT 1",
        [customer_id],
    ).fetchone()
    if merged is None:
        return NotFound(f"There is no customer with id {customer_id}.")
    kept_id, at, preferred, full = merged
    when = rows.when(str(at)) or rows.now()
    return MergedAway(
        f"Customer {customer_id} was merged into {full or preferred} (#{kept_id}) on "
        f"{when:%-d %B %Y}.",
        customer_id,
        int(kept_id),
    )
