"""How a link reads on both customers' cards: Kwame typed the label for Zoë."""

from __future__ import annotations

import pytest

from greeter.core.links import reading
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
        ("buys for", "buys for Zoë", "bought for by Kwame"),
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
