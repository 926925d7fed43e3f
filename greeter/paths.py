"""Where the shop's data file lives (--db, then GREETER_HOME, then the platform's data folder),
and where a running Greeter's lock and socket live."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import stat
import tempfile
from pathlib import Path

DB_NAME = "greeter.db"
RUN_USER = Path("/run/user")  # each logged-in user's runtime folder, made by systemd-logind


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
    """`greeter-<hash>` in this process's own runtime folder: where the files that stand for
    the shop at `db_path` while a Greeter has it open (lock, socket) live, given their own
    suffix. With no runtime folder fit to use, a place where every use fails (OSError).

    The hash is of the user and the database's resolved path: the same file reached through
    a symlink or a relative path gets the same name, another file or user another.
    """
    stems = runtime_stems(db_path)
    return stems[0] if stems else Path(os.devnull) / _stem_name(db_path)


def runtime_stems(db_path: str | os.PathLike[str]) -> list[Path]:
    """`runtime_stem()` in each of `runtime_dirs()`, this process's own first."""
    return [folder / _stem_name(db_path) for folder in runtime_dirs()]


def runtime_dirs() -> list[Path]:
    """This user's runtime folders: first this process's own ($XDG_RUNTIME_DIR, else
    /run/user/<uid>, else the shared one, made if missing), then the shared one if there.

    Cron and systemd run the till's scripts without $XDG_RUNTIME_DIR, so a process's own
    folder depends on how it was started; the shared one does not, and every window uses it.
    A folder counts only if it is ours and nobody else can write in it (whoever could would
    be able to pose as the window): none may be left.
    """
    if not hasattr(os, "getuid"):  # Windows: the temp folder is the user's own
        return [Path(tempfile.gettempdir())]
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    places = ([Path(xdg)] if xdg else []) + [RUN_USER / str(os.getuid())]
    own = next((folder for folder in places if _ours_alone(folder)), None)
    if own is None:
        make_shared_runtime_dir()
    found = [own] if own else []
    shared = shared_runtime_dir()
    if shared not in found and _ours_alone(shared):
        found.append(shared)
    return found


def shared_runtime_dir() -> Path:
    """`greeter-<uid>` in the temp folder: the runtime folder every Greeter of this user can
    find, whatever its environment."""
    return Path(tempfile.gettempdir()) / f"greeter-{os.getuid()}"


def make_shared_runtime_dir() -> None:
    """Make the shared runtime folder, closed to others, unless it is there (or cannot be:
    then it is not used)."""
    if not hasattr(os, "getuid"):  # Windows: the temp folder itself
        return
    with contextlib.suppress(OSError):
        shared_runtime_dir().mkdir(mode=0o700)


def _ours_alone(folder: Path) -> bool:
    """A folder (not a link to one) owned by this user, in which nobody else can write."""
    try:
        st = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def _stem_name(db_path: str | os.PathLike[str]) -> str:
    resolved = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(f"{_user()}\n{resolved}".encode()).hexdigest()[:20]
    return f"greeter-{digest}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "user"
