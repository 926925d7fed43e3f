"""Guarding free text: card numbers never enter the shop's file; sensitive words are flagged."""

from __future__ import annotations

import re

from greeter.core.text import fold

_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d){12,18}")
# 12 to 14 digits (spaces or dashes allowed, "4 006381 333924") with no other digit beside.
_BARCODE = re.compile(r"(?<!\d)(?<!\d[ \-])\d(?:[ \-]?\d){11,13}(?![ \-]?\d)")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def gtin_valid(digits: str) -> bool:
    """Whether the digits are a barcode's with its check digit right: a GTIN (EAN-13, UPC-A,
    GTIN-14; weights 3 and 1 from the right)."""
    if not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(d) * (1 if i % 2 else 3) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == int(digits[-1])


def _barcode_or_run(match: re.Match[str]) -> str:
    return "|" if gtin_valid(re.sub(r"\D", "", match.group(0))) else match.group(0)


def find_card_number(text: str, *, barcodes: bool = False) -> str | None:
    """A Luhn-valid 13–19 digit number (spaces or dashes allowed), masked, or None. With
    `barcodes`, for an item's name ("[4006381333924] Pool Thermometer"), a number of 12 to
    14 digits on its own that is a GTIN is a barcode, not a card number (a 13-digit EAN
    passes Luhn one time in ten); a longer one, or one not a GTIN, is still looked at."""
    if barcodes:
        text = _BARCODE.sub(_barcode_or_run, text)
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        for length in range(min(19, len(digits)), 12, -1):
            for start in range(0, len(digits) - length + 1):
                candidate = digits[start : start + length]
                if luhn_valid(candidate):
                    return f"…{candidate[-4:]}"
    return None


def payment_card_code(code: str) -> str | None:
    """The code, masked, when it is as a whole a payment card number, or None. For card
    codes, where a shop's own loyalty numbers are often as long: 13–19 digits, Luhn-valid,
    and in the ranges card networks use (3 to 6 first, or Mastercard's 2221–2720)."""
    digits = re.sub(r"[ \-]", "", code)
    if not (digits.isascii() and digits.isdigit() and 13 <= len(digits) <= 19):
        return None
    networks = digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720
    return f"…{digits[-4:]}" if networks and luhn_valid(digits) else None


def card_number_message(masked: str) -> str:
    return (
        f"This looks like a payment card number ({masked}). Card numbers must never be "
        "stored in Greeter: remove it and try again."
    )


# -- what notes may hold --

NOTE_GUIDELINE = "Write only what you would be happy for the customer to read."

# Words that suggest a note holds sensitive data (health, religion, sexuality, family, money,
# the law, politics, origin). A match is a warning, never a refusal: "she finds the church
# bells charming" is fine. A trailing * matches any ending ("diabet*": diabetes, diabetic).
DEFAULT_SENSITIVE_WORDS = (
    # health
    "diagnosis, diagnosed, illness, disease, cancer, tumour, tumor, chemo, diabet*, pregnan*, "
    "miscarriage, depressed, depression, anxiety, mental health, psychiatric, therapy, "
    "therapist, medication, prescription, surgery, hospital, disability, disabled, dementia, "
    "alzheimer*, autism, autistic, adhd, hiv, rehab, addiction, alcoholic, "
    # religion and belief
    "religion, religious, church, mosque, synagogue, muslim, islam*, christian, catholic, "
    "protestant, jewish, jew, hindu, sikh, buddhist, atheist, "
    # sexuality and gender
    "sexuality, sexual, gay, lesbian, bisexual, queer, transgender, "
    # family and money
    "divorce, divorced, affair, widowed, debt, debts, bankrupt*, unemployed, welfare, "
    # the law
    "arrest, arrested, prison, jail, criminal, lawsuit, probation, "
    # politics and origin
    "political, politics, ethnicity, immigrant, refugee, asylum"
)

_TOKEN = re.compile(r"[^\W_]+")


def word_list(text: str) -> tuple[str, ...]:
    """The comma-separated words of a setting, cleaned: 'Church, mosque,,' → church, mosque."""
    return tuple(dict.fromkeys(w.strip().lower() for w in text.split(",") if w.strip()))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def sensitive_words_in(text: str, words: str | tuple[str, ...] | list[str]) -> list[str]:
    """The sensitive words (or phrases) the text contains, whole-word, ignoring case and
    accents, in the list's order, as found in the text (folded: "Pregnant" and the entry
    "pregnan*" give "pregnant"). `words` is a list or the comma-separated setting."""
    if isinstance(words, str):
        words = word_list(words)
    tokens = _tokens(text)
    found: list[str] = []
    for word in words:
        prefix = word.strip().endswith("*")
        wanted = _tokens(word)
        if not wanted:
            continue
        n = len(wanted)
        for start in range(len(tokens) - n + 1):
            window = tokens[start : start + n]
            head, last = window[:-1], window[-1]
            if head == wanted[:-1] and (
                last.startswith(wanted[-1]) if prefix else last == wanted[-1]
            ):
                phrase = " ".join(window)
                if phrase not in found:
                    found.append(phrase)
                break
    return found


def sensitive_words_message(found: list[str]) -> str:
    quoted = ", ".join(f"“{w}”" for w in found)
    return (
        f"This note mentions {quoted}, which may be sensitive (health, religion, family, "
        f"money…). {NOTE_GUIDELINE}"
    )
