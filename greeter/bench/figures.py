"""The data figures (scan to card, phone, email, name search), each with its floor and peers."""

from __future__ import annotations

import re
from collections.abc import Callable

from greeter.bench.measure import PEER_BUDGET_S, PEER_LEAST, Figure, Reference, time_each, time_once
from greeter.bench.peers import LikeSearch, ProxySearch
from greeter.bench.samples import PREFIX_LENGTHS, Samples
from greeter.core.identify import read_query
from greeter.core.text import query_words, search_terms
from greeter.counter import Counter

_END = "\U0010ffff"
_NOT_DIGITS = re.compile(r"\D")
LIKE = "substring LIKE over name, phone and email, sorted by name, first 20 (open-source POS)"
PROXY = "QSortFilterProxyModel.setFilterFixedString over every customer (desktop apps)"


def data_figures(
    counter: Counter, samples: Samples, proxy: ProxySearch, say: Callable[[str], None]
) -> list[Figure]:
    db = counter.store.db
    like = LikeSearch(db)
    figures = [scan_to_card(counter, samples)]
    say("phone lookup")
    figures.append(_lookup(
        counter, "phone_lookup", "a phone in any format to its customer (Counter.recognise)",
        [typed for typed, _ in samples.phones],
        lambda e: _rows(db, "SELECT customer_id FROM customer_phones WHERE e164 = ?", e),
        [e164 for _, e164 in samples.phones],
        "one indexed read: customer_phones by e164 (number already in E.164)",
        lambda t: like.phone(_NOT_DIGITS.sub("", t)), proxy,
    ))  # fmt: skip
    say("email lookup")
    figures.append(_lookup(
        counter, "email_lookup", "an email to its customer (Counter.recognise)",
        samples.emails,
        lambda t: _rows(db, "SELECT customer_id FROM customer_emails WHERE email = ?", t),
        samples.emails,
        "one indexed read: customer_emails by email",
        like.email, proxy,
    ))  # fmt: skip
    for length in PREFIX_LENGTHS:
        say(f"name search, {length} letter{'s' if length > 1 else ''}")
        figures.append(name_search(
            counter, f"search_prefix_{length}", samples.prefixes(length),
            f"the candidates for a {length}-letter name prefix, as the window asks for them",
            like, proxy))  # fmt: skip
    say("name search, a whole word")
    figures.append(name_search(
        counter, "search_word", samples.words,
        "the candidates for a whole name word (five letters or more)", like, proxy))  # fmt: skip
    say("name search, a first name and an initial")
    figures.append(name_search(
        counter, "search_two_words", samples.pairs,
        "the candidates for a first name and the surname's initial", like, proxy))  # fmt: skip
    say("name search with a typo")
    figure = name_search(
        counter, "search_typo", [t for t, _ in samples.typos],
        "the candidates for a whole name word with one typo", like, proxy,
    )  # fmt: skip
    tried = samples.typos[:200]
    found = sum(_finds(counter, typo, meant) for typo, meant in tried)
    figure.notes.append(f"a customer with the word meant is listed for {found}/{len(tried)}")
    figure.notes.append("the peers find nobody for a typo")
    figures.append(figure)
    return figures


def scan_to_card(counter: Counter, samples: Samples) -> Figure:
    """Scanned code to the card's data exactly as the window gets it."""
    db = counter.store.db
    first = samples.cards[0]
    first_card = time_once(lambda: _card(counter, first))  # may work out today's VIP line
    figure = Figure(
        "scan_to_card_data",
        "a scanned card code to the greeting card's data (Counter.recognise + Counter.card)",
        time_each(lambda code: _card(counter, code), samples.cards),
    )
    again = time_each(lambda code: _card(counter, code), samples.cards)
    figure.notes.append(
        f"the same cards again, now cached: median "
        f"{again.median_ms:.3g} ms, p99 {again.p99_ms:.3g} ms"
    )
    find = "SELECT customer_id FROM identifiers WHERE system = 'card' AND value = ?"
    ids = {code: counter.recognise(code).customer_id or 0 for code in samples.cards}
    figure.references["floor"] = Reference(
        time_each(
            lambda code: (_rows(db, find, code.upper()), card_reads(db, ids[code])), samples.cards
        ),
        "the card code's indexed read, then every section of the card with one raw indexed "
        "query each, no Python objects",
    )
    figure.references["code_read"] = Reference(
        time_each(lambda code: _rows(db, find, code.upper()), samples.cards),
        "the card code's indexed read alone: the customer id, not the card",
    )
    figure.notes.append(
        f"first card of the day (works out the VIP line): {first_card * 1e3:.0f} ms"
    )
    return figure


def card_reads(db: object, customer_id: int) -> None:
    """The minimal raw SQL for the card's contents: one indexed query per section."""
    execute = db.execute  # type: ignore[attr-defined]
    for sql in _CARD_SQL:
        execute(sql, [customer_id]).fetchall()


_CARD_SQL = (
    "SELECT * FROM customers WHERE id = ?",
    "SELECT e164, display FROM customer_phones WHERE customer_id = ?",
    "SELECT email FROM customer_emails WHERE customer_id = ?",
    "SELECT system, value FROM identifiers WHERE customer_id = ?",
    "SELECT purchased_at, total_cents FROM purchases WHERE customer_id = ?"
    " AND purchased_at >= date('now', '-365 days')",
    "SELECT l.* FROM purchase_lines l WHERE l.purchase_id IN (SELECT id FROM purchases"
    " WHERE customer_id = ? ORDER BY purchased_at DESC LIMIT 8)",
    "SELECT * FROM customer_items WHERE customer_id = ? AND times > 1 ORDER BY times DESC LIMIT 5",
    "SELECT * FROM notes WHERE customer_id = ? AND retired IS NULL LIMIT 6",
    "SELECT * FROM follow_ups WHERE customer_id = ? AND status = 'open'",
    "SELECT * FROM customer_tags WHERE customer_id = ?",
    "SELECT * FROM preferences WHERE customer_id = ?",
    "SELECT * FROM customer_links WHERE from_id = ?1 OR to_id = ?1",
    "SELECT * FROM occasions WHERE customer_id = ?",
)


def name_search(
    counter: Counter, name: str, texts: list[str], what: str, like: LikeSearch,
    proxy: ProxySearch,
) -> Figure:  # fmt: skip
    region = counter.settings.region
    db = counter.store.db

    def ours(text: str) -> object:
        return counter.search_names(list(read_query(text, region).words))

    # Steady state: the typo search's tables for each word length are built once per
    # vocabulary (after a new name word, the first search of that length builds it again).
    for text in {len(t): t for t in texts}.values():
        ours(text)
    figure = Figure(name, what + " (read_query + Counter.search_names)", time_each(ours, texts))
    drivers = [max(query_words(t) or [t], key=len) for t in texts]
    figure.references["floor"] = Reference(
        time_each(
            lambda w: _rows(
                db,
                "SELECT customer_id FROM name_terms WHERE term >= ? AND term < ? LIMIT 20",
                w,
                w + _END,
            ),  # fmt: skip
            drivers,
        ),
        "a prefix range on name_terms for the longest word, first 20 (no ranking, no names)",
    )
    figure.references["peer_like"] = Reference(
        time_each(like.find, texts, budget_s=PEER_BUDGET_S, least=PEER_LEAST), LIKE
    )
    figure.references["peer_proxy"] = Reference(
        time_each(proxy.find, texts, budget_s=PEER_BUDGET_S, least=PEER_LEAST), PROXY
    )
    return figure


def _lookup(
    counter: Counter, name: str, what: str, texts: list[str],
    floor: Callable[[str], object], floor_texts: list[str], floor_what: str,
    like: Callable[[str], object], proxy: ProxySearch,
) -> Figure:  # fmt: skip
    figure = Figure(name, what, time_each(counter.recognise, texts))
    recognised = sum(counter.recognise(t).customer_id is not None for t in texts[:100])
    if recognised < min(100, len(texts)):
        figure.notes.append(f"{recognised} of the first 100 recognised at once (shared)")
    figure.references["floor"] = Reference(time_each(floor, floor_texts), floor_what)
    figure.references["peer_like"] = Reference(
        time_each(like, texts, budget_s=PEER_BUDGET_S, least=PEER_LEAST),
        "substring LIKE on the column (open-source POS)",
    )
    figure.references["peer_proxy"] = Reference(
        time_each(proxy.find, texts, budget_s=PEER_BUDGET_S, least=PEER_LEAST), PROXY
    )
    return figure


def _card(counter: Counter, code: str) -> object:
    found = counter.recognise(code).customer_id
    if found is None:
        raise RuntimeError(f"the card {code} recognises nobody")
    return counter.card(found)


def _rows(db: object, sql: str, *params: object) -> list[object]:
    return db.execute(sql, params).fetchall()  # type: ignore[attr-defined, no-any-return]


def _finds(counter: Counter, typo: str, meant: str) -> bool:
    hits = counter.search_names([typo])
    return any(meant in search_terms(h.preferred_name + " " + h.full_name) for h in hits)
