"""`greeter audit --customer N` through the real command: a link is on both customers' trails,
and what a staff member did at the counter is put down to them, whoever was on duty."""

from __future__ import annotations

import json
from pathlib import Path

from greeter.core.models import FollowUpKind
from greeter.store import Store
from tests.helpers import add_customer, run_cli


def test_greeter_audit_shows_a_link_on_both_customers_and_marcuss_own_changes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop.db"
    store = Store(path)
    priya = store.staff.add("Priya", "owner")
    marcus = store.staff.add("Marcus", "staff")
    store.actor_id = priya  # Priya is on duty; Marcus serves
    siobhan = add_customer(store, "Siobhán", "Siobhán Ó Briain")
    cillian = add_customer(store, "Cillian", "Cillian Ó Briain")
    store.links.add(siobhan, cillian, "mother of", marcus)
    call = store.follow_ups.add(siobhan, FollowUpKind.CALL_BACK, "Ring her", marcus)
    store.follow_ups.mark_done(call, marcus)
    store.close()

    def audit(customer_id: int) -> list[tuple[str, str, str]]:
        result = run_cli("--db", str(path), "audit", "--json", "--customer", str(customer_id))
        assert result.returncode == 0, result.stderr
        return [(e["staff"], e["action"], e["table"]) for e in json.loads(result.stdout)]

    link = ("Marcus", "insert", "customer_links")
    assert audit(siobhan)[:3] == [
        ("Marcus", "update", "follow_ups"),
        ("Marcus", "insert", "follow_ups"),
        link,
    ]
    assert audit(cillian)[0] == link
    shown = run_cli("--db", str(path), "audit", "--customer", str(cillian))
    assert shown.returncode == 0, shown.stderr
    newest = shown.stdout.splitlines()[0]
    assert "Marcus" in newest and "insert customer_links" in newest
    assert newest.endswith(f"insert customer_links #1 (customers {cillian} ↔ {siobhan})")
