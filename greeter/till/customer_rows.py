"""Reading a customers file: each row checked and turned into the details of one customer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from greeter.core.identify import card_code, normalise_email, normalise_phone
from greeter.core.models import Birthday, Phone
from greeter.core.placeholders import is_placeholder
from greeter.core.text import clean_lines, clean_text, person_and_company, preferred_from_full
from greeter.till.cells import unescape_cell
from greeter.till.columns import ColumnMapping
from greeter.till.csv_read import NUL_IN_CELL, CsvFile, nul_cell
from greeter.till.parse import no_date, parse_birthday, parse_flag, parse_stamp, row_number
from greeter.till.problems import BadRow, BadRows, RowProblem, in_reading_order
from greeter.till.screen import Screen

_EMAIL_SPLIT = re.compile(r"[;,]")
T = TypeVar("T")
_SYSTEM = re.compile(r"[a-z][a-z0-9_.\-]*")


@dataclass
class CustomerRow:
    line: int
    preferred_name: str
    full_name: str
    pronunciation: str = ""
    birthday: Birthday | None = None
    phones: list[Phone] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    customer_id: str = ""  # in the file's system (shopify, square, import …)
    greeter_id: str = ""
    other_ids: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str = ""
    email_consent: bool | None = None
    sms_consent: bool | None = None
    created: dt.datetime | None = None
    # Phones that are not phone numbers: the customer is imported without them, and told.
    set_aside: list[RowProblem] = field(default_factory=list)


@dataclass
class CustomersRead:
    rows: list[CustomerRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    # (line, name) of the till's stand-ins for no customer ("Walk-in Customer"): left out
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    read: int = 0


def read_customers(
    csv_file: CsvFile,
    mapping: ColumnMapping,
    *,
    date_order: str,
    region: str,
    progress: Callable[[int, int], None] | None = None,
) -> CustomersRead:
    out = CustomersRead()
    screen = Screen(mapping, csv_file.path.name)
    reader = _Reader(mapping, date_order, region)
    total_lines = csv_file.line_count
    has_nul = csv_file.has_nul
    for line, cells in csv_file.rows():
        out.read += 1
        if progress is not None and not out.read % 1024:
            progress(line, total_lines)
        try:
            if has_nul:
                _refuse_nul(cells, mapping.header)
            repeats = screen.admit(line, cells)
            if repeats:
                out.duplicates.append((line, repeats))
            elif repeats is not None:
                out.rows.append(reader.customer(line, cells))
        except _Placeholder as stand_in:
            out.placeholders.append((line, str(stand_in)))
        except BadRow as bad:
            out.problems.append(RowProblem(line, bad.column, bad.message))
            out.bad_lines.add(line)
        except BadRows as bad:
            out.problems += [RowProblem(line, b.column, b.message) for b in bad.problems]
            out.bad_lines.add(line)
    out.problems = in_reading_order(out.problems, mapping.header)
    return out


def _refuse_nul(cells: list[str], header: tuple[str, ...]) -> None:
    at = nul_cell(cells)
    if at is not None:
        raise BadRow(header[at] if at < len(header) else "", NUL_IN_CELL)


class _Placeholder(Exception):
    """The row is the till's stand-in for no customer, whom anonymous sales are rung up to
    ("Walk-in Customer", WALKIN): no one to add, and not a bad row. Its name or till id."""


class _Reader:
    """One file's rows turned into customers. Each field's columns are looked up once for the
    file, not for every row, and what repeats from row to row (names, dates) is read once."""

    def __init__(self, mapping: ColumnMapping, date_order: str, region: str) -> None:
        header, fields = mapping.header, mapping.priority
        self._columns = {f: tuple((col, header[col]) for col in cols) for f, cols in fields.items()}
        self._first = {f: header[cols[0]] for f, cols in fields.items() if cols}
        self._date_order = date_order
        self._region = region
        self._texts: dict[str, str] = {}
        self._phones: dict[str, str | None] = {}
        # Each date cell's text: (the date, "") or (None, why it is not a date)
        self._birthdays: dict[str, tuple[Birthday | None, str]] = {}
        self._stamps: dict[str, tuple[str | None, str]] = {}

    def one(self, cells: list[str], name: str) -> tuple[str, str]:
        """(value, column name) of the field's first column with a value, ("", column) if none."""
        for col, column in self._columns.get(name, ()):
            if value := unescape_cell(cells[col]).strip():
                return value, column
        return "", self._first.get(name, name)

    def every(self, cells: list[str], name: str) -> list[tuple[str, str]]:
        """(value, column name) of each of the field's columns with a value."""
        return [
            (value, column)
            for col, column in self._columns.get(name, ())
            if (value := unescape_cell(cells[col]).strip())
        ]

    def text(self, cells: list[str], name: str) -> str:
        """The field's value cleaned (clean_text), as a name is."""
        value = self.one(cells, name)[0]
        cleaned = self._texts.get(value)
        if cleaned is None:
            cleaned = self._texts[value] = clean_text(value)
        return cleaned

    def customer(self, line: int, cells: list[str]) -> CustomerRow:
        """The row's customer; BadRows naming every problem in it, so that the file once
        corrected does not stop again at the next one."""
        faults: list[BadRow] = []
        first, last = self.text(cells, "first_name"), self.text(cells, "last_name")
        named = self.text(cells, "name")  # a full name in one column: greeted by its first name
        # A company's contact as Odoo names them, "Asante Consulting, Kwame Asante": the person
        # is greeted; the company is kept as a tag.
        named, company = person_and_company(named)
        full = named or " ".join(p for p in (first, last) if p)
        preferred = (
            self.text(cells, "preferred_name") or first or preferred_from_full(named) or full
        )
        customer_id = self.one(cells, "customer_id")[0]
        if is_placeholder(full or preferred) or is_placeholder(customer_id):
            raise _Placeholder(full or preferred or customer_id)
        if not preferred:
            names = ", ".join(
                self.one(cells, f)[1] for f in ("preferred_name", "first_name", "last_name", "name")
                if f in self._first
            )  # fmt: skip
            faults.append(BadRow("", f"has no name ({names or 'no name column'} empty)"))
        row = CustomerRow(line, preferred, full, pronunciation=self.text(cells, "pronunciation"))
        for raw, column in self.every(cells, "phone"):
            for part in (p.strip() for p in raw.split(";")):
                e164 = self._phone(part) if part else None
                if part and e164 is None:
                    message = f"“{part}” is not a valid phone number for region {self._region}"
                    row.set_aside.append(RowProblem(line, column, message))
                elif e164 and e164 not in {p.e164 for p in row.phones}:
                    row.phones.append(Phone(e164, clean_text(part.lstrip("'"))))
        for raw, column in self.every(cells, "email"):
            for part in (p.strip() for p in _EMAIL_SPLIT.split(raw)):
                email = normalise_email(part) if part else None
                if part and email is None:
                    faults.append(BadRow(column, f"“{part}” is not an email address"))
                if email and email not in row.emails:
                    row.emails.append(email)
        for raw, _ in self.every(cells, "card"):
            codes = (card_code(p) for p in raw.split(";"))
            row.cards += [c for c in codes if c not in row.cards and c]
        if customer_id.startswith("'") and customer_id[1:].isdigit():
            customer_id = customer_id[1:]  # a spreadsheet's way of keeping a long number as text
        row.customer_id = customer_id
        row.greeter_id = _noted(faults, "", self._greeter_id, cells)
        other, column = self.one(cells, "other_ids")
        for part in (p.strip() for p in other.split(";") if p.strip()):
            system, _, value = part.partition(":")
            system = system.strip().casefold()
            if not _SYSTEM.fullmatch(system) or not value.strip():
                faults.append(BadRow(column, f"“{part}” is not system:id (e.g. shopify:1234)"))
            else:
                row.other_ids.append((system, value.strip()))
        if tags := self.one(cells, "tags")[0]:
            row.tags = [t for t in (clean_text(t) for t in tags.split(",")) if t]
        if company and company not in row.tags:
            row.tags.append(company)
        if note := self.one(cells, "note")[0]:
            row.note = clean_lines(note)  # its line breaks kept, unlike the names
        row.birthday = _noted(faults, None, self._birthday, cells)
        row.email_consent = _noted(faults, None, self._flag, cells, "email_consent")
        row.sms_consent = _noted(faults, None, self._flag, cells, "sms_consent")
        created = _noted(faults, None, self._earliest, cells, "created")
        row.created = dt.datetime.fromisoformat(created) if created else None
        if row.set_aside and not faults and not (row.phones or row.emails or row.cards
                                                 or row.customer_id or row.greeter_id
                                                 or row.other_ids):  # fmt: skip
            # Imported without it, they could not be found again when the file is corrected
            # and imported again: a second customer of the same name would be added.
            problem = row.set_aside[0]
            faults.append(BadRow(problem.column, f"{problem.message}, and the row has no other "
                                 "phone, email, card or id to know them by"))  # fmt: skip
        if faults:
            raise BadRows(faults)
        return row

    def _phone(self, text: str) -> str | None:
        """normalise_phone, once for a number that several rows share (a household's)."""
        if text not in self._phones:
            self._phones[text] = normalise_phone(text, self._region)
        return self._phones[text]

    def _greeter_id(self, cells: list[str]) -> str:
        """A Greeter ID as exported, '02d4a1fd1a38-17': a number no row could have is a typo."""
        key, column = self.one(cells, "greeter_id")
        digits = key.rpartition("-")[2]
        if digits.isdigit() and row_number(digits) is None:
            raise BadRow(column, f"“{key}” is not a Greeter ID (expected e.g. 02d4a1fd1a38-17)")
        return key

    def _birthday(self, cells: list[str]) -> Birthday | None:
        value, column = self.one(cells, "birthday")
        return self._date(self._birthdays, value, column, parse_birthday) if value else None

    def _earliest(self, cells: list[str], name: str) -> str | None:
        """The earliest date in the field's columns: a customer is one since the first of
        "Creation Date" and "First Visit" (Square's export has both)."""
        found: list[str] = []
        for value, column in self.every(cells, name):
            stamp = self._date(self._stamps, value, column, parse_stamp)
            if stamp is not None:
                found.append(stamp)
        return min(found, default=None)

    def _date(
        self,
        seen: dict[str, tuple[T | None, str]],
        value: str,
        column: str,
        parse: Callable[[str, str], T],
    ) -> T | None:
        """The date in a cell, read once for all the cells that hold the same text; None for a
        till's way of writing "no date" (0000-00-00); BadRow when it is not a date."""
        if value not in seen:
            try:
                date = None if no_date(value) else parse(value, self._date_order)
                seen[value] = date, ""
            except ValueError as error:
                seen[value] = None, str(error)
        date, problem = seen[value]
        if problem:
            raise BadRow(column, problem)
        return date

    def _flag(self, cells: list[str], name: str) -> bool | None:
        value, column = self.one(cells, name)
        try:
            return parse_flag(value) if value else None
        except ValueError as error:
            raise BadRow(column, str(error)) from None


def _noted(faults: list[BadRow], blank: T, read: Callable[..., T], *args: object) -> T:
    """What `read(*args)` gives, or `blank` when it finds a problem, added to `faults`."""
    try:
        return read(*args)
    except BadRow as bad:
        faults.append(bad)
        return blank
