"""Which visits count against the monte ore, for how long, and the authorised share of a range."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minorifamiglie.domain import hours
from minorifamiglie.domain.enums import (
    CaseStatus,
    HoursPeriod,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.hours import HoursRules, VisitSlot
from minorifamiglie.domain.hours_report import VisitInfo

CASE, OPERATOR = uuid.uuid4(), uuid.uuid4()

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


def a_visit(
    day: int,
    start: str = "15:00",
    end: str = "16:30",
    *,
    kind: VisitKind = VisitKind.HOME_VISIT,
    outcome: VisitOutcome = VisitOutcome.DONE,
    status: VisitStatus = VisitStatus.CLOSED,
    deleted: bool = False,
    case: uuid.UUID = CASE,
    operator: uuid.UUID = OPERATOR,
) -> VisitInfo:
    return VisitInfo(
        uuid.uuid4(), case, None, operator, "Marta Rossi", kind, dt.date(2026, 11, day),
        dt.time.fromisoformat(start), dt.time.fromisoformat(end), outcome, status,
        NOW if deleted else None,
    )  # fmt: skip


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


def test_credited_minutes_are_those_of_the_counted_visits() -> None:
    visits = [
        a_visit(3),  # 90
        a_visit(10, "09:00", "11:00"),  # 120
        a_visit(12, status=VisitStatus.DRAFT),
        a_visit(13, deleted=True),
        a_visit(14, "10:00", "11:00", outcome=VisitOutcome.NO_SHOW),
        a_visit(15, "10:00", "10:20", kind=VisitKind.PHONE_CALL),  # 20, as indirect hours
    ]
    assert sum(hours.credited_minutes(visits).values()) == 230
    assert sum(hours.credited_minutes(visits, HoursRules(count_missed=True)).values()) == 290
    assert sum(hours.credited_minutes(visits, HoursRules(count_phone_calls=False)).values()) == 210


def test_the_real_visit_entity_fits_the_arithmetic() -> None:
    from uuid import uuid4

    from minorifamiglie.domain import entities as e
    from minorifamiglie.domain.ids import CaseId, OperatorId, VisitId
    from minorifamiglie.domain.observations import Observations
    from minorifamiglie.domain.present import PresentPersons

    visit = e.Visit(
        VisitId(uuid4()), NOW, NOW, None, "hlc", uuid4(), CaseId(uuid4()), None,
        OperatorId(uuid4()),
        VisitKind.HOME_VISIT,
        dt.date(2026, 11, 10), dt.time(15, 0), dt.time(17, 15), "domicilio", VisitOutcome.DONE,
        PresentPersons(), "note", "", "", "", Observations(), "", VisitStatus.CLOSED, NOW,
    )  # fmt: skip
    assert hours.credited_minutes([visit]) == {visit.id: visit.duration_minutes} == {visit.id: 135}


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


# ---------------------------------------------------------------------------------- the rule


def test_minutes_become_hundredths_of_an_hour_rounded_half_up() -> None:
    assert [hours.centi_hours(m) for m in (0, 1, 10, 20, 40, 45, 90, 135)] == [
        0, 2, 17, 33, 67, 75, 150, 225,
    ]  # fmt: skip


@given(st.lists(st.tuples(st.integers(0, 900), st.integers(0, 300)), max_size=60))
def test_the_rows_as_shown_add_up_to_the_total_as_shown(lines: list[tuple[int, int]]) -> None:
    """What a reader (or a spreadsheet's SUM) adds up is what the total says, to the
    hundredth, in every column, delivered included."""
    rows = [hours.Tally.line(direct_minutes=d, indirect_minutes=i) for d, i in lines]
    total = hours.total(rows)

    def shown(value: float) -> int:  # the "12,34" a document prints, back in hundredths
        return round(float(f"{value:.2f}") * 100)

    assert sum(shown(r.direct_hours) for r in rows) == shown(total.direct_hours)
    assert sum(shown(r.indirect_hours) for r in rows) == shown(total.indirect_hours)
    assert sum(shown(r.delivered_hours) for r in rows) == shown(total.delivered_hours)
    assert shown(total.direct_hours) + shown(total.indirect_hours) == shown(total.delivered_hours)
    # The exact minutes stay, and the total shown is never more than half a hundredth per
    # line away from them.
    assert total.minutes == sum(d + i for d, i in lines)
    assert abs(total.delivered_centi - total.minutes * 100 / 60) <= len(lines) + 0.5


def test_three_twenty_minute_lines_show_0_33_each_and_0_99_in_all() -> None:
    rows = [hours.Tally.line(direct_minutes=20) for _ in range(3)]
    assert [f"{r.direct_hours:.2f}" for r in rows] == ["0.33"] * 3
    assert f"{hours.total(rows).direct_hours:.2f}" == "0.99"  # not 1,00: the rows say 0,99
    assert hours.total(rows).direct_minutes == 60


def test_a_suspended_span_accrues_no_authorised_hours() -> None:
    month = HoursPeriod.MONTH
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    suspended: list[hours.Span] = [(dt.date(2026, 11, 16), None)]
    assert hours.authorised_centi(30, month, *nov) == 3000
    assert hours.authorised_centi(30, month, *nov, suspended) == 1500
    reopened: list[hours.Span] = [(dt.date(2026, 11, 11), dt.date(2026, 11, 20))]
    assert hours.authorised_centi(30, month, *nov, reopened) == 2000
    assert hours.authorised_centi(7, HoursPeriod.WEEK, *nov, reopened) == 2000
    assert hours.authorised_centi(30, month, *nov, [(dt.date(2026, 10, 1), None)]) == 0


def test_the_authorised_share_is_exact_then_rounded_once() -> None:
    # 6 h a week over 30 days: 25,714… → 25,71; 2,5 h a week over 3 days: 1,0714… → 1,07.
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert hours.authorised_centi(6, HoursPeriod.WEEK, *nov) == 2571
    assert hours.authorised_centi(2.5, HoursPeriod.WEEK, nov[0], dt.date(2026, 11, 3)) == 107
    assert hours.authorised_centi(0.1, HoursPeriod.MONTH, *nov) == 10  # no binary noise


def test_free_parts_leave_out_the_spans() -> None:
    d = dt.date
    nov = (d(2026, 11, 1), d(2026, 11, 30))
    assert hours.free_parts(*nov, [(d(2026, 11, 10), d(2026, 11, 12))]) == [
        (d(2026, 11, 1), d(2026, 11, 9)),
        (d(2026, 11, 13), d(2026, 11, 30)),
    ]
    assert hours.free_parts(d(2026, 11, 1), d(2026, 11, 30), [(d(2026, 10, 1), None)]) == []
    assert hours.free_parts(d(2026, 11, 1), d(2026, 11, 30), [(d(2026, 12, 1), None)]) == [
        (d(2026, 11, 1), d(2026, 11, 30))
    ]


def test_unpaid_spans_follow_the_status_history() -> None:
    d = dt.date
    open_, suspended, closed = CaseStatus.OPEN, CaseStatus.SUSPENDED, CaseStatus.CLOSED
    assert hours.unpaid_spans([(d(2026, 1, 5), open_)]) == ()
    assert hours.unpaid_spans([(d(2026, 1, 5), open_), (d(2026, 11, 16), suspended)]) == (
        (d(2026, 11, 16), None),
    )
    history = [
        (d(2026, 1, 5), open_),
        (d(2026, 9, 1), suspended),
        (d(2026, 9, 3), suspended),  # set again: still the same suspension
        (d(2026, 10, 1), open_),
        (d(2026, 10, 7), suspended),
        (d(2026, 10, 7), open_),  # undone the same day: nothing
    ]
    assert hours.unpaid_spans(history) == ((d(2026, 9, 1), d(2026, 9, 30)),)
    assert hours.unpaid_spans([(d(2026, 1, 5), closed)], closed_on=d(2026, 6, 30)) == (
        (d(2026, 7, 1), None),
    )


def test_overlaps_pair_the_crossing_visits_of_one_operator_on_one_case() -> None:
    first = a_visit(3, "10:00", "11:30")
    second = a_visit(3, "11:00", "12:00")
    after = a_visit(3, "11:30", "12:30")  # touches the first: no overlap with it
    other_case = a_visit(3, "10:00", "11:30", case=uuid.uuid4())
    colleague = a_visit(3, "10:00", "11:30", operator=uuid.uuid4())
    found = hours.overlaps([after, second, first, other_case, colleague])
    assert [(o.first, o.second, o.minutes) for o in found] == [
        (first, second, 30),
        (second, after, 30),
    ]
    assert hours.crossing(first, [first, second, after, other_case, colleague]) == [second]
    draft = a_visit(3, "11:15", "11:45", status=VisitStatus.DRAFT)  # drafts are warned about
    cancelled = a_visit(3, "10:30", "11:00", outcome=VisitOutcome.CANCELLED_BY_FAMILY)
    assert hours.crossing(first, [draft, cancelled]) == [draft]
    assert hours.crossing(cancelled, [first]) == []


def test_visits_done_are_meetings_in_person_only() -> None:
    assert {k for k in VisitKind if hours.is_visit(k)} == {
        VisitKind.HOME_VISIT,
        VisitKind.FACILITATED_MEETING,
        VisitKind.INTERVIEW,
        VisitKind.ACCOMPANIMENT,
        VisitKind.SCHOOL,
    }
