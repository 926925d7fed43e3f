"""Turning stored text back into Python values."""

from __future__ import annotations

import datetime as dt


def when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def stamp(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
