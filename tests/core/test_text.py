"""Cleaning names and folding them into the words they are found by."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greeter.core.text import (
    clean_text,
    counted,
    fold,
    in_sentence,
    mention_in,
    names_in_notes,
    preferred_from_full,
    query_words,
    reads_plural,
    search_terms,
)


def test_fold_removes_case_and_accents() -> None:
    assert fold("Zoë") == "zoe"
    assert fold("ÉMILE Dvořák") == "emile dvorak"
    assert fold("Nguyễn") == "nguyen"


def test_joined_names_are_found_whole_and_in_parts() -> None:
    assert search_terms("Siobhán O'Brien-Nakamura") == [
        "siobhan",
        "obriennakamura",
        "o",
        "brien",
        "nakamura",
    ]


def test_typed_words_keep_joined_forms() -> None:
    assert query_words("o'bri") == ["obri"]


def test_bidi_controls_are_stripped_and_text_is_nfc() -> None:
    assert clean_text("Bob\u202e evil") == "Bob evil"
    assert clean_text("Zoe\u0308") == "Zoë"


@given(st.text(max_size=60))
def test_search_terms_are_always_folded_words(text: str) -> None:
    for term in search_terms(text):
        assert term
        assert term == fold(term)
        assert " " not in term


@pytest.mark.parametrize(
    ("full", "preferred"),
    [
        ("Maria Lopez", "Maria"),
        ("Mary-Kate O'Neill", "Mary-Kate"),
        ("Zoë Ångström", "Zoë"),
        ("Cher", "Cher"),
        ("Dr. Ann Lee", "Dr. Lee"),  # a title goes with the family name
        ("Mrs Tremblay", "Mrs Tremblay"),
        ("Lopez, Maria", "Maria"),  # family name first
        ("Ann Lee, PhD", "Ann"),  # not a family name first: two words before the comma
        ("", ""),
    ],
)
def test_a_full_name_gives_the_name_to_greet_them_by(full: str, preferred: str) -> None:
    assert preferred_from_full(full) == preferred


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Oat milk", "oat milk"),  # sentence case: a common noun
        ("Dress shirt", "dress shirt"),
        ("Échelle pliante", "échelle pliante"),
        ('Inner tube 28"', "inner tube"),  # a size at the end is a spec, left out
        ("Inner tube 28''", "inner tube"),
        ("Step ladder 6'", "step ladder"),
        ("Inner tube 15½″", "inner tube"),
        ('Road bike 26" inner tube', "road bike 26-inch inner tube"),  # in words inside it
        ('Dell 27" monitor', "Dell 27-inch monitor"),  # a number after a brand: a model line
        ("iPhone 15", "iPhone 15"),  # a capital inside: a brand
        ("USB cable", "USB cable"),  # an acronym
        ("OAT MILK", "OAT MILK"),  # all capitals: kept as the till has it
        ("Kindle Paperwhite", "Kindle Paperwhite"),
        ("Wi-Fi mesh system", "Wi-Fi mesh system"),
        ("Phone", "phone"),  # one word in sentence case: a common noun too
        ("Échelle", "échelle"),
        ("AirPods", "AirPods"),  # a capital inside, all capitals, a digit: a brand or model
        ("iPad", "iPad"),
        ("USB", "USB"),
        ("X100V", "X100V"),
        ("T-shirt", "T-shirt"),  # a capital letter standing for itself
        ("A-line skirt", "A-line skirt"),
        ("Guinness", "guinness"),  # a brand in sentence case: only a dictionary could tell
        ("90's hits CD", "90's hits CD"),  # an apostrophe, not feet
        ("Mug “Top 10”", "Mug “Top 10”"),  # a closing quote, not inches
        ('28"', "28-inch"),  # nothing left once the size goes: it stays, in words
    ],
)
def test_a_things_name_reads_naturally_inside_a_sentence(name: str, said: str) -> None:
    assert in_sentence(name) == said
    assert not said.endswith(('"', "'", "″"))  # nothing to run into a closing "?"


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("wireless earbuds", True),
        ("running shoes", True),
        ("jeans", True),
        ("trousers", True),
        ("reading glasses", True),
        ("scissors", True),
        ("kids' headphones", True),
        ("T-shirts", True),
        ("AirPods", True),
        ("RUNNING SOCKS", True),  # a till that writes in capitals
        ("wireless mice", True),  # plural without an "s"
        ("dress shirt", False),
        ("evening dress", False),  # "ss"
        ("cactus", False),  # "us"
        ("bus", False),
        ("tennis", False),  # "is"
        ("electronics", False),  # "ics"
        ("clip-on macro lens", False),  # known singulars
        ("camping gas", False),
        ("box set series", False),
        ("news", False),
        ("box of chocolates", False),  # the word before "of", "for", "with" decides
        ("pair of running shoes", False),
        ("shoes for running", True),
        ("Garmin GPS", False),  # an acronym
        ("Kellogg's", False),  # a brand's possessive
        ("Nike Air Max 90", False),
        ("Galaxy A16 5G", False),
        ("AirPods Pro", True),  # a model's suffix leaves the head word to decide
        ("AirPods Max", True),
        ("Galaxy Buds 2 Pro", True),
        ("Pixel Buds Pro 2", True),
        ("Pixel 9 Pro", False),
        ("iPhone 15 Pro Max", False),
        ("Mac mini", False),
        ("Apple Watch Series 9", False),
        ("", False),
    ],
)
def test_a_things_name_says_whether_it_is_one_or_several(name: str, plural: bool) -> None:
    assert reads_plural(name) is plural


def test_counted_takes_a_plural_that_is_not_the_word_and_an_s() -> None:
    assert counted(1, "email address", "email addresses") == "1 email address"
    assert counted(2, "email address", "email addresses") == "2 email addresses"
    assert counted(3, "note") == "3 notes"


@pytest.mark.parametrize(
    ("preferred", "full", "names"),
    [
        ("Aoife", "Aoife Ní Bhriain", ["Aoife Ní Bhriain", "Bhriain", "Aoife"]),
        ("Ann", "Dr. Ann Lee", ["Ann Lee", "Lee", "Ann"]),
        ("Maria", "Lopez, Maria", ["Lopez, Maria", "Lopez", "Maria"]),
        ("Cher", "Cher", ["Cher"]),
        ("Zoë", "", ["Zoë"]),
    ],
)
def test_a_note_may_call_a_customer_by_full_family_or_preferred_name(
    preferred: str, full: str, names: list[str]
) -> None:
    assert names_in_notes(preferred, full) == names


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Every year he buys gifts for Aoife Ní Bhriain at Christmas, always in silver.",
            "…buys gifts for Aoife Ní Bhriain at Christmas, always…",
        ),
        ("Came in with AOIFE NI BHRIAIN.", "Came in with AOIFE NI BHRIAIN"),  # case, accents
        ("Aoife’s sister", "Aoife’s sister"),  # a possessive
        ("Knows the Ní\nBhriain family", "Knows the Ní Bhriain family"),  # over a line break
        ("Likes Aoifeen's shop", None),  # a longer word is another word
        ("Bhriainstown road", None),
        (  # the first that names them whole
            "Not Ní Bhriaina here. Ní Bhriain, though, on and on.",
            "…Ní Bhriaina here. Ní Bhriain, though, on and…",
        ),
    ],
)
def test_a_mention_is_of_whole_words_whatever_their_case_and_accents(
    text: str, found: str | None
) -> None:
    assert mention_in(text, ["Aoife Ní Bhriain", "Ní Bhriain", "Aoife"]) == found
