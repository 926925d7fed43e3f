"""`greeter import` and `greeter export` as a shop owner runs them, in real processes."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli
from tests.till.csv_files import write_csv


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "shop.db")
    path = write_csv(
        tmp_path / "customers.csv",
        ["First Name", "Last Name", "Email", "Phone", "Shoe size"],
        [["Ann", "Lee", "ann@example.com", "'+16135550101", "7"],
         ["Bob", "Marsh", "bob@example.com", "", "11"]],
    )  # fmt: skip
    done = run_cli("import", "customers", str(path), "--db", db)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[0] == "imported 2 customers: 2 new, 0 updated, 0 unchanged, 0 bad"
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
    db = str(tmp_path / "shop.db")
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
    db = str(tmp_path / "shop.db")
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
    done = run_cli("import", "customers", str(path), "--db", str(tmp_path / "shop.db"))
    assert done.returncode == 1
    assert "line 2, column Note: This looks like a payment card number (…1111)" in done.stderr
