"""Likely duplicates of a customer being typed in: offered before the new record is saved.

Same phone, same email or same card (one reason naming all a customer shares with the draft,
those sharing most first); or a similar name (token_sort_ratio ≥ SIMILAR_NAME on folded names)
with the same last four phone digits. Candidates come from indexes (phones, emails,
identifiers, and an index on phone endings), never from a scan of all customers.
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
    # customer → kind → what the draft shares with them, stored form → as shown:
    # {2: {"phone number": {"+16135550156": "613 555 0156"}}}
    same: dict[int, dict[str, dict[str, str]]] = {}

    def add(kind: str, shown: str, sql: str, value: str) -> None:
        for (customer_id,) in db.execute(sql, [value]):
            same.setdefault(int(customer_id), {}).setdefault(kind, {}).setdefault(value, shown)

    for typed in draft.phones:
        e164 = normalise_phone(typed, region)
        if e164:
            sql = "SELECT DISTINCT customer_id FROM customer_phones WHERE e164 = ?"
            add("phone number", clean_text(typed), sql, e164)
    for typed in draft.emails:
        email = normalise_email(typed)
        if email:
            sql = "SELECT DISTINCT customer_id FROM customer_emails WHERE email = ?"
            add("email", email, sql, email)
    for typed in draft.cards:
        code = card_code(typed)
        if code:
            sql = "SELECT customer_id FROM identifiers WHERE system = 'card' AND value = ?"
            add("card", code, sql, code)
    # The more the draft shares with a customer, the likelier it is them (sorted is stable).
    found = [
        Duplicate(cid, _same(kinds))
        for cid, kinds in sorted(same.items(), key=lambda item: -len(item[1]))
    ]
    found += [d for d in _similar_names(db, draft, region) if d.customer_id not in same]
    return found[:limit]


def _same(kinds: dict[str, dict[str, str]]) -> str:
    """All the draft shares with one customer, kinds in the order phone, email, card:
    "same phone number and card (613 555 0156, BG-100023)"."""
    words = [kind + ("s" if len(shown) > 1 else "") for kind, shown in kinds.items()]
    said = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"same {said} ({', '.join(s for shown in kinds.values() for s in shown.values())})"


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
