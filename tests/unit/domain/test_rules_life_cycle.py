"""Derived deadlines of the life cycle (domain/rules.py): the 18th birthday (the request for a
prosieguo amministrativo), the 21st, court reports sent, measures ended."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import rules
from minorifamiglie.domain.entities import CourtReport, Measure
from minorifamiglie.domain.enums import Authority, DeadlineKind, MeasureEnd, MeasureKind, Service
from minorifamiglie.domain.ids import CaseId, OperatorId, PersonId, uuid7
from minorifamiglie.domain.rules import DeadlineRules, MinorInCharge
from support.clock import TODAY

CASE = CaseId(uuid.UUID("0195f0a0-0000-7000-8000-000000000001"))
OTHER_CASE = CaseId(uuid.UUID("0195f0a0-0000-7000-8000-000000000002"))
OPERATOR = OperatorId(uuid.UUID("0195f0a0-0000-7000-8000-0000000000aa"))
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _record(deleted: bool = False) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "created_at": STAMP,
        "updated_at": STAMP,
        "deleted_at": STAMP if deleted else None,
        "version_hlc": "",
        "origin_device": uuid.UUID(int=0),
    }


def measure(
    kind: MeasureKind = MeasureKind.ENTRUSTMENT,
    *,
    next_report_due: dt.date | None = None,
    issued_on: dt.date = dt.date(2026, 3, 2),
    ended_on: dt.date | None = None,
    case_id: CaseId = CASE,
    deleted: bool = False,
) -> Measure:
    return Measure(
        **_record(deleted),
        case_id=case_id,
        authority=Authority.JUVENILE_COURT,
        kind=kind,
        docket_number="",
        issued_on=issued_on,
        prescriptions="",
        next_report_due=next_report_due,
        ended_on=ended_on,
        end_reason=MeasureEnd.REVOKED if ended_on else None,
    )


def report(of: Measure, due_on: dt.date | None, sent_on: dt.date, **kw: Any) -> CourtReport:
    return CourtReport(
        **_record(kw.get("deleted", False)),
        case_id=of.case_id,
        measure_id=of.id,
        due_on=due_on,
        sent_on=sent_on,
        operator_id=OPERATOR,
        protocol="",
        notes="",
    )


def minor(born: dt.date, service: Service = Service.TUTELA, case_id: CaseId = CASE) -> Any:
    return MinorInCharge(case_id, PersonId(uuid.uuid5(case_id, born.isoformat())), born, service)


def derive(*, measures: Any = (), **kw: Any) -> list[Any]:
    return rules.derive_deadlines(measures, [], [], [], **kw)


# ---------------------------------------------------------------- 18th and 21st birthdays


def test_the_18th_birthday_asks_for_the_prosieguo_request_90_days_before() -> None:
    child = minor(dt.date(2009, 5, 12))  # 18 on 12/05/2027
    [found] = derive(minors=[child], today=TODAY)
    assert (found.kind, found.case_id, found.source_id) == (
        DeadlineKind.COMING_OF_AGE,
        CASE,
        child.person_id,
    )
    assert found.due_on == dt.date(2027, 5, 12) - dt.timedelta(days=90)
    assert found.title == (
        "Maggiore età: richiesta di prosieguo amministrativo al Tribunale: 18 anni il 12/05/2027"
    )


def test_the_lead_time_is_a_rule() -> None:
    child = minor(dt.date(2009, 5, 12))
    [found] = derive(minors=[child], today=TODAY, rules=DeadlineRules(prosieguo_request_days=120))
    assert found.due_on == dt.date(2027, 1, 12)


def test_after_the_18th_birthday_the_request_is_no_longer_a_deadline() -> None:
    assert derive(minors=[minor(dt.date(2008, 11, 23))], today=TODAY) == []
    # on the birthday itself it is still there (overdue)
    [today] = derive(minors=[minor(dt.date(2008, 11, 24))], today=TODAY)
    assert today.kind is DeadlineKind.COMING_OF_AGE


def test_a_prosieguo_measure_meets_the_18th_birthday_and_asks_for_the_21st() -> None:
    child = minor(dt.date(2009, 5, 12))
    granted = measure(MeasureKind.PROSIEGUO, issued_on=dt.date(2026, 10, 5))
    [open_] = derive(measures=[granted], minors=[child], today=TODAY)
    assert (open_.kind, open_.due_on) == (DeadlineKind.AGE_21, dt.date(2030, 5, 12))
    assert open_.title.endswith(": 21 anni il 12/05/2030")
    [done] = rules.completed_deadlines([granted], minors=[child], today=TODAY)
    assert (done.deadline.kind, done.done_on, done.done_by) == (
        DeadlineKind.COMING_OF_AGE,
        dt.date(2026, 10, 5),
        None,
    )


def test_a_neomaggiorenni_case_has_the_21st_birthday_and_an_ended_prosieguo_meets_it() -> None:
    young = minor(dt.date(2007, 3, 1), Service.CARE_LEAVERS)
    [open_] = derive(minors=[young], today=TODAY)
    assert (open_.kind, open_.due_on) == (DeadlineKind.AGE_21, dt.date(2028, 3, 1))
    ended = measure(MeasureKind.PROSIEGUO, issued_on=dt.date(2025, 1, 2), ended_on=TODAY)
    assert derive(measures=[ended], minors=[young], today=TODAY) == []
    [done] = rules.completed_deadlines([ended], minors=[young], today=TODAY)
    assert (done.deadline.kind, done.done_on) == (DeadlineKind.AGE_21, TODAY)


def test_age_deadlines_of_one_case_do_not_leak_into_another() -> None:
    here = minor(dt.date(2009, 5, 12))
    there = minor(dt.date(2009, 5, 12), case_id=OTHER_CASE)
    granted = measure(MeasureKind.PROSIEGUO, case_id=OTHER_CASE)
    found = derive(measures=[granted], minors=[here, there], today=TODAY)
    assert sorted((d.case_id == CASE, d.kind.value) for d in found) == [
        (False, DeadlineKind.AGE_21.value),
        (True, DeadlineKind.COMING_OF_AGE.value),
    ]
    # a deleted prosieguo is no prosieguo
    gone = measure(MeasureKind.PROSIEGUO, deleted=True)
    [only] = derive(measures=[gone], minors=[here], today=TODAY)
    assert only.kind is DeadlineKind.COMING_OF_AGE


def test_the_age_deadlines_need_today() -> None:
    with pytest.raises(ValueError, match="today"):
        derive(minors=[minor(dt.date(2009, 5, 12))])


# ---------------------------------------------------------------- court reports


def test_a_report_sent_completes_the_deadline_it_was_due_for() -> None:
    due = dt.date(2026, 12, 1)
    decree = measure(next_report_due=due)
    assert [d.kind for d in derive(measures=[decree])] == [DeadlineKind.COURT_REPORT]
    sent = report(decree, due, dt.date(2026, 11, 20))
    assert derive(measures=[decree], reports=[sent]) == []
    [done] = rules.completed_deadlines([decree], reports=[sent])
    assert (done.deadline.kind, done.deadline.due_on, done.deadline.source_id) == (
        DeadlineKind.COURT_REPORT,
        due,
        decree.id,
    )
    assert (done.done_on, done.done_by) == (dt.date(2026, 11, 20), OPERATOR)


def test_a_report_for_an_earlier_date_leaves_the_next_one_open() -> None:
    decree = measure(next_report_due=dt.date(2027, 5, 1))
    earlier = report(decree, dt.date(2026, 11, 1), dt.date(2026, 10, 28))
    [open_] = derive(measures=[decree], reports=[earlier])
    assert open_.due_on == dt.date(2027, 5, 1)
    [done] = rules.completed_deadlines([decree], reports=[earlier])
    assert done.deadline.due_on == dt.date(2026, 11, 1)


def test_a_deleted_report_completes_nothing_and_a_report_of_no_date_shows_its_day() -> None:
    due = dt.date(2026, 12, 1)
    decree = measure(next_report_due=due)
    gone = report(decree, due, dt.date(2026, 11, 20), deleted=True)
    assert [d.due_on for d in derive(measures=[decree], reports=[gone])] == [due]
    assert rules.completed_deadlines([decree], reports=[gone]) == []
    unprompted = report(decree, None, dt.date(2026, 9, 3))
    [done] = rules.completed_deadlines([decree], reports=[unprompted])
    assert done.deadline.due_on == dt.date(2026, 9, 3)


def test_an_ended_measure_yields_no_court_report_deadline() -> None:
    decree = measure(next_report_due=dt.date(2026, 12, 1), ended_on=dt.date(2026, 11, 2))
    assert derive(measures=[decree]) == []
