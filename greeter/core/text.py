"""Cleaning names and text as typed, and folding them into search terms."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# Bidi controls let a name display differently from how it is stored (RLO spoofing).
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"), None
)
_WORD = re.compile(r"[^\W_]+(?:['’`.\-][^\W_]+)*")
_JOINERS = re.compile(r"['’`.\-]")
_PART = re.compile(r"[^\W_]+")  # a word, or one part of a joined one (O'Brien, Mary-Kate)
_DOUBLE_QUOTES = '"“”„«»'  # not ' or ’, which are as often apostrophes (O’Brien)
# A size marked in inches or feet (28", 6'), not an apostrophe before a letter (90's) nor
# a closing quote (“Top 10”).
_SIZE_MARK = re.compile(r"([\d½¼¾])\s*(\"|''|″|'|′)(?![^\W\d_])")
_UNIT = {'"': "inch", "''": "inch", "″": "inch", "'": "foot", "′": "foot"}
_SIZE_AT_END = re.compile(r"\s+\S*[\d½¼¾]-(?:inch|foot)$")
# Said before a family name ("Mrs Tremblay", "Dr. Lee"), with or without a full stop.
TITLES = frozenset("mr mrs ms miss mx dr prof sir madam madame mme".split())


def counted(n: int, word: str, plural: str = "") -> str:
    """'1 visit', '2 visits', '1,204 receipts': a count and its word, in the plural if need be
    (`plural` when it is not the word and an "s": 'email addresses')."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def preferred_from_full(full_name: str) -> str:
    """What to call someone known only by their full name: the first word ('Maria Lopez' →
    'Maria', 'Mary-Kate O'Neill' → 'Mary-Kate', 'Cher' → 'Cher'). A title goes with the
    last word ('Dr. Ann Lee' → 'Dr. Lee'), and 'Lopez, Maria' is written family name first.
    What comes after another comma is not a name ('Ann Lee, PhD' → 'Ann')."""
    before, comma, after = full_name.partition(",")
    words = before.split()
    if comma and len(words) == 1 and after.split():
        return after.split()[0]
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else ""


# Words that make a name a business's: legal forms (dots aside: "S.A.R.L." is "sarl") and
# what businesses call themselves. Never a given name, and not a family name written first.
_COMPANY_WORDS = frozenset(
    "ltd limited inc incorporated llc llp plc corp corporation co company gmbh ag kg ug ohg "
    "sarl sas srl sl bv pty pte consulting consultants consultancy services solutions group "
    "holdings enterprises associates partners sons trading industries international studio "
    "studios shop store boutique bakery cafe restaurant hotel salon agency spa pools "
    "construction contracting properties realty farm farms club &".split()
)
_COMPANY_TOKEN = re.compile(r"[^\W_]+|&")
# What follows a name after a comma ('Ann Lee, PhD', 'John Smith, Jr.'): not a person.
_AFTER_A_NAME = frozenset("jr sr ii iii iv phd md dds cpa esq mba msc bsc".split())


def _company_words(text: str) -> list[str]:
    return _COMPANY_TOKEN.findall(fold(text).replace(".", ""))


def person_and_company(full_name: str) -> tuple[str, str]:
    """A contact of a company as Odoo names them, company first ('Asante Consulting, Kwame
    Asante' → ('Kwame Asante', 'Asante Consulting')); any other name as it is, with no
    company. Only a part before the comma of two words or more, one of them a business's
    ('Consulting', 'Ltd', 'GmbH', '&'), is a company: 'Nguyen, Lan' and 'van der Berg, Anna'
    are written family name first, and 'Acme Consulting, Inc.' or 'Ann Lee, PhD' are one
    name with what follows it."""
    before, comma, after = full_name.partition(",")
    if not comma:  # most names: at once
        return full_name, ""
    words = _company_words(before)
    if (
        len(words) > 1
        and _COMPANY_WORDS.intersection(words)
        and _PART.search(after)
        and not _COMPANY_WORDS.intersection(_company_words(after))
        and fold(after).replace(".", "").split()[0] not in _AFTER_A_NAME
    ):
        return after.strip(), before.strip()
    return full_name, ""


def in_sentence(name: str) -> str:
    """A thing's name as it reads inside a sentence ("How is the …?").

    A size in inches or feet is said in words ('Dell 27" monitor' → 'Dell 27-inch monitor'),
    and left out at the end, like any other spec ('Inner tube 28"' → 'Inner tube'): a mark
    there would run into the closing question mark. A name in sentence case, with one capital
    that begins it, is a common noun and is lower-cased ('Oat milk' → 'oat milk', 'Phone' →
    'phone'). Any other capital marks a brand, a model or an acronym ('iPhone 15', 'AirPods',
    'Kindle Paperwhite', 'USB cable'), as do a digit in a name of one word ('X100V') and a
    number straight after the first word ('Dell 27-inch monitor'): those are kept as they are,
    and so is a capital letter standing for itself ('T-shirt', 'A-line skirt'). A brand in
    sentence case ('Guinness', 'Dell monitor') reads like a common noun and is lower-cased
    too: only a dictionary could tell them apart.
    """
    text = _SIZE_MARK.sub(lambda m: f"{m[1]}-{_UNIT[m[2]]}", name.strip())
    text = _SIZE_AT_END.sub("", text) or text
    words = text.split()
    if not words:
        return text
    model = words[0] if len(words) == 1 else words[1][0]  # 'X100V', 'Dell 27-inch monitor'
    if (
        text[0].isupper()
        and not any(c.isupper() for c in text[1:])
        and not any(c.isdigit() for c in model)
        and text[1:2] != "-"  # 'T-shirt'
    ):
        text = text[0].lower() + text[1:]
    return text


def quoted(text: str) -> str:
    """“text”, in quotes, unless it has double quotes of its own: quotes around quotes read
    as clutter (say LAHN (family name Nguyễn: “nwen”), not say “LAHN (… “nwen”)”)."""
    return text if any(mark in text for mark in _DOUBLE_QUOTES) else f"“{text}”"


def pin_command(name: str) -> str:
    """The command that sets `name`'s PIN, ready to paste into a terminal: a name with a space
    or other signs is put in double quotes, which every shell reads (Hélène Tremblay)."""
    plain = re.fullmatch(r"[\w.\-]+", name) is not None
    return f"greeter staff pin {name}" if plain else f'greeter staff pin "{name}"'


def clean_text(text: str) -> str:
    """NFC-normalise, drop bidi controls, and collapse runs of whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)
    return " ".join(text.split())


def clean_lines(text: str) -> str:
    """clean_text for text kept on several lines (a note): each line cleaned on its own, any
    line ending read as a newline, blank lines dropped at either end and kept single between
    paragraphs."""
    lines = [clean_text(line) for line in text.splitlines()]
    kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    return "\n".join(kept).strip("\n")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Zoë' → 'zoe', 'Straße' → 'strasse'."""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    # NFKD both before and after casefold: '𝐀' only becomes 'a' once it is an 'A'.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(text: str) -> list[str]:
    """The folded words a name is found by. "O'Brien" gives 'obrien' and 'o', 'brien'.

    A joined word is indexed whole and in parts, so 'obri', 'brien' and "o'bri" all find it.
    """
    terms: list[str] = []
    for match in _WORD.finditer(fold(clean_text(text))):
        word = match.group(0)
        joined = _JOINERS.sub("", word)
        for term in (joined, *_JOINERS.split(word)):
            if term and term not in terms:
                terms.append(term)
    return terms


def names_in_notes(preferred: str, full: str) -> list[str]:
    """What a note may call a customer by, each once: their full name without a title ('Dr.
    Ann Lee' → 'Ann Lee'), their family name (its last word, or the word before a comma:
    'Lopez, Maria') and their preferred name."""
    before, _, _ = full.partition(",")
    words = full.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    family = before.split()[-1:] if before.split() else []
    found: list[str] = []
    for name in (" ".join(words), *family, preferred.strip()):
        if _PART.search(name) and fold(name) not in map(fold, found):
            found.append(name)
    return found


@functools.lru_cache(maxsize=64)  # the same few names, looked for in every note
def _folded_words(name: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _PART.findall(name))


def mention_in(text: str, names: Sequence[str], around: int = 3) -> str | None:
    """The words of `text` around the first of `names` it names as whole words, whatever
    their case and accents ('…gifts for Aoife Ní Bhriain every…'), or None: "Aoife's" names
    Aoife, 'Aoifeen' does not."""
    folded = fold(text)
    parts: list[re.Match[str]] = []
    words: list[str] = []
    for name in names:
        wanted = _folded_words(name)
        if not wanted or wanted[-1] not in folded:  # most notes: no need to split them
            continue
        if not parts:
            text = clean_text(text)
            parts = list(_PART.finditer(text))
            words = [fold(part.group(0)) for part in parts]
        for i in range(len(parts) - len(wanted) + 1):
            if tuple(words[i : i + len(wanted)]) == wanted:
                first = parts[max(0, i - around)]
                last = parts[min(len(parts), i + len(wanted) + around) - 1]
                before = "…" if text[: first.start()].strip() else ""
                after = "…" if text[last.end() :].strip(" .,;:!?") else ""
                return f"{before}{text[first.start() : last.end()]}{after}"
    return None


def query_words(text: str) -> list[str]:
    """The folded words typed into the search box, joined forms only ("o'bri" → 'obri')."""
    return [_JOINERS.sub("", m.group(0)) for m in _WORD.finditer(fold(clean_text(text)))]


# A noun's plural ends in "s"; these endings are singulars (dress, cactus, tennis, physics).
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics")
_SINGULAR_WITH_S = frozenset("lens gas canvas atlas thermos series news species".split())
_PLURAL_WITHOUT_S = frozenset("mice dice skis children people".split())
# The head of "Box of chocolates" or "Perfume for her" is the word before the preposition.
_AFTER_THE_HEAD = re.compile(r"\s(?:of|for|with|in|on|from|to|by)\s.*", re.IGNORECASE)
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# "AirPods Pro", "Galaxy Buds 2": a model's suffix after the head word, which still decides.
_MODEL_SUFFIX = re.compile(r"(?:\s+(?:pro|max|mini|plus|lite|ultra|\d{1,2}))+$", re.IGNORECASE)


def reads_plural(name: str) -> bool:
    """Whether a thing's name, as said ('running shoes', 'box of chocolates'), takes "are".

    Its head word decides: the last word, or the last one before "of", "for", "with"…. A
    plain word ending in "s" is plural ('earbuds', 'jeans', 'glasses', 'T-shirts') unless it
    ends in "ss", "us", "is" or "ics" ('dress', 'cactus', 'tennis', 'electronics') or is a
    known singular ('lens', 'series'). A few plurals have no "s" ('mice'). A word of up to
    three capitals is an acronym ('GPS'), a possessive a brand ("Kellogg's"); a number or a
    model ('Galaxy A16 5G') is one thing. A model's suffix after the head word leaves it to
    decide ('AirPods Pro', 'Galaxy Buds 2 Pro' are several; 'Pixel 9 Pro' is one).
    """
    words = _MODEL_SUFFIX.sub("", _AFTER_THE_HEAD.sub("", name.strip())).split()
    if not words:
        return False
    word = words[-1]
    if len(word) <= 3 and word.isupper():
        return False
    word = word.lower()
    if word in _PLURAL_WITHOUT_S:
        return True
    return (
        _PLAIN_WORD.fullmatch(word) is not None
        and word.endswith("s")
        and not word.endswith(_SINGULAR_ENDINGS)
        and word not in _SINGULAR_WITH_S
    )
