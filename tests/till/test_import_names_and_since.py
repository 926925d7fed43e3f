"""Imported customers as the card greets them: the name they are called by when the till
has one full-name column, and how long they have been a customer (Square's First Visit)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from greeter.core.timefmt import since
from greeter.store import Store
from greeter.till.problems import ImportRefused
from tests.helpers import TODAY, add_customer, add_purchase, run_cli
from tests.till.csv_files import load, snapshot, write_csv

SQUARE_CUSTOMERS = [
    "Reference ID", "First Name", "Last Name", "Email Address", "Phone Number", "Nickname",
    "Square Customer ID", "Creation Source", "Creation Date", "First Visit", "Last Visit",
]  # fmt: skip


def names(store: Store) -> dict[str, tuple[str, str]]:
    """email → (preferred name, full name) of every customer."""
    out = {}
    for (customer_id,) in store.db.execute("SELECT id FROM customers").fetchall():
        customer = store.customers.get(customer_id)
        [email] = store.customers.emails(customer_id)
        out[email] = (customer.preferred_name, customer.full_name)
    return out


def greeting(store: Store, email: str) -> str:
    [customer_id] = store.customers.find_by_email(email)
    return store.cards.assemble(customer_id, store.settings.load(), TODAY).greeting.text


@pytest.mark.parametrize("column", ["Name", "Customer", "Customer name", "Full name"])
def test_a_till_with_one_name_column_greets_each_customer_by_their_first_name(
    store: Store, tmp_path: Path, column: str
) -> None:
    path = write_csv(
        tmp_path / "till-customers.csv",
        [column, "Email"],
        [
            ["Dana Kowalski", "dana@example.com"],
            ["Mary-Kate O'Neill", "mk@example.com"],
            ["Dr. Ann Lee", "ann@example.com"],  # a title goes with the family name
            ["Cher", "cher@example.com"],
            # As some tills write it: decomposed accents, family name first.
            [unicodedata.normalize("NFD", "Zoë Ångström"), "zoe@example.com"],
            ["Nguyễn, Lan", "lan@example.com"],
            ["", "nobody@example.com"],
        ],
    )

    result = load(store, path, "customers", skip_bad=True)

    assert (result.new, result.bad) == (6, 1)
    assert names(store) == {
        "dana@example.com": ("Dana", "Dana Kowalski"),
        "mk@example.com": ("Mary-Kate", "Mary-Kate O'Neill"),
        "ann@example.com": ("Dr. Lee", "Dr. Ann Lee"),
        "cher@example.com": ("Cher", "Cher"),
        "zoe@example.com": ("Zoë", "Zoë Ångström"),
        "lan@example.com": ("Lan", "Nguyễn, Lan"),
    }
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (8, "", f"has no name ({column} empty)")
    ]
    assert greeting(store, "dana@example.com") == "Hello Dana, good to see you!"
    assert greeting(store, "ann@example.com") == "Hello Dr. Lee, good to see you!"


def test_a_nickname_or_first_name_column_still_decides(store: Store, tmp_path: Path) -> None:
    nicknames = write_csv(
        tmp_path / "nicknames.csv",
        ["Full name", "Nickname", "Email"],
        [["Margaret Tremblay", "Peggy", "peggy@example.com"],
         ["Dana Kowalski", "", "dana@example.com"]],  # no nickname: her first name
    )  # fmt: skip
    first_and_last = write_csv(
        tmp_path / "first-last.csv",
        ["First Name", "Last Name", "Email"],
        [["Siobhán", "Ó Briain", "siobhan@example.com"],
         ["", "van der Berg", "vdb@example.com"]],  # no first name: not "van"
    )  # fmt: skip

    load(store, nicknames, "customers")
    load(store, first_and_last, "customers")

    assert names(store) == {
        "peggy@example.com": ("Peggy", "Margaret Tremblay"),
        "dana@example.com": ("Dana", "Dana Kowalski"),
        "siobhan@example.com": ("Siobhán", "Siobhán Ó Briain"),
        "vdb@example.com": ("van der Berg", "van der Berg"),
    }


def test_the_import_command_greets_a_full_name_by_its_first_name(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    Store(db).close()
    path = write_csv(
        tmp_path / "clients.csv",
        ["Customer", "Phone", "Email"],
        [["Dana Kowalski", "613-555-0142", "dana@example.com"]],
    )

    done = run_cli("--db", str(db), "import", "customers", str(path))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 1 customer: 1 new")
    with Store(db) as store:
        assert names(store) == {"dana@example.com": ("Dana", "Dana Kowalski")}


def test_the_card_asks_about_what_the_imported_customer_bought_in_plain_words(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "till-customers.csv",
        ["Customer name", "Email"],
        [["Cillian Byrne", "cillian@example.com"], ["Dana Kowalski", "dana@example.com"]],
    )
    load(store, path, "customers")
    [cillian] = store.customers.find_by_email("cillian@example.com")
    [dana] = store.customers.find_by_email("dana@example.com")
    bought = dt.datetime.combine(TODAY - dt.timedelta(days=5), dt.time(11, 0))
    add_purchase(store, cillian, bought, ("Phone", 49900), ("Case", 1900))
    add_purchase(store, dana, bought, ("AirPods Pro", 32900))

    assert greeting(store, "cillian@example.com") == "Welcome back, Cillian! How is the phone?"
    assert greeting(store, "dana@example.com") == "Welcome back, Dana! How are the AirPods Pro?"


def card_since(store: Store, email: str) -> str:
    """What the card says of how long they have been a customer."""
    [customer_id] = store.customers.find_by_email(email)
    return since(store.cards.assemble(customer_id, store.settings.load(), TODAY).customer_since)


def square_row(first: str, email: str, square_id: str, created: str, first_visit: str) -> list[str]:
    return ["", first, "", email, "", "", square_id, "Directory", created, first_visit, ""]


def test_squares_first_visit_is_when_they_became_a_customer_and_never_later(
    store: Store, tmp_path: Path
) -> None:
    # Bob was added at the counter in January 2024, before the shop imported from Square.
    add_customer(store, "Bob", email="bob@example.com")
    add_customer(store, "Dee", email="dee@example.com")  # a regular long before Greeter
    path = write_csv(
        tmp_path / "export-customers.csv",
        SQUARE_CUSTOMERS,
        [
            # Added to Square's directory when the shop moved to it, a customer since 2019.
            square_row("Fatima", "fatima@example.com", "SQ-1", "2021-06-01", "2019-04-02"),
            square_row("Bob", "bob@example.com", "SQ-2", "2025-02-03", "2025-02-03"),
            square_row("Cy", "cy@example.com", "SQ-3", "", "0000-00-00"),  # no date: today
            square_row("Dee", "dee@example.com", "SQ-4", "2021-06-01", "2018-09-10"),
        ],
    )

    result = load(store, path, "customers")

    assert (result.mapping.preset, result.new, result.updated) == ("square", 2, 2)
    assert card_since(store, "fatima@example.com") == "customer since April 2019"
    assert card_since(store, "bob@example.com") == "customer since January 2024"
    assert card_since(store, "cy@example.com") == since(dt.date.today())
    assert card_since(store, "dee@example.com") == "customer since September 2018"

    # A later export that says her first visit was in 2020 does not make her newer.
    later = write_csv(
        tmp_path / "export-customers-2.csv",
        SQUARE_CUSTOMERS,
        [square_row("Fatima", "fatima@example.com", "SQ-1", "2021-06-01", "2020-01-15")],
    )
    load(store, later, "customers")
    assert card_since(store, "fatima@example.com") == "customer since April 2019"


def test_a_first_visit_that_is_no_date_refuses_the_file_naming_its_column(
    store: Store, tmp_path: Path
) -> None:
    before = snapshot(store)
    path = write_csv(
        tmp_path / "export-customers.csv",
        SQUARE_CUSTOMERS,
        [square_row("Fatima", "fatima@example.com", "SQ-1", "2021-06-01", "2019-04-02"),
         square_row("Cy", "cy@example.com", "SQ-3", "2021-06-01", "sometime in 2019")],
    )  # fmt: skip

    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")

    assert (
        "line 3, column First Visit: “sometime in 2019” is not a date (expected e.g. "
        "2025-11-02 or 02/11/2025)"
    ) in str(refused.value)
    assert snapshot(store) == before
