"""Argument types the subcommands share: ids of rows, as SQLite can hold them."""

from __future__ import annotations

import argparse
from collections.abc import Callable

# SQLite's INTEGER is 64-bit and ids start at 1: a number outside this range names no row,
# and passing it to SQLite would fail with OverflowError instead of "there is none".
LARGEST_ID = 2**63 - 1


def row_id(what: str) -> Callable[[str], int]:
    """An argparse `type` for the id of a `what` (customer, note, follow-up)."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"a {what} id is a whole number like 17, not “{text}”"
            ) from None
        if not 1 <= number <= LARGEST_ID:
            raise argparse.ArgumentTypeError(f"there is no {what} with id {text}")
        return number

    return parse


customer_id = row_id("customer")
note_id = row_id("note")
follow_up_id = row_id("follow-up")
