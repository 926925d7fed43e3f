"""The demo shop: an Ottawa gadget-and-gift shop whose customers re-enact service stories."""

# resources/demo/shop.json holds the shop. Every date in it is relative to the day it is
# loaded, so the demo always looks current:
#
#   {"settings": {ShopSettings field: value},
#    "staff": [{"name", "role"}],
#    "customers": [{
#        "preferred_name", "full_name", "pronunciation",
#        "birthday": {"month", "day", "year"?} or {"in_days": N},   (optional)
#        "phones": [as typed], "emails": [...], "cards": [...],
#        "created_days_ago": N,           (optional: defaults to the first purchase)
#        "purchases": [{"days_ago", "time": "HH:MM", "receipt",
#                       "lines": [{"item", "quantity", "amount_cents"}]}],
#        "notes": [{"text", "author", "days_ago", "kind", "pinned"?}],
#        "follow_ups": [{"kind", "text", "taken_by", "created_days_ago", "due_in_days",
#                        "done_days_ago"?, "done_by"?}],
#        "preferences": [{"label", "value", "author"}], "tags": [...],
#        "occasions": [{"label", "in_days"} or {"label", "month", "day"}]}],
#    "links": [{"from", "to" (customer numbers in file order), "label", "author"}]}
#
# Customers get ids in file order, so the demo cast (listed first) is always 1 to 7.

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from greeter.core.identify import require_email, require_phone
from greeter.core.models import Birthday, FollowUpKind, NoteKind, Phone, PurchaseLine
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.database import write
from greeter.store.errors import Conflict, Invalid
from greeter.store.purchases import NewPurchase

SOURCE = "demo"
NOON = "12:00"


def read_demo() -> dict[str, Any]:
    resource = files("greeter.resources") / "demo" / "shop.json"
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data


def _at(today: dt.date, days_ago: int, time: str = NOON) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time.fromisoformat(time))


def _birthday(raw: dict[str, int] | None, today: dt.date) -> Birthday | None:
    if not raw:
        return None
    if "in_days" in raw:
        day = today + dt.timedelta(days=raw["in_days"])
        return Birthday(day.month, day.day, raw.get("year"))
    return Birthday(raw["month"], raw["day"], raw.get("year"))


def load_demo(store: Store, today: dt.date | None = None) -> None:
    """Add the demo shop to `store` in one transaction: all of it, or nothing."""
    today = today or dt.date.today()
    data = read_demo()
    with write(store.db):
        settings = replace(store.settings.load(), **data["settings"])
        store.settings.save(settings)
        staff = {s["name"]: store.staff.ensure(s["name"], s["role"]).id for s in data["staff"]}
        owner = next(staff[s["name"]] for s in data["staff"] if s["role"] == "owner")
        store.actor_id = owner  # the demo's own records are the owner's doing

        def staff_id(name: str) -> int:
            if name not in staff:
                raise Invalid(f"The demo names “{name}”, who is not on the demo staff.")
            return staff[name]

        for raw in data["customers"]:
            purchases = raw.get("purchases", [])
            first = max((p["days_ago"] for p in purchases), default=0)
            customer_id = store.customers.add(
                NewCustomer(
                    preferred_name=raw["preferred_name"],
                    full_name=raw.get("full_name", ""),
                    pronunciation=raw.get("pronunciation", ""),
                    birthday=_birthday(raw.get("birthday"), today),
                    phones=[Phone(require_phone(p, settings.region), p) for p in raw["phones"]],
                    emails=[require_email(e) for e in raw.get("emails", [])],
                    cards=raw.get("cards", []),
                    created=_at(today, raw.get("created_days_ago", first), "08:00"),
                )
            )
            for p in purchases:
                recorded = store.purchases.record(
                    NewPurchase(
                        customer_id=customer_id,
                        purchased_at=_at(today, p["days_ago"], p["time"]),
                        lines=[
                            PurchaseLine(line["item"], line["quantity"], line["amount_cents"])
                            for line in p["lines"]
                        ],
                        currency=settings.currency,
                        receipt_id=p["receipt"],
                        source=SOURCE,
                    )
                )
                if recorded is None:
                    raise Conflict(f"Demo receipt {p['receipt']} is listed twice.")
            for n in raw.get("notes", []):
                store.notes.add(
                    customer_id,
                    n["text"],
                    staff_id(n["author"]),
                    kind=NoteKind(n.get("kind", "general")),
                    pinned=n.get("pinned", False),
                    created=_at(today, n["days_ago"], n.get("time", NOON)),
                )
            for pref in raw.get("preferences", []):
                store.preferences.add(
                    customer_id, pref["label"], pref["value"], staff_id(pref["author"])
                )
            for tag in raw.get("tags", []):
                store.tags.tag(customer_id, tag, staff_id(data["staff"][0]["name"]))
            for occasion in raw.get("occasions", []):
                day = _birthday(occasion, today)
                assert day is not None
                store.occasions.add(customer_id, occasion["label"], day.month, day.day)
            for f in raw.get("follow_ups", []):
                due = f.get("due_in_days")
                follow_up_id = store.follow_ups.add(
                    customer_id,
                    FollowUpKind(f["kind"]),
                    f["text"],
                    staff_id(f["taken_by"]),
                    due=today + dt.timedelta(days=due) if due is not None else None,
                    created=_at(today, f["created_days_ago"], "10:30"),
                    today=today,
                )
                if "done_days_ago" in f:
                    store.follow_ups.mark_done(
                        follow_up_id, staff_id(f["done_by"]), when=_at(today, f["done_days_ago"])
                    )
        for link in data.get("links", []):  # customers are numbered from 1 in file order
            store.links.add(link["from"], link["to"], link["label"], staff_id(link["author"]))


def write_demo(path: Path | str) -> Path:
    """Create a new database file at `path` holding the demo shop; never touch an existing one."""
    path = Path(path)
    if path.exists():
        raise Conflict(
            f"{path} already exists. The demo shop is written only to a new file, so that no "
            "shop's data is ever mixed with it: choose another path."
        )
    store = Store(path)
    try:
        load_demo(store)
    except BaseException:
        store.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
    return path
