"""What can go wrong in an import, said the way the shop can act on it."""

from __future__ import annotations

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


class ImportRefused(Invalid):
    """The file cannot be imported as it is; nothing was written."""


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
