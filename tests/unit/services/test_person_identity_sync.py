"""The identity fields of revision 0006 (sex, birthplace, citizenship, MSNA) travel in sync
bundles like every column, and a person written by an older version (an insert that does not
name them) is still applied, NULL there, with `check` sound."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import OpKind, Service, Sex
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.services import cases, dump, integrity, persons
from minorifamiglie.services.apply import ApplyRefused, apply_operations
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY
from sync_team import Team, make_trio, sync_all

trio = pytest.fixture(make_trio)
ADDED = ("sex", "birthplace", "citizenship", "msna")


def person_of(who: OpenProfile, person_id: uuid.UUID) -> dict[str, object]:
    [row] = [r for r in dump.dump(who)["persons"] if r["id"] == str(person_id)]
    return row


def test_the_new_fields_travel_and_every_device_converges(trio: Team) -> None:
    # Given a child entered by the coordinator with every identity field
    created = cases.open_case(
        trio.coord, ambito="VBR", service=Service.TUTELA, minor_name="Amir Haddad",
        sex="M", birthplace="Marocco", citizenship="MA", msna=True, today=TODAY,
    )  # fmt: skip
    assert created.minor is not None
    minor_id = created.minor.id
    # When the team syncs, and an educator corrects the citizenship
    sync_all(trio)
    persons.update_person(trio.edu1, minor_id, citizenship="Tunisia", today=TODAY)
    sync_all(trio)
    # Then every device holds the same person, the correction included
    rows = [person_of(who, minor_id) for who in trio.all]
    assert all(row == rows[0] for row in rows)
    assert {k: rows[0][k] for k in ADDED} == {
        "sex": "M", "birthplace": "Z330", "citizenship": "TN", "msna": True,
    }  # fmt: skip
    assert len({dump.dump_json(who) for who in trio.all}) == 1
    for who in trio.all:
        assert integrity.check(who).sound


def _older_insert(opened: OpenProfile, data: dict[str, object]) -> Operation:
    """A persons insert as a teammate's version before revision 0006 writes it."""
    with opened.read_session() as session:
        last = session.execute(select(m.ChangeRow).order_by(m.ChangeRow.seq.desc())).scalar()
    assert last is not None
    stamp, device, person_id = Timestamp.decode(last.hlc), uuid.uuid4(), uuid.uuid4()
    hlc = Timestamp(stamp.wall_ms, stamp.counter + 1, device.hex).encode()
    moment = "2026-11-24T09:00:00.000000+00:00"
    row = {
        "id": str(person_id), "created_at": moment, "updated_at": moment, "deleted_at": None,
        "version_hlc": hlc, "origin_device": str(device), "first_name": "Sara",
        "last_name": "Pesenti", "birth_date": "2012-05-04", "tax_code": None, "phone": "",
        "address": "", "notes": "",
    } | data  # fmt: skip
    return Operation(
        op_id=uuid.uuid4(), device_id=device, hlc=hlc, entity="persons",
        entity_id=person_id, kind=OpKind.INSERT, data=row,
    )  # fmt: skip


def test_a_person_from_an_older_version_is_applied_with_the_new_fields_null(
    opened: OpenProfile,
) -> None:
    op = _older_insert(opened, {})
    with opened.session() as session:
        apply_operations(session, [op])
    row = person_of(opened, op.entity_id)
    assert [row[k] for k in ADDED] == [None, None, None, None]
    assert integrity.check(opened).sound
    # and a later edit of a new field on this device is checked and logged as usual
    persons.update_person(opened, PersonId(op.entity_id), sex=Sex.FEMALE, today=TODAY)
    assert person_of(opened, op.entity_id)["sex"] == "F"
    assert integrity.check(opened).sound


@pytest.mark.parametrize(
    ("field", "value"),
    [("birthplace", "Bergamo"), ("citizenship", "ita"), ("sex", "femmina"), ("msna", "si")],
)
def test_hostile_values_of_the_new_fields_refuse_the_operation(
    opened: OpenProfile, field: str, value: object
) -> None:
    op = _older_insert(opened, {field: value})
    before = dump.dump_json(opened)
    with pytest.raises(ApplyRefused) as err, opened.session() as session:
        apply_operations(session, [op])
    assert f"persons.{field}" in str(err.value)
    assert str(value) not in str(err.value).replace(f"persons.{field}", "")
    assert dump.dump_json(opened) == before
