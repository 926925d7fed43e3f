"""The store changes made for speed give the same answers: visit figures counted by SQLite from
the covering index, the typo vocabulary cached until something is written, near words looked
for among a third of the vocabulary, and common words answered by walking the ranked list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.bench.generate import generate
from greeter.store import Store, search
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


def test_walking_the_ranked_list_finds_what_sorting_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "shop.db", 400, 4_000, today=TODAY)
    monkeypatch.setattr(search, "WALK_FROM", 4)  # walk for anything but the rarest words
    monkeypatch.setattr(search, "WALK_PAGE", 7)
    monkeypatch.setattr(search, "WALK_MOST", 40)
    store = Store(tmp_path / "shop.db")
    try:
        names = store.names
        words = sorted({str(r[0]) for r in store.db.execute("SELECT term FROM name_terms")})
        queries = [[w] for w in words if len(w) > 4]
        queries += [[w[:3], v[:1]] for w, v in zip(words, reversed(words), strict=True)]
        queries += [[w, v[:2]] for w, v in zip(words[::3], words[1::3], strict=False)]
        walked = 0
        for words_typed in queries:
            driver = max(words_typed, key=len)
            others = [w for w in words_typed if w is not driver]
            sorted_ = names._matching(names._word_clause(driver), others, 20)
            assert names._prefix_matches(words_typed, 20) == sorted_, words_typed
            walked += names._many(names._word_clause(driver))
            for word in words_typed:
                terms = names._near_terms(word) if len(word) >= 4 else []
                if terms:
                    rest = [w for w in words_typed if w != word]
                    marks = ",".join("?" * len(terms))
                    clause = f"SELECT customer_id FROM name_terms WHERE term IN ({marks})"
                    assert names._among(terms, rest, 20) == names._matching(
                        (clause, list(terms)), rest, 20
                    ), words_typed
        assert walked > len(queries) // 4
    finally:
        store.close()


def test_near_words_are_those_a_look_at_every_start_finds(tmp_path: Path) -> None:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    generate(tmp_path / "shop.db", 300, 2_000, today=TODAY)
    store = Store(tmp_path / "shop.db")
    try:
        names = store.names

        def every_start(word: str, most: int = 40) -> list[object]:
            found: list[object] = []
            for length in (len(word) - 1, len(word), len(word) + 1):
                table = names._vocab_of_length(length).words
                for start, _, _ in process.extract(
                    word, list(table), scorer=OSA.distance, score_cutoff=1, limit=most
                ):
                    found += [t for t in table[start] if t not in found]
            return found[: most * 3]

        words = [str(r[0]) for r in store.db.execute("SELECT term FROM name_vocab")]
        slips = [w[1:] for w in words] + [w[1] + w[0] + w[2:] for w in words if len(w) > 2]
        slips += ["x" + w for w in words] + [w[:2] + "q" + w[3:] for w in words]
        for word in [w for w in words + slips if len(w) >= 4]:
            assert names._near_terms(word) == every_start(word), word
    finally:
        store.close()
