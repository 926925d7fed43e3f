"""The people who work the counter; every note and follow-up names one of them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.core.models import Staff
from greeter.core.text import clean_text
from greeter.store import rows, session
from greeter.store.database import write
from greeter.store.errors import Conflict, Invalid, NotFound

ROLES = ("owner", "manager", "staff")


class StaffStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, role: str = "staff", *, self_signed: bool = False) -> int:
        """Add a staff member; their id. Someone removed before comes back under their old id
        (the audit trail and their notes stay theirs), with this role and no PIN: the one
        they had is not brought back. `self_signed`: the audit trail names them as who added
        them (the shop's first owner, adding themselves: nobody else is there)."""
        name = clean_text(name)
        if not name:
            raise Invalid("A staff member needs a name.")
        if role not in ROLES:
            raise Invalid(f"Role must be one of {', '.join(ROLES)}, not “{role}”.")
        try:
            with write(self._db):
                removed = self._removed_id(name)
                # Their id is chosen first, for the insert's audit record to name them; the
                # write lock keeps it free until then.
                staff_id = removed or (self._next_id() if self_signed else None)
                with session.acting_as(self._db, staff_id if self_signed else None):
                    if removed:
                        self._db.execute("DELETE FROM staff_pins WHERE staff_id = ?", [removed])
                        self._db.execute(
                            "UPDATE staff SET active = 1, role = ? WHERE id = ?", [role, removed]
                        )
                        return removed
                    cursor = self._db.execute(
                        "INSERT INTO staff (id, name, role, created) VALUES (?, ?, ?, ?)",
                        [staff_id, name, role, rows.stamp(rows.now())],
                    )
        except sqlite3.IntegrityError:
            raise Conflict(f"There is already a staff member called {name}.") from None
        return int(cursor.lastrowid or 0)

    def was_removed(self, name: str) -> bool:
        """True if `name` was on the staff and was removed: adding them brings them back."""
        return self._removed_id(clean_text(name)) is not None

    def _removed_id(self, name: str) -> int | None:
        r = self._db.execute(
            "SELECT id FROM staff WHERE name = ? AND active = 0", [name]
        ).fetchone()
        return int(r[0]) if r else None

    def _next_id(self) -> int:
        return int(self._db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM staff").fetchone()[0])

    def all(self) -> list[Staff]:
        return [
            Staff(r[0], r[1], r[2])
            for r in self._db.execute(
                "SELECT id, name, role FROM staff WHERE active = 1 ORDER BY name"
            )
        ]

    def by_name(self, name: str) -> Staff:
        r = self._db.execute(
            "SELECT id, name, role FROM staff WHERE name = ? AND active = 1", [clean_text(name)]
        ).fetchone()
        if r is None:
            known = ", ".join(s.name for s in self.all()) or "none yet"
            raise NotFound(f"There is no staff member called “{name}” (staff: {known}).")
        return Staff(r[0], r[1], r[2])

    def ensure(self, name: str, role: str = "staff") -> Staff:
        """The named staff member, added first if the shop has not got them yet."""
        try:
            return self.by_name(name)
        except NotFound:
            return Staff(self.add(name, role), clean_text(name), role)


# -- who may use the shop, carried over a restore --


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str
    active: bool
    created: str


@dataclass(frozen=True)
class Roster:
    """Who may use a shop, as its file says: everyone ever on its staff (those removed too),
    and the PINs of those who have one, as stored (hash, when set, wrong tries, lock)."""

    members: tuple[Member, ...]
    pins: tuple[tuple[int, str, str, int, str | None], ...]  # staff id first

    def has_owner(self) -> bool:
        return any(m.active and m.role == "owner" for m in self.members)


@dataclass(frozen=True)
class RosterCarried:
    """What carrying a roster into a file changed there."""

    ids: dict[int, int]  # each member's id in the roster's file -> their id in this one
    removed: list[str]  # on this file's staff, not on the roster's: removed
    added: list[str]  # on the roster's staff, not on this file's: added, or back


def read_roster(db: Database) -> Roster:
    members = tuple(
        Member(int(r[0]), str(r[1]), str(r[2]), bool(r[3]), str(r[4]))
        for r in db.execute("SELECT id, name, role, active, created FROM staff ORDER BY id")
    )
    pins = tuple(
        (int(r[0]), str(r[1]), str(r[2]), int(r[3]), r[4])
        for r in db.execute(
            "SELECT staff_id, pin_hash, set_at, wrong_tries, locked_until FROM staff_pins"
        )
    )
    return Roster(members, pins)


def carry_roster(db: Database, roster: Roster, actor: int | None = None) -> RosterCarried:
    """Make `roster` this file's staff, in one write: the same people, roles, removals and
    PINs (PINs on or off with them). Notes and the audit trail here name staff by this
    file's ids, so someone this file knows (by name) keeps their id here; someone new to it
    keeps theirs when it is free, else gets the next one. Whoever is on this file's staff
    and not on the roster is removed (their notes keep their name). `actor` (an id in the
    roster) is who the changes are recorded as."""
    ids = _ids_here(db, roster)
    before = _active_names(db)
    with write(db), session.acting_as(db, None if actor is None else ids.get(actor, actor)):
        known = {int(r[0]) for r in db.execute("SELECT id FROM staff")}
        for member in roster.members:
            values = [member.role, int(member.active)]
            if ids[member.id] in known:
                db.execute(
                    "UPDATE staff SET role = ?, active = ? WHERE id = ?", [*values, ids[member.id]]
                )
            else:
                db.execute(
                    "INSERT INTO staff (id, name, role, active, created) VALUES (?, ?, ?, ?, ?)",
                    [ids[member.id], member.name, *values, member.created],
                )
        kept = list(ids.values())
        db.execute(
            f"UPDATE staff SET active = 0 WHERE id NOT IN ({','.join('?' * len(kept))})", kept
        )
        db.execute("DELETE FROM staff_pins")
        for staff_id, *pin in roster.pins:
            db.execute(
                "INSERT INTO staff_pins (staff_id, pin_hash, set_at, wrong_tries, locked_until) "
                "VALUES (?, ?, ?, ?, ?)",
                [ids[staff_id], *pin],
            )
    after = _active_names(db)
    return RosterCarried(
        ids,
        [name for staff_id, name in before.items() if staff_id not in after],
        [name for staff_id, name in after.items() if staff_id not in before],
    )


def _ids_here(db: Database, roster: Roster) -> dict[int, int]:
    """Each roster member's id in this file: theirs here (found by name), else their own if
    it is free here, else the next free one."""
    ids: dict[int, int] = {}
    for member in roster.members:
        found = db.execute("SELECT id FROM staff WHERE name = ?", [member.name]).fetchone()
        if found is not None:
            ids[member.id] = int(found[0])
    taken = {int(r[0]) for r in db.execute("SELECT id FROM staff")} | set(ids.values())
    new = [m.id for m in roster.members if m.id not in ids]
    for staff_id in new:
        if staff_id not in taken:
            ids[staff_id] = staff_id
            taken.add(staff_id)
    following = max(taken, default=0) + 1
    for staff_id in new:
        if staff_id not in ids:
            ids[staff_id] = following
            following += 1
    return ids


def _active_names(db: Database) -> dict[int, str]:
    return {
        int(r[0]): str(r[1])
        for r in db.execute("SELECT id, name FROM staff WHERE active = 1 ORDER BY name")
    }
