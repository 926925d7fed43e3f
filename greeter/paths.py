"""Where the shop's data file lives: --db, then GREETER_HOME, then the platform's data folder."""

from __future__ import annotations

import getpass
import hashlib
import os
import tempfile
from pathlib import Path

DB_NAME = "greeter.db"


def default_data_dir() -> Path:
    # QStandardPaths is the platform's own answer; it needs only QtCore, no application.
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName("Greeter")
    QCoreApplication.setApplicationName("Greeter")
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("GREETER_HOME")
    if home:
        return Path(home).expanduser() / DB_NAME
    return default_data_dir() / DB_NAME


def runtime_stem(db_path: str | os.PathLike[str]) -> Path:
    """`greeter-<hash>` in this user's runtime folder: where the files that stand for the shop
    at `db_path` while a Greeter has it open (lock, socket) live, given their own suffix.

    The hash is of the user and the database's resolved path: the same file reached through
    a symlink or a relative path gets the same name, another file or user another.
    """
    resolved = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(f"{_user()}\n{resolved}".encode()).hexdigest()[:20]
    return _runtime_dir() / f"greeter-{digest}"


def _runtime_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime):
        return Path(runtime)
    return Path(tempfile.gettempdir())


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "user"
