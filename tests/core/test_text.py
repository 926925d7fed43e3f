"""Cleaning names and folding them into the words they are found by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from greeter.core.text import clean_text, fold, query_words, search_terms


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
