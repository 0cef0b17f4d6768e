"""Operations held for a wrong clock cannot be turned against the team (issue 12, item 4): a
far-future insert that reuses an existing record's id holds nothing else, and one altered
operation among the held cannot keep every other held for ever. A teammate's laptop signs
these bundles validly (its real keys, its next slot); real profiles, a real share, injected
wall clocks."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services import apply, cases, dump, integrity, syncing
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.operations import Operation
from sync_team import Team, make_trio, new_case, publish_by_hand, set_clock, stop_clocks, sync_all

DAY = dt.timedelta(days=1)


@pytest.fixture
def trio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    yield from make_trio(tmp_path_factory.mktemp("squadra"))


def summary_of(who: OpenProfile, case_id: uuid.UUID) -> str:
    for record in json.loads(dump.dump_json(who))["cases"]:
        if record["id"] == str(case_id):
            return str(record["summary"])
    raise AssertionError("case not found")


def held_count(who: OpenProfile) -> int:
    return syncing.status(who).held


def test_a_far_future_insert_reusing_a_cases_id_holds_nothing_else(trio: Team) -> None:
    start = stop_clocks(trio)
    case_id = new_case(trio.coord)
    sync_all(trio)

    # Marco's laptop, its clock thirty years ahead, writes a record of another table under
    # the case's own id
    set_clock(trio.edu1, start + 30 * 365 * DAY)
    with trio.edu1.session() as session:
        operator = session.execute(select(m.OperatorRow.id)).scalars().first()
        session.add(m.CaseOperatorRow(id=case_id, case_id=case_id, operator_id=operator))
    syncing.sync(trio.edu1, trio.share)
    # Sara, honest, edits the case meanwhile
    cases.edit_case(trio.edu2, str(case_id), {"summary": "Scritta da Sara"})
    syncing.sync(trio.edu2, trio.share)

    set_clock(trio.coord, start + dt.timedelta(minutes=5))
    report = syncing.sync(trio.coord, trio.share)
    # only the future-dated operation is held, and only Marco's bundle is named for it
    assert report.held == 1
    assert [r.reason for r in report.refused] == ["clock_ahead"]
    assert str(trio.edu1.device_id) in report.refused[0].file
    assert summary_of(trio.coord, case_id) == "Scritta da Sara"
    assert integrity.check(trio.coord).sound


def test_one_altered_operation_among_the_held_is_refused_and_the_rest_released(
    trio: Team,
) -> None:
    start = stop_clocks(trio)
    case_id = new_case(trio.coord)
    sync_all(trio)

    # Two laptops with their clocks two days ahead: Marco's edit of the case and Sara's new
    # case are held by the coordinator
    set_clock(trio.edu1, start + 2 * DAY)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Marco, in anticipo"})
    set_clock(trio.edu2, start + 2 * DAY)
    new_case(trio.edu2, "Sara, in anticipo")
    for who in (trio.edu1, trio.edu2):
        set_clock(who, start + dt.timedelta(minutes=1))
        syncing.sync(who, trio.share)
    set_clock(trio.coord, start + dt.timedelta(minutes=2))
    first = syncing.sync(trio.coord, trio.share)
    assert first.held == 3 and held_count(trio.coord) == 3  # Sara's case comes with its team

    # Marco's laptop, tampered, then sends its held operation's id again with other content,
    # dated now: applied as new, so the held one can never be applied any more
    with trio.edu1.session() as session:
        row = (
            session.execute(
                select(m.ChangeRow)
                .where(m.ChangeRow.device_id == trio.edu1.device_id, m.ChangeRow.entity == "cases")
                .order_by(m.ChangeRow.seq.desc())
            )
            .scalars()
            .first()
        )
        assert row is not None
        reused = row.op_id
    stamp = Timestamp(int(start.timestamp() * 1000) + 90_000, 0, trio.edu1.device_id.hex)
    publish_by_hand(
        trio,
        trio.edu1,
        [
            Operation(
                reused,
                trio.edu1.device_id,
                stamp.encode(),
                "cases",
                case_id,
                OpKind.UPDATE,
                {"summary": "Riscritta"},
            )
        ],
    )
    assert syncing.sync(trio.coord, trio.share).refused == []
    assert summary_of(trio.coord, case_id) == "Riscritta"

    # Two days later the held operations are due: the altered one is refused and named, every
    # other one is applied, and nothing stays held
    set_clock(trio.coord, start + 2 * DAY + dt.timedelta(hours=1))
    released = syncing.sync(trio.coord, trio.share)
    assert [(r.file, r.reason) for r in released.refused] == [
        ("operazioni tenute da parte", "operation_reused")
    ]
    assert released.released == 2 and held_count(trio.coord) == 0
    summaries = {c["summary"] for c in json.loads(dump.dump_json(trio.coord))["cases"]}
    assert summaries == {"Riscritta", "Sara, in anticipo"}
    assert integrity.check(trio.coord).sound
    assert syncing.sync(trio.coord, trio.share).refused == []  # said once


def test_held_operations_are_bounded_and_the_excess_is_said(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(syncing, "MAX_HELD", 3)
    start = stop_clocks(trio)
    sync_all(trio)
    set_clock(trio.edu1, start + 2 * DAY)
    for number in range(3):  # each new case: the case and its operator, six operations
        new_case(trio.edu1, f"In anticipo {number}")
    set_clock(trio.edu1, start)
    syncing.sync(trio.edu1, trio.share)

    report = syncing.sync(trio.coord, trio.share)
    assert report.held == 6 and held_count(trio.coord) == 3
    assert [(r.reason, r.detail) for r in report.refused] == [
        ("clock_ahead", "6 operazioni"),
        ("clock_ahead", "3 oltre le 3 già in attesa: scartate"),
    ]
    assert integrity.check(trio.coord).sound


def test_held_operations_are_tried_again_only_once_one_of_them_is_due(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = stop_clocks(trio)
    sync_all(trio)
    set_clock(trio.edu1, start + 2 * DAY)
    new_case(trio.edu1, "In anticipo")
    set_clock(trio.edu1, start)
    syncing.sync(trio.edu1, trio.share)
    assert syncing.sync(trio.coord, trio.share).held == 2

    tried: list[int] = []
    real = apply.apply_operations

    def counted(session: object, ops: list[Operation], *rest: object) -> object:
        tried.append(len(ops))
        return real(session, ops, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(syncing, "apply_operations", counted)
    for hours in (1, 2, 3):  # a sync an hour: nothing held is due yet, nothing is tried
        set_clock(trio.coord, start + dt.timedelta(hours=hours))
        assert syncing.sync(trio.coord, trio.share).released == 0
    assert len(tried) == 1  # the first time, to learn when they are due
    set_clock(trio.coord, start + 2 * DAY + dt.timedelta(hours=1))
    assert syncing.sync(trio.coord, trio.share).released == 2
    assert held_count(trio.coord) == 0
