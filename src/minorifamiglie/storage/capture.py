"""Change capture: every flush of synchronised rows becomes operations in the change log.

Hooked on `before_flush`, so no write path can forget it: inserts record every column, updates
the columns that changed, and setting `deleted_at` is a tombstone. Hard deletes of synchronised
rows are refused. The same hook stamps `updated_at`, `version_hlc` and `origin_device`.

It also notes the tables every flush writes (any row, synchronised or not; bulk ORM statements
too, and `touch` for plain SQL): once the transaction commits they are handed to `on_commit`
(the OpenProfile keeps them until the GUI's workspace takes them, domain/changes.py); a
rollback forgets them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.causality import Lineage, heads
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.hlc import HybridLogicalClock, Timestamp
from minorifamiglie.domain.ids import uuid7
from minorifamiglie.storage import bounds
from minorifamiglie.storage.chain import GENESIS, link_hash, stored_link_text
from minorifamiglie.storage.models import AttachmentRow, ChangeRow, LocalStateRow, SyncBase
from minorifamiglie.storage.types import encode_value, utcnow

HLC_KEY = "hlc_last"
# Keys of local_state that storage itself rewrites with every write (the clock, the audit
# chain's head: audit.TAIL_KEY): bookkeeping, not a change anyone shows, so never reported.
QUIET_KEYS = frozenset({HLC_KEY, "audit_tail"})
# Attachment bytes travel beside the log, addressed by sha256, not inside operations.
NOT_LOGGED = {AttachmentRow.__tablename__: {"content"}}


@dataclass
class WriteContext:
    """Who is writing, on which device, with which clock; lives in `session.info`."""

    device_id: uuid.UUID
    operator_id: uuid.UUID | None
    clock: HybridLogicalClock
    now: Callable[[], dt.datetime] = utcnow
    capture: bool = True
    # Given the tables a transaction wrote, once it has committed (never after a rollback).
    on_commit: Callable[[frozenset[str]], None] | None = None
    _touched: set[str] = field(default_factory=set, repr=False)
    _tail: tuple[int, str] | None = field(default=None, repr=False)
    _pending: dict[tuple[str, uuid.UUID], uuid.UUID] = field(default_factory=dict, repr=False)
    # Fields to log at the next flush even if their value did not change (`force_write`).
    _forced: dict[tuple[str, uuid.UUID], set[str]] = field(default_factory=dict, repr=False)

    def tick(self) -> Timestamp:
        return self.clock.now(int(self.now().timestamp() * 1000))


def context_of(session: Session) -> WriteContext:
    ctx = session.info.get("write_context")
    if not isinstance(ctx, WriteContext):
        raise RuntimeError("session without a write context")
    return ctx


def row_values(row: SyncBase, only: set[str] | None = None) -> dict[str, Any]:
    skip = NOT_LOGGED.get(row.__tablename__, set())
    out: dict[str, Any] = {}
    for attr in inspect(row).mapper.column_attrs:
        if attr.key in skip or (only is not None and attr.key not in only):
            continue
        out[attr.key] = encode_value(getattr(row, attr.key))
    return out


def _changed_keys(row: SyncBase) -> set[str]:
    state = inspect(row)
    return {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}


def _chain_tail(session: Session, ctx: WriteContext) -> tuple[int, str]:
    if ctx._tail is None:
        last = session.execute(
            select(ChangeRow.seq, ChangeRow.hash).order_by(ChangeRow.seq.desc()).limit(1)
        ).first()
        ctx._tail = (last[0], last[1]) if last else (0, GENESIS)
    return ctx._tail


def _previous_ops(
    session: Session, ctx: WriteContext, entity: str, eid: uuid.UUID
) -> tuple[uuid.UUID | None, list[uuid.UUID]]:
    """`replaces` (the last operation applied on the record) and `seen` (its other heads)."""
    if (entity, eid) in ctx._pending:
        return ctx._pending[(entity, eid)], []
    with session.no_autoflush:
        rows = session.execute(
            select(
                ChangeRow.op_id,
                ChangeRow.device_id,
                ChangeRow.hlc,
                ChangeRow.replaces,
                ChangeRow.seen,
            )
            .where(ChangeRow.entity == entity, ChangeRow.entity_id == eid)
            .order_by(ChangeRow.seq)
        ).all()
    if not rows:
        return None, []
    last = rows[-1].op_id
    if all(r.device_id == ctx.device_id for r in rows):
        return last, []  # only this device wrote it: the last operation has seen all the others
    lineage = [Lineage(r.op_id, r.device_id, r.hlc, r.replaces, parse_seen(r.seen)) for r in rows]
    return last, [h for h in heads(lineage) if h != last]


def parse_seen(text: str | None) -> tuple[uuid.UUID, ...]:
    return () if not text else tuple(uuid.UUID(v) for v in json.loads(text))


def encode_seen(seen: Sequence[uuid.UUID]) -> str | None:
    return json.dumps(sorted(str(v) for v in seen)) if seen else None


def _record(
    session: Session,
    ctx: WriteContext,
    row: SyncBase,
    kind: OpKind,
    data: dict[str, Any],
    replaces: uuid.UUID | None,
    seen: Sequence[uuid.UUID] = (),
) -> None:
    _check_bounds(row.__tablename__, data)
    seq, prev = _chain_tail(session, ctx)
    op = ChangeRow(
        seq=seq + 1,
        op_id=uuid7(),
        device_id=ctx.device_id,
        hlc=row.version_hlc,
        entity=row.__tablename__,
        entity_id=row.id,
        kind=kind,
        data=canonical_json(data),
        replaces=replaces,
        seen=encode_seen(seen),
        prev_hash=prev,
        hash="",
    )
    op.hash = link_hash(prev, change_payload(op))
    ctx._tail = (op.seq, op.hash)
    ctx._pending[(row.__tablename__, row.id)] = op.op_id
    session.add(op)
    ctx._touched.add(ChangeRow.__tablename__)


def _check_bounds(table: str, data: dict[str, Any]) -> None:
    """A local write within the bounds every teammate checks (storage/bounds.py): a value they
    would refuse is refused here, before it is logged, or this device's next bundle would be
    refused everywhere and hold up everything it publishes after it."""
    columns = _checked(table)
    for name, value in data.items():
        try:
            columns[name](value)
        except bounds.ValueRefused as exc:
            raise ValidationError(
                f"Valore non ammesso: {exc.field} {bounds.italian(exc.rule)}", name
            ) from None


_CHECKED: dict[str, dict[str, Callable[[Any], Any]]] = {}


def _checked(table: str) -> dict[str, Callable[[Any], Any]]:
    if table not in _CHECKED:
        _CHECKED[table] = bounds.raw_converters(table)
    return _CHECKED[table]


def change_payload(op: Any) -> dict[str, Any]:
    """What the chain hashes of an operation (a ChangeRow, or one shaped like it)."""
    payload: dict[str, Any] = {
        "seq": op.seq,
        "op_id": str(op.op_id),
        "device_id": str(op.device_id),
        "hlc": op.hlc,
        "entity": op.entity,
        "entity_id": str(op.entity_id),
        "kind": OpKind(op.kind).value,
        "data": op.data,
        "replaces": None if op.replaces is None else str(op.replaces),
    }
    if op.seen is not None:  # absent from operations chained before revision 0003
        payload["seen"] = op.seen
    return payload


def touch(session: Session, *tables: str) -> None:
    """Note tables written other than through the ORM (plain SQL in bulk), for `on_commit`."""
    context_of(session)._touched.update(tables)


def _note_written(session: Session, ctx: WriteContext) -> None:
    """The tables of the rows this flush writes (local_state's bookkeeping keys aside)."""
    for row in (*session.new, *session.deleted, *session.dirty):
        table = getattr(row, "__tablename__", None)
        if table is None or table in ctx._touched:
            continue
        if isinstance(row, LocalStateRow) and row.key in QUIET_KEYS:
            continue
        if row in session.new or row in session.deleted or session.is_modified(row):
            ctx._touched.add(table)


def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    ctx = session.info.get("write_context")
    if not isinstance(ctx, WriteContext):
        return
    _note_written(session, ctx)
    if not ctx.capture:
        return
    for row in list(session.deleted):
        if isinstance(row, SyncBase):
            raise RuntimeError("synchronised rows are tombstoned, never deleted")
    stamp: Timestamp | None = None
    for row in list(session.new):
        if not isinstance(row, SyncBase):
            continue
        stamp = ctx.tick()
        now = ctx.now()
        if row.id is None:
            row.id = uuid7()
        row.created_at = row.created_at or now
        row.updated_at = now
        row.version_hlc = stamp.encode()
        row.origin_device = ctx.device_id
        _record(session, ctx, row, OpKind.INSERT, row_values(row), None)
    for row in list(session.dirty):
        if not isinstance(row, SyncBase) or not session.is_modified(row):
            continue
        keys = _changed_keys(row) - {"updated_at", "version_hlc", "origin_device"}
        keys |= ctx._forced.pop((row.__tablename__, row.id), set())
        keys -= NOT_LOGGED.get(row.__tablename__, set())
        if not keys:
            continue
        deleted_hist = inspect(row).attrs["deleted_at"].history
        kind = OpKind.TOMBSTONE if deleted_hist.has_changes() and row.deleted_at else OpKind.UPDATE
        stamp = ctx.tick()
        row.updated_at = ctx.now()
        row.version_hlc = stamp.encode()
        row.origin_device = ctx.device_id
        replaces, seen = _previous_ops(session, ctx, row.__tablename__, row.id)
        data = row_values(row, keys | {"updated_at"})
        _record(session, ctx, row, kind, data, replaces, seen)
    if stamp is not None:
        _save_clock(session, ctx)


def force_write(session: Session, row: SyncBase, names: set[str]) -> None:
    """Log `names` of `row` at the next flush even if unchanged: a person confirmed these values
    with every version in front of them (settling a conflict is such a write)."""
    ctx = context_of(session)
    ctx._forced.setdefault((row.__tablename__, row.id), set()).update(names)
    row.updated_at = ctx.now()  # makes the row dirty, so the flush visits it


def log_foreign(session: Session, op: ChangeRow) -> None:
    """Append an operation of another device (from a bundle) to this device's chain, as is."""
    ctx = context_of(session)
    seq, prev = _chain_tail(session, ctx)
    op.seq = seq + 1
    op.prev_hash = prev
    op.hash = link_hash(prev, change_payload(op))
    ctx._tail = (op.seq, op.hash)
    ctx._pending.pop((op.entity, op.entity_id), None)
    session.add(op)
    ctx._touched.add(ChangeRow.__tablename__)


def log_foreign_many(session: Session, ops: Sequence[Any]) -> None:
    """`log_foreign` for a whole bundle: chained in order, inserted in bulk (no ORM objects
    kept in the session). Each op's `data` and `seen` are already JSON text (as the log stores
    them), so the chained text is built from the stored values, as `check` builds it
    (`stored_link_text`), not through a payload dict and the JSON encoder."""
    ctx = context_of(session)
    seq, prev = _chain_tail(session, ctx)
    values = []
    for op in ops:
        seq += 1
        # as SQLAlchemy would bind them (ids as 32 hex digits, the kind by value), without its
        # per-value processors: a bundle is thousands of rows
        op_id, device, entity_id = op.op_id.hex, op.device_id.hex, op.entity_id.hex
        kind = OpKind(op.kind).value
        replaces = None if op.replaces is None else op.replaces.hex
        text = stored_link_text(
            prev, seq, op_id, device, op.hlc, op.entity, entity_id, kind, op.data, replaces, op.seen
        )
        op.seq, op.prev_hash = seq, prev
        op.hash = prev = hashlib.sha256(text.encode("utf-8")).hexdigest()
        values.append(
            (
                seq, op_id, device, op.hlc, op.entity, entity_id, kind, op.data, replaces,
                op.seen, op.prev_hash, op.hash,
            )
        )  # fmt: skip
        ctx._pending.pop((op.entity, op.entity_id), None)
    if values:
        session.connection().exec_driver_sql(_INSERT_CHANGES, values)
        ctx._touched.add(ChangeRow.__tablename__)
    ctx._tail = (seq, prev)


_CHANGE_KEYS = (
    "seq", "op_id", "device_id", "hlc", "entity", "entity_id", "kind", "data", "replaces",
    "seen", "prev_hash", "hash",
)  # fmt: skip
_INSERT_CHANGES = (
    f"INSERT INTO changes ({', '.join(_CHANGE_KEYS)}) "  # noqa: S608 - our own names
    f"VALUES ({', '.join('?' for _ in _CHANGE_KEYS)})"
)


def save_clock(session: Session) -> None:
    _save_clock(session, context_of(session))


def _save_clock(session: Session, ctx: WriteContext) -> None:
    with session.no_autoflush:
        state = session.get(LocalStateRow, HLC_KEY)
    if state is None:
        session.add(LocalStateRow(key=HLC_KEY, value=ctx.clock.last.encode()))
    else:
        state.value = ctx.clock.last.encode()


def _after_end(session: Session, *_: Any) -> None:
    ctx = session.info.get("write_context")
    if isinstance(ctx, WriteContext):
        ctx._tail = None
        ctx._pending.clear()
        ctx._forced.clear()
        ctx._touched.clear()


def _after_commit(session: Session) -> None:
    ctx = session.info.get("write_context")
    if isinstance(ctx, WriteContext) and ctx._touched and ctx.on_commit is not None:
        ctx.on_commit(frozenset(ctx._touched))
    _after_end(session)


def _orm_statement(state: ORMExecuteState) -> None:
    """A bulk ORM statement (`session.execute(delete(Row)...)`): its table is written."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    ctx = state.session.info.get("write_context")
    table = getattr(state.statement, "table", None)
    if isinstance(ctx, WriteContext) and table is not None:
        ctx._touched.add(table.name)


def install(session_factory: Any) -> None:
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "do_orm_execute", _orm_statement)
    event.listen(session_factory, "after_commit", _after_commit)
    event.listen(session_factory, "after_rollback", _after_end)
