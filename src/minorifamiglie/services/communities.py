"""Residential communities for minors (comunità educativa, familiare, mamma-bambino…): a registry
beside the foster families (services/families.py), and the placements (inserimenti) of the minors
of a case in them, like the placements with a family (services/placements.py): reviewed every six
months (domain/rules.py) and ended on a day, for a reason."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    CommunityKind,
    LegalBasis,
    MemberRole,
    PlacementEnd,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import (
    AmbitoId,
    CaseId,
    CommunityId,
    CommunityPlacementId,
    PersonId,
    parse_uuid,
)
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.families import check_ambito
from minorifamiglie.services.fields import (
    Check,
    Spec,
    add_record,
    by_id,
    case_id_of,
    choice,
    clean,
    count,
    date,
    get_live,
    record_id,
    remove_record,
    table_of,
    text,
    update_record,
)
from minorifamiglie.services.placements import (
    check_minor_of_case,
    minors_and_codes,
    placement_checker,
)
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

# The tables the communities screen shows: the communities, and who is placed in them.
SOURCES = frozenset({"communities", "community_placements", "cases", "persons", "case_members"})

COMMUNITY_MISSING = "Comunità non trovata"
PLACEMENT_MISSING = "Inserimento in comunità non trovato"
COMMUNITY_FIELDS: dict[str, Spec] = {
    "name": text("Nome della comunità", 200, required=True),
    "kind": choice("Tipo di comunità", CommunityKind),
    "comune": text("Comune", 120),
    "ambito_id": Spec("Ambito", "id"),
    "places": count("Posti", 500),  # storage/bounds.py: communities.places
    "phone": text("Telefono", 60),
    "notes": text("Note"),
}
PLACEMENT_FIELDS: dict[str, Spec] = {
    "legal_basis": choice("Inserimento consensuale o giudiziale", LegalBasis),
    "start_on": date("Data di inserimento", required=True),
    "planned_end_on": date("Conclusione prevista"),
    "ended_on": date("Data di conclusione"),
    "end_reason": Spec("Motivo della conclusione", "enum", choices=PlacementEnd),
    "last_review_on": date("Data dell'ultima verifica"),
}


@dataclass(frozen=True, slots=True)
class CommunityView:
    """A community with how many minors it hosts now."""

    community: e.Community
    placed: int


@dataclass(frozen=True, slots=True)
class CommunityPlacementView:
    """A placement with what a list shows beside it: the community, the minor, the case code."""

    placement: e.CommunityPlacement
    community: e.Community
    minor: e.Person
    case_code: str


# Communities ------------------------------------------------------------------------------------


def _community_check(repo: Repository, values: dict[str, Any]) -> None:
    check_ambito(repo, values["ambito_id"])


def add_community(
    opened: OpenProfile,
    *,
    name: str,
    kind: CommunityKind,
    comune: str = "",
    ambito_id: AmbitoId | None = None,
    places: int | str | None = None,
    phone: str = "",
    notes: str = "",
) -> e.Community:
    values = clean(
        COMMUNITY_FIELDS,
        dict(
            name=name,
            kind=kind,
            comune=comune,
            ambito_id=ambito_id,
            places=places,
            phone=phone,
            notes=notes,
        ),
    )
    return add_record(opened, e.Community, values, check=_community_check)


def update_community(
    opened: OpenProfile, community_id: CommunityId, **changes: object
) -> e.Community:
    """Edit fields of COMMUNITY_FIELDS: the places, the phone, the notes…"""
    return update_record(
        opened,
        e.Community,
        community_id,
        COMMUNITY_FIELDS,
        changes,
        missing=COMMUNITY_MISSING,
        check=_community_check,
    )


def _placed_now(session: Session) -> dict[uuid.UUID, int]:
    rows = session.execute(
        select(m.CommunityPlacementRow.community_id, func.count())
        .where(
            m.CommunityPlacementRow.deleted_at.is_(None),
            m.CommunityPlacementRow.ended_on.is_(None),
        )
        .group_by(m.CommunityPlacementRow.community_id)
    )
    return {community_id: int(n) for community_id, n in rows}


def list_communities(
    opened: OpenProfile,
    *,
    kind: CommunityKind | None = None,
    ambito_id: AmbitoId | None = None,
) -> list[CommunityView]:
    """Communities by name, filtered in SQL, each with the minors it hosts now."""
    where = []
    if kind is not None:
        where.append(m.CommunityRow.kind == kind)
    if ambito_id is not None:
        where.append(m.CommunityRow.ambito_id == ambito_id)
    with opened.read_session() as session:
        found = Repository(session).find(
            e.Community, *where, order_by=[m.CommunityRow.name, m.CommunityRow.id]
        )
        placed = _placed_now(session)
    return [CommunityView(c, placed.get(c.id, 0)) for c in found]


def resolve_community(session: Session, ref: str | uuid.UUID) -> e.Community:
    """A live community by id or, as typed on the command line, by its name (any case)."""
    repo = Repository(session)
    if isinstance(ref, uuid.UUID):
        return get_live(repo, e.Community, ref, COMMUNITY_MISSING)
    try:
        community_id = parse_uuid(ref)
    except ValueError:
        key = ref.strip().casefold()  # a registry of tens: compared here, accents and all
        named = [c for c in repo.find(e.Community) if c.name.casefold() == key]
        if len(named) > 1:
            raise ValidationError(
                "Più comunità con questo nome: indicare l'identificativo", "community"
            ) from None
        if not named:
            raise NotFoundError(COMMUNITY_MISSING) from None
        return named[0]
    return get_live(repo, e.Community, community_id, COMMUNITY_MISSING)


def show_community(opened: OpenProfile, ref: str | uuid.UUID) -> CommunityView:
    with opened.read_session() as session:
        community = resolve_community(session, ref)
        return CommunityView(community, _placed_now(session).get(community.id, 0))


def _without_active_placements(repo: Repository, community: e.Community) -> None:
    active = repo.session.execute(
        select(func.count())
        .select_from(m.CommunityPlacementRow)
        .where(
            m.CommunityPlacementRow.community_id == community.id,
            m.CommunityPlacementRow.deleted_at.is_(None),
            m.CommunityPlacementRow.ended_on.is_(None),
        )
    ).scalar_one()
    if active:
        raise ValidationError(
            "La comunità ha inserimenti in corso: concluderli prima di eliminarla", "community"
        )


def remove_community(opened: OpenProfile, community_id: CommunityId) -> None:
    remove_record(
        opened,
        e.Community,
        community_id,
        missing=COMMUNITY_MISSING,
        guard=_without_active_placements,
    )


# Placements -------------------------------------------------------------------------------------


def _placement_check(today: dt.date, reviewing: bool = False) -> Check:
    dates = placement_checker(today, reviewing, noun="inserimento")

    def check(repo: Repository, values: dict[str, Any]) -> None:
        dates(repo, values)
        if values["ended_on"] is None and values["end_reason"] is not None:
            raise ValidationError(
                "Il motivo della conclusione vuole la data di conclusione", "ended_on"
            )
        if values["ended_on"] is not None and values["end_reason"] is None:
            raise ValidationError("Indicare il motivo della conclusione", "end_reason")

    return check


def _the_minor(repo: Repository, case_id: CaseId) -> PersonId:
    """The minor in charge of a case that has one only."""
    minors = repo.find(
        e.CaseMember, m.CaseMemberRow.case_id == case_id, m.CaseMemberRow.role == MemberRole.MINOR
    )
    if len({mb.person_id for mb in minors}) != 1:
        raise ValidationError(
            "La cartella non ha un solo minore in carico: indicare quale inserire", "minor_id"
        )
    return minors[0].person_id


def _not_already_placed(repo: Repository, minor_id: PersonId) -> None:
    placed = repo.session.execute(
        select(m.CommunityPlacementRow.id)
        .where(
            m.CommunityPlacementRow.minor_id == minor_id,
            m.CommunityPlacementRow.deleted_at.is_(None),
            m.CommunityPlacementRow.ended_on.is_(None),
        )
        .limit(1)
    ).first()
    if placed is not None:
        raise ValidationError(
            "Il minore è già inserito in una comunità: concludere prima quell'inserimento",
            "minor_id",
        )


def place_in_community(
    opened: OpenProfile,
    case: CaseRef,
    *,
    community_id: CommunityId,
    legal_basis: LegalBasis,
    start_on: dt.date,
    minor_id: PersonId | None = None,
    planned_end_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.CommunityPlacement:
    """A minor in charge of the case enters a community (the case's only minor unless told
    which); one community at a time."""
    community = record_id(community_id, "community_id", "Comunità")
    minor = PersonId(record_id(minor_id, "minor_id", "Minore")) if minor_id is not None else None
    values = clean(
        PLACEMENT_FIELDS,
        dict(
            legal_basis=legal_basis,
            start_on=start_on,
            planned_end_on=planned_end_on,
            ended_on=None,
            end_reason=None,
            last_review_on=None,
        ),
    )
    with opened.session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        person = minor if minor is not None else _the_minor(repo, case_id)
        _placement_check(today or dt.date.today())(repo, values)
        check_minor_of_case(repo, case_id, person)
        try:
            repo.get(e.Community, community)
        except NotFoundError:
            raise ValidationError(COMMUNITY_MISSING, "community_id") from None
        _not_already_placed(repo, person)
        placement = repo.add(
            e.CommunityPlacement,
            case_id=case_id,
            minor_id=person,
            community_id=community,
            **values,
        )
        audit.append(
            session, AuditAction.CREATE, table_of(e.CommunityPlacement), placement.id, case_id
        )
    return placement


def update_community_placement(
    opened: OpenProfile,
    placement_id: CommunityPlacementId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.CommunityPlacement:
    """Edit fields of PLACEMENT_FIELDS (a planned end set by the court, a date mistyped…)."""
    return update_record(
        opened,
        e.CommunityPlacement,
        placement_id,
        PLACEMENT_FIELDS,
        changes,
        missing=PLACEMENT_MISSING,
        check=_placement_check(today or dt.date.today()),
    )


def record_community_review(
    opened: OpenProfile,
    placement_id: CommunityPlacementId,
    reviewed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.CommunityPlacement:
    """The six-monthly report was made: the next one is due six months from it."""
    today = today or dt.date.today()
    return update_record(
        opened,
        e.CommunityPlacement,
        placement_id,
        PLACEMENT_FIELDS,
        {"last_review_on": reviewed_on or today},
        missing=PLACEMENT_MISSING,
        check=_placement_check(today, reviewing=True),
    )


def end_community_placement(
    opened: OpenProfile,
    placement_id: CommunityPlacementId,
    *,
    reason: PlacementEnd | str,
    ended_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.CommunityPlacement:
    """The minor leaves the community (today unless told), for `reason`: its reviews stop.
    A placement already ended is refused (its end is corrected by editing it)."""
    today = today or dt.date.today()
    values = clean(PLACEMENT_FIELDS, {"ended_on": ended_on or today, "end_reason": reason})
    if values["end_reason"] is None:
        raise ValidationError("Indicare il motivo della conclusione", "end_reason")
    return update_record(
        opened,
        e.CommunityPlacement,
        placement_id,
        PLACEMENT_FIELDS,
        values,
        missing=PLACEMENT_MISSING,
        check=_placement_check(today),
        guard=_not_ended,
    )


def _not_ended(placement: e.CommunityPlacement) -> None:
    if placement.ended_on is not None:
        raise ValidationError("L'inserimento è già concluso", "ended_on")


def remove_community_placement(opened: OpenProfile, placement_id: CommunityPlacementId) -> None:
    """A placement entered by mistake (one that took place is ended, not removed)."""
    remove_record(opened, e.CommunityPlacement, placement_id, missing=PLACEMENT_MISSING)


def _views(
    repo: Repository, placements: list[e.CommunityPlacement]
) -> list[CommunityPlacementView]:
    """Communities, minors and case codes in one query each, not one per placement."""
    if not placements:
        return []
    communities = by_id(repo, e.Community, (p.community_id for p in placements))
    minors, codes = minors_and_codes(repo, placements)
    return [
        CommunityPlacementView(p, communities[p.community_id], minors[p.minor_id], codes[p.case_id])
        for p in placements
    ]


def list_case_community_placements(
    opened: OpenProfile, case: CaseRef
) -> list[CommunityPlacementView]:
    """The community placements of a case, oldest first."""
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        placements = repo.by_case(
            e.CommunityPlacement,
            case_id,
            [m.CommunityPlacementRow.start_on, m.CommunityPlacementRow.id],
        )
        return _views(repo, placements)


def list_community_placements(
    opened: OpenProfile, community_ref: str | uuid.UUID, active_only: bool = False
) -> list[CommunityPlacementView]:
    """The minors a community hosts or hosted, most recent first."""
    with opened.read_session() as session:
        repo = Repository(session)
        community = resolve_community(session, community_ref)
        where = [m.CommunityPlacementRow.community_id == community.id]
        if active_only:
            where.append(m.CommunityPlacementRow.ended_on.is_(None))
        placements = repo.find(
            e.CommunityPlacement,
            *where,
            order_by=[m.CommunityPlacementRow.start_on.desc(), m.CommunityPlacementRow.id],
        )
        return _views(repo, placements)
