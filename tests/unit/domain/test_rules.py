"""Deadlines derived from the case file: court reports, foster-care reviews, plans, missing PEI."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import rules
from minorifamiglie.domain.entities import (
    CommunityPlacement,
    Goal,
    GoalAction,
    Measure,
    Placement,
    ServiceActivation,
)
from minorifamiglie.domain.enums import (
    Authority,
    Availability,
    DeadlineKind,
    GoalStatus,
    HoursPeriod,
    LegalBasis,
    MeasureKind,
    PlacementKind,
    PlanKind,
    Service,
)
from minorifamiglie.domain.ids import CaseId, CommunityId, FosterFamilyId, PersonId, uuid7
from support.clock import TODAY

CASE = CaseId(uuid.UUID("0195f0a0-0000-7000-8000-000000000001"))
OTHER_CASE = CaseId(uuid.UUID("0195f0a0-0000-7000-8000-000000000002"))
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


def measure(next_report_due: dt.date | None, *, deleted: bool = False) -> Measure:
    return Measure(
        **_record(deleted),
        case_id=CASE,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        docket_number="123/2026 V.G.",
        issued_on=dt.date(2026, 3, 2),
        prescriptions="",
        next_report_due=next_report_due,
    )


def placement(
    start_on: dt.date,
    *,
    last_review_on: dt.date | None = None,
    planned_end_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    deleted: bool = False,
) -> Placement:
    return Placement(
        **_record(deleted),
        case_id=CASE,
        minor_id=PersonId(uuid7()),
        family_id=FosterFamilyId(uuid7()),
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        schedule=Availability.RESIDENTIAL,
        start_on=start_on,
        planned_end_on=planned_end_on,
        ended_on=ended_on,
        last_review_on=last_review_on,
    )


def goal(
    review_on: dt.date | None,
    *,
    plan: PlanKind = PlanKind.PEI,
    status: GoalStatus = GoalStatus.ACTIVE,
    case_id: CaseId = CASE,
    deleted: bool = False,
) -> Goal:
    return Goal(
        **_record(deleted),
        case_id=case_id,
        plan=plan,
        title="Frequenza scolastica regolare",
        description="",
        indicators="",
        status=status,
        review_on=review_on,
    )


def activation(
    start_on: dt.date,
    *,
    service: Service = Service.ADM,
    end_on: dt.date | None = None,
    case_id: CaseId = CASE,
    deleted: bool = False,
) -> ServiceActivation:
    return ServiceActivation(
        **_record(deleted),
        case_id=case_id,
        service=service,
        start_on=start_on,
        end_on=end_on,
        authorised_hours=6.0,
        hours_period=HoursPeriod.WEEK,
        operator_id=None,
    )


# ---------------------------------------------------------------- court reports


def test_a_measure_with_a_report_due_date_becomes_a_court_report_deadline() -> None:
    m = measure(dt.date(2027, 1, 15))
    [d] = rules.court_report_deadlines([m])
    assert (d.case_id, d.kind, d.due_on, d.source_id) == (
        CASE,
        DeadlineKind.COURT_REPORT,
        dt.date(2027, 1, 15),
        m.id,
    )
    assert d.title == DeadlineKind.COURT_REPORT.label()


def test_measures_without_a_due_date_or_deleted_give_no_deadline() -> None:
    assert rules.court_report_deadlines([measure(None), measure(TODAY, deleted=True)]) == []


# ---------------------------------------------------------------- foster care


def test_a_placement_is_reviewed_six_months_after_it_started() -> None:
    p = placement(dt.date(2026, 3, 10))
    found = {d.kind: d for d in rules.foster_review_deadlines([p], rules.DeadlineRules())}
    assert found[DeadlineKind.FOSTER_REVIEW].due_on == dt.date(2026, 9, 10)
    assert found[DeadlineKind.FOSTER_REVIEW].source_id == p.id


def test_after_a_review_the_next_one_is_six_months_from_the_last_review() -> None:
    p = placement(dt.date(2025, 3, 10), last_review_on=dt.date(2026, 10, 2))
    found = {d.kind: d for d in rules.foster_review_deadlines([p], rules.DeadlineRules())}
    assert found[DeadlineKind.FOSTER_REVIEW].due_on == dt.date(2027, 4, 2)


def test_the_planned_end_defaults_to_24_months_after_the_start() -> None:
    p = placement(dt.date(2026, 3, 10))
    found = {d.kind: d for d in rules.foster_review_deadlines([p], rules.DeadlineRules())}
    assert found[DeadlineKind.PLACEMENT_END].due_on == dt.date(2028, 3, 10)


def test_a_planned_end_set_by_the_measure_wins_over_the_default() -> None:
    p = placement(dt.date(2026, 3, 10), planned_end_on=dt.date(2027, 3, 9))
    found = {d.kind: d for d in rules.foster_review_deadlines([p], rules.DeadlineRules())}
    assert found[DeadlineKind.PLACEMENT_END].due_on == dt.date(2027, 3, 9)


def test_the_coordinator_can_change_the_review_period_and_the_maximum_duration() -> None:
    custom = rules.DeadlineRules(foster_review_months=3, placement_max_months=12)
    found = {
        d.kind: d for d in rules.foster_review_deadlines([placement(dt.date(2026, 3, 10))], custom)
    }
    assert found[DeadlineKind.FOSTER_REVIEW].due_on == dt.date(2026, 6, 10)
    assert found[DeadlineKind.PLACEMENT_END].due_on == dt.date(2027, 3, 10)


def test_ended_or_deleted_placements_have_no_deadlines() -> None:
    ended = placement(dt.date(2025, 1, 1), ended_on=dt.date(2026, 1, 1))
    deleted = placement(dt.date(2025, 1, 1), deleted=True)
    assert rules.foster_review_deadlines([ended, deleted], rules.DeadlineRules()) == []


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # clamped to the end of February
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),  # across the year
        (dt.date(2026, 3, 31), 24, dt.date(2028, 3, 31)),
        (dt.date(2026, 3, 31), 0, dt.date(2026, 3, 31)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_it(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert rules.add_months(start, months) == expected


# ---------------------------------------------------------------- plans


def test_an_active_goal_with_a_review_date_is_a_plan_review() -> None:
    g = goal(dt.date(2027, 2, 1))
    [d] = rules.plan_review_deadlines([g])
    assert (d.kind, d.due_on, d.source_id) == (DeadlineKind.PLAN_REVIEW, dt.date(2027, 2, 1), g.id)
    assert g.title in d.title


def test_goals_achieved_dropped_deleted_or_without_date_are_not_reviewed() -> None:
    goals = [
        goal(None),
        goal(TODAY, status=GoalStatus.ACHIEVED),
        goal(TODAY, status=GoalStatus.DROPPED),
        goal(TODAY, deleted=True),
    ]
    assert rules.plan_review_deadlines(goals) == []


# ---------------------------------------------------------------- ADM without a PEI


def test_an_adm_activation_without_a_pei_is_flagged_sixty_days_after_it_started() -> None:
    a = activation(dt.date(2026, 9, 1))
    [d] = rules.missing_pei_deadlines([a], [], rules.DeadlineRules())
    assert (d.kind, d.due_on, d.source_id) == (
        DeadlineKind.MISSING_PEI,
        dt.date(2026, 10, 31),
        a.id,
    )


def test_a_pei_goal_on_the_case_clears_the_flag_but_a_framework_goal_does_not() -> None:
    a = activation(dt.date(2026, 9, 1))
    assert rules.missing_pei_deadlines([a], [goal(None)], rules.DeadlineRules()) == []
    framework = goal(None, plan=PlanKind.FRAMEWORK)
    assert len(rules.missing_pei_deadlines([a], [framework], rules.DeadlineRules())) == 1
    elsewhere = goal(None, case_id=OTHER_CASE)
    assert len(rules.missing_pei_deadlines([a], [elsewhere], rules.DeadlineRules())) == 1
    deleted = goal(None, deleted=True)
    assert len(rules.missing_pei_deadlines([a], [deleted], rules.DeadlineRules())) == 1


def test_only_open_adm_activations_need_a_pei() -> None:
    others = [
        activation(dt.date(2026, 9, 1), service=Service.TUTORING),
        activation(dt.date(2026, 9, 1), end_on=dt.date(2026, 10, 1)),
        activation(dt.date(2026, 9, 1), deleted=True),
    ]
    assert rules.missing_pei_deadlines(others, [], rules.DeadlineRules()) == []


# ---------------------------------------------------------------- all together


def test_derived_deadlines_come_sorted_by_due_date() -> None:
    found = rules.derive_deadlines(
        [measure(dt.date(2027, 1, 15))],
        [placement(dt.date(2026, 3, 10))],
        [goal(dt.date(2026, 12, 1), plan=PlanKind.FRAMEWORK)],
        [activation(dt.date(2026, 9, 1))],
    )
    assert [(d.due_on, d.kind) for d in found] == [
        (dt.date(2026, 9, 10), DeadlineKind.FOSTER_REVIEW),
        (dt.date(2026, 10, 31), DeadlineKind.MISSING_PEI),
        (dt.date(2026, 12, 1), DeadlineKind.PLAN_REVIEW),
        (dt.date(2027, 1, 15), DeadlineKind.COURT_REPORT),
        (dt.date(2028, 3, 10), DeadlineKind.PLACEMENT_END),
    ]


def test_a_deadline_comes_up_thirty_days_before_and_is_overdue_the_day_after() -> None:
    assert not rules.is_upcoming(TODAY + dt.timedelta(days=31), TODAY)
    assert rules.is_upcoming(TODAY + dt.timedelta(days=30), TODAY)
    assert rules.is_upcoming(TODAY, TODAY)
    assert not rules.is_overdue(TODAY, TODAY)
    assert rules.is_overdue(TODAY - dt.timedelta(days=1), TODAY)
    assert not rules.is_upcoming(TODAY - dt.timedelta(days=1), TODAY)
    assert rules.is_upcoming(
        TODAY + dt.timedelta(days=45), TODAY, rules.DeadlineRules(horizon_days=60)
    )


# ---------------------------------------------------------------- communities and PEI actions


def community_placement(
    start_on: dt.date,
    *,
    last_review_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    deleted: bool = False,
) -> CommunityPlacement:
    return CommunityPlacement(
        **_record(deleted),
        case_id=CASE,
        minor_id=PersonId(uuid7()),
        community_id=CommunityId(uuid7()),
        legal_basis=LegalBasis.JUDICIAL,
        start_on=start_on,
        planned_end_on=None,
        ended_on=ended_on,
        end_reason=None,
        last_review_on=last_review_on,
    )


def action(
    of: Goal, due_on: dt.date | None, *, done_on: dt.date | None = None, deleted: bool = False
) -> GoalAction:
    return GoalAction(
        **_record(deleted),
        case_id=of.case_id,
        goal_id=of.id,
        description="Iscrizione al centro estivo",
        responsible="madre",
        due_on=due_on,
        done_on=done_on,
    )


def test_a_child_in_a_community_is_reported_on_every_six_months() -> None:
    fresh = community_placement(dt.date(2026, 8, 31))
    reviewed = community_placement(dt.date(2025, 3, 10), last_review_on=dt.date(2026, 10, 2))
    found = rules.community_review_deadlines([fresh, reviewed], rules.DeadlineRules())
    assert [(d.kind, d.due_on, d.source_id) for d in found] == [
        (DeadlineKind.COMMUNITY_REVIEW, dt.date(2027, 2, 28), fresh.id),
        (DeadlineKind.COMMUNITY_REVIEW, dt.date(2027, 4, 2), reviewed.id),
    ]
    quarterly = rules.DeadlineRules(community_review_months=3)
    [d] = rules.community_review_deadlines([fresh], quarterly)
    assert d.due_on == dt.date(2026, 11, 30)


def test_ended_or_deleted_community_placements_are_not_reviewed() -> None:
    ended = community_placement(dt.date(2025, 1, 1), ended_on=dt.date(2026, 1, 1))
    deleted = community_placement(dt.date(2025, 1, 1), deleted=True)
    assert rules.community_review_deadlines([ended, deleted], rules.DeadlineRules()) == []


def test_an_open_action_with_a_due_date_under_a_goal_in_progress_is_a_deadline() -> None:
    g = goal(None)
    a = action(g, dt.date(2026, 12, 10))
    [d] = rules.goal_action_deadlines([a], [g])
    assert (d.kind, d.due_on, d.source_id, d.case_id) == (
        DeadlineKind.GOAL_ACTION,
        dt.date(2026, 12, 10),
        a.id,
        CASE,
    )
    assert d.title == "Azione del PEI: Iscrizione al centro estivo"


def test_actions_done_undated_deleted_or_under_a_goal_not_in_progress_are_not() -> None:
    g = goal(None)
    achieved, deleted_goal = goal(None, status=GoalStatus.ACHIEVED), goal(None, deleted=True)
    day = dt.date(2026, 12, 10)
    actions = [
        action(g, day, done_on=TODAY),
        action(g, None),
        action(g, day, deleted=True),
        action(achieved, day),
        action(deleted_goal, day),
        action(goal(None), day),  # its goal is not among the goals given
    ]
    assert rules.goal_action_deadlines(actions, [g, achieved, deleted_goal]) == []


def test_derive_deadlines_takes_community_placements_and_actions_too() -> None:
    g = goal(None)
    found = rules.derive_deadlines(
        [],
        [],
        [g],
        [],
        community_placements=[community_placement(dt.date(2026, 6, 1))],
        goal_actions=[action(g, dt.date(2026, 12, 10))],
    )
    assert [(d.due_on, d.kind) for d in found] == [
        (dt.date(2026, 12, 1), DeadlineKind.COMMUNITY_REVIEW),
        (dt.date(2026, 12, 10), DeadlineKind.GOAL_ACTION),
    ]
