"""Placements (abbinamenti): a minor in charge of a case hosted by a foster family."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import (
    Availability,
    CaseStatus,
    FosterFamilyStatus,
    LegalBasis,
    MemberRole,
    PlacementEnd,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, FosterFamilyId, PersonId, PlacementId
from minorifamiglie.domain.rules import DeadlineRules, add_months
from minorifamiglie.services import ambito_settings
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.families import FAMILY_MISSING
from minorifamiglie.services.fields import (
    Check,
    Spec,
    add_to_case,
    by_id,
    case_id_of,
    choice,
    clean,
    date,
    get_live,
    not_future,
    record_id,
    remove_record,
    update_record,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

PLACEMENT_MISSING = "Abbinamento non trovato"
PLACEMENT_FIELDS: dict[str, Spec] = {
    "legal_basis": choice("Affido consensuale o giudiziale", LegalBasis),
    "kind": choice("Affido etero o intra-familiare", PlacementKind),
    "schedule": choice("Tempi dell'affido", Availability),
    "start_on": date("Data di inizio", required=True),
    "planned_end_on": date("Scadenza prevista"),
    "ended_on": date("Data di conclusione"),
    "last_review_on": date("Data dell'ultima verifica"),
    "end_reason": Spec("Motivo della conclusione", "enum", choices=PlacementEnd),  # rev. 0007
}


@dataclass(frozen=True, slots=True)
class PlacementView:
    """A placement with what a list shows beside it: the family, the minor, the case code."""

    placement: e.Placement
    family: e.FosterFamily
    minor: e.Person
    case_code: str


def placement_checker(today: dt.date, reviewing: bool = False, noun: str = "affido") -> Check:
    """The dates of a placement, with a foster family or (`noun` "inserimento") in a
    community: start, planned end, end and last review in order, none of them ahead."""

    def check(_repo: Repository, values: dict[str, Any]) -> None:
        start = values["start_on"]
        validation.date_range(start, values["planned_end_on"], "planned_end_on")
        validation.date_range(start, values["ended_on"], "ended_on")
        not_future(
            values["ended_on"], today, "ended_on", "La data di conclusione non può essere futura"
        )
        review = values["last_review_on"]
        if review is not None and review < start:
            raise ValidationError(f"La verifica precede l'inizio dell'{noun}", "last_review_on")
        not_future(review, today, "last_review_on", "La data della verifica non può essere futura")
        if reviewing and values["ended_on"] is not None:
            raise ValidationError(f"L'{noun} è concluso", "last_review_on")

    return check


def check_minor_of_case(repo: Repository, case_id: CaseId, minor_id: PersonId) -> None:
    """Only a minor in charge of the case can be placed, in a family or in a community."""
    minors = repo.find(
        e.CaseMember,
        m.CaseMemberRow.case_id == case_id,
        m.CaseMemberRow.person_id == minor_id,
        m.CaseMemberRow.role == MemberRole.MINOR,
    )
    if not minors:
        raise ValidationError(
            "La persona indicata non è un minore in carico di questa cartella", "minor_id"
        )


def _check_match(
    repo: Repository, case_id: CaseId, minor_id: PersonId, family_id: FosterFamilyId
) -> None:
    check_minor_of_case(repo, case_id, minor_id)
    try:
        family = repo.get(e.FosterFamily, family_id)
    except NotFoundError:
        raise ValidationError(FAMILY_MISSING, "family_id") from None
    if family.status is FosterFamilyStatus.WITHDRAWN:
        raise ValidationError("La famiglia affidataria si è ritirata", "family_id")


def add_placement(
    opened: OpenProfile,
    case: CaseRef,
    *,
    minor_id: PersonId,
    family_id: FosterFamilyId,
    legal_basis: LegalBasis,
    kind: PlacementKind,
    start_on: dt.date,
    schedule: Availability = Availability.RESIDENTIAL,
    planned_end_on: dt.date | None = None,
    rules: DeadlineRules | None = None,
    today: dt.date | None = None,
) -> e.Placement:
    """Abbinamento of a minor in charge with a foster family. Without a planned end the affido
    lasts the rules' maximum (24 months, L. 184/1983) unless the court extends it: by default
    the rules of the case's Ambito on the day the affido starts."""
    minor = PersonId(record_id(minor_id, "minor_id", "Minore"))
    family = FosterFamilyId(record_id(family_id, "family_id", "Famiglia affidataria"))
    values = clean(
        PLACEMENT_FIELDS,
        dict(
            legal_basis=legal_basis,
            kind=kind,
            schedule=schedule,
            start_on=start_on,
            planned_end_on=planned_end_on,
            ended_on=None,
            last_review_on=None,
        ),
    )
    if values["planned_end_on"] is None:
        if rules is None:
            with opened.read_session() as session:
                case_id = case_id_of(session, case)
                rules = ambito_settings.deadline_rules_by_case(
                    session, [case_id], values["start_on"]
                ).get(case_id, DeadlineRules())
        values["planned_end_on"] = add_months(values["start_on"], rules.placement_max_months)
    base_check = placement_checker(today or dt.date.today())

    def check(repo: Repository, checked: dict[str, Any]) -> None:
        base_check(repo, checked)
        _check_match(repo, checked["case_id"], minor, family)

    return add_to_case(
        opened,
        e.Placement,
        case,
        check=check,
        minor_id=minor,
        family_id=family,
        **values,
    )


def update_placement(
    opened: OpenProfile,
    placement_id: PlacementId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.Placement:
    """Edit fields of PLACEMENT_FIELDS, e.g. a planned end extended by the court."""
    return update_record(
        opened,
        e.Placement,
        placement_id,
        PLACEMENT_FIELDS,
        changes,
        missing=PLACEMENT_MISSING,
        check=placement_checker(today or dt.date.today()),
    )


def record_placement_review(
    opened: OpenProfile,
    placement_id: PlacementId,
    reviewed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.Placement:
    """The six-monthly review took place: the next one is due six months from it."""
    today = today or dt.date.today()
    return update_record(
        opened,
        e.Placement,
        placement_id,
        PLACEMENT_FIELDS,
        {"last_review_on": reviewed_on or today},
        missing=PLACEMENT_MISSING,
        check=placement_checker(today, reviewing=True),
    )


def end_placement(
    opened: OpenProfile,
    placement_id: PlacementId,
    ended_on: dt.date | None = None,
    today: dt.date | None = None,
    *,
    reason: PlacementEnd | str | None,
) -> e.Placement:
    """The affido ends, for `reason` (required: None is refused, it names the field):
    its reviews and planned-end deadlines stop."""
    today = today or dt.date.today()
    if reason is None or reason == "":
        raise ValidationError("Indicare il motivo della conclusione dell'affido", "end_reason")
    return update_placement(
        opened, placement_id, today=today, ended_on=ended_on or today, end_reason=reason
    )


def remove_placement(opened: OpenProfile, placement_id: PlacementId) -> None:
    remove_record(opened, e.Placement, placement_id, missing=PLACEMENT_MISSING)


def minors_and_codes(
    repo: Repository, placements: Sequence[e.Placement | e.CommunityPlacement]
) -> tuple[dict[uuid.UUID, e.Person], dict[uuid.UUID, str]]:
    """The placed minors by id and the case codes by case id, in one query each."""
    minors = by_id(repo, e.Person, (p.minor_id for p in placements))
    codes = {
        case_id: code
        for case_id, code in repo.session.execute(
            select(m.CaseRow.id, m.CaseRow.code).where(
                m.CaseRow.id.in_({p.case_id for p in placements})
            )
        )
    }
    return minors, codes


def _views(repo: Repository, placements: list[e.Placement]) -> list[PlacementView]:
    """Families, minors and case codes in one query each, not one per placement."""
    if not placements:
        return []
    families = by_id(repo, e.FosterFamily, (p.family_id for p in placements))
    minors, codes = minors_and_codes(repo, placements)
    return [
        PlacementView(p, families[p.family_id], minors[p.minor_id], codes[p.case_id])
        for p in placements
    ]


def list_placements(opened: OpenProfile, case: CaseRef) -> list[PlacementView]:
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        placements = repo.by_case(
            e.Placement, case_id, [m.PlacementRow.start_on, m.PlacementRow.id]
        )
        return _views(repo, placements)


def list_family_placements(
    opened: OpenProfile, family_id: FosterFamilyId, active_only: bool = False
) -> list[PlacementView]:
    """The children a family hosts or hosted, most recent first."""
    family = record_id(family_id, "family_id", "Famiglia affidataria")
    with opened.read_session() as session:
        repo = Repository(session)
        get_live(repo, e.FosterFamily, family, FAMILY_MISSING)
        where = [m.PlacementRow.family_id == family]
        if active_only:
            where.append(m.PlacementRow.ended_on.is_(None))
        placements = repo.find(
            e.Placement, *where, order_by=[m.PlacementRow.start_on.desc(), m.PlacementRow.id]
        )
        return _views(repo, placements)


@dataclass(frozen=True, slots=True)
class PlacementCandidate:
    """A minor in charge of an open case, who may be placed with a family."""

    case_id: CaseId
    case_code: str
    service: Service
    minor_id: PersonId
    minor_name: str


def placement_candidates(opened: OpenProfile) -> list[PlacementCandidate]:
    """One row per minor of each open case, in one query: affido cases first, then by case
    code and the minor's name."""
    stmt = (
        select(
            m.CaseRow.id,
            m.CaseRow.code,
            m.CaseRow.service,
            m.PersonRow.id,
            m.PersonRow.first_name,
            m.PersonRow.last_name,
        )
        .join(m.CaseMemberRow, m.CaseMemberRow.case_id == m.CaseRow.id)
        .join(m.PersonRow, m.PersonRow.id == m.CaseMemberRow.person_id)
        .where(
            m.CaseRow.status == CaseStatus.OPEN,
            m.CaseRow.deleted_at.is_(None),
            m.CaseMemberRow.role == MemberRole.MINOR,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
        )
        .order_by(
            m.CaseRow.service != Service.AFFIDO,
            m.CaseRow.code,
            m.PersonRow.last_name,
            m.PersonRow.first_name,
            m.PersonRow.id,
        )
    )
    with opened.read_session() as session:
        return [
            PlacementCandidate(
                CaseId(case_id), code, service, PersonId(person_id), f"{first} {last}".strip()
            )
            for case_id, code, service, person_id, first, last in session.execute(stmt)
        ]
