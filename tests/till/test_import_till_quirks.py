"""Exports as tills really write them: several phone columns (Lightspeed), a company's contact
named company first (Odoo), the till's walk-in placeholder, a barcode in an item's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.tags import Tags
from greeter.till.importer import ImportOptions, dry_run
from greeter.till.problems import ImportRefused
from tests.helpers import TODAY, run_cli
from tests.till.csv_files import count, load, snapshot, write_csv

LIGHTSPEED_R = [
    "Customer ID", "First Name", "Last Name", "Company", "Email", "Email 2", "Phone (Home)",
    "Phone (Work)", "Phone (Mobile)", "Notes (Internal)", "Notes (Web)",
]  # fmt: skip
LIGHTSPEED_X = ["customer_code", "first_name", "last_name", "email", "phone"]


def the_customer(store: Store, email: str) -> int:
    [customer_id] = store.customers.find_by_email(email)
    return customer_id


def greeting(store: Store, customer_id: int) -> str:
    return store.cards.assemble(customer_id, store.settings.load(), TODAY).greeting.text


def customers_of(store: Store, receipts: str) -> list[int | None]:
    """The customer of each receipt whose id starts with `receipts`, in receipt order."""
    return [
        r[0]
        for r in store.db.execute(
            "SELECT customer_id FROM purchases WHERE receipt_id LIKE ? ORDER BY receipt_id",
            [receipts + "%"],
        )
    ]


def test_every_phone_and_email_column_is_read_a_mobile_first(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "lsr_customers.csv",
        LIGHTSPEED_R,
        [["101", "Lan", "Nguyen", "Pool & Spa Co", "lan@poolspa.example", "lan@gmail.example",
          "", "613-555-0198", "613-555-0199", "", "Likes the web shop"],
         ["103", "Tomáš", "Novák", "", "tomas@example.cz", "", "613-555-0181", "", "", "",
          ""]],
    )  # fmt: skip

    result = load(store, path, "customers")

    assert (result.new, result.bad) == (2, 0)
    lan = the_customer(store, "lan@poolspa.example")
    # The mobile first, as customers give it at the counter; her work phone kept too.
    assert [p.display for p in store.customers.phones(lan)] == ["613-555-0199", "613-555-0198"]
    assert store.customers.emails(lan) == ("lan@poolspa.example", "lan@gmail.example")
    assert store.customers.find_by_phone("+16135550198") == [lan]
    tomas = the_customer(store, "tomas@example.cz")
    assert [p.display for p in store.customers.phones(tomas)] == ["613-555-0181"]
    # A note has one value: the second "Notes" column does not stand in for an empty first.
    assert store.notes.all_for(lan) == ()
    assert "Phone" not in " ".join(result.mapping.ignored)
    assert "Notes (Web)" in result.mapping.ignored

    # The shop leaves out one of the phone columns (as the Import window's choice does):
    # that one only, not the others named alike.
    jo = write_csv(
        tmp_path / "more.csv",
        LIGHTSPEED_R,
        [["104", "Jo", "Roy", "", "jo@example.com", "", "613-555-0111", "613-555-0112",
          "613-555-0113", "", ""]],
    )  # fmt: skip
    load(store, jo, "customers", overrides={"Phone (Work)": "ignore"})
    phones = store.customers.phones(the_customer(store, "jo@example.com"))
    assert [p.display for p in phones] == ["613-555-0113", "613-555-0111"]


def test_a_company_contact_named_company_first_is_greeted_by_their_own_name(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "res_partner.csv",
        ["Name", "Email", "Phone", "Mobile", "Tags"],
        [
            ["Asante Consulting, Kwame Asante", "kwame@asante.example", "", "+1 613-555-0177",
             ""],
            ["Pool & Spa Co, Lan Nguyen", "lan@poolspa.example", "", "", "Business"],
            ["Nguyen, Lan", "lan@example.com", "", "", ""],  # family name first
            ["van der Berg, Anna", "anna@example.com", "", "", ""],
            ["Acme Consulting, Inc.", "info@acme.example", "", "", ""],  # one company's name
            ["Ann Lee, PhD", "ann@example.com", "", "", ""],
        ],
    )  # fmt: skip

    result = load(store, path, "customers")

    assert (result.new, result.bad) == (6, 0)
    names = {
        email: (store.customers.get(c).preferred_name, store.customers.get(c).full_name)
        for email in ("kwame@asante.example", "lan@poolspa.example", "lan@example.com",
                      "anna@example.com", "info@acme.example", "ann@example.com")
        for c in [the_customer(store, email)]
    }  # fmt: skip
    assert names == {
        "kwame@asante.example": ("Kwame", "Kwame Asante"),
        "lan@poolspa.example": ("Lan", "Lan Nguyen"),
        "lan@example.com": ("Lan", "Nguyen, Lan"),
        "anna@example.com": ("van", "van der Berg, Anna"),  # as before: not a company
        "info@acme.example": ("Acme", "Acme Consulting, Inc."),
        "ann@example.com": ("Ann", "Ann Lee, PhD"),
    }
    kwame = the_customer(store, "kwame@asante.example")
    assert greeting(store, kwame) == "Hello Kwame, good to see you!"
    tags = Tags(store.db)
    assert tags.of(kwame) == ("Asante Consulting",)  # the company is kept, on his card
    assert tags.of(the_customer(store, "lan@poolspa.example")) == ("Business", "Pool & Spa Co")

    again = load(store, path, "customers")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 6)


def test_the_tills_walk_in_placeholder_is_not_a_customer_and_its_sales_are_anonymous(
    store: Store, tmp_path: Path
) -> None:
    customers = write_csv(
        tmp_path / "lsx_customers.csv",
        LIGHTSPEED_X,
        [
            ["Siobhan-7K2P", "Siobhán", "O'Neill", "siobhan@example.com", "613 555 0142"],
            ["WALKIN", "Walk-in", "Customer", "", ""],
            ["CASH", "Cash Customer", "", "", ""],
            ["LAUF", "Laufkunde", "", "", ""],
            ["PASSAGE", "Client", "de passage", "", ""],
            ["MOSTRADOR", "Cliente de mostrador", "", "", ""],
            ["GENERICO", "Cliente", "genérico", "", ""],
            ["ANON", "Anonymous", "", "", ""],
            ["G1", "Guest", "", "", ""],
            ["CG", "Christopher", "Guest", "cg@example.com", ""],  # a customer
        ],
    )
    before = snapshot(store)

    tried = dry_run(store, customers, ImportOptions("customers"))

    assert snapshot(store) == before
    assert "8 walk-in placeholders would be left out" in tried.summary()
    db = store.path
    store.close()
    done = run_cli("--db", str(db), "import", "customers", str(customers))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 2 customers: 2 new, 0 updated, 0 unchanged, 0 bad")
    assert (
        "8 walk-in placeholders left out (line 3 “Walk-in Customer”, line 4 “Cash Customer”, "
        "line 5 “Laufkunde”, line 6 “Client de passage”, line 7 “Cliente de mostrador” and 3 "
        "more): the till's stand-in for sales to no one in particular is not a customer"
    ) in done.stdout

    sales = write_csv(
        tmp_path / "lsx_walkin_sales.csv",
        ["Receipt Number", "Date", "Customer Code", "Item", "Price"],
        [[f"W{n}", f"2026-{n:02}-01 12:00:00", "WALKIN", "Coffee beans", "39.00"]
         for n in range(1, 11)]
        + [["S1", "2026-11-10 14:31:07", "Siobhan-7K2P", "Pixel 9 Pro", "999.00"]],
    )  # fmt: skip
    with Store(db) as after:
        assert count(after, "customers") == 2
        [audited] = after.audit.entries(action=AuditEvent.IMPORT, limit=1)
        assert (audited.detail["new"], audited.detail["placeholders_left_out"]) == (2, 8)
        result = load(after, sales, "sales")
        assert (result.new, result.bad) == (11, 0)
        assert customers_of(after, "W") == [None] * 10
        assert customers_of(after, "S") == [the_customer(after, "siobhan@example.com")]
    summary = result.summary()
    assert (
        "10 receipts rung up to the till's walk-in placeholder (WALKIN) were imported as sales "
        "to no customer"
    ) in summary
    assert "no known customer" not in summary  # importing the customers again changes nothing


def test_a_placeholder_imported_before_gets_no_more_sales(store: Store, tmp_path: Path) -> None:
    walk_in = store.customers.add(
        NewCustomer("Walk-in", "Walk-in Customer", external_ids=[("import", "WALKIN")],
                    imported_from="import")
    )  # fmt: skip
    sales = write_csv(
        tmp_path / "sales.csv",
        ["Receipt Number", "Date", "Customer Code", "Item", "Price"],
        [["W1", "2026-11-01 12:00:00", "WALKIN", "Coffee beans", "39.00"],
         ["W2", "2026-11-02 12:00:00", "walk-in", "Coffee beans", "39.00"]],
    )  # fmt: skip

    result = load(store, sales, "sales")

    assert (result.new, result.without_customer) == (2, 2)
    assert customers_of(store, "W") == [None, None]
    assert store.purchases.recent(walk_in) == ()


def test_a_barcode_in_an_item_name_is_not_a_card_number_but_a_card_still_is(
    store: Store, tmp_path: Path
) -> None:
    header = ["Order Ref", "Date", "Customer/Email", "Product", "Quantity", "Unit Price", "Note"]
    odoo = {"Order Ref": "receipt_id"}
    ean = ["Bytown/0050", "2026-11-15 10:00:00", "lan@poolspa.example",
           "[4006381333924] Pool Thermometer", "1", "19.99", ""]  # fmt: skip
    upc = ["Bytown/0051", "2026-11-15 11:00:00", "", "Chlorine 036000291452", "1", "9.99", ""]

    result = load(store, write_csv(tmp_path / "lines.csv", header, [ean, upc]), "sales",
                  overrides=odoo)  # fmt: skip

    assert (result.new, result.lines) == (2, 2)
    stored = [r[0] for r in store.db.execute("SELECT item FROM purchase_lines ORDER BY id")]
    assert stored == ["[4006381333924] Pool Thermometer", "Chlorine 036000291452"]
    before = snapshot(store)
    for n, (product, note, where) in enumerate(
        [
            ("[4111111111111111] Gift", "", "Product"),  # a Visa number: 16 digits
            ("[4222222222222] Gift", "", "Product"),  # 13 digits, Luhn-valid, not a barcode
            ("Pool Thermometer", "4006381333924", "Note"),  # free text: any Luhn-valid run
        ]
    ):
        row = [f"Bytown/01{n}", "2026-11-16 10:00:00", "", product, "1", "5.00", note]
        path = write_csv(tmp_path / f"card{n}.csv", header, [ean, row])
        with pytest.raises(ImportRefused, match=f"line 3, column {where}: .*payment card"):
            load(store, path, "sales", overrides=odoo, skip_bad=True)
    assert snapshot(store) == before
