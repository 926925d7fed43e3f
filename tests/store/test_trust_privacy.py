"""Subject access (everything about one customer, JSON and escaped HTML) and erasure (gone
from the file's bytes, totals kept, and still gone after an older backup is restored)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from greeter.core.models import FollowUpKind, Phone
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.database import write
from greeter.store.erasure import ErasureCounts, read_ledger, reapply_erasures
from greeter.store.erasure_ledger import sidecar_path
from greeter.store.errors import NotFound
from greeter.store.subject_access import collect, export_customer
from tests.helpers import add_customer, add_purchase, run_cli

# Strings that exist only in the erased customer's data.
MARKERS = [
    "Xanthippe",
    "Zorblatt",
    "zorblattsay",
    "5550177",
    "xanth.z@example",
    "ZB-4242",
    "Quokkanote",
    "Wombatnote",
    "Platypusfollow",
    "Echidnapref",
    "Numbatday",
    "Bilbytag",
    "Dingolink",
]


def build_shop(store: Store) -> dict[str, int]:
    owner = store.staff.add("Priya", "owner")
    store.actor_id = owner
    witness = add_customer(store, "Wilma", "Wilma Witness", phone="613-555-0100", card="WW-1")
    store.notes.add(witness, "Witnessnote stays", owner)
    add_purchase(store, witness, dt.datetime(2026, 9, 1, 11), ("Teapot", 3500))
    cid = add_customer(
        store,
        "Xanthippe",
        "<b>Bob</b> Xanthippe Zorblatt",
        phone="613-555-0177",
        email="xanth.z@example.org",
        card="ZB-4242",
        pronunciation="zorblattsay",
    )
    note = store.notes.add(cid, "Quokkanote likes jade", owner)
    store.notes.edit(note, "Wombatnote likes amber", owner)
    store.follow_ups.add(cid, FollowUpKind.CALL_BACK, "Platypusfollow call about the ring", owner)
    store.preferences.add(cid, "Ring size", "Echidnapref 7", owner)
    store.occasions.add(cid, "Numbatday anniversary", 5, 4, author_id=owner)
    store.tags.tag(cid, "Bilbytag", owner)
    store.links.add(cid, witness, "Dingolink sister of", owner)
    store.consents.record(cid, "email", True, "counter")
    for day, item, cents in ((3, "Jade ring", 12000), (9, "Polish", 800)):
        add_purchase(store, cid, dt.datetime(2026, 10, day, 15), (item, cents), ("Box", 200))
    return {"owner": owner, "customer": cid, "witness": witness, "note": note}


def raw_bytes(db_path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data.lower()


def total_sales(store: Store) -> tuple[int, int]:
    r = store.db.execute("SELECT count(*), sum(total_cents) FROM purchases").fetchone()
    return int(r[0]), int(r[1])


def test_subject_access_holds_every_version_purchase_and_link(store: Store, tmp_path: Path) -> None:
    shop = build_shop(store)
    data = collect(store.db, shop["customer"], "Bytown")
    assert data["profile"]["full_name"] == "<b>Bob</b> Xanthippe Zorblatt"
    tables = data["tables"]
    (note,) = tables["notes"]
    assert note["text"] == "Wombatnote likes amber" and note["author"] == "Priya"
    assert [v["text"] for v in note["note_versions"]] == ["Quokkanote likes jade"]
    assert note["note_versions"][0]["author"] == "Priya"
    purchases = tables["purchases"]
    assert sorted(p["total_cents"] for p in purchases) == [1000, 12200]
    assert all([line["item"] for line in p["purchase_lines"]][1] == "Box" for p in purchases)
    assert tables["customer_phones"][0]["e164"] == "+16135550177"
    assert tables["customer_emails"][0]["email"] == "xanth.z@example.org"
    assert tables["identifiers"][0]["value"] == "ZB-4242"
    assert tables["follow_ups"][0]["taken_by"] == "Priya"
    assert tables["preferences"][0]["value"] == "Echidnapref 7"
    assert tables["occasions"][0]["label"] == "Numbatday anniversary"
    assert tables["customer_tags"][0]["tag"] == "Bilbytag"
    assert tables["consents"][0]["granted"] == 1
    assert tables["customer_links.from_id"][0]["to_id"] == "another customer"  # not theirs
    assert "zorblatt" in data["search_terms"]
    assert {"insert"} <= {a["action"] for a in data["audit"]}
    assert "Witnessnote" not in json.dumps(data)

    json_path, html_path = export_customer(store.db, shop["customer"], tmp_path / "out", "Bytown")
    assert json.loads(json_path.read_text(encoding="utf-8"))["customer_id"] == shop["customer"]
    page = html_path.read_text(encoding="utf-8")
    assert "<b>Bob</b>" not in page and "&lt;b&gt;Bob&lt;/b&gt;" in page
    assert "Quokkanote likes jade" in page and "Jade ring" in page
    assert page.startswith("<!doctype html>") and "@media print" in page
    assert json_path.stat().st_mode & 0o077 == 0 and html_path.stat().st_mode & 0o077 == 0
    last = store.audit.entries(limit=1)[0]
    assert (last.action, last.customer_id, last.detail) == (
        "export",
        shop["customer"],
        {"kind": "subject_access"},
    )
    with pytest.raises(NotFound):
        collect(store.db, 999)


def test_erasure_leaves_no_trace_in_the_file_and_keeps_the_totals(store: Store) -> None:
    shop = build_shop(store)
    path = store.path
    before = total_sales(store)
    assert all(m.lower().encode() in raw_bytes(path) for m in MARKERS[:2])

    result = store.erasures.erase(shop["customer"])

    assert result.file_clean, result.message
    raw = raw_bytes(path)
    for marker in MARKERS:
        assert marker.lower().encode() not in raw, marker
    assert b"witnessnote" in raw and b"wilma" in raw  # nobody else was touched
    assert total_sales(store) == before
    assert result.purchases_detached == 2
    assert (
        store.db.execute("SELECT count(*) FROM purchases WHERE customer_id IS NULL").fetchone()[0]
        == 2
    )
    assert store.db.execute("SELECT count(*) FROM purchase_lines").fetchone()[0] == 5
    vocab = {r[0] for r in store.db.execute("SELECT term FROM name_vocab")}
    assert "zorblatt" not in vocab and "wilma" in vocab
    assert not store.customers.exists(shop["customer"])
    assert store.links.for_customer(shop["witness"]) == ()
    assert store.notes.all_for(shop["witness"])[0].text == "Witnessnote stays"
    (entry,) = store.erasures.ledger()
    assert entry.customer_id == shop["customer"] and entry.by_staff_id == shop["owner"]
    assert all(h.split(":")[0] in {"fp", "id", "email", "phone", "name"} for h in entry.hashes)
    sidecar = sidecar_path(path).read_bytes().lower()
    assert not any(m.lower().encode() in sidecar for m in MARKERS)
    last = store.audit.entries(limit=1)[0]
    assert (last.action, last.customer_id, last.staff_name) == (
        "erase",
        shop["customer"],
        "Priya",
    )
    with pytest.raises(NotFound):
        store.erasures.erase(shop["customer"])


def test_what_an_erasure_removes_and_keeps_is_counted_before_asking(store: Store) -> None:
    shop = build_shop(store)
    counts = store.erasures.counts(shop["customer"])
    assert (counts.notes, counts.follow_ups, counts.purchases) == (1, 1, 2)
    witness = store.erasures.counts(shop["witness"])
    assert (witness.notes, witness.follow_ups, witness.purchases) == (1, 0, 1)
    assert store.erasures.counts(shop["customer"]) == counts  # counting changed nothing

    result = store.erasures.erase(shop["customer"])

    # Every kind of row the erasure removed was counted before, as many as it removed (the
    # search vocabulary, shared with other customers, is pruned as it goes).
    removed = {t: n for t, n in result.rows_removed.items() if t != "name_vocab"}
    assert counts == ErasureCounts(removed, result.purchases_detached)
    assert {"customer_phones", "customer_emails", "identifiers", "note_versions", "preferences",
            "occasions", "customer_tags", "customer_links", "consents", "name_terms"} <= set(
        removed
    )  # fmt: skip
    assert counts.removed["customer_links"] == 1 and counts.removed["note_versions"] == 1


def test_the_ledger_beside_the_file_is_readable_by_the_owner_only(store: Store) -> None:
    """It holds the secret the erased customers' hashes are keyed with."""
    shop = build_shop(store)
    sidecar = sidecar_path(store.path)
    # An earlier write, stopped by a crash, left its scratch file readable by everyone.
    stale = sidecar.with_name(sidecar.name + ".tmp")
    stale.write_text("{}", encoding="utf-8")
    stale.chmod(0o644)

    store.erasures.erase(shop["customer"])

    assert sidecar.stat().st_mode & 0o777 == 0o600
    (entry,) = json.loads(sidecar.read_text(encoding="utf-8"))["erasures"]
    assert entry["customer_id"] == shop["customer"]
    beside = sorted(p.name for p in store.path.parent.iterdir() if ".erasures." in p.name)
    assert beside == [sidecar.name, stale.name]  # no scratch of its own left behind


def _backup(store: Store, to: Path) -> None:
    target = sqlite3.connect(to)
    store.db.conn.backup(target)
    target.close()


def _restore(backup: Path, live: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, live)


def test_a_restored_older_backup_is_erased_again(store: Store, tmp_path: Path) -> None:
    shop = build_shop(store)
    path = store.path
    before = total_sales(store)
    _backup(store, tmp_path / "before-erasure.db")
    store.erasures.erase(shop["customer"])
    store.close()

    _restore(tmp_path / "before-erasure.db", path)
    restored = Store(path)
    assert restored.customers.exists(shop["customer"])  # the backup brought them back

    assert reapply_erasures(restored.db) == [shop["customer"]]

    raw = raw_bytes(path)
    assert not any(m.lower().encode() in raw for m in MARKERS)
    assert total_sales(restored) == before
    assert restored.customers.exists(shop["witness"])
    assert len(restored.erasures.ledger()) == 1  # the ledger came back too
    assert reapply_erasures(restored.db) == []  # and running it again is harmless
    restored.close()


def test_greeter_restore_says_it_erased_the_customer_again(store: Store, tmp_path: Path) -> None:
    shop = build_shop(store)
    _backup(store, tmp_path / "before-erasure.db")
    store.erasures.erase(shop["customer"])
    path = store.path
    store.close()

    done = run_cli("restore", "--db", str(path), str(tmp_path / "before-erasure.db"), "--yes")

    assert done.returncode == 0, done.stderr
    assert "1 erased customer it still held was erased again." in done.stdout
    assert not Store(path).customers.exists(shop["customer"])


def test_reapply_with_the_replaced_files_ledger_and_a_different_secret(
    store: Store, tmp_path: Path
) -> None:
    """The sidecar is gone and the backup predates the secret: the ledger read from the
    live file before the restore still finds them, by card and by name with phone."""
    shop = build_shop(store)
    path = store.path
    _backup(store, tmp_path / "old.db")
    store.erasures.erase(shop["customer"])
    ledger = read_ledger(store.db)
    store.close()
    sidecar_path(path).unlink()
    old = sqlite3.connect(tmp_path / "old.db")
    old.create_function("greeter_actor", 0, lambda: None)
    old.create_function("greeter_audit_rows", 0, lambda: 0)
    old.execute("UPDATE settings SET value = ? WHERE key = 'erasure_secret'", ["ab" * 32])
    old.execute(
        "UPDATE customers SET created = '2020-01-01T00:00:00' WHERE id = ?", [shop["customer"]]
    )  # so only the keyed hashes can recognise them
    old.commit()
    old.close()
    _restore(tmp_path / "old.db", path)

    restored = Store(path)
    assert reapply_erasures(restored.db, ledger) == [shop["customer"]]
    assert not any(m.lower().encode() in raw_bytes(path) for m in MARKERS)
    restored.close()


def test_only_the_same_person_is_erased_again(store: Store) -> None:
    shop = build_shop(store)
    store.erasures.erase(shop["customer"])
    owner = shop["owner"]
    long_ago = dt.datetime(2024, 1, 5, 10, 0)
    phone = Phone("+16135550177", "613-555-0177")
    # A household member sharing the phone, under another name: kept.
    household = store.customers.add(
        NewCustomer("Yannick", "Yannick Zorblatt", phones=[phone], created=long_ago)
    )
    # Someone who came back and was added after the erasure: a new customer, kept.
    came_back = store.customers.add(
        NewCustomer(
            "Xanthippe",
            "<b>Bob</b> Xanthippe Zorblatt",
            phones=[phone],
            created=dt.datetime.now() + dt.timedelta(minutes=1),
        )
    )
    # An old record (say re-imported) with the erased card: the same person, erased.
    same_card = store.customers.add(NewCustomer("X.", cards=["ZB-4242"], created=long_ago))
    # The same name and email on an old record: the same person, erased.
    same_email = store.customers.add(
        NewCustomer(
            "Xanthippe",
            "<b>Bob</b> Xanthippe Zorblatt",
            emails=["xanth.z@example.org"],
            created=long_ago,
        )
    )
    store.notes.add(household, "Yannick is her brother", owner)

    assert sorted(store.erasures.reapply()) == sorted([same_card, same_email])
    assert store.customers.exists(household) and store.customers.exists(came_back)


def test_a_full_text_index_holding_their_words_is_cleared_and_rebuilt(store: Store) -> None:
    shop = build_shop(store)
    with write(store.db):
        store.db.execute(
            "CREATE VIRTUAL TABLE note_search USING fts5(customer_id UNINDEXED, words)"
        )
        store.db.execute(
            "INSERT INTO note_search (customer_id, words) VALUES (?, 'Zorblatt Quokkanote'),"
            " (?, 'Wilma Witnessnote')",
            [shop["customer"], shop["witness"]],
        )
    assert store.erasures.erase(shop["customer"]).file_clean
    raw = raw_bytes(store.path)
    assert b"quokkanote" not in raw and b"zorblatt" not in raw and b"witnessnote" in raw
    hits = store.db.execute("SELECT customer_id FROM note_search WHERE note_search MATCH 'wilma'")
    assert [r[0] for r in hits] == [shop["witness"]]
