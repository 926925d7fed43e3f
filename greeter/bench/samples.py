"""What staff scan and type, drawn from the shop itself: codes, phones, emails, names, typos."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlite_utils import Database

from greeter.bench.people import phone_typed
from greeter.core.text import search_terms

PREFIX_LENGTHS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Samples:
    cards: list[str]  # as scanned
    phones: list[tuple[str, str]]  # (as typed, E.164)
    emails: list[str]
    words: list[str]  # folded name words of five letters or more
    typos: list[tuple[str, str]]  # (word with one typo, the word meant)
    pairs: list[str]  # a first name and the surname's first letter: "maria g"

    def prefixes(self, length: int) -> list[str]:
        return [w[:length] for w in self.words]


def draw(db: Database, count: int, seed: int = 11) -> Samples:
    """`count` of each, from the customers who come in most often most often (as they
    arrive at the counter), so heavy regulars' big cards are well represented."""
    rng = random.Random(seed)

    def weighted(sql: str) -> list[tuple[object, ...]]:
        rows = list(db.execute(sql))
        if not rows:
            return []
        return rng.choices(rows, weights=[1 + int(r[-1]) for r in rows], k=count)

    cards = [str(r[0]) for r in weighted(
        "SELECT i.value, c.visits FROM identifiers i JOIN customers c ON c.id = i.customer_id"
        " WHERE i.system = 'card'")]  # fmt: skip
    phones = []
    for r in weighted(
        "SELECT p.e164, c.visits FROM customer_phones p JOIN customers c ON c.id = p.customer_id"
    ):
        e164 = str(r[0])
        typed = phone_typed(e164, rng.randrange(5)) if e164.startswith("+1") else e164
        phones.append((typed, e164))
    emails = [str(r[0]) for r in weighted(
        "SELECT e.email, c.visits FROM customer_emails e JOIN customers c"
        " ON c.id = e.customer_id")]  # fmt: skip
    vocabulary = [str(r[0]) for r in db.execute("SELECT term FROM name_vocab")]
    long_words = sorted(w for w in vocabulary if len(w) >= 5 and w.isalpha())
    words = [str(r[0]) for r in weighted(
        "SELECT t.term, 0 FROM name_terms t WHERE length(t.term) >= 5")]  # fmt: skip
    words = [w for w in words if w.isalpha()] or long_words[:1]
    typos = [(typo(w, rng), w) for w in words]
    pairs = []
    for r in weighted("SELECT full_name, 0 FROM customers"):
        parts = search_terms(str(r[0]))
        if len(parts) >= 2:
            pairs.append(f"{parts[0]} {parts[-1][0]}")
    return Samples(cards, phones, emails, words, typos, pairs)


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: a letter swapped with its neighbour, dropped, doubled or
    replaced, never the first letter."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        return word[:at] + word[at] + word[at:]
    letter = rng.choice([c for c in "aeioustrnl" if c != word[at]])
    return word[:at] + letter + word[at + 1 :]
