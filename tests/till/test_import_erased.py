"""A customer erased from Greeter (they asked to be forgotten) is not added back by the next
import of the till's customer file, which still has them; someone who came back and asked to
join again is added at the counter, and the till's file then finds them as usual."""

from __future__ import annotations

from pathlib import Path

from greeter.core.audit import AuditEvent
from greeter.store import Store
from greeter.till.exporter import export_customers
from greeter.till.importer import ImportOptions, run_import
from tests.helpers import add_customer, run_cli
from tests.till.csv_files import load, write_csv
from tests.till.test_import_sales import shopify_orders

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Phone"]
SIOBHAN = ["101", "Siobhán", "Ó Briain", "siobhan@example.com", "613-555-0142"]
BOB = ["102", "Bob", "Smith", "bob@example.com", "613-555-0199"]  # line 3
DANA = ["103", "Dana", "Kowalski", "dana@example.com", ""]
XANTHE = ["104", "Xanthe", "Zorblatt", "xanthe@example.com", "613-555-0177"]  # line 5
ERASED = (b"smith", b"bob@example", b"5550199", b"zorblatt", b"xanthe", b"5550177")


def _tills_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "customers.csv", HEADER, [SIOBHAN, BOB, DANA, XANTHE])


def _names(store: Store) -> list[str]:
    return sorted(str(r[0]) for r in store.db.execute("SELECT full_name FROM customers"))


def _two_erased(store: Store, tmp_path: Path) -> Path:
    """Xanthe, added at the counter (never imported: only her name and phone are the
    till's too), and Bob, imported from the till with his till id: both erased."""
    store.staff.add("Priya", "owner")
    xanthe = add_customer(store, "Xanthe", "Xanthe Zorblatt", phone="613 555 0177")
    store.erasures.erase(xanthe)
    path = _tills_file(tmp_path)
    load(store, path, "customers")
    [bob] = store.customers.find_by_email("bob@example.com")
    store.erasures.erase(bob)
    return path


def test_erased_customers_in_the_tills_file_are_left_out_and_named_by_line_only(
    store: Store, tmp_path: Path
) -> None:
    path = _two_erased(store, tmp_path)
    db = store.path
    store.close()

    done = run_cli("--db", str(db), "import", "customers", str(path))

    assert done.returncode == 0, done.stderr
    assert "imported 2 customers: 0 new, 0 updated, 2 unchanged, 0 bad" in done.stdout
    assert (
        "2 customers in the file were erased from Greeter earlier (they asked to be forgotten) "
        "and were left out: lines 3, 5. Remove them from the till too. If someone came back "
        "and asked to join again, add them in the window (Ctrl+Shift+N) or with "
        f"`greeter --db {db} customer add`."
    ) in done.stdout
    for said in ("Bob", "Smith", "bob@", "Xanthe", "Zorblatt", "0177", "0199"):
        assert said not in done.stdout  # nothing about who they are
    with Store(db) as after:
        assert _names(after) == ["Dana Kowalski", "Siobhán Ó Briain"]
        [audited] = after.audit.entries(action=AuditEvent.IMPORT, limit=1)
        assert (audited.detail["unchanged"], audited.detail["erased_left_out"]) == (2, 2)
    data = b"".join(p.read_bytes().lower() for p in (db, Path(f"{db}-wal")) if p.exists())
    assert not [text for text in ERASED if text in data]  # gone from the file, still


def test_a_dry_run_says_so_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = _two_erased(store, tmp_path)
    db = store.path
    store.close()
    before = db.read_bytes()

    done = run_cli("--db", str(db), "import", "customers", str(path), "--dry-run")

    assert done.returncode == 0, done.stderr
    assert "dry run, nothing changed: would import 2 customers: 0 new" in done.stdout
    assert (
        "2 customers in the file were erased from Greeter earlier (they asked to be forgotten) "
        "and would be left out: lines 3, 5. Remove them from the till too."
    ) in done.stdout
    assert db.read_bytes() == before


def test_the_first_import_leaves_out_someone_erased_at_the_counter(
    store: Store, tmp_path: Path
) -> None:
    """Her till id was never in Greeter: her name with her phone says it is her. A household
    member on the same phone, and a stranger of the same name, are other people."""
    xanthe = add_customer(store, "Xanthe", "Xanthe Zorblatt", phone="613 555 0177")
    store.erasures.erase(xanthe)
    rows = [
        XANTHE,
        ["105", "Yannick", "Zorblatt", "", "613-555-0177"],  # her brother, the same phone
        ["106", "Xanthe", "Zorblatt", "xz@example.org", "613-555-0123"],  # another Xanthe
    ]
    path = write_csv(tmp_path / "customers.csv", HEADER, rows)

    result = run_import(store, path, ImportOptions("customers"))

    assert (result.new, result.erased) == (2, [2])
    assert "and was left out: line 2. Remove them from the till too." in result.summary()
    assert result.shared == []  # not "line 2 shares a phone with …": she is not added
    assert _names(store) == ["Xanthe Zorblatt", "Yannick Zorblatt"]
    assert store.customers.find_by_email("xanthe@example.com") == []
    [other] = store.customers.find_by_email("xz@example.org")
    assert [p.e164 for p in store.customers.phones(other)] == ["+16135550123"]


def test_the_same_till_id_or_card_is_the_same_person_whatever_else_changed(
    store: Store, tmp_path: Path
) -> None:
    header = [*HEADER, "Card"]
    first = write_csv(tmp_path / "first.csv", header, [[*BOB, "BG-77"], [*DANA, "BG-78"]])
    load(store, first, "customers")
    for email in ("bob@example.com", "dana@example.com"):
        store.erasures.erase(store.customers.find_by_email(email)[0])
    rows = [
        ["102", "Robert", "Smith-Jones", "rob@example.net", "613-555-0111", ""],  # the till id
        ["", "Danuta", "K.", "", "", " bg-78"],  # the card, in another case
    ]
    later = write_csv(tmp_path / "later.csv", header, rows)

    result = run_import(store, later, ImportOptions("customers"))

    assert (result.new, result.erased) == (0, [2, 3])
    assert store.customers.count() == 0


def test_an_old_export_of_greeter_s_own_brings_nobody_back(store: Store, tmp_path: Path) -> None:
    """Zoë has only a name: her old number, with when she was added, says it is her."""
    zoe = add_customer(store, "Zoë", "Zoë Adeyemi")
    add_customer(store, "Wilma", "Wilma Witness")
    export = tmp_path / "customers-export.csv"
    export_customers(store, export)
    store.erasures.erase(zoe)

    result = run_import(store, export, ImportOptions("customers"))

    assert (result.unchanged, result.new, result.erased) == (1, 0, [2])
    assert _names(store) == ["Wilma Witness"]


def test_someone_who_came_back_is_added_with_customer_add_and_then_found_by_the_import(
    store: Store, tmp_path: Path
) -> None:
    path = _two_erased(store, tmp_path)
    db = store.path
    store.close()

    added = run_cli(
        "--db", str(db), "customer", "add", "--name", "Bob", "--full-name", "Bob Smith",
        "--phone", "613-555-0199",
    )  # fmt: skip
    done = run_cli("--db", str(db), "import", "customers", str(path))

    assert added.returncode == 0, added.stderr
    assert done.returncode == 0, done.stderr
    assert "0 new, 1 updated, 2 unchanged" in done.stdout  # Bob given his email and till id
    assert "was left out: line 5." in done.stdout  # only Xanthe
    with Store(db) as after:
        [bob] = after.customers.find_by_email("bob@example.com")
        assert after.customers.get(bob).full_name == "Bob Smith"
        assert _names(after) == ["Bob Smith", "Dana Kowalski", "Siobhán Ó Briain"]


def test_an_erased_customers_purchases_come_in_without_them(store: Store, tmp_path: Path) -> None:
    """Their till id, card, email and phone are gone: a sales file links the receipts to
    nobody, and says nothing about who they were."""
    siobhan = add_customer(store, "Siobhán", "Siobhán Ó Briain", email="siobhan@example.com")
    store.erasures.erase(siobhan)

    result = load(store, shopify_orders(tmp_path / "orders_export.csv"), "sales")

    assert (result.new, result.without_customer) == (2, 2)
    assert store.db.execute(
        "SELECT customer_id FROM purchases WHERE receipt_id = '#1001'"
    ).fetchall() == [(None,)]
    assert "Siobh" not in result.summary() and "siobhan@" not in result.summary()
    assert store.customers.count() == 0
