"""Erasing a customer for good, and keeping them erased after a backup is restored.

`erase` deletes every row about the person, found from the schema (any column that refers
to customers, and the rows hanging off those), detaches their purchases so the shop's totals
stay, prunes the search vocabulary, and records a ledger entry without personal data: the
old customer number and keyed hashes (HMAC-SHA256 with the file's `erasure_secret`) of what
identified them. Then the file is scrubbed: secure_delete zeroes the freed space, VACUUM
rewrites every page and `wal_checkpoint(TRUNCATE)` empties the WAL.

`reapply_erasures(db)` runs the ledger again, e.g. after restoring an older backup. The
ledger is also mirrored next to the file (`greeter.db.erasures.json`), so it works even when
the file it replaced is gone.

What erasing cannot change is said before and after: notes on other customers that name
them (`greeter.store.notes.Notes.naming`) and copies outside the file (`Erasures.exports_of`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.core.audit import AuditEvent
from greeter.store import rows, session
from greeter.store.audit import AuditLog
from greeter.store.audit_schema import data_tables, quote, table_shape
from greeter.store.customer_numbers import keep_numbers_given, missing_customer
from greeter.store.database import DatabaseBusy, DiskFull, StorageProblem, translated, write
from greeter.store.erasure_ledger import (
    OLD_SECRET_PREFIX,
    Ledger,
    LedgerEntry,
    LedgerNotWritten,
    current_secret,
    database_file,
    fingerprint_values,
    insert_entry,
    key_id,
    keyed_hashes,
    matching_customers,
    mirror,
    read_ledger,
    read_sidecar,
)
from greeter.store.errors import StoreError
from greeter.store.private_files import megabytes

__all__ = [
    "KEPT_TABLES",
    "ErasureCounts",
    "ErasureResult",
    "ErasureUnfinished",
    "Erasures",
    "Export",
    "Ledger",
    "WIPE_BLOCKED",
    "customer_references",
    "erase_again",
    "finish_erasures",
    "read_ledger",
    "reapply_erasures",
    "scrub",
]

KEPT_TABLES = frozenset({"audit", "erasures"})  # they hold the old number, never personal data

WIPE_BLOCKED = (
    "another program still has the file open, so the old pages could not be wiped yet. "
    "Close other Greeter windows, then run `greeter privacy reapply` to finish."
)


class ErasureUnfinished(StoreError):
    """The erasures are saved, but a last step is not done (the wipe of the file, the ledger
    beside it): the message says which, and how to finish it. `erased`: who was erased."""

    def __init__(self, message: str, erased: list[int]) -> None:
        super().__init__(message)
        self.erased = erased


@dataclass(frozen=True)
class ErasureResult:
    customer_id: int
    rows_removed: dict[str, int]
    purchases_detached: int
    unwiped: str = ""  # why old pages may still hold their data, and what to do; "": none
    ledger_problem: str = ""  # why the ledger beside the file is not written; "": it is

    @property
    def file_clean(self) -> bool:
        return not self.unwiped

    @property
    def message(self) -> str:
        if self.file_clean:
            return "Their data is gone from the file."
        return f"Their data is deleted, but {self.unwiped}"


@dataclass(frozen=True)
class ErasureCounts:
    """What erasing a customer removes, rows by table as `erase` counts them in
    `rows_removed`, and the purchases it keeps without their name, to say before asking."""

    removed: dict[str, int]
    purchases: int

    @property
    def notes(self) -> int:
        return self.removed.get("notes", 0)

    @property
    def follow_ups(self) -> int:
        return self.removed.get("follow_ups", 0)


@dataclass(frozen=True)
class Export:
    """An export written earlier that may hold the customer: a file outside the shop's file,
    which erasing cannot reach."""

    at: dt.datetime
    kind: str  # "subject_access": their own data; "customers": the whole customer list


# -- deleting everything about one customer --


def customer_references(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, on_delete) for every column that names a customer."""
    found: list[tuple[str, str, str]] = []
    for table in data_tables(db):
        if table in KEPT_TABLES or table == "customers":
            continue
        shape = table_shape(db, table)
        fks = {
            r[3]: str(r[6]).upper()
            for r in db.execute(f"PRAGMA foreign_key_list({quote(table)})")
            if r[2] == "customers"
        }
        if "customer_id" in shape.columns:
            fks.setdefault("customer_id", "NO ACTION")
        found += [(table, column, action) for column, action in fks.items()]
    # A full-text index with its own copy of a customer's words (not an external-content
    # one, which follows its table) is cleared by its customer_id column.
    for (table,) in list(
        db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts%' AND sql NOT LIKE '%content=%'"
        )
    ):
        if "customer_id" in table_shape(db, table).columns:
            found.append((table, "customer_id", "NO ACTION"))
    return found


def _delete_rows(
    db: Database,
    table: str,
    where: str,
    params: list[object],
    removed: dict[str, int],
    depth: int = 0,
    *,
    count_only: bool = False,
) -> None:
    """Delete rows and, first, every row that refers to them (note versions, …); with
    `count_only`, count in `removed` what that would delete, and change nothing."""
    if depth > 8:
        raise RuntimeError(f"foreign keys nest too deep below {table}")
    for child in data_tables(db):
        if child in KEPT_TABLES:
            continue
        for r in db.execute(f"PRAGMA foreign_key_list({quote(child)})"):
            if r[2] != table:
                continue
            column, parent_column, on_delete = r[3], r[4] or "rowid", str(r[6]).upper()
            inner = f"SELECT {quote(parent_column)} FROM {quote(table)} WHERE {where}"
            if on_delete == "SET NULL":
                if not count_only:
                    db.execute(
                        f"UPDATE {quote(child)} SET {quote(column)} = NULL "
                        f"WHERE {quote(column)} IN ({inner})",
                        params,
                    )
            else:
                where_child = f"{quote(column)} IN ({inner})"
                _delete_rows(
                    db, child, where_child, params, removed, depth + 1, count_only=count_only
                )
    if count_only:
        n = db.execute(f"SELECT count(*) FROM {quote(table)} WHERE {where}", params).fetchone()[0]
    else:
        n = db.execute(f"DELETE FROM {quote(table)} WHERE {where}", params).rowcount
    if n:
        removed[table] = removed.get(table, 0) + n


def _remove_customer(
    db: Database, customer_id: int, *, count_only: bool = False
) -> tuple[dict[str, int], int]:
    """Delete the customer and every row about them, detaching their purchases: the rows
    removed by table, and how many purchases were detached. With `count_only`, say so and
    change nothing (the search vocabulary, shared with others, is not counted)."""
    removed: dict[str, int] = {}
    detached = 0
    for table, column, on_delete in customer_references(db):
        where = f"{quote(column)} = ?"
        if on_delete != "SET NULL":
            _delete_rows(db, table, where, [customer_id], removed, count_only=count_only)
        elif count_only:
            sql = f"SELECT count(*) FROM {quote(table)} WHERE {where}"
            detached += int(db.execute(sql, [customer_id]).fetchone()[0])
        else:
            sql = f"UPDATE {quote(table)} SET {quote(column)} = NULL WHERE {where}"
            detached += max(db.execute(sql, [customer_id]).rowcount, 0)
    if count_only:  # the rows below it are counted above: once is enough
        sql = "SELECT count(*) FROM customers WHERE id = ?"
        if db.execute(sql, [customer_id]).fetchone()[0]:
            removed["customers"] = 1
        return removed, detached
    _delete_rows(db, "customers", "id = ?", [customer_id], removed)
    # Every word nobody is called by any more: theirs, and those of the records merged into
    # theirs, which the merge took out of the name index but left here.
    cursor = db.execute(
        "DELETE FROM name_vocab "
        "WHERE NOT EXISTS (SELECT 1 FROM name_terms t WHERE t.term = name_vocab.term)"
    )
    if cursor.rowcount:
        removed["name_vocab"] = cursor.rowcount
    return removed, detached


def scrub(db: Database, *, vacuum: bool = True) -> bool:
    """Wipe deleted data from the file: rebuild full-text indexes and statistics that may
    hold copies, VACUUM (every page rewritten, so even text deleted before secure_delete
    was on is gone) and empty the WAL. False when another connection blocked it; a disk too
    full for the rewrite raises DiskFull, once the WAL has given back the room it took."""
    try:
        return _scrub(db, vacuum=vacuum)
    except DiskFull:
        with contextlib.suppress(StorageProblem), translated():
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raise


def needs_space(db: Database) -> str:
    """Why a disk too full for `scrub` leaves the file unwiped, and what to do."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    size = int(pages) * int(db.execute("PRAGMA page_size").fetchone()[0])
    return (
        "the final wipe of the file needs more free space on its disk (about "
        f"{megabytes(size)}): free some, then run `greeter privacy reapply` to finish."
    )


def _scrub(db: Database, *, vacuum: bool) -> bool:
    full_text = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts%'"
        )
    ]
    for name in full_text:
        with write(db):
            try:
                db.execute(f"INSERT INTO {quote(name)}({quote(name)}) VALUES ('rebuild')")
            except sqlite3.OperationalError:  # contentless: merge away deleted entries
                db.execute(f"INSERT INTO {quote(name)}({quote(name)}) VALUES ('optimize')")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").fetchone():
        with translated():
            db.execute("ANALYZE")
    try:
        with translated():
            if vacuum:
                # The WAL emptied into the file first: if the disk is too full to rewrite the
                # file, what VACUUM wrote to the WAL is all there is to give back.
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("VACUUM")
            busy, log, done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except DatabaseBusy:
        return False
    return bool(busy == 0 and log in (0, -1) and done in (0, -1))


class Erasures:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def counts(self, customer_id: int) -> ErasureCounts:
        """What `erase` would remove and keep, counted the way it deletes."""
        removed, detached = _remove_customer(self._db, customer_id, count_only=True)
        return ErasureCounts(removed, detached)

    def exports_of(self, customer_id: int) -> list[Export]:
        """Exports the audit trail records that may hold the customer, oldest first: their
        own data, and the customer list since they were first recorded."""
        return [
            Export(rows.when(str(at)) or rows.now(), str(kind))
            for at, kind in self._db.execute(
                "SELECT at, json_extract(detail, '$.kind') FROM audit WHERE action = 'export'"
                " AND (customer_id = :id OR (json_extract(detail, '$.kind') = 'customers'"
                " AND id > (SELECT coalesce(min(id), 0) FROM audit WHERE customer_id = :id)))"
                " ORDER BY id",
                {"id": customer_id},
            )
        ]

    def erase(self, customer_id: int, *, vacuum: bool = True) -> ErasureResult:
        """Remove the person; keep their purchases (detached) and a ledger entry."""
        db = self._db
        with write(db):
            if not db.execute("SELECT 1 FROM customers WHERE id = ?", [customer_id]).fetchone():
                raise missing_customer(db, customer_id)
            secret = current_secret(db)
            values = fingerprint_values(db, [customer_id])[customer_id]
            entry = LedgerEntry(
                ref=uuid.uuid4().hex,
                at=rows.stamp(rows.now()),
                by_staff_id=session.session(db).actor_id,
                customer_id=customer_id,
                key_id=key_id(secret),
                hashes=tuple(sorted(keyed_hashes(secret, values))),
            )
            insert_entry(db, entry)
            removed, detached = _remove_customer(db, customer_id)
            self._audit.record(
                AuditEvent.ERASE,
                customer_id=customer_id,
                detail={"rows": sum(removed.values()), "purchases_detached": detached},
            )
        # The erasure is saved: what fails from here on is said, never raised as if not.
        ledger_problem = ""
        try:
            mirror(db)
        except LedgerNotWritten as error:
            ledger_problem = str(error)
        try:
            unwiped = "" if scrub(db, vacuum=vacuum) else WIPE_BLOCKED
        except DiskFull:
            unwiped = needs_space(db)
        return ErasureResult(customer_id, removed, detached, unwiped, ledger_problem)

    def reapply(self, ledger: Ledger | None = None) -> list[int]:
        """Run the ledger again (see `reapply_erasures`) and wipe the file even if nobody
        needed erasing, finishing an erasure whose wipe another program blocked or a full
        disk stopped."""
        return reapply_erasures(self._db, ledger, wipe=True)

    def ledger(self) -> list[LedgerEntry]:
        return list(read_ledger(self._db).entries.values())


def reapply_erasures(
    db: Database, ledger: Ledger | None = None, *, wipe: bool = False
) -> list[int]:
    """Erase again everyone the ledger says was erased; returns the customer ids erased.

    Call it after restoring a backup. The ledger used is the restored file's own, the copy
    kept beside it, and `ledger` (read from the replaced file with `read_ledger` before the
    restore, when it could still be read). Entries the file lacks are added to it. A customer
    matches an entry when added before the erasure and has the same card or till id, or the
    same name together with the erased number and creation time, phone or email. The file
    is wiped when someone was erased (or `wipe`). Once the erasures are saved, a ledger
    beside the file that cannot be written or a disk too full to wipe the file raises
    ErasureUnfinished, saying so.
    """
    others = Ledger()  # besides the file's own
    path = database_file(db)
    if path is not None:
        others.merge(read_sidecar(path))
    if ledger is not None:
        others.merge(ledger)
    erased = list(erase_again(db, others))
    finish_erasures(db, erased, wipe=wipe)
    return erased


def erase_again(db: Database, ledger: Ledger) -> dict[int, str]:
    """The saving half of `reapply_erasures`, in one transaction: everyone `ledger` or the
    file's own says was erased is erased again (customer id → the entry that says so, in
    the order erased), and the entries and secrets the file lacks are added. Nothing beside
    the file is read or written and nothing is wiped: a restore runs it on the backup before
    it goes in place, and `finish_erasures` once it is."""
    merged = read_ledger(db)
    merged.merge(ledger)
    audit = AuditLog(db)
    with write(db):
        current = current_secret(db)
        for kid, secret in merged.secrets.items():
            if secret != current:
                db.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                    [OLD_SECRET_PREFIX + kid, secret],
                )
        for entry in merged.entries.values():
            insert_entry(db, entry)
        # Someone erased after the backup was made keeps their number: it is in the ledger.
        keep_numbers_given(db, max((e.customer_id for e in merged.entries.values()), default=0))
        erased = matching_customers(db, merged)
        for cid, ref in erased.items():
            _remove_customer(db, cid)
            audit.record(AuditEvent.ERASE, customer_id=cid, detail={"reapplied": ref})
    return erased


def finish_erasures(db: Database, erased: list[int], *, wipe: bool = False) -> None:
    """The last steps of `reapply_erasures`, on the shop's file once the erasures are saved
    in it: the ledger written beside it, and the file wiped when someone was erased (or
    `wipe`). A ledger that cannot be written or a disk too full for the wipe raises
    ErasureUnfinished, saying so."""
    unfinished = []
    try:
        mirror(db)
    except LedgerNotWritten as error:
        unfinished.append(str(error))
    try:
        if erased or wipe:
            scrub(db)
    except DiskFull:
        unfinished.append(f"Everything is saved, but {needs_space(db)}")
    if unfinished:
        raise ErasureUnfinished(" ".join(unfinished), erased)
