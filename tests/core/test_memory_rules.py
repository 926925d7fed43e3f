"""The shop's memory as pure rules: auto-tags, staleness, sensitive words, links, drafts."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.badges import compute_badges, describe_rules, vip_places, vip_threshold
from greeter.core.customer_form import (
    CustomerDraft,
    DraftProblem,
    clean_draft,
    draft_problems,
    name_similarity,
    parse_birthday,
)
from greeter.core.guard import (
    DEFAULT_SENSITIVE_WORDS,
    NOTE_GUIDELINE,
    sensitive_words_in,
    word_list,
)
from greeter.core.links import reading
from greeter.core.models import Birthday, Note, Preference, Tag, VisitStats
from greeter.core.notes import is_stale, mark_stale
from greeter.core.preferences import after_saving, before_saving
from greeter.core.settings import ShopSettings
from tests.helpers import TODAY

RULES = ShopSettings(
    regular_min_visits=5,
    regular_window_days=180,
    vip_min_spend_last_year=1000,
    vip_top_percent=10,
    lapsed_after_days=120,
    new_within_days=30,
)


def at(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10))


# (visits, visits in window, first seen days ago, last seen days ago, spend, threshold) → badges
AUTO_TAGS = [
    ("regular", 7, 7, 300, 3, 0, None, {"Regular"}),
    ("too few recent visits", 7, 4, 300, 3, 0, None, set()),
    ("lapsed regular", 11, 0, 900, 200, 0, None, {"Lapsed"}),
    ("lapsed needs enough visits in all", 2, 0, 900, 200, 0, None, set()),
    ("new", 1, 1, 5, 5, 0, None, {"New"}),
    ("new ends after 30 days", 1, 1, 31, 31, 0, None, set()),
    ("vip over the floor, no ranking yet", 3, 3, 100, 3, 125000, None, {"VIP"}),
    ("vip in the top 10%", 3, 3, 100, 3, 125000, 120000, {"VIP"}),
    ("over the floor but not in the top", 3, 3, 100, 3, 125000, 300000, set()),
    ("in the top but under the floor", 3, 3, 100, 3, 50000, 40000, set()),
    ("regular and vip", 9, 9, 400, 1, 500000, 300000, {"Regular", "VIP"}),
]


@pytest.mark.parametrize(
    ("case", "visits", "in_window", "first", "last", "spend", "threshold", "expected"),
    AUTO_TAGS,
    ids=[c[0] for c in AUTO_TAGS],
)
def test_auto_tag_rules(
    case: str,
    visits: int,
    in_window: int,
    first: int,
    last: int,
    spend: int,
    threshold: int | None,
    expected: set[str],
) -> None:
    stats = VisitStats(
        visits=visits,
        visits_in_window=in_window,
        first_visit=at(first),
        last_visit=at(last),
        spend_last_year_cents=spend,
    )
    badges = compute_badges(stats, None, TODAY, RULES, vip_threshold_cents=threshold)
    assert {b.name for b in badges} == expected
    assert all(b.reason.startswith(b.name) for b in badges)


def test_vip_reason_says_top_percent_when_ranked() -> None:
    stats = VisitStats(visits=1, spend_last_year_cents=125000)
    [vip] = compute_badges(stats, None, TODAY, RULES, "$1,250.00", vip_threshold_cents=100)
    assert vip.reason == "VIP: spent $1,250.00 in the last 12 months (top 10% of customers)"
    off = ShopSettings(vip_top_percent=0)
    [vip] = compute_badges(stats, None, TODAY, off, "$1,250.00", vip_threshold_cents=10**9)
    assert vip.reason == "VIP: spent $1,250.00 in the last 12 months"


@pytest.mark.parametrize(
    ("spenders", "percent", "places"),
    [(0, 10, 0), (1, 10, 1), (9, 10, 1), (10, 10, 1), (11, 10, 2), (200, 10, 20), (5, 0, 0)],
)
def test_vip_places(spenders: int, percent: int, places: int) -> None:
    assert vip_places(spenders, percent) == places


def test_vip_threshold_is_the_last_top_spend() -> None:
    spends = [100, 5000, 300, 800, 50, 20, 10, 4000, 70, 60, 90]
    assert vip_threshold(spends, 10) == 4000  # 11 spenders: the top 2
    assert vip_threshold(spends, 100) == 10
    assert vip_threshold([], 10) is None
    assert vip_threshold(spends, 0) is None


def test_manual_tags_say_who_and_when() -> None:
    tags = [
        Tag(1, "Wholesale", "Priya", dt.datetime(2026, 3, 3, 9)),
        Tag(1, "From the web shop"),
    ]
    badges = compute_badges(VisitStats(), None, TODAY, RULES, tags=tags)
    assert [(b.name, b.manual) for b in badges] == [
        ("Wholesale", True),
        ("From the web shop", True),
    ]
    assert badges[0].reason == "Wholesale: Tagged by Priya on 3 March 2026"
    assert "import" in badges[1].reason


def test_rules_are_described_in_words() -> None:
    words = {b.name: b.reason for b in describe_rules(RULES, "$1,000")}
    assert words["Regular"].startswith("at least 5 visits in the last 180 days")
    assert "top 10%" in words["VIP"] and "$1,000" in words["VIP"]
    assert words["Lapsed"] == "at least 5 visits in all, but none in the last 120 days"
    assert words["New"].startswith("a customer for 30 days or less")


def note(created: dt.datetime, **kw: object) -> Note:
    return Note(1, 1, "Likes the blue case", "Priya", created, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("created", "edited", "confirmed", "days", "stale"),
    [
        (at(400), None, None, 365, True),
        (at(365), None, None, 365, True),
        (at(364), None, None, 365, False),
        (at(400), at(10), None, 365, False),  # an edit re-dates it
        (at(400), None, at(3), 365, False),  # so does "still true"
        (at(4000), None, None, 0, False),  # 0 switches the question off
    ],
)
def test_stale_notes(
    created: dt.datetime,
    edited: dt.datetime | None,
    confirmed: dt.datetime | None,
    days: int,
    stale: bool,
) -> None:
    n = note(created, edited=edited, confirmed=confirmed)
    assert is_stale(n, TODAY, days) is stale
    assert mark_stale([n], TODAY, days)[0].stale is stale


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She is PREGNANT with twins", ["pregnant"]),
        ("Just diagnosed with diabetes", ["diagnosed", "diabetes"]),
        ("Goes to the Église on Sundays; the church choir", ["church"]),
        ("Loves the Churchill biography", []),  # whole words only
        ("Works in mental health", ["mental health"]),
        ("Likes mental arithmetic puzzles", []),
        ("Prefers “miss”; likes the blue case", []),
        ("Recently DIVORCÉD", ["divorced"]),  # case and accents fold
    ],
)
def test_sensitive_words(text: str, found: list[str]) -> None:
    assert sensitive_words_in(text, DEFAULT_SENSITIVE_WORDS) == found


def test_sensitive_words_list_is_editable_text() -> None:
    assert word_list(" Church, MOSQUE,, synagogue ,") == ("church", "mosque", "synagogue")
    assert sensitive_words_in("Zoë's mosque", "mosque") == ["mosque"]
    assert sensitive_words_in("Café owner", ["cafe"]) == ["cafe"]
    assert sensitive_words_in("anything", "") == []
    assert NOTE_GUIDELINE.startswith("Write only")


def test_f4_says_which_preference_a_save_replaces_and_what_it_was() -> None:
    milk = Preference(1, 7, "Milk", "oat", dt.datetime(2026, 11, 1, 10), "Priya")
    assert before_saving([milk], "Shoe size", "11", None) == ""
    assert before_saving([milk], "MILK", "", None) == (
        "Now “Milk: oat”. The value you type replaces it."
    )
    assert before_saving([milk], "milk", "oat", None) == "Already “Milk: oat”."
    assert before_saving([milk], "Dairy", "oat", milk) == "Changing “Milk: oat” into “Dairy”."
    assert after_saving(None, " shoe  size", "11 ") == "Saved “Shoe size: 11”."
    assert after_saving(milk, "milk", "soy") == "Changed “Milk: oat” to “soy”."
    assert after_saving(milk, "", "soy") == "Changed “Milk: oat” to “soy”."  # blank keeps
    assert after_saving(milk, "dairy", "") == "Changed “Milk: oat” to “Dairy: oat”."


def test_f4_reads_well_with_a_label_that_is_a_verb_and_a_value_with_quotes() -> None:
    likes = Preference(1, 7, "Théo likes", "dinosaur stickers", dt.datetime(2026, 11, 1), "Priya")
    assert before_saving([likes], "théo likes", "fire trucks", None) == (
        "Now “Théo likes: dinosaur stickers”. Enter changes it to “fire trucks”."
    )
    # Typed in another case, the label is the one kept (as the store keeps it).
    assert after_saving(likes, "THÉO likes", "fire trucks") == (
        "Changed “Théo likes: dinosaur stickers” to “fire trucks”."
    )
    assert after_saving(likes, "THÉO LIKES", "dinosaur stickers") == (
        "Saved “Théo likes: dinosaur stickers”."
    )
    # Quotes of its own are not wrapped in more quotes.
    assert before_saving([likes], "Théo likes", "the “big” trucks", None) == (
        "Now “Théo likes: dinosaur stickers”. Enter changes it to the “big” trucks."
    )


@pytest.mark.parametrize(
    ("label", "outgoing", "expected"),
    [
        ("Mother of", True, ("mother of", "")),
        ("mother of", False, ("child of", "")),
        ("colleague of", False, ("colleague of", "")),
        ("buys for", False, ("", "buys for them")),
        ("refers customers like", True, ("refers customers like", "")),
        # No known inverse: a role reads as a role; a verb the way it was typed, the other's
        # name leading and "them" for the customer whose card it is.
        ("Refers customers like", False, ("", "refers customers like them")),
        ("godmother of", False, ("godmother:", "")),
        ("was nanny of", False, ("", "was nanny of them")),
    ],
)
def test_link_reads_from_each_side(label: str, outgoing: bool, expected: tuple[str, str]) -> None:
    """What reads before and after the other's name on the card of the one linked."""
    assert reading(label, outgoing) == expected


@pytest.mark.parametrize(
    ("text", "birthday"),
    [
        ("03-17", Birthday(3, 17)),
        ("3/7", Birthday(3, 7)),
        ("1984-03-17", Birthday(3, 17, 1984)),
        ("02-29", Birthday(2, 29)),
        ("", None),
    ],
)
def test_birthdays_as_typed(text: str, birthday: Birthday | None) -> None:
    assert parse_birthday(text) == birthday


@pytest.mark.parametrize("text", ["13-01", "1984-3", "17 March", "1850-01-01"])
def test_bad_birthdays_say_the_format(text: str) -> None:
    with pytest.raises(DraftProblem, match="MM-DD or YYYY-MM-DD") as problem:
        parse_birthday(text)
    assert problem.value.field == "birthday"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("02-30", "February has at most 29 days"),
        ("2023-02-29", "February 2023 has only 28 days"),
        ("04/31", "April has only 30 days"),
        ("03-00", "there is no day 0"),
    ],
)
def test_a_birthday_on_a_day_that_does_not_exist_says_so(text: str, why: str) -> None:
    # It is in MM-DD already: repeating the format would not tell staff what is wrong.
    with pytest.raises(DraftProblem) as problem:
        parse_birthday(text)
    assert (problem.value.field, str(problem.value)) == (
        "birthday", f"“{text}” is not a birthday: {why}."
    )  # fmt: skip


def test_a_draft_is_cleaned_or_each_problem_named() -> None:
    draft = CustomerDraft(
        preferred_name="  Zoë ",
        phones=("(613) 555-0123", "613 555 0123"),
        emails=("ZOE@Example.com",),
        cards=(" bg-1 ",),
        birthday="1990-06-01",
    )
    clean = clean_draft(draft, "CA")
    assert clean.preferred_name == "Zoë"
    assert [(p.e164, p.display) for p in clean.phones] == [("+16135550123", "(613) 555-0123")]
    assert clean.emails == ("zoe@example.com",)
    assert clean.cards == ("BG-1",)
    assert clean.birthday == Birthday(6, 1, 1990)
    bad = CustomerDraft(preferred_name=" ", phones=("12",), emails=("nope",), birthday="99-99")
    assert set(draft_problems(bad, "CA")) == {"preferred_name", "phones", "emails", "birthday"}
    with pytest.raises(DraftProblem) as problem:
        clean_draft(bad, "CA")
    assert problem.value.field == "preferred_name"


def test_name_similarity_ignores_case_accents_and_order() -> None:
    assert name_similarity("Zoë O'Brien", "obrien zoe") >= 85
    assert name_similarity("John Smith", "Jon Smith") >= 85
    assert name_similarity("John Smith", "Joan Smythe") < 85
