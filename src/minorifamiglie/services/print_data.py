"""The plain data of the printed visit documents, read from one unit of work: the case heading,
the scheda visita, the verbale di incontro facilitato and the scheda in bianco. No audit and no
PDF here (services/printing.py does both).

A signed visit is printed from what was frozen when it was closed (`Visit.frozen`, written by
services/frozen.py with the readers below): heading, operators, persons present, goals, next
appointment. Only its integrazioni and the print date are read at print time."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import places
from minorifamiglie.domain.enums import (
    GoalStatus,
    MemberRole,
    PlanKind,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import NotFoundError
from minorifamiglie.domain.ids import CaseId, GoalId, OperatorId, SheetId, VisitId
from minorifamiglie.domain.italian_format import fmt_date, fmt_time
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


def operator_name(repo: Repository, operator_id: OperatorId | None) -> str:
    if operator_id is None:
        return ""
    try:
        return repo.get(e.Operator, operator_id).name
    except NotFoundError:
        return ""


def members(repo: Repository, case_id: CaseId) -> list[tuple[e.CaseMember, e.Person]]:
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
        minor_sex=minors[0].sex.value if len(minors) == 1 and minors[0].sex else "",
        comune=places.comune_name(case.comune),
        printed_on=printed_on,
        created_at=created_at,
    )


def frozen_heading(
    doc: fd.FrozenDocument, printed_on: dt.date | None, created_at: dt.datetime | None
) -> CaseHeading:
    """The heading of a signed visit's documents as it was when the visit was closed."""
    return CaseHeading(
        cooperative=doc.cooperative,
        ambito=doc.ambito,
        case_code=doc.case_code,
        service=doc.service,
        minor_name=doc.minor_name,
        minor_birth_date=doc.minor_birth_date,
        minor_sex=doc.minor_sex,
        comune=doc.comune,
        printed_on=printed_on,
        created_at=created_at,
    )


def goal_title(goal: e.Goal) -> str:
    return goal.title + ("" if goal.plan is PlanKind.PEI else " (Progetto Quadro)")


def active_goals(repo: Repository, case_id: CaseId) -> tuple[str, ...]:
    """The goals in progress, the PEI's first: what a blank sheet offers to tick."""
    goals = [
        g
        for g in repo.by_case(e.Goal, case_id, [m.GoalRow.review_on, m.GoalRow.title])
        if g.status is GoalStatus.ACTIVE
    ]
    goals.sort(key=lambda g: g.plan is not PlanKind.PEI)
    return tuple(goal_title(g) for g in goals)


def goal_ids(visit: e.Visit) -> list[GoalId] | None:
    """The goals chosen as worked on, in their order; None when the visit does not say (it
    was written before revision 0007)."""
    if visit.goal_ids is None:
        return None
    try:
        ids = [GoalId(uuid.UUID(str(i))) for i in json.loads(visit.goal_ids or "[]")]
    except (ValueError, TypeError):
        return []
    return list(dict.fromkeys(ids))


def visit_goals(repo: Repository, visit: e.Visit) -> tuple[str, ...]:
    """The goals the visit worked on, in the order chosen (a goal removed since is left out).
    A visit that does not say which (written before revision 0007) lists the goals in
    progress, as every visit did then."""
    ids = goal_ids(visit)
    if ids is None:
        return active_goals(repo, visit.case_id)
    if not ids:
        return ()
    goals = {g.id: g for g in repo.find(e.Goal, m.GoalRow.id.in_(ids))}
    return tuple(
        goal_title(goals[i]) for i in ids if i in goals and goals[i].case_id == visit.case_id
    )


def present_persons(
    repo: Repository,
    visit: e.Visit,
    people: list[tuple[e.CaseMember, e.Person]] | None = None,
) -> list[tuple[e.CaseMember, e.Person]]:
    ids = visit.present_person_ids
    if people is None:
        people = members(repo, visit.case_id)
    return [(mb, p) for mb, p in people if p.id in ids]


def present_frozen(
    repo: Repository, visit: e.Visit, people: list[tuple[e.CaseMember, e.Person]] | None = None
) -> tuple[fd.PresentPerson, ...]:
    """The persons present as a signed document keeps them: name, role code and label."""
    return tuple(
        fd.PresentPerson(p.full_name, mb.role.value, mb.role.label())
        for mb, p in present_persons(repo, visit, people)
    )


def amendments(repo: Repository, visit_id: VisitId) -> tuple[Amendment, ...]:
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
    return f"{fmt_date(nxt.date)} alle {fmt_time(nxt.start_time)} — {nxt.kind.label()}{place}"


def with_parent_signature(repo: Repository, case: e.Case, visit: e.Visit) -> bool:
    """ADM: a parent signs to confirm presence and hours."""
    if case.service is Service.ADM:
        return True
    if visit.activation_id is None:
        return False
    try:
        return repo.get(e.ServiceActivation, visit.activation_id).service is Service.ADM
    except NotFoundError:
        return False


def live_document(
    session: Session, visit: e.Visit, cooperative: str, closed_by: OperatorId | None = None
) -> fd.FrozenDocument:
    """What the documents of `visit` show beyond its own fields, read now: services/frozen.py
    freezes it when the visit is closed (`closed_by` the operator closing it; without one, the
    author) and the documents of a draft print it."""
    repo = Repository(session)
    case = repo.get(e.Case, visit.case_id)
    people = members(repo, case.id)
    head = heading(repo, case, cooperative, None, people)
    author = operator_name(repo, visit.operator_id)
    return fd.FrozenDocument(
        cooperative=head.cooperative,
        ambito=head.ambito,
        comune=head.comune,
        case_code=head.case_code,
        service=head.service,
        minor_name=head.minor_name,
        minor_birth_date=head.minor_birth_date,
        minor_sex=head.minor_sex,
        author=author,
        closed_by=(operator_name(repo, closed_by) if closed_by else "") or author,
        present=present_frozen(repo, visit, people),
        goals=visit_goals(repo, visit),
        next_appointment=next_appointment(repo, visit),
        parent_signature=with_parent_signature(repo, case, visit),
    )


def document(session: Session, visit: e.Visit, cooperative: str) -> fd.FrozenDocument:
    """What the documents of `visit` show beyond its own fields: for a signed visit, what was
    frozen when it was closed, so that a reprint reads the same forever.

    A draft is read now, and so is a visit signed before revision 0007 (its `frozen` is NULL;
    also one whose document this version cannot read): its reprint shows today's cooperative,
    Ambito, comune, names, roles and next appointment, and, having no goals chosen, the goals
    in progress today, as every reprint did before."""
    if visit.status is VisitStatus.CLOSED:
        frozen = fd.parse(visit.frozen)
        if frozen is not None:
            return frozen
    return live_document(session, visit, cooperative)


def visit_sheet(
    session: Session,
    visit: e.Visit,
    cooperative: str,
    printed_on: dt.date | None,
    created_at: dt.datetime | None = None,
) -> VisitSheet:
    """The scheda visita: a signed visit as frozen at its close, a draft or a visit signed
    before revision 0007 as things are now (`document`); the integrazioni always as they are."""
    repo = Repository(session)
    doc = document(session, visit, cooperative)
    observed = visit.observations
    headings = [k for k in obs.schema_for(visit.kind).texts if k != "rischi"]
    return VisitSheet(
        heading=frozen_heading(doc, printed_on, created_at),
        operators=(doc.author,) if doc.author else (),
        date=visit.date,
        start=visit.start_time,
        end=visit.end_time,
        duration_minutes=visit.duration_minutes,
        place=visit.place,
        kind=visit.kind.label(),
        outcome=visit.outcome.label(),
        present=tuple(p.named for p in doc.present),
        goals=doc.goals,
        notes=visit.notes,
        observations=tuple((obs.ITEM_LABELS_IT[k], observed.texts.get(k, "")) for k in headings),
        risks=observed.texts.get("rischi", ""),
        facts=visit.facts,
        statements=visit.statements,
        evaluations=visit.evaluations,
        evaluation_method=visit.evaluation_method or "",
        next_steps=visit.next_steps,
        next_appointment=doc.next_appointment,
        amendments=amendments(repo, visit.id),
        closed_on=local_date(visit.closed_at) if visit.closed_at else None,
        closed_by=doc.closed_by,
        parent_signature=doc.parent_signature,
    )


def meeting_record(
    session: Session,
    visit: e.Visit,
    cooperative: str,
    printed_on: dt.date | None,
    created_at: dt.datetime | None = None,
) -> MeetingRecord:
    """The verbale di incontro facilitato, read as the scheda visita is (`document`)."""
    repo = Repository(session)
    doc = document(session, visit, cooperative)
    observed = visit.observations
    texts = observed.texts
    # By the role's code, as it was at the close: the adults met, and who accompanies the child.
    present = [p for p in doc.present if p.role != MemberRole.MINOR.value]
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
        heading=frozen_heading(doc, printed_on, created_at),
        operator=doc.author,
        date=visit.date,
        start=visit.start_time,
        end=visit.end_time,
        duration_minutes=visit.duration_minutes,
        place=visit.place,
        outcome=visit.outcome.label(),
        adults=tuple(p.named for p in present if p.role not in ACCOMPANYING),
        accompanied_by=tuple(p.named for p in present if p.role in ACCOMPANYING),
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
        evaluation_method=visit.evaluation_method or "",
        conclusions=visit.next_steps,
        amendments=amendments(repo, visit.id),
        closed_on=local_date(visit.closed_at) if visit.closed_at else None,
        closed_by=doc.closed_by,
    )


def blank_sheet(
    session: Session,
    sheet_id: SheetId,
    case: e.Case,
    operator_id: OperatorId,
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
