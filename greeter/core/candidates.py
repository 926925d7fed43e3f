"""What tells namesakes apart in a list of candidates, in the same words wherever it is shown:
the window's lists, `greeter profile` and the reply to the till's `greeter show`."""

from __future__ import annotations

import datetime as dt

from greeter.core.models import SearchHit
from greeter.core.timefmt import ago


def phone_ending_words(ending: str) -> str:
    """'phone ending 0199'; nothing at all for a customer who left no phone."""
    return f"phone ending {ending}" if ending else ""


def hit_details(hit: SearchHit, today: dt.date) -> list[str]:
    """The phone's last digits (when there is a phone) and the last visit, in that order."""
    details = [phone_ending_words(hit.phone_ending)] if hit.phone_ending else []
    details.append(
        f"last visit {ago(hit.last_visit, today)}" if hit.last_visit else "no visits yet"
    )
    return details
