"""Where the shop's data file lives: --db, then GREETER_HOME, then the platform's data folder."""

from __future__ import annotations

import os
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
