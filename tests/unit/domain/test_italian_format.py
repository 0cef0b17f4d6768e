"""Dates, times and hours as an Italian reader writes them, the same on screen and on paper."""

from __future__ import annotations

import datetime as dt

import pytest

from minorifamiglie.domain.italian_format import fmt_date, fmt_date_time, fmt_hours, fmt_time


def test_a_date_is_day_month_year_with_slashes_and_none_is_empty() -> None:
    assert fmt_date(dt.date(2026, 3, 7)) == "07/03/2026"
    assert fmt_date(dt.datetime(2026, 12, 31, 23, 59)) == "31/12/2026"
    assert fmt_date(None) == ""


def test_a_time_is_hours_and_minutes_midnight_included() -> None:
    assert fmt_time(dt.time(15, 30)) == "15:30"
    assert fmt_time(dt.time(0, 0)) == "00:00"  # midnight is a time, not "no time"
    assert fmt_time(dt.time(9, 5, 59)) == "09:05"
    assert fmt_time(None) == ""


def test_a_time_with_seconds_and_the_time_of_a_moment_in_its_own_zone() -> None:
    assert fmt_time(dt.time(14, 7, 32), seconds=True) == "14:07:32"
    assert fmt_time(dt.time(0, 0), seconds=True) == "00:00:00"
    rome = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 3, 7, 8, 5, 9, tzinfo=dt.UTC)
    assert fmt_time(moment) == "08:05"
    assert fmt_time(moment.astimezone(rome), seconds=True) == "09:05:09"
    assert fmt_time(None, seconds=True) == ""


def test_a_moment_is_its_date_then_its_time_in_its_own_zone() -> None:
    moment = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert fmt_date_time(moment) == "31/12/2025 23:30"
    assert fmt_date_time(moment.astimezone(dt.timezone(dt.timedelta(hours=1)))) == (
        "01/01/2026 00:30"
    )
    assert fmt_date_time(None) == ""


@pytest.mark.parametrize(
    ("hours", "figures", "words"),
    [
        (7.5, "7,50", "7,5"),
        (2, "2,00", "2"),
        (0, "0,00", "0"),
        (10, "10,00", "10"),
        (17.142857, "17,14", "17,14"),
        (0.005, "0,01", "0,01"),  # to the hundredth, as the hours report counts
        (1234.5, "1234,50", "1234,5"),  # no thousands separator: a CSV cell stays one number
    ],
)
def test_hours_have_a_decimal_comma_two_decimals_in_figures_only_those_that_count_in_words(
    hours: float, figures: str, words: str
) -> None:
    assert fmt_hours(hours) == figures
    assert fmt_hours(hours, trailing_zeros=False) == words
