"""Guarding free text: card numbers never enter the shop's file."""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){12,18}")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def find_card_number(text: str) -> str | None:
    """A Luhn-valid 13–19 digit number (spaces or dashes allowed), masked, or None."""
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        for length in range(min(19, len(digits)), 12, -1):
            for start in range(0, len(digits) - length + 1):
                candidate = digits[start : start + length]
                if luhn_valid(candidate):
                    return f"…{candidate[-4:]}"
    return None


def card_number_message(masked: str) -> str:
    return (
        f"This looks like a payment card number ({masked}). Card numbers must never be "
        "stored in Greeter: remove it and try again."
    )
