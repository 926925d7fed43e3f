"""`greeter privacy erase` says everything that goes and what it cannot reach: the notes on
other customers that name the erased one, which `greeter note edit --forget-earlier` rewrites
and wipes from the file, in real processes on a real file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from greeter.cli import db_option
from greeter.core.models import FollowUpKind
from greeter.store import Store
from tests.helpers import add_customer, add_purchase, run_cli

OWNER = ("--staff", "Priya", "--pin", "2580")


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    """Aoife (1), with something of every kind; notes on Ben (2) and Cara (3) name her."""
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    priya = store.staff.add("Priya", "owner")
    store.staff.add("Marcus", "manager")
    store.actor_id = priya
    aoife = add_customer(store, "Aoife", "Aoife Ní Bhriain", phone="613-555-0177",
                         email="aoife@example.org", card="AB-1")  # fmt: skip
    ben = add_customer(store, "Ben", "Ben Walsh")
    cara = add_customer(store, "Cara", "Cara Doyle")
    note = store.notes.add(aoife, "Likes silver", priya)
    store.notes.edit(note, "Likes rose gold", priya)
    store.follow_ups.add(aoife, FollowUpKind.CALL_BACK, "Ring about the ring", priya)
    store.preferences.add(aoife, "Ring size", "7", priya)
    store.occasions.add(aoife, "Anniversary", 5, 4, author_id=priya)
    store.tags.tag(aoife, "Jewellery", priya)
    store.links.add(aoife, ben, "sister of", priya)
    store.consents.record(aoife, "email", True, "counter")
    add_purchase(store, aoife, dt.datetime(2026, 10, 3, 15), ("Ring", 12000))
    store.notes.add(ben, "Buys gifts for Aoife Ní Bhriain every Christmas", priya)  # note 2
    store.notes.add(cara, "Came in with Aoife, wanted the blue scarf", priya)  # note 3
    store.notes.add(cara, "Likes the Aoifeen range of teas", priya)  # another word: note 4
    store.close()
    assert run_cli("staff", "pin", "Priya", "--new-pin", "2580", "--db", str(path)).returncode == 0
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, "--db", str(db))
    return result.returncode, result.stdout, result.stderr


def file_bytes(db: Path) -> bytes:
    """The shop's file and its WAL, as a disk tool would read them."""
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists()).lower()


def test_erasing_names_everything_that_goes_and_the_notes_on_others_that_name_them(
    shop_db: Path, tmp_path: Path
) -> None:
    on_shop = db_option(shop_db)
    assert cli(shop_db, "privacy", "export", "--id", "1", "--out", str(tmp_path), *OWNER)[0] == 0

    code, out, err = cli(shop_db, "privacy", "erase", "--id", "1", *OWNER)

    assert (code, out) == (1, "")
    assert (
        "erasing them removes their names and details, 1 phone number, 1 email address, "
        "1 card or till id, 1 note (with 1 earlier version), 1 follow-up, 1 preference, "
        "1 occasion, 1 tag, 1 link to another customer, 1 marketing consent, "
    ) in err
    assert "3 search words. 1 purchase stays in the shop's totals without their name." in err
    assert (
        "    note 2 on customer 2: “Buys gifts for Aoife Ní Bhriain every Christmas”\n"
        f'      greeter {on_shop} note edit 2 --text "…" --forget-earlier\n'
        "    note 3 on customer 3: “Came in with Aoife, wanted the blue…”\n"
        f'      greeter {on_shop} note edit 3 --text "…" --forget-earlier\n'
    ) in err
    assert "note 4" not in err  # “Aoifeen” is another word
    assert err.endswith("Add --yes to erase (this cannot be undone).\n")
    with Store(shop_db) as store:
        assert store.customers.exists(1)  # asked, not done

    code, out, err = cli(shop_db, "privacy", "erase", "--id", "1", "--yes", *OWNER)

    assert code == 0, err
    today = dt.date.today().isoformat()
    first, reach, backups, exported, notes, *mentions = out.splitlines()
    assert first.startswith("erased customer 1: their names and details, 1 phone number, ")
    assert first.endswith(" and 3 search words removed; 1 purchase kept without their name.")
    assert reach == "Erasing cannot reach:"
    assert "backups" in backups and "restoring one erases them again" in backups
    assert exported.startswith(f"  - their data exported on {today}: ")
    assert "delete them by hand" in exported
    assert notes.startswith("  - 2 notes on other customers that name them")
    assert (
        mentions[0] == "    note 2 on customer 2: “Buys gifts for Aoife Ní Bhriain every Christmas”"
    )
    assert b"aoife@example" not in file_bytes(shop_db)


def test_forget_earlier_takes_the_name_out_of_other_customers_notes_for_good(
    shop_db: Path, tmp_path: Path
) -> None:
    # Ben's note is edited as usual first: its earlier version, naming her, is kept.
    code, out, _ = cli(shop_db, "note", "edit", "2", "--text", "Buys gifts every Christmas",
                       *OWNER)  # fmt: skip
    assert code == 0 and "the earlier version is kept" in out
    assert cli(shop_db, "privacy", "erase", "--id", "1", "--yes", *OWNER)[0] == 0
    assert b"bhriain" in file_bytes(shop_db)  # Ben's note keeps her name in its history

    code, out, err = cli(shop_db, "note", "edit", "2", "--forget-earlier", *OWNER)
    assert (code, err) == (0, "")
    assert out.startswith(
        "note 2 already says that; its 1 earlier version is wiped from the file "
        "(by Priya, owner). Backups made before now"
    )
    code, out, err = cli(shop_db, "note", "edit", "3", "--text", "Came in with a friend",
                         "--forget-earlier", *OWNER)  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("rewrote note 3; what it said before is wiped from the file")

    raw = file_bytes(shop_db)
    assert b"bhriain" not in raw and b"came in with aoife" not in raw
    with Store(shop_db) as store:
        assert [v.text for v in store.notes.history(2)] == ["Buys gifts every Christmas"]
        assert [v.text for v in store.notes.history(3)] == ["Came in with a friend"]
        assert store.notes.get(4).text == "Likes the Aoifeen range of teas"  # untouched
    assert cli(shop_db, "privacy", "export", "--id", "2", "--out", str(tmp_path), *OWNER)[0] == 0
    assert "Bhriain" not in (tmp_path / "customer-2.json").read_text(encoding="utf-8")
    code, out, _ = cli(shop_db, "audit", "--json", *OWNER)
    trail = json.loads(out)
    assert {(e["action"], e["table"], e["row_id"]) for e in trail} >= {
        ("update", "notes", 3),
        ("delete", "note_versions", 2),
    }
    assert "Aoife" not in out and "Came in" not in out  # recorded without the old words
    code, out, _ = cli(shop_db, "note", "edit", "2", "--forget-earlier", *OWNER)
    assert (code, out) == (0, "note 2 already says that and keeps no earlier version; "
                               "nothing changed\n")  # fmt: skip


def test_forget_earlier_is_for_the_owner_with_the_pin(shop_db: Path) -> None:
    assert cli(shop_db, "staff", "pin", "Marcus", "--new-pin", "1357", *OWNER)[0] == 0
    rewrite = ("note", "edit", "3", "--text", "Came in with a friend", "--forget-earlier")

    code, out, err = cli(shop_db, *rewrite, "--staff", "Marcus", "--pin", "1357")
    assert (code, out) == (1, "")
    assert err.startswith("greeter: Only an owner may use --forget-earlier: it wipes what")
    assert "without --forget-earlier to keep the earlier version" in err
    code, out, err = cli(shop_db, *rewrite, "--staff", "Priya")
    assert (code, out) == (1, "") and "Priya must give --pin PIN" in err
    code, out, err = cli(shop_db, "note", "edit", "99", "--forget-earlier", *OWNER)
    assert (code, out) == (1, "") and "There is no note with id 99." in err
    code, out, err = cli(shop_db, "note", "edit", "3", *OWNER)
    assert (code, out) == (1, "")
    assert "Give the note's new text with --text" in err and "--forget-earlier" in err

    with Store(shop_db) as store:
        assert store.notes.get(3).text == "Came in with Aoife, wanted the blue scarf"


def _merge_her_twin(db: Path) -> tuple[int, int]:
    """Her second record, with how to say her name, merged by mistake into Dara's (who has
    her own pronunciation, so none is copied over): what it held stays only in Dara's merge
    record. Their numbers: (twin, Dara)."""
    with Store(db) as store:
        priya = store.staff.by_name("Priya").id
        store.actor_id = priya
        dara = add_customer(store, "Dara", "Dara Kenny", pronunciation="DAR-a")
        twin = add_customer(store, "Aoife", "Aoife Ní Bhriain", pronunciation="EE-fa nee VREE-in")
        store.merges.merge(dara, twin, priya)
    return twin, dara


def test_erasing_names_records_merged_into_others_and_forget_merged_wipes_what_they_held(
    shop_db: Path,
) -> None:
    on_shop = db_option(shop_db)
    twin, dara = _merge_her_twin(shop_db)
    today = dt.date.today().isoformat()
    listed = (
        f"    the record of customer {twin}, merged into customer {dara} on {today}: "
        "“Aoife · Aoife Ní Bhriain”\n"
        f"      greeter {on_shop} privacy forget-merged --id {twin}"
    )

    code, out, err = cli(shop_db, "privacy", "erase", "--id", "1", *OWNER)

    assert (code, out) == (1, "")
    assert (
        "Erasing leaves what records merged into other customers held as it was kept; these "
        f"name them:\n{listed}\nAdd --yes"
    ) in err

    code, out, err = cli(shop_db, "privacy", "erase", "--id", "1", "--yes", *OWNER)

    assert code == 0, err
    assert (
        "  - 1 record merged into another customer that keeps words naming them; forget what "
        f"it held:\n{listed}\n"
    ) in out
    assert b"vree-in" in file_bytes(shop_db)  # erasing her did not reach it: it says so

    code, out, err = cli(shop_db, "privacy", "forget-merged", "--id", str(twin), *OWNER)

    assert (code, err) == (0, "")
    assert out == (
        f"forgot what the record of customer {twin} (merged into customer {dara}) held: it is "
        "wiped from the file (by Priya, owner). Backups made before now still hold it.\n"
    )
    assert b"vree-in" not in file_bytes(shop_db)
    with Store(shop_db) as store:
        (record,) = store.merges.history(dara)
        assert (record.merged_id, record.snapshot) == (twin, {})  # the merge stays on record
    code, out, _ = cli(shop_db, "privacy", "forget-merged", "--id", str(twin), *OWNER)
    assert (code, out) == (
        0,
        f"the record of customer {twin} (merged into customer {dara}) holds nothing any more; "
        "nothing changed\n",
    )


def test_forget_merged_is_for_the_owner_and_a_number_that_was_merged(shop_db: Path) -> None:
    twin, dara = _merge_her_twin(shop_db)
    assert cli(shop_db, "staff", "pin", "Marcus", "--new-pin", "1357", *OWNER)[0] == 0

    code, out, err = cli(shop_db, "privacy", "forget-merged", "--id", str(twin),
                         "--staff", "Marcus", "--pin", "1357")  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("greeter: ") and "owner" in err
    code, out, err = cli(shop_db, "privacy", "forget-merged", "--id", str(dara), *OWNER)
    assert (code, out) == (1, "")
    assert err == (
        f"greeter: No record numbered {dara} was merged into another customer, so there is "
        "nothing it held to forget: check the number.\n"
    )

    assert b"vree-in" in file_bytes(shop_db)  # nothing was forgotten
