"""Dates as people type and read them: as shown (15 Dec 2026) or ISO; one written form."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core.dates import format_date, format_stamp, iso_or_empty, parse_date
from facilitator.core.errors import RuleError


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_date_typed_as_shown_or_as_iso_reads_back(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(format_date(day).upper()) == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15 Dec 2026", dt.date(2026, 12, 15)),
        ("15 December 2026", dt.date(2026, 12, 15)),
        (" 2  dec  2026 ", dt.date(2026, 12, 2)),
        ("29 Feb 2028", dt.date(2028, 2, 29)),
        ("2026-12-15", dt.date(2026, 12, 15)),
        ("1 Sept 2026", dt.date(2026, 9, 1)),
    ],
)
def test_typed_dates_people_write(typed: str, day: dt.date) -> None:
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    "typed",
    ["20261215", "12/15/2026", "Not setDec2026", "29 Feb 2026", "15 Ju 2026", "next Tuesday", "2026-13-01"],
)
def test_anything_else_is_refused_with_how_to_type_it(typed: str) -> None:
    with pytest.raises(RuleError, match="15 Dec 2026 or 2026-12-15") as refused:
        parse_date(typed, "The due date")
    assert refused.value.args[0].startswith("The due date “")


def test_one_written_form() -> None:
    assert format_date("2026-11-30") == "30 Nov 2026"
    assert format_date("") == ""
    assert format_stamp(dt.datetime(2026, 11, 30, 1, 0)) == "30 Nov 2026 01:00"
    assert iso_or_empty("  ") == ""
