"""The merge over the change log: every operation logged for some records, folded by
`sync.merge.MergeState`, and the row the merge says for each. Applying a batch
(services.apply), checking the rows against the log (services.integrity), storing the
conflicts (services.conflicts) and restoring a deleted case (services.case_removal) all read
records this way."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import parse_seen
from minorifamiglie.sync.merge import FieldVersion, MergeState, Op

_CHUNK = 400
_OP_COLUMNS = (
    m.ChangeRow.op_id, m.ChangeRow.device_id, m.ChangeRow.hlc, m.ChangeRow.entity,
    m.ChangeRow.entity_id, m.ChangeRow.kind, m.ChangeRow.data, m.ChangeRow.replaces,
    m.ChangeRow.seen,
)  # fmt: skip


def operations_of(session: Session, keys: Iterable[tuple[str, uuid.UUID]]) -> list[Op]:
    """Every logged operation of these records (by table, so the (entity, entity_id) index
    serves each query)."""
    by_entity: dict[str, list[uuid.UUID]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, []).append(entity_id)
    out: list[Op] = []
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), _CHUNK):
            rows = session.execute(
                select(*_OP_COLUMNS).where(
                    m.ChangeRow.entity == entity,
                    m.ChangeRow.entity_id.in_(ids[start : start + _CHUNK]),
                )
            ).all()
            out.extend(
                Op(
                    op_id=r[0],
                    device_id=r[1],
                    hlc=r[2],
                    entity=r[3],
                    entity_id=r[4],
                    kind=OpKind(r[5]),
                    data=json.loads(r[6]),
                    replaces=r[7],
                    seen=parse_seen(r[8]),
                )
                for r in rows
            )
    return out


def merge_records(session: Session, keys: Iterable[tuple[str, uuid.UUID]]) -> MergeState:
    state = MergeState()
    state.apply_all(operations_of(session, keys))
    return state


def expected_row(state: MergeState, entity: str, entity_id: uuid.UUID) -> dict[str, object] | None:
    """The row the merge says, as encoded values; None while its insert has not arrived.

    `version_hlc` and `origin_device` are those of the last operation in order (by HLC, each
    after the operations it names) that still counts."""
    if not state.is_inserted(entity, entity_id):
        return None
    versions = state.versions(entity, entity_id)
    values: dict[str, object] = {name: v.value for name, v in versions.items()}
    values.update(row_stamp(state, entity, entity_id, versions))
    return values


def row_stamp(
    state: MergeState, entity: str, entity_id: uuid.UUID, versions: dict[str, FieldVersion]
) -> dict[str, object]:
    """The columns no operation writes as such (`version_hlc`, `origin_device`, `id`) of an
    inserted record's row: stamped by the merge's latest write, else by the last of its
    fields' winning writes (`versions`)."""
    top = state.latest(entity, entity_id) or max(
        versions.values(), key=lambda v: (v.hlc, str(v.op_id))
    )
    return {"version_hlc": top.hlc, "origin_device": str(top.device_id), "id": str(entity_id)}
