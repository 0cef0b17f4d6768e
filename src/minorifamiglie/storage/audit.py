"""The hash-chained audit log: appended in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.storage.capture import context_of
from minorifamiglie.storage.chain import GENESIS, link_hash
from minorifamiglie.storage.models import AuditEventRow, LocalStateRow
from minorifamiglie.storage.types import encode_value

TAIL_KEY = "audit_tail"


def audit_payload(row: AuditEventRow) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": encode_value(row.at),
        "device_id": str(row.device_id),
        "operator_id": encode_value(row.operator_id),
        "action": AuditAction(row.action).value,
        "entity": row.entity,
        "entity_id": encode_value(row.entity_id),
        "case_id": encode_value(row.case_id),
        "detail": row.detail,
    }


def append(
    session: Session,
    action: AuditAction,
    entity: str = "",
    entity_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEventRow:
    """Record an event. `detail` holds ids, counts and kinds: never names or notes. `at` is
    when it happened, for an event written later than that (an unlock deferred by a busy
    database); by default now."""
    ctx = context_of(session)
    anchor = _anchor(session)
    pending = [r for r in session.new if isinstance(r, AuditEventRow)]
    if pending:
        tail = max(pending, key=lambda r: r.seq)
        seq, prev = tail.seq, tail.hash
    elif anchor is not None:
        # Chain on from the recorded head, not from whatever row is last now: if the last rows
        # were deleted, the gap stays visible after this event.
        seq, prev = _decode_tail(anchor.value)
    else:
        with session.no_autoflush:
            last = session.execute(
                select(AuditEventRow.seq, AuditEventRow.hash)
                .order_by(AuditEventRow.seq.desc())
                .limit(1)
            ).first()
        seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    row = AuditEventRow(
        seq=seq + 1,
        at=at or ctx.now(),
        device_id=ctx.device_id,
        operator_id=ctx.operator_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        detail=canonical_json(detail or {}),
        prev_hash=prev,
        hash="",
    )
    row.hash = link_hash(prev, audit_payload(row))
    session.add(row)
    tail_value = f"{row.seq}:{row.hash}"
    if anchor is None:
        session.add(LocalStateRow(key=TAIL_KEY, value=tail_value))
    else:
        anchor.value = tail_value
    return row


def _anchor(session: Session) -> LocalStateRow | None:
    """The chain's head as last written, kept beside it: a hash chain alone cannot tell that
    its last rows were deleted."""
    for obj in session.new:
        if isinstance(obj, LocalStateRow) and obj.key == TAIL_KEY:
            return obj
    with session.no_autoflush:
        return session.get(LocalStateRow, TAIL_KEY)


def _decode_tail(value: str) -> tuple[int, str]:
    seq, _, digest = value.partition(":")
    return int(seq), digest


@dataclass(frozen=True, slots=True)
class ChainReport:
    rows: int
    first_bad_seq: int | None

    @property
    def sound(self) -> bool:
        return self.first_bad_seq is None


def verify_audit_chain(session: Session) -> ChainReport:
    prev, expected_seq, count = GENESIS, 1, 0
    for row in session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars():
        count += 1
        if (
            row.seq != expected_seq
            or row.prev_hash != prev
            or row.hash != link_hash(prev, audit_payload(row))
        ):
            return ChainReport(count, row.seq)
        prev, expected_seq = row.hash, row.seq + 1
    anchor = session.execute(
        select(LocalStateRow.value).where(LocalStateRow.key == TAIL_KEY)
    ).scalar_one_or_none()
    if anchor is not None:  # absent only before the first event
        anchor_seq, anchor_hash = _decode_tail(anchor)
        last_seq = expected_seq - 1
        if anchor_seq != last_seq:  # rows missing at the end, or added after the head
            return ChainReport(count, min(anchor_seq, last_seq) + 1)
        if anchor_hash != prev:
            return ChainReport(count, anchor_seq)
    return ChainReport(count, None)
