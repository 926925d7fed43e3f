"""Customers' words inside Greeter's sentences: isolated, and where a text is aligned."""

from __future__ import annotations

import pytest

from greeter.core.bidi import isolate, right_to_left, unmarked


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("تحب الهواتف — likes big phones", True),  # an Arabic note starts on the right
        ("likes big phones — تحب الهواتف", False),
        ("שרה לוי", True),
        ("23, שרה", True),  # digits and commas have no direction of their own
        ("", False),
        (f"{isolate('فاطمة الزهراء')} · customer since November 2026", False),
        (f"{isolate('سمير')}, 23 Nov", False),
    ],
)
def test_a_text_reads_right_to_left_by_its_first_letter_outside_isolated_words(
    text: str, rtl: bool
) -> None:
    assert right_to_left(text) is rtl


def test_isolating_adds_only_marks_that_are_taken_away_again() -> None:
    assert isolate("") == ""
    line = f"taken by {isolate('Hélène')}, {isolate('سمير')}"
    assert unmarked(line) == "taken by Hélène, سمير"
