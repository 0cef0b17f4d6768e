"""Which visits count against the monte ore, for how long, and the authorised share of a range."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain import hours
from minorifamiglie.domain.enums import HoursPeriod, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.hours import HoursRules, VisitSlot

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def slot(
    day: int = 10,
    start: str = "15:00",
    end: str = "16:30",
    outcome: VisitOutcome = VisitOutcome.DONE,
    status: VisitStatus = VisitStatus.CLOSED,
    deleted: bool = False,
) -> VisitSlot:
    return VisitSlot(
        dt.date(2026, 11, day),
        dt.time.fromisoformat(start),
        dt.time.fromisoformat(end),
        outcome,
        status,
        NOW if deleted else None,
    )


def test_duration_is_in_minutes_and_never_negative() -> None:
    assert hours.duration_minutes(dt.time(15, 0), dt.time(16, 30)) == 90
    assert hours.duration_minutes(dt.time(9, 45), dt.time(10, 5)) == 20
    assert hours.duration_minutes(dt.time(16, 0), dt.time(15, 0)) == 0


def test_only_closed_live_visits_that_took_place_count_by_default() -> None:
    assert hours.counts(slot())
    assert not hours.counts(slot(status=VisitStatus.DRAFT))
    assert not hours.counts(slot(deleted=True))
    for outcome in (
        VisitOutcome.NO_SHOW,
        VisitOutcome.CANCELLED_BY_FAMILY,
        VisitOutcome.CANCELLED_BY_SERVICE,
    ):
        assert not hours.counts(slot(outcome=outcome))


def test_an_ambito_that_pays_missed_visits_counts_the_no_shows() -> None:
    paying = HoursRules(count_missed=True)
    assert hours.counts(slot(outcome=VisitOutcome.NO_SHOW), paying)
    assert not hours.counts(slot(outcome=VisitOutcome.CANCELLED_BY_SERVICE), paying)
    assert not hours.counts(slot(outcome=VisitOutcome.NO_SHOW, status=VisitStatus.DRAFT), paying)


def test_which_outcomes_are_missed_is_itself_configurable() -> None:
    rules = HoursRules(
        count_missed=True,
        missed_outcomes=frozenset({VisitOutcome.NO_SHOW, VisitOutcome.CANCELLED_BY_FAMILY}),
    )
    assert rules.counted_outcomes() == {
        VisitOutcome.DONE,
        VisitOutcome.NO_SHOW,
        VisitOutcome.CANCELLED_BY_FAMILY,
    }
    assert HoursRules(missed_outcomes=rules.missed_outcomes).counted_outcomes() == {
        VisitOutcome.DONE
    }


def test_minutes_used_sums_the_counted_visits_within_the_range() -> None:
    visits = [
        slot(day=3),  # 90
        slot(day=10, start="09:00", end="11:00"),  # 120
        slot(day=12, status=VisitStatus.DRAFT),
        slot(day=13, deleted=True),
        slot(day=14, outcome=VisitOutcome.NO_SHOW, start="10:00", end="11:00"),
        slot(day=30),  # outside the range below
    ]
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 20)
    assert hours.minutes_used(visits, start=start, end=end) == 210
    assert hours.minutes_used(visits, HoursRules(count_missed=True), start, end) == 270
    assert hours.minutes_used(visits) == 300
    assert hours.to_hours(210) == 3.5


def test_the_real_visit_entity_fits_the_arithmetic() -> None:
    from uuid import uuid4

    from minorifamiglie.domain import entities as e
    from minorifamiglie.domain.enums import VisitKind

    visit = e.Visit(
        uuid4(), NOW, NOW, None, "hlc", uuid4(), uuid4(), None, uuid4(), VisitKind.HOME_VISIT,
        dt.date(2026, 11, 10), dt.time(15, 0), dt.time(17, 15), "domicilio", VisitOutcome.DONE,
        "[]", "note", "", "", "", "{}", "", VisitStatus.CLOSED, NOW,
    )  # fmt: skip
    assert hours.minutes_used([visit]) == visit.duration_minutes == 135


def test_parse_month_gives_the_first_and_last_day() -> None:
    assert hours.parse_month("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert hours.parse_month(" 2028-2 ") == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    for bad in ("2026-13", "2026-00", "novembre", "26-11", ""):
        with pytest.raises(ValidationError) as err:
            hours.parse_month(bad)
        assert err.value.field == "month"


def test_overlap_of_ranges() -> None:
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert hours.overlap(*nov, dt.date(2026, 11, 10), None) == (dt.date(2026, 11, 10), nov[1])
    assert hours.overlap(*nov, dt.date(2026, 10, 1), dt.date(2026, 11, 5)) == (
        nov[0],
        dt.date(2026, 11, 5),
    )
    assert hours.overlap(*nov, dt.date(2026, 12, 1), None) is None


def test_authorised_share_of_a_monthly_monte_ore() -> None:
    month = HoursPeriod.MONTH
    assert hours.authorised_for_range(20, month, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == 20
    assert hours.authorised_for_range(30, month, dt.date(2026, 11, 16), dt.date(2026, 11, 30)) == 15
    assert hours.authorised_for_range(20, month, dt.date(2026, 11, 1), dt.date(2027, 1, 31)) == 60
    assert hours.authorised_for_range(20, month, dt.date(2026, 11, 2), dt.date(2026, 11, 1)) == 0


def test_authorised_share_of_a_weekly_monte_ore() -> None:
    week = HoursPeriod.WEEK
    assert hours.authorised_for_range(6, week, dt.date(2026, 11, 2), dt.date(2026, 11, 8)) == 6
    assert hours.authorised_for_range(7, week, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == 30


@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=400),
)
def test_monthly_shares_add_up_across_a_split_range(start: dt.date, a: int, b: int) -> None:
    middle = start + dt.timedelta(days=a)
    end = middle + dt.timedelta(days=b + 1)
    whole = hours.authorised_for_range(10, HoursPeriod.MONTH, start, end)
    parts = hours.authorised_for_range(
        10, HoursPeriod.MONTH, start, middle
    ) + hours.authorised_for_range(10, HoursPeriod.MONTH, middle + dt.timedelta(days=1), end)
    assert whole == pytest.approx(parts, abs=0.02)
