"""Importing customers: matching, idempotency, Shopify's exports, consent, bad rows, atomicity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greeter.core.audit import AuditEvent
from greeter.core.models import Birthday
from greeter.store import Store
from greeter.store.consents import Consents
from greeter.store.tags import Tags
from greeter.till.importer import (
    ImportOptions,
    ImportProgress,
    detect,
    dry_run,
    open_file,
    preview,
    run_import,
)
from greeter.till.problems import ImportCancelled, ImportRefused
from tests.helpers import add_customer, run_cli
from tests.till.csv_files import count, integrity_ok, load, snapshot, write_csv

SHOPIFY_HEADER = [
    "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
    "Default Address Address1", "Default Address City", "Default Address Phone", "Phone",
    "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
]  # fmt: skip
SHOPIFY_OLD_HEADER = [
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Marketing", "Company",
    "Address1", "City", "Phone", "Total Spent", "Total Orders", "Tags", "Note", "Tax Exempt",
]  # fmt: skip


def shopify_customers(path: Path) -> Path:
    return write_csv(
        path,
        SHOPIFY_HEADER,
        [
            [
                "Siobhán",
                "Ó Briain",
                "siobhan@example.com",
                "yes",
                "Studio S",
                "1 Main",
                "Ottawa",
                "",
                "'+16135550142",
                "no",
                "1276.88",
                "3",
                "Prefers “miss”",
                "no",
                "VIP, jewellery",
            ],
            [
                "Bob",
                "Smith",
                "BOB@example.com",
                "no",
                "",
                "",
                "",
                "613-555-0199",
                "",
                "",
                "0",
                "0",
                "",
                "no",
                "",
            ],
            [
                "Dana",
                "",
                "dana@example.com",
                "",
                "",
                "",
                "",
                "",
                "",
                "yes",
                "10",
                "1",
                "",
                "no",
                "wholesale",
            ],
        ],  # fmt: skip
    )


def test_shopify_customers_export_as_it_comes(store: Store, tmp_path: Path) -> None:
    result = load(store, shopify_customers(tmp_path / "customers_export.csv"), "customers")
    assert (result.new, result.updated, result.unchanged, result.bad) == (3, 0, 0, 0)
    assert result.mapping.preset == "shopify-customers"
    assert "Total Spent" in result.mapping.ignored
    siobhan = store.customers.find_by_email("siobhan@example.com")[0]
    assert store.customers.get(siobhan).full_name == "Siobhán Ó Briain"
    assert [p.e164 for p in store.customers.phones(siobhan)] == ["+16135550142"]
    assert store.customers.phones(siobhan)[0].display == "+16135550142"  # apostrophe gone
    assert Tags(store.db).of(siobhan) == ("jewellery", "VIP")
    assert store.notes.has_text(siobhan, "Prefers “miss”")
    consents = Consents(store.db)
    assert consents.latest(siobhan, "email") is True
    assert consents.latest(siobhan, "sms") is False
    bob = store.customers.find_by_email("bob@example.com")[0]
    assert store.customers.get(bob).preferred_name == "Bob"
    assert [p.e164 for p in store.customers.phones(bob)] == ["+16135550199"]


def test_importing_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = shopify_customers(tmp_path / "c.csv")
    load(store, path, "customers")
    before = snapshot(store)
    again = load(store, path, "customers")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert snapshot(store) == before
    assert count(store, "imports") == 2


def test_older_shopify_export_matches_by_customer_id(store: Store, tmp_path: Path) -> None:
    row = ["5608743567", "Ann", "Lee", "ann@example.com", "yes", "", "", "", "", "", "", "", "",
           "no"]  # fmt: skip
    load(store, write_csv(tmp_path / "a.csv", SHOPIFY_OLD_HEADER, [row]), "customers")
    ann = store.customers.find_by_identifier("shopify", "5608743567")
    assert ann is not None
    # A later export: she changed her email; the Shopify id still finds her.
    row[3] = "ann.lee@example.com"
    result = load(store, write_csv(tmp_path / "b.csv", SHOPIFY_OLD_HEADER, [row]), "customers")
    assert (result.new, result.updated) == (0, 1)
    assert store.customers.emails(ann) == ("ann@example.com", "ann.lee@example.com")


def test_matched_by_email_or_phone_and_blanks_filled(store: Store, tmp_path: Path) -> None:
    known = add_customer(store, "Lisa", "", phone="613-555-0123")
    path = write_csv(
        tmp_path / "c.csv",
        ["Name", "Phone", "Birthday", "Email"],
        [["Lisa Marsh", "(613) 555-0123", "1985-03-14", "lisa@example.com"]],
    )
    result = load(store, path, "customers")
    assert (result.new, result.updated) == (0, 1)
    lisa = store.customers.get(known)
    assert (lisa.preferred_name, lisa.full_name, lisa.birthday and lisa.birthday.month) == (
        "Lisa", "Lisa Marsh", 3
    )  # fmt: skip
    assert store.customers.emails(known) == ("lisa@example.com",)


def test_dotted_birthdays_are_day_first_in_an_mdy_shop(store: Store, tmp_path: Path) -> None:
    store.settings.set("date_order", "MDY")
    path = write_csv(
        tmp_path / "kunden.csv",
        ["Name", "Email", "Birthday"],
        [["Jonas Keller", "jonas@example.com", "14.03.1985"],
         ["Lena Frei", "lena@example.com", "23.11"]],
        delimiter=";",
    )  # fmt: skip
    assert load(store, path, "customers").new == 2
    jonas, lena = (
        store.customers.find_by_email(e)[0] for e in ("jonas@example.com", "lena@example.com")
    )
    assert store.customers.get(jonas).birthday == Birthday(3, 14, 1985)
    assert store.customers.get(lena).birthday == Birthday(11, 23)


def test_a_german_day_and_month_with_its_closing_dot_is_a_birthday(
    store: Store, tmp_path: Path
) -> None:
    store.settings.set("date_order", "MDY")  # dotted dates are day first all the same
    path = write_csv(
        tmp_path / "kunden.csv",
        ["Name", "Email", "Birthday"],
        [["Jonas Keller", "jonas@example.com", "14.03."],
         ["Lena Frei", "lena@example.com", "3.7."]],
        delimiter=";",
    )  # fmt: skip
    result = load(store, path, "customers")
    assert (result.new, result.bad) == (2, 0)
    jonas, lena = (
        store.customers.find_by_email(e)[0] for e in ("jonas@example.com", "lena@example.com")
    )
    assert store.customers.get(jonas).birthday == Birthday(3, 14)
    assert store.customers.get(lena).birthday == Birthday(7, 3)


def test_a_tills_no_date_is_a_blank_birthday_not_a_bad_row(store: Store, tmp_path: Path) -> None:
    known = add_customer(store, "Lisa", email="lisa@example.com", birthday=Birthday(3, 14, 1985))
    path = write_csv(
        tmp_path / "c.csv",
        ["Name", "Email", "Birthday", "Created"],
        [["Ann Lee", "ann@example.com", "0000-00-00", "0000-00-00 00:00:00"],
         ["Jonas Keller", "jonas@example.com", "00.00.0000", "2019-03-03"],
         ["Dana Wu", "dana@example.com", "00/00/0000", ""],
         ["Lisa Marsh", "lisa@example.com", "0000-00-00", ""]],
    )  # fmt: skip
    result = load(store, path, "customers")
    assert (result.new, result.updated, result.bad) == (3, 1, 0)
    assert result.problems == []
    for email in ("ann@example.com", "jonas@example.com", "dana@example.com"):
        assert store.customers.get(store.customers.find_by_email(email)[0]).birthday is None
    assert store.customers.get(known).birthday == Birthday(3, 14, 1985)  # not wiped


@pytest.mark.parametrize(
    ("date_order", "cell", "message"),
    [
        ("MDY", "14/03/1985", "“14/03/1985” is not a real date: there is no month 14 (read as "
         "month/day/year; the shop's date_order setting is MDY; as day/month/year it would be "
         "14 March 1985)"),
        ("MDY", "14th March", "“14th March” is not a birthday (expected e.g. 1985-03-14, "
         "--03-14 or 03/14/1985)"),
        ("DMY", "14th March", "“14th March” is not a birthday (expected e.g. 1985-03-14, "
         "--03-14 or 14/03/1985)"),
        ("DMY", "14/03.", "“14/03.” is not a birthday (expected e.g. 1985-03-14, --03-14 or "
         "14/03/1985)"),
        ("DMY", "31.02.", "“31.02.” is not a real date: February has at most 29 days (dotted "
         "dates are read as day.month)"),
    ],
)  # fmt: skip
def test_a_birthday_refused_says_how_the_shop_reads_it(
    store: Store, tmp_path: Path, date_order: str, cell: str, message: str
) -> None:
    store.settings.set("date_order", date_order)
    path = write_csv(tmp_path / "c.csv", ["Name", "Birthday"], [["Ann Lee", cell]])
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert f"line 2, column Birthday: {message}" in str(refused.value)
    assert store.customers.count() == 0


def test_a_recorded_opt_out_is_never_overwritten(store: Store, tmp_path: Path) -> None:
    cid = add_customer(store, "Bob", email="bob@example.com")
    Consents(store.db).record(cid, "email", False, "counter")
    path = write_csv(
        tmp_path / "c.csv",
        ["Email", "First Name", "Accepts Email Marketing", "Accepts SMS Marketing"],
        [["bob@example.com", "Bob", "yes", "yes"]],
    )
    result = load(store, path, "customers")
    assert result.updated == 1  # the SMS consent was new
    assert Consents(store.db).latest(cid, "email") is False
    assert Consents(store.db).latest(cid, "sms") is True
    # And an opt-out from the file is recorded over a consent.
    path = write_csv(
        tmp_path / "d.csv",
        ["Email", "First Name", "Accepts SMS Marketing"],
        [["bob@example.com", "Bob", "no"]],
    )
    load(store, path, "customers")
    assert Consents(store.db).latest(cid, "sms") is False


def test_duplicate_rows_and_unknown_columns(store: Store, tmp_path: Path) -> None:
    row = ["Ann", "ann@example.com", "blue"]
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email", "Favourite colour"], [row, row])
    result = load(store, path, "customers")
    assert (result.new, result.duplicates, result.mapping.ignored) == (
        1,
        [(3, 2)],
        ("Favourite colour",),
    )
    assert "1 duplicate row ignored (line 3 repeats line 2)" in result.summary()


def test_a_bad_row_refuses_the_file_naming_line_and_column(store: Store, tmp_path: Path) -> None:
    rows = [["Ann", "ann@example.com"]] * 1 + [["Bob", f"b{i}@example.com"] for i in range(9)]
    rows.append(["Carl", "bob@"])
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email"], rows)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert "line 12, column Email: “bob@” is not an email address" in str(refused.value)
    assert store.customers.count() == 0


def test_a_row_longer_than_a_one_column_header_says_1_column(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ["First Name"], [["Ann"], ["Bob", "bob@example.com"]])
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert "line 3: has 2 cells but the header names 1 column\n" in str(refused.value)
    assert store.customers.count() == 0


def test_skip_bad_imports_the_rest_and_writes_a_report(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        ["First Name", "Email", "Phone"],
        [["Ann", "ann@example.com", ""], ["", "nobody@example.com", ""],
         ["Bob", "", "12"], ["Cy", "cy@example.com", ""]],  # Bob: known by his phone alone
    )  # fmt: skip
    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad) == (2, 2)
    assert result.report_path == tmp_path / "c.bad.csv"
    report = result.report_path.read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "First Name,Email,Phone,Problem,Original Line"
    assert report[1].startswith(",nobody@example.com,,has no name") and report[1].endswith(",3")
    assert "column Phone: “12” is not a valid phone number for region CA" in report[2]
    # The report is itself importable once fixed: its extra columns are ignored.
    fixed = report[0] + "\n" + report[2].replace(",12,", ",613-555-0100,") + "\n"
    (tmp_path / "fixed.csv").write_text(fixed)
    again = load(store, tmp_path / "fixed.csv", "customers")
    assert again.new == 1 and set(again.mapping.ignored) == {"Problem", "Original Line"}


def test_a_card_number_anywhere_refuses_the_whole_file(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        ["First Name", "Email", "Customer ID", "Internal"],
        [["Ann", "ann@example.com", "4111111111111111", ""],  # an id column: not a card
         ["Bob", "bob@example.com", "2", "paid with 4111 1111 1111 1111"]],
    )  # fmt: skip
    with pytest.raises(ImportRefused, match="line 3, column Internal: .*payment card.*…1111"):
        load(store, path, "customers", skip_bad=True)
    assert store.customers.count() == 0


def test_a_clash_at_line_n_rolls_back_the_rows_before_it(store: Store, tmp_path: Path) -> None:
    add_customer(store, "Owner of the card", card="BG-7")
    header = ["Customer ID", "First Name", "Email", "Card"]
    load(
        store,
        write_csv(tmp_path / "a.csv", header, [["A-1", "Ann", "ann@example.com", ""]]),
        "customers",
    )
    before = snapshot(store)
    rows = [[f"N-{i}", f"P{i}", f"p{i}@example.com", ""] for i in range(40)]
    rows.append(["A-1", "Ann", "ann@example.com", "BG-7"])  # Ann, with someone else's card
    path = write_csv(tmp_path / "c.csv", header, rows)
    with pytest.raises(ImportRefused, match="line 42, column Card: Card BG-7 already belongs"):
        load(store, path, "customers")
    assert snapshot(store) == before
    assert count(store, "imports") == 1 and integrity_ok(store)
    # With skip_bad the row is left out alone.
    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad) == (40, 1)


def test_cancelling_writes_nothing(store: Store, tmp_path: Path) -> None:
    rows = [[f"P{i}", f"p{i}@example.com"] for i in range(600)]
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email"], rows)
    seen: list[ImportProgress] = []

    def progress(p: ImportProgress) -> bool:
        seen.append(p)
        return p.stage != "writing" or p.done < 512

    with pytest.raises(ImportCancelled):
        run_import(store, path, ImportOptions("customers"), progress)
    assert store.customers.count() == 0 and integrity_ok(store)
    assert any(p.stage == "writing" and p.done == 512 for p in seen)


def test_dry_run_counts_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    add_customer(store, "Bob", email="bob@example.com")
    path = shopify_customers(tmp_path / "c.csv")
    before = snapshot(store)
    result = dry_run(store, path, ImportOptions("customers"))
    assert (result.dry_run, result.new, result.updated) == (True, 2, 1)
    assert snapshot(store) == before and count(store, "imports") == 0
    assert result.summary().startswith("dry run, nothing changed: would import 3 customers")


def test_adjusted_mappings_are_remembered_for_the_same_header(store: Store, tmp_path: Path) -> None:
    header = ["Who", "Contact"]
    path = write_csv(tmp_path / "c.csv", header, [["Ann", "ann@example.com"]])
    with pytest.raises(ImportRefused, match="holds a name"):
        load(store, path, "customers")
    load(store, path, "customers", overrides={"Who": "first_name", "Contact": "email"})
    later = write_csv(tmp_path / "later.csv", header, [["Bob", "bob@example.com"]])
    mapping = detect(store, open_file(later), "customers")
    assert mapping.fields == ("first_name", "email")
    assert load(store, later, "customers").new == 1
    shown = preview(store, later, "customers")
    assert shown.rows == [(2, ["Bob", "bob@example.com"])]


def test_a_quote_left_open_refuses_the_file_at_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    Store(db).close()  # an import given --db goes into a shop that is there
    path = tmp_path / "quote.csv"
    path.write_text(
        'First Name,Last Name,Email,Phone\n"Unclosed,Quote,uq@example.com,613 555 0110\n',
        encoding="utf-8",
    )

    done = run_cli("--db", str(db), "import", "customers", str(path))

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(
        'greeter: quote.csv was not imported (nothing was changed): a quote (") opened on '
        "line 2 is never closed"
    )
    assert "Correct line 2" in done.stderr
    assert done.stdout == ""
    store = Store(db)
    assert store.customers.count() == 0 and count(store, "imports") == 0
    store.close()


def test_a_quote_closed_mid_cell_refuses_the_file_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    load(store, write_csv(tmp_path / "a.csv", ["First Name", "Email"], [["Ann", "a@x.org"]]),
         "customers")  # fmt: skip
    before = snapshot(store)
    path = tmp_path / "b.csv"
    # The quote opened on line 3 is "closed" by the one that opens Cy's email on line 4.
    path.write_text(
        'First Name,Email\nBob,bob@example.com\n"Cy,cy@example.com\nDi,"di@example.com"\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused, match="opened on line 3 is closed on line 4 in the middle"):
        load(store, path, "customers", skip_bad=True)
    with pytest.raises(ImportRefused, match="opened on line 3"):
        dry_run(store, path, ImportOptions("customers", skip_bad=True))
    assert snapshot(store) == before and count(store, "imports") == 1


def test_a_note_over_several_lines_keeps_its_line_breaks(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        ["First Name", "Email", "Note"],
        [["Ann\nMarie", "ann@example.com",
          ' Likes the "big"  mugs,\r\nand oolong.\nAsk about Tom.\r\n '],
         ["Bob", "bob@example.com", ""]],
    )  # fmt: skip
    result = load(store, path, "customers")
    assert (result.new, result.bad) == (2, 0)
    [ann] = store.customers.find_by_email("ann@example.com")
    assert store.customers.get(ann).preferred_name == "Ann Marie"  # one line, as names are
    [note] = store.notes.all_for(ann)
    assert note.text == 'Likes the "big" mugs,\nand oolong.\nAsk about Tom.'
    assert load(store, path, "customers").unchanged == 2  # the same note is not added twice


def test_a_name_too_long_is_a_bad_row_and_fixed_in_the_report(store: Store, tmp_path: Path) -> None:
    add_customer(store, "Bob", email="bob@example.com")
    header = ["First Name", "Last Name", "Email", "Other IDs", "Note"]
    path = write_csv(
        tmp_path / "c.csv",
        header,
        [["Ann", "Lee", "ann@example.com", "", ""],
         ["X" * 101, "", "x@example.com", "square:7", "Sizes:\nshirt 16 / 34"],
         ["Bob", "B" * 200, "bob@example.com", "", ""]],
    )  # fmt: skip
    before = snapshot(store)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert "line 3: A name can be at most 100 characters; this one has 101." in str(refused.value)
    assert snapshot(store) == before

    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.updated, result.bad) == (1, 0, 2)
    assert [str(p) for p in result.problems] == [
        "line 3: A name can be at most 100 characters; this one has 101.",
        "line 5: A name can be at most 100 characters; this one has 204.",
    ]
    assert store.customers.get(store.customers.find_by_email("bob@example.com")[0]).full_name == ""
    # The report holds the rows as they were, the note on its lines: fixed, it imports.
    assert result.report_path is not None
    report = result.report_path.read_text(encoding="utf-8-sig").replace("X" * 101, "Xavier")
    (tmp_path / "fixed.csv").write_text(report.replace("B" * 200, "Brown"), encoding="utf-8")
    again = load(store, tmp_path / "fixed.csv", "customers")
    assert (again.new, again.updated, again.bad) == (1, 1, 0)
    [xavier] = store.customers.find_by_email("x@example.com")
    assert [n.text for n in store.notes.all_for(xavier)] == ["Sizes:\nshirt 16 / 34"]


def test_a_greeter_id_no_customer_could_have_is_a_bad_row(store: Store, tmp_path: Path) -> None:
    shop_key = store.db.execute("SELECT value FROM shop_key").fetchone()[0]
    path = write_csv(
        tmp_path / "c.csv",
        ["Greeter ID", "Preferred Name"],
        [[f"{shop_key}-99999999999999999999999", "Al"], [f"{shop_key}-12", "Bo"]],
    )
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert f"line 2, column Greeter ID: “{shop_key}-99999999999999999999999” is not a Greeter" in (
        str(refused.value)
    )
    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad) == (1, 1)


def test_an_imported_note_reads_as_the_tills_and_the_audit_names_who_ran_it(
    store: Store, tmp_path: Path
) -> None:
    priya = store.staff.add("Priya", "owner")
    started = dt.datetime.now().replace(microsecond=0)
    load(store, shopify_customers(tmp_path / "customers_export.csv"), "customers", staff="Priya")
    [siobhan] = store.customers.find_by_email("siobhan@example.com")
    [note] = store.notes.for_card(siobhan)
    assert (note.text, note.author) == ("Prefers “miss”", "Shopify import")
    assert started <= note.created <= dt.datetime.now()  # no date in the file: the import's
    [written] = [e for e in store.audit.entries(customer_id=siobhan) if e.table_name == "notes"]
    assert (written.action, written.staff_id, written.staff_name) == ("insert", priya, "Priya")

    # A customer's "since" date is not when the note was written; an edit keeps the
    # imported version in the history as the till's.
    path = write_csv(
        tmp_path / "till.csv",
        ["Name", "Email", "Notes", "Customer since"],
        [["Ann Lee", "ann@example.com", "Size 38 shoes", "2019-03-03 10:15"]],
    )
    load(store, path, "customers", staff="Priya")
    [ann] = store.customers.find_by_email("ann@example.com")
    [note] = store.notes.for_card(ann)
    assert note.author == "Till import"
    assert note.created.date() == dt.date.today()
    store.notes.edit(note.id, "Size 39 shoes", priya)
    assert [(v.author, v.text) for v in store.notes.history(note.id)] == [
        ("Till import", "Size 38 shoes"),
        ("Priya", "Size 39 shoes"),
    ]


def test_a_phone_that_is_not_a_number_is_set_aside_and_the_customer_imported(
    store: Store, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "Email", "Phone"]
    rows = [["Ann", "Lee", "ann@example.com", "613-555-0101"],
            ["Bob", "Marsh", "bob@example.com", "12"],
            ["Dee", "Roy", "", "12; 613-555-0104"]]  # fmt: skip
    path = write_csv(tmp_path / "customers.csv", header, rows)
    dry = dry_run(store, path, ImportOptions("customers"))
    told = dry.summary().splitlines()[-1]
    assert told.startswith("2 customers would be imported without the phone set aside")

    result = load(store, path, "customers")

    assert (result.new, result.bad) == (3, 0)
    assert result.summary().splitlines()[1:] == [
        "phone set aside: line 3, column Phone: “12” is not a valid phone number for region CA",
        "phone set aside: line 4, column Phone: “12” is not a valid phone number for region CA",
        "2 customers were imported without the phone set aside: correct it in the file and "
        "import the file again (nothing is added twice), or add it on their card",
    ]
    [audited] = store.audit.entries(action=AuditEvent.IMPORT)  # the owner's trail says so too
    assert (audited.detail["new"], audited.detail["phones_set_aside"]) == (3, 2)
    [bob] = store.customers.find_by_email("bob@example.com")
    assert store.customers.get(bob).full_name == "Bob Marsh"
    assert store.customers.phones(bob) == ()
    [dee] = store.customers.find_by_phone("+16135550104")
    assert store.customers.get(dee).preferred_name == "Dee"

    # Corrected in the file and imported again: Bob gets his phone, and nobody twice.
    rows[1][3] = "613-555-0102"
    again = load(store, write_csv(path, header, rows), "customers")
    assert (again.new, again.updated, again.unchanged) == (0, 1, 2)
    assert [p.e164 for p in store.customers.phones(bob)] == ["+16135550102"]
    assert store.customers.count() == 3


def test_a_row_known_only_by_a_phone_that_is_not_a_number_stays_out(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email", "Phone"],
                     [["Ann", "ann@example.com", ""], ["Bob", "", "12"]])  # fmt: skip
    before = snapshot(store)
    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert (
        "line 3, column Phone: “12” is not a valid phone number for region CA, and the row has "
        "no other phone, email, card or id to know them by" in str(refused.value)
    )
    assert snapshot(store) == before

    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad, result.set_aside) == (1, 1, [])
    assert store.customers.count() == 1  # not a Bob who could not be found again
