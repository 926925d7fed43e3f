"""How other software finds a customer, for comparison: SQL LIKE substrings, an in-memory filter.

`LikeSearch` is what open-source point-of-sale systems do: a substring LIKE over name, phone
and email, sorted by name. `ProxySearch` is what a typical desktop app does: every customer
in a Qt item model, filtered in memory by a QSortFilterProxyModel on each keystroke.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt

if TYPE_CHECKING:  # the peer's own window must not pay for importing it
    from sqlite_utils import Database

LIMIT = 20


class LikeSearch:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, text: str) -> list[tuple[object, ...]]:
        """Customers whose name, phone or email contains `text`, by name, first 20."""
        pattern = f"%{text}%"
        return list(
            self._db.execute(
                """SELECT c.id, c.preferred_name, c.full_name, c.last_visit FROM customers c
                WHERE c.preferred_name LIKE :q OR c.full_name LIKE :q
                    OR EXISTS (SELECT 1 FROM customer_phones p
                               WHERE p.customer_id = c.id AND p.e164 LIKE :q)
                    OR EXISTS (SELECT 1 FROM customer_emails e
                               WHERE e.customer_id = c.id AND e.email LIKE :q)
                ORDER BY c.preferred_name, c.id LIMIT :n""",
                {"q": pattern, "n": LIMIT},
            )
        )

    def phone(self, digits: str) -> list[tuple[object, ...]]:
        return list(
            self._db.execute(
                "SELECT customer_id FROM customer_phones WHERE e164 LIKE ? LIMIT ?",
                [f"%{digits}%", LIMIT],
            )
        )

    def email(self, text: str) -> list[tuple[object, ...]]:
        return list(
            self._db.execute(
                "SELECT customer_id FROM customer_emails WHERE email LIKE ? LIMIT ?",
                [f"%{text}%", LIMIT],
            )
        )


def customer_lines(db: Database | sqlite3.Connection) -> list[str]:
    """One line per customer, as a desktop app's list shows them: name, phone, email."""
    return [
        " · ".join(str(v) for v in r if v)
        for r in db.execute(
            """SELECT c.preferred_name, c.full_name,
                (SELECT display FROM customer_phones p WHERE p.customer_id = c.id
                 ORDER BY p.id LIMIT 1),
                (SELECT email FROM customer_emails e WHERE e.customer_id = c.id
                 ORDER BY e.id LIMIT 1)
            FROM customers c ORDER BY c.preferred_name, c.id"""
        )
    ]


class ProxySearch:
    """Every customer in a QStringListModel, filtered by a QSortFilterProxyModel."""

    def __init__(self, lines: list[str]) -> None:
        self.source = QStringListModel(lines)
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def find(self, text: str) -> int:
        self.proxy.setFilterFixedString(text)
        return self.proxy.rowCount()
