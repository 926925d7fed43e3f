"""Helpers tests share: making customers and purchases, running the real CLI."""

from __future__ import annotations

import datetime as dt
import html.parser
import os
import sqlite3
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

from greeter.core.identify import require_phone
from greeter.core.models import Birthday, Phone, PurchaseLine
from greeter.store import Store
from greeter.store.customers import NewCustomer
from greeter.store.purchases import NewPurchase

TODAY = dt.date(2026, 11, 22)  # a Sunday


def add_customer(
    store: Store,
    preferred: str,
    full: str = "",
    *,
    phone: str | None = None,
    email: str | None = None,
    card: str | None = None,
    birthday: Birthday | None = None,
    pronunciation: str = "",
) -> int:
    return store.customers.add(
        NewCustomer(
            preferred,
            full,
            pronunciation=pronunciation,
            birthday=birthday,
            phones=[Phone(require_phone(phone, "CA"), phone)] if phone else [],
            emails=[email] if email else [],
            cards=[card] if card else [],
            created=dt.datetime(2024, 1, 5, 10, 0),
        )
    )


def add_purchase(
    store: Store,
    customer_id: int,
    when: dt.datetime,
    *items: tuple[str, int],
    receipt: str | None = None,
) -> int | None:
    return store.purchases.record(
        NewPurchase(
            customer_id,
            when,
            [PurchaseLine(item, 1, cents) for item, cents in items],
            "CAD",
            receipt or f"R-{customer_id}-{when.isoformat()}",
        )
    )


def run_cli(
    *args: str, env: dict[str, str] | None = None, max_file_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m greeter ARGS` in a real process, as a till script would. With
    `max_file_size`, the process's writes past that many bytes of a file fail with "File too
    large", as they would on a full disk (POSIX only)."""
    return subprocess.run(
        [sys.executable, "-m", "greeter", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        preexec_fn=None if max_file_size is None else partial(_limit_files, max_file_size),
    )


def run_cli_at_terminal(*args: str, typed: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m greeter ARGS` as a person at a terminal would: its input is a terminal
    (a pseudo-terminal, POSIX only) on which `typed` has been typed; what it prints is
    captured. It has no controlling terminal, so nothing reaches the one running the tests."""
    import pty

    typist, terminal = pty.openpty()
    try:
        os.write(typist, typed.encode())
        return subprocess.run(
            [sys.executable, "-m", "greeter", *args],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            start_new_session=True,
        )
    finally:
        os.close(terminal)
        os.close(typist)


def _limit_files(size: int) -> None:
    import resource  # POSIX only

    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing it.
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def flip_bytes(path: Path, offset: int, length: int = 16) -> None:
    """Damage a file the way a failing disk would: invert `length` bytes at `offset`."""
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def root_page(path: Path, table: str) -> int:
    """The page number where a table's rows start, to damage exactly that table."""
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    conn.close()
    return int(page[0])


class ImportHoldingTheFile:
    """Another connection holding the write lock, as an import does, from its own thread:
    until `finish()`, or for `at_most` seconds (so a writer that waits gets it then)."""

    def __init__(self, path: Path, at_most: float) -> None:
        self._locked, self._done = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(path, at_most))
        self._thread.start()
        assert self._locked.wait(10)

    def _hold(self, path: Path, at_most: float) -> None:
        importer = sqlite3.connect(path, isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")
        self._locked.set()
        self._done.wait(at_most)
        importer.execute("COMMIT")
        importer.close()

    def finish(self) -> None:
        self._done.set()
        self._thread.join(10)


def page_text(page: str) -> str:
    """What a person reads on an HTML page: the body's text, in order, one space between
    the pieces (cells, headings, paragraphs); the head (title, style) left out."""

    class Reader(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.in_body = False
            self.pieces: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.in_body = self.in_body or tag == "body"

        def handle_data(self, data: str) -> None:
            if self.in_body and data.strip():
                self.pieces.append(" ".join(data.split()))

    reader = Reader()
    reader.feed(page)
    return " ".join(reader.pieces)
