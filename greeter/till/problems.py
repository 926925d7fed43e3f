"""What can go wrong in an import, said the way the shop can act on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from greeter.store.errors import Invalid, StoreError


@dataclass(frozen=True)
class RowProblem:
    """One bad row: its first line in the file, the column at fault and what is wrong."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


def in_reading_order(problems: Iterable[RowProblem], header: Sequence[str]) -> list[RowProblem]:
    """By line, and within a line by column from left to right (a whole row's first)."""
    where = {name: n for n, name in reversed(list(enumerate(header)))}
    return sorted(problems, key=lambda p: (p.line, where.get(p.column, -1)))


class ImportRefused(Invalid):
    """The file cannot be imported as it is; nothing was written. `on_screen` is why, for a
    screen others may see (the watched folder's banner): without what the message quotes of
    the file's cells; "" when the message quotes none."""

    def __init__(self, message: str, on_screen: str = "") -> None:
        super().__init__(message)
        self.on_screen = on_screen


class WrongKind(ImportRefused):
    """The file plainly holds the other kind (sales imported as customers, or the other way
    round); nothing was written. The message ends by saying to import it as `kind`; on the
    command line, with the command that does (see `for_command`)."""

    def __init__(self, why: str, kind: str, otherwise: str = "") -> None:
        super().__init__(f"{why} Import it as {kind}.")
        self.why = why
        self.kind = kind
        self.otherwise = otherwise  # what else to do, said on the command line only

    def for_command(self, file: str) -> str:
        """The message with the command that imports `file` (as typed) as what it holds."""
        otherwise = f" ({self.otherwise})" if self.otherwise else ""
        return f"{self.why} Import it as {self.kind}: greeter import {self.kind} {file}{otherwise}"


class ImportCancelled(StoreError):
    """Someone pressed Cancel; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


class BadRow(Exception):
    """Raised while reading one row; becomes a RowProblem."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class BadRows(Exception):
    """Every problem found in one row."""

    def __init__(self, problems: list[BadRow]) -> None:
        super().__init__("; ".join(b.message for b in problems))
        self.problems = problems
