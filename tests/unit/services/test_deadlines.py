"""Manual deadlines, and Scadenze: what comes up across every case in charge, overdue first."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    DeadlineKind,
    GoalStatus,
    HoursPeriod,
    MeasureKind,
    OpKind,
    PlanKind,
    Service,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import activations, cases, deadlines, records
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def test_a_manual_deadline_is_added_completed_and_removed(
    opened: OpenProfile, case_file, traces
) -> None:
    case_id = case_file.case.id
    deadline = deadlines.add_deadline(
        opened, case_id, title="Inviare la relazione alla scuola", due_on=dt.date(2026, 12, 5)
    )
    assert deadline.kind is DeadlineKind.MANUAL
    assert deadline.done_on is None
    assert deadlines.list_deadlines(opened, case_id) == [deadline]

    done = deadlines.complete_deadline(opened, deadline.id, today=TODAY)
    assert done.done_on == TODAY
    assert deadlines.list_deadlines(opened, case_id, include_done=False) == []
    assert deadlines.reopen_deadline(opened, deadline.id).done_on is None

    deadlines.remove_deadline(opened, deadline.id)
    assert deadlines.list_deadlines(opened, case_id) == []
    assert traces.changes("deadlines", deadline.id) == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.UPDATE,
        OpKind.TOMBSTONE,
    ]
    trail = traces.audit("deadlines", deadline.id)
    assert [t.action for t in trail] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    assert {t.case_id for t in trail} == {case_id}
    assert trail[1].detail == {"fields": ["done_on"]}
    with pytest.raises(NotFoundError, match="Scadenza non trovata"):
        deadlines.complete_deadline(opened, deadline.id, today=TODAY)


def test_manual_deadline_validation(opened: OpenProfile, case_file) -> None:
    case_id = case_file.case.id
    with pytest.raises(ValidationError) as err:
        deadlines.add_deadline(opened, case_id, title=" ", due_on=TODAY)
    assert err.value.field == "title"
    with pytest.raises(ValidationError) as err:
        deadlines.add_deadline(opened, case_id, title="Udienza", due_on=cast(dt.date, None))
    assert err.value.field == "due_on"
    deadline = deadlines.add_deadline(opened, case_id, title="Udienza", due_on=TODAY)
    with pytest.raises(ValidationError) as err:
        deadlines.complete_deadline(opened, deadline.id, dt.date(2026, 12, 1), today=TODAY)
    assert err.value.field == "done_on"
    with pytest.raises(ValidationError) as err:
        deadlines.update_deadline(opened, deadline.id, kind=DeadlineKind.COURT_REPORT)
    assert err.value.field == "kind"
    assert deadlines.update_deadline(opened, deadline.id, title="Udienza al TM").title == (
        "Udienza al TM"
    )


def test_upcoming_deadlines_across_cases_overdue_first(opened: OpenProfile, case_file) -> None:
    first = case_file.case
    second = cases.add_case(opened, ambito="VIM", service=Service.ADM, today=TODAY)
    closed = cases.add_case(opened, ambito="BG", service=Service.TUTELA, today=TODAY)

    # Overdue: a court report due on 10 November, an ADM started in August without a PEI.
    report = records.add_measure(
        opened,
        first.id,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        issued_on=dt.date(2026, 5, 10),
        next_report_due=dt.date(2026, 11, 10),
        today=TODAY,
    )
    adm = activations.add_activation(
        opened,
        second.id,
        service=Service.ADM,
        start_on=dt.date(2026, 8, 1),
        authorised_hours=4,
        hours_period=HoursPeriod.WEEK,
    )
    # Coming up: a goal review, a manual deadline of each case, one due today.
    goal = records.add_goal(
        opened, first.id, title="Gestione della rabbia", review_on=dt.date(2026, 12, 10)
    )
    school = deadlines.add_deadline(
        opened, second.id, title="Colloquio", due_on=dt.date(2026, 12, 1)
    )
    today_one = deadlines.add_deadline(opened, first.id, title="Telefonare", due_on=TODAY)
    # Not shown: beyond the horizon, done, removed, inactive goal, a closed case.
    deadlines.add_deadline(opened, first.id, title="Lontana", due_on=dt.date(2027, 2, 1))
    done = deadlines.add_deadline(opened, first.id, title="Fatta", due_on=dt.date(2026, 11, 20))
    deadlines.complete_deadline(opened, done.id, today=TODAY)
    removed = deadlines.add_deadline(opened, second.id, title="Tolta", due_on=dt.date(2026, 11, 30))
    deadlines.remove_deadline(opened, removed.id)
    records.add_goal(
        opened,
        first.id,
        title="Sospeso",
        status=GoalStatus.DROPPED,
        review_on=dt.date(2026, 12, 1),
    )
    deadlines.add_deadline(opened, closed.id, title="Chiusa", due_on=dt.date(2026, 11, 30))
    cases.edit_case(
        opened, closed.code, {"status": "chiusa", "closure_reason": "archiviazione"}, today=TODAY
    )

    rows = deadlines.upcoming_deadlines(opened, TODAY)

    assert [(r.case_code, r.kind, r.due_on, r.source_id) for r in rows] == [
        (second.code, DeadlineKind.MISSING_PEI, dt.date(2026, 9, 30), adm.id),
        (first.code, DeadlineKind.COURT_REPORT, dt.date(2026, 11, 10), report.id),
        (first.code, DeadlineKind.MANUAL, TODAY, today_one.id),
        (second.code, DeadlineKind.MANUAL, dt.date(2026, 12, 1), school.id),
        (first.code, DeadlineKind.PLAN_REVIEW, dt.date(2026, 12, 10), goal.id),
    ]
    assert [r.overdue for r in rows] == [True, True, False, False, False]
    assert [r.days_left for r in rows] == [-55, -14, 0, 7, 16]
    assert [r.derived for r in rows] == [True, True, False, False, True]
    assert rows[2].title == "Telefonare"
    assert rows[4].title.endswith("Gestione della rabbia")
    # A shorter horizon keeps the overdue ones.
    assert len(deadlines.upcoming_deadlines(opened, TODAY, days=7)) == 4


def test_a_pei_goal_clears_the_missing_pei_flag(opened: OpenProfile, case_file) -> None:
    activations.add_activation(
        opened,
        case_file.case.id,
        service=Service.ADM,
        start_on=dt.date(2026, 8, 1),
        authorised_hours=4,
        hours_period=HoursPeriod.WEEK,
    )
    assert [r.kind for r in deadlines.upcoming_deadlines(opened, TODAY)] == [
        DeadlineKind.MISSING_PEI
    ]
    # A PEI goal with no review date: it matters although it is not itself a deadline.
    records.add_goal(opened, case_file.case.id, title="Autonomia", plan=PlanKind.PEI)
    assert deadlines.upcoming_deadlines(opened, TODAY) == []


def test_upcoming_deadlines_on_an_empty_profile(opened: OpenProfile) -> None:
    assert deadlines.upcoming_deadlines(opened, TODAY) == []
