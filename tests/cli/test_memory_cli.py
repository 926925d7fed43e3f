"""`greeter note`, `followup`, `today`, `customer` and `merge` in real processes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from greeter.core.follow_ups import earliest_due, latest_due
from greeter.core.models import Birthday, FollowUpKind
from greeter.store import Store
from tests.helpers import add_customer, add_purchase, run_cli


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    store = Store(path)
    store.settings.set("region", "CA")
    store.settings.set("currency", "CAD")
    priya = store.staff.add("Priya", "owner")
    store.staff.add("Sam", "staff")
    lisa = add_customer(store, "Lisa", "Lisa Marsh", phone="613-555-0123", card="BG-17")
    add_customer(store, "Lisa", "Lisa Marsh", email="lisa@example.com")
    aiko = add_customer(store, "Aiko", birthday=Birthday(*_soon()))
    add_purchase(store, lisa, dt.datetime.now() - dt.timedelta(days=3), ("Tea", 500))
    store.follow_ups.add(aiko, FollowUpKind.RESERVED, "Kettle in the back", priya)
    store.close()
    return path


def _soon() -> tuple[int, int]:
    day = dt.date.today() + dt.timedelta(days=2)
    return day.month, day.day


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, "--db", str(db))
    return result.returncode, result.stdout, result.stderr


def test_note_add_by_card_signed_by_the_owner(shop_db: Path) -> None:
    code, out, err = cli(
        shop_db, "note", "add", "--card", "bg-17", "--text", "Prefers miss", "--pin"
    )
    assert code == 0, err
    assert out.startswith("added note 1 (pinned) to 1 Lisa (by Priya, the shop's owner")
    assert err == ""
    code, out, err = cli(
        shop_db, "note", "add", "--id", "1", "--text", "Church choir on Sundays", "--author", "Sam"
    )
    assert code == 0 and out.startswith("added note 2 to 1 Lisa (by Sam, staff)")
    assert "warning" in err and "“church”" in err and "was saved" in err


def test_note_commands_take_the_pin_as_pin_like_every_command(shop_db: Path) -> None:
    assert cli(shop_db, "staff", "pin", "Sam", "--new-pin", "2580")[0] == 0
    assert cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")[0] == 0  # PINs on
    code, out, err = cli(
        shop_db, "note", "add", "--id", "1", "--text", "Likes jade", "--author", "Sam"
    )
    assert (code, out) == (1, "") and "Sam must give --pin PIN" in err
    as_sam = ("--author", "Sam", "--pin", "2580")  # as the message says
    code, out, err = cli(shop_db, "note", "add", "--id", "1", "--text", "Likes jade", *as_sam)
    assert (code, out) == (0, "added note 1 to 1 Lisa (by Sam, staff)\n"), err  # not pinned
    for action in (("edit", "1", "--text", "Likes green jade"), ("confirm", "1"), ("pin", "1"),
                   ("unpin", "1"), ("history", "1"), ("retire", "1")):  # fmt: skip
        code, _, err = cli(shop_db, "note", *action, *as_sam)
        assert code == 0, (action, err)
    store = Store(shop_db)
    try:
        assert [n.text for n in store.notes.history(1)] == ["Likes jade", "Likes green jade"]
        assert store.notes.all_for(1) == ()  # retired: off the card
    finally:
        store.close()


def test_note_flags_of_older_scripts_still_work(shop_db: Path) -> None:
    assert cli(shop_db, "staff", "pin", "Sam", "--new-pin", "2580")[0] == 0
    assert cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")[0] == 0  # PINs on
    old_style = ("--author", "Sam", "--staff-pin", "2580")
    code, out, err = cli(shop_db, "note", "add", "--id", "1", "--text", "Tea", "--pin", *old_style)
    assert (code, out) == (0, "added note 1 (pinned) to 1 Lisa (by Sam, staff)\n"), err
    code, out, err = cli(shop_db, "note", "retire", "1", *old_style)
    assert (code, out) == (0, "note 1 retired (by Sam, staff)\n"), err
    code, out, err = cli(
        shop_db, "note", "add", "--id", "1", "--text", "Jam", "--pinned", "--author", "Sam",
        "--pin", "2580",
    )  # fmt: skip
    assert (code, out) == (0, "added note 2 (pinned) to 1 Lisa (by Sam, staff)\n"), err
    code, out, _ = cli(shop_db, "note", "add", "--help")
    assert "--pinned" in out and "--staff-pin" not in out  # the old spelling is not offered


def test_note_edit_history_confirm_retire(shop_db: Path) -> None:
    cli(shop_db, "note", "add", "--id", "1", "--text", "Likes blue", "--author", "Sam")
    code, out, _ = cli(shop_db, "note", "edit", "1", "--text", "Likes navy", "--author", "Sam")
    assert code == 0 and "earlier version is kept" in out
    code, out, _ = cli(shop_db, "note", "history", "1")
    assert code == 0
    assert "Likes blue" in out and "Likes navy" in out and "(current)" in out
    assert cli(shop_db, "note", "confirm", "1")[1].startswith("note 1 confirmed")
    code, _, err = cli(shop_db, "note", "retire", "1", "--author", "Sam")
    assert code == 0, err
    code, _, err = cli(shop_db, "note", "retire", "1")
    assert code == 1 and "retired" in err


def test_a_note_over_several_lines_reads_as_one_item(shop_db: Path) -> None:
    text = "Allergic to nuts.\nPrefers oat milk.\n\nAsk about the wedding."
    code, _, err = cli(shop_db, "note", "add", "--card", "BG-17", "--text", text)
    assert code == 0, err
    profile = cli(shop_db, "profile", "--card", "BG-17")[1]
    assert "  Allergic to nuts.\n    Prefers oat milk.\n\n    Ask about the wedding. — " in profile
    history = cli(shop_db, "note", "history", "1")[1]
    assert "\n   Allergic to nuts.\n   Prefers oat milk.\n\n   Ask about the wedding." in history


def test_note_bad_input(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "note", "add", "--id", "1", "--text", "4111 1111 1111 1111")
    assert (code, out) == (1, "") and "card number" in err
    code, _, err = cli(shop_db, "note", "add", "--id", "1", "--text", "x", "--author", "Zed")
    assert code == 1 and "no staff member called “Zed”" in err and "Priya, Sam" in err
    code, _, err = cli(shop_db, "note", "add", "--id", "1", "--text", "x", "--kind", "gossip")
    assert code == 1 and "general, preference, caution" in err
    code, _, err = cli(shop_db, "note", "add", "--id", "99", "--text", "x")
    assert code == 1 and "no customer with id 99" in err
    code, _, err = cli(shop_db, "note", "edit", "42", "--text", "x")
    assert code == 1 and "no note with id 42" in err
    code, _, err = cli(shop_db, "note", "add", "--query", "lisa", "--text", "x")
    assert code == 1 and "--id" in err  # two Lisas: choose one


def test_followup_add_and_done(shop_db: Path) -> None:
    code, out, err = cli(
        shop_db,
        "followup",
        "add",
        "--id",
        "1",
        "--kind",
        "call back",
        "--text",
        "Ring about the dock",
        "--due",
        "2030-01-15",
    )
    assert code == 0, err
    assert out.startswith("added follow-up 2 (Call back, due 15 Jan 2030) to 1 Lisa (by Priya")
    code, out, err = cli(shop_db, "followup", "done", "2", "--author", "Sam")
    assert (code, out.strip()) == (0, "follow-up 2 done (by Sam, staff)"), err
    code, _, err = cli(shop_db, "followup", "done", "2")
    assert code == 1 and "already done by Sam" in err


def test_followup_reopen_puts_back_one_marked_done_with_the_same_pin(shop_db: Path) -> None:
    assert cli(shop_db, "staff", "pin", "Sam", "--new-pin", "2580")[0] == 0
    assert cli(shop_db, "staff", "pin", "Priya", "--new-pin", "7391")[0] == 0  # PINs on
    done = cli(shop_db, "followup", "done", "1", "--author", "Sam", "--pin", "2580")
    assert done[:2] == (0, "follow-up 1 done (by Sam, staff)\n"), done[2]
    code, out, err = cli(shop_db, "followup", "reopen", "1", "--author", "Sam")
    assert (code, out) == (1, "") and "Sam must give --pin PIN" in err
    code, out, err = cli(shop_db, "followup", "reopen", "1", "--author", "Sam", "--pin", "2580")
    assert (code, out, err) == (0, "follow-up 1 is open again (by Sam, staff)\n", "")
    # Refused before anyone is asked a PIN: an open one, an unknown one.
    code, out, err = cli(shop_db, "followup", "reopen", "1")
    assert (code, out) == (1, "")
    assert err == "greeter: Follow-up 1 is still open: there is nothing to reopen.\n"
    code, _, err = cli(shop_db, "followup", "reopen", "77")
    assert code == 1 and "no follow-up with id 77" in err
    store = Store(shop_db)
    try:
        [kettle] = store.follow_ups.open_for(3)
        assert (kettle.text, kettle.status, kettle.done_by, kettle.done_at) == (
            "Kettle in the back",
            "open",
            "",
            None,
        )
        last = store.audit.entries(limit=1)[0]
        assert (last.staff_name, last.action, last.table_name, last.row_id) == (
            "Sam",
            "update",
            "follow_ups",
            1,
        )
    finally:
        store.close()


def test_followup_bad_input(shop_db: Path) -> None:
    base = ("followup", "add", "--id", "1", "--text", "x")
    code, _, err = cli(shop_db, *base, "--kind", "someday")
    assert code == 1 and "promise, reserved, problem, call_back" in err
    code, _, err = cli(shop_db, *base, "--kind", "promise", "--due", "15/01/2030")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _, err = cli(shop_db, "followup", "done", "77")
    assert code == 1 and "no follow-up with id 77" in err


def test_followup_due_dates_are_at_most_ten_years_ahead(shop_db: Path) -> None:
    add = ("followup", "add", "--id", "1", "--kind", "promise", "--text", "Ring about the dock")
    code, out, err = cli(shop_db, *add, "--due", "9999-12-31")
    assert (code, out) == (1, "")
    earliest = earliest_due(dt.date.today())
    assert err.startswith(f"greeter: A follow-up can be due from {earliest} to ")
    assert err.endswith(" (a year ago to ten years from today), not on 9999-12-31.\n")
    code, _, err = cli(shop_db, "followup", "edit", "1", "--due", "9999-12-31")
    assert code == 1 and "not on 9999-12-31." in err
    latest = latest_due(dt.date.today())
    code, out, err = cli(shop_db, *add, "--due", latest.isoformat())
    assert code == 0 and out.startswith("added follow-up 2 (Promise, due "), err
    store = Store(shop_db)
    try:
        assert [f.due for f in store.follow_ups.open_for(3)] == [None]  # the edit changed nothing
        assert [f.due for f in store.follow_ups.open_for(1)] == [latest]
    finally:
        store.close()


def test_followup_edit_refuses_a_due_date_and_no_due_date_at_once(shop_db: Path) -> None:
    assert cli(shop_db, "followup", "edit", "1", "--due", "2030-01-10")[0] == 0

    code, out, err = cli(shop_db, "followup", "edit", "1", "--no-due", "--due", "2030-01-24")

    assert (code, out) == (2, "")
    assert "argument --due: not allowed with argument --no-due" in err
    store = Store(shop_db)
    try:
        assert [f.due for f in store.follow_ups.open_for(3)] == [dt.date(2030, 1, 10)]
    finally:
        store.close()


def test_today_json_gives_each_follow_up_its_due_date(shop_db: Path) -> None:
    code, _, err = cli(shop_db, "followup", "add", "--id", "1", "--kind", "promise",
                       "--text", "Ring about the dock", "--due", "2029-12-20")  # fmt: skip
    assert code == 0, err

    code, out, err = cli(shop_db, "today", "--json", "--date", "2030-01-01")

    assert code == 0, err
    lines = {s["kind"]: s["lines"] for s in json.loads(out)["sections"]}
    [promise] = lines["follow_ups"]
    assert promise["reason"] == "Promise · overdue by 12 days"  # words, as before
    assert (promise["follow_up_id"], promise["due"]) == (2, "2029-12-20")
    assert [(r["follow_up_id"], r["due"]) for r in lines["reserved"]] == [(1, None)]


def test_today_text_and_json(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "today")
    assert code == 0, err
    assert "Birthdays and occasions this week:" in out and "Aiko: Birthday" in out
    assert "Reserved item waiting — Kettle in the back" in out
    code, out, _ = cli(shop_db, "today", "--json", "--date", "2030-01-01")
    data = json.loads(out)
    assert data["date"] == "2030-01-01"
    kinds = {s["kind"]: s for s in data["sections"]}
    assert set(kinds) == {"occasions", "follow_ups", "reserved", "lapsed", "greeted"}
    assert kinds["reserved"]["lines"][0]["name"] == "Aiko"
    assert kinds["reserved"]["lines"][0]["customer_id"] == 3
    code, _, err = cli(shop_db, "today", "--date", "tomorrow")
    assert code == 1 and "YYYY-MM-DD" in err


def test_customer_add_refuses_likely_duplicates_unless_forced(shop_db: Path) -> None:
    liz = (
        "customer",
        "add",
        "--name",
        "Liz",
        "--full-name",
        "Lisa Marsh",
        "--phone",
        "819-555-0123",
    )
    code, out, err = cli(shop_db, *liz)
    assert (code, out) == (1, "")
    assert "similar name (Lisa Marsh) and the same phone ending (…0123)" in err
    assert "--force" in err
    forced = ("--birthday", "03-17", "--email-consent", "yes", "--force")
    code, out, err = cli(shop_db, *liz, *forced)
    assert code == 0, err
    assert out.startswith("added customer 4 Liz; email marketing allowed (by Priya")
    code, _, err = cli(shop_db, "customer", "add", "--name", "Al", "--birthday", "17-03")
    assert code == 1 and "MM-DD or YYYY-MM-DD" in err
    code, _, err = cli(shop_db, "customer", "add", "--name", "Al", "--phone", "12")
    assert code == 1 and "not a valid phone number" in err


def test_customer_add_names_who_already_has_the_card(shop_db: Path) -> None:
    liz = ("customer", "add", "--name", "Liz", "--phone", "613 555 0123", "--card", "bg-17")
    code, out, err = cli(shop_db, *liz)
    assert (code, out) == (1, "")
    assert "     1  Lisa Marsh: same phone number and card (613 555 0123, BG-17)\n" in err
    code, out, err = cli(shop_db, *liz, "--force")
    assert (code, out) == (1, "")
    assert err == "greeter: Card BG-17 already belongs to Lisa Marsh (#1).\n"
    store = Store(shop_db)
    try:
        assert store.customers.count() == 3
        assert store.customers.find_by_phone("+16135550123") == [1]
    finally:
        store.close()


def test_customer_names_are_at_most_a_hundred_characters(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "customer", "add", "--name", "x" * 100_000, "--force")
    assert (code, out) == (1, "")
    assert err == "greeter: A name can be at most 100 characters; this one has 100,000.\n"
    for option in ("--name", "--full-name", "--pronunciation"):
        code, _, err = cli(shop_db, "customer", "edit", "--id", "2", option, "y" * 101)
        assert code == 1 and "can be at most 100 characters; this one has 101." in err
    store = Store(shop_db)
    try:
        assert store.customers.count() == 3
        lisa = store.customers.get(2)
        assert (lisa.preferred_name, lisa.full_name, lisa.pronunciation) == (
            "Lisa",
            "Lisa Marsh",
            "",
        )
    finally:
        store.close()


def test_customer_edit(shop_db: Path) -> None:
    code, out, err = cli(
        shop_db,
        "customer",
        "edit",
        "--id",
        "2",
        "--name",
        "Liz",
        "--add-phone",
        "613 555 0199",
        "--sms-consent",
        "no",
    )
    assert code == 0, err
    assert out.startswith(
        "customer 2 Liz: preferred name, added phone 613 555 0199, sms marketing refused"
    )
    code, out, _ = cli(shop_db, "customer", "edit", "--id", "2", "--name", "Liz")
    assert out.strip() == "customer 2 Liz: nothing changed"
    code, _, err = cli(shop_db, "customer", "edit", "--id", "2", "--remove-card", "BG-99")
    assert code == 1 and "has no card" in err


def test_merge(shop_db: Path) -> None:
    code, _, err = cli(shop_db, "merge", "1", "1")
    assert code == 1 and "cannot be merged into themselves" in err
    code, _, err = cli(shop_db, "merge", "1", "404")
    assert code == 1 and "no customer with id 404" in err
    code, _, err = cli(shop_db, "merge", "1", "2", "--author", "Sam")
    assert code == 1 and "Sam is staff" in err
    code, out, err = cli(shop_db, "merge", "1", "2")
    assert code == 0, err
    assert out.startswith("merged 2 Lisa Marsh into 1 Lisa (by Priya")
    assert "moved: 1 email" in out
    code, out, _ = cli(shop_db, "profile", "--email", "lisa@example.com", "--json")
    assert json.loads(out)["id"] == 1
