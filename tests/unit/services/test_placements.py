"""Placements: a minor in charge matched with a foster family, reviewed, ended."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    Availability,
    DeadlineKind,
    FosterFamilyStatus,
    LegalBasis,
    MemberRole,
    OpKind,
    PlacementEnd,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.services import cases, deadlines, families, placements
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


@pytest.fixture
def family(opened: OpenProfile) -> e.FosterFamily:
    return families.add_family(
        opened,
        name="Famiglia Gamba",
        availability=Availability.RESIDENTIAL,
        status=FosterFamilyStatus.SUITABLE,
    )


def place(opened: OpenProfile, case_file, family_id: uuid.UUID, **overrides: Any) -> e.Placement:
    values: dict[str, Any] = dict(
        minor_id=case_file.minor.id,
        family_id=family_id,
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        start_on=dt.date(2026, 6, 1),
        today=TODAY,
    )
    values.update(overrides)
    return placements.add_placement(opened, case_file.case.id, **values)


def test_a_placement_lasts_24_months_unless_told(
    opened: OpenProfile, case_file, family, traces
) -> None:
    placement = place(opened, case_file, family.id)

    assert placement.planned_end_on == dt.date(2028, 6, 1)
    assert placement.schedule is Availability.RESIDENTIAL
    assert traces.changes("placements", placement.id) == [OpKind.INSERT]
    [event] = traces.audit("placements", placement.id)
    assert (event.action, event.case_id) == (AuditAction.CREATE, case_file.case.id)
    shorter = place(opened, case_file, family.id, rules=DeadlineRules(placement_max_months=12))
    assert shorter.planned_end_on == dt.date(2027, 6, 1)
    told = place(opened, case_file, family.id, planned_end_on=dt.date(2027, 1, 31))
    assert told.planned_end_on == dt.date(2027, 1, 31)


def test_only_a_minor_of_the_case_can_be_placed(opened: OpenProfile, case_file, family) -> None:
    mother = cases.add_member(
        opened, case_file.case.code, first_name="Sara", last_name="Rota", role=MemberRole.MOTHER
    )
    other = cases.add_case(
        opened, ambito="VBR", service=Service.AFFIDO, minor_name="Elia Cortinovis"
    )
    other_minor = next(
        mv.person
        for mv in cases.show_case(opened, other.code).members
        if mv.member.role is MemberRole.MINOR
    )
    for person_id in (mother.person.id, other_minor.id, uuid.uuid4()):
        with pytest.raises(ValidationError) as err:
            place(opened, case_file, family.id, minor_id=person_id)
        assert err.value.field == "minor_id"
    assert placements.list_placements(opened, case_file.case.id) == []


def test_the_family_must_exist_and_not_have_withdrawn(
    opened: OpenProfile, case_file, family
) -> None:
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, uuid.uuid4())
    assert err.value.field == "family_id"
    families.update_family(opened, family.id, status=FosterFamilyStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="ritirata") as err:
        place(opened, case_file, family.id)
    assert err.value.field == "family_id"
    gone = families.add_family(opened, name="Famiglia Mazzoleni", availability=Availability.DAYTIME)
    families.remove_family(opened, gone.id)
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, gone.id)
    assert err.value.field == "family_id"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_end_on": dt.date(2026, 5, 1)}, "planned_end_on"),
        ({"legal_basis": "forse"}, "legal_basis"),
        ({"kind": None}, "kind"),
        ({"schedule": "notturno"}, "schedule"),
        ({"start_on": "ieri"}, "start_on"),
        ({"minor_id": "nessuno"}, "minor_id"),
    ],
)
def test_each_bad_placement_field_is_named(
    opened: OpenProfile, case_file, family, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, family.id, **overrides)
    assert err.value.field == field


def test_review_then_end(opened: OpenProfile, case_file, family, traces) -> None:
    placement = place(opened, case_file, family.id)
    review = [r for r in deadlines.upcoming_deadlines(opened, TODAY) if r.source_id == placement.id]
    assert [(r.kind, r.due_on, r.overdue) for r in review] == [
        (DeadlineKind.FOSTER_REVIEW, dt.date(2026, 12, 1), False)
    ]

    reviewed = placements.record_placement_review(opened, placement.id, today=TODAY)

    assert reviewed.last_review_on == TODAY
    assert not [
        r for r in deadlines.upcoming_deadlines(opened, TODAY) if r.source_id == placement.id
    ]
    for bad in (dt.date(2026, 5, 31), dt.date(2026, 11, 25)):
        with pytest.raises(ValidationError) as err:
            placements.record_placement_review(opened, placement.id, bad, today=TODAY)
        assert err.value.field == "last_review_on"

    with pytest.raises(ValidationError) as err:
        placements.end_placement(
            opened, placement.id, dt.date(2026, 5, 1), today=TODAY, reason=PlacementEnd.OTHER
        )
    assert err.value.field == "ended_on"
    with pytest.raises(ValidationError) as err:  # the reason is asked for
        placements.end_placement(opened, placement.id, dt.date(2026, 11, 20), reason=None)
    assert err.value.field == "end_reason"
    ended = placements.end_placement(
        opened, placement.id, dt.date(2026, 11, 20), today=TODAY, reason="rientro-famiglia"
    )

    assert ended.ended_on == dt.date(2026, 11, 20)
    assert ended.end_reason is PlacementEnd.RETURNED_HOME
    with pytest.raises(ValidationError, match="concluso"):
        placements.record_placement_review(opened, placement.id, today=TODAY)
    assert traces.changes("placements", placement.id) == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.UPDATE,
    ]
    assert [t.detail for t in traces.audit("placements", placement.id)] == [
        {},
        {"fields": ["last_review_on"]},
        {"fields": ["end_reason", "ended_on"]},
    ]


def test_the_court_extends_a_placement(opened: OpenProfile, case_file, family) -> None:
    placement = place(opened, case_file, family.id)
    extended = placements.update_placement(
        opened, placement.id, planned_end_on="2029-06-01", today=TODAY
    )
    assert extended.planned_end_on == dt.date(2029, 6, 1)


def test_lists_by_case_and_by_family(opened: OpenProfile, case_file, family, traces) -> None:
    other = families.add_family(opened, name="Famiglia Ghisleni", availability=Availability.DAYTIME)
    first = place(opened, case_file, family.id, start_on=dt.date(2025, 1, 10))
    placements.end_placement(
        opened, first.id, dt.date(2026, 1, 9), today=TODAY, reason=PlacementEnd.OTHER_FAMILY
    )
    second = place(opened, case_file, other.id, schedule=Availability.DAYTIME)
    third = place(opened, case_file, family.id, start_on=dt.date(2026, 9, 1))

    by_case = placements.list_placements(opened, case_file.case.code)
    assert [v.placement.id for v in by_case] == [first.id, second.id, third.id]
    assert [v.family.name for v in by_case] == [
        "Famiglia Gamba",
        "Famiglia Ghisleni",
        "Famiglia Gamba",
    ]
    assert {v.minor.id for v in by_case} == {case_file.minor.id}
    assert {v.case_code for v in by_case} == {case_file.case.code}

    hosted = placements.list_family_placements(opened, family.id)
    assert [v.placement.id for v in hosted] == [third.id, first.id]
    assert [v.placement.id for v in placements.list_family_placements(opened, family.id, True)] == [
        third.id
    ]
    with pytest.raises(ValidationError, match="abbinamenti in corso"):
        families.remove_family(opened, family.id)

    placements.remove_placement(opened, third.id)

    assert [v.placement.id for v in placements.list_placements(opened, case_file.case.id)] == [
        first.id,
        second.id,
    ]
    assert traces.changes("placements", third.id)[-1] is OpKind.TOMBSTONE
    assert traces.actions("placements", third.id)[-1] is AuditAction.DELETE
    families.remove_family(opened, family.id)  # only ended placements left
    with pytest.raises(NotFoundError, match="Famiglia affidataria non trovata"):
        placements.list_family_placements(opened, family.id)
    assert placements.list_placements(opened, case_file.case.id)[0].family.name == "Famiglia Gamba"
    with pytest.raises(NotFoundError, match="Abbinamento non trovato"):
        placements.end_placement(opened, third.id, today=TODAY, reason=PlacementEnd.OTHER)
