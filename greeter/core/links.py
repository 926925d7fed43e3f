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
    "bought for by": "buys for",  # "buys for" reads as a verb: Ingrid "buys for them"
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
    "friends with",
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


# The last word of a label such as "accountant for", dropped when it reads as a role.
_PREPOSITIONS = frozenset("of for to with at from in on by like about".split())
_NOUNS_IN_ING = ("sibling", "offspring", "darling", "king")


def clean_label(label: str) -> str:
    return clean_text(label).lower()


def reading(label: str, outgoing: bool) -> tuple[str, str]:
    """What reads before and after the other customer's name on this customer's card.

    Outgoing: the label as typed, "buys for" Felix. Incoming: its inverse when known, "child
    of" Ingrid for "mother of". Otherwise, a label naming what the other customer is reads as
    that role: Kwame typed "accountant for" Zoë reads "accountant:" Kwame on her card. A label
    that starts with a verb reads the way it was typed, the other's name leading and "them"
    standing for this customer: Ingrid "buys for them", Kwame "refers customers like them",
    "is related to them".
    """
    label = clean_label(label)
    if outgoing:
        return label, ""
    inverse = _INVERSES.get(label)
    if inverse:
        return inverse, ""
    words = label.split()
    said_is = words[0] == "is" and len(words) > 1
    rest = words[1:] if said_is else words
    if _being(rest) or (said_is and _doing(rest[0])):
        return "", f"is {' '.join(rest)} them"  # "dating", "related to", "is friends with"
    if _doing(rest[0]):
        return "", f"{label} them"  # "refers customers like", "looks after", "referred"
    return f"{_role(rest)}:", ""  # "accountant for", "is godmother of", "boss"


def _being(words: list[str]) -> bool:
    """What someone is, read after "is": "dating", "related to", "employed by"."""
    first = words[0]
    if first.endswith("ing"):
        return not first.endswith(_NOUNS_IN_ING)
    return first.endswith("ed") and first != "used" and words[1:2] in (["to"], ["by"], ["with"])


def _doing(word: str) -> bool:
    """A verb as labels are typed: "refers", "lives", "referred"; not "boss" or "bus"."""
    return word.endswith("ed") or (word.endswith("s") and not word.endswith(("ss", "us")))


def _role(words: list[str]) -> str:
    """What the other customer is to this one: "accountant for" and "the boss of" name an
    accountant and a boss."""
    if words[0] in ("a", "an", "the") and len(words) > 1:
        words = words[1:]
    if len(words) > 1 and words[-1] in _PREPOSITIONS:
        words = words[:-1]
    return " ".join(words)
