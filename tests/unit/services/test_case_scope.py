"""A record of a case names only records of the same case (services/case_scope.py): a teammate's
operation that makes a visit count its hours in another case's activation, or moves an
activation under another case while its visits stay, is refused whole, and nothing of it stays.
Real SQLCipher profile, operations as a teammate's device would send them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from msgspec.structs import replace
from sqlalchemy import func, select

from minorifamiglie.domain.enums import OpKind, Service
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import activations, case_scope, integrity, visits
from minorifamiglie.services.apply import ApplyRefused, apply_operations
from minorifamiglie.services.snapshot import operation_of
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.merge import PLACEMENT_FIELDS
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY
from sync_team import new_case

TEAMMATE = uuid.UUID("018f0000-0000-7000-8000-00000000ca5e")
DAY = dt.date(2026, 11, 20)


def stamp(opened: OpenProfile, step: int) -> str:
    return Timestamp(int(opened.now().timestamp() * 1000) + step, 0, TEAMMATE.hex).encode()


def logged_insert(opened: OpenProfile, table: str, record: uuid.UUID) -> Operation:
    with opened.read_session() as session:
        row = session.execute(
            select(m.ChangeRow).where(
                m.ChangeRow.entity == table,
                m.ChangeRow.entity_id == record,
                m.ChangeRow.kind == OpKind.INSERT,
            )
        ).scalar_one()
        return operation_of(row)


def as_teammates(opened: OpenProfile, op: Operation, step: int, **data: object) -> Operation:
    """`op` as the teammate's laptop would write it anew: its own id, stamp and device."""
    record = uuid.uuid4() if op.kind is OpKind.INSERT else op.entity_id
    values = {**op.data, **data}
    if "id" in values:
        values["id"] = str(record)
    if "version_hlc" in values:
        values["version_hlc"] = stamp(opened, step)
        values["origin_device"] = str(TEAMMATE)
    return replace(
        op,
        op_id=uuid.uuid4(),
        device_id=TEAMMATE,
        hlc=stamp(opened, step),
        entity_id=record,
        data=values,
        replaces=None,
        seen=(),
    )


def counts(opened: OpenProfile) -> tuple[int, int, int]:
    with opened.read_session() as session:
        return (
            session.execute(select(func.count()).select_from(m.ChangeRow)).scalar_one(),
            session.execute(select(func.count()).select_from(m.VisitRow)).scalar_one(),
            session.execute(select(func.count()).select_from(m.ServiceActivationRow)).scalar_one(),
        )


@pytest.fixture
def two_cases(opened: OpenProfile) -> tuple[uuid.UUID, uuid.UUID, Operation, Operation]:
    """Two cases, each with an activation; a visit of the first, counted in its activation:
    the visit's and the second activation's inserts as logged."""
    first, second = new_case(opened, "Prima"), new_case(opened, "Seconda")
    mine = activations.add_activation(
        opened, str(first), service=Service.ADM, start_on=DAY, authorised_hours=4
    )
    theirs = activations.add_activation(
        opened, str(second), service=Service.ADM, start_on=DAY, authorised_hours=4
    )
    visit = visits.add_visit(
        opened, case=str(first), date=DAY, start=dt.time(15), end=dt.time(16), today=TODAY
    )
    assert visits.get_visit(opened, visit.id).visit.activation_id == mine.id
    return (
        first,
        theirs.id,
        logged_insert(opened, "visits", visit.id),
        logged_insert(opened, "service_activations", theirs.id),
    )


def test_the_links_are_every_reference_between_two_tables_of_a_case() -> None:
    assert set(case_scope.LINKS) == {
        ("attachments", "visit_id", "visits"),
        ("court_reports", "measure_id", "measures"),
        ("goal_actions", "goal_id", "goals"),
        ("paper_sheets", "transcribed_visit_id", "visits"),
        ("visits", "activation_id", "service_activations"),
    }


def test_the_merge_keeps_in_place_the_case_and_the_links_of_every_record_of_a_case() -> None:
    # sync/merge.py cannot read the models (a pure layer): its list is kept equal here
    expected = {table: {"case_id"} for table in case_scope.SCOPED}
    for table, column, _parent in case_scope.LINKS:
        expected[table].add(column)
    assert {table: set(names) for table, names in PLACEMENT_FIELDS.items()} == expected


def test_a_second_insert_of_a_visit_cannot_move_it_to_another_case(
    opened: OpenProfile, two_cases: tuple[uuid.UUID, uuid.UUID, Operation, Operation]
) -> None:
    # The visit's id reused by a tampered laptop, with the other case and its activation:
    # consistent, so the same-case check alone would take it.
    first, other_activation, visit, activation = two_cases
    forged = replace(
        as_teammates(opened, visit, 1),
        entity_id=visit.entity_id,
        data={
            **visit.data,
            "case_id": activation.data["case_id"],
            "activation_id": str(other_activation),
            "notes": "Scritta altrove",
        },
    )
    with opened.session() as session:
        assert apply_operations(session, [forged]).applied == 1
    with opened.read_session() as session:
        row = session.get(m.VisitRow, visit.entity_id)
        assert row is not None and row.case_id == first
        assert row.activation_id == uuid.UUID(str(visit.data["activation_id"]))
        assert row.notes == "Scritta altrove"  # the rest merges as any write would
    assert integrity.check(opened).sound


def test_a_visit_counting_its_hours_in_another_cases_activation_is_refused(
    opened: OpenProfile, two_cases: tuple[uuid.UUID, uuid.UUID, Operation, Operation]
) -> None:
    _first, other_activation, visit, _activation = two_cases
    before = counts(opened)
    forged = as_teammates(opened, visit, 1, activation_id=str(other_activation))
    with pytest.raises(ApplyRefused) as info, opened.session() as session:
        apply_operations(session, [forged])
    assert info.value.reason == "operation_rejected"
    assert info.value.detail == "visits.activation_id names a record of another case"
    assert counts(opened) == before
    # the same visit in its own case's activation is a teammate's ordinary visit
    with opened.session() as session:
        assert apply_operations(session, [as_teammates(opened, visit, 2)]).applied == 1


def test_an_activation_moved_under_another_case_with_its_visits_left_is_refused(
    opened: OpenProfile, two_cases: tuple[uuid.UUID, uuid.UUID, Operation, Operation]
) -> None:
    first, _other, visit, _activation = two_cases
    with opened.read_session() as session:
        (mine,) = session.execute(
            select(m.VisitRow.activation_id).where(m.VisitRow.id == visit.entity_id)
        ).one()
    assert mine is not None
    move = logged_insert(opened, "service_activations", mine)
    edit = replace(
        as_teammates(opened, move, 1),
        kind=OpKind.UPDATE,
        entity_id=mine,
        data={"case_id": str(new_case(opened, "Terza"))},
        replaces=move.op_id,
    )
    before = counts(opened)
    with pytest.raises(ApplyRefused) as info, opened.session() as session:
        apply_operations(session, [edit])
    assert info.value.detail == "operation 0: service_activations.case_id is fixed once added"
    assert counts(opened) == before
    with opened.read_session() as session:
        assert session.get(m.ServiceActivationRow, mine).case_id == first  # type: ignore[union-attr]


def test_a_visit_moved_to_another_case_with_its_activation_is_refused(
    opened: OpenProfile, two_cases: tuple[uuid.UUID, uuid.UUID, Operation, Operation]
) -> None:
    # Consistent after the move (the other case, that case's activation), so the same-case
    # check alone would take it: a record stays in the case it was added to.
    first, other_activation, visit, activation = two_cases
    moved = replace(
        as_teammates(opened, visit, 1),
        kind=OpKind.UPDATE,
        entity_id=visit.entity_id,
        data={"case_id": activation.data["case_id"], "activation_id": str(other_activation)},
        replaces=visit.op_id,
    )
    before = counts(opened)
    with pytest.raises(ApplyRefused) as info, opened.session() as session:
        apply_operations(session, [moved])
    assert info.value.detail == "operation 0: visits.case_id is fixed once added"
    assert counts(opened) == before
    with opened.read_session() as session:
        assert session.get(m.VisitRow, visit.entity_id).case_id == first  # type: ignore[union-attr]


def test_an_edit_placing_a_visit_not_here_yet_waits_for_it_and_then_counts(
    opened: OpenProfile, two_cases: tuple[uuid.UUID, uuid.UUID, Operation, Operation]
) -> None:
    # A teammate's visit, then its edit counting it in another activation of the same case
    # (its date moved): the edit arrives first, as a slow shared folder may deliver it
    first, _other, visit, _activation = two_cases
    later = activations.add_activation(
        opened, str(first), service=Service.ADM, start_on=DAY, authorised_hours=2
    )
    new = as_teammates(opened, visit, 1)
    moved = replace(
        as_teammates(opened, new, 2),
        kind=OpKind.UPDATE,
        entity_id=new.entity_id,
        data={"activation_id": str(later.id)},
        replaces=new.op_id,
    )
    before = counts(opened)
    with opened.session() as session:
        result = apply_operations(session, [moved])
    assert (result.applied, result.waiting) == (0, (moved,))  # kept apart, nothing written
    assert counts(opened) == before
    with opened.session() as session:
        assert apply_operations(session, [new]).applied == 1
    with opened.session() as session:  # tried again once the visit is here: it counts
        assert apply_operations(session, [moved]).applied == 1
    assert visits.get_visit(opened, VisitId(new.entity_id)).visit.activation_id == later.id
