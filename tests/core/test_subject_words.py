"""Words for a subject access export: dates spelled out, what staff typed kept as typed."""

from __future__ import annotations

from greeter.core.subject_words import Wording, audit_words, when_words


def test_dates_are_spelled_out_and_other_text_is_left_alone() -> None:
    assert when_words("2026-11-14T17:20:00") == "14 November 2026 at 17:20"
    assert when_words("2027-03-03") == "3 March 2027"
    # A till's date without a time (a first visit imported as a day): no "at 00:00" made up.
    assert when_words("2026-09-02T00:00:00") == "2 September 2026"
    assert when_words("2026-09-02T00:00:01") == "2 September 2026 at 00:00"
    assert when_words("R-20418") == "R-20418"
    assert when_words("2026-13-40") == "2026-13-40"


def test_what_staff_typed_reads_as_typed_even_when_it_looks_like_a_date() -> None:
    words = Wording(lambda cents, currency: f"{currency} {cents / 100:.2f}", "CAD")
    preference = {"id": 1, "customer_id": 1, "label": "Wedding", "value": "2026-06-20"}
    follow_up = {"kind": "problem", "text": "Check the heater", "due": "2026-06-20"}

    assert words.row("preferences", preference, ["id", "customer_id"]) == {
        "About": "Wedding",
        "Preference": "2026-06-20",
    }
    assert words.row("follow_ups", follow_up, []) == {
        "Kind": "Problem to check on",
        "Follow-up": "Check the heater",
        "Due": "20 June 2026",
    }


def test_the_audit_trail_reads_as_what_happened() -> None:
    assert audit_words("update", "customers", {"changed": ["birth_month", "birth_day"]}) == (
        "Details changed: birthday"
    )
    assert (
        audit_words("insert", "identifiers", {"system": "square"}) == "Card or id added (square id)"
    )
    assert audit_words("export", None, {"kind": "subject_access"}) == (
        "Everything held exported, as in this copy"
    )
    assert audit_words("on_duty", None, {}) == "On duty"
