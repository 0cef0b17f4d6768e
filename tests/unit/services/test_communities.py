"""Residential communities: the registry, a minor placed in one, reviewed every six months,
and the placement ended for a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    CommunityKind,
    DeadlineKind,
    LegalBasis,
    MemberRole,
    OpKind,
    PlacementEnd,
    Service,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import cases, communities, deadlines
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


@pytest.fixture
def community(opened: OpenProfile) -> e.Community:
    return communities.add_community(
        opened,
        name="Comunità Il Ponte",
        kind=CommunityKind.EDUCATIONAL,
        comune="Zogno",
        ambito_id=cases.find_ambito(opened, "VBR").id,
        places="8",
        phone="0345 000000",
    )


def place(opened: OpenProfile, case_file: Any, community_id: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = dict(
        community_id=community_id,
        legal_basis=LegalBasis.JUDICIAL,
        start_on=dt.date(2026, 3, 2),
        today=TODAY,
    )
    values.update(overrides)
    return communities.place_in_community(opened, case_file.case.code, **values)


def test_a_community_is_added_logged_and_audited_without_a_case(
    opened: OpenProfile, community: e.Community, traces: Any
) -> None:
    assert (community.places, community.kind, community.comune) == (
        8,
        CommunityKind.EDUCATIONAL,
        "Zogno",
    )
    [view] = communities.list_communities(opened)
    assert (view.community, view.placed) == (community, 0)
    assert traces.changes("communities", community.id) == [OpKind.INSERT]
    [event] = traces.audit("communities", community.id)
    assert (event.action, event.case_id) == (AuditAction.CREATE, None)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "orfanotrofio"}, "kind"),
        ({"places": "otto"}, "places"),
        ({"places": 501}, "places"),
        ({"places": -1}, "places"),
        ({"places": "9" * 5000}, "places"),
        ({"ambito_id": "0192f0c0-0000-7000-8000-000000000000"}, "ambito_id"),
        ({"phone": "0" * 61}, "phone"),
    ],
)
def test_each_bad_community_field_is_named(
    opened: OpenProfile, overrides: dict[str, object], field: str
) -> None:
    values: dict[str, Any] = dict(name="Casa Betania", kind=CommunityKind.MOTHER_CHILD)
    values.update(overrides)
    with pytest.raises(ValidationError) as err:
        communities.add_community(opened, **values)
    assert err.value.field == field
    assert communities.list_communities(opened) == []


def test_editing_and_filtering_the_registry(opened: OpenProfile, community: e.Community) -> None:
    communities.add_community(opened, name="Casa Betania", kind=CommunityKind.MOTHER_CHILD)
    edited = communities.update_community(opened, community.id, places="10", notes="Nuova ala")
    assert (edited.places, edited.notes) == (10, "Nuova ala")
    cleared = communities.update_community(opened, community.id, places="")
    assert cleared.places is None
    kinds = [v.community.name for v in communities.list_communities(opened)]
    assert kinds == ["Casa Betania", "Comunità Il Ponte"]
    only = communities.list_communities(opened, kind=CommunityKind.MOTHER_CHILD)
    assert [v.community.name for v in only] == ["Casa Betania"]
    with pytest.raises(ValidationError, match="Campo non modificabile"):
        communities.update_community(opened, community.id, origin_device="x")


def test_a_community_is_found_by_id_or_by_its_name_in_any_case(
    opened: OpenProfile, community: e.Community
) -> None:
    assert communities.show_community(opened, "comunità il ponte").community == community
    assert communities.show_community(opened, str(community.id)).community == community
    with pytest.raises(NotFoundError, match="Comunità non trovata"):
        communities.show_community(opened, "Casa Nessuno")
    communities.add_community(opened, name="Comunità il Ponte", kind=CommunityKind.FAMILY)
    with pytest.raises(ValidationError, match="Più comunità con questo nome"):
        communities.show_community(opened, "Comunità Il Ponte")


def test_the_minor_of_the_case_is_placed_and_counted(
    opened: OpenProfile, case_file: Any, community: e.Community, traces: Any
) -> None:
    placement = place(opened, case_file, community.id)

    assert placement.minor_id == case_file.minor.id  # the case's only minor, unless told
    assert (placement.ended_on, placement.end_reason, placement.planned_end_on) == (
        None,
        None,
        None,
    )
    assert traces.changes("community_placements", placement.id) == [OpKind.INSERT]
    [event] = traces.audit("community_placements", placement.id)
    assert (event.action, event.case_id) == (AuditAction.CREATE, case_file.case.id)
    [view] = communities.list_communities(opened)
    assert view.placed == 1
    [shown] = communities.list_community_placements(opened, community.id)
    assert (shown.minor.full_name, shown.case_code, shown.community.name) == (
        "Luca Rota",
        case_file.case.code,
        "Comunità Il Ponte",
    )
    assert communities.list_case_community_placements(opened, case_file.case.code) == [shown]


def test_only_a_minor_of_the_case_and_only_in_one_community_at_a_time(
    opened: OpenProfile, case_file: Any, community: e.Community
) -> None:
    mother = cases.add_member(
        opened, case_file.case.code, first_name="Sara", last_name="Rota", role=MemberRole.MOTHER
    )
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, community.id, minor_id=mother.person.id)
    assert err.value.field == "minor_id"
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, "0192f0c0-0000-7000-8000-000000000000")
    assert err.value.field == "community_id"
    place(opened, case_file, community.id)
    other = communities.add_community(opened, name="Casa Betania", kind=CommunityKind.FAMILY)
    with pytest.raises(ValidationError, match="già inserito in una comunità"):
        place(opened, case_file, other.id)


def test_a_case_with_two_minors_must_say_which(
    opened: OpenProfile, case_file: Any, community: e.Community
) -> None:
    sister = cases.add_member(
        opened, case_file.case.code, first_name="Anna", last_name="Rota", role=MemberRole.MINOR
    )
    with pytest.raises(ValidationError, match="non ha un solo minore") as err:
        place(opened, case_file, community.id)
    assert err.value.field == "minor_id"
    placed = place(opened, case_file, community.id, minor_id=str(sister.person.id))
    assert placed.minor_id == sister.person.id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_end_on": dt.date(2026, 1, 1)}, "planned_end_on"),
        ({"legal_basis": "forse"}, "legal_basis"),
        ({"start_on": None}, "start_on"),
    ],
)
def test_bad_placement_dates_are_named(
    opened: OpenProfile,
    case_file: Any,
    community: e.Community,
    overrides: dict[str, Any],
    field: str,
) -> None:
    with pytest.raises(ValidationError) as err:
        place(opened, case_file, community.id, **overrides)
    assert err.value.field == field
    assert communities.list_case_community_placements(opened, case_file.case.code) == []


def test_the_six_monthly_report_is_a_deadline_until_the_placement_ends(
    opened: OpenProfile, case_file: Any, community: e.Community
) -> None:
    placement = place(opened, case_file, community.id, start_on=dt.date(2026, 6, 1))

    def due() -> list[dt.date]:
        return [
            r.due_on
            for r in deadlines.upcoming_deadlines(opened, TODAY, days=400)
            if r.kind is DeadlineKind.COMMUNITY_REVIEW and r.source_id == placement.id
        ]

    # six months from the start, then six months from the last report
    assert due() == [dt.date(2026, 12, 1)]
    detail = cases.show_case(opened, case_file.case.code, today=TODAY)
    assert [d.due_on for d in detail.deadlines if d.kind == DeadlineKind.COMMUNITY_REVIEW] == [
        dt.date(2026, 12, 1)
    ]
    assert detail.community_placements == (placement,)
    communities.record_community_review(opened, placement.id, dt.date(2026, 11, 20), today=TODAY)
    assert due() == [dt.date(2027, 5, 20)]
    with pytest.raises(ValidationError, match="non può essere futura"):
        communities.record_community_review(
            opened, placement.id, dt.date(2026, 12, 20), today=TODAY
        )
    with pytest.raises(ValidationError, match="precede l'inizio dell'inserimento"):
        communities.record_community_review(opened, placement.id, dt.date(2026, 5, 1), today=TODAY)

    communities.end_community_placement(
        opened, placement.id, reason=PlacementEnd.RETURNED_HOME, today=TODAY
    )
    assert due() == []


def test_ending_a_placement_needs_a_reason_and_happens_once(
    opened: OpenProfile, case_file: Any, community: e.Community, traces: Any
) -> None:
    placement = place(opened, case_file, community.id)
    with pytest.raises(ValidationError) as err:
        communities.end_community_placement(opened, placement.id, reason="", today=TODAY)
    assert err.value.field == "end_reason"
    with pytest.raises(ValidationError, match="non può essere futura"):
        communities.end_community_placement(
            opened, placement.id, reason="autonomia", ended_on=dt.date(2027, 1, 1), today=TODAY
        )

    ended = communities.end_community_placement(
        opened, placement.id, reason="autonomia", ended_on=dt.date(2026, 11, 1), today=TODAY
    )

    assert (ended.ended_on, ended.end_reason) == (dt.date(2026, 11, 1), PlacementEnd.AUTONOMY)
    assert traces.changes("community_placements", placement.id) == [OpKind.INSERT, OpKind.UPDATE]
    assert traces.audit("community_placements", placement.id)[-1].detail == {
        "fields": ["end_reason", "ended_on"]
    }
    assert communities.list_communities(opened)[0].placed == 0
    with pytest.raises(ValidationError, match="già concluso"):
        communities.end_community_placement(opened, placement.id, reason="altro", today=TODAY)
    with pytest.raises(ValidationError, match="L'inserimento è concluso"):
        communities.record_community_review(opened, placement.id, dt.date(2026, 11, 2), today=TODAY)
    # Reopened by editing (an end entered by mistake): date and reason go together.
    with pytest.raises(ValidationError) as err:
        communities.update_community_placement(opened, placement.id, ended_on=None, today=TODAY)
    assert err.value.field == "ended_on"
    reopened = communities.update_community_placement(
        opened, placement.id, ended_on=None, end_reason=None, today=TODAY
    )
    assert (reopened.ended_on, reopened.end_reason) == (None, None)
    # and the minor is in the community again, counted
    assert communities.list_communities(opened)[0].placed == 1


def test_a_community_hosting_a_child_cannot_be_removed(
    opened: OpenProfile, case_file: Any, community: e.Community
) -> None:
    placement = place(opened, case_file, community.id)
    with pytest.raises(ValidationError, match="inserimenti in corso"):
        communities.remove_community(opened, community.id)
    communities.end_community_placement(opened, placement.id, reason="altro", today=TODAY)
    communities.remove_community(opened, community.id)
    assert communities.list_communities(opened) == []
    # the past placement still names it
    [view] = communities.list_case_community_placements(opened, case_file.case.code)
    assert view.community.name == "Comunità Il Ponte"


def test_a_placement_entered_by_mistake_is_removed(
    opened: OpenProfile, case_file: Any, community: e.Community, traces: Any
) -> None:
    placement = place(opened, case_file, community.id)
    communities.remove_community_placement(opened, placement.id)
    assert communities.list_case_community_placements(opened, case_file.case.code) == []
    assert traces.changes("community_placements", placement.id)[-1] is OpKind.TOMBSTONE
    assert traces.actions("community_placements", placement.id)[-1] is AuditAction.DELETE
    with pytest.raises(NotFoundError, match="Inserimento in comunità non trovato"):
        communities.remove_community_placement(opened, placement.id)


def test_a_closed_case_keeps_its_placement_out_of_the_deadlines(
    opened: OpenProfile, case_file: Any, community: e.Community
) -> None:
    place(opened, case_file, community.id, start_on=dt.date(2026, 1, 10))
    assert any(
        r.kind is DeadlineKind.COMMUNITY_REVIEW for r in deadlines.upcoming_deadlines(opened, TODAY)
    )
    cases.edit_case(
        opened,
        case_file.case.code,
        {"status": "chiusa", "closure_reason": "obiettivi-raggiunti"},
        today=TODAY,
    )
    assert deadlines.upcoming_deadlines(opened, TODAY) == []


def test_another_service_case_can_place_its_child(
    opened: OpenProfile, community: e.Community
) -> None:
    case = cases.add_case(
        opened, ambito="VBR", service=Service.TUTELA, minor_name="Elia Cortinovis", today=TODAY
    )
    placed = communities.place_in_community(
        opened,
        case.id,
        community_id=community.id,
        legal_basis=LegalBasis.CONSENSUAL,
        start_on=TODAY,
        today=TODAY,
    )
    assert placed.case_id == case.id
