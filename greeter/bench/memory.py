"""What staff know about the benchmark shop's customers: notes, follow-ups, facts and tags."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

from greeter.bench import people


def add_shop_memory(
    conn: sqlite3.Connection, rng: random.Random, customers: int, staff: list[int], today: dt.date
) -> None:
    """Inside the caller's transaction: about one customer in ten has notes, one in twenty
    a follow-up (most done, some open and overdue), a few have preferences and tags."""
    first = today - dt.timedelta(days=2 * 365)

    def stamp() -> str:
        day = first + dt.timedelta(days=rng.randrange(2 * 365))
        return f"{day.isoformat()}T{rng.randrange(9, 20):02d}:{rng.randrange(60):02d}:00"

    notes, follow_ups, preferences, tags = [], [], [], []
    for cid in range(1, customers + 1):
        roll = rng.random()
        if roll < 0.10:
            for kind, text in rng.sample(people.NOTES, rng.randint(1, 3)):
                notes.append((cid, text, kind, int(rng.random() < 0.1), rng.choice(staff),
                              stamp()))  # fmt: skip
        if roll > 0.95:
            kind, text = rng.choice(people.FOLLOW_UPS)
            created = stamp()
            done = rng.random() < 0.7
            due = (today + dt.timedelta(days=rng.randint(-10, 20))).isoformat()
            by = rng.choice(staff) if done else None
            follow_ups.append((cid, kind, text, due if rng.random() < 0.8 else None,
                               "done" if done else "open", rng.choice(staff), created,
                               created if done else None, by))  # fmt: skip
        if rng.random() < 0.05:
            label, value = rng.choice(people.PREFERENCES)
            preferences.append((cid, label, value, stamp(), rng.choice(staff)))
        if rng.random() < 0.05:
            tags.append((cid, rng.choice(people.TAGS), rng.choice(staff), stamp()))
    conn.executemany(
        "INSERT INTO notes (customer_id, text, kind, pinned, author_id, created)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        notes,
    )
    conn.executemany(
        "INSERT INTO follow_ups (customer_id, kind, text, due, status, taken_by_id, created,"
        " done_at, done_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        follow_ups,
    )
    conn.executemany(
        "INSERT INTO preferences (customer_id, label, value, updated, author_id)"
        " VALUES (?, ?, ?, ?, ?)",
        preferences,
    )
    conn.executemany(
        "INSERT INTO customer_tags (customer_id, tag, tagged_by_id, tagged_at) VALUES (?, ?, ?, ?)",
        tags,
    )
