"""Sintesi della cartella: gathers the case, its records, the hours of its activations and the
diary of a period through the existing services, and renders reports/case_summary.py."""

from __future__ import annotations

import datetime as dt

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import hours, validation
from minorifamiglie.domain.enums import DeadlineKind, VisitStatus
from minorifamiglie.reports.case_summary import (
    CaseSummary,
    DiaryAmendment,
    DiaryEntry,
    SummaryActivation,
    SummaryDeadline,
    SummaryPerson,
    SummaryPlacement,
    render_case_summary,
)
from minorifamiglie.services import (
    ambito_settings,
    cases,
    hours_data,
    operators,
    placements,
    visits,
)
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.printing import documents_cooperative, print_clock
from minorifamiglie.storage.profile import OpenProfile

__all__ = ["CaseSummary", "case_summary", "case_summary_pdf"]


def case_summary(
    opened: OpenProfile,
    case_ref: CaseRef,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> CaseSummary:
    """The summary of a case with the diary from `start` to `end` (both included; either may be
    open). Only closed and signed visits enter the diary: drafts may still change."""
    today = today or dt.date.today()
    if start is not None and end is not None:
        validation.date_range(start, end, "end")
    detail = cases.show_case(opened, case_ref, today=today)
    case_id = detail.case.id
    names = {o.id: o.name for o in operators.list_operators(opened, include_inactive=True)}

    def operator_name(act: e.ServiceActivation) -> str:
        return names.get(act.operator_id, "") if act.operator_id else ""

    entries = []
    drafts = 0
    views = visits.list_visits(opened, str(case_id))
    case_visits = [view.visit for view in views]
    with opened.read_session() as session:
        unpaid = hours_data.unpaid_spans(session, [case_id]).get(case_id, ())
        ambito_id = detail.case.ambito_id
        settings = ambito_settings.live_rows(session, [ambito_id]).get(ambito_id, [])
    for view in views:
        v = view.visit
        if not hours.in_range(v.date, start, end):
            continue
        if v.status is not VisitStatus.CLOSED:
            drafts += 1
            continue
        amendments = tuple(DiaryAmendment(a, names.get(a.operator_id, "")) for a in view.amendments)
        entries.append(DiaryEntry(v, names.get(v.operator_id, ""), amendments))
    return CaseSummary(
        case=detail.case,
        ambito=detail.ambito,
        operators=tuple(o.name for o in detail.operators),
        persons=tuple(SummaryPerson(mv.member.role, mv.person) for mv in detail.members),
        measures=detail.measures,
        activations=tuple(
            _usage(
                act,
                detail.case,
                case_visits,
                unpaid,
                start,
                end,
                today,
                operator_name(act),
                settings,
            )
            for act in detail.activations
        ),
        goals=detail.goals,
        goal_actions=detail.goal_actions,
        deadlines=tuple(
            SummaryDeadline(DeadlineKind(d.kind).label(), d.title, d.due_on, d.done_on, d.done_by)
            for d in detail.deadlines
        ),
        placements=tuple(
            SummaryPlacement(v.placement, v.minor.full_name, v.family.name)
            for v in placements.list_placements(opened, case_id)
        ),
        diary=tuple(entries),
        start=start,
        end=end,
        drafts_left_out=drafts,
    )


def _usage(
    act: e.ServiceActivation,
    case: e.Case,
    case_visits: list[e.Visit],
    unpaid: tuple[hours.Span, ...],
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
    operator: str,
    settings: list[e.AmbitoSettings],
) -> SummaryActivation:
    """Hours delivered against authorised over the days the period and the activation share
    (up to today when the period has no end); none when they share no day. The one hours rule
    (domain/hours.py): the same figures as the case file and, for a month, the monthly report."""
    first = max(start or act.start_on, act.start_on)
    last = min(d for d in (end or max(today, act.start_on), act.end_on) if d is not None)
    if last < first:
        return SummaryActivation(act, operator, 0.0, 0.0, 0)
    # The hours rules of the case's Ambito on the first day counted, as the monthly report.
    rules = ambito_settings.hours_rules_of(ambito_settings.row_on(settings, first))
    tally = hours.activation_tally(
        act, first, last, case_visits, case.service, rules=rules, unpaid=unpaid
    )
    return SummaryActivation(
        act, operator, tally.delivered_hours, tally.authorised_hours, tally.visits
    )


def case_summary_pdf(
    opened: OpenProfile,
    case_ref: CaseRef,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The Sintesi della cartella as PDF (audit is the caller's: it saves or prints).
    `today` is its print date, on which deadlines are overdue; `now` the moment in its
    metadata."""
    today, now = print_clock(today, now)
    summary = case_summary(opened, case_ref, start, end, today)
    cooperative, logo = documents_cooperative(opened, summary.case.ambito_id, today)
    return render_case_summary(summary, cooperative, printed_on=today, created_at=now, logo=logo)
