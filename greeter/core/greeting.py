"""The greeting line staff can say aloud. Built from facts, never from the text of notes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from greeter.core.bidi import isolate
from greeter.core.models import Birthday, FollowUp, FollowUpKind, Greeting, Purchase, VisitStats
from greeter.core.settings import ShopSettings
from greeter.core.text import in_sentence, reads_plural

# A problem to check on or a call back raised since a purchase may well be about it (the
# camera that would not charge): while one is open, and once it is dealt with, the greeting
# does not ask how that purchase is.
_AFTER_A_PURCHASE = (FollowUpKind.PROBLEM, FollowUpKind.CALL_BACK)


# "Galaxy A16 5G (for her son)": bought for someone the customer can be asked about. Only
# people: "Mount (for his car)" is for the customer's own use.
_FOR_SOMEONE = re.compile(r"\bfor\s+(?:her|his|their)\s+(?P<whom>[^\W\d_]+)", re.IGNORECASE)
_PEOPLE = frozenset(
    "son daughter child kids children grandson granddaughter grandchild grandchildren wife "
    "husband partner mum mom mother dad father parents brother sister nephew niece aunt uncle "
    "cousin grandma grandmother grandpa grandfather friend boss colleague".split()
)
# The till's note after an item: "Galaxy A16 5G (for Cillian)", "Dress shirt, for Felix".
_NOTE = re.compile(r"[(,;]")
# "for Cillian", "for Maeve's birthday": a capitalised word after "for", then no other
# capitalised word or number ("for Galaxy S24" is a product, "for Mary Jane" left alone).
_FOR_A_NAME = re.compile(r"\bfor\s+(?P<name>[^\W\d_]+(?:['’-][^\W\d_]+)*)(?:\s+(?P<next>\w))?")


def _said(item: str) -> str:
    """An item's name as said aloud: 'Dress shirt (white, slim fit)' → 'dress shirt'."""
    return in_sentence(_NOTE.split(item, maxsplit=1)[0].strip() or item)


def _yours(whom: str) -> str:
    """'your son's', 'your kids'' (their bikes)."""
    return f"your {whom}'" if whom.endswith("s") else f"your {whom}'s"


def _named_in(item: str) -> str | None:
    """The person the till's note on an item names: 'Phone case (gift for Maeve)' → 'Maeve'.
    Only in the note: in the name itself, "Case for Kindle" is for a product."""
    note = _NOTE.split(item, maxsplit=1)[1:]
    found = _FOR_A_NAME.search(note[0]) if note else None
    if found is None:
        return None
    name, after = re.sub(r"['’]s$", "", found["name"]), found["next"] or ""
    if not name[0].isupper() or name.isupper() or after.isupper() or after.isdigit():
        return None  # "for her", "for TV", "for iPad", "for Galaxy S24"
    return name


def _asked_about(purchase: Purchase) -> tuple[str, str] | None:
    """Whose and which main thing bought, to ask about: ('the', 'dress shirt'); one bought
    for someone else as theirs: 'Galaxy A16 5G (for her son)' → ("your son's", 'Galaxy A16
    5G'), 'Kick scooter (gift for Cillian)' → ("Cillian's", 'kick scooter'). None if nothing.
    """
    if not purchase.lines:
        return None
    item = max(purchase.lines, key=lambda line: line.amount_cents).item
    someone = _FOR_SOMEONE.search(item)
    if someone is not None and someone["whom"].lower() in _PEOPLE:
        name = _said(item[: someone.start()])
        return (_yours(someone["whom"].lower()), name) if name else None
    named = _named_in(item)
    if named is None:
        return "the", _said(item)
    if named.lower() in _PEOPLE:
        return _yours(named.lower()), _said(item)  # (for Mum): "your mum's"
    return f"{isolate(named)}'s", _said(item)


def suggest_greeting(
    name: str,
    *,
    today: dt.date,
    stats: VisitStats,
    birthday: Birthday | None,
    follow_ups: Sequence[FollowUp],
    last_purchase: Purchase | None,
    rules: ShopSettings,
    done_since_purchase: Sequence[FollowUp] = (),
    added: dt.date | None = None,
    from_import: bool = False,
) -> Greeting:
    """Pick the single most useful thing to say, in this order of priority:

    birthday today; a reserved item that has arrived; a problem to check on; birthday this
    week; a call back that is overdue (an apology), or due today or undated (not late);
    another follow-up that is due; a long absence; a recent purchase (unless a problem or
    call back was raised since it: then whether it was sorted out, once it is done); a first
    meeting. `follow_ups` are the open ones; `done_since_purchase` those marked done that were
    raised since the last purchase; `added` the day the customer was added; `from_import`
    whether they came with a till's or web shop's file (then known there before, whatever
    the day they were added here). The customer's own words in the line (their name, what
    they bought) are isolated in `Greeting.marked`, to read in their own direction on screen.
    """
    name = isolate(name)
    due = [f for f in follow_ups if f.is_due(today)]
    next_birthday = birthday.next_after(today) if birthday else None
    days_to_birthday = (next_birthday - today).days if next_birthday else None
    last = stats.last_visit.date() if stats.last_visit else None

    if days_to_birthday == 0:
        return Greeting(f"Happy birthday, {name}!", "birthday today")
    if any(f.kind is FollowUpKind.RESERVED for f in due):
        if stats.visits == 0:  # reserved on the phone, or on the day they were added
            return Greeting(
                f"Hello {name}! Your reserved item is here.", "a reserved item is waiting"
            )
        return Greeting(
            f"Welcome back, {name}! Your reserved item is here for you.",
            "a reserved item is waiting",
        )
    if any(f.kind is FollowUpKind.PROBLEM for f in due):
        return Greeting(
            f"Hello {name}, good to see you. Is everything working properly now?",
            "a problem to check on",
        )
    if days_to_birthday is not None and next_birthday is not None and days_to_birthday < 7:
        return Greeting(
            f"Hello {name}! Happy birthday for {next_birthday.strftime('%A')}!",
            "birthday this week",
        )
    call_backs = [f for f in due if f.kind is FollowUpKind.CALL_BACK]
    if any(f.is_overdue(today) for f in call_backs):
        return Greeting(
            f"Hello {name}, sorry we haven't called you back yet. Let me help you now.",
            "a call back is owed",
        )
    if call_backs:  # due today or undated: not late, so no apology
        return Greeting(
            f"Hello {name}, good timing! We were about to call you back.",
            "a call back is due",
        )
    if due:
        return Greeting(
            f"Hello {name}! We have news on what we promised you.",
            "a promise is due",
        )
    if last is not None and (today - last).days >= rules.long_absence_days:
        return Greeting(f"Lovely to see you again, {name}!", "a long absence")
    if last_purchase is not None:
        bought = last_purchase.purchased_at.date()
        asked = _asked_about(last_purchase)
        if asked and 0 <= (today - bought).days <= rules.recent_purchase_days:
            raised = [
                f
                for f in (*follow_ups, *done_since_purchase)
                if f.kind in _AFTER_A_PURCHASE and f.created.date() >= bought
            ]
            still_open = [f for f in raised if f.status == "open"]  # not due: on the card
            if still_open:
                what = still_open[0].kind.label.lower()
                return Greeting(
                    f"Welcome back, {name}!", f"a {what} raised since the last purchase is open"
                )
            if raised:
                what = raised[0].kind.label.lower()
                return Greeting(
                    f"Hello {name}, good to see you. Did we get everything sorted out for you?",
                    f"a {what} raised since the last purchase is done",
                )
            whose, thing = asked
            verb = "are" if reads_plural(thing) else "is"
            return Greeting(
                f"Welcome back, {name}! How {verb} {whose} {isolate(thing)}?",
                "a recent purchase",
            )
    if stats.visits == 0 and added == today and not from_import:
        return Greeting(f"Welcome, {name}! Lovely to meet you.", "a first visit")
    if stats.visits == 0:
        # Known from before (imported from a web shop or another till, added on an earlier
        # day) but with no sales here yet: "lovely to meet you" would not recognise them.
        return Greeting(f"Hello {name}, good to see you!", "no visits recorded yet")
    return Greeting(f"Welcome back, {name}!", "a returning customer")
