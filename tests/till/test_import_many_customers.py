"""A customers file is stored set-wise, a batch of new customers at a time: each row is still
matched, added, reported and audited exactly as on its own, and the database is not asked
about every row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greeter.core.text import query_words
from greeter.store import Store, audit_schema
from greeter.store.customers import NewCustomer
from greeter.till import customer_import
from tests.helpers import add_customer
from tests.till.csv_files import count, load, write_csv

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Phone", "Card", "Tags", "Note",
          "Accepts Email Marketing", "Birthday"]  # fmt: skip
MIXED = [
    ["C-10", "Bob", "Smith", "bob@example.com", "613-555-0199", "GR-1", "VIP", "Size 10 shoes",
     "yes", ""],  # line 2: new
    ["", "Lisa", "Marsh", "lisa@example.com", "(613) 555-0123", "", "", "", "", "1985-03-14"],
    ["", "Luc", "Tremblay", "famille@example.com", "", "", "", "", "no", ""],  # Marie's email
    ["C-7", "Ann", "Lee", "ann.lee@example.com", "", "", "", "", "", ""],  # line 5: Ann's id
    ["", "Robert", "Jones", "", "613-555-0199", "", "", "", "", ""],  # Bob's phone
    ["C-10", "Bob", "Smith", "bob@example.com", "613-555-0100", "", "", "", "", ""],  # Bob again
    ["C-10", "Bob", "Smith", "bob@example.com", "613-555-0199", "GR-1", "VIP", "Size 10 shoes",
     "yes", ""],  # line 8: line 2 repeated
    ["C-11", "Dee", "Roy", "dee@example.com", "", "GR-1", "", "", "", ""],  # Bob's card
    ["", "Gérard", "Côté", "gerard@example.com", "613 555 0102", "", "", "", "", ""],
    ["", "Gerard", "Cote", "", "613-555-0102", "", "", "Likes jazz", "", ""],  # line 11: him
    ["C-12", "Eve", "Park", "eve@example.com", "", "GR-2", "", "", "", ""],
    ["C-13", "Finn", "Park", "finn@example.com", "", "GR-2", "", "", "", ""],  # line 13: Eve's
]  # fmt: skip


def _stored(store: Store, customer_id: int) -> dict[str, object]:
    c = store.customers.get(customer_id)
    return {
        "names": (c.preferred_name, c.full_name, c.birthday and c.birthday.month),
        "phones": [p.e164 for p in store.customers.phones(customer_id)],
        "emails": list(store.customers.emails(customer_id)),
        "ids": list(store.customers.identifiers(customer_id)),
        "tags": list(store.tags.of(customer_id)),
        "notes": [(n.text, n.author) for n in store.notes.all_for(customer_id)],
        "email consent": store.consents.latest(customer_id, "email"),
    }


def _audited(store: Store, customer_id: int) -> list[tuple[str, str | None, str, str]]:
    """The customer's audit trail: what was done to which table, in what detail, by whom."""
    return sorted(
        (e.action, e.table_name, json.dumps(e.detail, sort_keys=True), e.staff_name)
        for e in store.audit.entries(customer_id=customer_id, limit=None)
    )


def _found(store: Store, typed: str) -> list[str]:
    return [h.full_name for h in store.names.search(query_words(typed))]


# (new customers stored at once, rows audited set-wise from): one by one and audited by the
# triggers; two at a time, audited set-wise; all at once, audited set-wise
@pytest.mark.parametrize(("batch", "setwise_from"), [(1, 10_000), (2, 1), (5000, 1)])
def test_a_mixed_file_is_stored_as_its_rows_say_whatever_the_batch(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, setwise_from: int
) -> None:
    monkeypatch.setattr(customer_import, "BATCH", batch)
    monkeypatch.setattr(audit_schema, "SETWISE_FROM", setwise_from)
    store.actor_id = store.staff.add("Priya", "owner")
    lisa = add_customer(store, "Lisa", phone="613 555 0123")
    marie = add_customer(store, "Marie", "Marie Tremblay", email="famille@example.com")
    ann = store.customers.add(
        NewCustomer("Ann", "Ann Lee", emails=["ann@example.com"], external_ids=[("shopify", "C-7")])
    )
    bob, luc, robert, gerard, eve = range(ann + 1, ann + 6)  # the new ones, in the file's order
    audited_before = count(store, "audit")

    result = load(store, write_csv(tmp_path / "customers.csv", HEADER, MIXED), "customers",
                  skip_bad=True, staff="Priya")  # fmt: skip

    assert (result.new, result.updated, result.unchanged, result.bad) == (5, 4, 0, 2)
    assert result.duplicates == [(8, 2)]
    assert result.shared == [(4, marie), (6, bob)]  # added apart, each named with the other
    assert [str(p) for p in result.problems] == [
        f"line 9, column Card: Card GR-1 already belongs to Bob Smith (#{bob}).",
        f"line 13, column Card: Card GR-2 already belongs to Eve Park (#{eve}).",
    ]
    assert count(store, "customers") == 8
    assert _stored(store, bob) == {
        "names": ("Bob", "Bob Smith", None),
        "phones": ["+16135550199", "+16135550100"],  # the second from line 7
        "emails": ["bob@example.com"],
        "ids": [("card", "GR-1"), ("shopify", "C-10")],
        "tags": ["VIP"],
        "notes": [("Size 10 shoes", "Shopify import")],
        "email consent": True,
    }
    assert _stored(store, lisa) == {  # found by her phone and first name; blanks filled
        "names": ("Lisa", "Lisa Marsh", 3),
        "phones": ["+16135550123"],
        "emails": ["lisa@example.com"],
        "ids": [], "tags": [], "notes": [], "email consent": None,
    }  # fmt: skip
    assert _stored(store, ann)["emails"] == ["ann@example.com", "ann.lee@example.com"]
    assert _stored(store, marie)["emails"] == ["famille@example.com"]
    assert _stored(store, luc)["emails"] == ["famille@example.com"]
    assert _stored(store, luc)["email consent"] is False
    assert _stored(store, robert)["phones"] == ["+16135550199"]
    assert _stored(store, gerard) == {  # line 11 is him, by his phone and a name alike
        "names": ("Gérard", "Gérard Côté", None),
        "phones": ["+16135550102"],
        "emails": ["gerard@example.com"],
        "ids": [], "tags": [], "notes": [("Likes jazz", "Shopify import")],
        "email consent": None,
    }  # fmt: skip
    assert _stored(store, eve)["ids"] == [("card", "GR-2"), ("shopify", "C-12")]

    # One record per row written, as when the rows were stored one by one.
    added = ("insert", "customers", "{}", "Priya")
    assert _audited(store, bob) == sorted([
        added, ("insert", "consents", "{}", "Priya"), ("insert", "customer_emails", "{}", "Priya"),
        ("insert", "customer_phones", "{}", "Priya"), ("insert", "customer_phones", "{}", "Priya"),
        ("insert", "customer_tags", "{}", "Priya"),
        ("insert", "identifiers", '{"system": "card"}', "Priya"),
        ("insert", "identifiers", '{"system": "shopify"}', "Priya"),
        ("insert", "notes", "{}", "Priya"),
    ])  # fmt: skip
    assert _audited(store, lisa) == [  # added at the counter, then updated by line 3
        ("insert", "customer_emails", "{}", "Priya"), ("insert", "customer_phones", "{}", "Priya"),
        added,
        ("update", "customers",
         '{"changed": ["full_name", "birth_month", "birth_day", "birth_year"]}', "Priya"),
    ]  # fmt: skip
    assert _audited(store, robert) == sorted([added, ("insert", "customer_phones", "{}", "Priya")])
    # Bob 9, Lisa 2, Luc 3, Ann 1, Robert 2, Gérard 4, Eve 4; the import logged and recorded
    assert count(store, "audit") - audited_before == 9 + 2 + 3 + 1 + 2 + 4 + 4 + 2

    # Found by name and with a typo at once.
    assert _found(store, "smi") == ["Bob Smith"]
    assert _found(store, "smoth") == ["Bob Smith"]
    assert _found(store, "jon") == ["Robert Jones"]
    assert _found(store, "cote") == ["Gérard Côté"]
    assert _found(store, "trem") == ["Luc Tremblay", "Marie Tremblay"]
    assert _found(store, "park") == ["Eve Park"]


def test_thousands_of_customers_are_stored_without_a_question_per_row(
    store: Store, tmp_path: Path
) -> None:
    known = add_customer(store, "Ann", "Ann Lee", email="p7@example.com")
    given = [f"Pat{a}{b}{c}{d}" for a in "bcdfg" for b in "aeiou" for c in "klmnprstvz"
             for d in "abcdefghijkl"]  # fmt: skip
    rows = [[f"SQ-{n}", given[n], "Lee", f"p{n}@example.com"] for n in range(3000)]
    path = write_csv(tmp_path / "customers.csv", ["Customer ID", "First Name", "Last Name",
                                                  "Email"], rows)  # fmt: skip
    audited_before = count(store, "audit")
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)

    result = load(store, path, "customers")

    store.db.conn.set_trace_callback(None)
    assert (result.new, result.updated, result.shared) == (3000, 0, [(9, known)])  # not Ann
    asked = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "SAVEPOINT"))]
    assert len(asked) < 100  # one by one, it took five questions and three savepoints a row
    assert count(store, "customers") == 3001
    for table in ("customers", "customer_emails", "identifiers"):  # one record each, as before
        audited = store.db.execute(
            "SELECT count(*), count(DISTINCT customer_id) FROM audit WHERE id > ?"
            " AND action = 'insert' AND table_name = ?", [audited_before, table]
        ).fetchone()  # fmt: skip
        assert tuple(audited) == (3000, 3000)
    [pat] = store.customers.find_by_email("p2999@example.com")
    assert _audited(store, pat) == [
        ("insert", "customer_emails", "{}", ""), ("insert", "customers", "{}", ""),
        ("insert", "identifiers", '{"system": "import"}', ""),
    ]  # fmt: skip
    assert _found(store, "patgozl")[0] == "Patgozl Lee"
    assert _found(store, "ptagozl lee") == ["Patgozl Lee"]  # a typo


def test_a_bad_row_sharing_a_phone_is_not_said_to_be_added(store: Store, tmp_path: Path) -> None:
    gerard = add_customer(store, "Gérard", "Gérard Côté", phone="613 555 0102")
    path = write_csv(
        tmp_path / "customers.csv",
        ["First Name", "Last Name", "Email", "Phone"],
        [["Bob", "X" * 120, "bob@example.com", "613-555-0102"],  # line 2: a name too long
         ["Luc", "Jones", "luc@example.com", "613-555-0102"]],
    )  # fmt: skip

    result = load(store, path, "customers", skip_bad=True)

    assert (result.new, result.bad) == (1, 1)
    assert result.shared == [(3, gerard)]  # Luc, added; not Bob, left out
    assert "line 2 shares" not in result.summary()
