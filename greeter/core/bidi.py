"""Customers' own words inside Greeter's sentences, each read in its own direction.

An Arabic or Hebrew name at the start of "… · customer since November 2026" would turn the
whole line right-to-left, its parts in reverse order, and a date after it ("سمير, 23 Nov")
would be read as part of the name. Isolating each piece of customer text (FSI … PDI, Unicode's
first-strong isolate) keeps it whole and leaves the line to the words around it. Names and
notes never hold these marks themselves: `clean_text` strips bidi controls as they are typed.
"""

from __future__ import annotations

import unicodedata

FSI = "\u2068"  # FIRST STRONG ISOLATE: what follows reads in its own direction…
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: …up to here
_MARKS = dict.fromkeys(map(ord, FSI + PDI), None)
_OPENS = frozenset(("LRI", "RLI", "FSI"))


def isolate(text: str) -> str:
    """`text` as one piece inside a sentence, in its own direction ("" stays "")."""
    return f"{FSI}{text}{PDI}" if text else ""


def unmarked(text: str) -> str:
    """`text` without the isolates: as said aloud, typed in a terminal, or read by a script."""
    return text.translate(_MARKS)


def right_to_left(text: str) -> bool:
    """Whether `text` reads right to left, as Qt decides where to align it: by its first
    letter with a direction (Arabic, Hebrew: yes; Latin: no), passing over isolated pieces."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _OPENS:
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False
