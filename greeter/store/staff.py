"""The people who work the counter; every note and follow-up names one of them."""

from __future__ import annotations

import sqlite3

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
