"""Assembling the greeting card: a handful of indexed reads plus the core's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from greeter.core.badges import compute_badges
from greeter.core.greeting import suggest_greeting
from greeter.core.identify import shown_phone
from greeter.core.models import Card, Phone
from greeter.core.settings import ShopSettings
from greeter.store.customers import Customers
from greeter.store.follow_ups import FollowUps
from greeter.store.links import Links
from greeter.store.notes import Notes
from greeter.store.occasions import Occasions
from greeter.store.preferences import Preferences
from greeter.store.purchases import Purchases
from greeter.store.spend import SpendRank
from greeter.store.tags import Tags

MoneyFormat = Callable[[int, str], str]


def plain_money(cents: int, currency: str) -> str:
    return f"{currency} {cents / 100:,.2f}"


class Cards:
    def __init__(
        self,
        customers: Customers,
        purchases: Purchases,
        notes: Notes,
        follow_ups: FollowUps,
        *,
        preferences: Preferences,
        links: Links,
        occasions: Occasions,
        tags: Tags,
        spend: SpendRank,
    ) -> None:
        self._customers = customers
        self._purchases = purchases
        self._notes = notes
        self._follow_ups = follow_ups
        self._preferences = preferences
        self._links = links
        self._occasions = occasions
        self._tags = tags
        self._spend = spend

    def assemble(
        self,
        customer_id: int,
        settings: ShopSettings,
        today: dt.date | None = None,
        money: MoneyFormat = plain_money,
    ) -> Card:
        today = today or dt.date.today()
        customer = self._customers.get(customer_id)
        stats = self._purchases.stats(customer_id, today, settings.regular_window_days)
        recent = self._purchases.recent(customer_id)
        last = recent[0] if recent else None
        follow_ups = self._follow_ups.open_for(customer_id)
        done = self._follow_ups.done_since(customer_id, last.purchased_at.date()) if last else ()
        tags = self._tags.for_customer(customer_id)
        added = customer.created.date()
        from_import = customer.imported_from is not None  # known to a till before
        return Card(
            customer=customer,
            phones=tuple(
                Phone(p.e164, shown_phone(p, settings.region))
                for p in self._customers.phones(customer_id)
            ),
            emails=self._customers.emails(customer_id),
            cards=self._customers.cards(customer_id),
            stats=stats,
            currency=settings.currency,
            greeting=suggest_greeting(
                customer.preferred_name,
                today=today,
                stats=stats,
                birthday=customer.birthday,
                follow_ups=follow_ups,
                last_purchase=last,
                rules=settings,
                done_since_purchase=done,
                added=added,
                from_import=from_import,
            ),
            badges=tuple(
                compute_badges(
                    stats,
                    customer.birthday,
                    today,
                    settings,
                    money(stats.spend_last_year_cents, settings.currency),
                    vip_threshold_cents=self._spend.vip_threshold(today, settings.vip_top_percent),
                    tags=tags,
                    added=added,
                    from_import=from_import,
                )
            ),
            usual_items=self._purchases.usual_items(customer_id),
            recent_purchases=recent,
            notes=self._notes.for_card(
                customer_id, today=today, stale_days=settings.note_stale_days
            ),
            follow_ups=follow_ups,
            preferences=self._preferences.for_customer(customer_id),
            links=self._links.for_customer(customer_id),
            occasions=self._occasions.for_customer(customer_id, today),
            tags=tags,
        )
