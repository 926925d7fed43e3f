"""`greeter import` and `greeter export` as a shop owner runs them, in real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from greeter.store import Store
from tests.helpers import run_cli
from tests.till.csv_files import count, write_csv


def new_shop(tmp_path: Path) -> str:
    """A new shop's file, as `greeter staff add` or the window starts it: an import given
    --db goes into a shop that is there."""
    path = tmp_path / "shop.db"
    Store(path).close()
    return str(path)


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    path = write_csv(
        tmp_path / "customers.csv",
        ["First Name", "Last Name", "Email", "Phone", "Shoe size"],
        [["Ann", "Lee", "ann@example.com", "'+16135550101", "7"],
         ["Bob", "Marsh", "bob@example.com", "", "11"]],
    )  # fmt: skip
    done = run_cli("import", "customers", str(path), "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(
        "imported 2 customers: 2 new, 0 updated, 0 unchanged, 0 bad (by "
    )
    assert "ignored columns: Shoe size" in done.stdout
    again = run_cli("import", "customers", str(path), "--db", db)
    assert again.stdout.startswith("imported 2 customers: 0 new, 0 updated, 2 unchanged, 0 bad")
    out = tmp_path / "export.csv"
    assert run_cli("export", "customers", str(out), "--db", db).returncode == 0
    refused = run_cli("export", "customers", str(out), "--db", db)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    back = run_cli("import", "customers", str(out), "--db", db)
    assert back.stdout.startswith("imported 2 customers: 0 new, 0 updated, 2 unchanged")


def test_a_bad_row_exits_non_zero_naming_line_and_column(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    rows = [["Ann", "ann@example.com"], ["Bob", "bob@"]]
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email"], rows)
    done = run_cli("import", "customers", str(path), "--db", db)
    assert done.returncode == 1
    assert "line 3, column Email: “bob@” is not an email address" in done.stderr
    assert "--skip-bad" in done.stderr
    dry = run_cli("import", "customers", str(path), "--db", db, "--dry-run", "--skip-bad")
    assert dry.returncode == 0
    assert "would import 1 customer: 1 new, 0 updated, 0 unchanged, 1 bad" in dry.stdout
    assert "columns (generic): First Name → first_name, Email → email" in dry.stdout
    assert not (tmp_path / "c.bad.csv").exists()
    skipped = run_cli("import", "customers", str(path), "--db", db, "--skip-bad")
    assert skipped.returncode == 0 and (tmp_path / "c.bad.csv").exists()
    assert "wrote the 1 bad row to" in skipped.stdout


def test_map_adjusts_columns_and_is_remembered(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    header = ["Ticket", "When", "What", "Cost"]
    path = write_csv(tmp_path / "s.csv", header, [["T1", "2025-11-02", "Tea", "2.50"]])
    first = run_cli("import", "sales", str(path), "--db", db)
    assert first.returncode == 1 and 'Name the right one with --map "Column=date"' in first.stderr
    second = run_cli("import", "sales", str(path), "--db", db, "--map", "When=date", "--map",
                     "Cost=line_total")  # fmt: skip
    assert second.returncode == 1 and '--map "Column=item"' in second.stderr
    mapped = run_cli("import", "sales", str(path), "--db", db, "--map", "When=date", "--map",
                     "Cost=line_total", "--map", "What=item")  # fmt: skip
    assert mapped.returncode == 0, mapped.stderr
    assert mapped.stdout.startswith("imported 1 receipt: 1 new (1 line)")
    later = write_csv(tmp_path / "later.csv", header, [["T2", "2025-11-03", "Mug", "5.00"]])
    again = run_cli("import", "sales", str(later), "--db", db)
    assert again.returncode == 0 and again.stdout.startswith("imported 1 receipt: 1 new")


def test_a_card_number_refuses_the_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv", ["First Name", "Note"], [["Ann", "card 4111-1111-1111-1111"]]
    )
    done = run_cli("import", "customers", str(path), "--db", new_shop(tmp_path))
    assert done.returncode == 1
    assert "line 2, column Note: This looks like a payment card number (…1111)" in done.stderr


def test_exporting_one_customer_says_1_customer(tmp_path: Path) -> None:
    db = new_shop(tmp_path)
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email"], [["Ann", "ann@example.com"]])
    assert run_cli("import", "customers", str(path), "--db", db).returncode == 0
    out = tmp_path / "export.csv"
    done = run_cli("export", "customers", str(out), "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"exported 1 customer to {out}\n"


# -- which file an import goes into -------------------------------------------------------


def test_an_import_into_a_mistyped_db_is_refused_and_starts_no_shop(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "c.csv", ["First Name", "Email"], [["Ann", "ann@example.com"]])
    bad = write_csv(tmp_path / "b.csv", ["First Name", "Email"], [["Bob", "bob@"]])
    missing = tmp_path / "shpo.db"
    for path in (good, bad):
        done = run_cli("import", "customers", str(path), "--db", str(missing))
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith(
            f"greeter: There is no shop at {missing}: the file does not exist. Check the --db "
            "path (or GREETER_HOME). To start a new shop there, add its owner (you) "
            f'with `greeter --db "{missing}" staff add NAME --role owner`'
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv", "c.csv"]

    # Started as the message says, the shop takes the import.
    assert run_cli("--db", str(missing), "staff", "add", "Priya", "--role", "owner").returncode == 0
    done = run_cli("import", "customers", str(good), "--db", str(missing))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 1 customer: 1 new")


def test_the_first_import_starts_the_shop_in_its_usual_file(tmp_path: Path) -> None:
    home = tmp_path / "greeter-home"
    path = write_csv(tmp_path / "c.csv", ["First Name", "Email"], [["Ann", "ann@example.com"]])

    done = run_cli("import", "customers", str(path), env={"GREETER_HOME": str(home)})

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 1 customer: 1 new")
    shown = run_cli("profile", "--email", "ann@example.com", env={"GREETER_HOME": str(home)})
    assert shown.returncode == 0 and "Ann" in shown.stdout
    assert (home / "greeter.db").is_file()


@pytest.mark.parametrize(
    ("kind", "header", "rows", "would", "bad"),
    [
        ("customers", ["First Name", "Email"],
         [["Ann", "ann@example.com"], ["Bob", "bob@"], ["Cy", "cy@example.com"]],
         "2 customers: 2 new, 0 updated, 0 unchanged, 1 bad",
         "bad: line 3, column Email: “bob@” is not an email address"),
        ("sales", ["Receipt", "Date", "Item", "Price"],
         [["T1", "2026-11-20", "Tea", "2.50"], ["T2", "2026-11-20", "Mug", "nine"],
          ["T3", "2026-11-21", "Cake", "4.00"]],
         "2 receipts: 2 new (2 lines), 0 updated, 0 unchanged, 1 bad",
         "bad: line 3, column Price: “nine” is not an amount of money (expected e.g. 12.50)"),
    ],
)  # fmt: skip
def test_a_dry_run_of_a_file_with_bad_rows_says_what_a_real_run_would_do(
    tmp_path: Path, kind: str, header: list[str], rows: list[list[str]], would: str, bad: str
) -> None:
    db = new_shop(tmp_path)
    path = write_csv(tmp_path / "till.csv", header, rows)

    dry = run_cli("import", kind, str(path), "--db", db, "--dry-run")

    assert dry.returncode == 1 and dry.stderr == ""  # a script learns the import would stop
    said = dry.stdout.splitlines()
    assert said[0] == (
        "dry run, nothing changed: the 1 bad row would stop the import; with --skip-bad it "
        f"would import {would}"
    )
    assert said[-2:] == [
        bad,
        "to import it, fix these rows, or import with --skip-bad to import the others and get "
        "the bad ones in till.bad.csv beside the file",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.db", "till.csv"]
    store = Store(Path(db))
    assert count(store, kind if kind == "customers" else "purchases") == 0
    assert count(store, "imports") == 0
    store.close()
    # What it said is what happens.
    assert run_cli("import", kind, str(path), "--db", db).returncode == 1
    done = run_cli("import", kind, str(path), "--db", db, "--skip-bad")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"imported {would}")
