"""The plain data of the printed visit documents, read from one unit of work: the case heading,
the scheda visita, the verbale di incontro facilitato and the scheda in bianco. No audit and no
PDF here (services/printing.py does both)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import observations as obs
from minorifamiglie.domain.enums import (
    GoalStatus,
    MemberRole,
    PlanKind,
    Service,
    VisitKind,
    VisitOutcome,
)
from minorifamiglie.domain.errors import NotFoundError
from minorifamiglie.reports.blank_sheet import BlankSheet
from minorifamiglie.reports.meeting import GridRow, MeetingRecord
from minorifamiglie.reports.visit_sheet import Amendment, CaseHeading, VisitSheet
from minorifamiglie.storage import models as m
from minorifamiglie.storage.repository import Repository, to_entity

# Who accompanies the child to a meeting, as opposed to the adults the child meets.
ACCOMPANYING = frozenset({MemberRole.FOSTER_CARER, MemberRole.GUARDIAN, MemberRole.SPECIAL_CURATOR})


def local_date(moment: dt.datetime) -> dt.date:
    """A stored UTC moment as the day on this computer's calendar."""
    return moment.astimezone().date()


def operator_name(repo: Repository, operator_id: uuid.UUID | None) -> str:
    if operator_id is None:
        return ""
    try:
        return repo.get(e.Operator, operator_id).name
    except NotFoundError:
        return ""


def members(repo: Repository, case_id: uuid.UUID) -> list[tuple[e.CaseMember, e.Person]]:
    """The persons of a case, the minors first, then by role and name (one query: a member
    whose person was deleted is left out)."""
    stmt = (
        select(m.CaseMemberRow, m.PersonRow)
        .join(m.PersonRow, m.PersonRow.id == m.CaseMemberRow.person_id)
        .where(
            m.CaseMemberRow.case_id == case_id,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
        )
        .order_by(m.CaseMemberRow.id)
    )
    out = [
        (to_entity(e.CaseMember, member), to_entity(e.Person, person))
        for member, person in repo.session.execute(stmt)
    ]
    order = list(MemberRole)
    out.sort(key=lambda mp: (order.index(mp[0].role), mp[1].last_name, mp[1].first_name))
    return out


def heading(
    repo: Repository,
    case: e.Case,
    cooperative: str,
    printed_on: dt.date | None,
    people: list[tuple[e.CaseMember, e.Person]] | None = None,
    created_at: dt.datetime | None = None,
) -> CaseHeading:
    """The heading of a case's documents; `people` are its members when already read;
    `created_at` the moment the PDF is made (its metadata)."""
    if people is None:
        people = members(repo, case.id)
    minors = [p for mb, p in people if mb.role is MemberRole.MINOR]
    return CaseHeading(
        cooperative=cooperative,
        ambito=repo.get(e.Ambito, case.ambito_id).name,
        case_code=case.code,
        service=case.service.label(),
        minor_name=", ".join(p.full_name for p in minors),
        minor_birth_date=minors[0].birth_date if len(minors) == 1 else None,
        printed_on=printed_on,
        created_at=created_at,
    )


def active_goals(repo: Repository, case_id: uuid.UUID) -> tuple[str, ...]:
    """Nothing links a visit to the goals it worked on: the goals in progress stand for them."""
    goals = [
        g
        for g in repo.by_case(e.Goal, case_id, [m.GoalRow.review_on, m.GoalRow.title])
        if g.status is GoalStatus.ACTIVE
    ]
    goals.sort(key=lambda g: g.plan is not PlanKind.PEI)
    return tuple(g.title + ("" if g.plan is PlanKind.PEI else " (Progetto Quadro)") for g in goals)


def present_persons(
    repo: Repository,
    visit: e.Visit,
    people: list[tuple[e.CaseMember, e.Person]] | None = None,
) -> list[tuple[e.CaseMember, e.Person]]:
    try:
        ids = {uuid.UUID(str(i)) for i in json.loads(visit.present_person_ids or "[]")}
    except (ValueError, TypeError):
        ids = set()
    if people is None:
        people = members(repo, visit.case_id)
    return [(mb, p) for mb, p in people if p.id in ids]


def _named(people: list[tuple[e.CaseMember, e.Person]]) -> tuple[str, ...]:
    return tuple(f"{p.full_name} ({mb.role.label()})" for mb, p in people)


def amendments(repo: Repository, visit_id: uuid.UUID) -> tuple[Amendment, ...]:
    rows = repo.find(
        e.VisitAmendment,
        m.VisitAmendmentRow.visit_id == visit_id,
        order_by=[m.VisitAmendmentRow.created_at, m.VisitAmendmentRow.id],
    )
    return tuple(
        Amendment(local_date(a.created_at), operator_name(repo, a.operator_id), a.text)
        for a in rows
    )


def next_appointment(repo: Repository, visit: e.Visit) -> str:
    """The case's next visit in the diary after this one, if one is planned."""
    v = m.VisitRow
    nxt = repo.session.execute(
        select(v.date, v.start_time, v.kind, v.place)
        .where(v.case_id == visit.case_id, v.date > visit.date, v.deleted_at.is_(None))
        .order_by(v.date, v.start_time, v.id)
        .limit(1)
    ).first()
    if nxt is None:
        return ""
    place = f", {nxt.place}" if nxt.place else ""
    return f"{nxt.date:%d/%m/%Y} alle {nxt.start_time:%H:%M} — {nxt.kind.label()}{place}"


def _with_parent_signature(repo: Repository, case: e.Case, visit: e.Visit) -> bool:
    if case.service is Service.ADM:
        return True
    if visit.activation_id is None:
        return False
    try:
        return repo.get(e.ServiceActivation, visit.activation_id).service is Service.ADM
    except NotFoundError:
        return False


def visit_sheet(
    session: Session,
    visit: e.Visit,
    cooperative: str,
    printed_on: dt.date | None,
    created_at: dt.datetime | None = None,
) -> VisitSheet:
    repo = Repository(session)
    case = repo.get(e.Case, visit.case_id)
    observed = obs.parse(visit.observations)
    headings = [k for k in obs.schema_for(visit.kind).texts if k != "rischi"]
    author = operator_name(repo, visit.operator_id)
    people = members(repo, case.id)
    return VisitSheet(
        heading=heading(repo, case, cooperative, printed_on, people, created_at),
        operators=(author,) if author else (),
        date=visit.date,
        start=visit.start_time,
        end=visit.end_time,
        duration_minutes=visit.duration_minutes,
        place=visit.place,
        kind=visit.kind.label(),
        outcome=visit.outcome.label(),
        present=_named(present_persons(repo, visit, people)),
        goals=active_goals(repo, case.id),
        notes=visit.notes,
        observations=tuple((obs.ITEM_LABELS_IT[k], observed.texts.get(k, "")) for k in headings),
        risks=observed.texts.get("rischi", ""),
        facts=visit.facts,
        statements=visit.statements,
        evaluations=visit.evaluations,
        next_steps=visit.next_steps,
        next_appointment=next_appointment(repo, visit),
        amendments=amendments(repo, visit.id),
        closed_on=local_date(visit.closed_at) if visit.closed_at else None,
        closed_by=author,
        parent_signature=_with_parent_signature(repo, case, visit),
    )


def meeting_record(
    session: Session,
    visit: e.Visit,
    cooperative: str,
    printed_on: dt.date | None,
    created_at: dt.datetime | None = None,
) -> MeetingRecord:
    repo = Repository(session)
    case = repo.get(e.Case, visit.case_id)
    observed = obs.parse(visit.observations)
    texts = observed.texts
    people = members(repo, case.id)
    present = [
        (mb, p) for mb, p in present_persons(repo, visit, people) if mb.role is not MemberRole.MINOR
    ]
    author = operator_name(repo, visit.operator_id)
    grid = tuple(
        GridRow(
            obs.ITEM_LABELS_IT[k],
            obs.rating_label_it(observed.grid.get(k, obs.GridValue()).rating),
            observed.grid.get(k, obs.GridValue()).note,
        )
        for k in obs.MEETING_GRID
    )
    reactions = tuple(
        (obs.ITEM_LABELS_IT[k], texts.get(k, ""))
        for k in ("reazioni_prima", "reazioni_durante", "reazioni_dopo")
    )
    return MeetingRecord(
        heading=heading(repo, case, cooperative, printed_on, people, created_at),
        operator=author,
        date=visit.date,
        start=visit.start_time,
        end=visit.end_time,
        duration_minutes=visit.duration_minutes,
        place=visit.place,
        outcome=visit.outcome.label(),
        adults=_named([(mb, p) for mb, p in present if mb.role not in ACCOMPANYING]),
        accompanied_by=_named([(mb, p) for mb, p in present if mb.role in ACCOMPANYING]),
        punctuality=texts.get("puntualita", ""),
        welcome=texts.get("accoglienza", ""),
        activities=visit.notes,
        grid=grid,
        reactions=reactions,
        interventions=texts.get("interventi_operatore", ""),
        critical_events=texts.get("eventi_critici", ""),
        facts=visit.facts,
        statements=visit.statements,
        evaluations=visit.evaluations,
        conclusions=visit.next_steps,
        amendments=amendments(repo, visit.id),
        closed_on=local_date(visit.closed_at) if visit.closed_at else None,
        closed_by=author,
    )


def blank_sheet(
    session: Session,
    sheet_id: uuid.UUID,
    case: e.Case,
    operator_id: uuid.UUID,
    cooperative: str,
    printed_on: dt.date | None,
    created_at: dt.datetime | None = None,
) -> BlankSheet:
    repo = Repository(session)
    return BlankSheet(
        sheet_id=sheet_id,
        heading=heading(repo, case, cooperative, printed_on, created_at=created_at),
        operator=operator_name(repo, operator_id),
        persons=tuple((p.full_name, mb.role.label()) for mb, p in members(repo, case.id)),
        goals=active_goals(repo, case.id),
        kinds=tuple(k.label() for k in VisitKind if k.is_direct),
        outcomes=tuple(o.label() for o in VisitOutcome),
        parent_signature=case.service is Service.ADM,
    )
