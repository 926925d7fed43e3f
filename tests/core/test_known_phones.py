"""A sales file's phones are matched to stored ones exactly as parsing each one would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greeter.core.identify import normalise_phone
from greeter.core.known_phones import KnownPhones

STORED = ["+16135550142", "+16135550185", "+442079460123", "+33142685300"]


@pytest.mark.parametrize(
    ("region", "typed", "expected"),
    [
        ("CA", "(613) 555-0142", "+16135550142"),
        ("CA", "613.555.0142", "+16135550142"),
        ("CA", "1-613-555-0142", "+16135550142"),
        ("CA", "+1 613 555 0142", "+16135550142"),
        ("CA", "'+16135550185", "+16135550185"),
        ("CA", "+44 20 7946 0123", "+442079460123"),
        ("CA", "+44 (0)20 7946 0123", "+442079460123"),  # not bare digits: parsed
        ("CA", "011 44 20 7946 0123", "+442079460123"),  # dialled from Canada: parsed
        ("GB", "020 7946 0123", "+442079460123"),
        ("GB", "20 7946 0123", "+442079460123"),
        ("GB", "00 33 1 42 68 53 00", "+33142685300"),
        ("CA", "613 555 0199", None),  # valid, but no stored phone ends like it
        ("CA", "020 7946 0123", None),  # a London number typed as if national in Canada
        ("CA", "555-0142", None),  # too short to be anyone's
        ("CA", "", None),
    ],
)
def test_a_stored_phone_is_found_in_any_format(
    region: str, typed: str, expected: str | None
) -> None:
    assert KnownPhones(STORED, region).e164(typed) == expected


@given(
    area=st.sampled_from(["613", "416", "212"]),
    line=st.integers(0, 9999),
    shape=st.sampled_from(["({a}) 555-{n}", "{a}-555-{n}", "+1 {a} 555 {n}", "1{a}555{n}",
                           "{a}555{n}", " {a} 555 {n} ", "+1{a}555{n}", "001 {a} 555 {n}"]),
    region=st.sampled_from(["CA", "US", "GB"]),
)  # fmt: skip
def test_it_agrees_with_parsing_for_every_stored_number(
    area: str, line: int, shape: str, region: str
) -> None:
    typed = shape.format(a=area, n=f"{line:04d}")
    parsed = normalise_phone(typed, region)
    stored = [parsed] if parsed else [f"+1{area}555{line:04d}"]
    assert KnownPhones(stored, region).e164(typed) == parsed
