"""The monthly hours report computed in domain/: what counts, overlaps, totals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from minorifamiglie.domain import hours
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
        activation.id if activation else None,
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
    assert row.hours == Tally.line(2000, direct_minutes=90, visits=1)
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
    assert by_operator["Paolo Verdi"] == Tally.line(direct_minutes=120, visits=1)
    assert out.total == Tally.line(2000, direct_minutes=240, visits=2)
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
    assert out.total == Tally.line(cancelled_by_family=2, cancelled_by_service=1, no_show=1)
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


def test_visits_done_count_meetings_in_person_not_team_meetings_or_reports() -> None:
    case = a_case()
    day = dt.date(2026, 11, 5)
    out = report(
        [case],
        [],
        [
            a_visit(case, day, "09:00", "10:00", kind=VisitKind.TEAM_MEETING),
            a_visit(case, day, "10:00", "11:00", kind=VisitKind.REPORT_WRITING),
            a_visit(case, day, "11:00", "11:10", kind=VisitKind.PHONE_CALL),
            a_visit(case, day, "15:00", "16:00", kind=VisitKind.HOME_VISIT),
            a_visit(case, day, "17:00", "18:00", kind=VisitKind.SCHOOL),
        ],
    )
    assert out.total.visits == 2
    assert (out.total.direct_minutes, out.total.indirect_minutes) == (120, 130)


def test_rows_as_shown_add_up_to_the_totals_as_shown() -> None:
    # Three cases of 20 minutes each: 0,33 + 0,33 + 0,33 is 0,99, and so is the total (the
    # rounding of the exact hour, 1,00, would not be what the rows add up to).
    cases = [a_case(f"VBR-2026-000{n}-AAA") for n in (1, 2, 3)]
    day = dt.date(2026, 11, 5)
    out = report(cases, [], [a_visit(c, day, "10:00", "10:20") for c in cases])
    assert [f"{r.hours.direct_hours:.2f}" for r in out.rows] == ["0.33"] * 3
    for total in (out.total, out.by_ambito[0].hours, out.by_service[0].hours):
        assert f"{total.direct_hours:.2f}" == "0.99"
    assert out.total.direct_minutes == 60


def test_the_overlaps_counted_once_are_listed() -> None:
    case = a_case()
    day = dt.date(2026, 11, 3)
    visits = [
        a_visit(case, day, "10:00", "11:30"),
        a_visit(case, day, "11:00", "12:00"),
        a_visit(case, day, "11:00", "12:00", operator=VERDI),  # another operator: fine
        a_visit(case, day, "10:30", "11:00", status=VisitStatus.DRAFT),  # not counted yet
    ]
    out = report([case], [], visits)
    assert [(o.case_code, o.operator, o.day, o.minutes) for o in out.overlaps] == [
        (case.code, "Marta Rossi", day, 30)
    ]
    assert out.overlaps[0].first == (dt.time(10), dt.time(11, 30))
    assert out.overlaps[0].second == (dt.time(11), dt.time(12))


def test_a_suspended_case_accrues_no_authorised_hours_while_suspended() -> None:
    suspended, away = a_case("VBR-2026-0001-AAA"), a_case("VBR-2026-0002-AAA")
    acts = [an_activation(suspended, hours=30.0), an_activation(away, hours=30.0)]
    unpaid = {
        suspended.case_id: ((dt.date(2026, 11, 16), None),),  # from the 16th
        away.case_id: ((dt.date(2026, 9, 1), None),),  # all month
    }
    out = compute(*NOV, [suspended, away], acts, [], unpaid=unpaid)
    assert [(r.case_code, r.hours.authorised_hours) for r in out.rows] == [(suspended.code, 15.0)]
    assert out.total.authorised_hours == 15.0


def test_an_activation_shows_the_same_hours_as_its_report_row() -> None:
    # A tutela case with an ADM activation too, one educator for both: the ADM visit starts
    # before the tutela one ends. The common quarter hour counts once, on the earlier visit
    # (tutela), so ADM has 2 h 15 min less 15 min, in the case file as in the report.
    case = a_case()
    tutela = an_activation(case, hours=10.0, service=Service.TUTELA)
    adm = an_activation(case, hours=4.0, period=HoursPeriod.WEEK, service=Service.ADM)
    day = dt.date(2026, 11, 10)
    visits = [
        a_visit(case, day, "14:00", "16:00", activation=tutela),
        a_visit(case, day, "15:45", "18:00", activation=adm),
        a_visit(case, day + dt.timedelta(days=1), "15:00", "17:00", activation=adm),
    ]
    out = report([case], [tutela, adm], visits)
    rows = {r.service: r.hours for r in out.rows}
    for act in (tutela, adm):
        alone = hours.activation_tally(act, *NOV, visits, case.service)
        assert alone == rows[act.service]
    assert rows[Service.ADM].direct_minutes == 120 + 120
    assert rows[Service.ADM].authorised_hours == 17.14
