"""Words the card is made of: phones the shop's way, quotes not nested, receipts summed up."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.identify import shown_phone
from greeter.core.models import Phone, Purchase, PurchaseLine
from greeter.core.text import quoted


@pytest.mark.parametrize(
    ("region", "e164", "shown"),
    [
        ("CA", "+16135550142", "(613) 555-0142"),
        ("US", "+16135550142", "(613) 555-0142"),  # one country code: dialled as at home
        ("CA", "+442079460321", "+44 20 7946 0321"),
        ("GB", "+442079460321", "020 7946 0321"),
        ("GB", "+16135550142", "+1 613-555-0142"),
    ],
)
def test_a_phone_is_national_at_home_and_international_otherwise(
    region: str, e164: str, shown: str
) -> None:
    assert shown_phone(Phone(e164, "as typed"), region) == shown


def test_a_phone_the_library_cannot_read_is_shown_as_typed() -> None:
    assert shown_phone(Phone("not a number", "ext. 12"), "CA") == "ext. 12"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("LEE-sa", "“LEE-sa”"),
        ("o-BRY-en, as in O’Brien's", "“o-BRY-en, as in O’Brien's”"),  # apostrophes are not quotes
        ("LAHN (family name Nguyễn: “nwen”)", "LAHN (family name Nguyễn: “nwen”)"),
        ('say "ZOH-ee"', 'say "ZOH-ee"'),
    ],
)
def test_quotes_are_not_put_around_quotes(text: str, shown: str) -> None:
    assert quoted(text) == shown


def receipt(*lines: tuple[str, float]) -> Purchase:
    return Purchase(
        1,
        dt.datetime(2026, 11, 1, 10),
        0,
        "CAD",
        "R1",
        tuple(PurchaseLine(item, qty, 100) for item, qty in lines),
    )


@pytest.mark.parametrize(
    ("lines", "summary"),
    [
        ([('Inner tube 28"', 1), ('Inner tube 28"', 1)], '2× Inner tube 28"'),
        ([("Kettle", 1), ("Tea", 3), ("Kettle", 2)], "3× Kettle, 3× Tea"),  # first place kept
        ([("Apples (kg)", 0.5), ("Apples (kg)", 0.25)], "0.75× Apples (kg)"),
        ([("Mug", 1), ("Mug", -1)], "Mug, -1× Mug"),  # a return is not netted into "0× Mug"
        ([("Mug", 1), ("Cup", 1)], "Mug, Cup"),
    ],
)
def test_identical_lines_on_a_receipt_are_summed_up(
    lines: list[tuple[str, float]], summary: str
) -> None:
    assert receipt(*lines).items_summary == summary
