"""Dates in words for people at a counter: '3 weeks ago', 'customer since March 2021'."""

from __future__ import annotations

import calendar
import datetime as dt

from greeter.core.text import counted

MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def ago(when: dt.date | dt.datetime | None, today: dt.date) -> str:
    if when is None:  # none on file here, though the customer may have one elsewhere
        return "none recorded"
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
    if days > 183:  # half a year on, '30 Nov' reads as this one: say the year
        return f"due {due.day} {due.strftime('%b %Y')}"
    return f"due {short_date(due, today)}"


def short_date(when: dt.date | dt.datetime, today: dt.date) -> str:
    day = when.date() if isinstance(when, dt.datetime) else when
    if day.year == today.year:
        return f"{day.day} {day.strftime('%b')}"
    return f"{day.day} {day.strftime('%b %Y')}"


def full_date(when: dt.date | dt.datetime) -> str:
    """A date for a printed record, read the same in any year: "3 Nov 2026"."""
    return f"{when.day} {when.strftime('%b %Y')}"


def since(when: dt.date | dt.datetime) -> str:
    return f"customer since {when.strftime('%B %Y')}"


def date_fault(year: int | None, month: int, day: int) -> str | None:
    """Why there is no such day, in words ('there is no month 13', 'February 2026 has only 28
    days', 'February has at most 29 days' without a year); None when there is."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year is not None and year < dt.MINYEAR:
        return f"there is no year {year}"
    if day < 1:
        return f"there is no day {day}"
    days = calendar.monthrange(2000 if year is None else year, month)[1]  # 2000: a leap year
    if day <= days:
        return None
    if year is not None:
        return f"{MONTHS[month]} {year} has only {days} days"
    return f"{MONTHS[month]} has {'at most' if month == 2 else 'only'} {days} days"
