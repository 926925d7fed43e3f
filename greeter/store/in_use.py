"""Telling a shop file another Greeter has open from one a crash left behind.

SQLite keeps the -wal both after a crash and while any other program has the file open (the
window beside the till while a script runs `greeter import`); only a crash deserves the
whole-file check, which takes a minute at a chain's size. So each Greeter that opened the
file and found it sound holds a shared lock, for as long as it keeps it open, on a small file
of its own in the user's runtime folder. The system drops the lock when the process ends,
however it ends: whoever can take it exclusively knows nobody else has the shop open.

These are BSD locks (`flock`), which belong to one opening of the lock file. POSIX locks
belong to the process and are all dropped when any of its descriptors for the file closes.
Without `flock` (Windows), nobody is ever known to have the file open, and it is checked.
"""

from __future__ import annotations

import contextlib
import os
import time
import weakref
from pathlib import Path

from greeter.paths import runtime_stem

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_TRIES = 20  # another Greeter's look holds it exclusively for microseconds


def _lock_file(db_path: Path) -> Path:
    return runtime_stem(db_path).with_suffix(".open")


class OpenMark:
    """Says "this process has the shop open, checked" to other Greeters until `close()`."""

    def __init__(self, db_path: Path) -> None:
        self.held = False
        if fcntl is None:
            return
        path = _lock_file(db_path)
        for _ in range(_TRIES):
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
            except OSError:
                return  # no runtime folder to write in: others simply check the file
            if _shared_lock(fd) and _still_there(fd, path):
                self.held = True
                self._release = weakref.finalize(self, _release, fd, path)
                return
            os.close(fd)  # a look held it, or the last to close removed the file meanwhile
            time.sleep(0.001)

    def close(self) -> None:
        if self.held:
            self._release()
            self.held = False


def _shared_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_there(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.stat(path), os.fstat(fd))
    except FileNotFoundError:
        return False


def _release(fd: int, path: Path) -> None:
    """Stop saying so; the last Greeter to close the shop removes the lock file."""
    with contextlib.suppress(BlockingIOError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        path.unlink(missing_ok=True)
    os.close(fd)


def others_have_open(db_path: Path) -> bool:
    """True while another Greeter (or another connection of this one) has the shop open."""
    if fcntl is None:
        return False
    try:
        fd = os.open(_lock_file(db_path), os.O_RDONLY)
    except OSError:
        return False  # never marked: nobody has it open
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the exclusive lock, if taken
    return False
