"""The same-case rule through a real sync of three profiles (services/case_scope.py,
apply._waiting): a tampered laptop moves a teammate's new visit to another child's activation and
its bundle reaches the coordinator before the teammate's (a cloud folder delivers files in any
order). The edit waits apart until the visit arrives, then is refused alone, named; the
teammate's visit and everything published after it arrive; where the visit was already there,
the tampered bundle is refused at once. Every laptop ends with no record naming another case's."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import OpKind, Service
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services import activations, cases, integrity, syncing, visits
from minorifamiglie.services.syncing import HELD_SOURCE
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY
from sync_team import Team, make_trio, new_case, publish_by_hand, stop_clocks, sync_all

DAY = dt.date(2026, 11, 20)
trio = pytest.fixture(make_trio)


def activation_of(who: OpenProfile, visit: uuid.UUID) -> uuid.UUID | None:
    with who.read_session() as session:
        found = session.execute(select(m.VisitRow.activation_id).where(m.VisitRow.id == visit))
        return found.scalar()


def reasons(report: syncing.SyncReport) -> list[tuple[str, str, str]]:
    return [(r.file, r.reason, r.detail) for r in report.refused]


def test_an_edit_sent_ahead_of_its_visit_waits_then_is_refused_alone(
    trio: Team, tmp_path: Path
) -> None:
    start = stop_clocks(trio)
    first, second = new_case(trio.coord, "Prima"), new_case(trio.coord, "Seconda")
    mine = activations.add_activation(
        trio.coord, str(first), service=Service.ADM, start_on=DAY, authorised_hours=4
    )
    theirs = activations.add_activation(
        trio.coord, str(second), service=Service.ADM, start_on=DAY, authorised_hours=4
    )
    sync_all(trio)

    # Marco writes a visit of the first case, counted in its activation, and publishes it
    visit = visits.add_visit(
        trio.edu1, case=str(first), date=DAY, start=dt.time(15), end=dt.time(16), today=TODAY
    )
    syncing.sync(trio.edu1, trio.share)
    marco = [path for _, path in trio.folder().bundles(trio.edu1.device_id)]
    # Sara's tampered laptop receives it and moves it to the second child's activation
    syncing.sync(trio.edu2, trio.share)
    with trio.edu2.read_session() as session:
        last = session.execute(
            select(m.ChangeRow.op_id).where(m.ChangeRow.entity_id == visit.id)
        ).scalar_one()
    stamp = Timestamp(int(start.timestamp() * 1000) + 60_000, 0, trio.edu2.device_id.hex)
    moved = Operation(uuid.uuid4(), trio.edu2.device_id, stamp.encode(), "visits", visit.id,
                      OpKind.UPDATE, {"activation_id": str(theirs.id)}, last)  # fmt: skip
    publish_by_hand(trio, trio.edu2, [moved])

    # The coordinator's copy of the folder has Sara's file before Marco's
    for path in marco:
        shutil.move(path, tmp_path / path.name)
    report = syncing.sync(trio.coord, trio.share)
    assert reasons(report) == [] and activation_of(trio.coord, visit.id) is None  # waiting
    for path in marco:
        shutil.move(tmp_path / path.name, path)
    # Marco's visit arrives, in its own case's activation; Sara's edit, tried now that the
    # visit is here, is refused alone and named
    assert reasons(syncing.sync(trio.coord, trio.share)) == [
        (HELD_SOURCE, "operation_rejected", "visits.activation_id names a record of another case")
    ]
    # and Marco's later work arrives as ever
    later = new_case(trio.edu1, "Lavoro successivo di Marco")
    syncing.sync(trio.edu1, trio.share)
    assert reasons(syncing.sync(trio.coord, trio.share)) == []
    assert cases.show_case(trio.coord, str(later), today=TODAY).case.summary == (
        "Lavoro successivo di Marco"
    )
    assert activation_of(trio.coord, visit.id) == mine.id
    assert syncing.status(trio.coord).held == 0  # nothing left waiting
    # Marco's laptop had the visit first: Sara's bundle is refused there at once
    refused = reasons(syncing.sync(trio.edu1, trio.share))
    assert [(reason, detail) for _, reason, detail in refused] == [
        ("operation_rejected", "visits.activation_id names a record of another case")
    ]
    for who in (trio.coord, trio.edu1):
        assert activation_of(who, visit.id) == mine.id
        assert integrity.check(who).sound
