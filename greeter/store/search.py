"""Finding customers by name as staff type: prefix, accent-insensitive, one typo allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlite_utils import Database

from greeter.core.models import SearchHit
from greeter.core.text import search_terms
from greeter.store import rows

PREFIX_LENGTHS = (1, 2, 3, 4)  # shorter words are answered straight from name_prefixes
TYPO_MIN_LENGTH = 4
LIMIT = 20
_END = "\U0010ffff"


def rank_for(last_visit: dt.datetime | None) -> int:
    """Recently seen customers first: the day number of their last visit."""
    return last_visit.toordinal() if last_visit else 0


class NameIndex:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._vocab_key: tuple[int | None, int] | None = None
        self._vocab_seen: tuple[int, int] | None = None
        self._vocab_by_length: dict[int, tuple[dict[str, list[str]], list[str]]] = {}
        self._vocab: list[str] = []

    # -- keeping the index current (called inside the writer's transaction) --

    def index_customer(self, customer_id: int, names: Sequence[str], rank: int) -> None:
        self.forget(customer_id)
        terms: list[str] = []
        for name in names:
            terms += [t for t in search_terms(name) if t not in terms]
        prefixes = {t[:n] for t in terms for n in PREFIX_LENGTHS if len(t) >= n}
        execute = self._db.conn.executemany
        execute(
            "INSERT OR IGNORE INTO name_terms (term, customer_id) VALUES (?, ?)",
            [(t, customer_id) for t in terms],
        )
        execute(
            "INSERT INTO name_prefixes (prefix, rank, customer_id) VALUES (?, ?, ?)",
            [(p, rank, customer_id) for p in sorted(prefixes)],
        )
        execute("INSERT OR IGNORE INTO name_vocab (term) VALUES (?)", [(t,) for t in terms])

    def set_rank(self, customer_id: int, rank: int) -> None:
        self._db.execute(
            "UPDATE name_prefixes SET rank = ? WHERE customer_id = ? AND rank != ?",
            [rank, customer_id, rank],
        )

    def forget(self, customer_id: int) -> None:
        self._db.execute("DELETE FROM name_terms WHERE customer_id = ?", [customer_id])
        self._db.execute("DELETE FROM name_prefixes WHERE customer_id = ?", [customer_id])

    # -- searching --

    def search(self, words: Sequence[str], limit: int = LIMIT) -> list[SearchHit]:
        words = [w for w in words if w]
        if not words:
            return []
        ids = self._prefix_matches(words, limit)
        if len(ids) < limit:
            for typo_ids in self._typo_matches(words, limit):
                ids += [i for i in typo_ids if i not in ids]
        return self.hits_for(ids[:limit])

    def _prefix_matches(self, words: Sequence[str], limit: int) -> list[int]:
        driver = max(words, key=len)
        others = list(words)
        others.remove(driver)
        if len(driver) <= max(PREFIX_LENGTHS) and not others:
            return [
                r[0]
                for r in self._db.execute(
                    "SELECT customer_id FROM name_prefixes WHERE prefix = ? "
                    "ORDER BY rank DESC, customer_id DESC LIMIT ?",
                    [driver, limit],
                )
            ]
        return self._matching(self._word_clause(driver), others, limit)

    def _word_clause(self, word: str) -> tuple[str, list[object]]:
        if len(word) <= max(PREFIX_LENGTHS):
            return "SELECT customer_id FROM name_prefixes WHERE prefix = ?", [word]
        return (
            "SELECT customer_id FROM name_terms WHERE term >= ? AND term < ?",
            [word, word + _END],
        )

    def _matching(
        self, driver: tuple[str, list[object]], others: Sequence[str], limit: int
    ) -> list[int]:
        sql, params = driver
        filters = ""
        for word in others:
            filters += (
                " AND EXISTS (SELECT 1 FROM name_terms t WHERE t.customer_id = c.id"
                " AND t.term >= ? AND t.term < ?)"
            )
            params = [*params, word, word + _END]
        query = (
            f"SELECT c.id FROM customers c WHERE c.id IN ({sql}){filters} "
            "ORDER BY c.search_rank DESC, c.id DESC LIMIT ?"
        )
        return [r[0] for r in self._db.execute(query, [*params, limit])]

    def _typo_matches(self, words: Sequence[str], limit: int) -> list[list[int]]:
        """For each word of four or more letters, names within one edit of it."""
        results: list[list[int]] = []
        for word in words:
            if len(word) < TYPO_MIN_LENGTH:
                continue
            terms = self._near_terms(word)
            if not terms:
                continue
            marks = ",".join("?" * len(terms))
            others = [w for w in words if w != word]
            driver = (f"SELECT customer_id FROM name_terms WHERE term IN ({marks})", terms)
            results.append(self._matching(driver, others, limit))
        return results

    def _near_terms(self, word: str, most: int = 40) -> list[object]:
        """Vocabulary words whose start is one edit (typo, missing, extra or swapped
        letter) away from `word`."""
        self._refresh_vocab()
        found: list[object] = []
        for length in (len(word) - 1, len(word), len(word) + 1):
            by_prefix, prefixes = self._vocab_of_length(length)
            for prefix, _score, _ in process.extract(
                word, prefixes, scorer=OSA.distance, score_cutoff=1, limit=most
            ):
                found += [t for t in by_prefix[prefix] if t not in found]
        return found[: most * 3]

    def _refresh_vocab(self) -> None:
        # Nothing committed by another connection and nothing changed by this one since the
        # last look: the words are the same, and counting them (a scan) can be skipped.
        seen = (int(self._db.execute("PRAGMA data_version").fetchone()[0]),
                self._db.conn.total_changes)  # fmt: skip
        if seen == self._vocab_seen:
            return
        self._vocab_seen = seen
        # The count too: an erasure removes words, which max(id) alone would not notice.
        r = self._db.execute("SELECT max(id), count(*) FROM name_vocab").fetchone()
        key = (r[0], int(r[1]))
        if key != self._vocab_key:
            self._vocab = [r[0] for r in self._db.execute("SELECT term FROM name_vocab")]
            self._vocab_by_length = {}
            self._vocab_key = key

    def _vocab_of_length(self, length: int) -> tuple[dict[str, list[str]], list[str]]:
        """The words by their first `length` letters, and those starts as a list."""
        if length not in self._vocab_by_length:
            table: dict[str, list[str]] = {}
            for term in self._vocab:
                if len(term) >= length:
                    table.setdefault(term[:length], []).append(term)
            self._vocab_by_length[length] = (table, list(table))
        return self._vocab_by_length[length]

    def hits_for(self, ids: Sequence[int]) -> list[SearchHit]:
        """Search-list rows for these customers, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {
            r[0]: r
            for r in self._db.execute(
                f"""SELECT c.id, c.preferred_name, c.full_name, c.last_visit,
                    (SELECT e164 FROM customer_phones p WHERE p.customer_id = c.id
                     ORDER BY p.id LIMIT 1)
                FROM customers c WHERE c.id IN ({marks})""",
                list(ids),
            )
        }
        return [
            SearchHit(
                customer_id=r[0],
                preferred_name=r[1],
                full_name=r[2],
                phone_ending=(r[4] or "")[-4:],
                last_visit=rows.when(r[3]),
            )
            for r in (found[i] for i in ids if i in found)
        ]
