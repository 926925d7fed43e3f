"""Files holding customer data, readable by this account only and written whole or not at all.

On POSIX, files are 0600 and the folders made for them 0700; Windows ignores the modes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

FILE_MODE = 0o600
FOLDER_MODE = 0o700
NAME_MAX = 255  # bytes in a file name, on the disks Greeter is used on
_SCRATCH_ROOM = len("..12345678.part")  # what `_scratch` adds to a name


def shortened(name: str, room: int) -> str:
    """`name`, cut short when `room` more bytes would make it too long for a file name, and
    then ending in a few characters of its hash, so two long names cut alike stay apart."""
    if len(name.encode()) + room <= NAME_MAX:
        return name
    tag = "~" + hashlib.sha256(name.encode()).hexdigest()[:8]
    kept = name.encode()[: NAME_MAX - room - len(tag)].decode(errors="ignore")
    return kept + tag


def megabytes(size: int) -> str:
    """'31 MB': a file's size, rounded up, as the shop reads it."""
    return f"{max(1, -(-size // 1_048_576)):,} MB"


def private_folder(folder: Path) -> Path:
    """`folder`, made owner-only if it is not there yet, and so are the folders above it
    that are not there yet; those that are are left as they are."""
    missing = []
    for above in (folder, *folder.parents):
        if above.exists():
            break
        missing.append(above)
    # One by one: mkdir(parents=True) makes the parents with the umask's mode, not `mode`.
    for made in reversed(missing):
        made.mkdir(mode=FOLDER_MODE, exist_ok=True)
    return folder


def keep_folder_private(folder: Path) -> None:
    """Make a folder Greeter alone keeps files in owner-only, if it is not yet (older
    Greeters left the watched folder's done/ and failed/ as the umask made them, 0755). One
    that another account owns cannot be changed and is left as it is."""
    if stat.S_IMODE(folder.stat().st_mode) != FOLDER_MODE:
        with contextlib.suppress(PermissionError):
            os.chmod(folder, FOLDER_MODE)


def keep_private(path: Path) -> None:
    """Make a file that came from elsewhere (a till's export moved aside) owner-only. One that
    another account owns cannot be changed; its owner-only folder still keeps it private."""
    with contextlib.suppress(PermissionError):
        os.chmod(path, FILE_MODE)


def _scratch(path: Path) -> tuple[int, Path]:
    # mkstemp makes the file 0600; the dot keeps it out of sight (and of the watched folder)
    # while it is written; a long name is cut short to leave room for what mkstemp adds.
    prefix = f".{shortened(path.name, _SCRATCH_ROOM)}."
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".part")
    return fd, Path(name)


@contextlib.contextmanager
def write_whole(
    *paths: Path, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[list[TextIO]]:
    """Open one owner-only scratch file beside each of `paths` for writing. When the block ends
    without an error they are flushed to disk and renamed onto `paths` (replacing what was
    there); otherwise they are removed. So `paths` are all new and complete, or none is."""
    scratches: list[Path] = []
    outs: list[TextIO] = []
    renamed: list[Path] = []
    try:
        for path in paths:
            fd, scratch = _scratch(path)
            scratches.append(scratch)
            outs.append(open(fd, "w", encoding=encoding, newline=newline))
        yield outs
        for out in outs:
            out.flush()
            os.fsync(out.fileno())
            out.close()
        for scratch, path in zip(scratches, paths, strict=True):
            os.replace(scratch, path)
            renamed.append(path)
    except BaseException:
        for path in renamed:  # a set that does not belong together is worse than none
            path.unlink(missing_ok=True)
        raise
    finally:
        for out in outs:
            with contextlib.suppress(OSError):  # a full disk fails this too: it is closed
                out.close()
        for scratch in scratches:
            scratch.unlink(missing_ok=True)


@contextlib.contextmanager
def scratch_for(path: Path) -> Iterator[Path]:
    """The name of an empty owner-only scratch file beside `path`, for a writer that takes a
    file name (Qt saving an image). When the block ends without an error the scratch is
    flushed to disk and renamed onto `path`; otherwise it is removed and `path` is untouched."""
    fd, scratch = _scratch(path)
    os.close(fd)
    try:
        yield scratch
        with scratch.open("rb+") as written:  # read-write: Windows cannot sync a read-only file
            os.fsync(written.fileno())
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
