"""Dates in words for people at a counter: '3 weeks ago', 'customer since March 2021'."""

from __future__ import annotations

import datetime as dt

from greeter.core.text import counted


def ago(when: dt.date | dt.datetime | None, today: dt.date) -> str:
    if when is None:
        return "never"
    day = when.date() if isinstance(when, dt.datetime) else when
    days = (today - day).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if days < 30:
        return f"{counted(days // 7, 'week')} ago"
    if days < 365:
        return f"{counted(max(1, round(days / 30.44)), 'month')} ago"
    years = days // 365
    return f"{counted(years, 'year')} ago"


def due_in_words(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return "no date"
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days == -1:
        return "overdue since yesterday"
    if days < 0:
        return f"overdue by {counted(-days, 'day')}"
    if days < 7:
        return f"due {due.strftime('%A')}"
    return f"due {due.day} {due.strftime('%b')}"


def short_date(when: dt.date | dt.datetime, today: dt.date) -> str:
    day = when.date() if isinstance(when, dt.datetime) else when
    if day.year == today.year:
        return f"{day.day} {day.strftime('%b')}"
    return f"{day.day} {day.strftime('%b %Y')}"


def since(when: dt.date | dt.datetime) -> str:
    return f"customer since {when.strftime('%B %Y')}"
