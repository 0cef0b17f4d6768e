"""The monthly hours report computed in domain/: what counts, overlaps, totals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from minorifamiglie.domain.enums import HoursPeriod, Service, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.hours import HoursRules, month_bounds
from minorifamiglie.domain.hours_report import (
    ActivationInfo,
    CaseInfo,
    HoursReport,
    Tally,
    VisitInfo,
    compute,
    credited_minutes,
)

NOV = month_bounds(2026, 11)
DEC = month_bounds(2026, 12)
ROSSI, VERDI = uuid.uuid4(), uuid.uuid4()
NAMES = {ROSSI: "Marta Rossi", VERDI: "Paolo Verdi"}


def a_case(code: str = "VBR-2026-0001-AAA", ambito: str = "VBR") -> CaseInfo:
    return CaseInfo(uuid.uuid4(), code, "L.R.", ambito, f"Ambito {ambito}", Service.ADM)


def an_activation(
    case: CaseInfo,
    hours: float = 20.0,
    period: HoursPeriod = HoursPeriod.MONTH,
    service: Service = Service.ADM,
    operator: uuid.UUID | None = ROSSI,
    start: dt.date = dt.date(2026, 1, 1),
    end: dt.date | None = None,
) -> ActivationInfo:
    return ActivationInfo(
        uuid.uuid4(),
        case.case_id,
        service,
        start,
        end,
        hours,
        period,
        operator,
        NAMES.get(operator, "") if operator else "",
    )


def a_visit(
    case: CaseInfo,
    day: dt.date,
    start: str,
    end: str,
    *,
    operator: uuid.UUID = ROSSI,
    kind: VisitKind = VisitKind.HOME_VISIT,
    outcome: VisitOutcome = VisitOutcome.DONE,
    status: VisitStatus = VisitStatus.CLOSED,
    deleted: bool = False,
    activation: ActivationInfo | None = None,
) -> VisitInfo:
    return VisitInfo(
        uuid.uuid4(),
        case.case_id,
        activation.activation_id if activation else None,
        operator,
        NAMES[operator],
        kind,
        day,
        dt.time.fromisoformat(start),
        dt.time.fromisoformat(end),
        outcome,
        status,
        dt.datetime(2026, 11, 30, tzinfo=dt.UTC) if deleted else None,
    )


def report(
    cases: list[CaseInfo],
    acts: list[ActivationInfo],
    visits: list[VisitInfo],
    month: tuple[dt.date, dt.date] = NOV,
    rules: HoursRules | None = None,
) -> HoursReport:
    return compute(*month, cases, acts, visits, rules=rules)


def test_closed_visits_count_drafts_and_deleted_ones_do_not() -> None:
    case = a_case()
    act = an_activation(case)
    day = dt.date(2026, 11, 10)
    visits = [
        a_visit(case, day, "15:00", "16:30", activation=act),
        a_visit(case, day, "17:00", "18:00", status=VisitStatus.DRAFT, activation=act),
        a_visit(case, day, "09:00", "11:00", deleted=True, activation=act),
    ]
    out = report([case], [act], visits)
    assert len(out.rows) == 1
    row = out.rows[0]
    assert (row.operator, row.case_code, row.initials) == ("Marta Rossi", case.code, "L.R.")
    assert row.hours == Tally(authorised_hours=20.0, direct_minutes=90, visits=1)
    assert out.total.direct_hours == 1.5


def test_an_amended_visit_counts_once_with_its_original_times() -> None:
    # An amendment adds text to a signed visit; the slot read from the database is the same
    # visit once, however many integrazioni it has.
    case = a_case()
    visit = a_visit(case, dt.date(2026, 11, 3), "10:00", "12:00")
    out = report([case], [], [visit])
    assert out.total.direct_minutes == 120 and out.total.visits == 1


def test_overlapping_visits_of_one_operator_count_as_their_union() -> None:
    case = a_case()
    day = dt.date(2026, 11, 12)
    visits = [
        a_visit(case, day, "15:00", "17:00"),
        a_visit(case, day, "16:00", "18:00"),  # one more hour, not two
        a_visit(case, day, "15:30", "16:30"),  # inside the first: nothing more
        a_visit(case, day + dt.timedelta(days=1), "16:00", "17:00"),  # another day
    ]
    out = report([case], [], visits)
    assert out.total.direct_minutes == 180 + 60
    assert out.total.visits == 4
    assert sum(credited_minutes(visits).values()) == 240


def test_overlapping_visits_of_two_operators_both_count() -> None:
    # Two educators at the same incontro are two people's work: each is paid.
    case = a_case()
    day = dt.date(2026, 11, 12)
    out = report(
        [case],
        [an_activation(case)],
        [
            a_visit(case, day, "15:00", "17:00", operator=ROSSI),
            a_visit(case, day, "15:00", "17:00", operator=VERDI),
        ],
    )
    by_operator = {r.operator: r.hours for r in out.rows}
    assert by_operator["Marta Rossi"].direct_minutes == 120
    assert by_operator["Marta Rossi"].authorised_hours == 20.0  # the activation's operator
    assert by_operator["Paolo Verdi"] == Tally(direct_minutes=120, visits=1)
    assert out.total == Tally(authorised_hours=20.0, direct_minutes=240, visits=2)
    assert [c.hours.delivered_hours for c in out.by_case] == [4.0]


def test_direct_and_indirect_hours_follow_the_visit_kind() -> None:
    case = a_case()
    day = dt.date(2026, 11, 5)
    out = report(
        [case],
        [],
        [
            a_visit(case, day, "09:00", "10:00", kind=VisitKind.TEAM_MEETING),
            a_visit(case, day, "15:00", "16:45", kind=VisitKind.HOME_VISIT),
        ],
    )
    assert (out.total.direct_hours, out.total.indirect_hours) == (1.75, 1.0)
    assert out.total.delivered_hours == 2.75


def test_cancelled_visits_are_counted_per_cause_not_as_hours() -> None:
    case = a_case()
    day = dt.date(2026, 11, 20)
    visits = [
        a_visit(case, day, "15:00", "16:00", outcome=VisitOutcome.CANCELLED_BY_FAMILY),
        a_visit(case, day, "15:00", "16:00", outcome=VisitOutcome.CANCELLED_BY_FAMILY),
        a_visit(case, day, "15:00", "16:00", outcome=VisitOutcome.CANCELLED_BY_SERVICE),
        a_visit(case, day, "15:00", "16:00", outcome=VisitOutcome.NO_SHOW),
        a_visit(
            case, day, "15:00", "16:00", outcome=VisitOutcome.NO_SHOW, status=VisitStatus.DRAFT
        ),
    ]
    out = report([case], [], visits)
    assert out.total == Tally(cancelled_by_family=2, cancelled_by_service=1, no_show=1)
    assert out.total.cancelled == 4
    assert out.total.cancelled_for(VisitOutcome.CANCELLED_BY_FAMILY) == 2
    # An Ambito that pays missed visits counts the no-show's hour (still listed as no-show).
    paid = report([case], [], visits, rules=HoursRules(count_missed=True))
    assert paid.total.direct_minutes == 60 and paid.total.no_show == 1


def test_a_month_with_holidays_changes_nothing_but_the_days() -> None:
    # December 2026: 8 (Immacolata), 25 and 26 (Natale, Santo Stefano) are holidays.
    case = a_case()
    weekly = an_activation(case, hours=7.0, period=HoursPeriod.WEEK)
    visits = [
        a_visit(case, dt.date(2026, 12, 8), "10:00", "11:00", activation=weekly),
        a_visit(case, dt.date(2026, 12, 25), "10:00", "12:00", activation=weekly),
        a_visit(case, dt.date(2026, 12, 26), "10:00", "10:30", activation=weekly),
        a_visit(case, dt.date(2026, 11, 30), "10:00", "12:00", activation=weekly),  # November
        a_visit(case, dt.date(2027, 1, 1), "10:00", "12:00", activation=weekly),  # January
    ]
    out = report([case], [weekly], visits, month=DEC)
    assert out.month == "2026-12"
    assert out.total.authorised_hours == 31.0  # 7 h a week over 31 days
    assert out.total.direct_minutes == 60 + 120 + 30


def test_authorised_hours_are_the_share_of_the_month_the_activation_covers() -> None:
    case = a_case()
    half = an_activation(case, hours=30.0, start=dt.date(2026, 11, 16))  # 15 of 30 days
    ended = an_activation(case, hours=10.0, end=dt.date(2026, 10, 31))  # before the month
    unassigned = an_activation(case, hours=4.0, service=Service.TUTORING, operator=None)
    out = report([case], [half, ended, unassigned], [])
    assert [(r.service, r.operator, r.hours.authorised_hours) for r in out.rows] == [
        (Service.ADM, "Marta Rossi", 15.0),
        (Service.TUTORING, "", 4.0),
    ]
    assert out.total.authorised_hours == 19.0


def test_visits_go_to_their_activation_service_and_totals_add_up() -> None:
    bg, vbr = a_case("BG-2026-0001-AAA", "BG"), a_case("VBR-2026-0002-AAA", "VBR")
    meetings = an_activation(vbr, hours=8.0, service=Service.FACILITATED_MEETINGS, operator=VERDI)
    adm = an_activation(vbr, hours=12.0)
    day = dt.date(2026, 11, 9)
    visits = [
        a_visit(vbr, day, "15:00", "16:00", operator=VERDI, activation=meetings),
        a_visit(vbr, day, "09:00", "11:00", activation=adm),
        a_visit(bg, day, "09:00", "10:30"),  # no activation: the case's service (ADM)
        a_visit(vbr, day, "15:30", "17:00", operator=ROSSI, activation=adm),
    ]
    out = report([bg, vbr], [meetings, adm], visits)
    keys = [(r.ambito_code, r.service, r.operator) for r in out.rows]
    assert keys == [
        ("BG", Service.ADM, "Marta Rossi"),
        ("VBR", Service.ADM, "Marta Rossi"),
        ("VBR", Service.FACILITATED_MEETINGS, "Paolo Verdi"),
    ]
    assert [(t.ambito_code, t.hours.direct_minutes) for t in out.by_ambito] == [
        ("BG", 90),
        ("VBR", 60 + 120 + 90),
    ]
    assert [(t.service, t.hours.authorised_hours) for t in out.by_service] == [
        (Service.ADM, 0.0),
        (Service.ADM, 12.0),
        (Service.FACILITATED_MEETINGS, 8.0),
    ]
    assert out.total.direct_minutes == sum(r.hours.direct_minutes for r in out.rows)
    assert out.total.authorised_hours == 20.0


@pytest.mark.parametrize("month", [NOV, DEC])
def test_an_empty_month_is_an_empty_report(month: tuple[dt.date, dt.date]) -> None:
    out = report([], [], [], month=month)
    assert out.rows == () and out.total == Tally()
