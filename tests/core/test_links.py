"""How a link reads on both customers' cards: Kwame typed the label for Zoë."""

from __future__ import annotations

import pytest

from greeter.core.links import _INVERSES, _SYMMETRIC, reading
from greeter.core.models import Link


def both_cards(label: str) -> tuple[str, str]:
    """The line on Kwame's card (he is the one the label was typed for), then on Zoë's."""
    lines = []
    for outgoing, other in ((True, "Zoë"), (False, "Kwame")):
        wording, after = reading(label, outgoing)
        lines.append(Link(1, label, outgoing, 2, other, wording, after).text())
    return lines[0], lines[1]


@pytest.mark.parametrize(
    ("label", "on_kwames_card", "on_zoes_card"),
    [
        # known inverses and symmetric labels: unchanged
        ("mother of", "mother of Zoë", "child of Kwame"),
        ("buys for", "buys for Zoë", "Kwame buys for them"),
        ("works for", "works for Zoë", "employer of Kwame"),
        ("neighbour of", "neighbour of Zoë", "neighbour of Kwame"),
        ("friends with", "friends with Zoë", "friends with Kwame"),
        # a noun: what Kwame is to her, without her own name on her own card
        ("accountant for", "accountant for Zoë", "accountant: Kwame"),
        ("boss of", "boss of Zoë", "boss: Kwame"),
        ("Godmother of", "godmother of Zoë", "godmother: Kwame"),
        ("is the tutor to", "is the tutor to Zoë", "tutor: Kwame"),
        ("bus driver for", "bus driver for Zoë", "bus driver: Kwame"),
        ("step-sibling of", "step-sibling of Zoë", "step-sibling: Kwame"),
        ("emergency contact", "emergency contact Zoë", "emergency contact: Kwame"),
        # a verb: Kwame does it, "them" standing for her
        ("refers customers like", "refers customers like Zoë", "Kwame refers customers like them"),
        ("looks after", "looks after Zoë", "Kwame looks after them"),
        ("has a key for", "has a key for Zoë", "Kwame has a key for them"),
        ("referred", "referred Zoë", "Kwame referred them"),
        ("used to work with", "used to work with Zoë", "Kwame used to work with them"),
        # what Kwame is, said with "is"
        ("related to", "related to Zoë", "Kwame is related to them"),
        ("employed by", "employed by Zoë", "Kwame is employed by them"),
        ("dating", "dating Zoë", "Kwame is dating them"),
        ("is friends with", "is friends with Zoë", "Kwame is friends with them"),
    ],
)
def test_a_link_reads_naturally_on_both_cards(
    label: str, on_kwames_card: str, on_zoes_card: str
) -> None:
    assert both_cards(label) == (on_kwames_card, on_zoes_card)


# Every label with a known inverse, and how it reads on the other customer's card (Zoë's).
ON_THE_OTHER_CARD = {
    "mother of": "child of Kwame",
    "father of": "child of Kwame",
    "parent of": "child of Kwame",
    "son of": "parent of Kwame",
    "daughter of": "parent of Kwame",
    "child of": "parent of Kwame",
    "grandmother of": "grandchild of Kwame",
    "grandfather of": "grandchild of Kwame",
    "grandparent of": "grandchild of Kwame",
    "grandchild of": "grandparent of Kwame",
    "aunt of": "niece or nephew of Kwame",
    "uncle of": "niece or nephew of Kwame",
    "employer of": "works for Kwame",
    "works for": "employer of Kwame",
    "manager of": "managed by Kwame",
    "managed by": "manager of Kwame",
    "carer of": "cared for by Kwame",
    "cared for by": "carer of Kwame",
    "bought for by": "buys for Kwame",
    "sister of": "sibling of Kwame",
    "brother of": "sibling of Kwame",
    "wife of": "spouse of Kwame",
    "husband of": "spouse of Kwame",
}


@pytest.mark.parametrize(("label", "on_zoes_card"), ON_THE_OTHER_CARD.items())
def test_every_known_inverse_reads_naturally_from_the_other_side(
    label: str, on_zoes_card: str
) -> None:
    assert both_cards(label) == (f"{label} Zoë", on_zoes_card)


def test_every_known_inverse_is_in_the_table_above() -> None:
    """A label given an inverse gets a line here too, and so a look at how it reads."""
    assert set(_INVERSES) - set(_SYMMETRIC) == set(ON_THE_OTHER_CARD)
