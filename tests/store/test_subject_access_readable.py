"""A subject access export a customer can read: links name the other customer by the name
they go by and nothing more, staff by name, codes as words, dates spelled out; the JSON keeps
its own columns for programs and carries the same words beside them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from greeter.core.models import Birthday, FollowUpKind, NoteKind
from greeter.store import Store
from greeter.store.database import write
from greeter.store.subject_access import collect, render_html
from tests.helpers import add_customer, add_purchase, page_text


@pytest.fixture
def family(store: Store) -> dict[str, int]:
    """Siobhán, her son Cillian (with details of his own), and two staff members."""
    priya = store.staff.add("Priya Raman", "owner")
    marcus = store.staff.add("Marcus Osei", "staff")
    store.actor_id = priya
    mother = add_customer(
        store,
        "Siobhán",
        "Siobhán Ó Briain",
        phone="613-555-0142",
        card="BG-100017",
        birthday=Birthday(11, 3),
    )
    son = add_customer(store, "Cillian", "Cillian Moonbeam", phone="613-555-0199")
    store.notes.add(son, "Quasarnote: saving up for a console", priya)
    store.links.add(mother, son, "mother of", priya)
    store.notes.add(
        mother,
        "Keep the reserved phone in the back room",
        priya,
        kind=NoteKind.CAUTION,
        pinned=True,
        created=dt.datetime(2026, 10, 9, 12, 0),
    )
    store.notes.add(mother, "Pays by cheque", priya, imported_from="square")
    call = store.follow_ups.add(
        mother,
        FollowUpKind.CALL_BACK,
        "Call her when the Pixel arrives",
        priya,
        due=dt.date(2026, 11, 26),
        created=dt.datetime(2026, 11, 3, 10, 30),
    )
    store.follow_ups.mark_done(call, marcus, dt.datetime(2026, 11, 20, 16, 45))
    store.consents.record(mother, "sms", False, "counter", dt.datetime(2026, 11, 3, 10, 0))
    store.consents.record(mother, "email", True, "import:shopify", dt.datetime(2026, 11, 4, 9, 0))
    add_purchase(
        store,
        mother,
        dt.datetime(2026, 10, 3, 15, 0),
        ("Galaxy A16 5G", 29999),
        ("Prepaid SIM kit", 1000),
        receipt="R-20529",
    )
    store.seen.record(mother, marcus, dt.datetime(2026, 11, 21, 9, 15))
    store.audit.viewed(mother, staff_id=marcus, at=dt.datetime(2026, 11, 21, 9, 15))
    return {"mother": mother, "son": son, "priya": priya, "marcus": marcus}


def test_a_link_names_the_other_customer_by_the_name_they_go_by_and_nothing_more(
    store: Store, family: dict[str, int]
) -> None:
    mother = collect(store.db, family["mother"], "Bytown")
    son = collect(store.db, family["son"], "Bytown")

    (link,) = mother["tables"]["customer_links.from_id"]
    assert (link["from_id"], link["to_id"], link["label"]) == (
        family["mother"],
        "another customer",  # Cillian's number is his, as the rest of his record
        "mother of",
    )
    assert (link["other_name"], link["reads"]) == ("Cillian", "mother of Cillian")
    assert link["readable"] == {
        "Link": "mother of Cillian",
        "Added": link["readable"]["Added"],
        "Added by": "Priya Raman",
    }
    (back,) = son["tables"]["customer_links.to_id"]
    assert back["reads"] == "child of Siobhán"

    mother_page = page_text(render_html(mother))
    assert "Links to other customers Link Added Added by mother of Cillian " in mother_page
    assert "named only by the name they go by" in mother_page
    assert "child of Siobhán" in page_text(render_html(son))
    # Cillian's record is his own: his full name, phone and notes are not in hers.
    for everything in (json.dumps(mother, ensure_ascii=False), mother_page):
        assert "Moonbeam" not in everything
        assert "555-0199" not in everything and "5550199" not in everything
        assert "Quasarnote" not in everything


def test_the_page_reads_in_words_not_codes_ids_or_timestamps(
    store: Store, family: dict[str, int]
) -> None:
    data = collect(store.db, family["mother"], "Bytown")
    page = page_text(render_html(data))

    assert "Birthday 3 November " in page
    assert "Loyalty card BG-100017" in page
    assert (
        "Keep the reserved phone in the back room Caution Yes 9 October 2026 at 12:00 Priya Raman"
        in page
    )
    assert "Pays by cheque General No" in page and "Square import" in page
    assert (
        "Call back Call her when the Pixel arrives 26 November 2026 Done "
        "3 November 2026 at 10:30 Priya Raman 20 November 2026 at 16:45 Marcus Osei"
    ) in page
    assert "Text message (SMS) Declined 3 November 2026 at 10:00 At the counter" in page
    assert "Email Agreed 4 November 2026 at 09:00 Shopify import" in page  # not "Import:shopify"
    assert "3 October 2026 at 15:00 R-20529" in page
    assert "$309.99 Item Quantity Amount Galaxy A16 5G 1 $299.99 Prepaid SIM kit 1 $10.00" in page
    assert "Spent in all $309.99" in page
    # Nothing a customer would have to decode: no column names, codes or machine timestamps.
    for raw in (
        "_id",
        "_cents",
        "call_back",
        "e164",
        "created",
        "author",
        "sms",
        "None",
        "import:",
    ):
        assert raw not in page, raw
    assert not re.search(r"\d{4}-\d\d-\d\d", page)


def test_the_json_keeps_its_columns_and_adds_the_words_beside_them(
    store: Store, family: dict[str, int]
) -> None:
    data = collect(store.db, family["mother"], "Bytown")

    (follow_up,) = data["tables"]["follow_ups"]
    assert follow_up["kind"] == "call_back" and follow_up["done_by_id"] == family["marcus"]
    assert follow_up["due"] == "2026-11-26" and follow_up["done_by"] == "Marcus Osei"
    assert follow_up["readable"]["Kind"] == "Call back"
    assert follow_up["readable"]["Due"] == "26 November 2026"
    assert follow_up["readable"]["Done by"] == "Marcus Osei"
    (purchase,) = data["tables"]["purchases"]
    assert purchase["total_cents"] == 30999 and purchase["readable"]["Total"] == "$309.99"
    assert purchase["purchase_lines"][0]["readable"] == {
        "Item": "Galaxy A16 5G",
        "Quantity": "1",
        "Amount": "$299.99",
    }
    assert data["profile"]["birth_month"] == 11
    assert data["profile"]["readable"]["Birthday"] == "3 November"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d", data["written"])


def test_the_record_of_who_looked_says_what_happened_and_who_did_it(
    store: Store, family: dict[str, int]
) -> None:
    data = collect(store.db, family["mother"], "Bytown")

    said = [a["readable"]["What"] for a in data["audit"]]
    assert "Card or id added (loyalty card)" in said
    assert "Follow-up changed: status, done, done by" in said
    viewed = next(a for a in data["audit"] if a["action"] == "view")
    assert viewed["by"] == "Marcus Osei"
    assert viewed["readable"] == {
        "When": "21 November 2026 at 09:15",
        "What": "Card shown at the counter",
        "By": "Marcus Osei",
    }
    page = page_text(render_html(data))
    assert "21 November 2026 at 09:15 Card shown at the counter Marcus Osei" in page
    assert "greeted at the counter Greeted By 21 November 2026 at 09:15 Marcus Osei" in page


def test_a_table_added_later_reads_in_words_too(store: Store, family: dict[str, int]) -> None:
    """The export finds tables from the schema; one Greeter has no words for yet still reads
    as headings and values, with dates spelled out and staff by name."""
    with write(store.db):
        store.db.execute(
            "CREATE TABLE loyalty_points (id INTEGER PRIMARY KEY, "
            "customer_id INTEGER REFERENCES customers(id), points INTEGER, earned_at TEXT, "
            "staff_id INTEGER REFERENCES staff(id))"
        )
        store.db.execute(
            "INSERT INTO loyalty_points (customer_id, points, earned_at, staff_id) "
            "VALUES (?, 120, '2026-10-03T15:00:00', ?)",
            [family["mother"], family["marcus"]],
        )

    data = collect(store.db, family["mother"], "Bytown")

    (row,) = data["tables"]["loyalty_points"]
    assert row["readable"] == {
        "Points": "120",
        "Earned at": "3 October 2026 at 15:00",
        "Staff": "Marcus Osei",
    }
    page = page_text(render_html(data))
    assert "Loyalty points Points Earned at Staff 120 3 October 2026 at 15:00 Marcus Osei" in page


def test_a_record_merged_into_theirs_reads_as_what_it_held(
    store: Store, family: dict[str, int]
) -> None:
    older = add_customer(store, "Siobhan", "Siobhan O'Brien", email="siobhan@example.org")
    store.merges.merge(family["mother"], older, family["priya"])

    page = page_text(render_html(collect(store.db, family["mother"], "Bytown")))

    assert re.search(
        r"Records merged into this one Merged Earlier customer number By What the earlier "
        rf"record held \d+ [A-Z][a-z]+ \d{{4}} at \d\d:\d\d {older} Priya Raman "
        r"Preferred name: Siobhan Full name: Siobhan O'Brien On file since: 5 January 2024 "
        r"at 10:00 .* Email address: siobhan@example.org",
        page,
    )
    assert not re.search(r"\d{4}-\d\d-\d\d|_cents|\{", page)


def test_another_customer_s_number_is_never_in_the_export_even_once_they_are_erased(
    store: Store, family: dict[str, int]
) -> None:
    """Siobhán's number is hers, as the rest of her record: her son's export gives it
    neither on her link to him nor in the record of that link's changes, before or after
    she is erased. His own number is kept, and the page still reads the link."""
    son, mother = family["son"], family["mother"]

    data = collect(store.db, son, "Bytown")

    (link,) = data["tables"]["customer_links.to_id"]
    assert (link["from_id"], link["to_id"]) == ("another customer", son)
    linked = [a for a in data["audit"] if a["table"] == "customer_links"]
    assert [a["detail"] for a in linked] == [{"other_customer": "another customer"}]
    assert "child of Siobhán" in page_text(render_html(data))

    store.erasures.erase(mother)
    data = collect(store.db, son, "Bytown")

    assert "customer_links.to_id" not in data["tables"]
    linked = [a for a in data["audit"] if a["table"] == "customer_links"]
    assert [a["action"] for a in linked] == ["insert", "delete"]
    assert all(a["detail"] == {"other_customer": "another customer"} for a in linked)
    assert data["customer_id"] == data["profile"]["id"] == son
    everything = json.dumps(data)
    assert f'"other_customer": {mother}' not in everything
    assert f'"from_id": {mother}' not in everything


def test_a_regular_s_many_receipts_are_gathered_without_reading_the_schema_for_each(
    store: Store, family: dict[str, int]
) -> None:
    """Everything held about a regular with hundreds of receipts is gathered with a few
    statements per receipt, not a look at every table's shape for each one (which froze the
    window for a second and a half when erasing, merging or exporting a heavy regular)."""
    mother = family["mother"]
    start = dt.datetime(2026, 1, 1, 9)
    for n in range(300):
        add_purchase(store, mother, start + dt.timedelta(hours=n), ("Tea", 450))
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        data = collect(store.db, mother)
    finally:
        store.db.conn.set_trace_callback(None)
    assert len(data["tables"]["purchases"]) == 301  # and the one the family had
    assert sum(r["purchase_lines"][0]["item"] == "Tea" for r in data["tables"]["purchases"]) == 300
    schema = [s for s in statements if "PRAGMA" in s or "sqlite_master" in s]
    assert len(schema) < 300, len(schema)  # once per table, not once per receipt
    assert len(statements) < 5 * 300
