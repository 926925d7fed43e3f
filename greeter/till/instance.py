"""One Greeter window per user and database, and the local socket the till uses to reach it.

The process holding a `QLockFile` is the primary: only it removes a leftover socket and
listens. Any other process (a second `greeter`, or `greeter show` from the till's script)
connects and sends one JSON line; the primary answers with one JSON line. Deciding by
`QLocalServer.listen()` instead would let a second process steal the live socket.

A process's own runtime folder depends on its environment (cron has no $XDG_RUNTIME_DIR),
so the primary holds a lock and listens in the shared one too, and a client that finds
nobody in its own folder tries the shared one (`greeter.paths.runtime_dirs`).

The socket can only bring the window forward or select a customer; it never changes data.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from greeter.core.candidates import phone_ending_words
from greeter.paths import (
    make_shared_runtime_dir,
    runtime_stem,
    runtime_stems,
    shared_runtime_dir,
)
from greeter.recognise import Recognition

MAX_MESSAGE = 4096  # bytes in one request line, newline included
REQUEST_TIMEOUT_MS = 2000  # a request not complete by then is answered with an error
MAX_CONNECTIONS = 8  # more at once than a till plausibly sends: refuse the rest
MAX_LISTED = 10  # candidates listed in a "several customers" answer
SELECTORS = ("card", "phone", "email", "id", "query")
ACTIONS = ("show", "raise")

Reply = dict[str, Any]


class InstanceError(Exception):
    """The running window could not be reached or did not answer sensibly."""


class NotRunning(InstanceError):
    """No Greeter window is listening for this database."""


@dataclass(frozen=True)
class Address:
    lock_path: Path
    server_name: str


def address(db_path: str | os.PathLike[str]) -> Address:
    """Where the lock and the socket of the window for `db_path` live, for this user, in this
    process's own runtime folder: the same file reached through a symlink or a relative path
    gets the same window."""
    return _address(runtime_stem(db_path))


def addresses(db_path: str | os.PathLike[str]) -> list[Address]:
    """`address()` in each of this user's runtime folders fit to use, this process's own first."""
    return [_address(stem) for stem in runtime_stems(db_path)]


def _address(stem: Path) -> Address:
    socket_path = stem.with_suffix(".sock")
    # On Windows the name is a pipe name; elsewhere a path, unless too long for a socket.
    use_path = sys.platform != "win32" and len(str(socket_path)) < 100
    return Address(stem.with_suffix(".lock"), str(socket_path) if use_path else stem.name)


@dataclass
class TillRequest:
    """One valid request; the handler answers it with `reply()` before returning."""

    action: str
    selector: dict[str, str | int] = field(default_factory=dict)
    answer: Reply | None = None

    def reply(self, answer: Reply) -> None:
        self.answer = answer

    def select_kwargs(self) -> dict[str, str | int]:
        """The selector as keyword arguments of `greeter.recognise.select_customer`."""
        return {("customer_id" if k == "id" else k): v for k, v in self.selector.items()}


def parse_request(line: bytes) -> TillRequest:
    """Read one request line; ValueError says, in a sentence, what is wrong with it."""
    if len(line) > MAX_MESSAGE:
        raise ValueError(f"Request too long (more than {MAX_MESSAGE} bytes).")
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("Request is not one line of JSON.") from None
    if not isinstance(data, dict):
        raise ValueError("Request must be a JSON object.")
    action = data.get("action")
    if action not in ACTIONS:
        raise ValueError(f"Unknown action; use one of: {', '.join(ACTIONS)}.")
    if action == "raise":
        return TillRequest("raise")
    selector = data.get("selector")
    if not isinstance(selector, dict) or len(selector) != 1:
        raise ValueError(f"A show request needs a selector with one of: {', '.join(SELECTORS)}.")
    ((key, value),) = selector.items()
    if key not in SELECTORS:
        raise ValueError(f"Unknown selector {key!r}; use one of: {', '.join(SELECTORS)}.")
    if key == "id":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError("The id selector must be a positive whole number.")
        return TillRequest("show", {key: value})
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"The {key} selector must be non-empty text.")
    return TillRequest("show", {key: value.strip()})


def reply_for(result: Recognition, name_of: Callable[[int], str]) -> Reply:
    """The answer to a show request: whom the window shows, or why nobody.

    Customers are named by preferred name only: the till's screen may face customers.
    """
    if result.customer_id is not None:
        return {
            "ok": True,
            "shown": {"id": result.customer_id, "name": name_of(result.customer_id)},
        }
    if not result.candidates:
        return {"ok": False, "error": result.message or "No customer matches."}
    listed = result.candidates[:MAX_LISTED]
    lines = [result.message or f"{len(result.candidates)} customers match."]
    for h in listed:
        line = f"  {h.customer_id:>6}  {h.preferred_name}"
        ending = phone_ending_words(h.phone_ending)
        lines.append(f"{line}  ({ending})" if ending else line)
    if len(result.candidates) > len(listed):
        lines.append(f"  …and {len(result.candidates) - len(listed)} more.")
    lines.append("Ask again with the id of the one you mean.")
    return {
        "ok": False,
        "error": "\n".join(lines),
        "candidates": [
            {"id": h.customer_id, "name": h.preferred_name, "phone_ending": h.phone_ending}
            for h in listed
        ],
    }


def _encode(answer: Reply) -> bytes:
    return json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n"


class _Exchange(QObject):
    """One connection: read one line (within a size and time limit), answer once, hang up."""

    def __init__(self, socket: QLocalSocket, instance: SingleInstance) -> None:
        super().__init__(instance)
        self._socket = socket
        self._instance = instance
        self._buffer = b""
        self._done = False
        socket.setParent(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REQUEST_TIMEOUT_MS)
        socket.readyRead.connect(self._on_socket_ready_read)
        socket.disconnected.connect(self._on_socket_disconnected)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def _on_socket_ready_read(self) -> None:
        data = bytes(self._socket.readAll().data())
        if self._done:
            return
        self._buffer += data
        line, newline, _rest = self._buffer.partition(b"\n")
        if len(line) + len(newline) > MAX_MESSAGE:
            self._answer({"ok": False, "error": f"Request too long (over {MAX_MESSAGE} bytes)."})
        elif newline:
            self._answer(self._instance.handle(line))

    def _on_timer_timeout(self) -> None:
        if not self._done:
            self._answer({"ok": False, "error": "Incomplete request: no full line in time."})

    def _answer(self, answer: Reply) -> None:
        self._done = True
        self._timer.stop()
        self._socket.write(_encode(answer))
        self._socket.flush()
        self._socket.disconnectFromServer()  # after the answer is written

    def _on_socket_disconnected(self) -> None:
        self._done = True
        self._timer.stop()
        self.deleteLater()


class SingleInstance(QObject):
    """Decides the primary window for one database and, in it, answers the till's requests."""

    request_received = Signal(object)  # a TillRequest; the slot answers it with reply()

    def __init__(self, db_path: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        make_shared_runtime_dir()  # every window is found there too
        self.addresses = addresses(db_path)
        # One order for every process: two windows starting at once cannot each hold a lock
        # the other needs, and both give way.
        self._locks = [QLockFile(str(a.lock_path)) for a in self.addresses]
        self._locks.sort(key=QLockFile.fileName)
        for lock in self._locks:
            lock.setStaleLockTime(0)  # held for hours; stale only if its process is gone
        self._servers: list[QLocalServer] = []
        self.primary = False
        self.listen_error = ""

    def acquire(self) -> bool:
        """True when this process is the primary: it holds the lock in each runtime folder.
        False when another window holds one of them."""
        if not self._locks:
            raise InstanceError(
                f"Greeter keeps its lock and socket in a folder only you can write in, and "
                f"{shared_runtime_dir()} is not one: it belongs to someone else or others can "
                "write in it. Remove it, or set XDG_RUNTIME_DIR to a folder of yours that "
                "only you can write in."
            )
        for lock in self._locks:
            if not lock.tryLock(0):
                error = lock.error()
                for taken in self._locks:
                    taken.unlock()  # does nothing to one not taken
                if error == QLockFile.LockError.LockFailedError:
                    return False
                raise InstanceError(f"Cannot create the lock file {lock.fileName()}.")
        self.primary = True
        return True

    def listen(self) -> bool:
        """Start answering requests, in each runtime folder. Only the lock holder may (it
        removes a leftover socket). False, with `listen_error`, if one cannot listen."""
        if not self.primary:
            raise InstanceError("Only the primary window listens.")
        for name in dict.fromkeys(a.server_name for a in self.addresses):
            QLocalServer.removeServer(name)
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            server.newConnection.connect(self._on_server_new_connection)
            if server.listen(name):
                self._servers.append(server)
            else:
                self.listen_error = self.listen_error or f"{name}: {server.errorString()}"
        return not self.listen_error

    def release(self) -> None:
        for server in self._servers:
            server.close()
        self._servers = []
        if self.primary:
            for lock in self._locks:
                lock.unlock()
            self.primary = False

    def handle(self, line: bytes) -> Reply:
        """Answer one request line: errors for bad ones, the handler's answer for good ones."""
        try:
            request = parse_request(line)
        except ValueError as error:
            return {"ok": False, "error": str(error)}
        self.request_received.emit(request)
        return request.answer or {"ok": False, "error": "Greeter is starting; try again."}

    def _on_server_new_connection(self) -> None:
        for server in self._servers:
            while server.hasPendingConnections():
                self._take(server.nextPendingConnection())

    def _take(self, socket: QLocalSocket) -> None:
        if len(self.findChildren(_Exchange)) >= MAX_CONNECTIONS:
            socket.write(_encode({"ok": False, "error": "Busy; try again."}))
            socket.flush()
            socket.disconnectFromServer()
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                socket.deleteLater()
            else:
                socket.disconnected.connect(socket.deleteLater)
            return
        _Exchange(socket, self)


def send(db_path: str | os.PathLike[str], request: Reply, timeout: float = 5.0) -> Reply:
    """Send one request to the window for `db_path` and return its answer.

    Blocking; needs no running event loop, so the command line can use it. Looks in this
    process's own runtime folder, then in the others: the window may have been started in
    another environment. Raises NotRunning when no window listens in any of them,
    InstanceError when one does not answer.
    """
    data = _encode(request)
    if len(data) > MAX_MESSAGE:
        raise InstanceError(f"Request too long (over {MAX_MESSAGE} bytes).")
    deadline = time.monotonic() + timeout
    for where in addresses(db_path):
        try:
            return _ask(where.server_name, data, deadline)
        except NotRunning:
            continue
    raise NotRunning("No Greeter window is running for this database.")


def _ask(server_name: str, data: bytes, deadline: float) -> Reply:
    socket = QLocalSocket()
    socket.connectToServer(server_name)

    def left_ms() -> int:
        return max(1, int((deadline - time.monotonic()) * 1000))

    if not socket.waitForConnected(left_ms()):
        if socket.error() in (
            QLocalSocket.LocalSocketError.ServerNotFoundError,
            QLocalSocket.LocalSocketError.ConnectionRefusedError,
        ):
            raise NotRunning("No Greeter window is running for this database.")
        raise InstanceError(f"Cannot reach the Greeter window: {socket.errorString()}")
    socket.write(data)
    socket.waitForBytesWritten(left_ms())
    received = b""
    while b"\n" not in received and len(received) <= 16 * MAX_MESSAGE:
        if time.monotonic() >= deadline:
            socket.abort()
            raise InstanceError("The Greeter window did not answer in time.")
        ready = socket.waitForReadyRead(left_ms())
        received += bytes(socket.readAll().data())
        if not ready and socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            break
    socket.abort()
    if not received:
        raise InstanceError("The Greeter window closed the connection without answering.")
    line = received.partition(b"\n")[0]
    try:
        answer = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InstanceError("The Greeter window gave an answer that is not JSON.") from None
    if not isinstance(answer, dict):
        raise InstanceError("The Greeter window gave an answer that is not a JSON object.")
    return answer


def forward(db_path: str | os.PathLike[str], request: Reply, patience: float = 5.0) -> Reply:
    """Like send(), but waits for a window that holds the lock and is still starting up."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return send(db_path, request, timeout=max(0.5, deadline - time.monotonic()))
        except NotRunning:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
