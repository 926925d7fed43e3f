"""The erasure ledger: that someone was erased, without personal data.

Each entry keeps the old customer number and keyed hashes (HMAC-SHA256 with the file's
random `erasure_secret`) of what identified them: cards and till ids, emails, phones, names,
and their number with its creation time. The ledger lives in the `erasures` table and is
mirrored beside the file (`greeter.db.erasures.json`, with the secrets) so a restored backup
can be recognised and erased again even when the file it replaced is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets as random_secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from greeter.core.text import search_terms
from greeter.store.database import write
from greeter.store.errors import StoreError
from greeter.store.private_files import shortened, write_whole

SECRET_KEY = "erasure_secret"
OLD_SECRET_PREFIX = "erasure_secret."
SIDECAR_SUFFIX = ".erasures.json"
STRONG_KINDS = frozenset({"id"})
NAME_KIND = "name"
NAME_AND_KINDS = frozenset({"fp", "phone", "email"})


class DamagedLedger(StoreError):
    pass


class LedgerNotWritten(StoreError):
    """The ledger beside the file could not be written; the one in the file still counts."""


@dataclass(frozen=True)
class LedgerEntry:
    ref: str
    at: str
    by_staff_id: int | None
    customer_id: int
    key_id: str
    hashes: tuple[str, ...]


@dataclass
class Ledger:
    """Erasure entries, with the secrets their hashes were keyed with (by key id)."""

    entries: dict[str, LedgerEntry] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)

    def merge(self, other: Ledger) -> None:
        for ref, entry in other.entries.items():
            self.entries.setdefault(ref, entry)
        for key_id, secret in other.secrets.items():
            self.secrets.setdefault(key_id, secret)


# -- the keyed hashes --


def key_id(secret: str) -> str:
    return hashlib.sha256(("greeter-erasure-key:" + secret).encode()).hexdigest()[:16]


def mac(secret: str, kind: str, value: str) -> str:
    digest = hmac.new(bytes.fromhex(secret), f"{kind}\0{value}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:40]}"


def current_secret(db: Database) -> str:
    r = db.execute("SELECT value FROM settings WHERE key = ?", [SECRET_KEY]).fetchone()
    if r is not None:
        return str(r[0])
    secret = random_secrets.token_hex(32)
    with write(db):
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [SECRET_KEY, secret])
    return secret


def known_secrets(db: Database) -> dict[str, str]:
    """Key id → secret, for the file's secret and any adopted from a replaced file."""
    return {
        key_id(str(value)): str(value)
        for (value,) in db.execute(
            "SELECT value FROM settings WHERE key = ? OR key LIKE ?",
            [SECRET_KEY, OLD_SECRET_PREFIX + "%"],
        )
    }


def fingerprint_values(
    db: Database, customer_ids: Sequence[int]
) -> dict[int, set[tuple[str, str]]]:
    """(kind, normalised value) pairs that identify each customer."""
    values: dict[int, set[tuple[str, str]]] = {cid: set() for cid in customer_ids}
    if not customer_ids:
        return values
    marks = ",".join("?" * len(customer_ids))
    queries = (
        ("fp", "id", "id || '|' || created", "customers"),
        ("id", "customer_id", "system || '|' || value", "identifiers"),
        ("email", "customer_id", "lower(email)", "customer_emails"),
        ("phone", "customer_id", "e164", "customer_phones"),
    )
    for kind, owner, value_sql, table in queries:
        sql = f"SELECT {owner}, {value_sql} FROM {table} WHERE {owner} IN ({marks})"
        for cid, value in db.execute(sql, list(customer_ids)):
            values[int(cid)].add((kind, str(value)))
    for cid, preferred, full in db.execute(
        f"SELECT id, preferred_name, full_name FROM customers WHERE id IN ({marks})",
        list(customer_ids),
    ):
        values[int(cid)] |= _names(str(preferred), str(full))
    return values


def _names(*names: str) -> set[tuple[str, str]]:
    return {(NAME_KIND, folded) for name in names if (folded := " ".join(search_terms(name)))}


def described_values(
    *,
    ids: Iterable[tuple[str, str]],
    emails: Iterable[str],
    phones: Iterable[str],
    names: Iterable[str],
    number_and_created: tuple[int, str] | None = None,
) -> set[tuple[str, str]]:
    """The pairs `fingerprint_values` reads from the file, for someone described outside it
    (a row of a till's customer file): (system, value) ids, cards as ("card", code) among
    them; E.164 phones; their number and creation stamp when the row gives this shop's."""
    values = {("id", f"{system}|{value}") for system, value in ids}
    values |= {("email", email.lower()) for email in emails}
    values |= {("phone", phone) for phone in phones}
    values |= _names(*names)
    if number_and_created is not None:
        values.add(("fp", "|".join(map(str, number_and_created))))
    return values


def keyed_hashes(secret: str, values: Iterable[tuple[str, str]]) -> set[str]:
    return {mac(secret, kind, value) for kind, value in values}


def matches(entry: LedgerEntry, hashes: set[str]) -> bool:
    """The same person: the same card or till id, or the same name together with the same
    number-and-creation-time, phone or email. A shared household phone or email, or a
    reused customer number, never erases someone else on its own."""
    hits = {h.split(":", 1)[0] for h in hashes & set(entry.hashes)}
    return bool(hits & STRONG_KINDS) or (NAME_KIND in hits and bool(hits & NAME_AND_KINDS))


# -- the ledger, in the file and beside it --


def read_ledger(db: Database) -> Ledger:
    """The erasures this file records, with its secrets. Call it on the live file before a
    restore replaces it, and pass the result to `reapply_erasures`."""
    ledger = Ledger(secrets=known_secrets(db))
    for ref, at, by, cid, kid, hashes in db.execute(
        "SELECT ref, at, by_staff_id, customer_id, key_id, hashes FROM erasures ORDER BY id"
    ):
        ledger.entries[ref] = LedgerEntry(ref, at, by, int(cid), kid, tuple(json.loads(hashes)))
    return ledger


def database_file(db: Database) -> Path | None:
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def sidecar_path(db_path: Path) -> Path:
    # A long name is cut short, as every file Greeter names after the shop's.
    return db_path.with_name(shortened(db_path.name, len(SIDECAR_SUFFIX)) + SIDECAR_SUFFIX)


def read_sidecar(db_path: Path) -> Ledger:
    """The ledger kept beside the file (empty if there is none)."""
    path = sidecar_path(db_path)
    if not path.exists():
        return Ledger()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Ledger(
            entries={
                e["ref"]: LedgerEntry(
                    str(e["ref"]),
                    str(e["at"]),
                    e["by_staff_id"],
                    int(e["customer_id"]),
                    str(e["key_id"]),
                    tuple(e["hashes"]),
                )
                for e in data.get("erasures", [])
            },
            secrets={str(k): str(v) for k, v in data.get("secrets", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise DamagedLedger(
            f"The erasure ledger {path} cannot be read ({error}). Restore it from the "
            "backup folder if a copy is there; the ledger inside the database still counts."
        ) from error


def write_sidecar(db_path: Path, ledger: Ledger) -> None:
    """Write the mirror whole (scratch file, fsync, rename), readable by the owner only."""
    path = sidecar_path(db_path)
    data = {
        "format": "greeter-erasures/1",
        "note": "Erasures without personal data, kept beside the database so a restored "
        "backup can be re-erased. Keep it with the database; do not edit.",
        "secrets": ledger.secrets,
        "erasures": [vars(e) | {"hashes": list(e.hashes)} for e in ledger.entries.values()],
    }
    with write_whole(path) as (out,):
        json.dump(data, out, indent=1)


def insert_entry(db: Database, entry: LedgerEntry) -> None:
    db.execute(
        "INSERT OR IGNORE INTO erasures (ref, at, by_staff_id, customer_id, key_id, hashes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            entry.ref,
            entry.at,
            entry.by_staff_id,
            entry.customer_id,
            entry.key_id,
            json.dumps(list(entry.hashes)),
        ],
    )


def mirror(db: Database) -> None:
    """Write the file's ledger beside it, with what the one there holds; LedgerNotWritten
    when that fails (a full disk, a folder that cannot be written)."""
    path = database_file(db)
    if path is None:
        return
    ledger = read_ledger(db)
    with contextlib.suppress(DamagedLedger):  # rewritten from the file's own ledger
        ledger.merge(read_sidecar(path))
    try:
        write_sidecar(path, ledger)
    except OSError as error:
        raise LedgerNotWritten(
            f"The erasure ledger beside the shop's file ({sidecar_path(path)}) could not be "
            f"written ({error.strerror or error}); the ledger inside the file still counts. "
            "Free some space on that disk or make its folder writable, then run `greeter privacy "
            "reapply` to write it."
        ) from error


def mirror_if_behind(db: Database) -> None:
    """`mirror` when the ledger beside the file lacks an erasure the file records: one
    stopped between its commit and writing the ledger (killed, a power cut) left it behind.
    Cheap enough for every opening: nothing is read beside a file that has no erasures. A
    ledger there that cannot be read is left for `reapply`, which says so."""
    path = database_file(db)
    if path is None or not db.table("erasures").exists():
        return
    refs = {str(r[0]) for r in db.execute("SELECT ref FROM erasures")}
    if not refs:
        return
    try:
        beside = read_sidecar(path)
    except DamagedLedger:
        return
    if not refs <= beside.entries.keys():
        mirror(db)


class ErasedPeople:
    """The people a ledger says were erased, recognised by what identified them (the rule
    of `matches`): in the file after a restore, or in a till's customer file."""

    def __init__(self, ledger: Ledger) -> None:
        self.unkeyed: list[LedgerEntry] = []  # their key is lost: only the old number is left
        by_key: dict[str, list[LedgerEntry]] = {}
        for entry in ledger.entries.values():
            if entry.key_id in ledger.secrets:
                by_key.setdefault(entry.key_id, []).append(entry)
            else:
                self.unkeyed.append(entry)
        # For each key: its secret, and the entries holding each hash.
        self._keys: list[tuple[str, dict[str, list[LedgerEntry]]]] = []
        for kid, entries in by_key.items():
            holders: dict[str, list[LedgerEntry]] = {}
            for entry in entries:
                for h in entry.hashes:
                    holders.setdefault(h, []).append(entry)
            self._keys.append((ledger.secrets[kid], holders))

    def __bool__(self) -> bool:
        return bool(self._keys or self.unkeyed)

    def match(
        self, values: Iterable[tuple[str, str]], since: str | None = None
    ) -> LedgerEntry | None:
        """The entry of the erased person these (kind, value) pairs identify, if any; with
        `since` (when a customer in the file was added), only one erased after that: someone
        added after their erasure came back, and is a new customer."""
        values = set(values)
        for secret, holders in self._keys:
            hashes = keyed_hashes(secret, values)
            candidates = {e.ref: e for h in hashes for e in holders.get(h, ())}
            for entry in candidates.values():
                if (since is None or since <= entry.at) and matches(entry, hashes):
                    return entry
        return None


def erased_people(db: Database) -> ErasedPeople:
    """Everyone this file's ledger says was erased."""
    return ErasedPeople(read_ledger(db))


def matching_customers(db: Database, ledger: Ledger) -> dict[int, str]:
    """Customer id → the ledger entry (ref) that says they were erased."""
    created = {int(r[0]): str(r[1]) for r in db.execute("SELECT id, created FROM customers")}
    values = fingerprint_values(db, list(created))
    people = ErasedPeople(ledger)
    found: dict[int, str] = {}
    for entry in people.unkeyed:
        # The key is lost: only the old number is left to go by.
        if entry.customer_id in created and created[entry.customer_id] <= entry.at:
            found.setdefault(entry.customer_id, entry.ref)
    for cid, since in created.items():
        if cid not in found and (match := people.match(values[cid], since)) is not None:
            found[cid] = match.ref
    return found
