"""Shared fixtures: offscreen Qt and real SQLite files under tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import pytest  # noqa: E402

from greeter.store import Store  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def runtime_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own runtime folder (and their children's): the windows' locks and sockets
    and the shops' open marks stay out of the user's."""
    folder = tmp_path_factory.mktemp("runtime")
    before = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_RUNTIME_DIR"]
    else:
        os.environ["XDG_RUNTIME_DIR"] = before


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
