"""Foster families: added, edited, listed with filters, removed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minorifamiglie.domain.enums import AuditAction, Availability, FosterFamilyStatus, OpKind
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import cases, families
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def test_a_family_is_added_logged_and_audited_without_a_case(opened: OpenProfile, traces) -> None:
    vim = cases.find_ambito(opened, "VIM")
    family = families.add_family(
        opened,
        name="Famiglia Locatelli",
        availability=Availability.PART_TIME,
        members="Anna (42), Paolo (45), due figli",
        comune="Almenno San Salvatore",
        ambito_id=vim.id,
        training_completed_on=dt.date(2026, 6, 30),
        today=TODAY,
    )

    assert family.status is FosterFamilyStatus.IN_TRAINING
    assert family.ambito_id == vim.id
    assert families.list_families(opened) == [family]
    assert traces.changes("foster_families", family.id) == [OpKind.INSERT]
    [event] = traces.audit("foster_families", family.id)
    assert (event.action, event.case_id, event.detail) == (AuditAction.CREATE, None, {})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "F" * 201}, "name"),
        ({"availability": "sempre"}, "availability"),
        ({"status": None}, "status"),
        ({"training_completed_on": dt.date(2026, 12, 1)}, "training_completed_on"),
        ({"ambito_id": "0192f0c0-0000-7000-8000-000000000000"}, "ambito_id"),
        ({"ambito_id": "VBR"}, "ambito_id"),
    ],
)
def test_each_bad_family_field_is_named(
    opened: OpenProfile, overrides: dict[str, object], field: str
) -> None:
    values: dict[str, Any] = dict(
        name="Famiglia Pesenti", availability=Availability.RESIDENTIAL, today=TODAY
    )
    values.update(overrides)
    with pytest.raises(ValidationError) as err:
        families.add_family(opened, **values)
    assert err.value.field == field
    assert families.list_families(opened) == []


def test_families_are_listed_by_name_and_filtered(opened: OpenProfile) -> None:
    def add(name: str, availability: Availability, status: FosterFamilyStatus) -> None:
        families.add_family(opened, name=name, availability=availability, status=status)

    add("Famiglia Zanchi", Availability.RESIDENTIAL, FosterFamilyStatus.SUITABLE)
    add("Famiglia Arnoldi", Availability.DAYTIME, FosterFamilyStatus.SUITABLE)
    add("Famiglia Bonetti", Availability.RESIDENTIAL, FosterFamilyStatus.ASSESSING)
    add("Famiglia Carminati", Availability.EMERGENCY, FosterFamilyStatus.WITHDRAWN)

    def names(**filters: Any) -> list[str]:
        return [f.name for f in families.list_families(opened, **filters)]

    assert names() == [
        "Famiglia Arnoldi",
        "Famiglia Bonetti",
        "Famiglia Carminati",
        "Famiglia Zanchi",
    ]
    assert names(status=FosterFamilyStatus.SUITABLE) == ["Famiglia Arnoldi", "Famiglia Zanchi"]
    assert names(availability=Availability.RESIDENTIAL) == ["Famiglia Bonetti", "Famiglia Zanchi"]
    assert names(status=FosterFamilyStatus.SUITABLE, availability=Availability.RESIDENTIAL) == [
        "Famiglia Zanchi"
    ]
    assert names(ambito_id=cases.find_ambito(opened, "BG").id) == []


def test_a_family_is_edited_and_removed(opened: OpenProfile, traces) -> None:
    family = families.add_family(opened, name="Famiglia Rota", availability=Availability.DAYTIME)

    suitable = families.update_family(
        opened, family.id, status="idonea", availability=Availability.RESIDENTIAL
    )
    assert suitable.status is FosterFamilyStatus.SUITABLE
    assert traces.audit("foster_families", family.id)[-1].detail == {
        "fields": ["availability", "status"]
    }
    with pytest.raises(ValidationError) as err:
        families.update_family(opened, family.id, name=" ")
    assert err.value.field == "name"

    families.remove_family(opened, family.id)

    assert families.list_families(opened) == []
    assert traces.changes("foster_families", family.id) == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.TOMBSTONE,
    ]
    assert traces.actions("foster_families", family.id)[-1] is AuditAction.DELETE
    with pytest.raises(NotFoundError, match="Famiglia affidataria non trovata"):
        families.update_family(opened, family.id, notes="…")
