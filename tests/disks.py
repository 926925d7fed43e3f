"""Folders and disks that say no, for tests: read-only folders, and (as root) small disks."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, timeout=30, check=True)


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """`folder` made read-only for the block, as a write-protected USB stick or a read-only
    disk is: a folder nobody may write in (0555), or, for root, whom modes do not stop, the
    folder mounted read-only over itself (skipped where root cannot mount)."""
    if os.name != "posix":
        pytest.skip("POSIX file modes")
    if not _is_root():
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,ro,bind", str(folder))
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real disk of `size` (e.g. "12m") mounted on `folder` for the block: a full disk as the
    shop meets it. Only root can mount one; anyone else skips."""
    if not _is_root():
        pytest.skip("only root can mount a small disk")
    folder.mkdir(exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)
