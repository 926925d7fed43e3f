"""How a link between two customers reads from each side: "mother of" ↔ "child of"."""

from __future__ import annotations

from greeter.core.text import clean_text

# Labels whose other side has a natural wording. Symmetric ones map to themselves.
_INVERSES: dict[str, str] = {
    "mother of": "child of",
    "father of": "child of",
    "parent of": "child of",
    "son of": "parent of",
    "daughter of": "parent of",
    "child of": "parent of",
    "grandmother of": "grandchild of",
    "grandfather of": "grandchild of",
    "grandparent of": "grandchild of",
    "grandchild of": "grandparent of",
    "aunt of": "niece or nephew of",
    "uncle of": "niece or nephew of",
    "employer of": "works for",
    "works for": "employer of",
    "manager of": "managed by",
    "managed by": "manager of",
    "carer of": "cared for by",
    "cared for by": "carer of",
    "buys for": "bought for by",
    "bought for by": "buys for",
    "sister of": "sibling of",
    "brother of": "sibling of",
    "wife of": "spouse of",
    "husband of": "spouse of",
}
_SYMMETRIC = (
    "colleague of",
    "partner of",
    "spouse of",
    "married to",
    "sibling of",
    "friend of",
    "neighbour of",
    "neighbor of",
    "cousin of",
    "business partner of",
    "same household as",
)
_INVERSES.update({label: label for label in _SYMMETRIC})

# Offered as suggestions while typing; any other label is fine too.
SUGGESTED_LABELS = (
    "buys for",
    "mother of",
    "father of",
    "parent of",
    "partner of",
    "sibling of",
    "colleague of",
    "works for",
    "friend of",
)


def clean_label(label: str) -> str:
    return clean_text(label).lower()


def reading(label: str, outgoing: bool, own_name: str) -> tuple[str, str]:
    """What reads before and after the other customer's name on this customer's card.

    Outgoing: the label as typed, "buys for" Felix. Incoming: its inverse when known,
    "child of" Ingrid. Otherwise the other's name leads and this customer's name ends the
    line, so an unknown label still reads the way it was typed: Kwame "refers customers like
    Lan"; Ingrid "is godmother of Felix" (a label ending in "of" names what they are).
    """
    label = clean_label(label)
    if outgoing:
        return label, ""
    inverse = _INVERSES.get(label)
    if inverse:
        return inverse, ""
    verb = "is " if label.endswith(" of") and not label.startswith(("is ", "was ")) else ""
    return "", f"{verb}{label} {own_name}"
