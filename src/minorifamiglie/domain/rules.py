"""Deadlines derived from the case file by pure, configurable rules (DOMAIN.md)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from minorifamiglie.domain.entities import (
    DerivedDeadline,
    Goal,
    Measure,
    Placement,
    ServiceActivation,
)
from minorifamiglie.domain.enums import DeadlineKind, GoalStatus, PlanKind, Service


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """Set by the coordinator; the defaults follow L. 184/1983 and the usual practice."""

    foster_review_months: int = 6
    placement_max_months: int = 24
    missing_pei_after_days: int = 60
    horizon_days: int = 30  # a deadline "comes up" in Scadenze this many days before


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def court_report_deadlines(measures: Iterable[Measure]) -> list[DerivedDeadline]:
    return [
        DerivedDeadline(
            m.case_id,
            DeadlineKind.COURT_REPORT,
            m.next_report_due,
            m.id,
            DeadlineKind.COURT_REPORT.label(),
        )
        for m in measures
        if m.deleted_at is None and m.next_report_due is not None
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


def derive_deadlines(
    measures: Iterable[Measure],
    placements: Iterable[Placement],
    goals: Iterable[Goal],
    activations: Iterable[ServiceActivation],
    rules: DeadlineRules | None = None,
) -> list[DerivedDeadline]:
    rules = rules or DeadlineRules()
    goals = list(goals)
    found = (
        court_report_deadlines(measures)
        + foster_review_deadlines(placements, rules)
        + plan_review_deadlines(goals)
        + missing_pei_deadlines(activations, goals, rules)
    )
    return sorted(found, key=lambda d: (d.due_on, d.kind.value, str(d.source_id)))


def is_overdue(due_on: dt.date, today: dt.date) -> bool:
    return due_on < today


def is_upcoming(due_on: dt.date, today: dt.date, rules: DeadlineRules | None = None) -> bool:
    rules = rules or DeadlineRules()
    return today <= due_on <= today + dt.timedelta(days=rules.horizon_days)
