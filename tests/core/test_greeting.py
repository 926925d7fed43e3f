"""Every greeting rule and their priority, as a table."""

from __future__ import annotations

import datetime as dt

import pytest

from greeter.core.greeting import suggest_greeting
from greeter.core.models import (
    Birthday,
    FollowUp,
    FollowUpKind,
    Purchase,
    PurchaseLine,
    VisitStats,
)
from greeter.core.settings import ShopSettings
from tests.helpers import TODAY

RULES = ShopSettings()


def follow_up(kind: FollowUpKind, due_in: int | None = 0) -> FollowUp:
    due = TODAY + dt.timedelta(days=due_in) if due_in is not None else None
    return FollowUp(1, 1, kind, "secret note text", due, "open", "Priya", dt.datetime(2026, 11, 1))


def days_ago(n: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(11, 0))


def phone_purchase(n_days: int) -> Purchase:
    return Purchase(
        1,
        days_ago(n_days),
        102900,
        "CAD",
        "R1",
        (PurchaseLine("Screen protector", 1, 2900), PurchaseLine("Pixel 9 Pro", 1, 100000)),
    )


REGULAR = VisitStats(visits=12, first_visit=days_ago(400), last_visit=days_ago(10))
BIRTHDAY_TODAY = Birthday(TODAY.month, TODAY.day)
BIRTHDAY_THURSDAY = Birthday(11, 26)


@pytest.mark.parametrize(
    ("stats", "birthday", "follow_ups", "purchase", "expected", "reason"),
    [
        (
            REGULAR,
            BIRTHDAY_TODAY,
            [follow_up(FollowUpKind.RESERVED)],
            None,
            "Happy birthday, Ann!",
            "birthday today",
        ),
        (
            REGULAR,
            BIRTHDAY_THURSDAY,
            [follow_up(FollowUpKind.RESERVED)],
            None,
            "Your reserved item is here",
            "reserved",
        ),
        (
            REGULAR,
            BIRTHDAY_THURSDAY,
            [follow_up(FollowUpKind.PROBLEM, -3)],
            None,
            "Is everything working properly now?",
            "problem",
        ),
        (
            REGULAR,
            BIRTHDAY_THURSDAY,
            [follow_up(FollowUpKind.PROMISE)],
            phone_purchase(3),
            "Happy birthday for Thursday!",
            "birthday this week",
        ),
        (
            REGULAR,
            None,
            [follow_up(FollowUpKind.CALL_BACK, -2)],
            phone_purchase(3),
            "sorry we haven't called you back",
            "call back is owed",
        ),
        (
            REGULAR,
            None,
            [follow_up(FollowUpKind.PROMISE, -1)],
            phone_purchase(3),
            "news on what we promised",
            "promise is due",
        ),
        (
            REGULAR,
            None,
            [follow_up(FollowUpKind.PROMISE, 5)],
            phone_purchase(3),
            "How is the Pixel 9 Pro?",
            "recent purchase",
        ),
        (
            VisitStats(visits=9, last_visit=days_ago(200)),
            None,
            [],
            phone_purchase(200),
            "Lovely to see you again, Ann!",
            "long absence",
        ),
        (REGULAR, None, [], phone_purchase(90), "Welcome back, Ann!", "returning"),
        (VisitStats(), None, [], None, "Welcome, Ann! Lovely to meet you.", "first visit"),
    ],
)
def test_greeting_rules_in_priority_order(
    stats: VisitStats,
    birthday: Birthday | None,
    follow_ups: list[FollowUp],
    purchase: Purchase | None,
    expected: str,
    reason: str,
) -> None:
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=stats,
        birthday=birthday,
        follow_ups=follow_ups,
        last_purchase=purchase,
        rules=RULES,
        added=TODAY,
    )
    assert expected in greeting.text
    assert reason in greeting.reason


@pytest.mark.parametrize(
    ("added", "expected", "reason"),
    [
        (TODAY, "Welcome, Anna! Lovely to meet you.", "a first visit"),
        # Imported from a web shop with orders since 2019, but no sales here yet: known.
        (dt.date(2019, 3, 4), "Hello Anna, good to see you!", "no visits recorded yet"),
        (TODAY - dt.timedelta(days=1), "Hello Anna, good to see you!", "no visits recorded yet"),
        (None, "Hello Anna, good to see you!", "no visits recorded yet"),
    ],
)
def test_only_a_customer_added_today_is_greeted_as_someone_new(
    added: dt.date | None, expected: str, reason: str
) -> None:
    greeting = suggest_greeting(
        "Anna",
        today=TODAY,
        stats=VisitStats(),
        birthday=None,
        follow_ups=[],
        last_purchase=None,
        rules=RULES,
        added=added,
    )
    assert (greeting.text, greeting.reason) == (expected, reason)


@pytest.mark.parametrize("added", [TODAY, dt.date(2019, 3, 4)])
def test_a_customer_who_came_with_an_import_is_never_met_as_a_stranger(added: dt.date) -> None:
    # A Shopify customer imported today without a "created" date: added today, but the web
    # shop knew them first.
    greeting = suggest_greeting(
        "Anna",
        today=TODAY,
        stats=VisitStats(),
        birthday=None,
        follow_ups=[],
        last_purchase=None,
        rules=RULES,
        added=added,
        from_import=True,
    )
    assert (greeting.text, greeting.reason) == (
        "Hello Anna, good to see you!",
        "no visits recorded yet",
    )


def test_greeting_never_quotes_the_text_of_follow_ups() -> None:
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[follow_up(FollowUpKind.PROMISE, -1)],
        last_purchase=None,
        rules=RULES,
    )
    assert "secret" not in greeting.text


def test_a_follow_up_not_yet_due_does_not_drive_the_greeting() -> None:
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[follow_up(FollowUpKind.RESERVED, 2)],
        last_purchase=None,
        rules=RULES,
    )
    assert greeting.text == "Welcome back, Ann!"


@pytest.mark.parametrize(
    ("due_in", "expected", "reason"),
    [
        (
            -1,
            "Hello Tomáš, sorry we haven't called you back yet. Let me help you now.",
            "a call back is owed",
        ),
        (0, "Hello Tomáš, good timing! We were about to call you back.", "a call back is due"),
        (None, "Hello Tomáš, good timing! We were about to call you back.", "a call back is due"),
        (1, "Welcome back, Tomáš! How is the Pixel 9 Pro?", "a recent purchase"),
    ],
)
def test_only_an_overdue_call_back_is_apologised_for(
    due_in: int | None, expected: str, reason: str
) -> None:
    # Added today and due today, a call back is not late: staff must not say sorry for it.
    greeting = suggest_greeting(
        "Tomáš",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[follow_up(FollowUpKind.CALL_BACK, due_in)],
        last_purchase=phone_purchase(3),
        rules=RULES,
    )
    assert (greeting.text, greeting.reason) == (expected, reason)


def test_leap_day_birthdays_fall_on_28_february_in_a_common_year() -> None:
    assert Birthday(2, 29).next_after(dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)
    assert Birthday(2, 29).next_after(dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)


def test_the_item_is_named_as_said_aloud() -> None:
    purchase = Purchase(
        1, days_ago(5), 5900, "CAD", "R1", (PurchaseLine("Dress shirt (white, slim fit)", 1, 5900),)
    )
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[],
        last_purchase=purchase,
        rules=RULES,
    )
    assert greeting.text == "Welcome back, Ann! How is the dress shirt?"


def bought(*lines: tuple[str, int]) -> Purchase:
    total = sum(cents for _, cents in lines)
    items = tuple(PurchaseLine(item, 1, cents) for item, cents in lines)
    return Purchase(1, days_ago(5), total, "CAD", "R1", items)


def asked_after(purchase: Purchase) -> str:
    return suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[],
        last_purchase=purchase,
        rules=RULES,
    ).text


@pytest.mark.parametrize(
    ("item", "question"),
    [
        ('Inner tube 28"', "How is the inner tube?"),  # no "28"?" at the end
        ("Oat milk", "How is the oat milk?"),
        ("iPhone 15", "How is the iPhone 15?"),
        ("USB cable", "How is the USB cable?"),
        ('Dell 27" monitor (P2723D)', "How is the Dell 27-inch monitor?"),
        # One word: a common noun in sentence case, a brand or model by its capitals or digits.
        ("Phone", "How is the phone?"),
        ("Phone (for Cillian)", "How is Cillian's phone?"),
        ("Scarf, for her mum", "How is your mum's scarf?"),
        ("iPad (for her son)", "How is your son's iPad?"),
        ("AirPods", "How are the AirPods?"),
        ("X100V", "How is the X100V?"),
        ("T-shirt", "How is the T-shirt?"),
    ],
)
def test_the_item_reads_naturally_in_the_question(item: str, question: str) -> None:
    assert asked_after(bought((item, 5900))) == f"Welcome back, Ann! {question}"


@pytest.mark.parametrize(
    ("item", "question"),
    [
        ("Galaxy A16 5G (for her son)", "How is your son's Galaxy A16 5G?"),
        ("Dress shirt, for his son's interview", "How is your son's dress shirt?"),
        ("Kick scooter (for their kids)", "How is your kids' kick scooter?"),
        ("Reading lamp for her Mum", "How is your mum's reading lamp?"),
        # Not someone else: the customer's own car, or a name that says "for her".
        ("Phone mount (for his car)", "How is the phone mount?"),
        ("Perfume for her", "How is the perfume for her?"),
    ],
)
def test_a_thing_bought_for_someone_else_is_asked_about_as_theirs(item: str, question: str) -> None:
    # Siobhán bought her son his first phone: "How is the Galaxy A16 5G?" would ask about
    # a phone she never used.
    purchase = bought((item, 29999), ("Prepaid SIM kit", 1000))
    assert asked_after(purchase) == f"Welcome back, Ann! {question}"


@pytest.mark.parametrize(
    ("item", "question"),
    [
        ("Wireless earbuds", "How are the wireless earbuds?"),
        ("Running shoes (size 10)", "How are the running shoes?"),
        ("Running shoes (for her son)", "How are your son's running shoes?"),
        ("Slim jeans, dark wash", "How are the slim jeans?"),
        ("AirPods (3rd generation)", "How are the AirPods?"),
        ("Box of chocolates", "How is the box of chocolates?"),  # one box
        ("Clip-on macro lens", "How is the clip-on macro lens?"),
        ("Evening dress", "How is the evening dress?"),
        ("Garmin GPS", "How is the Garmin GPS?"),
        ("Wine glass", "How is the wine glass?"),
        # A model's suffix after a plural: still several.
        ("AirPods Pro (2nd generation)", "How are the AirPods Pro?"),
        ("AirPods Max (for Cillian)", "How are Cillian's AirPods Max?"),
        ("Galaxy Buds 2 Pro", "How are the Galaxy Buds 2 Pro?"),
        ("Pixel 9 Pro", "How is the Pixel 9 Pro?"),
    ],
)
def test_a_thing_named_in_the_plural_is_asked_about_in_the_plural(item: str, question: str) -> None:
    assert asked_after(bought((item, 12999), ("Prepaid SIM kit", 1000))) == (
        f"Welcome back, Ann! {question}"
    )


@pytest.mark.parametrize(
    ("item", "question"),
    [
        ("Galaxy A16 5G (for Cillian)", "How is Cillian's Galaxy A16 5G?"),
        ("Silk scarf (gift for Maeve)", "How is Maeve's silk scarf?"),
        ("Kick scooter (for Maeve's birthday)", "How is Maeve's kick scooter?"),
        ("Running shoes, for Cillian", "How are Cillian's running shoes?"),
        ("Reading lamp (for Mum)", "How is your mum's reading lamp?"),
        ("Silk scarf (present for her mum)", "How is your mum's silk scarf?"),
        # Not a person's name: the item alone, without the note.
        ("Silk scarf (present for the office)", "How is the silk scarf?"),
        ("Phone case (for Galaxy S24)", "How is the phone case?"),
        ("Wall mount (for TV)", "How is the wall mount?"),
        ("Phone case (for iPhone 15)", "How is the phone case?"),
    ],
)
def test_a_thing_bought_for_someone_named_is_asked_about_as_theirs(
    item: str, question: str
) -> None:
    # "How is the Galaxy A16 5G?" asks about a phone the customer gave away: Cillian has it.
    assert asked_after(bought((item, 29999), ("Prepaid SIM kit", 1000))) == (
        f"Welcome back, Ann! {question}"
    )


def raised(kind: FollowUpKind, days_ago: int, status: str = "done", due_in: int = 0) -> FollowUp:
    return FollowUp(
        1,
        1,
        kind,
        "Camera battery lasts two weeks, not six months",
        TODAY + dt.timedelta(days=due_in),
        status,
        "Marcus",
        dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(16, 0)),
    )


@pytest.mark.parametrize("kind", [FollowUpKind.PROBLEM, FollowUpKind.CALL_BACK])
def test_once_a_complaint_about_a_purchase_is_dealt_with_the_greeting_asks_if_it_was_sorted(
    kind: FollowUpKind,
) -> None:
    # Bought 30 days ago, complained 14 days ago, put right since: "How is the Pixel?"
    # would remind them of the trouble instead of checking it was put right.
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[],
        last_purchase=phone_purchase(30),
        rules=RULES,
        done_since_purchase=[raised(kind, 14)],
    )
    assert greeting.text == "Hello Ann, good to see you. Did we get everything sorted out for you?"
    assert greeting.reason == f"a {kind.label.lower()} raised since the last purchase is done"


def test_while_a_complaint_about_a_purchase_waits_the_greeting_does_not_ask_about_it() -> None:
    waiting = raised(FollowUpKind.CALL_BACK, 2, status="open", due_in=3)  # not due yet
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[waiting],
        last_purchase=phone_purchase(30),
        rules=RULES,
        done_since_purchase=[raised(FollowUpKind.PROBLEM, 10)],
    )
    assert (greeting.text, greeting.reason) == (
        "Welcome back, Ann!",
        "a call back raised since the last purchase is open",
    )


@pytest.mark.parametrize(
    "earlier",
    [
        raised(FollowUpKind.CALL_BACK, 40),  # "call when the cases come in": then they bought
        raised(FollowUpKind.PROMISE, 14),  # a promise is not a complaint
    ],
)
def test_a_follow_up_that_is_no_complaint_about_the_purchase_leaves_the_question(
    earlier: FollowUp,
) -> None:
    greeting = suggest_greeting(
        "Ann",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[],
        last_purchase=phone_purchase(30),
        rules=RULES,
        done_since_purchase=[earlier],
    )
    assert greeting.text == "Welcome back, Ann! How is the Pixel 9 Pro?"


NEW = VisitStats(visits=0, first_visit=None, last_visit=None)


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        (NEW, "Hello Fatima! Your reserved item is here."),
        (REGULAR, "Welcome back, Fatima! Your reserved item is here for you."),
    ],
)
def test_a_reserved_item_for_someone_never_seen_here_is_no_welcome_back(
    stats: VisitStats, expected: str
) -> None:
    # Added today, item reserved on the phone: "welcome back" would greet a stranger as a
    # regular.
    greeting = suggest_greeting(
        "Fatima",
        today=TODAY,
        stats=stats,
        birthday=None,
        follow_ups=[follow_up(FollowUpKind.RESERVED)],
        last_purchase=None,
        rules=RULES,
        added=TODAY,
    )
    assert (greeting.text, greeting.reason) == (expected, "a reserved item is waiting")


def test_the_customers_own_words_are_kept_apart_for_the_screen() -> None:
    """On screen an Arabic name or item reads in its own direction inside the English line
    (isolated); said aloud, printed or sent to a script, the line has no such marks."""
    purchase = bought(("هاتف جديد", 29999))
    greeting = suggest_greeting(
        "فاطمة",
        today=TODAY,
        stats=REGULAR,
        birthday=None,
        follow_ups=[],
        last_purchase=purchase,
        rules=RULES,
    )
    assert greeting.marked == "Welcome back, \u2068فاطمة\u2069! How is the \u2068هاتف جديد\u2069?"
    assert greeting.text == "Welcome back, فاطمة! How is the هاتف جديد?"
