"""The command line in real processes: profile --json, snapshot PNGs, where the file lives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from greeter.store import Store
from tests.helpers import add_customer, add_purchase, run_cli

BOUGHT = dt.datetime.now() - dt.timedelta(days=10)


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    store.settings.set("locale", "en_CA")
    store.settings.set("currency", "CAD")
    staff = store.staff.add("Priya")
    lisa = add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-17")
    add_purchase(store, lisa, BOUGHT, ("Pixel 9 Pro", 99900))
    store.notes.add(lisa, "Prefers miss", staff, pinned=True)
    add_customer(store, "Sam", "Sam Smith", phone="613-555-0150")
    add_customer(store, "Sam", "Sam Smythe", phone="613-555-0151")
    store.close()
    return path


REQUIRED_KEYS = {
    "id",
    "preferred_name",
    "full_name",
    "greeting",
    "badges",
    "visits",
    "last_visit",
    "lifetime_spend",
    "usual_items",
    "recent_purchases",
    "notes",
    "follow_ups",
}


@pytest.mark.parametrize("phone", ["+1 613 555 0123", "(613) 555-0123", "6135550123"])
def test_profile_json_finds_by_phone_in_any_format(shop_db: Path, phone: str) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--phone", phone, "--json")
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    assert REQUIRED_KEYS <= card.keys()
    assert card["preferred_name"] == "Lisa"
    assert card["visits"] == 1
    assert card["lifetime_spend"] == 999.0
    assert card["greeting"] == "Welcome back, Lisa! How is the Pixel 9 Pro?"
    assert card["recent_purchases"][0]["items"][0]["item"] == "Pixel 9 Pro"
    assert card["notes"][0] == {**card["notes"][0], "text": "Prefers miss", "author": "Priya"}
    assert all({"name", "reason"} == b.keys() for b in card["badges"])


def test_profile_by_card_prints_a_readable_card(shop_db: Path) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--card", "bg-17")
    assert result.returncode == 0, result.stderr
    assert "Lisa" in result.stdout
    assert "“Welcome back, Lisa! How is the Pixel 9 Pro?”" in result.stdout
    assert "1 visit · last visit 1 week ago · $999.00 in all · phone (613) 555-0123" in (
        result.stdout
    )
    # dates read as the window's do, not as ISO, and without a leading zero
    bought = f"{BOUGHT.day} {BOUGHT:%b %Y}  Pixel 9 Pro  $999.00"
    assert bought in result.stdout, result.stdout
    written = dt.date.today()
    assert f"Prefers miss — Priya, {written.day} {written:%b %Y}" in result.stdout


def test_profile_of_a_customer_with_no_visits_recorded_greets_them_as_known(
    shop_db: Path,
) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--phone", "613-555-0150")
    assert result.returncode == 0, result.stderr
    assert "“Hello Sam, good to see you!”" in result.stdout  # on file since 2024, not new
    assert "0 visits · last visit none recorded · $0.00 in all" in result.stdout


def test_several_matches_exit_1_listing_the_candidates(shop_db: Path) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--query", "sam")
    assert result.returncode == 1
    assert "Sam Smith" in result.stderr and "Sam Smythe" in result.stderr
    assert "--id" in result.stderr
    assert result.stdout == ""


def test_several_matches_with_json_print_the_candidates_as_json_too(shop_db: Path) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--query", "sam", "--json")

    assert result.returncode == 1
    said = json.loads(result.stdout)
    assert said["error"] == "2 customers match “sam”. Choose one with --id N."
    assert sorted(said["candidates"], key=lambda c: c["id"]) == [
        {"id": 2, "name": "Sam Smith"},
        {"id": 3, "name": "Sam Smythe"},
    ]
    # stderr lists them as without --json, in the same order
    listed = [int(line.split()[0]) for line in result.stderr.splitlines()[1:-1]]
    assert [c["id"] for c in said["candidates"]] == listed


def test_no_match_with_json_prints_the_error_as_json_too(shop_db: Path) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--card", "NOPE-1", "--json")

    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "error": "No customer has the card NOPE-1.",
        "candidates": [],
    }
    assert result.stderr == "greeter: No customer has the card NOPE-1.\n"


def test_a_candidate_with_no_phone_is_listed_without_one(shop_db: Path) -> None:
    store = Store(shop_db)
    sam = add_customer(store, "Sam", "Sam Smithers")  # left no phone, never bought anything
    store.close()
    result = run_cli("profile", "--db", str(shop_db), "--query", "sam")
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if "Sam Smithers" in x)
    assert line == f"  {sam:>6}  Sam Smithers  (no visits yet)"
    assert "(phone ending 0150, no visits yet)" in result.stderr  # Sam Smith has a phone


def test_profile_reads_a_link_the_way_it_was_typed_from_both_sides(shop_db: Path) -> None:
    store = Store(shop_db)
    lisa = store.customers.find_by_card("BG-17") or 0
    kwame = add_customer(store, "Kwame", "Kwame Mensah")
    store.links.add(kwame, lisa, "refers customers like", store.staff.by_name("Priya").id)
    store.close()
    on_lisa = run_cli("profile", "--db", str(shop_db), "--card", "BG-17")
    assert on_lisa.returncode == 0, on_lisa.stderr
    assert f"Links: Kwame (#{kwame}) refers customers like them\n" in on_lisa.stdout
    on_kwame = run_cli("profile", "--db", str(shop_db), "--id", str(kwame), "--json")
    assert json.loads(on_kwame.stdout)["links"][0]["text"] == "refers customers like Lisa"


def test_no_match_exits_1_with_a_clear_message(shop_db: Path) -> None:
    result = run_cli("profile", "--db", str(shop_db), "--email", "nobody@example.com")
    assert result.returncode == 1
    assert "No customer has the email nobody@example.com" in result.stderr
    bad = run_cli("profile", "--db", str(shop_db), "--phone", "12")
    assert bad.returncode == 1 and "not a valid phone number" in bad.stderr


def test_greeter_home_decides_where_the_file_lives(tmp_path: Path, shop_db: Path) -> None:
    shop_db.rename(tmp_path / "greeter.db")
    for suffix in ("-wal", "-shm"):
        Path(f"{shop_db}{suffix}").unlink(missing_ok=True)
    result = run_cli("profile", "--card", "BG-17", env={"GREETER_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_snapshot_writes_a_real_png_of_the_card(shop_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.png"
    result = run_cli(
        "snapshot", "--db", str(shop_db), "--card", "BG-17", "--out", str(out), "--size", "1024x600"
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 600)
    assert "customer 1" in result.stdout


def test_with_pins_on_a_snapshot_of_a_card_needs_a_name_and_pin_not_the_lock_screen(
    shop_db: Path, tmp_path: Path
) -> None:
    with Store(shop_db) as store:
        store.auth.set_pin(store.staff.add("Ana", "owner"), "2580")  # PINs on from now
    out = tmp_path / "card.png"
    snapshot = ("snapshot", "--db", str(shop_db), "--card", "BG-17", "--out", str(out))

    refused = run_cli(*snapshot)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        "greeter: PINs are on, so the window opens locked: to picture card BG-17, give your "
        f"name and PIN with --staff NAME --pin PIN. Nothing was written to {out}.\n"
    )
    wrong = run_cli(*snapshot, "--staff", "Ana", "--pin", "9731")
    assert wrong.returncode == 1 and "Wrong PIN for Ana" in wrong.stderr
    assert not out.exists()

    done = run_cli(*snapshot, "--staff", "Ana", "--pin", "2580")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out} (customer 1)\n"
    assert QImage(str(out)).width() == 1280


def test_with_pins_on_a_snapshot_of_the_window_says_it_pictures_the_lock_screen(
    shop_db: Path, tmp_path: Path
) -> None:
    with Store(shop_db) as store:
        store.auth.set_pin(store.staff.add("Ana", "owner"), "2580")
    out = tmp_path / "window.png"
    result = run_cli("snapshot", "--db", str(shop_db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"wrote {out} (the lock screen: PINs are on; --staff NAME --pin PIN pictures the "
        "window unlocked)\n"
    )


def test_snapshot_of_the_idle_demo_screen(tmp_path: Path) -> None:
    out = tmp_path / "idle.png"
    result = run_cli("snapshot", "--demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 1280


def test_snapshot_with_an_unknown_card_fails_clearly(shop_db: Path, tmp_path: Path) -> None:
    result = run_cli(
        "snapshot", "--db", str(shop_db), "--card", "NOPE-1", "--out", str(tmp_path / "x.png")
    )
    assert result.returncode == 1
    assert "NOPE-1" in result.stderr


def test_db_works_before_or_after_the_subcommand(shop_db: Path, tmp_path: Path) -> None:
    before = run_cli("--db", str(shop_db), "profile", "--card", "BG-17", "--json")
    after = run_cli("profile", "--card", "BG-17", "--json", "--db", str(shop_db))
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert json.loads(before.stdout)["id"] == json.loads(after.stdout)["id"]
    elsewhere = run_cli("--db", str(tmp_path / "other.db"), "profile", "--card", "BG-17")
    assert elsewhere.returncode == 1
