"""What a teammate's laptop may write (issue 12: values inside a verified bundle are not trusted
for what they claim). A stolen or tampered educator's laptop signs its bundles validly, so the
receiving device checks what they write against the roster the coordinator signed: its own
operator's record with its roster role and its own device's record, never another operator's
record or role, never the Ambiti every profile is created with. Each such bundle is refused
whole, nothing of it lands, and `check` stays sound on every device. Real encrypted profiles,
a real share, the laptop's writes made straight through the ORM (the change log captures them)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import ambito_settings, cases, integrity, syncing
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import utcnow
from sync_team import Team, make_trio, new_case, sync_all


@pytest.fixture
def trio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    yield from make_trio(tmp_path_factory.mktemp("squadra"))


def operator_named(session: Session, name: str) -> m.OperatorRow:
    return session.execute(select(m.OperatorRow).where(m.OperatorRow.name == name)).scalar_one()


def demote_the_coordinator(session: Session) -> None:
    operator_named(session, "Giulia Rota").role = Role.EDUCATOR


def promote_itself(session: Session) -> None:
    operator_named(session, "Marco Locatelli").role = Role.COORDINATOR


def remove_the_coordinator(session: Session) -> None:
    operator_named(session, "Giulia Rota").deleted_at = utcnow()


def rename_her(session: Session) -> None:
    operator_named(session, "Giulia Rota").name = "Giulia Impostora"


def take_over_a_device(session: Session) -> None:
    device = session.execute(select(m.DeviceRow).where(m.DeviceRow.name == "coord")).scalar_one()
    device.operator_id = operator_named(session, "Marco Locatelli").id


TAMPERING: dict[str, tuple[Callable[[Session], None], str]] = {
    "the coordinator demoted": (demote_the_coordinator, "operators"),
    "an educator promoting itself": (promote_itself, "operators"),
    "the coordinator's record removed": (remove_the_coordinator, "operators"),
    "another operator renamed": (rename_her, "operators"),
    "another device's record rewritten": (take_over_a_device, "devices"),
}


def write_behind_the_services(who: OpenProfile, change: Callable[[Session], None]) -> None:
    with who.session() as session:
        change(session)


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_a_teammate_cannot_write_another_operators_record_or_its_own_role(
    trio: Team, name: str
) -> None:
    change, table = TAMPERING[name]
    sync_all(trio)
    # Given an educator's laptop on which the services were bypassed
    write_behind_the_services(trio.edu1, change)
    new_case(trio.edu1)  # and ordinary work in the same bundle

    # When it syncs and the others sync after it
    syncing.sync(trio.edu1, trio.share)
    for who in (trio.coord, trio.edu2):
        report = syncing.sync(who, trio.share)
        # Then each refuses that bundle whole, naming why, and nothing of it lands
        assert [(r.reason, r.detail) for r in report.refused] == [("not_coordinator", table)]
        assert "solo il coordinatore" in report.refused[0].message("it")
        assert cases.list_cases(who) == []
        assert integrity.check(who).sound
    # the coordinator is still the coordinator, on her own laptop and on the others
    assert ambito_settings.can_edit(trio.coord)
    with trio.edu2.session() as session:
        coordinator = operator_named(session, "Giulia Rota")
        assert (coordinator.role, coordinator.deleted_at) == (Role.COORDINATOR, None)


def test_the_coordinator_may_write_any_operators_record(trio: Team) -> None:
    sync_all(trio)
    with trio.coord.session() as session:
        operator_named(session, "Marco Locatelli").role = Role.SOCIAL_WORKER
    sync_all(trio)
    for who in trio.all:
        with who.session() as session:
            assert operator_named(session, "Marco Locatelli").role is Role.SOCIAL_WORKER


def test_an_ambito_every_profile_is_created_with_is_written_by_no_device(trio: Team) -> None:
    sync_all(trio)
    vbr = uuid.UUID(str(ambito_id("VBR")))
    # Given the coordinator's laptop itself tampered with: the Ambiti are nobody's to change
    with trio.coord.session() as session:
        row = session.get(m.AmbitoRow, vbr)
        assert row is not None
        row.name = "Ambito rinominato"
    new_case(trio.coord)

    syncing.sync(trio.coord, trio.share)
    for who in (trio.edu1, trio.edu2):
        report = syncing.sync(who, trio.share)
        assert [(r.reason, r.detail) for r in report.refused] == [
            ("operation_rejected", "operation 0: reference data")
        ]
        assert cases.list_cases(who) == []
        # a backup of it restores: the seeded row and the log still agree
        assert integrity.check(who).sound
        with who.session() as session:
            row = session.get(m.AmbitoRow, vbr)
            assert row is not None and row.name != "Ambito rinominato"
