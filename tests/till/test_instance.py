"""One window per user and database: the lock decides, the socket only selects customers."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from greeter.core.models import SearchHit
from greeter.recognise import Recognition
from greeter.till.instance import (
    MAX_MESSAGE,
    InstanceError,
    NotRunning,
    SingleInstance,
    TillRequest,
    address,
    parse_request,
    reply_for,
    send,
)
from tests.helpers import run_cli
from tests.till.window_process import (
    make_shop,
    running_window,
    start_window,
    stop,
    wait_until_answering,
    window_env,
)

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="raw bytes through a Unix socket")

# -- the protocol, without a window --


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"action": "raise"}', TillRequest("raise")),
        (
            b'{"action": "show", "selector": {"card": " BG-1 "}}',
            TillRequest("show", {"card": "BG-1"}),
        ),
        (b'{"action": "show", "selector": {"id": 17}}', TillRequest("show", {"id": 17})),
    ],
)
def test_valid_requests_are_read(line: bytes, expected: TillRequest) -> None:
    assert parse_request(line) == expected


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"\xff\xfe garbage", "not one line of JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"action": "delete", "selector": {"id": 1}}', "Unknown action"),
        (b'{"action": "show"}', "needs a selector"),
        (b'{"action": "show", "selector": {"id": 1, "card": "X"}}', "needs a selector"),
        (b'{"action": "show", "selector": {"name": "Lisa"}}', "Unknown selector"),
        (b'{"action": "show", "selector": {"id": true}}', "positive whole number"),
        (b'{"action": "show", "selector": {"id": "1"}}', "positive whole number"),
        (b'{"action": "show", "selector": {"phone": "  "}}', "non-empty text"),
        (b'{"action": "show", "selector": {"phone": "' + b"1" * MAX_MESSAGE + b'"}}', "too long"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(line: bytes, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_request(line)


def test_selector_id_becomes_customer_id() -> None:
    assert TillRequest("show", {"id": 3}).select_kwargs() == {"customer_id": 3}


def test_replies_name_people_by_preferred_name_only() -> None:
    names = {17: "Lisa"}
    assert reply_for(Recognition(customer_id=17), names.__getitem__) == {
        "ok": True,
        "shown": {"id": 17, "name": "Lisa"},
    }
    hits = [SearchHit(i, "Sam", "Sam Cole", "0199", None) for i in (2, 3)]
    several = reply_for(Recognition(candidates=hits, message="2 share it."), names.__getitem__)
    assert several["ok"] is False
    assert several["candidates"] == [
        {"id": 2, "name": "Sam", "phone_ending": "0199"},
        {"id": 3, "name": "Sam", "phone_ending": "0199"},
    ]
    assert "Cole" not in json.dumps(several)
    assert reply_for(Recognition(message="Nobody."), names.__getitem__) == {
        "ok": False,
        "error": "Nobody.",
    }


def test_a_candidate_with_no_phone_is_listed_without_one() -> None:
    hits = [SearchHit(2, "Sam", "Sam Cole", "0199", None), SearchHit(5, "Sam", "Sam Ng", "", None)]
    lines = reply_for(Recognition(candidates=hits, message="2 match."), str)["error"].splitlines()
    assert lines[1:3] == ["       2  Sam  (phone ending 0199)", "       5  Sam"]


def test_the_address_follows_the_resolved_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "shop.db"
    link = tmp_path / "link.db"
    link.symlink_to(db)
    monkeypatch.chdir(tmp_path)
    assert address(db) == address("shop.db") == address(link)
    assert address(db) != address(tmp_path / "other.db")


# -- the lock, in this process --


def test_the_lock_holder_is_the_only_primary(tmp_path: Path) -> None:
    first, second = SingleInstance(tmp_path / "shop.db"), SingleInstance(tmp_path / "shop.db")
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        with pytest.raises(InstanceError):
            second.listen()  # only the lock holder may remove a socket and listen
        first.release()
        assert second.acquire() is True
    finally:
        first.release()
        second.release()


def test_requests_reach_the_handler_and_bad_ones_never_do(tmp_path: Path) -> None:
    instance = SingleInstance(tmp_path / "shop.db")
    seen: list[TillRequest] = []

    def handler(request: TillRequest) -> None:
        seen.append(request)
        request.reply({"ok": True, "shown": {"id": 1, "name": "Lisa"}})

    instance.request_received.connect(handler)
    assert instance.handle(b'{"action": "show", "selector": {"card": "BG-1"}}')["ok"] is True
    assert instance.handle(b"not json")["ok"] is False
    assert [r.selector for r in seen] == [{"card": "BG-1"}]


def test_send_without_a_window_says_not_running(tmp_path: Path) -> None:
    with pytest.raises(NotRunning):
        send(tmp_path / "shop.db", {"action": "raise"}, timeout=1)


# -- a real window in another process --


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    db = tmp_path / "shop.db"
    make_shop(db)
    return db


@pytest.fixture
def window(shop: Path, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with running_window(shop, tmp_path / "home") as process:
        yield process


def show_lisa(db: Path) -> dict[str, object]:
    return send(db, {"action": "show", "selector": {"phone": "613-555-0123"}}, timeout=5)


def test_a_second_greeter_forwards_to_the_first_and_exits(
    shop: Path, window: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    second = run_cli("--db", str(shop), env=window_env(tmp_path / "home"))
    assert second.returncode == 0, second.stderr
    assert "already open; brought it to the front" in second.stdout
    assert window.poll() is None
    assert show_lisa(shop) == {"ok": True, "shown": {"id": 1, "name": "Lisa"}}


def talk(path: str, data: bytes, *, close: bool = True) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(5)
    client.connect(path)
    try:
        client.sendall(data)
    except OSError:  # the window may hang up on an oversized request before reading it all
        pass
    return client


def answer(client: socket.socket) -> dict[str, object]:
    received = b""
    while b"\n" not in received:
        chunk = client.recv(4096)
        if not chunk:
            break
        received += chunk
    client.close()
    return json.loads(received.partition(b"\n")[0])


@unix_only
def test_garbage_oversized_and_half_sent_requests_leave_the_window_working(
    shop: Path, window: subprocess.Popen[bytes]
) -> None:
    path = address(shop).server_name
    garbage = answer(talk(path, b"\x00\xff{{{ not json\n"))
    assert garbage["ok"] is False and "JSON" in str(garbage["error"])
    oversized = answer(talk(path, b"x" * (MAX_MESSAGE * 3)))
    assert oversized["ok"] is False and "too long" in str(oversized["error"])
    half = talk(path, b'{"action": "show", "selec')  # and then nothing more
    assert show_lisa(shop)["ok"] is True  # answered while the half-sent one hangs
    timed_out = answer(half)
    assert timed_out["ok"] is False and "Incomplete" in str(timed_out["error"])
    hung_up = talk(path, b'{"action": "show"')
    hung_up.close()
    assert show_lisa(shop) == {"ok": True, "shown": {"id": 1, "name": "Lisa"}}
    assert window.poll() is None


@unix_only
def test_a_window_that_died_leaves_nothing_in_the_way(shop: Path, tmp_path: Path) -> None:
    first = start_window(shop, tmp_path / "home")
    try:
        wait_until_answering(shop, first)
        first.send_signal(signal.SIGKILL)  # no clean-up: the lock and socket stay behind
        first.wait(5)
        assert Path(address(shop).server_name).exists()
        with running_window(shop, tmp_path / "home"):
            assert show_lisa(shop)["ok"] is True
    finally:
        stop(first)
