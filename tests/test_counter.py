"""The counter service the window and the command line share: what showing a card reads."""

from __future__ import annotations

import datetime as dt

from greeter.counter import Counter
from greeter.store import Store
from tests.helpers import TODAY, add_customer, add_purchase


def test_a_card_looks_at_the_settings_once_and_follows_another_connections_change(
    store: Store,
) -> None:
    lisa = add_customer(store, "Lisa", "Lisa Marsh", card="BG-17")
    add_purchase(store, lisa, dt.datetime(2026, 11, 1, 10, 0), ("Phone case", 2999))
    counter = Counter(store, today=lambda: TODAY)
    looks: list[str] = []
    store.db.conn.set_trace_callback(
        lambda sql: looks.append(sql) if "data_version" in sql else None
    )
    try:
        assert counter.card(lisa).currency == "CAD"
        assert len(looks) == 1  # the card and its amounts by one look at the file's settings

        other = Store(store.path)  # `greeter settings` from the command line, say
        other.settings.set("currency", "EUR")
        other.close()

        assert counter.card(lisa).currency == "EUR"  # counts from the very next card
    finally:
        store.db.conn.set_trace_callback(None)
