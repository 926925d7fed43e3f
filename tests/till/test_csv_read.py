"""Reading real till files: encodings, delimiters, quoted newlines, huge cells, and values."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from greeter.till.cells import escape_cell, unescape_cell
from greeter.till.columns import CUSTOMERS, SALES, detect_mapping, header_key, normalise_header
from greeter.till.csv_read import read_csv
from greeter.till.parse import parse_birthday, parse_cents, parse_flag, parse_quantity, parse_stamp
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
        ("02.11.2025 14:31", "2025-11-02T14:31:00", "2025-02-11T14:31:00"),
        ("2/11/25 2:31 PM", "2025-11-02T14:31:00", "2025-02-11T14:31:00"),
        ("11/02/2025 12:05 am", "2025-02-11T00:05:00", "2025-11-02T00:05:00"),
    ],
)
def test_dates_in_the_usual_formats(text: str, dmy: str, mdy: str) -> None:
    assert parse_stamp(text, "DMY") == dmy
    assert parse_stamp(text, "MDY") == mdy


def test_an_impossible_date_names_the_setting() -> None:
    assert parse_stamp("13/02/2025", "DMY") == "2025-02-13T00:00:00"
    with pytest.raises(ValueError, match="date_order setting is MDY"):
        parse_stamp("13/02/2025", "MDY")
    with pytest.raises(ValueError, match="is not a date"):
        parse_stamp("yesterday", "MDY")


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
    assert set(mapping.ignored) == {"Financial Status", "Billing Name", "Id", "Source"}


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
