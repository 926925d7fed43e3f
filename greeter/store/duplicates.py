"""Likely duplicates of a customer being typed in: offered before the new record is saved.

Same phone, same email or same card; or a similar name (token_sort_ratio ≥ SIMILAR_NAME on
folded names) with the same last four phone digits. Candidates come from indexes (phones,
emails, identifiers, and an index on phone endings), never from a scan of all customers.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sqlite_utils import Database

from greeter.core.customer_form import SIMILAR_NAME, CustomerDraft, name_similarity
from greeter.core.identify import card_code, normalise_email, normalise_phone
from greeter.core.text import clean_text

ENDING = 4  # digits of a phone that must match (the index is on substr(e164, -4))
_CANDIDATES = 2000


class Duplicate(NamedTuple):
    customer_id: int
    reason: str


def _endings(draft: CustomerDraft, region: str) -> list[str]:
    endings = []
    for typed in draft.phones:
        digits = re.sub(r"\D", "", normalise_phone(typed, region) or typed)
        if len(digits) >= ENDING and digits[-ENDING:] not in endings:
            endings.append(digits[-ENDING:])
    return endings


def likely_duplicates(
    db: Database, draft: CustomerDraft, region: str, limit: int = 10
) -> list[Duplicate]:
    found: dict[int, str] = {}

    def add(ids: list[int], reason: str) -> None:
        for customer_id in ids:
            found.setdefault(customer_id, reason)

    def ids(sql: str, params: list[object]) -> list[int]:
        return [int(r[0]) for r in db.execute(sql, params)]

    for typed in draft.phones:
        e164 = normalise_phone(typed, region)
        if e164:
            add(
                ids("SELECT DISTINCT customer_id FROM customer_phones WHERE e164 = ?", [e164]),
                f"same phone number ({clean_text(typed)})",
            )
    for typed in draft.emails:
        email = normalise_email(typed)
        if email:
            add(
                ids("SELECT DISTINCT customer_id FROM customer_emails WHERE email = ?", [email]),
                f"same email ({email})",
            )
    for typed in draft.cards:
        code = card_code(typed)
        if code:
            add(
                ids(
                    "SELECT customer_id FROM identifiers WHERE system = 'card' AND value = ?",
                    [code],
                ),
                f"same card ({code})",
            )
    for customer_id, reason in _similar_names(db, draft, region):
        found.setdefault(customer_id, reason)
    return [Duplicate(cid, reason) for cid, reason in list(found.items())[:limit]]


def _similar_names(db: Database, draft: CustomerDraft, region: str) -> list[Duplicate]:
    endings = _endings(draft, region)
    name = clean_text(draft.full_name) or clean_text(draft.preferred_name)
    if not endings or not name:
        return []
    # Customers with the same phone ending, from its index (about one in 10,000 customers
    # share an ending), then their names compared: a typo anywhere in the name still counts.
    marks = ",".join("?" * len(endings))
    rows = db.execute(
        f"""SELECT c.id, c.preferred_name, c.full_name, substr(p.e164, -4)
        FROM customer_phones p JOIN customers c ON c.id = p.customer_id
        WHERE substr(p.e164, -4) IN ({marks}) LIMIT ?""",
        [*endings, _CANDIDATES],
    )
    scored: dict[int, tuple[float, str]] = {}
    for cid, preferred, full, ending in rows:
        score = name_similarity(name, full or preferred)
        if not (draft.full_name.strip() and full):
            score = max(score, name_similarity(draft.preferred_name, preferred))
        if score >= SIMILAR_NAME and score > scored.get(cid, (0.0, ""))[0]:
            scored[cid] = (
                score,
                f"similar name ({full or preferred}) and the same phone ending (…{ending})",
            )
    best = sorted(scored.items(), key=lambda item: -item[1][0])
    return [Duplicate(cid, reason) for cid, (_score, reason) in best]
