"""Applying other devices' operations to the database: the merge made durable.

For the records a batch touches, every operation known for them (the change log plus the batch)
is folded by `sync.merge.MergeState`, and each row is written back exactly as the merge says,
with change capture off (these writes are not new operations). The batch's operations join this
device's change log, so later local writes name them in `replaces`/`seen`, `check` can verify
every row against the log, and a second application changes nothing. All of it happens in the
caller's transaction: a refused batch leaves nothing behind.

One decision spans records, so the per-record merge cannot make it: a case deleted on one device
while something was written in it on another. After the write-back,
`services.case_removal.reinstate_written` looks at the deleted cases the batch touched and,
where the deletion met a write it had not seen, restores the case and the rows removed with it
by ordinary captured writes of this device (in this transaction, so `check` holds after it);
the merge then reports each such case as a `case-restored` conflict."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.hlc import Timestamp, is_ahead
from minorifamiglie.services import case_scope
from minorifamiglie.services.case_removal import reinstate_written
from minorifamiglie.services.conflicts import refresh, store_conflicts
from minorifamiglie.services.merge_log import expected_row, operations_of, row_stamp
from minorifamiglie.storage import bounds, capture
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import NOT_LOGGED, context_of, encode_seen
from minorifamiglie.storage.queries import present_records
from minorifamiglie.storage.types import decoder_for, raw_for
from minorifamiglie.sync.merge import (
    MAX_WRITERS,
    PLACEMENT_FIELDS,
    MergeError,
    MergeState,
    Op,
    OperationReused,
    TooManyWriters,
)
from minorifamiglie.sync.operations import GcPaused, Operation

# reason -> (English, Italian): refusals decided here, beside container.REASONS.
APPLY_REASONS: dict[str, tuple[str, str]] = {
    "operation_rejected": (
        "an operation does not fit the data model",
        "un'operazione non è compatibile con i dati",
    ),
    "operation_reused": (
        "an operation id was reused with other content",
        "un'operazione già ricevuta è stata alterata",
    ),
    "not_coordinator": (
        "what only the coordinator writes (an Ambito's settings, another operator's record or "
        "role) written by a device that is not the coordinator's: refused whole",
        "dati che solo il coordinatore può scrivere (impostazioni dell'Ambito, scheda o ruolo "
        "di un altro operatore) scritti da un dispositivo che non è del coordinatore: "
        "pacchetto rifiutato",
    ),
    "too_many_writers": (
        f"more than {MAX_WRITERS} devices outside the team would write one record, or the "
        "batch (invented device ids, from a tampered laptop): refused whole",
        f"più di {MAX_WRITERS} dispositivi estranei all'équipe scriverebbero lo stesso record, "
        "o il pacchetto (dispositivi inventati, da un portatile manomesso): pacchetto rifiutato",
    ),
    "clock_ahead": (
        "operations dated more than a day ahead of this device's clock (the sender's clock was "
        "wrong): held, applied when this clock reaches their date; the rest was applied",
        "operazioni datate oltre un giorno avanti rispetto a questo orologio (l'orologio del "
        "mittente era sbagliato): tenute da parte, applicate quando l'orologio arriva alla loro "
        "data; il resto è stato applicato",
    ),
}
_CHUNK = 400
# What only the coordinator writes (services/ambito_settings.py refuses anyone else): a
# teammate's bundle carrying such an operation is refused (services/syncing.py).
COORDINATOR_TABLES = frozenset({"ambito_settings"})
# Reference data every profile is created with (the Ambiti, by the first migration) and no
# device ever writes: an operation on it comes from a tampered laptop. Applied, it would leave
# the seeded row and the log at odds, and `check` failing on every device that took it.
REFERENCE_TABLES = frozenset({"ambiti"})


class ApplyRefused(DomainError):
    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(APPLY_REASONS[reason][0] + (f" ({detail})" if detail else ""))


@dataclass(frozen=True, slots=True)
class ApplyResult:
    applied: int  # operations new to this device
    records: int  # records rewritten
    ignored: int  # operations that do not count (edits of a closed visit)
    # Dated more than MAX_DRIFT ahead of this device's clock: not applied, for the caller to
    # keep and present again later (services.syncing holds them).
    held: tuple[Operation, ...] = ()
    # Records this device restored because a case deletion met a write in the case
    # (services.case_removal): new operations of its own, sent with its next bundle.
    restored: int = 0
    # Edits that place a record in a case or name another record of its case, for a record
    # not here yet (`_waiting`): not applied, for the caller to keep with `held` and present
    # again once the record has arrived.
    waiting: tuple[Operation, ...] = ()


def _decoders(model: type[m.SyncBase]) -> dict[str, Any]:
    return {
        attr.key: decoder_for(attr.columns[0].type) for attr in inspect(model).mapper.column_attrs
    }


# Per table, per column, how a JSON value from an operation becomes the column's value.
DECODERS = {table: _decoders(model) for table, model in m.MODEL_BY_TABLE.items()}


def _raw(model: type[m.SyncBase]) -> dict[str, Any]:
    return {attr.key: raw_for(attr.columns[0].type) for attr in inspect(model).mapper.column_attrs}


def _required(model: type[m.SyncBase]) -> frozenset[str]:
    skip = NOT_LOGGED.get(model.__tablename__, set())
    return frozenset(
        attr.key
        for attr in inspect(model).mapper.column_attrs
        if not attr.columns[0].nullable and attr.key not in skip
    )


# How a JSON value becomes what SQLite stores (bulk inserts of new rows), checked on the way.
RAW = {table: _raw(model) for table, model in m.MODEL_BY_TABLE.items()}
# The same, within every column's bounds (storage/bounds.py): what an incoming operation meets.
CHECKED = {table: bounds.raw_converters(table) for table in m.MODEL_BY_TABLE}
# What an insert must carry: a row it cannot make is refused, not left waiting.
REQUIRED = {table: _required(model) for table, model in m.MODEL_BY_TABLE.items()}
# Per table, its columns that reference another table's record, and that table.
REFERENCES = {
    table: {
        column.name: next(iter(column.foreign_keys)).column.table.name
        for column in model.__table__.columns
        if column.foreign_keys
    }
    for table, model in m.MODEL_BY_TABLE.items()
}
# Parents before children: a deferred reference check is then cheap.
TABLE_ORDER = [t.name for t in m.Base.metadata.sorted_tables if t.name in m.MODEL_BY_TABLE]


# Fields a record is written with in order, as the services write it (domain/validation.py:
# visit_times, date_range): (first, then, whether they may be equal). An insert carrying them
# the other way round comes from a tampered laptop (a visit ending before it starts would count
# negative hours in every report); an edit is not checked, since two devices' edits of either
# field, each in order, may merge out of order.
ORDERED_FIELDS: dict[str, tuple[str, str, bool]] = {
    "visits": ("start_time", "end_time", False),
    "cases": ("opened_on", "closed_on", True),
    "service_activations": ("start_on", "end_on", True),
}


def _out_of_order(table: str, raw: dict[str, Any]) -> str:
    """The later field of an insert written before the earlier one; "" when in order. Stored
    forms compare as their values (canonical ISO dates and times)."""
    rule = ORDERED_FIELDS.get(table)
    if rule is None:
        return ""
    first, then, may_equal = rule
    start, end = raw.get(first), raw.get(then)
    if start is None or end is None or end > start or (may_equal and end == start):
        return ""
    return f"{table}.{then} precedes {first}"


def _check_operation(op: Operation, index: int) -> dict[str, Any]:
    """Every operation must name a synchronised table and fields of it, with values within
    their bounds (storage/bounds.py). Returns the values as SQLite stores them."""
    columns = CHECKED.get(op.entity)
    if columns is None:
        raise ApplyRefused("operation_rejected", f"operation {index}: unknown entity")
    if op.entity in REFERENCE_TABLES:
        raise ApplyRefused("operation_rejected", f"operation {index}: reference data")
    if op.kind is OpKind.INSERT and not REQUIRED[op.entity] <= op.data.keys():
        raise ApplyRefused("operation_rejected", f"operation {index}: incomplete insert")
    skip = NOT_LOGGED.get(op.entity, set())
    raw: dict[str, Any] = {}
    for name, value in op.data.items():
        if name not in columns or name in skip:
            # the name itself is not repeated: it is the sender's text
            raise ApplyRefused(
                "operation_rejected", f"operation {index}: unknown {op.entity} field"
            )
        if name == "id" and value != str(op.entity_id):
            raise ApplyRefused("operation_rejected", f"operation {index}: {op.entity}.id differs")
        try:
            raw[name] = columns[name](value)
        except bounds.ValueRefused as exc:
            raise ApplyRefused("operation_rejected", f"operation {index}: {exc}") from None
    insert = op.kind is OpKind.INSERT
    problem = _out_of_order(op.entity, raw) if insert else _not_an_edit(op, raw)
    if problem:
        raise ApplyRefused("operation_rejected", f"operation {index}: {problem}")
    return raw


# What a document is, fixed when it is added (services/attachments.py): its bytes are checked
# against them wherever they are read, so an edit of them would make another device's document
# unreadable, or let forged bytes pass as it. And the case of every record of a case
# (case_scope.SCOPED): no service moves a record to another case, so an edit that does (with
# the links that keep it consistent, which the same-case check would otherwise accept) comes
# from a tampered laptop, and would show one child's visit in another's file.
FIXED_FIELDS = {table: frozenset({"case_id"}) for table in case_scope.SCOPED} | {
    "attachments": frozenset({"size", "sha256", "case_id"})
}


def _not_an_edit(op: Operation, raw: dict[str, Any]) -> str:
    """What no device's capture writes in an edit or a deletion: a tombstone without its
    deletion time, a change of a field fixed at insert. "" when none."""
    if op.kind is OpKind.TOMBSTONE and raw.get("deleted_at") is None:
        return f"{op.entity} tombstone without deleted_at"
    fixed = FIXED_FIELDS.get(op.entity)
    if fixed is not None and not fixed.isdisjoint(raw):
        return f"{op.entity}.{min(fixed & raw.keys())} is fixed once added"
    return ""


def _change_row(op: Operation) -> SimpleNamespace:
    """The log entry of a foreign operation (chained by `capture.log_foreign_many`)."""
    return SimpleNamespace(
        op_id=op.op_id,
        device_id=op.device_id,
        hlc=op.hlc,
        entity=op.entity,
        entity_id=op.entity_id,
        kind=op.kind,
        data=canonical_json(op.data),
        replaces=op.replaces,
        seen=encode_seen(op.seen),
    )


def _same(row: m.ChangeRow, op: Operation) -> bool:
    return Op.of(row) == Op.of(op)


def apply_operations(
    session: Session,
    operations: Sequence[Operation],
    held_records: Iterable[tuple[str, str]] = (),
    members: frozenset[uuid.UUID] = frozenset(),
) -> ApplyResult:
    """Merge `operations` (from any devices) into the database, in the session's transaction.
    `held_records`: (table, id) of records whose insert the caller holds (dated ahead of this
    clock); operations that need one of them are held with it. `members`: the devices of the
    team's roster, which the coordinator signed; no bound holds how many of them write one
    record (merge.MAX_WRITERS counts the others: ids a snapshot could invent).

    Without the cyclic collector: a batch builds some hundred thousand short-lived objects
    (checked values, operations, field versions), none in a cycle, and the passes it made over
    the profile's heap meanwhile cost about a fifth of the merge."""
    with GcPaused():
        return _apply(session, operations, held_records, members)


def _apply(
    session: Session,
    operations: Sequence[Operation],
    held_records: Iterable[tuple[str, str]],
    members: frozenset[uuid.UUID],
) -> ApplyResult:
    # Each operation's values in stored form, checked once: a new row is made of them.
    checked: dict[uuid.UUID, dict[str, Any]] = {}
    # The inserts that are a whole row as they stand: written as is when they are all there is.
    whole: set[uuid.UUID] = set()
    for index, op in enumerate(operations):
        raw = checked[op.op_id] = _check_operation(op, index)
        if (
            op.kind is OpKind.INSERT
            and raw.get("version_hlc") == op.hlc
            and raw.get("origin_device") == op.device_id.hex
            and raw.get("id") == op.entity_id.hex
        ):
            whole.add(op.op_id)
    # A record may name one whose insert comes later in the batch (or in another device's
    # bundle): references are checked at commit, which fails as a whole if one is still missing.
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    ctx = context_of(session)
    known = _known(session, [op.op_id for op in operations])
    fresh: list[Operation] = []
    for op in operations:
        row = known.get(op.op_id)
        if row is not None:
            if not _same(row, op):
                raise ApplyRefused("operation_reused", f"operation {op.op_id}")
            continue
        fresh.append(op)
    if not fresh:
        return ApplyResult(0, 0, 0)

    # A future-dated operation (a wrong clock) is held, not applied and not observed: the
    # caller keeps it for a later sync, when this device's clock has reached it.
    now_ms = int(ctx.now().timestamp() * 1000)
    held = _held_back(session, fresh, now_ms, set(held_records))
    held_ids = {op.op_id for op in held}
    waiting = _waiting(session, [op for op in fresh if op.op_id not in held_ids])
    if held or waiting:
        kept = {op.op_id for op in (*held, *waiting)}
        fresh = [op for op in fresh if op.op_id not in kept]
        if not fresh:
            return ApplyResult(0, 0, 0, held, waiting=waiting)
    ctx.clock.observe(max(Timestamp.decode(op.hlc) for op in fresh), now_ms)

    keys = {(op.entity, op.entity_id) for op in fresh}
    state = _merged(session, keys, fresh, members)
    capture.log_foreign_many(session, [_change_row(op) for op in fresh])

    rewritten = _write_back(session, state, keys, _Checked(checked, whole))
    crossed = case_scope.crossing(session, _by_table(keys))
    if crossed:
        raise ApplyRefused("operation_rejected", f"{crossed} names a record of another case")
    capture.save_clock(session)
    fresh_ids = {o.op_id for o in fresh}
    ignored = sum(1 for op_id, _ in state.ignored() if op_id in fresh_ids)
    # A case deletion that met a write in the case it had not seen: the write wins, by
    # restores written here (new operations of this device, sent with its next bundle).
    restored = reinstate_written(session, keys)
    if restored:
        refresh(session, keys | set(restored))
    else:
        store_conflicts(session, state, keys)
    return ApplyResult(len(fresh), rewritten, ignored, held, len(restored), waiting)


def _merged(
    session: Session,
    keys: set[tuple[str, uuid.UUID]],
    fresh: Sequence[Operation],
    members: frozenset[uuid.UUID],
) -> MergeState:
    """What the log already holds for these records, then the batch (read before it joins the
    log, so it is not read back); the batch may not bring a record's writers from outside the
    roster beyond the bound."""
    state = MergeState()
    try:
        state.apply_all(operations_of(session, keys))
        state.apply_all((Op.of(op) for op in fresh), max_writers=MAX_WRITERS, exempt=members)
    except TooManyWriters as exc:
        raise ApplyRefused("too_many_writers", exc.table) from None
    except OperationReused as exc:  # twice in one batch, as against the log above
        raise ApplyRefused("operation_reused", f"operation {exc.op_id}") from None
    except MergeError as exc:
        raise ApplyRefused("operation_rejected", exc.rule) from None
    return state


def _held_back(
    session: Session, ops: Sequence[Operation], now_ms: int, created: set[tuple[str, str]]
) -> tuple[Operation, ...]:
    """The operations dated beyond the drift bound, and with them those that need a record one
    of them creates: an operation on that record, or one naming it where a reference to its
    table goes (a visit of a case created with the wrong date). Held together, they are
    applied together, and the rest of the batch never waits for them. A held insert of a
    record already here creates nothing: what names that record does not wait (else one
    far-future insert reusing a case's id would hold every later write in that case)."""
    held = {op.op_id for op in ops if is_ahead(Timestamp.decode(op.hlc), now_ms)}
    if not held and not created:
        return ()
    created |= {
        (op.entity, str(op.entity_id))
        for op in ops
        if op.op_id in held and op.kind is OpKind.INSERT
    }
    created -= _present(session, created)
    grew = bool(created)
    while grew:
        grew = False
        for op in ops:
            if op.op_id in held or not _needs_any(op, created):
                continue
            held.add(op.op_id)
            grew = True
            if op.kind is OpKind.INSERT:
                created.add((op.entity, str(op.entity_id)))
    return tuple(op for op in ops if op.op_id in held)


def _waiting(session: Session, ops: Sequence[Operation]) -> tuple[Operation, ...]:
    """The edits that place a record in a case (merge.PLACEMENT_FIELDS: its case, which an edit
    may not change, and the records of its case it names) while the record is not here and
    its insert is not in the batch: kept apart until it arrives. Merged now, such an edit
    could only be checked against the record's case when the insert came, and a teammate's
    tampered edit sent ahead of it (a visit moved to another child's activation) would then
    get the honest insert refused, and its device's later bundles with it. Kept apart, it is
    checked when it is applied, after the insert, and refused alone."""
    placing = [
        op
        for op in ops
        if op.kind is not OpKind.INSERT
        and any(op.data.get(name) is not None for name in PLACEMENT_FIELDS.get(op.entity, ()))
    ]
    if not placing:
        return ()
    inserted = {(op.entity, str(op.entity_id)) for op in ops if op.kind is OpKind.INSERT}
    records = {(op.entity, str(op.entity_id)) for op in placing} - inserted
    here = _present(session, records) if records else set()
    return tuple(op for op in placing if (op.entity, str(op.entity_id)) in records - here)


def _needs_any(op: Operation, records: set[tuple[str, str]]) -> bool:
    if (op.entity, str(op.entity_id)) in records:
        return True
    references = REFERENCES.get(op.entity, {})
    return any(
        (table, value) in records
        for name, value in op.data.items()
        if isinstance(value, str) and (table := references.get(name)) is not None
    )


def _present(session: Session, records: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of `records` (table, id as text) that are rows of this database already."""
    found = present_records(session, ((table, uuid.UUID(text)) for table, text in records))
    return {(table, str(record)) for table, record in found}


def _known(session: Session, op_ids: list[uuid.UUID]) -> dict[uuid.UUID, m.ChangeRow]:
    """The operations of this batch already in the log (usually none: ids first, rows after)."""
    found: list[uuid.UUID] = []
    for start in range(0, len(op_ids), _CHUNK):
        found.extend(
            session.execute(
                select(m.ChangeRow.op_id).where(
                    m.ChangeRow.op_id.in_(op_ids[start : start + _CHUNK])
                )
            ).scalars()
        )
    out: dict[uuid.UUID, m.ChangeRow] = {}
    for start in range(0, len(found), _CHUNK):
        rows = session.execute(
            select(m.ChangeRow).where(m.ChangeRow.op_id.in_(found[start : start + _CHUNK]))
        ).scalars()
        out.update({row.op_id: row for row in rows})
    return out


@dataclass(frozen=True, slots=True)
class _Checked:
    """The batch's values in stored form (`_check_operation`), per operation id, and the
    inserts among them that are a whole row."""

    values: dict[uuid.UUID, dict[str, Any]]
    whole: set[uuid.UUID]


def _by_table(keys: Iterable[tuple[str, uuid.UUID]]) -> dict[str, list[uuid.UUID]]:
    by_table: dict[str, list[uuid.UUID]] = {}
    for entity, entity_id in keys:
        by_table.setdefault(entity, []).append(entity_id)
    return by_table


def _write_back(
    session: Session, state: MergeState, keys: set[tuple[str, uuid.UUID]], checked: _Checked
) -> int:
    """Rows as the merge says, with capture off (these writes are not new operations)."""
    ctx = context_of(session)
    by_table = _by_table(keys)
    ctx.capture = False
    try:
        rewritten = sum(
            _write_table(session, state, table, by_table[table], checked)
            for table in TABLE_ORDER
            if table in by_table
        )
        session.flush()
    finally:
        ctx.capture = True
    return rewritten


def _write_table(
    session: Session,
    state: MergeState,
    table: str,
    ids: list[uuid.UUID],
    checked: _Checked,
) -> int:
    """New rows inserted in bulk (a snapshot is mostly inserts), known ones through the ORM."""
    model = m.MODEL_BY_TABLE[table]
    decoders = DECODERS[table]
    known: set[uuid.UUID] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        known.update(session.execute(select(model.id).where(model.id.in_(chunk))).scalars())
    fresh: list[tuple[Any, ...]] = []
    changed: dict[uuid.UUID, dict[str, Any]] = {}
    for entity_id in sorted(ids, key=str):
        if entity_id not in known:
            new = _new_row(state, table, entity_id, checked)
            if new is not None:
                fresh.append(new)
            continue
        values = expected_row(state, table, entity_id)
        if values is not None:
            changed[entity_id] = {name: decoders[name](value) for name, value in values.items()}
    if fresh:
        # Straight to SQLite, as plain SQL does it: a snapshot inserts a whole profile.
        names = list(RAW[table])
        session.connection().exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608 - our own names
            f"VALUES ({', '.join('?' for _ in names)})",
            fresh,
        )
        capture.touch(session, table)  # not through the ORM: its flush cannot see it
    pending = list(changed)
    for start in range(0, len(pending), _CHUNK):
        chunk = pending[start : start + _CHUNK]
        for row in session.execute(select(model).where(model.id.in_(chunk))).scalars():
            for name, value in changed[row.id].items():
                if name != "id" and getattr(row, name) != value:
                    setattr(row, name, value)
    return len(fresh) + len(changed)


def _new_row(
    state: MergeState, table: str, entity_id: uuid.UUID, checked: _Checked
) -> tuple[Any, ...] | None:
    """A new row's stored values in column order; None while its insert has not arrived."""
    raw = RAW[table]
    sole = state.sole_operation(table, entity_id)
    if sole is not None and sole in checked.whole:  # just its insert: already in stored form
        stored = checked.values[sole]
    elif not state.is_inserted(table, entity_id):
        return None  # the log keeps its operations for when the insert comes
    else:
        # Each field as the operation that won it carried it, checked on arrival; a field
        # won by an operation already in the log is converted again.
        versions = state.versions(table, entity_id)
        stored = {}
        for name, version in versions.items():
            own = checked.values.get(version.op_id)
            stored[name] = raw[name](version.value) if own is None else own[name]
        for name, value in row_stamp(state, table, entity_id, versions).items():
            stored[name] = raw[name](value)
    if table == m.AttachmentRow.__tablename__:
        stored = {**stored, "content": b""}  # empty until fetched beside the operations
    return tuple(map(stored.get, raw))  # column order; None where the operations are silent
