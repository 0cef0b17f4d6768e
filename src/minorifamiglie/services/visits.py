"""The diary: visits as drafts, closed and signed (then immutable, with what their documents
show frozen: services/frozen.py), amendments after closing."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import hours, validation
from minorifamiglie.domain.enums import AuditAction, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ImmutableError, ValidationError
from minorifamiglie.domain.ids import GoalId, VisitId
from minorifamiglie.domain.italian_format import fmt_date, fmt_time
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import frozen
from minorifamiglie.services.case_refs import resolve_case_id, visit_id
from minorifamiglie.storage import audit, queries
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import NoteHit
from minorifamiglie.storage.repository import Repository

TEXT_FIELDS = ("place", "notes", "facts", "statements", "evaluations", "next_steps")
# As the visit editor labels them: a message names the field the educator sees.
TEXT_LABELS = {
    "place": "Luogo",
    "notes": "Descrizione della visita",
    "facts": "Fatti accertati",
    "statements": "Dichiarazioni",
    "evaluations": "Valutazioni professionali",
    "next_steps": "Accordi e prossimi passi",
}
NO_OBSERVATIONS = Observations()
NOBODY = PresentPersons()
DRAFT_FIELDS = (
    *TEXT_FIELDS,
    "kind",
    "date",
    "start_time",
    "end_time",
    "outcome",
    "present_person_ids",
    "observations",
    "activation_id",
    "goal_ids",  # revision 0007: the goals worked on, a JSON list of goal ids in their order
    "evaluation_method",
)


@dataclass(frozen=True, slots=True)
class VisitView:
    visit: e.Visit
    amendments: tuple[e.VisitAmendment, ...]


def _activation_for(session: Session, case_id: uuid.UUID, day: dt.date) -> uuid.UUID | None:
    """The case's service activation covering the visit's day, so hours count against it."""
    for act in Repository(session).by_case(
        e.ServiceActivation, case_id, [m.ServiceActivationRow.start_on]
    ):
        if act.start_on <= day and (act.end_on is None or day <= act.end_on):
            return act.id
    return None


def _narrative(values: Mapping[str, object]) -> dict[str, object]:
    """The visit's texts as stored (`validation.narrative`: no control character a note
    pasted from another program may bring)."""
    return {
        name: validation.narrative(value)
        if name in TEXT_FIELDS and isinstance(value, str)
        else value
        for name, value in values.items()
    }


def _check(values: Mapping[str, object], today: dt.date, closing: bool) -> None:
    start, end = values["start_time"], values["end_time"]
    assert isinstance(start, dt.time) and isinstance(end, dt.time)
    validation.visit_times(start, end)
    for name in TEXT_FIELDS:
        value = values.get(name, "")
        assert isinstance(value, str)
        validation.long_text(value, name, TEXT_LABELS[name])
    date = values["date"]
    assert isinstance(date, dt.date)
    status = VisitStatus.CLOSED if closing else VisitStatus.DRAFT
    validation.visit_date(date, today, status)
    kind, outcome = values["kind"], values["outcome"]
    assert isinstance(kind, VisitKind) and isinstance(outcome, VisitOutcome)
    validation.visit_required_fields(
        kind, outcome, str(values.get("place", "")), str(values.get("notes", "")), closing
    )
    assert isinstance(values.get("observations", NO_OBSERVATIONS), Observations)
    assert isinstance(values.get("present_person_ids", NOBODY), PresentPersons)
    method = values.get("evaluation_method")
    if method is not None:
        assert isinstance(method, str)
        validation.short_text(method, "evaluation_method", "Metodo della valutazione")


def goal_list(goals: Sequence[GoalId]) -> str:
    """`Visit.goal_ids` of the goals chosen, in their order (each once)."""
    return json.dumps([str(g) for g in dict.fromkeys(goals)])


def _goal_ids(text: str | None) -> list[GoalId]:
    try:
        return [GoalId(uuid.UUID(str(i))) for i in json.loads(text or "[]")]
    except (ValueError, TypeError):
        raise ValidationError("Obiettivi: formato non valido", "goal_ids") from None


def _check_goals(repo: Repository, case_id: uuid.UUID, goals: list[GoalId]) -> None:
    """Every goal chosen is one of the case's (one removed meanwhile on another device too:
    the editor may still show it)."""
    if not goals:
        return
    found = repo.find(e.Goal, m.GoalRow.id.in_(goals), include_deleted=True)
    if len({g.id for g in found if g.case_id == case_id}) != len(set(goals)):
        raise ValidationError("Obiettivo non appartenente alla cartella", "goal_ids")


def add_visit(
    opened: OpenProfile,
    *,
    case: str,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    kind: VisitKind = VisitKind.HOME_VISIT,
    place: str = "",
    notes: str = "",
    outcome: VisitOutcome = VisitOutcome.DONE,
    facts: str = "",
    statements: str = "",
    evaluations: str = "",
    next_steps: str = "",
    observations: Observations = NO_OBSERVATIONS,
    present: tuple[uuid.UUID, ...] = (),
    close: bool = False,
    today: dt.date | None = None,
    goals: tuple[GoalId, ...] = (),
    evaluation_method: str = "",
) -> e.Visit:
    """A new visit, a draft or (`close`) closed and signed at once, frozen in the same unit of
    work; `goals` are the goals worked on, in their order."""
    values: dict[str, object] = dict(
        kind=kind,
        date=date,
        start_time=start,
        end_time=end,
        place=place,
        notes=notes,
        outcome=outcome,
        facts=facts,
        statements=statements,
        evaluations=evaluations,
        next_steps=next_steps,
        observations=observations,
        present_person_ids=PresentPersons.of(present),
        goal_ids=goal_list(goals),
        evaluation_method=evaluation_method,
    )
    with opened.session() as session:
        return add_visit_in(session, case, values, today=today or dt.date.today(), close=close)


def add_visit_in(
    session: Session,
    case: str,
    values: Mapping[str, object],
    *,
    today: dt.date,
    close: bool = False,
) -> e.Visit:
    """`add_visit` in the caller's unit of work. `values` are the visit's DRAFT_FIELDS but its
    activation (found from the date), with the goals as their JSON list."""
    values = _narrative({**values, "place": str(values.get("place", "")).strip()})
    _check(values, today, close)
    repo = Repository(session)
    case_id = resolve_case_id(session, case)
    operator_id = session.info["write_context"].operator_id
    if operator_id is None:
        raise ValidationError("Nessun operatore associato a questo profilo", "operator")
    present = values["present_person_ids"]
    assert isinstance(present, PresentPersons)
    _check_present(repo, case_id, present)
    _check_goals(repo, case_id, _goal_ids(str(values["goal_ids"])))
    date = values["date"]
    assert isinstance(date, dt.date)
    visit = repo.add(
        e.Visit,
        case_id=case_id,
        operator_id=operator_id,
        activation_id=_activation_for(session, case_id, date),
        status=VisitStatus.DRAFT,
        closed_at=None,
        **values,
    )
    audit.append(session, AuditAction.CREATE, "visits", visit.id, case_id)
    if close:
        visit = _seal(session, visit)
    return visit


def _seal(session: Session, visit: e.Visit) -> e.Visit:
    """Close and sign: the status, the moment and the frozen document in one write, so they
    travel as one operation (the one that seals the visit on every device: sync/merge.py) and
    no crash leaves a signed visit unfrozen."""
    ctx = session.info["write_context"]
    sealed = Repository(session).update(
        e.Visit,
        visit.id,
        status=VisitStatus.CLOSED,
        closed_at=ctx.now(),
        frozen=frozen.freeze(session, visit, ctx.operator_id),
    )
    audit.append(session, AuditAction.CLOSE, "visits", sealed.id, sealed.case_id)
    return sealed


def _check_present(repo: Repository, case_id: uuid.UUID, present: PresentPersons) -> None:
    members = {mb.person_id for mb in repo.by_case(e.CaseMember, case_id)}
    if any(p not in members for p in present):
        raise ValidationError("Persona presente non appartenente alla cartella", "present")


def update_draft(
    opened: OpenProfile, visit_ref: VisitId | str, today: dt.date | None = None, **changes: object
) -> e.Visit:
    """Edit a draft (the visit editor's autosave); a closed visit refuses every change."""
    with opened.session() as session:
        return update_draft_in(session, visit_ref, changes, today=today or dt.date.today())


def update_draft_in(
    session: Session, visit_ref: VisitId | str, changes: Mapping[str, object], *, today: dt.date
) -> e.Visit:
    """`update_draft` in the caller's unit of work."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(f"Campo non modificabile: {sorted(unknown)[0]}")
    changes = _narrative(changes)
    repo = Repository(session)
    current = repo.get(e.Visit, visit_id(visit_ref))
    validation.visit_mutable(current.status)
    merged = {name: getattr(current, name) for name in DRAFT_FIELDS} | changes
    _check(merged, today, closing=False)
    if changes.get("goal_ids") is not None:
        chosen = _goal_ids(str(changes["goal_ids"]))
        before = set(_goal_ids(current.goal_ids))
        _check_goals(repo, current.case_id, [g for g in chosen if g not in before])
        changes["goal_ids"] = goal_list(chosen)
    visit = repo.update(e.Visit, current.id, **changes)
    audit.append(
        session,
        AuditAction.UPDATE,
        "visits",
        visit.id,
        visit.case_id,
        {"fields": sorted(changes)},
    )
    return visit


def close_visit(
    opened: OpenProfile, visit_ref: VisitId | str, today: dt.date | None = None
) -> e.Visit:
    """Chiudi e firma: from now on the visit is read-only."""
    with opened.session() as session:
        return close_visit_in(session, visit_ref, today=today or dt.date.today())


def close_visit_in(session: Session, visit_ref: VisitId | str, *, today: dt.date) -> e.Visit:
    """`close_visit` in the caller's unit of work."""
    current = Repository(session).get(e.Visit, visit_id(visit_ref))
    if current.status is VisitStatus.CLOSED:
        raise ImmutableError("La visita è già chiusa e firmata")
    _check({name: getattr(current, name) for name in DRAFT_FIELDS}, today, closing=True)
    return _seal(session, current)


def amend_visit(opened: OpenProfile, visit_ref: VisitId | str, text: str) -> e.VisitAmendment:
    """An integrazione appended after the signed text; the original never changes."""
    body = validation.long_text(
        validation.required(text, "text", "Integrazione"), "text", "Integrazione"
    )
    with opened.session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        if visit.status is not VisitStatus.CLOSED:
            raise ValidationError("La visita è ancora in bozza: modificarla direttamente", "text")
        operator_id = session.info["write_context"].operator_id
        amendment = repo.add(
            e.VisitAmendment, visit_id=visit.id, operator_id=operator_id, text=body
        )
        audit.append(session, AuditAction.AMEND, "visits", visit.id, visit.case_id)
    return amendment


def delete_draft(opened: OpenProfile, visit_ref: VisitId | str) -> None:
    with opened.session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        validation.visit_mutable(visit.status)
        repo.tombstone(e.Visit, visit.id)
        audit.append(session, AuditAction.DELETE, "visits", visit.id, visit.case_id)


def list_visits(opened: OpenProfile, case: str, kind: VisitKind | None = None) -> list[VisitView]:
    """A case's diary; the view is audited after the read (deferred while another writes)."""
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, case)
        where = [m.VisitRow.case_id == case_id]
        if kind is not None:
            where.append(m.VisitRow.kind == kind)
        visits = repo.find(
            e.Visit, *where, order_by=[m.VisitRow.date, m.VisitRow.start_time, m.VisitRow.id]
        )
        amendments: dict[VisitId, list[e.VisitAmendment]] = {}
        if visits:
            for am in repo.find(
                e.VisitAmendment,
                m.VisitAmendmentRow.visit_id.in_([v.id for v in visits]),
                order_by=[m.VisitAmendmentRow.created_at, m.VisitAmendmentRow.id],
            ):
                amendments.setdefault(am.visit_id, []).append(am)
    opened.record_view("visits", None, case_id, {"count": len(visits)})
    return [VisitView(v, tuple(amendments.get(v.id, ()))) for v in visits]


def get_visit(opened: OpenProfile, visit_ref: VisitId | str) -> VisitView:
    with opened.read_session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        amendments = repo.find(
            e.VisitAmendment,
            m.VisitAmendmentRow.visit_id == visit.id,
            order_by=[m.VisitAmendmentRow.created_at],
        )
    opened.record_view("visits", visit.id, visit.case_id)
    return VisitView(visit, tuple(amendments))


def overlapping(
    opened: OpenProfile, visit_ref: VisitId | str, rules: hours.HoursRules | None = None
) -> tuple[e.Visit, ...]:
    """The other live visits of the same operator on the same case and day whose times cross
    this one's (drafts too: they will be signed), by start time. Entering them is allowed (two
    diary entries may share an hour); their common minutes count once (domain/hours.py), and
    whoever records or edits a visit is warned with `overlap_warning`."""
    with opened.read_session() as session:
        repo = Repository(session)
        visit = repo.get(e.Visit, visit_id(visit_ref))
        same_day = repo.find(
            e.Visit,
            m.VisitRow.case_id == visit.case_id,
            m.VisitRow.operator_id == visit.operator_id,
            m.VisitRow.date == visit.date,
        )
    return tuple(hours.crossing(visit, same_day, rules))


def overlap_warning(others: tuple[e.Visit, ...]) -> str:
    """One line in Italian for the command line; empty without overlaps."""
    if not others:
        return ""
    slots = " e ".join(f"{fmt_time(v.start_time)}–{fmt_time(v.end_time)}" for v in others)
    which = "alla visita" if len(others) == 1 else "alle visite"
    return (
        f"Attenzione: si sovrappone {which} del {fmt_date(others[0].date)} {slots} dello stesso "
        "operatore sulla stessa cartella: il tempo in comune è contato una volta sola"
    )


def search_notes(opened: OpenProfile, query: str, limit: int = 50) -> list[NoteHit]:
    with opened.read_session() as session:
        return queries.search_visit_notes(session, query, limit)
