"""A till's stand-in for no customer ("Walk-in Customer", "WALKIN"): a record anonymous sales
are rung up to, which is nobody to greet."""

from __future__ import annotations

import re

from greeter.core.text import fold

# As tills name them, in English, German, French, Spanish and Italian; compared without
# case, accents, spaces or signs ("Walk-in", "WALKIN" and "Walk In" are one), and with any
# number after ("Guest 2", "CASH01").
_NAMES = (
    "walk in", "walk in customer", "walk in client", "walk in sale", "cash customer",
    "cash sale", "cash sales", "guest", "guest customer", "anonymous", "anonymous customer",
    "unknown customer", "no customer", "default customer", "counter sale",
    "laufkunde", "laufkunden", "laufkundschaft", "barverkauf", "barkunde",
    "client de passage", "client comptoir", "client divers", "client anonyme",
    "cliente de mostrador", "cliente generico", "cliente general", "cliente contado",
    "cliente varios", "cliente anonimo", "consumidor final", "publico en general",
    "cliente occasionale",
)  # fmt: skip
_KEYS = frozenset(name.replace(" ", "") for name in _NAMES)
_SIGNS_AND_NUMBER = re.compile(r"[\W_]+|\d+$")


def is_placeholder(text: str) -> bool:
    """Whether a customer's name or till id is a till's stand-in for no one in particular:
    'Walk-in Customer', 'Cash Customer', 'Laufkunde', 'Cliente genérico', 'WALKIN'. Only the
    whole of it: 'Christopher Guest' is a customer."""
    if not text or len(text) > 40 or text[0].isdigit():  # most ids: at once
        return False
    return _SIGNS_AND_NUMBER.sub("", fold(text.strip())) in _KEYS
