"""The store changes made for speed give the same answers: visit figures counted by SQLite from
the covering index, and the typo vocabulary cached until something is written."""

from __future__ import annotations

import datetime as dt

from greeter.store import Store
from greeter.store.database import connect
from tests.helpers import TODAY, add_customer, add_purchase


def _python_stats(
    store: Store, customer_id: int, today: dt.date, window_days: int
) -> tuple[int, int]:
    """The visit figures as they were counted before, row by row in Python."""
    year_ago = (today - dt.timedelta(days=365)).isoformat()
    window = (today - dt.timedelta(days=window_days)).isoformat()
    visits = spend = 0
    for at, total in store.db.execute(
        "SELECT purchased_at, total_cents FROM purchases WHERE customer_id = ?", [customer_id]
    ):
        visits += at[:10] >= window
        spend += total if at[:10] >= year_ago else 0
    return visits, spend


def test_visit_figures_count_the_boundary_days(store: Store) -> None:
    lisa = add_customer(store, "Lisa")
    for days_ago, hour in ((0, 9), (29, 23), (30, 0), (30, 23), (31, 12), (365, 0), (366, 23)):
        when = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(hour, 59, 59))
        add_purchase(store, lisa, when, ("Tea", 100 + days_ago))
    stats = store.purchases.stats(lisa, TODAY, 30)
    assert (stats.visits_in_window, stats.spend_last_year_cents) == _python_stats(
        store, lisa, TODAY, 30
    )
    assert stats.visits_in_window == 4 and stats.visits == 7
    nobody = add_customer(store, "Nobody")
    empty = store.purchases.stats(nobody, TODAY, 30)
    assert (empty.visits, empty.visits_in_window, empty.spend_last_year_cents) == (0, 0, 0)


def test_the_card_reads_purchases_from_the_covering_index(store: Store) -> None:
    plan = " ".join(
        str(r[-1])
        for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*), sum(total_cents) FROM purchases"
            " WHERE customer_id = 1 AND purchased_at >= '2026-01-01'"
        )
    )
    assert "COVERING INDEX purchases_customer_time_total" in plan
    names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "purchases_customer_time" not in names


def test_typo_words_follow_writes_here_and_elsewhere(store: Store) -> None:
    add_customer(store, "Wilhelmina", "Wilhelmina Zorblatt")
    assert "zorblatt" in store.names._near_terms("zorblat")
    other = connect(store.path)  # another window or the till's import, say
    try:
        other.execute("INSERT INTO name_vocab (term) VALUES ('quixotic')")
    finally:
        other.close()
    assert "quixotic" in store.names._near_terms("quixotc")
    store.db.execute("DELETE FROM name_vocab WHERE term = 'quixotic'")  # as an erasure does
    assert "quixotic" not in store.names._near_terms("quixotc")
