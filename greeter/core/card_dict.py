"""The greeting card as plain JSON-ready data, for `greeter profile --json` and scripts."""

from __future__ import annotations

from typing import Any

from greeter.core.models import Card


def card_to_dict(card: Card) -> dict[str, Any]:
    customer, stats = card.customer, card.stats
    birthday = customer.birthday
    return {
        "id": customer.id,
        "preferred_name": customer.preferred_name,
        "full_name": customer.full_name,
        "pronunciation": customer.pronunciation,
        "birthday": (
            {"month": birthday.month, "day": birthday.day, "year": birthday.year}
            if birthday
            else None
        ),
        "customer_since": card.customer_since.isoformat(),
        "phones": [p.display for p in card.phones],
        "emails": list(card.emails),
        "cards": list(card.cards),
        "greeting": card.greeting.text,
        "greeting_reason": card.greeting.reason,
        "badges": [{"name": b.name, "reason": b.reason} for b in card.badges],
        "visits": stats.visits,
        "last_visit": stats.last_visit.isoformat() if stats.last_visit else None,
        "lifetime_spend": stats.lifetime_spend_cents / 100,
        "currency": card.currency,
        "usual_items": [
            {"item": u.item, "times": u.times, "quantity": u.quantity} for u in card.usual_items
        ],
        "recent_purchases": [
            {
                "date": p.purchased_at.isoformat(),
                "receipt": p.receipt_id,
                "items": [
                    {
                        "item": line.item,
                        "quantity": line.quantity,
                        "amount": line.amount_cents / 100,
                    }
                    for line in p.lines
                ],
                "total": p.total_cents / 100,
                "currency": p.currency,
            }
            for p in card.recent_purchases
        ],
        "notes": [
            {
                "id": n.id,
                "text": n.text,
                "kind": n.kind.value,
                "pinned": n.pinned,
                "author": n.author,
                "created": n.created.isoformat(),
                "edited": n.edited.isoformat() if n.edited else None,
                "edited_by": n.edited_by,
                "confirmed": n.confirmed.isoformat() if n.confirmed else None,
                "earlier_versions": n.earlier_versions,
                "stale": n.stale,
            }
            for n in card.notes
        ],
        "follow_ups": [
            {
                "id": f.id,
                "kind": f.kind.value,
                "text": f.text,
                "due": f.due.isoformat() if f.due else None,
                "status": f.status,
                "taken_by": f.taken_by,
            }
            for f in card.follow_ups
        ],
        "preferences": [
            {"id": p.id, "label": p.label, "value": p.value, "author": p.author}
            for p in card.preferences
        ],
        "links": [
            {
                "id": link.id,
                "label": link.label,
                "outgoing": link.outgoing,
                "wording": link.wording,
                "text": link.text(),
                "other_id": link.other_id,
                "other_name": link.other_name,
            }
            for link in card.links
        ],
        "occasions": [
            {"id": o.id, "label": o.label, "month": o.month, "day": o.day, "year": o.year}
            for o in card.occasions
        ],
        "tags": [
            {
                "name": t.name,
                "tagged_by": t.tagged_by,
                "tagged_at": t.tagged_at.isoformat() if t.tagged_at else None,
            }
            for t in card.tags
        ],
    }
