"""Messy files from the outside world: Excel's "Unicode text" (UTF-16), old Macs' CR line ends,
a CR or control character inside a cell, a NUL, and a file too big for the computer's memory.
Each is read for what it says, or refused with what to do; none stops with a traceback."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.till.csv_read import read_csv
from greeter.till.problems import ImportRefused
from tests.till.csv_files import count, load, snapshot, write_csv

CUSTOMERS_TEXT = (
    "First Name\tLast Name\tEmail\tPhone\tNote\r\n"
    "Zoë\tCôté\tzoe.cote@example.com\t613 555 0199\tAime le café\r\n"
    "José\tMuñoz\tjose.munoz@example.com\t613 555 0198\tPréfère «Pepe»\r\n"
)
SALES_HEADER = ["Receipt", "Date", "Item", "Price", "Email"]
SALES_ROWS = [
    ["T1", "2026-11-22 10:01", "Tea", "2.50", "zoe.cote@example.com"],
    ["T1", "2026-11-22 10:01", "Mug", "9.00", "zoe.cote@example.com"],
    ["T2", "2026-11-22 11:30", "Scone", "3.25", ""],
]


def _names(store: Store) -> list[str]:
    return sorted(str(r[0]) for r in store.db.execute("SELECT full_name FROM customers"))


def _unicode_text(text: str, codec: str, bom: bytes = b"") -> bytes:
    """A file as Excel's "Save as Unicode text" writes it (UTF-16 LE with its mark, tabs)."""
    return bom + text.encode(codec)


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),  # Excel's "Unicode text"
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_utf16_files_are_read_whatever_their_byte_order(
    tmp_path: Path, codec: str, bom: bytes
) -> None:
    path = tmp_path / "customers.txt.csv"
    path.write_bytes(_unicode_text(CUSTOMERS_TEXT, codec, bom))

    f = read_csv(path)

    assert (f.encoding, f.delimiter_name) == ("utf-16", "tab")
    assert f.header == ("First Name", "Last Name", "Email", "Phone", "Note")
    assert [(line, cells[:2]) for line, cells in f.rows()] == [
        (2, ["Zoë", "Côté"]),
        (3, ["José", "Muñoz"]),
    ]


def test_old_mac_line_ends_are_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(
        'Name,Email,Note\rZoë,zoe@example.com,"one\rtwo"\rBob,bob@example.com,\r'.encode()
    )

    f = read_csv(path)

    assert f.header == ("Name", "Email", "Note")
    assert list(f.rows()) == [
        (2, ["Zoë", "zoe@example.com", "one\ntwo"]),  # a line break inside quotes stays one
        (4, ["Bob", "bob@example.com", ""]),
    ]


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
def test_a_cr_alone_in_a_cell_is_a_space_not_a_new_row(tmp_path: Path, line_end: str) -> None:
    path = tmp_path / "till.csv"
    rows = ["Name,Email,Note", "Ann,ann@example.com,\rCR start", 'Bob,bob@example.com,"x\ry"']
    path.write_bytes(line_end.join([*rows, ""]).encode())

    assert [cells for _, cells in read_csv(path).rows()] == [
        ["Ann", "ann@example.com", " CR start"],  # not a customer called "CR start"
        ["Bob", "bob@example.com", "x\ry"],  # quoted: kept, the line break it is there
    ]


def test_control_characters_are_taken_out_of_cells(tmp_path: Path) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(b"Name\tNote\r\nAnn\x01a\t\x1b[1mVIP\x7f\x0bsecond line\r\n")

    assert [cells for _, cells in read_csv(path).rows()] == [["Anna", "[1mVIP\x0bsecond line"]]


def test_a_nul_in_a_customer_cell_is_a_bad_row_and_the_others_are_imported(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(b"First Name,Email\nAnn\x00a,ann@example.com\nBob,bob@example.com\n")
    before = snapshot(store)

    with pytest.raises(ImportRefused) as refused:
        load(store, path, "customers")
    assert str(refused.value).startswith(
        "customers.csv was not imported (nothing was changed): line 2, column First Name: "
        "holds a NUL character, which no till writes in a cell: the file may be damaged or cut "
        "short. Check this row in the till and export the file again"
    )
    assert snapshot(store) == before

    result = load(store, path, "customers", skip_bad=True)
    assert (result.new, result.bad) == (1, 1)
    assert _names(store) == ["Bob"]


def test_a_nul_in_a_sales_cell_leaves_its_receipt_out(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sales.csv", SALES_HEADER, SALES_ROWS)
    path.write_bytes(path.read_bytes().replace(b"Mug", b"M\x00ug"))

    result = load(store, path, "sales", skip_bad=True)

    assert (result.new, result.bad) == (1, 2)  # T2; both lines of T1 are left out
    assert [str(p) for p in result.problems] == [
        "line 3, column Item: holds a NUL character, which no till writes in a cell: the file "
        "may be damaged or cut short. Check this row in the till and export the file again"
    ]
    assert [r for (r,) in store.db.execute("SELECT receipt_id FROM purchases")] == ["T2"]
    assert [i for (i,) in store.db.execute("SELECT item FROM purchase_lines")] == ["Scone"]


def test_a_first_line_of_nul_characters_refuses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "damaged.csv"
    path.write_bytes(b"\x00" * 64 + b"\nAnn,ann@example.com\n")

    with pytest.raises(ImportRefused, match=r"^damaged.csv is not a text file Greeter can read"):
        read_csv(path)


def test_a_big_file_is_read_without_a_copy_at_four_bytes_a_character(tmp_path: Path) -> None:
    # Notes over two lines, so that some cross from one piece the csv module is handed to the
    # next; lines ending in CRLF, so that some pieces end between the CR and the LF.
    rows = [[f"Customer {n}", f"c{n}@example.com", f"line one\r\nline {n}"] for n in range(60_000)]
    path = write_csv(tmp_path / "big.csv", ["Name", "Email", "Note"], rows)
    f = read_csv(path)
    assert len(f.text) > 3_000_000

    tracemalloc.start()
    try:
        read = 0
        for line, cells in f.rows():
            assert (line, cells) == (2 + 2 * read, rows[read])
            read += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert read == len(rows)
    assert peak < 2 * len(f.text)  # a StringIO of the whole text would take four times it


# -- at the command line --


def _shop(tmp_path: Path) -> Path:
    db = tmp_path / "shop.db"
    store = Store(db)
    store.settings.set("region", "CA")
    store.close()
    return db


def _greeter(*args: str, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m greeter ARGS` in a real process; with `memory`, its address space is held
    to that many bytes, as on a computer short of memory (POSIX only)."""

    def limit() -> None:
        import resource

        assert memory is not None
        resource.setrlimit(resource.RLIMIT_AS, (memory, resource.getrlimit(resource.RLIMIT_AS)[1]))

    return subprocess.run(
        [sys.executable, "-m", "greeter", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        preexec_fn=None if memory is None else limit,
    )


def test_the_command_line_imports_unicode_text_and_old_mac_files(tmp_path: Path) -> None:
    db = _shop(tmp_path)
    customers = tmp_path / "customers.txt"
    customers.write_bytes(_unicode_text(CUSTOMERS_TEXT, "utf-16-le", codecs.BOM_UTF16_LE))
    no_mark = tmp_path / "more-customers.csv"
    no_mark.write_bytes(
        _unicode_text("First Name\tEmail\r\nRenée\trenee@example.com\r\n", "utf-16-le")
    )
    sales = write_csv(tmp_path / "sales.csv", SALES_HEADER, SALES_ROWS)
    sales.write_bytes(sales.read_bytes().replace(b"\r\n", b"\r"))

    done = [
        _greeter("--db", str(db), "import", "customers", str(customers)),
        _greeter("--db", str(db), "import", "customers", str(no_mark)),
        _greeter("--db", str(db), "import", "sales", str(sales)),
    ]

    for run in done:
        assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert done[0].stdout.startswith("imported 2 customers: 2 new")
    assert done[1].stdout.startswith("imported 1 customer: 1 new")
    assert done[2].stdout.startswith("imported 2 receipts: 2 new (3 lines)")
    store = Store(db)
    assert _names(store) == ["José Muñoz", "Renée", "Zoë Côté"]
    assert count(store, "purchases") == 2
    store.close()


def test_a_file_too_big_for_memory_is_refused_saying_how_to_split_it(tmp_path: Path) -> None:
    db = _shop(tmp_path)
    rows = [
        [f"R{n // 3}", "2026-11-22 10:01", f"Item {n % 500}", "2.50", ""] for n in range(200_000)
    ]
    big = write_csv(tmp_path / "big.csv", SALES_HEADER, rows)  # 8 MB: some 200 MB to import
    megabytes = f"{big.stat().st_size / 1e6:.1f}"  # under 10 MB: to a tenth

    # Greeter itself starts in under 50 MB of address space.
    done = _greeter("--db", str(db), "import", "sales", str(big), memory=100 * 2**20)

    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr == (
        f"greeter: big.csv was not imported (nothing was changed): it is too big to import at "
        f"once on this computer ({megabytes} MB). Split it into smaller files (halves or "
        "quarters, each starting with the line of column names, keeping the lines of one "
        "receipt together) and import them one after another: receipts already imported are "
        "skipped.\n"
    )
    store = Store(db)
    assert count(store, "purchases") == 0 and count(store, "imports") == 0
    store.close()
