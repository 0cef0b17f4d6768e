"""How many devices may write one record (sync/merge.py MAX_WRITERS): a snapshot signed by the
coordinator's tampered laptop, carrying edits of one case by invented device ids, is refused
whole with its own reason, and the new member gets its data once the honest part is back.
Without the bound, a thousand invented devices on one record cost minutes and a million
conflicts. Real encrypted profiles, a real share folder, the coordinator's real keys."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import OpKind, Role
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.services import dump, integrity, syncing, team
from minorifamiglie.sync.merge import MAX_WRITERS
from minorifamiglie.sync.operations import Operation
from minorifamiglie.sync.snapshot import encode_snapshot, read_snapshot
from sync_team import Team, make_trio, new_case, open_member, sync_all

trio = pytest.fixture(make_trio)


def test_a_snapshot_with_invented_devices_on_one_record_is_refused_whole(
    trio: Team, tmp_path: Path
) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        part = trio.folder().snapshot_part(late.device_id, 1)
        honest = part.read_bytes()
        with trio.coord.session() as session:
            keys = team.device_keys(session)
            state = team.require_team(session)
        with late.session() as session:
            mine = team.device_keys(session)
        coordinator = (trio.coord.device_id, keys.signing_key.public_key())
        header, ops = read_snapshot(
            honest, coordinator, mine.identity, team_id=state.team_id, for_device=late.device_id
        )
        insert = next(op for op in ops if op.entity == "cases" and op.kind is OpKind.INSERT)
        assert insert.entity_id == case_id
        now = int(late.now().timestamp() * 1000)
        invented = [uuid.UUID(int=(7 << 100) + k) for k in range(MAX_WRITERS + 1)]
        edits = [
            Operation(
                op_id=uuid.uuid4(),
                device_id=device,
                hlc=Timestamp(now + k, 0, device.hex).encode(),
                entity="cases",
                entity_id=case_id,
                kind=OpKind.UPDATE,
                data={"summary": f"Versione {k}"},
                replaces=insert.op_id,
            )
            for k, device in enumerate(invented)
        ]
        forged = encode_snapshot(header, [*ops, *edits], mine.age_recipient, keys.signing_key)
        part.write_bytes(forged)

        report = syncing.sync(late, trio.share)
        rel = str(part.relative_to(trio.folder().root))
        assert (rel, "too_many_writers") in [(r.file, r.reason) for r in report.refused]
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
    finally:
        late.close()
