"""Relazione di aggiornamento al Tribunale per i Minorenni: one case over one period, read in
one read session into reports/court_report.py's content, written as .odt or PDF.

Only closed and signed visits give facts, statements and evaluations: a draft may still change.
An evaluation stands with the method the operator wrote beside it (the visit's "Metodo della
valutazione"); when none was written (and for visits recorded before there was the field) the
method is the setting of the visit it was formed in (METHODS). The visit has no field for who
made a statement: a statement stands with the persons present at the visit, its text naming
who said it as the diary records it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import hours, validation
from minorifamiglie.domain.courts import juvenile_court
from minorifamiglie.domain.enums import GoalStatus, HoursPeriod, PlanKind, VisitKind, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId, GoalId, OperatorId, VisitId
from minorifamiglie.domain.italian_format import fmt_date, fmt_hours, fmt_time
from minorifamiglie.reports.court_report import (
    CourtReport,
    ReportAmendment,
    ReportEntry,
    ReportGoal,
    ReportHours,
    ReportMeasure,
    ReportMeeting,
    render_court_report_pdf,
)
from minorifamiglie.reports.court_report_odt import render_court_report_odt
from minorifamiglie.services import ambito_settings, hours_data, print_data
from minorifamiglie.services.case_refs import CaseRef, resolve_case_id
from minorifamiglie.services.printing import (
    print_clock,
    save_file,
    save_pdf,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

__all__ = ["FORMATS", "CourtReport", "court_report", "court_report_bytes", "save_court_report"]

KIND = "court_report"  # the audit's name for the document
FORMATS = (".odt", ".pdf")

# The setting an evaluation was formed in, named as a method when the visit states none.
METHODS: dict[VisitKind, str] = {
    VisitKind.HOME_VISIT: "osservazione diretta nel contesto domiciliare",
    VisitKind.FACILITATED_MEETING: (
        "osservazione strutturata dell'incontro facilitato (griglia di osservazione)"
    ),
    VisitKind.INTERVIEW: "colloquio",
    VisitKind.ACCOMPANIMENT: "osservazione diretta durante l'accompagnamento",
    VisitKind.SCHOOL: "osservazione e confronto in ambito scolastico",
    VisitKind.PHONE_CALL: "colloquio telefonico",
    VisitKind.TEAM_MEETING: "confronto multiprofessionale in équipe",
    VisitKind.REPORT_WRITING: "analisi della documentazione",
}
# Meetings the court is told about: the équipe and the incontri facilitati held.
MEETING_KINDS = (VisitKind.TEAM_MEETING, VisitKind.FACILITATED_MEETING)
PER = {HoursPeriod.WEEK: "sett.", HoursPeriod.MONTH: "mese"}


def court_report(
    opened: OpenProfile,
    case_ref: CaseRef,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CourtReport:
    """The relazione's content for `start`..`end` (both included), read in one read session;
    the read is audited as a view of the case."""
    validation.date_range(start, end, "end")
    today, now = print_clock(today, now)
    with opened.read_session() as session:
        case_id = resolve_case_id(session, case_ref)
        report = _read(session, case_id, start, end, today, now)
    opened.record_view("cases", case_id, case_id, {"kind": KIND})
    return report


def _read(
    session: Session,
    case_id: CaseId,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    now: dt.datetime,
) -> CourtReport:
    repo = Repository(session)
    case = repo.get(e.Case, case_id)
    cooperative = ambito_settings.cooperative_for(session, case.ambito_id, today)
    people = print_data.members(repo, case_id)
    head = print_data.heading(repo, case, cooperative, today, people, now)
    names = {o.id: o.name for o in repo.find(e.Operator, include_deleted=True)}
    case_visits = repo.find(
        e.Visit, m.VisitRow.case_id == case_id, order_by=[m.VisitRow.date, m.VisitRow.start_time]
    )
    in_period = [v for v in case_visits if hours.in_range(v.date, start, end)]
    signed = [v for v in in_period if v.status is VisitStatus.CLOSED]
    amendments = _amendments(repo, [v.id for v in signed], names)
    facts, statements, evaluations = [], [], []
    for v in signed:
        operator = names.get(v.operator_id, "")
        kind = v.kind.label()
        extra = amendments.get(v.id, ())
        present = tuple(
            f"{p.full_name} ({mb.role.label()})"
            for mb, p in print_data.present_persons(repo, v, people)
        )
        # An integrazione completes the signed entry: it stands with each of its texts.
        if v.facts.strip():
            facts.append(ReportEntry(v.date, kind, operator, v.facts, amendments=extra))
        if v.statements.strip():
            statements.append(
                ReportEntry(v.date, kind, operator, v.statements, present, amendments=extra)
            )
        if v.evaluations.strip():
            method = (v.evaluation_method or "").strip() or (
                METHODS[v.kind] + (f" ({v.place})" if v.place.strip() else "")
            )
            evaluations.append(
                ReportEntry(v.date, kind, operator, v.evaluations, method=method, amendments=extra)
            )
    operator_ids = [co.operator_id for co in repo.by_case(e.CaseOperator, case_id)]
    return CourtReport(
        case_id=case_id,
        court=juvenile_court(),
        cooperative=cooperative,
        case_code=case.code,
        ambito=head.ambito,
        service=case.service.label(),
        minor_name=head.minor_name,
        minor_birth_date=head.minor_birth_date,
        minor_sex=head.minor_sex,
        start=start,
        end=end,
        measures=_measures(repo, case_id, end),
        facts=tuple(facts),
        statements=tuple(statements),
        evaluations=tuple(evaluations),
        goals=_goals(session, repo, case_id, start, end),
        hours=_hours(session, repo, case, case_visits, start, end, names),
        meetings=tuple(
            ReportMeeting(
                v.date,
                f"{fmt_time(v.start_time)}–{fmt_time(v.end_time)}",
                v.kind.label(),
                names.get(v.operator_id, ""),
                v.place,
                v.outcome.label(),
            )
            for v in signed
            if v.kind in MEETING_KINDS
        ),
        signatories=tuple(names[i] for i in operator_ids if i in names),
        signed_visits=len(signed),
        drafts_left_out=len(in_period) - len(signed),
        printed_on=today,
        created_at=now,
    )


def _amendments(
    repo: Repository, visit_ids: list[VisitId], names: dict[OperatorId, str]
) -> dict[VisitId, tuple[ReportAmendment, ...]]:
    out: dict[VisitId, list[ReportAmendment]] = {}
    if not visit_ids:
        return {}
    for a in repo.find(
        e.VisitAmendment,
        m.VisitAmendmentRow.visit_id.in_(visit_ids),
        order_by=[m.VisitAmendmentRow.created_at, m.VisitAmendmentRow.id],
    ):
        out.setdefault(a.visit_id, []).append(
            ReportAmendment(
                print_data.local_date(a.created_at), names.get(a.operator_id, ""), a.text
            )
        )
    return {k: tuple(v) for k, v in out.items()}


def _measures(repo: Repository, case_id: uuid.UUID, end: dt.date) -> tuple[ReportMeasure, ...]:
    """The measures issued by the end of the period (a measure records no revocation: every
    one issued is taken as in force)."""
    return tuple(
        ReportMeasure(
            x.authority.label(),
            x.kind.label(),
            x.docket_number,
            x.issued_on,
            x.prescriptions,
            x.next_report_due,
        )
        for x in repo.by_case(e.Measure, case_id, [m.MeasureRow.issued_on, m.MeasureRow.id])
        if x.issued_on <= end
    )


def _goals(
    session: Session, repo: Repository, case_id: uuid.UUID, start: dt.date, end: dt.date
) -> tuple[ReportGoal, ...]:
    """PEI goals first, then the Progetto Quadro's, each with its status today and the status
    changes recorded in the period. A status has no date of its own: its changes are read from
    the change log, each on the day it was recorded (as services/hours_data.py reads a case's
    suspensions); a goal's first status is its creation, not a change."""
    goals = repo.by_case(e.Goal, case_id, [m.GoalRow.review_on, m.GoalRow.title])
    goals.sort(key=lambda g: g.plan is not PlanKind.PEI)
    history = _status_history(session, [g.id for g in goals])
    out = []
    for g in goals:
        steps = history.get(g.id, [])
        changes = tuple(
            (day, s.label()) for i, (day, s) in enumerate(steps) if i and start <= day <= end
        )
        out.append(
            ReportGoal(
                g.plan.label(),
                g.title,
                g.description,
                g.indicators,
                g.status.label(),
                g.review_on,
                changes,
            )
        )
    return tuple(out)


def _status_history(
    session: Session, goal_ids: list[GoalId]
) -> dict[GoalId, list[tuple[dt.date, GoalStatus]]]:
    """Each goal's statuses in clock order, from the day each was recorded (the first, its
    creation)."""
    if not goal_ids:
        return {}
    ch = m.ChangeRow
    rows = session.execute(
        select(ch.entity_id, ch.hlc, ch.data)
        .where(
            ch.entity == m.GoalRow.__tablename__,
            ch.entity_id.in_(goal_ids),
            ch.data.like('%"status":%'),
        )
        .order_by(ch.entity_id, ch.hlc)
    )
    out: dict[GoalId, list[tuple[dt.date, GoalStatus]]] = {}
    for goal_id, hlc, data in rows:
        status = GoalStatus(json.loads(data)["status"])
        steps = out.setdefault(GoalId(goal_id), [])
        if not steps or steps[-1][1] is not status:
            steps.append((hours_data.recorded_on(hlc), status))
    return out


def _hours(
    session: Session,
    repo: Repository,
    case: e.Case,
    case_visits: list[e.Visit],
    start: dt.date,
    end: dt.date,
    names: dict[OperatorId, str],
) -> tuple[ReportHours, ...]:
    """Delivered against authorised over the days each activation shares with the period:
    the one hours rule (domain/hours.py), the figures of the case file and the monthly report."""
    unpaid = hours_data.unpaid_spans(session, [case.id]).get(case.id, ())
    settings = ambito_settings.live_rows(session, [case.ambito_id]).get(case.ambito_id, [])
    out = []
    for act in repo.by_case(e.ServiceActivation, case.id, [m.ServiceActivationRow.start_on]):
        span = hours.overlap(start, end, act.start_on, act.end_on)
        if span is None:
            continue
        # The hours rules of the case's Ambito on the first day counted, as the monthly report.
        rules = ambito_settings.hours_rules_of(ambito_settings.row_on(settings, span[0]))
        tally = hours.activation_tally(
            act, *span, case_visits, case.service, rules=rules, unpaid=unpaid
        )
        own = f"dal {fmt_date(act.start_on)}" + (
            f" al {fmt_date(act.end_on)}" if act.end_on else ""
        )
        out.append(
            ReportHours(
                act.service.label(),
                own,
                f"{fmt_hours(act.authorised_hours)} h/{PER[act.hours_period]}",
                names.get(act.operator_id, "") if act.operator_id else "",
                tally.visits,
                tally.delivered_hours,
                tally.authorised_hours,
                tally.cancelled,
            )
        )
    return tuple(out)


# ------------------------------------------------------------------ the document


def court_report_bytes(report: CourtReport, suffix: str) -> bytes:
    """The document in the format of `suffix` (".odt" or ".pdf")."""
    if suffix == ".odt":
        return render_court_report_odt(report)
    if suffix == ".pdf":
        return render_court_report_pdf(report)
    raise ValidationError("Formato non previsto: usare .odt o .pdf", "format")


def file_name(report: CourtReport) -> str:
    """A name for the saved file with nothing personal in it: the case code and the period."""
    return f"relazione-{report.case_code}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"


def save_court_report(
    opened: OpenProfile,
    case_ref: CaseRef,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    password: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CourtReport:
    """Write the relazione to `path` (.odt or .pdf by its suffix) atomically, mode 0600, and
    audit the export. A password encrypts a PDF (AES-256); an .odt cannot take one."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError("Il file deve essere .odt o .pdf", "path")
    if password is not None and suffix != ".pdf":
        raise ValidationError("La password vale solo per il PDF", "password")
    report = court_report(opened, case_ref, start, end, today, now)
    data = court_report_bytes(report, suffix)
    case_id = report.case_id
    if suffix == ".pdf":
        save_pdf(
            opened, data, path, kind=KIND, entity="cases", entity_id=case_id, case_id=case_id,
            password=password,
        )  # fmt: skip
    else:
        save_file(opened, data, path, kind=KIND, entity="cases", entity_id=case_id, case_id=case_id)
    return report
