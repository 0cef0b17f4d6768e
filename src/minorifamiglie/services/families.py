"""Foster families (famiglie affidatarie): their suitability, availability and training.

Their placements (abbinamenti) with the minors of a case are in services/placements.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Availability, FosterFamilyStatus
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import AmbitoId, FosterFamilyId
from minorifamiglie.services.fields import (
    Check,
    Spec,
    add_record,
    choice,
    clean,
    date,
    not_future,
    remove_record,
    text,
    update_record,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

# The tables the foster families screen shows: the families, and who is placed with them.
SOURCES = frozenset({"foster_families", "placements", "cases", "persons", "case_members"})

FAMILY_MISSING = "Famiglia affidataria non trovata"
FAMILY_FIELDS: dict[str, Spec] = {
    "name": text("Nome della famiglia", 200, required=True),
    "members": text("Componenti"),
    "comune": text("Comune", 120),
    "ambito_id": Spec("Ambito", "id"),
    "availability": choice("Disponibilità", Availability),
    "status": choice("Stato della famiglia", FosterFamilyStatus),
    "training_completed_on": date("Fine del percorso di formazione"),
    "notes": text("Note"),
}


def check_ambito(repo: Repository, ambito_id: AmbitoId | None) -> None:
    """The Ambito of a registry entry (a family, a community), when given, is a known one."""
    if ambito_id is not None:
        try:
            repo.get(e.Ambito, ambito_id)
        except NotFoundError:
            raise ValidationError("Ambito sconosciuto", "ambito_id") from None


def _family_checker(today: dt.date) -> Check:
    def check(repo: Repository, values: dict[str, Any]) -> None:
        not_future(
            values["training_completed_on"],
            today,
            "training_completed_on",
            "La data di fine formazione non può essere futura",
        )
        check_ambito(repo, values["ambito_id"])

    return check


def add_family(
    opened: OpenProfile,
    *,
    name: str,
    availability: Availability,
    status: FosterFamilyStatus = FosterFamilyStatus.IN_TRAINING,
    members: str = "",
    comune: str = "",
    ambito_id: AmbitoId | None = None,
    training_completed_on: dt.date | None = None,
    notes: str = "",
    today: dt.date | None = None,
) -> e.FosterFamily:
    values = clean(
        FAMILY_FIELDS,
        dict(
            name=name,
            members=members,
            comune=comune,
            ambito_id=ambito_id,
            availability=availability,
            status=status,
            training_completed_on=training_completed_on,
            notes=notes,
        ),
    )
    return add_record(
        opened, e.FosterFamily, values, check=_family_checker(today or dt.date.today())
    )


def update_family(
    opened: OpenProfile,
    family_id: FosterFamilyId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.FosterFamily:
    """Edit fields of FAMILY_FIELDS: the status after the assessment, the availability…"""
    return update_record(
        opened,
        e.FosterFamily,
        family_id,
        FAMILY_FIELDS,
        changes,
        missing=FAMILY_MISSING,
        check=_family_checker(today or dt.date.today()),
    )


def list_families(
    opened: OpenProfile,
    *,
    status: FosterFamilyStatus | None = None,
    availability: Availability | None = None,
    ambito_id: AmbitoId | None = None,
) -> list[e.FosterFamily]:
    """Families by name, filtered in SQL."""
    where = []
    if status is not None:
        where.append(m.FosterFamilyRow.status == status)
    if availability is not None:
        where.append(m.FosterFamilyRow.availability == availability)
    if ambito_id is not None:
        where.append(m.FosterFamilyRow.ambito_id == ambito_id)
    with opened.read_session() as session:
        return Repository(session).find(
            e.FosterFamily,
            *where,
            order_by=[m.FosterFamilyRow.name, m.FosterFamilyRow.id],
        )


def _without_active_placements(repo: Repository, family: e.FosterFamily) -> None:
    active = repo.session.execute(
        select(func.count())
        .select_from(m.PlacementRow)
        .where(
            m.PlacementRow.family_id == family.id,
            m.PlacementRow.deleted_at.is_(None),
            m.PlacementRow.ended_on.is_(None),
        )
    ).scalar_one()
    if active:
        raise ValidationError(
            "La famiglia ha abbinamenti in corso: concluderli prima di eliminarla", "family"
        )


def remove_family(opened: OpenProfile, family_id: FosterFamilyId) -> None:
    remove_record(
        opened,
        e.FosterFamily,
        family_id,
        missing=FAMILY_MISSING,
        guard=_without_active_placements,
    )
