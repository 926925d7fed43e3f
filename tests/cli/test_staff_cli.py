"""`greeter staff` and who a change is signed by, in real processes: the hints it gives
pasted as they are, at a terminal and in scripts."""

from __future__ import annotations

import json
import os
import pty
import re
import selectors
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from greeter.store import Store
from tests.helpers import add_customer, run_cli


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    """Priya owns the shop (PIN 7391: PINs are on); Marcus, a manager, has PIN 2580; Sam,
    new on the staff, has no PIN yet."""
    path = tmp_path / "shop.db"
    store = Store(path)
    priya = store.staff.add("Priya", "owner")
    marcus = store.staff.add("Marcus", "manager")
    store.staff.add("Sam", "staff")
    bob = add_customer(store, "Bob", card="ZB-1")
    store.notes.add(bob, "Likes jade", marcus)
    store.auth.set_pin(marcus, "2580")
    store.auth.set_pin(priya, "7391")
    store.close()
    return path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("--db", str(db), *args)
    return result.returncode, result.stdout, result.stderr


def at_terminal(*args: str, answers: Sequence[tuple[str, str]]) -> subprocess.CompletedProcess[str]:
    """Run `python -m greeter ARGS` at a terminal (a pseudo-terminal), typing each answer
    once its prompt has been shown, as a person does: a PIN prompt throws away whatever was
    typed ahead of it, as at a real terminal, so `run_cli_at_terminal` cannot answer one."""
    typist, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "greeter", *args],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,  # no controlling terminal: nothing reaches the one running tests
    )
    os.close(terminal)
    said = {process.stdout: b"", process.stderr: b""}
    shown, to_answer = "", list(answers)
    deadline = time.monotonic() + 60
    try:
        with selectors.DefaultSelector() as selector:
            for stream in said:
                selector.register(stream, selectors.EVENT_READ)  # type: ignore[arg-type]
            while selector.get_map():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"still waiting; it said: {shown!r}")
                for key, _ in selector.select(timeout=1):
                    chunk = os.read(key.fd, 4096)
                    if not chunk:
                        selector.unregister(key.fileobj)
                    said[key.fileobj] += chunk  # type: ignore[index]
                    shown += chunk.decode(errors="replace")
                while to_answer and to_answer[0][0] in shown:
                    prompt, answer = to_answer.pop(0)
                    shown = shown[shown.index(prompt) + len(prompt) :]
                    os.write(typist, f"{answer}\n".encode())
        process.wait(10)
    finally:
        process.kill()
        os.close(typist)
        for stream in said:
            stream.close()  # type: ignore[union-attr]
    return subprocess.CompletedProcess(
        process.args,
        process.returncode,
        said[process.stdout].decode(),
        said[process.stderr].decode(),
    )


def hinted_command(message: str) -> list[str]:
    """The `greeter …` command a message offers to paste, as a shell would split it."""
    found = re.search(r"`greeter ([^`]*)`", message)
    assert found, message
    return shlex.split(found.group(1))


def staff_list(db: Path) -> dict[str, dict[str, object]]:
    code, out, err = cli(db, "staff", "list", "--json")
    assert code == 0, err
    return {s["name"]: s for s in json.loads(out)}


def _lock_out_sam(db: Path) -> str:
    """Sam's PIN set, then five wrong ones: what the last refusal says."""
    assert cli(db, "staff", "pin", "Sam", "--new-pin", "4826", "--staff", "Priya",
               "--pin", "7391")[0] == 0  # fmt: skip
    for _ in range(5):
        code, _, err = cli(db, "profile", "--card", "ZB-1", "--staff", "Sam", "--pin", "0000")
    assert code == 1 and "Sam is locked out" in err
    return err


# -- 1. an owner sets the PIN of someone who cannot --------------------------------------


@pytest.mark.parametrize("why", ["no PIN yet", "locked out"])
def test_the_hint_to_set_sams_pin_pasted_by_the_owner_asks_for_the_owner(
    shop_db: Path, why: str
) -> None:
    if why == "no PIN yet":
        code, _, refusal = cli(shop_db, "profile", "--card", "ZB-1", "--staff", "Sam",
                               "--pin", "1357")  # fmt: skip
        assert code == 1 and "Sam has no PIN yet; an owner sets one with" in refusal
    else:
        refusal = _lock_out_sam(shop_db)
    pasted = hinted_command(refusal)
    assert pasted == ["--db", str(shop_db), "staff", "pin", "Sam"]

    asked = at_terminal(
        *pasted,
        answers=[
            ("Your name:", "Priya"),
            ("PIN for Priya:", "7391"),
            ("New PIN for Sam:", "6048"),
            ("Once more:", "6048"),
        ],
    )

    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith("Your name: ") and "set Sam's PIN" in asked.stdout
    asked_for = [line.split(":")[0] for line in asked.stderr.splitlines()]
    assert asked_for == ["PIN for Priya", "New PIN for Sam", "Once more"]  # Sam's is not asked
    code, out, err = cli(shop_db, "profile", "--card", "ZB-1", "--staff", "Sam", "--pin", "6048")
    assert code == 0 and "Bob" in out, err


def test_outside_a_terminal_it_says_an_owner_sets_a_pin_nobody_has_yet(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "staff", "pin", "Sam", "--new-pin", "3971")

    assert (code, out) == (1, "")
    assert err == (
        "greeter: PINs are on and Sam has no PIN yet, so an owner sets it: add --staff OWNER "
        "--pin PIN (an owner's name and PIN), or run this in a terminal to be asked for them.\n"
    )
    assert not staff_list(shop_db)["Sam"]["has_pin"]
    # As it says:
    code, out, err = cli(shop_db, "staff", "pin", "Sam", "--new-pin", "3971",
                         "--staff", "Priya", "--pin", "7391")  # fmt: skip
    assert (code, out) == (0, "set Sam's PIN\n"), err
    assert staff_list(shop_db)["Sam"]["has_pin"]


def test_someone_with_no_pin_cannot_sign_for_their_own_first_one(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "staff", "pin", "Sam", "--new-pin", "3971", "--staff", "Sam")
    assert (code, out) == (1, "")
    assert "Sam has no PIN yet, so an owner sets it: give an owner's name and PIN" in err
    assert not staff_list(shop_db)["Sam"]["has_pin"]


# -- 2. who a change is signed by ---------------------------------------------------------


def test_a_name_typed_at_the_prompt_signs_as_that_person_not_the_owner(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "note", "add", "--card", "ZB-1", "--text", "Has a dog",
                         "--staff", "Marcus", "--pin", "2580")  # fmt: skip
    assert (code, out) == (0, "added note 2 to 1 Bob (by Marcus, manager)\n"), err

    retired = at_terminal(
        "--db", str(shop_db), "note", "retire", "2",
        answers=[("Your name:", "Marcus"), ("PIN for Marcus:", "2580")],
    )  # fmt: skip

    assert retired.returncode == 0, retired.stderr
    assert retired.stdout.endswith("note 2 retired (by Marcus, manager)\n")
    assert "owner" not in retired.stdout and "--staff NAME" not in retired.stdout


def test_only_a_change_nobody_signed_says_it_was_the_owner(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    assert cli(db, "staff", "add", "Priya", "--role", "owner")[0] == 0
    assert cli(db, "staff", "add", "Jo")[0] == 0
    cli(db, "customer", "add", "--name", "Bob")

    unsigned = cli(db, "note", "add", "--id", "1", "--text", "Has a dog")
    signed = cli(db, "note", "add", "--id", "1", "--text", "Likes tea", "--staff", "Jo")

    assert unsigned[1] == (
        "added note 1 to 1 Bob (by Priya, the shop's owner; give --staff NAME to sign as "
        "someone else)\n"
    )
    assert signed[1] == "added note 2 to 1 Bob (by Jo, staff)\n"


# -- 3. setting a shop's staff up ---------------------------------------------------------


def test_a_new_shop_started_as_the_hint_says_has_its_owner_and_nobody_else(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new shop.db"
    code, _, refusal = cli(db, "today")
    assert code == 1 and "There is no shop at" in refusal
    pasted = [word.replace("NAME", "Ann") for word in hinted_command(refusal)]
    assert pasted == ["--db", str(db), "staff", "add", "Ann", "--role", "owner"]

    added = run_cli(*pasted)
    code, out, err = added.returncode, added.stdout, added.stderr

    assert (code, out) == (0, "added Ann (owner)\n"), err
    assert [(s["name"], s["role"]) for s in staff_list(db).values()] == [("Ann", "owner")]


def test_the_first_person_added_to_a_new_shop_is_its_owner(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"

    code, out, err = cli(db, "staff", "add", "Ann")
    assert (code, err) == (0, "")
    assert out == (
        "added Ann (owner)\nThe first person on a new shop's staff is its owner; add the "
        f"others with `greeter --db {db} staff add NAME`.\n"
    )
    assert cli(db, "staff", "add", "Ben") == (0, "added Ben (staff)\n", "")

    assert [(s["name"], s["role"]) for s in staff_list(db).values()] == [
        ("Ann", "owner"),
        ("Ben", "staff"),
    ]
    code, out, err = cli(db, "audit", "--json")
    trail = [(e["staff"], e["action"], e["table"], e["row_id"]) for e in json.loads(out)]
    assert trail == [("Ann", "insert", "staff", 2), ("Ann", "insert", "staff", 1)]


def test_a_first_member_added_as_staff_is_told_about_the_stand_in_owner(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"

    code, out, err = cli(db, "staff", "add", "Ann", "--role", "staff")

    assert (code, err) == (0, "")
    assert out == (
        "added Ann (staff)\nThe shop has no owner yet: “Owner”, a stand-in, signs its changes "
        f"until you add the real owner with `greeter --db {db} staff add NAME --role owner` "
        f"and remove the stand-in with `greeter --db {db} staff remove Owner`.\n"
    )
    assert sorted(staff_list(db)) == ["Ann", "Owner"]  # what it said
    # As it says:
    assert cli(db, "staff", "add", "Priya", "--role", "owner")[0] == 0
    code, out, err = cli(db, "staff", "remove", "Owner")
    assert code == 0, err
    assert [(s["name"], s["role"]) for s in staff_list(db).values()] == [
        ("Ann", "staff"),
        ("Priya", "owner"),
    ]


def test_someone_removed_comes_back_under_their_id_with_a_new_role_and_no_old_pin(
    shop_db: Path,
) -> None:
    as_priya = ("--staff", "Priya", "--pin", "7391")
    before = staff_list(shop_db)["Marcus"]
    assert cli(shop_db, "staff", "remove", "Marcus", *as_priya)[0] == 0
    assert "Marcus" not in staff_list(shop_db)

    code, out, err = cli(shop_db, "staff", "add", "Marcus", "--role", "owner", *as_priya)

    assert (code, err) == (0, "")
    assert out == (
        "added Marcus (owner), back on the staff\nMarcus's notes and audit trail from before "
        "are theirs again; their old PIN is gone: set a new one with "
        f"`greeter --db {shop_db} staff pin Marcus`.\n"
    )
    back = staff_list(shop_db)["Marcus"]
    assert (back["id"], back["role"], back["has_pin"]) == (before["id"], "owner", False)
    code, _, err = cli(shop_db, "profile", "--card", "ZB-1", "--staff", "Marcus", "--pin", "2580")
    assert code == 1 and "Marcus has no PIN yet" in err  # the old PIN does not come back
    code, out, err = cli(shop_db, "audit", "--json", "--by", "Marcus", *as_priya)
    assert code == 0, err
    assert ("Marcus", "notes") in [(e["staff"], e["table"]) for e in json.loads(out)]


def test_an_owner_changes_a_role(shop_db: Path) -> None:
    code, out, err = cli(shop_db, "staff", "role", "Sam", "manager",
                         "--staff", "Marcus", "--pin", "2580")  # fmt: skip
    assert (code, out, err) == (1, "", "greeter: Marcus is a manager; only an owner may add or "
                                "remove staff, set their roles and PINs. Run it again as an "
                                "owner: --staff NAME.\n")  # fmt: skip
    code, out, err = cli(shop_db, "staff", "role", "Sam", "manager")  # a script, no name given
    assert (code, out, err) == (1, "", "greeter: PINs are on: to add or remove staff, set their "
                                "roles and PINs, give your name and PIN with --staff NAME --pin "
                                "PIN.\n")  # fmt: skip

    code, out, err = cli(shop_db, "staff", "role", "Sam", "manager",
                         "--staff", "Priya", "--pin", "7391")  # fmt: skip
    assert (code, out, err) == (0, "Sam is now a manager (was staff)\n", "")
    assert staff_list(shop_db)["Sam"]["role"] == "manager"
    code, out, err = cli(shop_db, "staff", "role", "Sam", "manager",
                         "--staff", "Priya", "--pin", "7391")  # fmt: skip
    assert (code, out) == (0, "Sam is already a manager; nothing changed\n"), err
    code, _, err = cli(shop_db, "staff", "role", "Sam", "boss")
    assert code == 2 and "invalid choice: 'boss'" in err


def test_the_last_owner_stays_an_owner(shop_db: Path) -> None:
    as_priya = ("--staff", "Priya", "--pin", "7391")

    code, out, err = cli(shop_db, "staff", "role", "Priya", "manager", *as_priya)
    assert (code, out) == (1, "")
    assert err == (
        "greeter: Priya is the only owner; make someone else an owner first with "
        f"`greeter --db {shop_db} staff role NAME owner`.\n"
    )
    # Another owner, but without a PIN: PINs would switch off, so still not.
    assert cli(shop_db, "staff", "role", "Sam", "owner", *as_priya)[0] == 0
    code, _, err = cli(shop_db, "staff", "role", "Priya", "manager", *as_priya)
    assert code == 1 and "Priya is the only owner with a PIN" in err
    assert staff_list(shop_db)["Priya"]["role"] == "owner"
    # Once the other owner has a PIN, Priya may step down.
    assert cli(shop_db, "staff", "pin", "Sam", "--new-pin", "6048", *as_priya)[0] == 0
    code, out, err = cli(shop_db, "staff", "role", "Priya", "manager", *as_priya)
    assert (code, out) == (0, "Priya is now a manager (was an owner)\n"), err
