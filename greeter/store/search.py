"""Finding customers by name as staff type: prefix, accent-insensitive, one typo allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from greeter.core.models import SearchHit
from greeter.core.text import search_terms
from greeter.store import rows

PREFIX_LENGTHS = (1, 2, 3, 4)  # shorter words are answered straight from name_prefixes
TYPO_MIN_LENGTH = 4
LIMIT = 20
# A word matching this many customers or more is answered by walking the ranked prefix list
# (at most WALK_MOST entries, a page at a time) rather than by sorting all of them: at 500,000
# customers a whole first name took 14 ms on average, and 1 ms walked.
WALK_FROM = 1000
WALK_MOST = 3000
WALK_PAGE = 200
_END = "\U0010ffff"


def rank_for(last_visit: dt.datetime | None) -> int:
    """Recently seen customers first: the day number of their last visit."""
    return last_visit.toordinal() if last_visit else 0


def _has_word(word: str) -> tuple[str, list[object]]:
    """A name word starting with `word` (a condition on name_terms)."""
    return "term >= ? AND term < ?", [word, word + _END]


def _has_one_of(terms: Sequence[object]) -> tuple[str, list[object]]:
    """One of these whole name words (the + makes SQLite look the customers up, then test
    the few words each has, rather than look up every word for every customer)."""
    return f"+term IN ({','.join('?' * len(terms))})", list(terms)


def _one_of(terms: Sequence[object]) -> tuple[str, list[object]]:
    marks = ",".join("?" * len(terms))
    return f"SELECT customer_id FROM name_terms WHERE term IN ({marks})", list(terms)


class _Starts:
    """The vocabulary's words by their first letters (all starts of one length), and those
    starts grouped by (position, letter) for their first two letters, each group in the
    starts' order with where each one is in it."""

    def __init__(self, words: dict[str, list[str]]) -> None:
        self.words = words
        starts = list(words)
        where: dict[tuple[int, str], list[int]] = {}
        for n, start in enumerate(starts):
            for position in (0, 1):
                if len(start) > position:
                    where.setdefault((position, start[position]), []).append(n)
        self.groups = {key: ([starts[n] for n in ns], ns) for key, ns in where.items()}


class NameIndex:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._vocab_key: tuple[int | None, int] | None = None
        self._vocab_seen: tuple[int, int] | None = None
        self._vocab_by_length: dict[int, _Starts] = {}
        self._vocab: list[str] = []

    # -- keeping the index current (called inside the writer's transaction) --

    def index_customer(
        self, customer_id: int, names: Sequence[str], rank: int, *, new: bool = False
    ) -> None:
        """Index the customer's names afresh; `new` says they have no index rows to forget."""
        if not new:
            self.forget(customer_id)
        self.index_new([(customer_id, names, rank)])

    def index_new(self, customers: Iterable[tuple[int, Sequence[str], int]]) -> None:
        """Index new customers (id, names, rank), set-wise: they have no index rows yet."""
        terms_of: dict[str, list[str]] = {}  # many customers share a first name
        terms_rows: list[tuple[str, int]] = []
        prefix_rows: list[tuple[str, int, int]] = []
        for customer_id, names, rank in customers:
            terms: list[str] = []
            for name in names:
                if name not in terms_of:
                    terms_of[name] = search_terms(name)
                terms += [t for t in terms_of[name] if t not in terms]
            prefixes = {t[:n] for t in terms for n in PREFIX_LENGTHS if len(t) >= n}
            terms_rows += [(t, customer_id) for t in terms]
            prefix_rows += [(p, rank, customer_id) for p in sorted(prefixes)]
        execute = self._db.conn.executemany
        execute("INSERT OR IGNORE INTO name_terms (term, customer_id) VALUES (?, ?)", terms_rows)
        execute("INSERT INTO name_prefixes (prefix, rank, customer_id) VALUES (?, ?, ?)",
                prefix_rows)  # fmt: skip
        # In the customers' order: the typo search breaks ties in the vocabulary's order.
        execute("INSERT OR IGNORE INTO name_vocab (term) VALUES (?)", [(t,) for t, _ in terms_rows])

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
        if self._many(self._word_clause(driver)):
            words = [driver, *others] if len(driver) > max(PREFIX_LENGTHS) else others
            walked = self._walk(driver, [_has_word(w) for w in words], limit)
            if walked is not None:
                return [cid for _, cid in walked]
        return self._matching(self._word_clause(driver), others, limit)

    def _many(self, clause: tuple[str, list[object]]) -> bool:
        """Whether the clause finds at least WALK_FROM customers (the count stops there)."""
        sql, params = clause
        found = self._db.execute(
            f"SELECT count(*) FROM ({sql} LIMIT ?)", [*params, WALK_FROM]
        ).fetchone()[0]
        return int(found) >= WALK_FROM

    def _walk(
        self, word: str, checks: Sequence[tuple[str, list[object]]], limit: int
    ) -> list[tuple[int, int]] | None:
        """(rank, id) of the best-ranked customers passing every check (a condition on their
        name_terms rows), found by walking name_prefixes for the word's first letters in
        rank order, a page at a time, until `limit` pass: instead of sorting thousands.
        Every customer with a name word starting with `word` is on that list (with their
        rank), so the first found are the best. None when the first WALK_MOST entries held
        fewer (the matches are sparse: sort them instead)."""
        start = word[: max(PREFIX_LENGTHS)]
        found: list[tuple[int, int]] = []
        after: list[object] = []
        for _ in range(0, WALK_MOST, WALK_PAGE):
            page = [
                (int(r[0]), int(r[1]))
                for r in self._db.execute(
                    "SELECT rank, customer_id FROM name_prefixes WHERE prefix = ?"
                    + (" AND (rank, customer_id) < (?, ?)" if after else "")
                    + " ORDER BY rank DESC, customer_id DESC LIMIT ?",
                    [start, *after, WALK_PAGE],
                )
            ]
            passing = {cid for _, cid in page}
            marks = ",".join("?" * len(page))
            for condition, values in checks:
                if passing:
                    passing &= {
                        r[0]
                        for r in self._db.execute(
                            f"SELECT customer_id FROM name_terms WHERE customer_id IN ({marks})"
                            f" AND {condition}",
                            [*(cid for _, cid in page), *values],
                        )
                    }
            found += [(rank, cid) for rank, cid in page if cid in passing]
            if len(found) >= limit or len(page) < WALK_PAGE:  # enough, or the whole list
                return found[:limit]
            after = list(page[-1])
        return None

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
        return [cid for _, cid in self._ranked_matching(driver, others, limit)]

    def _ranked_matching(
        self, driver: tuple[str, list[object]], others: Sequence[str], limit: int
    ) -> list[tuple[int, int]]:
        sql, params = driver
        filters = ""
        for word in others:
            filters += (
                " AND EXISTS (SELECT 1 FROM name_terms t WHERE t.customer_id = c.id"
                " AND t.term >= ? AND t.term < ?)"
            )
            params = [*params, word, word + _END]
        query = (
            f"SELECT c.search_rank, c.id FROM customers c WHERE c.id IN ({sql}){filters} "
            "ORDER BY c.search_rank DESC, c.id DESC LIMIT ?"
        )
        return [(r[0], r[1]) for r in self._db.execute(query, [*params, limit])]

    def _typo_matches(self, words: Sequence[str], limit: int) -> list[list[int]]:
        """For each word of four or more letters, names within one edit of it."""
        results: list[list[int]] = []
        for word in words:
            if len(word) < TYPO_MIN_LENGTH:
                continue
            terms = self._near_terms(word)
            if not terms:
                continue
            results.append(self._among(terms, [w for w in words if w != word], limit))
        return results

    def _among(self, terms: Sequence[object], others: Sequence[str], limit: int) -> list[int]:
        """The best-ranked customers with one of these whole words and every other word: the
        words many customers have are walked (by their first letters), the rest sorted."""
        groups: dict[str, list[object]] = {}
        for term in terms:
            groups.setdefault(str(term)[: max(PREFIX_LENGTHS)], []).append(term)
        found: list[tuple[int, int]] = []
        rest: list[object] = []
        for start, group in groups.items():
            clause = _one_of(group)
            walked = None
            if self._many(clause):
                walked = self._walk(start, [_has_one_of(group)] + [_has_word(w) for w in others],
                                    limit)  # fmt: skip
            if walked is None:
                rest += group
            else:
                found += walked
        if rest:
            found += self._ranked_matching(_one_of(rest), others, limit)
        found.sort(reverse=True)  # rank, then id, highest first: as one sorted query would
        return list(dict.fromkeys(cid for _, cid in found))[:limit]

    def _near_terms(self, word: str, most: int = 40) -> list[object]:
        """Vocabulary words whose start is one edit (typo, missing, extra or swapped
        letter) away from `word`."""
        from rapidfuzz import process  # loaded by the first typo, not at start-up
        from rapidfuzz.distance import OSA

        self._refresh_vocab()
        found: list[object] = []
        # One edit leaves the first letter first, or the second letter second, or swaps,
        # drops or pushes along one of them: every start within one edit of `word` begins
        # with word[0] or word[1], or has word[1] or word[0] second. Only those groups (about
        # a third of the starts) are compared, and the best `most` of them kept, as if all
        # had been (ties in the order of the starts).
        groups = {(0, word[0]), (1, word[1]), (0, word[1]), (1, word[0])}
        for length in (len(word) - 1, len(word), len(word) + 1):
            starts = self._vocab_of_length(length)
            near: dict[int, tuple[float, str]] = {}
            for group in groups:
                choices, where = starts.groups.get(group, ((), ()))
                for prefix, score, n in process.extract(
                    word, choices, scorer=OSA.distance, score_cutoff=1, limit=most
                ):
                    near[where[n]] = (score, prefix)
            for _, (_, prefix) in sorted(near.items(), key=lambda kv: (kv[1][0], kv[0]))[:most]:
                found += [t for t in starts.words[prefix] if t not in found]
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

    def _vocab_of_length(self, length: int) -> _Starts:
        if length not in self._vocab_by_length:
            table: dict[str, list[str]] = {}
            for term in self._vocab:
                if len(term) >= length:
                    table.setdefault(term[:length], []).append(term)
            self._vocab_by_length[length] = _Starts(table)
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
