"""Reading real till files: encodings, delimiters, quoted newlines, huge cells, and values."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from greeter.core.models import Birthday
from greeter.till.cells import escape_cell, unescape_cell
from greeter.till.columns import CUSTOMERS, SALES, detect_mapping, header_key, normalise_header
from greeter.till.csv_read import read_csv
from greeter.till.parse import (
    DATE_ORDERS,
    parse_birthday,
    parse_cents,
    parse_flag,
    parse_quantity,
    parse_stamp,
)
from greeter.till.problems import ImportRefused
from tests.till.csv_files import write_csv

HEADER = ["First Name", "Last Name", "Email"]
ROWS = [["Zoë", "Ãlvarez", "zoe@example.com"], ["Bob", "O'Brien", "bob@example.com"]]


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter", "expected_encoding"),
    [
        ("utf-8", False, ",", "utf-8"),
        ("utf-8", True, ",", "utf-8"),
        ("cp1252", False, ";", "cp1252"),
        ("utf-8", True, "\t", "utf-8"),
        ("utf-8", False, ";", "utf-8"),
    ],
)
def test_encodings_and_delimiters(
    tmp_path: Path, encoding: str, bom: bool, delimiter: str, expected_encoding: str
) -> None:
    path = write_csv(
        tmp_path / "c.csv", HEADER, ROWS, delimiter=delimiter, encoding=encoding, bom=bom
    )
    f = read_csv(path)
    assert (f.encoding, f.delimiter, f.header) == (expected_encoding, delimiter, tuple(HEADER))
    assert [cells for _, cells in f.rows()] == ROWS


def test_delimiter_is_decided_by_the_header_not_the_data(tmp_path: Path) -> None:
    # The data is full of commas (decimal commas, a note); the header has semicolons.
    path = tmp_path / "s.csv"
    path.write_text("Receipt;Date;Total\nR1;02/11/2025;12,50\nR2;03/11/2025;1,5\n")
    f = read_csv(path)
    assert f.delimiter == ";"
    assert [c for _, c in f.rows()] == [["R1", "02/11/2025", "12,50"], ["R2", "03/11/2025", "1,5"]]


def test_quoted_newlines_keep_the_file_line_numbers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        ["Name", "Note"],
        [["Ann", "line one\nline two\nline three"], ["Bob", "short"]],
    )
    assert [line for line, _ in read_csv(path).rows()] == [2, 5]


def test_a_huge_cell_is_read(tmp_path: Path) -> None:
    huge = "x" * (csv.field_size_limit() + 10)
    path = write_csv(tmp_path / "c.csv", ["Name", "Note"], [["Ann", huge]])
    assert next(read_csv(path).rows())[1][1] == huge


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ImportRefused, match="empty"):
        read_csv(tmp_path / "empty.csv")
    (tmp_path / "bin.csv").write_bytes(b"Name\n\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(ImportRefused, match="neither UTF-8 nor Windows-1252"):
        read_csv(tmp_path / "bin.csv")


@pytest.mark.parametrize(
    ("text", "dmy", "mdy"),
    [
        ("2025-11-02", "2025-11-02T00:00:00", "2025-11-02T00:00:00"),
        ("2025-11-02 14:31:07 -0500", "2025-11-02T14:31:07", "2025-11-02T14:31:07"),
        ("2025-11-02T14:31:07Z", "2025-11-02T14:31:07", "2025-11-02T14:31:07"),
        ("2025-11-02T14:31:07.250+01:00", "2025-11-02T14:31:07", "2025-11-02T14:31:07"),
        ("02/11/2025", "2025-11-02T00:00:00", "2025-02-11T00:00:00"),
        ("02.11.2025 14:31", "2025-11-02T14:31:00", "2025-11-02T14:31:00"),  # dotted: day first
        ("2/11/25 2:31 PM", "2025-11-02T14:31:00", "2025-02-11T14:31:00"),
        ("11/02/2025 12:05 am", "2025-02-11T00:05:00", "2025-11-02T00:05:00"),
    ],
)
def test_dates_in_the_usual_formats(text: str, dmy: str, mdy: str) -> None:
    assert parse_stamp(text, "DMY") == dmy
    assert parse_stamp(text, "MDY") == mdy


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("02.11.2026 14:31", "2026-11-02T14:31:00"),
        ("03.11.2026", "2026-11-03T00:00:00"),
        ("23.11.2026", "2026-11-23T00:00:00"),
        ("2.11.26", "2026-11-02T00:00:00"),
        ("2026.11.02", "2026-11-02T00:00:00"),  # year first stays year first
    ],
)
def test_dotted_dates_are_day_first_whatever_the_date_order(text: str, stored: str) -> None:
    # Germany, Switzerland, the Nordics, Russia… write dotted dates day first; nobody writes
    # them month first, so an MDY shop importing a European file must not swap them.
    assert parse_stamp(text, "MDY") == parse_stamp(text, "DMY") == stored


def test_an_impossible_dotted_date_is_not_blamed_on_date_order() -> None:
    for date_order in DATE_ORDERS:
        with pytest.raises(ValueError) as error:
            parse_stamp("31.02.2026", date_order)
        assert str(error.value) == (
            "“31.02.2026” is not a real date: February 2026 has only 28 days "
            "(dotted dates are read as day.month.year)"
        )


def test_a_slashed_date_real_the_other_way_round_says_so() -> None:
    with pytest.raises(ValueError) as error:
        parse_stamp("23/11/2026 14:31", "MDY")
    assert str(error.value) == (
        "“23/11/2026 14:31” is not a real date: there is no month 23 (read as month/day/year; "
        "the shop's date_order setting is MDY; as day/month/year it would be 23 November 2026)"
    )
    with pytest.raises(ValueError) as error:
        parse_stamp("31/31/2026", "MDY")  # neither way: no other reading offered
    assert str(error.value).endswith(
        "(read as month/day/year; the shop's date_order setting is MDY)"
    )


def test_an_impossible_date_names_the_setting() -> None:
    assert parse_stamp("13/02/2025", "DMY") == "2025-02-13T00:00:00"
    with pytest.raises(ValueError, match="date_order setting is MDY"):
        parse_stamp("13/02/2025", "MDY")
    with pytest.raises(ValueError, match="is not a date"):
        parse_stamp("yesterday", "MDY")


@pytest.mark.parametrize(
    ("text", "date_order", "birthday"),
    [
        ("14.03.1985", "MDY", Birthday(3, 14, 1985)),
        ("14.03.1985", "DMY", Birthday(3, 14, 1985)),
        ("14.03", "MDY", Birthday(3, 14)),
        ("14.03", "DMY", Birthday(3, 14)),
        ("03/14", "MDY", Birthday(3, 14)),  # slashed ones still follow the shop
        ("14/03", "DMY", Birthday(3, 14)),
        ("--03-14", "DMY", Birthday(3, 14)),
    ],
)
def test_dotted_birthdays_are_day_first(text: str, date_order: str, birthday: Birthday) -> None:
    assert parse_birthday(text, date_order) == birthday


@pytest.mark.parametrize(("date_order", "example"), [("MDY", "03/14/1985"), ("DMY", "14/03/1985")])
def test_a_birthday_example_follows_the_date_order(date_order: str, example: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_birthday("14th of March", date_order)
    assert str(error.value) == (
        f"“14th of March” is not a birthday (expected e.g. 1985-03-14, --03-14 or {example})"
    )


@pytest.mark.parametrize(
    ("text", "date_order", "message"),
    [
        ("14/03/1985", "MDY", "there is no month 14 (read as month/day/year; the shop's "
         "date_order setting is MDY; as day/month/year it would be 14 March 1985)"),
        ("03/14/1985", "DMY", "there is no month 14 (read as day/month/year; the shop's "
         "date_order setting is DMY; as month/day/year it would be 14 March 1985)"),
        ("14/03", "MDY", "there is no month 14 (read as month/day; the shop's date_order "
         "setting is MDY; as day/month it would be 14 March)"),
        ("30.02", "MDY", "February has at most 29 days (dotted dates are read as day.month)"),
    ],
)  # fmt: skip
def test_an_impossible_birthday_says_how_it_was_read(
    text: str, date_order: str, message: str
) -> None:
    with pytest.raises(ValueError) as error:
        parse_birthday(text, date_order)
    assert str(error.value) == f"“{text}” is not a real date: {message}"


@pytest.mark.parametrize(
    ("text", "comma", "cents"),
    [
        ("12.50", False, 1250),
        ("12,50", False, 1250),
        ("12,50", True, 1250),
        ("1.234,56", True, 123456),
        ("1,234.56", False, 123456),
        ("$1,234.56", False, 123456),
        ("1 234,56 €", True, 123456),
        ("CA$ 12.5", False, 1250),
        ("-3.00", False, -300),
        ("'-3.00", False, -300),
        ("(3.00)", False, -300),
        ("0.005", False, 1),
        ("1,234", False, 123400),
        ("1,234", True, 123),
    ],
)
def test_money(text: str, comma: bool, cents: int) -> None:
    assert parse_cents(text, comma) == cents


@pytest.mark.parametrize("text", ["abc", "12.5.5", "", "--"])
def test_not_money(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_cents(text)


def test_quantities_birthdays_and_flags() -> None:
    assert [parse_quantity(t) for t in ("2", "1.5", "1,5", "-1")] == [2, 1.5, 1.5, -1]
    assert parse_birthday("1985-03-14", "DMY") == parse_birthday("14/03/1985", "DMY")
    assert parse_birthday("03/14/85", "MDY").year == 1985
    assert parse_birthday("--03-14", "DMY").year is None
    assert parse_birthday("0000-03-14", "MDY").year is None
    assert [parse_flag(t) for t in ("yes", "No", "", "subscribed", "pending")] == [
        True, False, None, True, None
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not yes or no"):
        parse_flag("maybe")


def test_yes_and_no_in_german_french_and_spanish_and_a_ticked_box() -> None:
    said_yes = ("ja", "Ja", "wahr", "oui", "OUI", "vrai", "sí", "Sí", "si", "x", "X")
    said_no = ("nein", "Nein", "falsch", "non", "faux", "no", "NO")
    assert [parse_flag(t) for t in said_yes] == [True] * len(said_yes)
    assert [parse_flag(t) for t in said_no] == [False] * len(said_no)


@pytest.mark.parametrize(
    "text",
    ["=SUM(A1)", "+1613", "-3.00", "@cmd", "\tx", "\rx", "'Tis", "'=x", "''", "'", "", "plain"],
)
def test_escaping_round_trips(text: str) -> None:
    escaped = escape_cell(text)
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert unescape_cell(escaped) == text


def test_unescaping_leaves_ordinary_apostrophes() -> None:
    assert unescape_cell("'+16135550123") == "+16135550123"
    assert unescape_cell("'Tis the season") == "'Tis the season"


def test_shopify_orders_preset_reads_name_as_the_order_number() -> None:
    header = ("Name", "Email", "Financial Status", "Created at", "Lineitem quantity",
              "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name", "Id",
              "Source")  # fmt: skip
    mapping = detect_mapping(header, SALES)
    assert (mapping.preset, mapping.system) == ("shopify-orders", "shopify")
    assert mapping.column_name("receipt_id") == "Name"
    assert set(mapping.ignored) == {"Billing Name", "Id", "Source"}
    assert mapping.column_name("payment_status") == "Financial Status"  # refunded: left out


def test_generic_customers_and_overrides() -> None:
    header = ("Client", "E-mail", "Mobile", "Memo", "Loyalty #", "Shoe size")
    mapping = detect_mapping(header, CUSTOMERS)
    assert mapping.fields == ("name", "email", "phone", "note", "card", "")
    adjusted = detect_mapping(header, CUSTOMERS, {"Memo": "ignore", "Shoe size": "note"})
    assert adjusted.column_name("note") == "Shoe size"
    with pytest.raises(ImportRefused, match="choose one of"):
        detect_mapping(header, CUSTOMERS, {"Memo": "shoe_size"})
    with pytest.raises(ImportRefused, match="no column “Nope”"):
        detect_mapping(header, CUSTOMERS, {"Nope": "note"})


def test_header_key_ignores_case_and_spacing() -> None:
    assert normalise_header(" Order # ") == "order number"
    assert normalise_header("Total (CAD)") == "total"
    assert header_key(("Email", "First_Name")) == header_key(("EMAIL", "first name"))


def test_number_signs_and_their_abbreviations_read_as_number_but_no_alone_does_not() -> None:
    headings = [
        "Receipt No.", "Invoice No", "N° ticket", "Nº cliente", "N.º ticket", "Número de ticket",
        "Bon-Nr.", "Belegnr.", "Kundennummer", "Cust. Phone",
    ]  # fmt: skip
    assert [normalise_header(h) for h in headings] == [
        "receipt number", "invoice number", "number ticket", "number cliente", "number ticket",
        "number de ticket", "bon number", "beleg number", "kunden number", "customer phone",
    ]  # fmt: skip
    assert normalise_header("Téléphone") == normalise_header("Telephone") == "telephone"
    # A yes/no column's name stays what it is.
    assert [normalise_header(h) for h in ("No", "Yes/No", "Newsletter (ja/nein)")] == [
        "no", "yes no", "newsletter"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "heading", "field"),
    [
        (SALES, "Receipt No", "receipt_id"), (SALES, "Receipt No.", "receipt_id"),
        (SALES, "Invoice No", "receipt_id"), (SALES, "Ticket No", "receipt_id"),
        (SALES, "Sale No", "receipt_id"), (SALES, "Cust. Phone", "phone"),
        (SALES, "Customer Phone No", "phone"), (SALES, "Ext. Price", "line_total"),
        (SALES, "Extended Price", "line_total"), (SALES, "Net Amount", "line_total"),
        (SALES, "Item Description", "item"), (SALES, "Qty Sold", "quantity"),
        # German
        (SALES, "Belegnr.", "receipt_id"), (SALES, "Beleg", "receipt_id"),
        (SALES, "Bonnummer", "receipt_id"), (SALES, "Bon-Nr.", "receipt_id"),
        (SALES, "Datum", "date"), (SALES, "Uhrzeit", "time"), (SALES, "Artikel", "item"),
        (SALES, "Artikelname", "item"), (SALES, "Bezeichnung", "item"),
        (SALES, "Artikelnummer", "sku"), (SALES, "Artikelnr.", "sku"),
        (SALES, "Menge", "quantity"), (SALES, "Anzahl", "quantity"),
        (SALES, "Einzelpreis", "price"), (SALES, "Preis", "price"),
        (SALES, "Betrag", "line_total"), (SALES, "Gesamt", "line_total"),
        (SALES, "Summe", "total"), (SALES, "Kundennr.", "customer_id"),
        (SALES, "Währung", "currency"), (SALES, "Kundenkarte", "card"),
        (CUSTOMERS, "Kundennummer", "customer_id"), (CUSTOMERS, "Kunde", "name"),
        (CUSTOMERS, "Vorname", "first_name"), (CUSTOMERS, "Nachname", "last_name"),
        (CUSTOMERS, "Telefon", "phone"),
        (CUSTOMERS, "Handy", "phone"), (CUSTOMERS, "Mobil", "phone"),
        (CUSTOMERS, "Geburtstag", "birthday"), (CUSTOMERS, "Geburtsdatum", "birthday"),
        (CUSTOMERS, "Notiz", "note"), (CUSTOMERS, "Bemerkung", "note"),
        (CUSTOMERS, "Kundenkarte", "card"), (CUSTOMERS, "Newsletter", "email_consent"),
        # French
        (SALES, "N° ticket", "receipt_id"), (SALES, "Numéro de ticket", "receipt_id"),
        (SALES, "N° facture", "receipt_id"), (SALES, "Heure", "time"),
        (SALES, "N° client", "customer_id"), (SALES, "Code client", "customer_id"),
        (SALES, "Désignation", "item"), (SALES, "Article", "item"),
        (SALES, "Code article", "sku"), (SALES, "Quantité", "quantity"),
        (SALES, "Qté", "quantity"), (SALES, "Prix unitaire", "price"),
        (SALES, "Prix unitaire TTC", "price"), (SALES, "Montant", "line_total"),
        (SALES, "Montant TTC", "line_total"), (SALES, "Total TTC", "total"),
        (SALES, "Devise", "currency"), (SALES, "Carte fidélité", "card"),
        (CUSTOMERS, "Prénom", "first_name"), (CUSTOMERS, "Nom", "last_name"),
        (CUSTOMERS, "Courriel", "email"), (CUSTOMERS, "Téléphone", "phone"),
        (CUSTOMERS, "Portable", "phone"), (CUSTOMERS, "Date de naissance", "birthday"),
        (CUSTOMERS, "Remarque", "note"), (CUSTOMERS, "Date de création", "created"),
        # Spanish
        (SALES, "N.º ticket", "receipt_id"), (SALES, "Nº ticket", "receipt_id"),
        (SALES, "Número de ticket", "receipt_id"), (SALES, "Factura", "receipt_id"),
        (SALES, "Fecha", "date"), (SALES, "Hora", "time"), (SALES, "Nº cliente", "customer_id"),
        (SALES, "Artículo", "item"), (SALES, "Descripción", "item"), (SALES, "Código", "sku"),
        (SALES, "Cantidad", "quantity"), (SALES, "Uds.", "quantity"), (SALES, "Precio", "price"),
        (SALES, "Precio unitario", "price"), (SALES, "Importe", "line_total"),
        (SALES, "Moneda", "currency"), (SALES, "Tipo", "sale_type"),
        (SALES, "Tarjeta de fidelización", "card"), (CUSTOMERS, "Cliente", "name"),
        (CUSTOMERS, "Nombre", "first_name"), (CUSTOMERS, "Apellidos", "last_name"),
        (CUSTOMERS, "Correo electrónico", "email"), (CUSTOMERS, "Teléfono", "phone"),
        (CUSTOMERS, "Móvil", "phone"), (CUSTOMERS, "Fecha de nacimiento", "birthday"),
    ],
)  # fmt: skip
def test_headings_of_tills_in_english_german_french_and_spanish(
    kind: str, heading: str, field: str
) -> None:
    assert detect_mapping((heading,), kind).fields == (field,)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-30", "(February 2026 has only 28 days)"),
        ("2026-04-31T10:00:00", "(April 2026 has only 30 days)"),
        ("2026-13-01", "(there is no month 13)"),
        ("0000-01-01", "(there is no year 0)"),
    ],
)
def test_an_impossible_year_first_date_says_why_whatever_the_date_order(
    text: str, why: str
) -> None:
    # A year-first date reads the same in every shop: the date_order setting is not the cause.
    for date_order in ("DMY", "MDY"):
        with pytest.raises(ValueError) as error:
            parse_stamp(text, date_order)
        assert str(error.value) == f"“{text}” is not a real date {why}"


def test_an_impossible_time_is_not_blamed_on_the_date() -> None:
    with pytest.raises(ValueError, match="“2026-02-01 25:00” is not a real time of day$"):
        parse_stamp("2026-02-01 25:00", "MDY")
    with pytest.raises(ValueError, match="^“30/02/2025” is not a real date: February 2025 has"):
        parse_stamp("30/02/2025", "DMY")


@pytest.mark.parametrize(
    ("text", "comma", "message"),
    [
        ("99999999999999999999.99", False, "the largest is 10,000,000.00"),
        ("10000000.01", False, "the largest is 10,000,000.00"),
        ("10000000.005", False, "the largest is 10,000,000.00"),  # rounds up past it
        ("-99999999999999999999.99", False, "the largest is -10,000,000.00"),
        ("(20,000,000.00)", False, "the largest is -10,000,000.00"),
        ("10.000.000,01", True, "the largest is 10.000.000,00"),
        ("9" * 5000, False, "the largest is 10,000,000.00"),  # past int()'s 4,300 digits
    ],
)
def test_an_amount_beyond_the_limit_says_so(text: str, comma: bool, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_cents(text, comma)
    assert str(error.value) == f"“{text}” is too large for an amount; {message}"


def test_the_largest_amounts_and_quantities_are_read() -> None:
    assert parse_cents("10000000.00") == parse_cents("10.000.000,00", True) == 10**9
    assert parse_cents("-10000000.004") == -(10**9)
    assert parse_quantity("1000000") == parse_quantity("-1e6") * -1 == 1_000_000


@pytest.mark.parametrize(
    ("text", "largest"),
    [("1000001", "1,000,000"), ("-2000000", "-1,000,000"), ("1e300", "1,000,000"),
     ("inf", "1,000,000")],
)  # fmt: skip
def test_a_quantity_beyond_the_limit_says_so(text: str, largest: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_quantity(text)
    assert str(error.value) == f"“{text}” is too large for a quantity; the largest is {largest}"


def _read_all(path: Path) -> list[list[str]]:
    return [cells for _, cells in read_csv(path).rows()]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # The rest of the file would be one cell.
        ('Name,Email\n"Ann,ann@example.com\nBob,bob@example.com\n', "opened on line 2 is never"),
        ('Name,Email\nAnn,"ann@example.com\n', "opened on line 2 is never closed"),
        ('Name,Note\nAnn,"one\ntwo"\nBob,"never\n', "opened on line 4 is never closed"),
        ('"Name,Email\nAnn,ann@example.com\n', "opened on line 1 is never closed"),
        # A later quote closes it in the middle of a cell, gluing lines together.
        ('Name,Email\n"Ann,ann@example.com\n"Bob","bob@example.com"\n',
         "opened on line 2 is closed on line 3 in the middle of a cell, before “Bob"),
        ('Name,Item\nAnn,"Pizza 12" large"\n', "opened on line 2 is closed in the middle of a "
         "cell, before “ large\"”: a quote is missing, or one inside a quoted cell is not "
         'doubled ("")'),
    ],
)  # fmt: skip
def test_a_quote_left_open_refuses_the_file_naming_its_line(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(ImportRefused) as refused:
        _read_all(path)
    first, fix = str(refused.value).split("\n")
    assert first.startswith('c.csv was not imported (nothing was changed): a quote (") ')
    assert where in first
    assert fix.startswith("Correct line ") and "export the file from the till again" in fix


def test_quoted_cells_with_line_breaks_quotes_and_delimiters_still_read(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'Name,Note\r\nAnn,"12"" screen,\r\nsecond line"\r\n"Bob ""B""",""\r\nCy,"x\r"\r\n',
        encoding="utf-8",
        newline="",
    )
    f = read_csv(path)
    assert [(line, cells) for line, cells in f.rows()] == [
        (2, ["Ann", '12" screen,\r\nsecond line']),
        (4, ['Bob "B"', ""]),
        (5, ["Cy", "x\r"]),
    ]
