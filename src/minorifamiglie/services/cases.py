"""Case files (cartelle): open, list, show, edit; the persons of a case and their roles."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import places, rules, validation
from minorifamiglie.domain.ages import AgeWarning
from minorifamiglie.domain.enums import (
    AuditAction,
    CaseClosure,
    CaseStatus,
    MemberRole,
    ReferralSource,
    Service,
    Sex,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId, CaseMemberId, DeviceId, OperatorId, PersonId
from minorifamiglie.services import age_checks, person_checks
from minorifamiglie.services.case_refs import CaseRef, device_tag, resolve_ambito, resolve_case_id
from minorifamiglie.services.person_checks import PersonWarning
from minorifamiglie.storage import audit, queries
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import CaseFilter, CaseRowView
from minorifamiglie.storage.repository import Repository

# The tables the list of cases is read from: a case, its persons, its operators.
SOURCES = frozenset({"cases", "persons", "case_members", "case_operators", "operators"})
# The tables a case file shows (`case_file`): a write touching one reloads an open case file.
CASE_FILE_SOURCES = frozenset(
    {
        "cases", "case_operators", "persons", "case_members", "measures", "service_activations",
        "visits", "visit_amendments", "goals", "deadlines", "placements", "community_placements",
        "court_reports",  # a report sent completes its deadline
        "goal_actions",
        "foster_families",  # their names in the placements
        "communities",
        "paper_sheets",  # a printed blank sheet keeps the case from being deleted
        "attachments", "operators",
    }
)  # fmt: skip

P = ParamSpec("P")

EDITABLE_FIELDS = (
    "title",
    "summary",
    "status",
    "referral_source",
    "opened_on",
    "closed_on",
    "ambito",
    "service",
    "comune",
    "closure_reason",
)


@dataclass(frozen=True, slots=True)
class MemberView:
    member: e.CaseMember
    person: e.Person
    warnings: tuple[PersonWarning, ...] = ()  # when just added (add_member)


@dataclass(frozen=True, slots=True)
class DeadlineView:
    case_id: CaseId
    kind: str
    title: str
    due_on: dt.date
    done_on: dt.date | None
    source_id: uuid.UUID
    derived: bool
    done_by: str = ""  # who met a derived deadline (a court report sent), when recorded


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case: e.Case
    ambito: e.Ambito
    members: tuple[MemberView, ...]
    operators: tuple[e.Operator, ...]
    measures: tuple[e.Measure, ...]
    activations: tuple[e.ServiceActivation, ...]
    goals: tuple[e.Goal, ...]
    placements: tuple[e.Placement, ...]
    deadlines: tuple[DeadlineView, ...]
    attachments: tuple[e.Attachment, ...]
    visit_count: int
    community_placements: tuple[e.CommunityPlacement, ...] = ()
    goal_actions: tuple[e.GoalAction, ...] = ()  # of the live goals
    age_warnings: tuple[AgeWarning, ...] = ()  # ages that do not fit (services/age_checks.py)
    # The name of the comune of residence ("" when not given or unknown here): read on the
    # worker, where the comuni's table is loaded, so that a screen never loads it.
    comune_name: str = ""


def find_ambito(opened: OpenProfile, text: str) -> e.Ambito:
    with opened.read_session() as session:
        return resolve_ambito(session, text)


def new_case_code(session: Session, ambito: e.Ambito, year: int, device_id: DeviceId) -> str:
    prefix = f"{ambito.code}-{year}-"
    tag = device_tag(device_id)
    codes = session.execute(
        select(m.CaseRow.code).where(m.CaseRow.code.like(prefix + "%-" + tag))
    ).scalars()
    numbers = [
        int(c[len(prefix) :].split("-")[0])
        for c in codes
        if c[len(prefix) :].split("-")[0].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}-{tag}"


@dataclass(frozen=True, slots=True)
class CaseOpened:
    """A new case, its child (None when entered later), and what to look at again."""

    case: e.Case
    minor: e.Person | None
    warnings: tuple[PersonWarning, ...] = ()


def open_case(
    opened: OpenProfile,
    *,
    ambito: str,
    service: Service,
    title: str = "",
    summary: str = "",
    minor_name: str | None = None,
    birth_date: dt.date | None = None,
    tax_code: str | None = None,
    opened_on: dt.date | None = None,
    referral_source: ReferralSource | None = None,
    today: dt.date | None = None,
    minor_first_name: str | None = None,
    minor_last_name: str | None = None,
    sex: Sex | str | None = None,
    birthplace: str | None = None,
    citizenship: str | None = None,
    msna: bool = False,
    existing_person_id: PersonId | None = None,
    comune: str | None = None,
) -> CaseOpened:
    """A new open case; the minor by `minor_name` (the last word is the surname) or, from a
    form, by `minor_first_name` and `minor_last_name` (surnames such as "De Luca").

    `existing_person_id`: the child is a person already in the profile (the answer to "La
    stessa persona?"), linked instead of entered again; the child's fields are then ignored.
    `comune`: the comune of residence, by name, form label or Belfiore code (stored as the code).
    The codice fiscale is refused only when invalid; the warnings say what else to verify
    (a code that does not match the child, a code already on another person)."""
    today = today or dt.date.today()
    title = validation.short_text(title, "title", "Titolo")
    summary = validation.long_text(summary, "summary", "Sintesi")
    residence = places.resolve_comune(comune)
    first = last = ""
    child: dict[str, Any] = {}
    if existing_person_id is None:
        if (minor_first_name or "").strip() or (minor_last_name or "").strip():
            first = validation.required(minor_first_name or "", "first_name", "Nome")
            last = validation.required(minor_last_name or "", "last_name", "Cognome")
            minor_name = f"{first} {last}"
        given = (birth_date, tax_code, sex, birthplace, citizenship)
        if minor_name is None and (any(v not in (None, "") for v in given) or msna):
            raise ValidationError(
                "Data di nascita, codice fiscale e gli altri dati del minore richiedono il suo "
                "nome",
                "minor",
            )
        if minor_name is not None and not first:
            first, last = split_name(minor_name)
        validation.birth_date(birth_date, today)
        child = _person_values(
            first, last, birth_date, tax_code, sex, birthplace, citizenship, msna
        )
    found: tuple[PersonWarning, ...] = ()
    minor: e.Person | None = None
    with opened.session() as session:
        repo = Repository(session)
        amb = resolve_ambito(session, ambito)
        start = opened_on or today
        case = repo.add(
            e.Case,
            code=new_case_code(session, amb, start.year, opened.device_id),
            ambito_id=amb.id,
            service=service,
            title=title,
            summary=summary,
            status=CaseStatus.OPEN,
            opened_on=start,
            referral_source=referral_source,
            comune=residence,
        )
        operator_id = session.info["write_context"].operator_id
        if operator_id is not None:
            repo.add(e.CaseOperator, case_id=case.id, operator_id=operator_id)
        if existing_person_id is not None:
            minor = repo.get(e.Person, existing_person_id)
        elif minor_name is not None:
            found = person_checks.warnings_for(session, _identity(child))
            minor = repo.add(e.Person, **child, phone="", address="", notes="")
        if minor is not None:
            repo.add(
                e.CaseMember, case_id=case.id, person_id=minor.id, role=MemberRole.MINOR, notes=""
            )
        audit.append(session, AuditAction.CREATE, "cases", case.id, case.id)
    return CaseOpened(case, minor, found)


def _case_only(fn: Callable[P, CaseOpened]) -> Callable[P, e.Case]:
    @functools.wraps(fn)
    def case_only(*args: P.args, **kwargs: P.kwargs) -> e.Case:
        return fn(*args, **kwargs).case

    return case_only


# `open_case`, for the callers that want the case alone.
add_case = _case_only(open_case)


def _person_values(
    first: str,
    last: str,
    birth_date: dt.date | None,
    tax_code: str | None,
    sex: Sex | str | None,
    birthplace: str | None,
    citizenship: str | None,
    msna: bool,
) -> dict[str, Any]:
    """The identity columns of a new person, cleaned (ValidationError names the field)."""
    return {
        "first_name": first,
        "last_name": last,
        "birth_date": birth_date,
        "tax_code": person_checks.clean_tax_code(tax_code),
        "sex": person_checks.clean_sex(sex),
        "birthplace": person_checks.clean_place(birthplace),
        "citizenship": person_checks.clean_citizenship(citizenship),
        "msna": person_checks.clean_msna(msna),
    }


def _identity(values: dict[str, Any]) -> person_checks.Identity:
    return person_checks.Identity(
        first_name=values["first_name"],
        last_name=values["last_name"],
        sex=values["sex"],
        birth_date=values["birth_date"],
        birthplace=values["birthplace"],
        tax_code=values["tax_code"],
    )


def split_name(full: str) -> tuple[str, str]:
    parts = validation.required(full, "minor", "Nome").split()
    if len(parts) < 2:
        raise ValidationError("Indicare nome e cognome", "minor")
    return " ".join(parts[:-1]), parts[-1]


def list_cases(opened: OpenProfile, flt: CaseFilter | None = None) -> list[CaseRowView]:
    with opened.read_session() as session:
        return queries.list_cases(session, flt or CaseFilter())


def show_case(opened: OpenProfile, ref: CaseRef, today: dt.date | None = None) -> CaseDetail:
    """Everything about one case; the view itself is written to the audit log (after the
    read, which takes no write lock: deferred while another process writes). `today`: the
    day the ages are reckoned on (its deadlines and warnings)."""
    # Only here: an Ambito's settings bring reportlab (the logo check) to every case command.
    from minorifamiglie.services.ambito_settings import deadline_rules_on

    today = today or dt.date.today()
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        case = repo.get(e.Case, case_id)
        members = tuple(
            MemberView(mb, repo.get(e.Person, mb.person_id))
            for mb in repo.by_case(e.CaseMember, case_id)
        )
        reports = tuple(repo.by_case(e.CourtReport, case_id, [m.CourtReportRow.sent_on]))
        op_ids = [co.operator_id for co in repo.by_case(e.CaseOperator, case_id)]
        operators = tuple(repo.get(e.Operator, i) for i in op_ids)
        measures = tuple(repo.by_case(e.Measure, case_id, [m.MeasureRow.issued_on]))
        activations = tuple(
            repo.by_case(e.ServiceActivation, case_id, [m.ServiceActivationRow.start_on])
        )
        goals = tuple(repo.by_case(e.Goal, case_id, [m.GoalRow.review_on]))
        placements = tuple(repo.by_case(e.Placement, case_id, [m.PlacementRow.start_on]))
        in_community = tuple(
            repo.by_case(e.CommunityPlacement, case_id, [m.CommunityPlacementRow.start_on])
        )
        goal_ids = {g.id for g in goals}
        actions = tuple(
            a
            for a in repo.by_case(e.GoalAction, case_id, [m.GoalActionRow.created_at])
            if a.goal_id in goal_ids
        )
        manual = repo.by_case(e.Deadline, case_id, [m.DeadlineRow.due_on])
        attachments = tuple(repo.by_case(e.Attachment, case_id, [m.AttachmentRow.created_at]))
        visits = int(
            session.execute(
                select(func.count())
                .select_from(m.VisitRow)
                .where(m.VisitRow.case_id == case_id, m.VisitRow.deleted_at.is_(None))
            ).scalar_one()
        )
        deadlines = combine_deadlines(
            measures,
            placements,
            goals,
            activations,
            manual,
            community_placements=in_community,
            goal_actions=actions,
            reports=reports,
            minors=minors_in_charge(case, members),
            today=today,
            operator_names=names_of_operators(session, {r.operator_id for r in reports}),
            deadline_rules=deadline_rules_on(session, [case.ambito_id], today)[case.ambito_id],
        )
        detail = CaseDetail(
            case,
            repo.get(e.Ambito, case.ambito_id),
            members,
            operators,
            measures,
            activations,
            goals,
            placements,
            deadlines,
            attachments,
            visits,
            community_placements=in_community,
            goal_actions=actions,
            age_warnings=age_checks.case_age_warnings(session, case_id, today),
            comune_name=places.comune_name(case.comune),
        )
    opened.record_view("cases", case_id, case_id)
    return detail


def minors_in_charge(case: e.Case, members: Iterable[MemberView]) -> list[rules.MinorInCharge]:
    """The minors of a case in charge with a birth date (none for a closed case): whose
    18th and 21st birthdays are deadlines."""
    if case.status is CaseStatus.CLOSED:
        return []
    return [
        rules.MinorInCharge(case.id, mv.person.id, mv.person.birth_date, case.service)
        for mv in members
        if mv.member.role is MemberRole.MINOR
        and mv.member.deleted_at is None
        and mv.person.birth_date is not None
    ]


def names_of_operators(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names of these operators, removed or inactive ones too (who sent a report)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(m.OperatorRow.id, m.OperatorRow.name).where(m.OperatorRow.id.in_(wanted))
    )
    return {operator_id: name for operator_id, name in rows}


def combine_deadlines(
    measures: tuple[e.Measure, ...],
    placements: tuple[e.Placement, ...],
    goals: tuple[e.Goal, ...],
    activations: tuple[e.ServiceActivation, ...],
    manual: list[e.Deadline],
    *,
    community_placements: tuple[e.CommunityPlacement, ...] = (),
    goal_actions: tuple[e.GoalAction, ...] = (),
    reports: tuple[e.CourtReport, ...] = (),
    minors: Iterable[rules.MinorInCharge] = (),
    today: dt.date | None = None,
    operator_names: dict[uuid.UUID, str] | None = None,
    deadline_rules: rules.DeadlineRules | Mapping[uuid.UUID, rules.DeadlineRules] | None = None,
) -> tuple[DeadlineView, ...]:
    """The derived deadlines, open and (court reports sent, prosieguo granted) met, and the
    manual ones. `minors` need `today` (see rules.derive_deadlines); `operator_names` say who
    sent a report. `deadline_rules`: the rules for all, or per case (its Ambito's, see
    services/ambito_settings.py; the defaults for a case not named)."""
    if isinstance(deadline_rules, Mapping) and not deadline_rules:
        deadline_rules = None  # no Ambito has settings: the defaults for every case
    if isinstance(deadline_rules, Mapping):
        return _combine_per_case(
            deadline_rules,
            (measures, placements, goals, activations, manual),
            dict(
                community_placements=community_placements,
                goal_actions=goal_actions,
                reports=reports,
                minors=tuple(minors),
            ),
            today=today,
            operator_names=operator_names,
        )
    minors = list(minors)
    names = operator_names or {}
    met = [
        DeadlineView(
            d.deadline.case_id,
            d.deadline.kind.value,
            d.deadline.title,
            d.deadline.due_on,
            d.done_on,
            d.deadline.source_id,
            True,
            names.get(d.done_by, "") if d.done_by is not None else "",
        )
        for d in rules.completed_deadlines(
            measures, reports=reports, minors=minors, today=today, rules=deadline_rules
        )
    ]
    derived = [
        DeadlineView(d.case_id, d.kind.value, d.title, d.due_on, None, d.source_id, True)
        for d in rules.derive_deadlines(
            measures,
            placements,
            goals,
            activations,
            community_placements=community_placements,
            goal_actions=goal_actions,
            reports=reports,
            minors=minors,
            today=today,
            rules=deadline_rules,
        )
    ]
    stored = [
        DeadlineView(d.case_id, d.kind.value, d.title, d.due_on, d.done_on, d.id, False)
        for d in manual
    ]
    found = derived + met + stored
    return tuple(sorted(found, key=lambda d: (d.due_on, d.kind, str(d.source_id))))


def _combine_per_case(
    per_case: Mapping[uuid.UUID, rules.DeadlineRules],
    records: tuple[Sequence[Any], ...],
    more: dict[str, Sequence[Any]],
    **rest: Any,
) -> tuple[DeadlineView, ...]:
    """`combine_deadlines` with each case's own rules: the cases grouped by their rules (a
    case's deadlines come from its own records only), each group combined apart."""
    groups: dict[rules.DeadlineRules, set[uuid.UUID]] = {}
    every = (r.case_id for items in (*records, *more.values()) for r in items)
    for case_id in set(every):
        groups.setdefault(per_case.get(case_id, rules.DeadlineRules()), set()).add(case_id)
    found: list[DeadlineView] = []
    for group_rules, ids in groups.items():
        measures, placements, goals, activations, manual = (
            tuple(r for r in items if r.case_id in ids) for items in records
        )
        picked: dict[str, Any] = {
            k: tuple(r for r in v if r.case_id in ids) for k, v in more.items()
        }
        found += combine_deadlines(
            measures,
            placements,
            goals,
            activations,
            list(manual),
            **picked,
            **rest,
            deadline_rules=group_rules,
        )
    return tuple(sorted(found, key=lambda d: (d.due_on, d.kind, str(d.source_id))))


def edit_case(
    opened: OpenProfile, ref: CaseRef, changes: dict[str, str], today: dt.date | None = None
) -> e.Case:
    """Apply `field=value` edits from the command line or a form, all or none."""
    today = today or dt.date.today()
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(
            f"Campo non modificabile: {unknown[0]}. Campi: " + ", ".join(EDITABLE_FIELDS),
            unknown[0],
        )
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        current = repo.get(e.Case, case_id)
        values = dict(_edited_value(session, key, raw) for key, raw in changes.items())
        status = values.get("status", current.status)
        _check_closure(current, status, values)
        if status is CaseStatus.CLOSED and values.get("closed_on", current.closed_on) is None:
            values["closed_on"] = today
        if status is not CaseStatus.CLOSED and "closed_on" not in changes:
            values["closed_on"] = None
        opened_on = values.get("opened_on", current.opened_on)
        closed_on = values.get("closed_on", current.closed_on)
        if opened_on is None:
            raise ValidationError("La data di apertura è obbligatoria", "opened_on")
        assert isinstance(opened_on, dt.date)
        validation.date_range(
            opened_on, closed_on if isinstance(closed_on, dt.date) else None, "closed_on"
        )
        case = repo.update(e.Case, case_id, **values)
        audit.append(
            session, AuditAction.UPDATE, "cases", case_id, case_id, {"fields": sorted(changes)}
        )
    return case


def _check_closure(current: e.Case, status: object, values: dict[str, object]) -> None:
    """A case is closed with its reason (since revision 0007: those closed before hold none
    and keep it so, until someone edits it); reopened, it loses it."""
    if status is not CaseStatus.CLOSED:
        if values.get("closure_reason") is not None:
            raise ValidationError(
                "Il motivo della chiusura si indica solo per una cartella chiusa",
                "closure_reason",
            )
        if current.closure_reason is not None:
            values["closure_reason"] = None
        return
    reason = values.get("closure_reason", current.closure_reason)
    closing = current.status is not CaseStatus.CLOSED
    if reason is None and (closing or "closure_reason" in values):
        raise ValidationError("Per chiudere la cartella indicare il motivo", "closure_reason")


def _edited_value(session: Session, key: str, raw: str) -> tuple[str, object]:
    """The column `key` of EDITABLE_FIELDS sets, and its value read from `raw`."""
    if key == "title":
        return key, validation.short_text(raw, "title", "Titolo")
    if key == "summary":
        return key, validation.long_text(raw, "summary", "Sintesi")
    if key == "status":
        return key, CaseStatus.parse(raw, "Stato")
    if key == "referral_source":
        return key, ReferralSource.parse(raw, "Fonte della segnalazione")
    if key in ("opened_on", "closed_on"):
        return key, validation.parse_date(raw, key) if raw else None
    if key == "ambito":
        return "ambito_id", resolve_ambito(session, raw).id
    if key == "service":
        return key, Service.parse(raw, "Servizio")
    if key == "comune":  # empty: not given
        return key, places.resolve_comune(raw)
    if key == "closure_reason":  # empty: not given
        return key, CaseClosure.parse(raw, "Motivo della chiusura") if raw.strip() else None
    raise AssertionError(key)  # edit_case refused every other field by name


def add_member(
    opened: OpenProfile,
    ref: CaseRef,
    *,
    first_name: str,
    last_name: str,
    role: MemberRole,
    birth_date: dt.date | None = None,
    tax_code: str | None = None,
    phone: str = "",
    address: str = "",
    notes: str = "",
    today: dt.date | None = None,
    sex: Sex | str | None = None,
    birthplace: str | None = None,
    citizenship: str | None = None,
    msna: bool = False,
) -> MemberView:
    """A new person with a role in the case (madre, padre, tutore…); `warnings` say what to
    verify about the codice fiscale (see open_case)."""
    today = today or dt.date.today()
    first = validation.required(first_name, "first_name", "Nome")
    last = validation.required(last_name, "last_name", "Cognome")
    validation.birth_date(birth_date, today)
    values = _person_values(first, last, birth_date, tax_code, sex, birthplace, citizenship, msna)
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        found = person_checks.warnings_for(session, _identity(values))
        person = repo.add(
            e.Person,
            **values,
            phone=validation.short_text(phone, "phone", "Telefono"),
            address=validation.short_text(address, "address", "Indirizzo"),
            notes=validation.long_text(notes, "notes", "Note"),
        )
        member = repo.add(e.CaseMember, case_id=case_id, person_id=person.id, role=role, notes="")
        audit.append(session, AuditAction.CREATE, "persons", person.id, case_id)
    return MemberView(member, person, found)


def link_person(
    opened: OpenProfile, ref: CaseRef, person_id: PersonId, role: MemberRole
) -> MemberView:
    """A person already in the profile (of another case) joins this case with a role: the
    answer to "La stessa persona?". Nothing if the person is already in the case with it."""
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        person = repo.get(e.Person, person_id)
        for member in repo.by_case(e.CaseMember, case_id):
            if member.person_id == person_id and member.role is role:
                return MemberView(member, person)
        member = repo.add(e.CaseMember, case_id=case_id, person_id=person_id, role=role, notes="")
        audit.append(session, AuditAction.CREATE, "case_members", member.id, case_id)
    return MemberView(member, person)


def remove_member(opened: OpenProfile, member_id: CaseMemberId) -> None:
    with opened.session() as session:
        repo = Repository(session)
        member = repo.tombstone(e.CaseMember, member_id)
        audit.append(session, AuditAction.DELETE, "case_members", member_id, member.case_id)


def assign_operator(opened: OpenProfile, ref: CaseRef, operator_id: OperatorId) -> None:
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        repo.get(e.Operator, operator_id)
        if any(co.operator_id == operator_id for co in repo.by_case(e.CaseOperator, case_id)):
            return
        link = repo.add(e.CaseOperator, case_id=case_id, operator_id=operator_id)
        audit.append(session, AuditAction.CREATE, "case_operators", link.id, case_id)


def count_cases(opened: OpenProfile, flt: CaseFilter | None = None) -> int:
    """How many cases a filter finds (its limit and offset ignored): the list's counter."""
    with opened.read_session() as session:
        return queries.count_cases(session, flt or CaseFilter())


def unassign_operator(opened: OpenProfile, ref: CaseRef, operator_id: OperatorId) -> None:
    """The operator no longer follows the case (the link is tombstoned; nothing if absent)."""
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        for link in repo.by_case(e.CaseOperator, case_id):
            if link.operator_id == operator_id:
                repo.tombstone(e.CaseOperator, link.id)
                audit.append(session, AuditAction.DELETE, "case_operators", link.id, case_id)


def set_operators(opened: OpenProfile, ref: CaseRef, operator_ids: Iterable[OperatorId]) -> None:
    """Exactly these operators follow the case: the missing ones are assigned, the others
    unassigned, in one transaction."""
    wanted = list(dict.fromkeys(operator_ids))
    with opened.session() as session:
        repo = Repository(session)
        case_id = resolve_case_id(session, ref)
        links = repo.by_case(e.CaseOperator, case_id)
        assigned = {link.operator_id for link in links}
        for operator_id in wanted:
            if operator_id in assigned:
                continue
            repo.get(e.Operator, operator_id)
            link = repo.add(e.CaseOperator, case_id=case_id, operator_id=operator_id)
            audit.append(session, AuditAction.CREATE, "case_operators", link.id, case_id)
        for link in links:
            if link.operator_id not in wanted:
                repo.tombstone(e.CaseOperator, link.id)
                audit.append(session, AuditAction.DELETE, "case_operators", link.id, case_id)
