"""Shared fixtures: offscreen Qt and real SQLite files under tmp_path."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import pytest  # noqa: E402

from greeter import paths  # noqa: E402
from greeter.store import Store  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def runtime_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own runtime folder (and their children's): the windows' locks and sockets
    and the shops' open marks stay out of the user's, the shared one in the temp folder and
    /run/user (which children look at only if a test takes their XDG_RUNTIME_DIR away)."""
    folder = tmp_path_factory.mktemp("runtime")
    temp = tmp_path_factory.mktemp("temp")
    before = {name: os.environ.get(name) for name in ("XDG_RUNTIME_DIR", "TMPDIR")}
    before_temp, before_run_user = tempfile.tempdir, paths.RUN_USER
    os.environ.update(XDG_RUNTIME_DIR=str(folder), TMPDIR=str(temp))
    tempfile.tempdir, paths.RUN_USER = str(temp), folder / "run-user"
    yield folder
    tempfile.tempdir, paths.RUN_USER = before_temp, before_run_user
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "shop.db")
    s.settings.set("region", "CA")
    s.settings.set("currency", "CAD")
    s.settings.set("locale", "en_CA")
    yield s
    s.close()


@pytest.fixture
def staff_id(store: Store) -> int:
    return store.staff.add("Priya", "owner")
