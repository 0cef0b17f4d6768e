"""Deadlines derived from the case file by pure, configurable rules (DOMAIN.md)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from minorifamiglie.domain.ages import ADULT_AGE, PROSIEGUO_END_AGE, birthday
from minorifamiglie.domain.entities import (
    CommunityPlacement,
    CourtReport,
    DerivedDeadline,
    Goal,
    GoalAction,
    Measure,
    Placement,
    ServiceActivation,
)
from minorifamiglie.domain.enums import DeadlineKind, GoalStatus, MeasureKind, PlanKind, Service
from minorifamiglie.domain.ids import CaseId, PersonId
from minorifamiglie.domain.italian_format import fmt_date


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """Set by the coordinator; the defaults follow L. 184/1983 and the usual practice."""

    foster_review_months: int = 6
    placement_max_months: int = 24
    missing_pei_after_days: int = 60
    community_review_months: int = 6  # the relazione on a child in a residential community
    horizon_days: int = 30  # a deadline "comes up" in Scadenze this many days before
    # The request for a prosieguo amministrativo must reach the Tribunale per i Minorenni
    # before the 18th birthday: its deadline falls this many days before it.
    prosieguo_request_days: int = 90


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def court_report_deadlines(
    measures: Iterable[Measure], reports: Iterable[CourtReport] = ()
) -> list[DerivedDeadline]:
    """The next report of each measure in force; an ended measure asks for none, and a report
    recorded as sent for that due date completes it (see `completed_deadlines`)."""
    sent = {(r.measure_id, r.due_on) for r in reports if r.deleted_at is None}
    return [
        DerivedDeadline(
            m.case_id,
            DeadlineKind.COURT_REPORT,
            m.next_report_due,
            m.id,
            DeadlineKind.COURT_REPORT.label(),
        )
        for m in measures
        if m.deleted_at is None
        and m.ended_on is None
        and m.next_report_due is not None
        and (m.id, m.next_report_due) not in sent
    ]


def foster_review_deadlines(
    placements: Iterable[Placement], rules: DeadlineRules
) -> list[DerivedDeadline]:
    """Every active placement is reviewed every six months from its start or last review,
    and its planned end (by default 24 months) is itself a deadline."""
    out: list[DerivedDeadline] = []
    for p in placements:
        if p.deleted_at is not None or p.ended_on is not None:
            continue
        base = p.last_review_on or p.start_on
        out.append(
            DerivedDeadline(
                p.case_id,
                DeadlineKind.FOSTER_REVIEW,
                add_months(base, rules.foster_review_months),
                p.id,
                DeadlineKind.FOSTER_REVIEW.label(),
            )
        )
        end = p.planned_end_on or add_months(p.start_on, rules.placement_max_months)
        out.append(
            DerivedDeadline(
                p.case_id, DeadlineKind.PLACEMENT_END, end, p.id, DeadlineKind.PLACEMENT_END.label()
            )
        )
    return out


def plan_review_deadlines(goals: Iterable[Goal]) -> list[DerivedDeadline]:
    return [
        DerivedDeadline(
            g.case_id,
            DeadlineKind.PLAN_REVIEW,
            g.review_on,
            g.id,
            f"{DeadlineKind.PLAN_REVIEW.label()}: {g.title}",
        )
        for g in goals
        if g.deleted_at is None and g.review_on is not None and g.status is GoalStatus.ACTIVE
    ]


def missing_pei_deadlines(
    activations: Iterable[ServiceActivation], goals: Iterable[Goal], rules: DeadlineRules
) -> list[DerivedDeadline]:
    """An ADM activation without any PEI goal is flagged 60 days after it started."""
    cases_with_pei = {g.case_id for g in goals if g.deleted_at is None and g.plan is PlanKind.PEI}
    return [
        DerivedDeadline(
            a.case_id,
            DeadlineKind.MISSING_PEI,
            a.start_on + dt.timedelta(days=rules.missing_pei_after_days),
            a.id,
            DeadlineKind.MISSING_PEI.label(),
        )
        for a in activations
        if a.deleted_at is None
        and a.service is Service.ADM
        and a.end_on is None
        and a.case_id not in cases_with_pei
    ]


def community_review_deadlines(
    placements: Iterable[CommunityPlacement], rules: DeadlineRules
) -> list[DerivedDeadline]:
    """A child placed in a community is reported on every six months, from the placement's
    start or its last review, as long as the placement lasts."""
    return [
        DerivedDeadline(
            p.case_id,
            DeadlineKind.COMMUNITY_REVIEW,
            add_months(p.last_review_on or p.start_on, rules.community_review_months),
            p.id,
            DeadlineKind.COMMUNITY_REVIEW.label(),
        )
        for p in placements
        if p.deleted_at is None and p.ended_on is None
    ]


def goal_action_deadlines(
    actions: Iterable[GoalAction], goals: Iterable[Goal]
) -> list[DerivedDeadline]:
    """An action not yet done, with a due date, under a goal still in progress: the goal
    reviewed (achieved, dropped…) or deleted takes its open actions off the deadlines."""
    in_progress = {g.id for g in goals if g.deleted_at is None and g.status is GoalStatus.ACTIVE}
    return [
        DerivedDeadline(
            a.case_id,
            DeadlineKind.GOAL_ACTION,
            a.due_on,
            a.id,
            f"{DeadlineKind.GOAL_ACTION.label()}: {a.description}",
        )
        for a in actions
        if a.deleted_at is None
        and a.done_on is None
        and a.due_on is not None
        and a.goal_id in in_progress
    ]


@dataclass(frozen=True, slots=True)
class MinorInCharge:
    """A minor of a case in charge (not closed) with a birth date: the age deadlines' source."""

    case_id: CaseId
    person_id: PersonId
    birth_date: dt.date
    service: Service  # the case's


@dataclass(frozen=True, slots=True)
class DoneDeadline:
    """A derived deadline already met: on `done_on`, by the operator `done_by` when recorded."""

    deadline: DerivedDeadline
    done_on: dt.date
    done_by: uuid.UUID | None = None


def _prosieguo_measures(measures: Iterable[Measure]) -> dict[uuid.UUID, list[Measure]]:
    out: dict[uuid.UUID, list[Measure]] = {}
    for m in measures:
        if m.deleted_at is None and m.kind is MeasureKind.PROSIEGUO:
            out.setdefault(m.case_id, []).append(m)
    return out


def _age_title(kind: DeadlineKind, years: int, day: dt.date) -> str:
    return f"{kind.label()}: {years} anni il {fmt_date(day)}"


def _coming_of_age(
    minor: MinorInCharge, prosieguo: list[Measure], today: dt.date, rules: DeadlineRules
) -> DerivedDeadline | DoneDeadline | None:
    """The request for a prosieguo amministrativo, due `prosieguo_request_days` before the
    18th birthday; met once a prosieguo measure is recorded. None after the birthday: the
    request can no longer be made (the age warnings say what no longer fits)."""
    day = birthday(minor.birth_date, ADULT_AGE)
    if today > day:
        return None
    deadline = DerivedDeadline(
        minor.case_id,
        DeadlineKind.COMING_OF_AGE,
        day - dt.timedelta(days=rules.prosieguo_request_days),
        minor.person_id,
        _age_title(DeadlineKind.COMING_OF_AGE, ADULT_AGE, day),
    )
    if prosieguo:
        return DoneDeadline(deadline, min(m.issued_on for m in prosieguo))
    return deadline


def _age_21(
    minor: MinorInCharge, prosieguo: list[Measure]
) -> DerivedDeadline | DoneDeadline | None:
    """The 21st birthday, end of the prosieguo amministrativo: for neomaggiorenni cases and
    cases with a prosieguo measure; met when every prosieguo measure has ended."""
    if minor.service is not Service.CARE_LEAVERS and not prosieguo:
        return None
    day = birthday(minor.birth_date, PROSIEGUO_END_AGE)
    deadline = DerivedDeadline(
        minor.case_id,
        DeadlineKind.AGE_21,
        day,
        minor.person_id,
        _age_title(DeadlineKind.AGE_21, PROSIEGUO_END_AGE, day),
    )
    ends = [m.ended_on for m in prosieguo]
    if ends and all(end is not None for end in ends):
        return DoneDeadline(deadline, max(end for end in ends if end is not None))
    return deadline


def age_deadlines(
    minors: Iterable[MinorInCharge],
    measures: Iterable[Measure],
    today: dt.date,
    rules: DeadlineRules | None = None,
) -> tuple[list[DerivedDeadline], list[DoneDeadline]]:
    """The 18th birthday (prosieguo request) and the 21st of the minors in charge: those
    still to meet, and those met."""
    rules = rules or DeadlineRules()
    by_case = _prosieguo_measures(measures)
    open_: list[DerivedDeadline] = []
    done: list[DoneDeadline] = []
    for minor in minors:
        prosieguo = by_case.get(minor.case_id, [])
        for found in (_coming_of_age(minor, prosieguo, today, rules), _age_21(minor, prosieguo)):
            if isinstance(found, DoneDeadline):
                done.append(found)
            elif found is not None:
                open_.append(found)
    return open_, done


def sent_report_deadlines(
    measures: Iterable[Measure], reports: Iterable[CourtReport]
) -> list[DoneDeadline]:
    """Each report recorded as sent, as the court-report deadline it completed (due on its
    `due_on`, or on the day it was sent when it completed none), of the measures given."""
    live = {m.id: m for m in measures if m.deleted_at is None}
    return [
        DoneDeadline(
            DerivedDeadline(
                live[r.measure_id].case_id,
                DeadlineKind.COURT_REPORT,
                r.due_on or r.sent_on,
                r.measure_id,
                DeadlineKind.COURT_REPORT.label(),
            ),
            r.sent_on,
            r.operator_id,
        )
        for r in reports
        if r.deleted_at is None and r.measure_id in live
    ]


def completed_deadlines(
    measures: Iterable[Measure],
    *,
    reports: Iterable[CourtReport] = (),
    minors: Iterable[MinorInCharge] = (),
    today: dt.date | None = None,
    rules: DeadlineRules | None = None,
) -> list[DoneDeadline]:
    """The derived deadlines already met: court reports sent, and the age deadlines a
    prosieguo measure met."""
    measures = list(measures)
    minors = list(minors)
    done = sent_report_deadlines(measures, reports)
    if minors:
        if today is None:
            raise ValueError("the age deadlines need today's date")
        done += age_deadlines(minors, measures, today, rules)[1]
    return sorted(
        done, key=lambda d: (d.deadline.due_on, d.deadline.kind.value, str(d.deadline.source_id))
    )


def derive_deadlines(
    measures: Iterable[Measure],
    placements: Iterable[Placement],
    goals: Iterable[Goal],
    activations: Iterable[ServiceActivation],
    rules: DeadlineRules | None = None,
    *,
    community_placements: Iterable[CommunityPlacement] = (),
    goal_actions: Iterable[GoalAction] = (),
    reports: Iterable[CourtReport] = (),
    minors: Iterable[MinorInCharge] = (),
    today: dt.date | None = None,
) -> list[DerivedDeadline]:
    """The deadlines still to meet. `reports` complete court-report deadlines; `minors` (with
    `today`, which the age deadlines need) add the 18th and 21st birthdays."""
    rules = rules or DeadlineRules()
    goals = list(goals)
    measures = list(measures)
    minors = list(minors)
    ages: list[DerivedDeadline] = []
    if minors:
        if today is None:
            raise ValueError("the age deadlines need today's date")
        ages = age_deadlines(minors, measures, today, rules)[0]
    found = (
        court_report_deadlines(measures, reports)
        + foster_review_deadlines(placements, rules)
        + plan_review_deadlines(goals)
        + missing_pei_deadlines(activations, goals, rules)
        + community_review_deadlines(community_placements, rules)
        + goal_action_deadlines(goal_actions, goals)
        + ages
    )
    return sorted(found, key=lambda d: (d.due_on, d.kind.value, str(d.source_id)))


def is_overdue(due_on: dt.date, today: dt.date) -> bool:
    return due_on < today


def is_upcoming(due_on: dt.date, today: dt.date, rules: DeadlineRules | None = None) -> bool:
    rules = rules or DeadlineRules()
    return today <= due_on <= today + dt.timedelta(days=rules.horizon_days)
