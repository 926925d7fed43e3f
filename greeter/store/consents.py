"""Marketing consent per channel: a row per change, the latest wins, opt-outs are sticky."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from sqlite_utils import Database

from greeter.store import rows
from greeter.store.audit_schema import insert_audited
from greeter.store.database import write

Channel = Literal["email", "sms"]
CHANNELS: tuple[Channel, ...] = ("email", "sms")


class Consents:
    def __init__(self, db: Database) -> None:
        self._db = db

    def latest(self, customer_id: int, channel: Channel) -> bool | None:
        """What the customer last said for this channel, or None when nothing is recorded."""
        r = self._db.execute(
            "SELECT granted FROM consents WHERE customer_id = ? AND channel = ? "
            "ORDER BY id DESC LIMIT 1",
            [customer_id, channel],
        ).fetchone()
        return None if r is None else bool(r[0])

    def record(
        self,
        customer_id: int,
        channel: Channel,
        granted: bool,
        source: str,
        when: dt.datetime | None = None,
    ) -> None:
        """Record a change the customer asked for (at the counter, say); always wins."""
        self.record_all([(customer_id, channel, granted)], source, when)

    def record_all(
        self,
        changes: Iterable[tuple[int, Channel, bool]],
        source: str,
        when: dt.datetime | None = None,
    ) -> None:
        """`record` for many (customer, channel, granted) at once, set-wise."""
        stamp = rows.stamp(when or rows.now())
        with write(self._db):
            insert_audited(
                self._db,
                "consents",
                "INSERT INTO consents (customer_id, channel, granted, recorded_at, source)"
                " VALUES (?, ?, ?, ?, ?)",
                [(c, channel, int(granted), stamp, source) for c, channel, granted in changes],
            )

    def record_from_import(
        self, customer_id: int, channel: Channel, granted: bool, source: str
    ) -> bool:
        """Record what another system says, unless it repeats the latest answer or would turn
        a recorded opt-out back into consent. True when a row was added."""
        latest = self.latest(customer_id, channel)
        if latest is granted or (latest is False and granted):
            return False
        self.record(customer_id, channel, granted, source)
        return True
