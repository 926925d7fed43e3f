"""Files bigger than the block Greeter reads at a time: a character, a line end or a quoted
cell cut in two by a block's end is read whole, an encoding that shows itself only far down
the file is the whole file's, and a file that changes while it is read is not imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from greeter.store import Store
from greeter.till.csv_read import read_csv
from greeter.till.csv_text import BLOCK
from greeter.till.importer import ImportOptions, ImportProgress, run_import
from greeter.till.problems import ImportRefused
from tests.till.csv_files import count, load, snapshot

HEADER = "Receipt,Date,Item,Price\r\n"
ROWS = 12_000  # some half a megabyte: over two blocks


def _sales(item: Callable[[int], str], line_end: str = "\r\n") -> str:
    lines = [f"R{n // 2},2026-11-22 10:01,{item(n)},2.50" for n in range(ROWS)]
    return line_end.join([HEADER.rstrip("\r\n"), *lines, ""])


def _cut_where(make: Callable[[str], bytes], cut: Callable[[bytes], bool]) -> bytes:
    """The file `make(padding)` makes, with the padding that puts the first block's end
    where `cut` says."""
    for pad in range(64):
        data = make("x" * pad)
        if cut(data):
            return data
    raise AssertionError("no padding puts the block's end there")


def _items(store: Store) -> list[str]:
    return [str(r[0]) for r in store.db.execute("SELECT item FROM purchase_lines ORDER BY id")]


def test_a_character_cut_in_two_by_a_block_end_is_read_whole(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(
        _cut_where(
            lambda pad: _sales(lambda n: f"{pad if n == 0 else ''}Crème brûlée {n}").encode(),
            lambda data: 0x80 <= data[BLOCK] < 0xC0,  # in the middle of a character
        )
    )

    result = load(store, path, "sales")

    assert result.lines == ROWS
    assert _items(store)[1:] == [f"Crème brûlée {n}" for n in range(1, ROWS)]


def test_a_windows_1252_letter_far_down_the_file_is_read_so(store: Store, tmp_path: Path) -> None:
    text = _sales(lambda n: "Crème brûlée" if n == ROWS - 1 else f"Tea {n}")
    path = tmp_path / "sales.csv"
    path.write_bytes(text.encode("cp1252"))  # UTF-8 until its very last line
    assert text.encode("cp1252").index("è".encode("cp1252")) > BLOCK

    result = load(store, path, "sales")

    assert (read_csv(path).encoding, result.lines) == ("cp1252", ROWS)
    assert _items(store)[-1] == "Crème brûlée"


def test_an_old_mac_file_over_many_blocks_names_its_bad_line(store: Store, tmp_path: Path) -> None:
    text = _sales(lambda n: f"Tea {n}", line_end="\r")
    path = tmp_path / "sales.csv"
    path.write_bytes(text.replace("Tea 11999,2.50", "Tea 11999,lots").encode())
    before = snapshot(store)

    with pytest.raises(ImportRefused, match="line 12001, column Price: “lots” is not an amount"):
        load(store, path, "sales")
    assert snapshot(store) == before

    path.write_bytes(text.encode())
    assert load(store, path, "sales").lines == ROWS


def test_a_quoted_cell_cut_by_a_block_end_keeps_its_line_breaks(tmp_path: Path) -> None:
    # Lines end in LF; a CR alone outside quotes is a space, inside quotes a line break. The
    # first block ends inside a quoted cell, after its LF and before its CR.
    def make(pad: str) -> bytes:
        rows = [f'{pad if n == 0 else ""}Ann {n},"one\ntwo\rthree",\rfour\n' for n in range(ROWS)]
        return ("Name,Note,Other\n" + "".join(rows)).encode()

    path = tmp_path / "customers.csv"

    def inside_the_cell(data: bytes) -> bool:  # the first block's last LF is the cell's
        last = data.rfind(b"\n", 0, BLOCK)
        return data[last - 3 : last] == b"one"

    path.write_bytes(_cut_where(make, inside_the_cell))

    rows = [cells for _, cells in read_csv(path).rows()]

    assert len(rows) == ROWS
    assert {tuple(cells[1:]) for cells in rows} == {("one\ntwo\rthree", " four")}


def test_a_file_that_changes_while_it_is_read_is_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(_sales(lambda n: f"Tea {n}"), newline="")
    opened = read_csv(path)
    with path.open("a", newline="") as till:  # the till, still writing it
        till.write("R6000,2026-11-22 10:02,Scone,3.25\r\n")

    with pytest.raises(ImportRefused) as refused:
        list(opened.rows())

    assert str(refused.value) == (
        "sales.csv was not imported (nothing was changed): it changed while Greeter was "
        "reading it. Wait until the till has finished writing it, then import it again."
    )


def test_bad_rows_are_not_copied_from_a_file_changed_since_its_import(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(_sales(lambda n: f"Tea {n}").replace("Tea 0,2.50", "Tea 0,lots"), newline="")

    def till_writes(progress: ImportProgress) -> None:
        if progress.stage == "writing":
            path.write_text(HEADER, newline="")

    result = run_import(store, path, ImportOptions("sales", skip_bad=True), till_writes)

    assert (result.lines, result.bad, result.report_path) == (ROWS - 2, 2, None)
    assert count(store, "purchase_lines") == ROWS - 2
    assert not (tmp_path / "sales.bad.csv").exists()
    assert result.report_problem == (
        "The good rows of sales.csv were imported, but the file changed since, so its bad "
        "rows could not be copied to " + str(tmp_path / "sales.bad.csv") + ". Import it "
        "again, setting the bad rows aside: what was imported is not added twice."
    )
    assert result.report_problem in result.summary()
