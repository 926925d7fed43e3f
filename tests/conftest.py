"""Shared fixtures: offscreen Qt and real SQLite files under tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

import pytest  # noqa: E402

from greeter.store import Store  # noqa: E402


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
