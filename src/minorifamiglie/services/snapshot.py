"""A new member's starting point: every operation the coordinator knows, encrypted to the new
device only, signed by the coordinator, with the last bundle of each device it covers.

Bundles already on the share were encrypted to the roster of their day, which did not include
the new device: the snapshot is how it catches up. Attachment contents travel beside it."""

from __future__ import annotations

import itertools
import json
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pyrage
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.ids import DeviceId, TeamId
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import parse_seen
from minorifamiglie.storage.profile import get_local
from minorifamiglie.storage.types import dashed_hex
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.operations import Operation, split_sized
from minorifamiglie.sync.roster import DeviceKeys, Member
from minorifamiglie.sync.snapshot import SnapshotHeader, encode_snapshot_raw

_BATCH = 5000
# Operations this device holds, received dated more than a day ahead of its clock (a list of
# `Operation.to_json`; services.syncing keeps it): a snapshot carries them too, so the new member
# holds them in turn and gets them when its clock reaches them.
HELD_KEY = "sync_held_operations"
# Edits of records not here yet that place them in a case (services/syncing.py, apply._waiting).
WAITING_KEY = "sync_waiting_operations"


def operation_of(row: m.ChangeRow) -> Operation:
    return Operation(
        op_id=row.op_id,
        device_id=row.device_id,
        hlc=row.hlc,
        entity=row.entity,
        entity_id=row.entity_id,
        kind=row.kind,
        data=json.loads(row.data),
        replaces=row.replaces,
        seen=tuple(sorted(parse_seen(row.seen), key=str)),
    )


def operation_json(row: m.ChangeRow) -> bytes:
    """The operation's canonical JSON (as `Operation.to_json` under `canonical_json`), joined
    from the log's stored canonical `data` instead of parsing and serialising it again."""
    seen = "[]" if row.seen is None else canonical_json(json.loads(row.seen))
    replaces = "null" if row.replaces is None else f'"{row.replaces}"'
    return (
        f'{{"data":{row.data},"device_id":"{row.device_id}","entity":"{row.entity}",'
        f'"entity_id":"{row.entity_id}","hlc":"{row.hlc}","kind":"{OpKind(row.kind).value}",'
        f'"op_id":"{row.op_id}","replaces":{replaces},"seen":{seen}}}'
    ).encode()


def stored_operation_json(
    op_id: str,
    device: str,
    hlc: str,
    entity: str,
    entity_id: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> bytes:
    """`operation_json` from the change log's columns as SQLite stores them (ids as 32 hex
    digits, `data` and `seen` as canonical JSON text): no ORM object, no UUID object, no JSON
    parsed. The columns are those the chain check has just verified, so they are what the
    application wrote (entity, hlc and kind come from closed alphabets: nothing to escape)."""
    return dashed_operation_json(
        dashed_hex(op_id),
        dashed_hex(device),
        hlc,
        entity,
        dashed_hex(entity_id),
        kind,
        data,
        None if replaces is None else dashed_hex(replaces),
        seen,
    )


def dashed_operation_json(
    op_id: str,
    device: str,
    hlc: str,
    entity: str,
    entity_id: str,
    kind: str,
    data: str,
    replaces: str | None,
    seen: str | None,
) -> bytes:
    """`stored_operation_json` with the ids already in their hyphenated form (`dashed_hex`)."""
    after = "null" if replaces is None else '"' + replaces + '"'
    # `seen` is stored as `capture.encode_seen` writes it: sorted, a space after each comma
    listed = "[]" if seen is None else seen.replace('", "', '","')
    return (
        f'{{"data":{data},"device_id":"{device}","entity":"{entity}",'
        f'"entity_id":"{entity_id}","hlc":"{hlc}","kind":"{kind}",'
        f'"op_id":"{op_id}","replaces":{after},"seen":{listed}}}'
    ).encode()


def _dashed(column: str) -> str:
    """SQL turning a stored 32-hex UUID into its canonical hyphenated text."""
    return (
        f"substr({column},1,8)||'-'||substr({column},9,4)||'-'||substr({column},13,4)||'-'"
        f"||substr({column},17,4)||'-'||substr({column},21,12)"
    )


# Each operation's canonical JSON (keys sorted, no spaces), assembled by SQLite from the stored
# canonical `data`: what `operation_json` makes, without a Python object per column.
_OPERATION_JSON_SQL = (
    "SELECT seq, entity, entity_id, "
    '\'{"data":\'||data||\',"device_id":"\'||' + _dashed("device_id") + "||"
    '\'","entity":"\'||entity||\'","entity_id":"\'||' + _dashed("entity_id") + "||"
    '\'","hlc":"\'||hlc||\'","kind":"\'||kind||\'","op_id":"\'||'
    + _dashed("op_id")
    + '||\'","replaces":\'||'
    "CASE WHEN replaces IS NULL THEN 'null' ELSE '\"'||" + _dashed("replaces") + "||'\"' END"
    "||',\"seen\":'||CASE WHEN seen IS NULL THEN '[]' ELSE replace(seen, '\", \"', '\",\"')"
    " END||'}' "
)
_OF_DEVICE = " FROM changes WHERE seq > :after AND device_id = :device ORDER BY seq"


def pending_json(
    session: Session, device: DeviceId, after: int, limit: int | None = None
) -> list[tuple[int, str, uuid.UUID, bytes]]:
    """(seq, entity, entity_id, canonical JSON) of a device's operations after `after` (the
    first `limit` of them, with a limit)."""
    sql = _OPERATION_JSON_SQL + _OF_DEVICE + ("" if limit is None else f" LIMIT {int(limit)}")
    rows = session.execute(text(sql), {"after": after, "device": device.hex}).all()
    return [(r[0], r[1], uuid.UUID(hex=r[2]), r[3].encode("utf-8")) for r in rows]


_ALL_JSON_SQL = _OPERATION_JSON_SQL + " FROM changes WHERE seq > :after ORDER BY seq LIMIT :n"
# The same objects' UTF-8 sizes, counted by SQLite without assembling them (a first pass that
# only counts): the stored canonical `data` in bytes, the ASCII columns, and the fixed rest
# (keys, punctuation and three 36-character ids). tests/unit/services/test_syncing.py checks
# them against the assembled JSON.
_ALL_SIZES_SQL = (
    "SELECT seq, 209 + length(CAST(data AS BLOB)) + length(hlc) + length(entity)"
    " + length(kind) + CASE WHEN replaces IS NULL THEN 4 ELSE 38 END"
    " + CASE WHEN seen IS NULL THEN 2 ELSE length(replace(seen, '\", \"', '\",\"')) END"
    " FROM changes WHERE seq > :after ORDER BY seq LIMIT :n"
)


def _all_json(session: Session, sql: str) -> Iterator[Any]:
    """Every operation of the log in order, read in batches: (seq, value) rows of `sql`."""
    last = 0
    while True:
        rows = session.execute(text(sql), {"after": last, "n": _BATCH}).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def _all_operations(session: Session) -> Iterator[Operation]:
    last = 0
    while True:
        rows = list(
            session.execute(
                select(m.ChangeRow)
                .where(m.ChangeRow.seq > last)
                .order_by(m.ChangeRow.seq)
                .limit(_BATCH)
            ).scalars()
        )
        if not rows:
            return
        for row in rows:
            yield operation_of(row)
        last = rows[-1].seq


def _held_json(session: Session) -> list[bytes]:
    """The operations this device keeps apart (dated ahead of its clock, or waiting for their
    record): a new member keeps them apart in turn, and applies them when this device would."""
    values: list[Any] = []
    for key in (HELD_KEY, WAITING_KEY):
        stored = get_local(session, key)
        values += json.loads(stored) if stored else []
    return [canonical_json(v).encode() for v in values]


def covers(session: Session) -> dict[uuid.UUID, tuple[int, str]]:
    """Per device, the last bundle this device wrote or applied (sequence, sha256)."""
    top = (
        select(m.SyncBundleRow.device_id, func.max(m.SyncBundleRow.sequence).label("seq"))
        .group_by(m.SyncBundleRow.device_id)
        .subquery()
    )
    rows = session.execute(
        select(m.SyncBundleRow.device_id, m.SyncBundleRow.sequence, m.SyncBundleRow.file_hash).join(
            top,
            (top.c.device_id == m.SyncBundleRow.device_id)
            & (top.c.seq == m.SyncBundleRow.sequence),
        )
    ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def write_snapshot(
    session: Session,
    coordinator: uuid.UUID,
    keys: DeviceKeys,
    folder: sh.TeamFolder,
    member: Member,
    team_id: TeamId | None = None,
) -> int:
    """Write the snapshot parts for `member` (replacing an older one); the number of parts."""
    team = team_id or folder.team_id
    # Two passes in the caller's transaction, so in memory there is one part at a time: the
    # sizes say where the parts are cut (their count is in every signed header), then each
    # part's operations, as the log's canonical JSON, are joined, sealed and written.
    held = _held_json(session)
    sizes = (size for _, size in _all_json(session, _ALL_SIZES_SQL))
    runs = split_sized(itertools.chain(sizes, (len(h) for h in held))) or [0]
    logged = (row[3].encode("utf-8") for row in _all_json(session, _ALL_JSON_SQL))
    operations = itertools.chain(logged, held)
    covered = covers(session)
    target = folder.snapshot_part(member.device_id, 1).parent
    if target.exists():
        shutil.rmtree(target)
    for index, count in enumerate(runs, start=1):
        header = SnapshotHeader(
            team_id=team,
            device_id=coordinator,
            for_device=member.device_id,
            part=index,
            parts=len(runs),
            covers=covered,
            op_count=0,
            payload_size=0,
            plaintext_size=0,
        )
        run = list(itertools.islice(operations, count))
        data = encode_snapshot_raw(header, run, member.age_recipient, keys.signing_key)
        sh.write_replace(folder.snapshot_part(member.device_id, index), data)
    recipient = pyrage.x25519.Recipient.from_str(member.age_recipient)
    attachment_ids = session.execute(
        select(m.AttachmentRow.id).where(
            m.AttachmentRow.deleted_at.is_(None), func.length(m.AttachmentRow.content) > 0
        )
    ).scalars()
    for att_id in list(attachment_ids):  # one content in memory at a time
        content = session.execute(
            select(m.AttachmentRow.content).where(m.AttachmentRow.id == att_id)
        ).scalar_one()
        sh.write_replace(
            folder.snapshot_blob(member.device_id, att_id), pyrage.encrypt(content, [recipient])
        )
    return len(runs)
