"""What a snapshot signed by the coordinator's tampered laptop may not do to a new member: make
more devices write one record than sync/merge.py's MAX_WRITERS (edits of one case by invented
device ids: without the bound, a thousand of them cost minutes and a million conflicts), or
count more parts than sync/snapshot.py's MAX_PARTS (a total of 10^12 parts had the member
build the set of their numbers, and never finish). Each is refused whole with its own reason,
nothing of it stays, and the member gets its data once the honest part is back. Real
encrypted profiles, a real share folder, the coordinator's real keys."""

from __future__ import annotations

import dataclasses
import json
import uuid
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services import apply, cases, dump, integrity, syncing
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync.container import FORMAT_VERSION, BundleError
from minorifamiglie.sync.merge import MAX_WRITERS
from minorifamiglie.sync.operations import Operation
from minorifamiglie.sync.share import TeamFolder
from minorifamiglie.sync.snapshot import MAX_PARTS, SnapshotHeader
from support.clock import TODAY
from sync_team import Forgery, Team, forge_snapshot, late_member, make_trio, new_case, sync_all

trio = pytest.fixture(make_trio)


def invented_writers(late: OpenProfile) -> Forgery:
    """Every case of the snapshot edited by MAX_WRITERS + 1 invented devices, at once."""

    def change(
        header: SnapshotHeader, ops: list[Operation]
    ) -> tuple[SnapshotHeader, list[Operation]]:
        now = int(late.now().timestamp() * 1000)
        devices = [uuid.UUID(int=(7 << 100) + k) for k in range(MAX_WRITERS + 1)]
        edits = [
            Operation(
                op_id=uuid.uuid4(),
                device_id=device,
                hlc=Timestamp(now + k, 0, device.hex).encode(),
                entity="cases",
                entity_id=op.entity_id,
                kind=OpKind.UPDATE,
                data={"summary": f"Versione {k}"},
                replaces=op.op_id,
            )
            for op in ops
            if op.entity == "cases" and op.kind is OpKind.INSERT
            for k, device in enumerate(devices)
        ]
        assert edits
        return header, [*ops, *edits]

    return change


def countless_parts(
    header: SnapshotHeader, ops: list[Operation]
) -> tuple[SnapshotHeader, list[Operation]]:
    return dataclasses.replace(header, parts=10**12), ops


@pytest.mark.parametrize(
    ("forgery", "reason"),
    [("writers", "too_many_writers"), ("parts", "header_malformed")],
)
def test_a_hostile_snapshot_is_refused_whole_and_the_honest_one_then_applies(
    trio: Team, tmp_path: Path, forgery: str, reason: str
) -> None:
    new_case(trio.coord)
    sync_all(trio)
    with late_member(trio, tmp_path / "edu3") as late:
        change = invented_writers(late) if forgery == "writers" else countless_parts
        honest = forge_snapshot(trio, late, change)
        part = trio.folder().snapshot_part(late.device_id, 1)

        report = syncing.sync(late, trio.share)
        rel = str(part.relative_to(trio.folder().root))
        assert (rel, reason) in [(r.file, r.reason) for r in report.refused]
        assert report.imported == 0
        assert json.loads(dump.dump_json(late))["cases"] == []
        assert integrity.check(late).sound

        part.write_bytes(honest)  # the coordinator writes it again, honestly
        report = syncing.sync(late, trio.share)
        assert report.refused == [] and report.imported > 0
        sync_all(trio)
        syncing.sync(late, trio.share)
        assert dump.dump_json(late) == dump.dump_json(trio.coord)
        assert integrity.check(late).sound


def test_a_snapshot_may_count_up_to_max_parts() -> None:
    base = {
        "format": FORMAT_VERSION, "team_id": str(uuid.uuid4()), "device_id": str(uuid.uuid4()),
        "for_device": str(uuid.uuid4()), "part": 1, "covers": {}, "op_count": 0,
        "payload_size": 0, "plaintext_size": 0,
    }  # fmt: skip
    assert SnapshotHeader.from_json({**base, "parts": MAX_PARTS}).parts == MAX_PARTS
    with pytest.raises(BundleError) as info:
        SnapshotHeader.from_json({**base, "parts": MAX_PARTS + 1})
    assert info.value.reason == "header_malformed"
    # as many as the parts' file names count: the last is listed, one more would not be
    assert (
        TeamFolder(Path("/condivisa"), uuid.uuid4()).snapshot_part(uuid.uuid4(), MAX_PARTS).name
        == "9999.mfs"
    )


def test_teammates_are_never_held_to_the_bound_whatever_the_order(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound counts devices outside the roster: three teammates writing one case with a
    # bound of one (standing in for 64) still all arrive everywhere, in any order.
    monkeypatch.setattr(apply, "MAX_WRITERS", 1)
    case_id = new_case(trio.coord)
    sync_all(trio)
    for who in (trio.edu2, trio.edu1, trio.coord):
        cases.edit_case(who, str(case_id), {"summary": f"Da {who.device_id}"}, today=TODAY)
        assert syncing.sync(who, trio.share).refused == []
    sync_all(trio)
    assert dump.dump_json(trio.coord) == dump.dump_json(trio.edu1) == dump.dump_json(trio.edu2)


def test_covers_beyond_the_share_are_said_not_a_silent_deafness(trio: Team, tmp_path: Path) -> None:
    # Given a snapshot (a tampered coordinator's) saying edu1's bundles are applied up to
    # 99,999,998, while the share holds edu1's first only
    new_case(trio.edu1)
    sync_all(trio)
    edu1 = trio.edu1.device_id

    def far(header: SnapshotHeader, ops: list[Operation]) -> tuple[SnapshotHeader, list[Operation]]:
        covers = {**header.covers, edu1: (99_999_998, "0" * 64)}
        return dataclasses.replace(header, covers=covers), ops

    with late_member(trio, tmp_path / "edu3") as late:
        forge_snapshot(trio, late, far)
        syncing.sync(late, trio.share)
        # Then each of its syncs says that edu1's changes cannot arrive, naming edu1's last file
        last = trio.folder().bundle(edu1, 1)
        for _ in range(2):
            report = syncing.sync(late, trio.share)
            assert (str(last.relative_to(trio.folder().root)), "beyond_share") in [
                (r.file, r.reason) for r in report.refused
            ]
        assert integrity.check(late).sound
