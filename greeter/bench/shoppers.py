"""The benchmark shop's customers: who they are, how to reach them, how the search finds them."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

from greeter.bench import people
from greeter.bench.sales import Tally
from greeter.core.text import search_terms
from greeter.store.search import PREFIX_LENGTHS

CLASSES = ((0.02, 100.0), (0.18, 10.0), (0.80, 1.0))  # (share, weight): regulars to passers-by
Person = tuple[str, str, float]  # preferred name, full name, how often they come in


def draw_people(customers: int, rng: random.Random) -> list[Person]:
    """Customers 1..customers (index 0 stands for the anonymous walk-in)."""
    surnames = people.surname_pool(max(200, min(60_000, customers * 3 // 10)), rng)
    given, surname = people.skewed(people.GIVEN, rng, 1.6), people.skewed(surnames, rng)
    cut_heavy, cut_regular = CLASSES[0][0], CLASSES[0][0] + CLASSES[1][0]
    out: list[Person] = [("", "", 0.0)]
    for _ in range(customers):
        roll = rng.random()
        weight = CLASSES[0][1] if roll < cut_heavy else (
            CLASSES[1][1] if roll < cut_regular else CLASSES[2][1])  # fmt: skip
        out.append((*people.person(given, surname, rng), weight * rng.lognormvariate(0, 0.5)))
    return out


class Ranks:
    """NameIndex's rank_for(last visit): the day number of the last visit, 0 if none."""

    def __init__(self, tally: Tally) -> None:
        self._last = tally.last
        self._days: dict[str, int] = {}

    def __call__(self, cid: int) -> int:
        last = self._last[cid]
        if last is None:
            return 0
        rank = self._days.get(last[:10])
        if rank is None:
            rank = self._days[last[:10]] = dt.date.fromisoformat(last[:10]).toordinal()
        return rank


def store_customers(
    conn: sqlite3.Connection, rng: random.Random, who: list[Person], tally: Tally,
    ranks: Ranks, days: list[str],
) -> None:  # fmt: skip
    """The customers with the figures `Purchases.record` would have left them with."""
    rows = []
    for cid in range(1, len(who)):
        preferred, full, _ = who[cid]
        first = tally.first[cid]
        created = first or rng.choice(days) + "T10:00:00"
        month = day = year = None
        if rng.random() < 0.55:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            year = rng.randint(1940, 2008) if rng.random() < 0.4 else None
        rows.append((cid, preferred, full, month, day, year, created, tally.visits[cid], first,
                     tally.last[cid], tally.spend[cid], ranks(cid)))  # fmt: skip
    conn.executemany(
        "INSERT INTO customers (id, preferred_name, full_name, birth_month, birth_day,"
        " birth_year, created, visits, first_visit, last_visit, lifetime_spend_cents,"
        " search_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    # As Customers.add leaves it: the highest number given, never given again.
    conn.execute("UPDATE customer_numbers SET highest = max(highest, ?)", [len(who) - 1])


def store_contacts(conn: sqlite3.Connection, rng: random.Random, who: list[Person]) -> None:
    """Phones (a few customers have two), emails and card codes, as typed at the counter."""
    ids = range(1, len(who))
    phoned = [c for c in ids if rng.random() < 0.85]
    phoned += [c for c in phoned if rng.random() < 0.08]
    slots = rng.sample(range(people.PHONE_SLOTS), len(phoned))
    phones = []
    for cid, slot in zip(sorted(phoned), slots, strict=True):
        e164 = people.phone_e164(slot)
        phones.append((cid, e164, people.phone_typed(e164, rng.randrange(5))))
    carded = [c for c in ids if rng.random() < 0.7]
    codes = rng.sample(range(10**7), len(carded))
    conn.executemany(
        "INSERT INTO customer_phones (customer_id, e164, display) VALUES (?, ?, ?)", phones
    )
    conn.executemany(
        "INSERT INTO customer_emails (customer_id, email) VALUES (?, ?)",
        [(c, people.email_for(who[c][0], who[c][1], c)) for c in ids if rng.random() < 0.6],
    )
    conn.executemany(
        "INSERT INTO identifiers (customer_id, system, value) VALUES (?, 'card', ?)",
        [(c, f"GR-{code:07d}") for c, code in zip(carded, codes, strict=True)],
    )


def name_terms(names: list[tuple[str, str]]) -> list[list[str]]:
    """Each customer's search terms, as NameIndex.index_customer finds them in their
    preferred and full names (index 0 stands for nobody)."""
    folded: dict[str, list[str]] = {}
    by_customer: list[list[str]] = [[]]
    for preferred, full in names[1:]:
        terms: list[str] = []
        for name in (preferred, full):
            for word in name.split():  # search_terms works word by word: same terms, cached
                found = folded.get(word)
                if found is None:
                    found = folded[word] = search_terms(word)
                terms += [t for t in found if t not in terms]
        by_customer.append(terms)
    return by_customer


def store_name_terms(conn: sqlite3.Connection, terms: list[list[str]]) -> None:
    """name_terms and name_vocab as NameIndex.index_customer writes them."""
    rows = [(t, cid) for cid in range(1, len(terms)) for t in terms[cid]]
    rows.sort()  # in key order, the b-tree is written front to back
    conn.executemany("INSERT INTO name_terms (term, customer_id) VALUES (?, ?)", rows)
    conn.execute("INSERT INTO name_vocab (term) SELECT DISTINCT term FROM name_terms")


def prefix_rows(terms: list[list[str]], ranks: Ranks) -> list[tuple[int, str, int]]:
    """name_prefixes' rows (customer, prefix, rank), in key order: each term's first 1-4
    letters, ranked by the customer's last visit."""
    cut: dict[str, tuple[str, ...]] = {}
    rows: list[tuple[int, str, int]] = []
    for cid in range(1, len(terms)):
        prefixes: set[str] = set()
        for term in terms[cid]:
            found = cut.get(term)
            if found is None:
                found = cut[term] = tuple(term[:n] for n in PREFIX_LENGTHS if len(term) >= n)
            prefixes.update(found)
        rank = ranks(cid)
        rows += [(cid, p, rank) for p in sorted(prefixes)]
    return rows
