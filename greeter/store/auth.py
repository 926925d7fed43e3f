"""Staff PINs: salted scrypt hashes, checking them, lockout after wrong tries, and roles.

Until an owner has a PIN the shop runs in single-user mode: nobody is asked for one. From
the first owner PIN on, every action that needs a role needs the person's name and PIN.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.core.audit import AuditEvent
from greeter.core.models import Staff
from greeter.core.permissions import (
    LOCKOUT_MINUTES,
    MAX_WRONG_PINS,
    Action,
    Role,
    allowed,
    first_owner,
    pin_problem,
    refusal,
    role_of,
)
from greeter.core.text import clean_text, pin_command
from greeter.store import rows, session
from greeter.store.audit import AuditLog
from greeter.store.database import ReadOnlyDatabase, read_only_reason, write
from greeter.store.errors import Conflict, Invalid, NotFound, StoreError
from greeter.store.staff import StaffStore

# scrypt at 2**14 × 8 takes ~50 ms and 16 MB: slow for a thief with the file, quick at the till.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32

# Wrong PINs typed against a file Greeter may not write (a backup being restored, a damaged,
# read-only or newer Greeter's shop) cannot be counted in it: they are counted here instead,
# per file and staff member, as (wrong tries, locked until), for as long as this Greeter runs.
# That stops guessing at the window, where the person typing cannot reach the file; whoever
# can run commands on the file can read its PIN hashes too, which no count stops.
_COUNTED_HERE: dict[tuple[str, int], tuple[int, dt.datetime | None]] = {}


class AuthError(StoreError):
    """The person could not be let through; the message says why and what to do."""


class NotAllowed(AuthError):
    pass


class PinRequired(AuthError):
    """PINs are on and no name or PIN was given."""


class NoPin(AuthError):
    pass


class WrongPin(AuthError):
    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left


class LockedOut(AuthError):
    def __init__(self, message: str, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until


def hash_pin(pin: str) -> str:
    """'scrypt$N$r$p$salt$hash' (hex): the parameters travel with the hash."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=HASH_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(
            pin.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _outdated(stored: str) -> bool:
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


@dataclass(frozen=True)
class StaffStatus:
    """A staff member as `greeter staff list` and the window's staff screen show them."""

    staff: Staff
    has_pin: bool
    locked_until: dt.datetime | None


class Auth:
    def __init__(
        self,
        db: Database,
        staff: StaffStore,
        audit: AuditLog,
        clock: Callable[[], dt.datetime] = rows.now,
    ) -> None:
        self._db = db
        self._staff = staff
        self._audit = audit
        self.clock = clock

    # -- the mode --

    def single_user_mode(self) -> bool:
        """True until an active owner has a PIN: then nobody is asked for one."""
        return (
            self._db.execute(
                "SELECT 1 FROM staff_pins p JOIN staff s ON s.id = p.staff_id "
                "WHERE s.role = 'owner' AND s.active = 1 LIMIT 1"
            ).fetchone()
            is None
        )

    def has_pin(self, staff_id: int) -> bool:
        found = self._db.execute("SELECT 1 FROM staff_pins WHERE staff_id = ?", [staff_id])
        return found.fetchone() is not None

    def statuses(self) -> list[StaffStatus]:
        now = self.clock()
        out = []
        for member in self._staff.all():
            r = self._db.execute(
                "SELECT locked_until FROM staff_pins WHERE staff_id = ?", [member.id]
            ).fetchone()
            until = rows.when(r[0]) if r and r[0] else None
            out.append(StaffStatus(member, r is not None, until if until and until > now else None))
        return out

    # -- PINs --

    def set_pin(self, staff_id: int, pin: str) -> None:
        """Set or change a PIN (4-8 digits). The first owner PIN switches PINs on."""
        problem = pin_problem(pin)
        if problem:
            raise Invalid(problem)
        member = self._by_id(staff_id)
        with write(self._db):
            self._db.execute(
                "INSERT INTO staff_pins (staff_id, pin_hash, set_at) VALUES (?, ?, ?) "
                "ON CONFLICT (staff_id) DO UPDATE SET pin_hash = excluded.pin_hash, "
                "set_at = excluded.set_at, wrong_tries = 0, locked_until = NULL",
                [member.id, hash_pin(pin), rows.stamp(self.clock())],
            )
            self._audit.record(AuditEvent.PIN_SET, table="staff", row_id=member.id)

    def verify(self, staff_name: str, pin: str) -> Staff:
        """The staff member if the PIN is theirs. Otherwise WrongPin (with the tries left)
        or, after MAX_WRONG_PINS wrong ones in a row, LockedOut for LOCKOUT_MINUTES; the
        count and the lock are kept in the file, so restarting Greeter does not reset them.
        A file that can only be read (a backup, a damaged shop) is only read: a lock it holds
        still stops the person, and wrong PINs are counted in memory (see _COUNTED_HERE)."""
        member = self._staff.by_name(staff_name)
        r = self._db.execute(
            "SELECT pin_hash, wrong_tries, locked_until FROM staff_pins WHERE staff_id = ?",
            [member.id],
        ).fetchone()
        if r is None:
            raise NoPin(
                f"{member.name} has no PIN yet; an owner sets one with "
                f"`{pin_command(member.name)}`."
            )
        stored, tries, locked = str(r[0]), int(r[1]), rows.when(r[2])
        in_file = read_only_reason(self._db) is None
        here = (self._file(), member.id)
        if not in_file:
            tries, locked = _COUNTED_HERE.get(here, (tries, locked))
        now = self.clock()
        if locked is not None and now < locked:
            raise LockedOut(self._locked_message(member, locked, in_file), locked)
        if locked is not None:
            tries = 0  # the lock has run out: a fresh set of tries
        if pin_matches(pin, stored):
            if not in_file:
                _COUNTED_HERE[here] = (0, None)
            elif tries or locked or _outdated(stored):
                with write(self._db):
                    self._db.execute(
                        "UPDATE staff_pins SET wrong_tries = 0, locked_until = NULL, "
                        "pin_hash = ? WHERE staff_id = ?",
                        [hash_pin(pin) if _outdated(stored) else stored, member.id],
                    )
            return member
        tries += 1
        until = now + dt.timedelta(minutes=LOCKOUT_MINUTES) if tries >= MAX_WRONG_PINS else None
        if not in_file:
            _COUNTED_HERE[here] = (0 if until else tries, until)
        else:
            with write(self._db):
                self._db.execute(
                    "UPDATE staff_pins SET wrong_tries = ?, locked_until = ? WHERE staff_id = ?",
                    [0 if until else tries, rows.stamp(until) if until else None, member.id],
                )
                event = AuditEvent.LOCKED_OUT if until else AuditEvent.PIN_WRONG
                self._audit.record(event, table="staff", row_id=member.id, staff_id=member.id)
        if until is not None:
            raise LockedOut(self._locked_message(member, until, in_file), until)
        left = MAX_WRONG_PINS - tries
        raise WrongPin(
            f"Wrong PIN for {member.name}: {left} {'try' if left == 1 else 'tries'} left "
            f"before {member.name} is locked out for {LOCKOUT_MINUTES} minutes.",
            left,
        )

    def _locked_message(self, member: Staff, until: dt.datetime, in_file: bool) -> str:
        """Why `member` cannot come in; a file that can only be read cannot be given a new
        PIN, so an owner is not sent to set one."""
        said = (
            f"{member.name} is locked out after {MAX_WRONG_PINS} wrong PINs, until "
            f"{until:%H:%M} ({until:%Y-%m-%d})."
        )
        if not in_file:
            return said
        return f"{said} An owner can set a new PIN with `{pin_command(member.name)}`."

    def _file(self) -> str:
        """The file this connection reads, as SQLite names it ("" for one in memory)."""
        for _, name, file in self._db.execute("PRAGMA database_list"):
            if name == "main":
                return str(file or "")
        return ""

    # -- who is on duty, and what they may do --

    def switch(self, staff_name: str, pin: str | None) -> Staff:
        """Put this person on duty: checks the PIN (unless in single-user mode), records
        it, and attributes every later change on this connection to them."""
        member = (
            self._staff.by_name(staff_name)
            if self.single_user_mode()
            else self.verify(staff_name, pin or "")
        )
        session.session(self._db).actor_id = member.id
        self._audit.record(AuditEvent.ON_DUTY, table="staff", row_id=member.id)
        return member

    def permit(self, member: Staff, action: Action) -> None:
        """Raise NotAllowed unless this person's role may do this (no PIN asked: for the
        person already on duty; actions in PIN_AGAIN go through `require` instead)."""
        if not allowed(member.role, action):
            raise NotAllowed(refusal(member.name, member.role, action))

    def require(self, action: Action, staff_name: str | None, pin: str | None) -> Staff:
        """The person who may do `action`, proven by their PIN once PINs are on.

        In single-user mode no PIN is asked: the named person (or, with no name, the
        shop's owner) acts, and their role still has to allow it."""
        if self.single_user_mode():
            member = self._staff.by_name(staff_name) if staff_name else self._owner()
        else:
            if not staff_name or pin is None:
                raise PinRequired(
                    f"PINs are on: to {action.label}, give your name and PIN "
                    "(--staff NAME --pin PIN)."
                )
            member = self.verify(staff_name, pin)
        self.permit(member, action)
        return member

    def _owner(self) -> Staff:
        """Single-user mode's acting person: the first owner, added if the shop has none."""
        owner = first_owner(self._staff.all())
        if owner is not None:
            return owner
        try:
            return self._staff.ensure("Owner", Role.OWNER.value)
        except ReadOnlyDatabase:  # nothing can be written, so nothing needs attributing
            return Staff(0, "Owner", Role.OWNER.value)

    # -- managing staff --

    def remove(self, staff_name: str) -> Staff:
        """Deactivate a staff member (their notes keep their name) and forget their PIN.
        The last owner, or the last owner with a PIN while PINs are on, cannot go."""
        member = self._staff.by_name(staff_name)
        self._keep_an_owner(member, "add another owner first")
        with write(self._db):
            self._db.execute("UPDATE staff SET active = 0 WHERE id = ?", [member.id])
            self._db.execute("DELETE FROM staff_pins WHERE staff_id = ?", [member.id])
        return member

    def set_role(self, staff_name: str, role: str) -> Staff:
        """Give a staff member another role; them, as they are now. The last owner, or the
        last owner with a PIN while PINs are on, stays an owner."""
        member = self._staff.by_name(staff_name)
        try:
            new = role_of(role)
        except ValueError as error:
            raise Invalid(str(error)) from None
        if member.role == new:
            return member
        if new != Role.OWNER:
            self._keep_an_owner(
                member, "make someone else an owner first with `greeter staff role NAME owner`"
            )
        with write(self._db):
            self._db.execute("UPDATE staff SET role = ? WHERE id = ?", [new.value, member.id])
        return Staff(member.id, member.name, new.value)

    def _keep_an_owner(self, member: Staff, first: str) -> None:
        """Refuse to take `member` off the owners if the shop would be left with none, or
        with none who has a PIN while PINs are on (they would switch off). `first` says what
        to do before."""
        if member.role != Role.OWNER:
            return
        owners = [s for s in self._staff.all() if s.role == Role.OWNER]
        if len(owners) == 1:
            raise Conflict(f"{member.name} is the only owner; {first}.")
        with_pin = [s for s in owners if self.has_pin(s.id)]
        if with_pin == [member]:
            raise Conflict(
                f"{member.name} is the only owner with a PIN; set another owner's PIN "
                "first, or the shop would be left without anyone to manage it."
            )

    def _by_id(self, staff_id: int) -> Staff:
        r = self._db.execute(
            "SELECT id, name, role FROM staff WHERE id = ? AND active = 1", [staff_id]
        ).fetchone()
        if r is None:
            raise NotFound(f"There is no staff member with id {staff_id}.")
        return Staff(int(r[0]), str(r[1]), str(r[2]))

    def by_name(self, staff_name: str) -> Staff:
        return self._staff.by_name(clean_text(staff_name))
