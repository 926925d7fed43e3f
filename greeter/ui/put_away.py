"""Notes and follow-ups closed unsaved (Esc, Cancel, Ctrl+H), kept for the next Ctrl+N or
Ctrl+P on that customer's card by the same person. Only in memory, only while the window is
open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

# A customer (their number, and when they were added: a number freed by an erasure or a merge
# can be given to someone new) and who writes about them.
NoteFor = tuple[int, dt.datetime | None, int]
Draft = TypeVar("Draft")


class PutAway(dict[NoteFor, Draft]):
    """What was typed, by whose it is; `join` puts two together when a merge brings one onto
    a card where the same person's is waiting."""

    def __init__(self, join: Callable[[Draft, Draft], Draft]) -> None:
        super().__init__()
        self._join = join

    def forget(self, gone: Callable[[NoteFor], bool]) -> None:
        for whose in [w for w in self if gone(w)]:
            del self[whose]

    def move(self, merged_id: int, kept: tuple[int, dt.datetime | None]) -> None:
        """What was typed about a customer merged away waits on the card kept, after what the
        same person typed there, if anything."""
        for whose in [w for w in self if w[0] == merged_id]:
            draft = self.pop(whose)
            there = (*kept, whose[2])
            waiting = self.get(there)
            self[there] = draft if waiting is None else self._join(waiting, draft)
