"""The merge of operations from every device: the pure state machine that makes devices converge.

No I/O, no database: sync feeds it the operations it knows (in any order, any number of times)
and reads back the live records, the conflicts and the refused operations. Everything it answers
is a function of the *set* of operations applied, never of their order, so two devices that
have applied the same operations agree byte for byte (`snapshot()`, `conflicts()`).

Rules (docs/architecture.md §6.5, issue 4 part 5)
----------------------------------------------------
* **Order.** Operations are totally ordered by `(hlc, op_id)`. The encoded HLC sorts as the
  timestamp and ends with the device id, which is the tie-break between devices; the op id only
  separates two operations of one device with the same HLC, which a sane clock never produces.
  One exception (`domain.causality.causal_order`): an operation comes after the operations it
  names (`replaces`, `seen`) even when its HLC sorts before theirs. That happens when a device
  wrote with its clock far ahead (a year), the clock was corrected and it wrote the record
  again: its HLC had fallen back to the wall clock (`domain.hlc`), and the later write must
  still win over the earlier, future-dated one, on every device and whenever that one arrives
  (other devices hold a future-dated operation until their own clock reaches it, so it may
  arrive a year after the write that replaced it). The rule is a function of the set of
  operations, so devices still converge.
* **Last writer wins per field.** A record's field holds the value of the greatest operation
  that wrote it (insert, update or tombstone: each writes the fields in its `data`).
* **Causality ("has seen").** Operation X *has seen* Y when Y is reachable from X through the
  direct parents of `domain.causality`: `X.replaces` (the last operation on the record the
  writing device had applied), `X.seen` (the record's other heads at that moment) and the
  previous operation of X's own device on the record, followed transitively, and only towards
  operations that sort before X (an HLC that observes every imported operation guarantees this;
  a parent that does not sort before X is malformed and ignored, so at worst it makes a conflict
  appear, never lose one).
  X and Y are **concurrent** when neither has seen the other.
* **Settled.** A conflict between X and Y is settled as soon as some later operation (on the same
  field for a text conflict, any operation for delete-vs-edit) has seen both: whoever wrote it
  had both in front of it. That is how a resolution syncs: it is an ordinary write.
* **Incomplete ancestry.** While an operation's chain reaches a `replaces` this state has not
  received yet, whether it is concurrent with anything is unknown, so it produces no conflict
  until the missing operation arrives. Bundles are applied in sequence order per device, so once
  a chain is complete it never changes; a conflict is taken back only when it is settled, when
  a visit gets closed (below), or when a side is replaced by a later write of its line.
* **The latest of each line.** A conflict's sides are each the latest write of its line towards
  the other: a pair (X, Y) is no conflict when some later write of the same kind (a writer of
  the field; a tombstone; an edit) has seen X and is itself concurrent with Y, or the other way
  round; that later write and Y are the conflict instead. A device that wrote a text ten times
  without seeing another device's version gives one conflict, between its last text and the
  other, not ten: its earlier texts it replaced itself. (It also keeps the work linear: one
  device's writes of a record are a chain, so what an operation has seen is a vector clock,
  and the latest of each line is found by bisecting each device's line, however often the
  record was written.)
* **Free-text conflicts.** Two concurrent operations that wrote *different* values to the same
  free-text field (`FREE_TEXT_FIELDS`, configurable per entity) give one `ConflictRecord` of kind
  `concurrent-edit` per such pair. The field's value is still the last writer's; the record keeps
  both values, the pair's winner (by order) and loser. Other fields merge silently by LWW.
* **Delete wins.** A record is deleted when some tombstone has not been seen by any restore (an
  update that writes `deleted_at: null`). An update that writes a non-null `deleted_at` is a
  tombstone (`Op.of`). So an edit concurrent with a delete leaves the record
  deleted whatever the clocks say, and each (tombstone, concurrent update) pair, each the latest
  of its line, gives a conflict of
  kind `delete-vs-edit` whose loser side carries the edit's data, so it can be brought back (by a
  restore, which itself syncs). The edit's fields are still merged into the hidden record.
* **A case restored after its deletion is told.** On a record of `RESTORE_NOTICED` (the case
  files), a tombstone T undone by a restore (an update writing `deleted_at: null` that has seen
  T) gives one conflict of kind `case-restored` per record (the first such T in order, with the
  first restore that undid it), while the record is live and until some operation writing
  `deleted_at` has seen one of those restores: a person confirmed it (an update writing
  `deleted_at: null` again, having the restored case in front of them) or deleted it again
  (a tombstone that has seen the restore). Its id depends on the record and T only, so several
  devices restoring the same deletion at once still give one conflict, the same everywhere.
  Deciding to restore is not the merge's business (it reads one record at a time):
  `services.case_removal` writes the restores when a deletion meets a write in the case the
  deleting device had not seen, and they sync like any write.
* **Closed visits are immutable.** The visit is sealed by its first closing operation S (the
  least operation writing `status: "chiusa"`). Only S and the operations S has seen count for a
  sealed visit: every other operation on it (a later edit, a concurrent edit on another device's
  draft, a second close, a tombstone) is ignored and listed by `ignored()` with the reason
  `visit-closed`, for sync to show. A sealed visit never has conflicts; text conflicts noticed on
  the draft disappear when the close arrives (the closer had both texts in front of them).
* **Idempotence.** An op id applied twice changes nothing; the same op id with different
  content is refused with `MergeError`.
* **Records without their insert** (an update arrived before the insert of another device) are
  kept but not live: `record()` answers None until the insert arrives.
* **A record stays where it was added.** Of a record of a case (`PLACEMENT_FIELDS`), its case
  and the records it names are as its first insert (in order) and the edits wrote them: a
  second insert of the same record, which no service writes, does not count for them. What
  this does not stop: a forged insert stamped *before* the honest one is the first (nothing in
  a record says which device made it, and a tampered laptop stamps what it likes), so it
  moves the record, the same way on every device; revoking the laptop ends it.
* **Writers of a record.** A batch from outside may not bring the devices writing one record
  beyond a bound (`apply_all(max_writers=MAX_WRITERS)`, `TooManyWriters`): refused whole, like
  a malformed operation.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from typing import Any, NamedTuple, Protocol

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.causality import Lineage, causal_order, direct_parents
from minorifamiglie.domain.enums import OpKind, VisitStatus
from minorifamiglie.domain.hlc import Timestamp

CONCURRENT_EDIT = "concurrent-edit"
DELETE_VS_EDIT = "delete-vs-edit"
CASE_RESTORED = "case-restored"
VISIT_CLOSED = "visit-closed"

VISITS = "visits"
DELETED_AT = "deleted_at"
STATUS = "status"

# Free text a person writes, where last-writer-wins would silently drop someone's work.
FREE_TEXT_FIELDS: Mapping[str, frozenset[str]] = {
    "cases": frozenset({"title", "summary"}),
    "persons": frozenset({"notes"}),
    "case_members": frozenset({"notes"}),
    "measures": frozenset({"prescriptions"}),
    "goals": frozenset({"title", "description", "indicators"}),
    "deadlines": frozenset({"title"}),
    "foster_families": frozenset({"members", "notes"}),
    "visits": frozenset({"notes", "facts", "statements", "evaluations", "next_steps"}),
    "visit_amendments": frozenset({"text"}),
}

# Where a record of a case stands: its case, and the records of the same case it names
# (services/case_scope.py: SCOPED and LINKS, which a test keeps equal to this). The insert
# writes them, and a later edit may change a link (a visit counted in another activation), never
# the case (services/apply.py refuses that edit). No service inserts a record twice: a second
# insert of it reuses its id on a tampered laptop, and what it says of these fields does not
# count, so it cannot move the record, with links to match, into another child's file.
PLACEMENT_FIELDS: Mapping[str, frozenset[str]] = {
    "attachments": frozenset({"case_id", "visit_id"}),
    "case_members": frozenset({"case_id"}),
    "case_operators": frozenset({"case_id"}),
    "community_placements": frozenset({"case_id"}),
    "court_reports": frozenset({"case_id", "measure_id"}),
    "deadlines": frozenset({"case_id"}),
    "goal_actions": frozenset({"case_id", "goal_id"}),
    "goals": frozenset({"case_id"}),
    "measures": frozenset({"case_id"}),
    "paper_sheets": frozenset({"case_id", "transcribed_visit_id"}),
    "placements": frozenset({"case_id"}),
    "service_activations": frozenset({"case_id"}),
    "visits": frozenset({"case_id", "activation_id"}),
}

# Records whose restore after a tombstone is shown to a person until confirmed (see the module).
RESTORE_NOTICED: frozenset[str] = frozenset({"cases"})

# The canonical HLC text (domain.hlc.Timestamp.encode); anything else takes the slow check.
_CANONICAL_HLC = re.compile(r"[0-9]{15}:[0-9]{6}:([0-9a-f]{32})")

# Conflict ids are uuid5 of the conflict's identity: identical on every device.
_CONFLICT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "minorifamiglie:sync:conflict")


class MergeError(ValueError):
    """An operation that cannot be merged: malformed, or an op id reused with other content.
    `rule` says which rule it breaks, without its values (a refusal's detail)."""

    def __init__(self, message: str, rule: str = "malformed") -> None:
        super().__init__(message)
        self.rule = rule


class OperationReused(MergeError):
    """Two operations with one op id and different content."""

    def __init__(self, op_id: uuid.UUID) -> None:
        super().__init__(f"operation {op_id} reused with different content", "op_id reused")
        self.op_id = op_id


class TooManyWriters(MergeError):
    """A batch would make more devices write one record than `apply_all`'s bound allows."""

    def __init__(self, table: str, limit: int) -> None:
        super().__init__(f"{table}: more than {limit} devices write one record", "too many writers")
        self.table = table


# How many devices outside the team's roster may write one record, where a batch from outside
# is merged (services.apply). The roster's devices, signed by the coordinator, are not counted:
# honest teammates never meet the bound, whatever order their bundles come in. Outside it are
# only the ids of a history older than the team (a profile used before it joined) and those a
# snapshot invents.
# The work of a record grows with its operations times its writing devices, and its conflicts
# with the square of the devices writing it at once: a coordinator's tampered laptop can sign a
# snapshot holding operations of any number of invented device ids, and without a bound a
# thousand of them on one record cost minutes and a million conflicts.
MAX_WRITERS = 64


class OpLike(Protocol):
    """Anything shaped like a change-log operation (sync.operations.Operation, ChangeRow)."""

    @property
    def op_id(self) -> uuid.UUID: ...
    @property
    def device_id(self) -> uuid.UUID: ...
    @property
    def hlc(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def entity_id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> Any: ...
    @property
    def data(self) -> Any: ...
    @property
    def replaces(self) -> uuid.UUID | None: ...
    @property
    def seen(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class Op:
    """One operation as merge sees it; `data` holds the fields written (decoded JSON values)."""

    op_id: uuid.UUID
    device_id: uuid.UUID
    hlc: str
    entity: str
    entity_id: uuid.UUID
    kind: OpKind
    data: Mapping[str, Any]
    replaces: uuid.UUID | None = None
    seen: tuple[uuid.UUID, ...] = ()

    @classmethod
    def of(cls, source: OpLike) -> Op:
        """From a bundle `Operation` or a `ChangeRow` (whose data and seen are JSON strings)."""
        data = source.data
        if isinstance(data, str):
            data = json.loads(data)
        seen = source.seen
        if seen is None:
            seen = ()
        elif isinstance(seen, str):
            seen = json.loads(seen)
        return cls(
            op_id=source.op_id,
            device_id=source.device_id,
            hlc=source.hlc,
            entity=source.entity,
            entity_id=source.entity_id,
            kind=OpKind(source.kind),
            data=dict(data),
            replaces=source.replaces,
            seen=tuple(sorted((uuid.UUID(str(v)) for v in seen), key=str)),
        )

    def __post_init__(self) -> None:
        data = self.data
        if self.kind is OpKind.UPDATE and isinstance(data, Mapping) and data.get(DELETED_AT):
            # It deletes the record: a tombstone, however it is labelled. A delete confirmed
            # when settling a delete-vs-edit conflict is written so, and so can a tampered
            # laptop write one, which as an edit hid the row while the merge held it live
            # (no restore of what it met, no conflict). However an Op is made, from a bundle
            # or from the log, it is the same.
            object.__setattr__(self, "kind", OpKind.TOMBSTONE)

    @property
    def order(self) -> tuple[str, str]:
        return (self.hlc, str(self.op_id))

    def validate(self) -> None:
        if not isinstance(self.kind, OpKind):
            raise MergeError(f"operation {self.op_id}: unknown kind", "unknown kind")
        match = _CANONICAL_HLC.fullmatch(self.hlc) if isinstance(self.hlc, str) else None
        if match is None or match.group(1) != self.device_id.hex:
            self._validate_slow()
        if not isinstance(self.data, Mapping) or not all(map(isinstance, self.data, repeat(str))):
            raise MergeError(f"operation {self.op_id}: data not an object", "data not an object")
        if self.replaces == self.op_id or self.op_id in self.seen:
            raise MergeError(f"operation {self.op_id}: replaces itself", "replaces itself")

    def _validate_slow(self) -> None:
        try:
            stamp = Timestamp.decode(self.hlc)
        except ValueError:
            raise MergeError(f"operation {self.op_id}: malformed HLC", "invalid hlc") from None
        if stamp.encode() != self.hlc or stamp.device != self.device_id.hex:
            raise MergeError(f"operation {self.op_id}: HLC not canonical or of another device",
                             "invalid hlc")  # fmt: skip

    @property
    def lineage(self) -> Lineage:
        return Lineage(self.op_id, self.device_id, self.hlc, self.replaces, self.seen)


@dataclass(frozen=True, slots=True)
class ConflictSide:
    op_id: uuid.UUID
    device_id: uuid.UUID
    hlc: str
    value: Any  # the field's value; for delete-vs-edit the operation's whole data

    def to_json(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "device_id": str(self.device_id),
            "hlc": self.hlc,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    """Two concurrent writes that LWW alone would settle by dropping one.

    `winner` is the side in effect (the later operation of a concurrent edit; the tombstone of a
    delete-vs-edit; the restore of a case-restored), `loser` the side kept for a person to bring
    back (for case-restored, the deletion undone). `field` is None for delete-vs-edit and
    case-restored. `id` is derived from the content, so every device names it alike."""

    id: uuid.UUID
    kind: str
    entity: str
    entity_id: uuid.UUID
    field: str | None
    winner: ConflictSide
    loser: ConflictSide

    @property
    def sort_key(self) -> tuple[str, str, str, str, str, str, str, str]:
        return (
            self.entity,
            str(self.entity_id),
            self.field or "",
            self.kind,
            self.winner.hlc,
            self.loser.hlc,
            str(self.winner.op_id),
            str(self.loser.op_id),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "entity": self.entity,
            "entity_id": str(self.entity_id),
            "field": self.field,
            "winner": self.winner.to_json(),
            "loser": self.loser.to_json(),
        }


def _conflict(
    kind: str, winner: Op, loser: Op, field_name: str | None, wv: Any, lv: Any
) -> ConflictRecord:
    parts = (kind, winner.entity, str(winner.entity_id), field_name or "")
    ident = "|".join((*parts, str(winner.op_id), str(loser.op_id)))
    return ConflictRecord(
        id=uuid.uuid5(_CONFLICT_NAMESPACE, ident),
        kind=kind,
        entity=winner.entity,
        entity_id=winner.entity_id,
        field=field_name,
        winner=ConflictSide(winner.op_id, winner.device_id, winner.hlc, wv),
        loser=ConflictSide(loser.op_id, loser.device_id, loser.hlc, lv),
    )


class FieldVersion(NamedTuple):
    """The winning write of one field: what sync stores and stamps as the row's version.
    (A named tuple: a big snapshot makes millions of them.)"""

    hlc: str
    op_id: uuid.UUID
    device_id: uuid.UUID
    value: Any


# FieldVersion((hlc, op_id, device_id, value)) without the named tuple's __new__ in Python:
# a merge makes one per field of every record (100,000 for a 10,000-operation bundle).
_new_version = functools.partial(tuple.__new__, FieldVersion)


def _version(op: Op, name: str) -> FieldVersion:
    return _new_version((op.hlc, op.op_id, op.device_id, op.data[name]))


def _versions_of(op: Op) -> dict[str, FieldVersion]:
    """A FieldVersion for every field `op` writes, built without a Python loop (zip, repeat and
    map run in C): a merge folds some hundred thousand fields."""
    data = op.data
    stamps = zip(
        repeat(op.hlc), repeat(op.op_id), repeat(op.device_id), data.values(), strict=False
    )
    return dict(zip(data.keys(), map(_new_version, stamps), strict=True))


@dataclass
class _Record:
    entity: str
    entity_id: uuid.UUID
    ops: dict[uuid.UUID, Op] = field(default_factory=dict)
    writers: set[uuid.UUID] = field(default_factory=set)  # the devices of `ops`
    # Materialised by _recompute, a pure function of `ops`.
    fields: dict[str, FieldVersion] = field(default_factory=dict)
    inserted: bool = False
    deleted: bool = False
    conflicts: dict[uuid.UUID, ConflictRecord] = field(default_factory=dict)
    ignored: dict[uuid.UUID, str] = field(default_factory=dict)
    latest: FieldVersion | None = None  # of the last operation in order that still counts


def _is_close(op: Op) -> bool:
    return op.data.get(STATUS) == VisitStatus.CLOSED.value


def _is_restore(op: Op) -> bool:
    return op.kind is OpKind.UPDATE and DELETED_AT in op.data and op.data[DELETED_AT] is None


@dataclass(frozen=True, slots=True)
class _History:
    """Causality among one record's operations, in causal order (by (hlc, op_id), each after
    the operations it names).

    One device's operations on a record are a chain: each has seen the one before it
    (domain.causality). So what an operation has seen is, for each device, a prefix of that
    device's line, and a vector clock says it exactly: `clock[i][d]` is how many operations of
    line d ops[i] has seen. `reach[i][d]` is where in line d the operations that have seen
    ops[i] begin (the line's length when none has). `complete[i]` says the whole ancestry of
    ops[i] is here (no `replaces` still missing). Memory and work grow with operations times
    devices, never with pairs of operations: a record written a hundred thousand times by a
    tampered laptop costs lists of two numbers, not ten billion bits."""

    ops: list[Op]
    line: list[int]  # ops[i]'s line: one per device, in order of first appearance
    pos: list[int]  # its position in that line
    lines: list[list[int]]  # per line, its operations' indices in order
    clock: list[list[int]]
    reach: list[list[int]]
    complete: list[bool]

    @classmethod
    def of(cls, ops: Iterable[Op]) -> _History:
        ordered = sorted(ops, key=_order)
        first = ordered[0]
        chain = (
            first.replaces is None
            and not first.seen
            and all(op.replaces == before.op_id and not op.seen for before, op in pairwise(ordered))
        )
        if not chain:
            ordered = causal_order(ordered)
        devices: dict[uuid.UUID, int] = {}
        line: list[int] = []
        pos: list[int] = []
        lines: list[list[int]] = []
        for i, op in enumerate(ordered):
            d = devices.setdefault(op.device_id, len(devices))
            if d == len(lines):
                lines.append([])
            line.append(d)
            pos.append(len(lines[d]))
            lines[d].append(i)
        if chain:
            # The usual history: one write after another, each replacing the one before it.
            # Each has seen every earlier one, and every later one has seen it.
            counts = [0] * len(lines)
            clock, reach = [], []
            for d in line:
                clock.append(counts.copy())
                counts[d] += 1
                reach.append(counts.copy())
            return cls(ordered, line, pos, lines, clock, reach, [True] * len(ordered))
        clock, complete = _clocks(ordered, line, pos, len(lines))
        return cls(ordered, line, pos, lines, clock, _reach(lines, clock), complete)

    def has_seen(self, i: int, j: int) -> bool:
        return self.clock[i][self.line[j]] > self.pos[j]

    def by_line(self, indices: Iterable[int]) -> list[list[int]]:
        """Positions of `indices` (in causal order) per line, in order: for bisect."""
        out: list[list[int]] = [[] for _ in self.lines]
        for i in indices:
            out[self.line[i]].append(self.pos[i])
        return out

    def seen_by_any(self, i: int, among: list[list[int]]) -> bool:
        """Some operation of `among` (positions per line) has seen ops[i]."""
        reach = self.reach[i]
        return any(positions and positions[-1] >= reach[e] for e, positions in enumerate(among))

    def settlers(self, j: int, among: list[list[int]]) -> list[tuple[int, int]]:
        """(line, last position) of the lines of `among` whose last operation has seen ops[j]:
        the only ones that can settle a conflict of j (computed once for all of j's pairs)."""
        rj = self.reach[j]
        return [
            (e, positions[-1])
            for e, positions in enumerate(among)
            if positions and positions[-1] >= rj[e]
        ]

    def settles(self, i: int, settlers: list[tuple[int, int]]) -> bool:
        """Some operation of `settlers` (j's, from `settlers`) has seen ops[i] as well: a
        person settled the conflict of i and j, having both in front of them."""
        ri = self.reach[i]
        return any(last >= ri[e] for e, last in settlers)


def _order(op: Op) -> tuple[str, str]:
    return op.order


def _clocks(
    ordered: list[Op], line: list[int], pos: list[int], width: int
) -> tuple[list[list[int]], list[bool]]:
    """Each operation's vector clock (what it has seen of each line, through its direct
    parents), and whether its whole ancestry is here."""
    index = {op.op_id: i for i, op in enumerate(ordered)}
    clock: list[list[int]] = []
    complete: list[bool] = []
    for i, parents in enumerate(direct_parents([op.lineage for op in ordered])):
        seen, whole = [0] * width, True
        for parent in parents:
            j = index.get(parent)
            if j is None:
                whole = False
            elif j < i:  # an edge forward in time is malformed: ignored
                seen = list(map(max, seen, clock[j]))
                seen[line[j]] = max(seen[line[j]], pos[j] + 1)
                whole = whole and complete[j]
        clock.append(seen)
        complete.append(whole)
    return clock, complete


def _reach(lines: list[list[int]], clock: list[list[int]]) -> list[list[int]]:
    """Per operation and line, where the operations of the line that have seen it begin. Line
    against line, both walk forward (a later operation of line d is seen later in line e): each
    pair of lines is one merge-like pass."""
    reach = [[0] * len(lines) for _ in clock]
    for d, mine in enumerate(lines):
        for e, theirs in enumerate(lines):
            q = 0
            for p, x in enumerate(mine):
                while q < len(theirs) and clock[theirs[q]][d] <= p:
                    q += 1
                reach[x][e] = q
    return reach


def _any_within(positions: list[int], low: int, high: int) -> bool:
    """A position of the sorted `positions` in [low, high)."""
    at = bisect_left(positions, low)
    return at < len(positions) and positions[at] < high


def _heads_pairs(h: _History, left: list[int], right: list[int]) -> list[tuple[int, int]]:
    """The pairs (a of `left`, b of `right`) of concurrent operations that are each the latest
    of their line towards the other: no operation of `left` concurrent with b has seen a, and
    none of `right` concurrent with a has seen b. A device that wrote a field ten times without
    seeing another's write gives one conflict, between its last text and the other, not ten:
    its earlier texts it replaced itself.

    The operations of `left` concurrent with b are, in each other line, a stretch: after those
    b has seen (clock), before those that have seen b (reach). Only the last of each stretch
    can be a side; of those, one another has seen is not. Work per operation and line."""
    complete = h.complete
    left_lines = h.by_line(a for a in left if complete[a])
    right_lines = h.by_line(b for b in right if complete[b])
    out: list[tuple[int, int]] = []
    for b in right:
        if not complete[b]:
            continue  # whether it is concurrent with anything is unknown
        seen_b, reach_b = h.clock[b], h.reach[b]
        candidates = []
        for e, positions in enumerate(left_lines):
            if positions and e != h.line[b]:
                last = bisect_left(positions, reach_b[e]) - 1
                if last >= 0 and positions[last] >= seen_b[e]:
                    candidates.append(h.lines[e][positions[last]])
        if len(candidates) > 1:
            # One candidate per line: a later one of `left`, concurrent with b, replaced a when
            # it has seen more of a's line than a itself (column maxima, in C).
            top = list(map(max, *(h.clock[c] for c in candidates)))
            candidates = [a for a in candidates if top[h.line[a]] <= h.pos[a]]
        # Likewise b: only lines holding an operation of `right` that has seen b can.
        seeing_b = [
            (e, positions)
            for e, positions in enumerate(right_lines)
            if positions and positions[-1] >= reach_b[e]
        ]
        for a in candidates:
            seen_a, reach_a = h.clock[a], h.reach[a]
            if any(
                _any_within(positions, max(reach_b[e], seen_a[e]), reach_a[e])
                for e, positions in seeing_b
            ):
                continue
            out.append((a, b))
    return out


def _recompute(rec: _Record, free_text: frozenset[str]) -> None:
    """Materialise a record from the set of its operations (order of arrival plays no part)."""
    if len(rec.ops) == 1:  # the common case of a new record: nothing to order or compare
        (op,) = rec.ops.values()
        rec.fields = _versions_of(op)
        rec.inserted = op.kind is OpKind.INSERT
        rec.deleted = op.kind is OpKind.TOMBSTONE
        rec.conflicts, rec.ignored = {}, {}
        rec.latest = next(iter(rec.fields.values()), None)
        return
    h = _History.of(rec.ops.values())
    ops = h.ops

    # A closed visit is sealed by its first close: nothing the close has not seen counts.
    rec.ignored = {}
    live = list(range(len(ops)))
    sealed = False
    if rec.entity == VISITS:
        close = next((i for i, op in enumerate(ops) if _is_close(op)), None)
        if close is not None:
            sealed = True
            live = [i for i in live if i == close or h.has_seen(close, i)]
            kept = set(live)
            rec.ignored = {op.op_id: VISIT_CLOSED for i, op in enumerate(ops) if i not in kept}

    # Last writer wins per field: later operations overwrite earlier ones (a field keeps the
    # place of its first write).
    rec.fields = {}
    for i in live:
        rec.fields.update(_versions_of(ops[i]))
    inserts = [i for i in live if ops[i].kind is OpKind.INSERT]
    rec.inserted = bool(inserts)
    if len(inserts) > 1 and rec.entity in PLACEMENT_FIELDS:
        rec.fields.update(_placement(ops, live, inserts[0], PLACEMENT_FIELDS[rec.entity]))

    # Delete wins: deleted while some tombstone is unseen by every restore.
    tombstones = [i for i in live if ops[i].kind is OpKind.TOMBSTONE]
    restores = [i for i in live if _is_restore(ops[i])]
    restoring = h.by_line(restores)
    standing = [t for t in tombstones if not h.seen_by_any(t, restoring)]
    rec.deleted = bool(standing)
    overridden = False
    if standing:
        # A concurrent restore may have won deleted_at by LWW: the standing tombstone's stays.
        top = ops[standing[-1]]
        current = rec.fields.get(DELETED_AT)
        if DELETED_AT in top.data and (current is None or current.value is None):
            rec.fields[DELETED_AT] = _version(top, DELETED_AT)
            overridden = True

    conflicts = [] if sealed else _edit_conflicts(h, live, free_text)
    if tombstones:
        conflicts.extend(_delete_conflicts(h, live, tombstones))
    if rec.entity in RESTORE_NOTICED and not rec.deleted and not sealed:
        restored = _restored_conflict(h, live, tombstones, restores)
        if restored is not None:
            conflicts.append(restored)
    rec.conflicts = {c.id: c for c in conflicts}
    rec.latest = _latest(ops, live, rec.fields, overridden)


def _placement(
    ops: list[Op], live: list[int], first: int, names: frozenset[str]
) -> dict[str, FieldVersion]:
    """`names` as the first insert and the edits wrote them (last writer wins among those): a
    later insert of the record does not count for them (`PLACEMENT_FIELDS`)."""
    out: dict[str, FieldVersion] = {}
    for i in live:
        op = ops[i]
        if op.kind is OpKind.INSERT and i != first:
            continue
        for name in names & op.data.keys():
            out[name] = _version(op, name)
    return out


def _latest(
    ops: list[Op], live: list[int], fields: dict[str, FieldVersion], overridden: bool
) -> FieldVersion | None:
    """The field written last in causal order (the first such field, when one operation wrote
    several): its operation stamps the row. That is the last live operation that wrote any,
    unless the standing tombstone's `deleted_at` took back (`overridden`) all it wrote."""
    last: uuid.UUID | None
    if overridden:  # fields holds at least that deleted_at
        index = {op.op_id: i for i, op in enumerate(ops)}
        last = ops[max(index[v.op_id] for v in fields.values())].op_id
    else:
        last = next((ops[i].op_id for i in reversed(live) if ops[i].data), None)
    return next((v for v in fields.values() if v.op_id == last), None)


def _restored_conflict(
    h: _History, live: list[int], tombstones: list[int], restores: list[int]
) -> ConflictRecord | None:
    """The first tombstone undone by a restore that no later write of `deleted_at` has seen,
    as one `case-restored` conflict (winner: the first restore that undid it; loser: the
    tombstone); None when every undone tombstone has been confirmed or deleted again."""
    ops = h.ops
    # Per line, how far the writes of deleted_at have seen: a restore within it is confirmed.
    confirmed = [0] * len(h.lines)
    for k in live:
        if DELETED_AT in ops[k].data:
            confirmed = list(map(max, confirmed, h.clock[k]))
    restoring = h.by_line(restores)
    for t in tombstones:
        # the restores that have seen t: in each line, from where t is reached on
        undoing = []
        for e, positions in enumerate(restoring):
            at = bisect_left(positions, h.reach[t][e])
            if at < len(positions):
                undoing.append((h.lines[e][positions[at]], confirmed[e] > positions[at]))
        if not undoing or any(seen for _, seen in undoing):
            continue
        tomb, restore = ops[t], ops[min(i for i, _ in undoing)]
        ident = "|".join((CASE_RESTORED, tomb.entity, str(tomb.entity_id), str(tomb.op_id)))
        return ConflictRecord(
            id=uuid.uuid5(_CONFLICT_NAMESPACE, ident),
            kind=CASE_RESTORED,
            entity=tomb.entity,
            entity_id=tomb.entity_id,
            field=None,
            winner=ConflictSide(restore.op_id, restore.device_id, restore.hlc, dict(restore.data)),
            loser=ConflictSide(tomb.op_id, tomb.device_id, tomb.hlc, dict(tomb.data)),
        )
    return None


def _delete_conflicts(h: _History, live: list[int], tombstones: list[int]) -> list[ConflictRecord]:
    """One conflict per (tombstone, concurrent edit), each the latest of its line towards the
    other (`_heads_pairs`), that no later operation has settled."""
    ops = h.ops
    edits = [i for i in live if ops[i].kind is OpKind.UPDATE]
    everyone = h.by_line(live)
    near: dict[int, list[tuple[int, int]]] = {}
    out = []
    for e, t in _heads_pairs(h, edits, tombstones):
        if t not in near:
            near[t] = h.settlers(t, everyone)
        if not h.settles(e, near[t]):
            tomb, edit = ops[t], ops[e]
            out.append(
                _conflict(DELETE_VS_EDIT, tomb, edit, None, dict(tomb.data), dict(edit.data))
            )
    return out


def _edit_conflicts(
    h: _History, live: list[int], free_text: frozenset[str]
) -> list[ConflictRecord]:
    """One conflict per pair of concurrent writes of different values to a free-text field,
    each the latest of its line towards the other (`_heads_pairs`) and not settled."""
    out: list[ConflictRecord] = []
    ops = h.ops
    if all(h.has_seen(b, a) for a, b in pairwise(live)):
        return out  # each has seen the one before: a single line, nothing concurrent
    for name in sorted(free_text):
        writers = [i for i in live if name in ops[i].data]
        if len(writers) < 2:
            continue
        among = h.by_line(writers)
        settlers: dict[int, list[tuple[int, int]]] = {}
        for a, b in _heads_pairs(h, writers, writers):
            if a > b:
                continue  # each pair once: b sorts after a, b is the pair's winner
            va, vb = ops[a].data[name], ops[b].data[name]
            if va == vb:
                continue
            near = settlers.get(b)
            if near is None:
                near = settlers[b] = h.settlers(b, among)
            if not h.settles(a, near):
                out.append(_conflict(CONCURRENT_EDIT, ops[b], ops[a], name, vb, va))
    return out


class MergeState:
    """Per record and field, the winning write; tombstones; conflicts; the applied op ids."""

    def __init__(self, free_text: Mapping[str, Iterable[str]] | None = None) -> None:
        source = FREE_TEXT_FIELDS if free_text is None else free_text
        self._free_text = {entity: frozenset(names) for entity, names in source.items()}
        self._records: dict[tuple[str, uuid.UUID], _Record] = {}
        self._applied: dict[uuid.UUID, Op] = {}

    # -- feeding -----------------------------------------------------------------------------

    def apply(self, op: Op) -> list[ConflictRecord]:
        """Merge one operation; the conflicts that appeared because of it (sorted)."""
        return self.apply_all((op,))

    def apply_all(
        self,
        ops: Iterable[Op],
        max_writers: int | None = None,
        exempt: frozenset[uuid.UUID] = frozenset(),
    ) -> list[ConflictRecord]:
        """Merge a batch (a bundle), recomputing each touched record once. A batch with one
        malformed or reused operation is refused whole, the state left as it was: everything
        is checked before anything is recorded. With `max_writers`, so is a batch that brings
        a record's writing devices, other than those of `exempt`, beyond it
        (`TooManyWriters`); a record already beyond it (written before the bound existed) may
        still be written by the devices it has."""
        fresh: dict[uuid.UUID, Op] = {}
        for op in ops:
            op.validate()
            known = self._applied.get(op.op_id) or fresh.get(op.op_id)
            if known is not None:
                if known != op:
                    raise OperationReused(op.op_id)
                continue
            fresh[op.op_id] = op
        if max_writers is not None:
            self._check_writers(fresh.values(), max_writers, exempt)
        touched: dict[tuple[str, uuid.UUID], _Record] = {}
        for op in fresh.values():
            key = (op.entity, op.entity_id)
            rec = self._records.get(key)
            if rec is None:
                rec = self._records[key] = _Record(op.entity, op.entity_id)
            rec.ops[op.op_id] = op
            rec.writers.add(op.device_id)
            self._applied[op.op_id] = op
            touched[key] = rec
        new: list[ConflictRecord] = []
        for rec in touched.values():
            before = set(rec.conflicts)
            _recompute(rec, self._free_text.get(rec.entity, frozenset()))
            new.extend(c for cid, c in rec.conflicts.items() if cid not in before)
        return sorted(new, key=lambda c: c.sort_key)

    def _check_writers(self, ops: Iterable[Op], limit: int, exempt: frozenset[uuid.UUID]) -> None:
        joining: dict[tuple[str, uuid.UUID], set[uuid.UUID]] = {}
        # The bound holds for the batch as a whole too: 63 invented devices on each of
        # thousands of records stayed under it record by record, and a forged snapshot part of
        # 800 KB cost its recipient 112 s and 1.17 million conflicts
        strangers: set[uuid.UUID] = set()
        for op in ops:
            if op.device_id in exempt:
                continue
            key = (op.entity, op.entity_id)
            rec = self._records.get(key)
            if rec is None or op.device_id not in rec.writers:
                joining.setdefault(key, set()).add(op.device_id)
                strangers.add(op.device_id)
                if len(strangers) > limit:
                    raise TooManyWriters(key[0], limit)
        for key, devices in joining.items():
            rec = self._records.get(key)
            others = len(rec.writers - exempt) if rec else 0
            if len(devices) + others > limit:
                raise TooManyWriters(key[0], limit)

    # -- reading -----------------------------------------------------------------------------

    def has(self, op_id: uuid.UUID) -> bool:
        return op_id in self._applied

    def applied(self) -> frozenset[uuid.UUID]:
        return frozenset(self._applied)

    def record(self, entity: str, entity_id: uuid.UUID) -> dict[str, Any] | None:
        """The live field values; None if unknown, deleted, or its insert has not arrived."""
        rec = self._records.get((entity, entity_id))
        if rec is None or rec.deleted or not rec.inserted:
            return None
        return {name: version.value for name, version in rec.fields.items()}

    def versions(self, entity: str, entity_id: uuid.UUID) -> dict[str, FieldVersion]:
        """Every field's winning write, deleted records included (what sync writes back)."""
        rec = self._records.get((entity, entity_id))
        return {} if rec is None else dict(rec.fields)

    def latest(self, entity: str, entity_id: uuid.UUID) -> FieldVersion | None:
        """The write, among the fields' winning ones, of the operation last in order: the
        row's `version_hlc` and `origin_device`."""
        rec = self._records.get((entity, entity_id))
        return None if rec is None else rec.latest

    def sole_operation(self, entity: str, entity_id: uuid.UUID) -> uuid.UUID | None:
        """The id of the record's only operation, if it has exactly one."""
        rec = self._records.get((entity, entity_id))
        if rec is None or len(rec.ops) != 1:
            return None
        return next(iter(rec.ops))

    def is_inserted(self, entity: str, entity_id: uuid.UUID) -> bool:
        """Its insert has arrived (deleted or not): the record has a row."""
        rec = self._records.get((entity, entity_id))
        return rec is not None and rec.inserted

    def is_deleted(self, entity: str, entity_id: uuid.UUID) -> bool:
        rec = self._records.get((entity, entity_id))
        return rec is not None and rec.deleted

    def conflicts(self) -> list[ConflictRecord]:
        out = [c for rec in self._records.values() for c in rec.conflicts.values()]
        return sorted(out, key=lambda c: c.sort_key)

    def conflicts_of(self, entity: str, entity_id: uuid.UUID) -> list[ConflictRecord]:
        rec = self._records.get((entity, entity_id))
        return [] if rec is None else sorted(rec.conflicts.values(), key=lambda c: c.sort_key)

    def ignored(self) -> list[tuple[uuid.UUID, str]]:
        """Operations that do not count, with the reason (today: writes to a closed visit)."""
        out = [(op_id, why) for rec in self._records.values() for op_id, why in rec.ignored.items()]
        return sorted(out, key=lambda item: str(item[0]))

    def snapshot(self, include_deleted: bool = False) -> str:
        """Canonical JSON of the live records ({entity: {id: fields}}), to compare devices.

        With `include_deleted`, every record known, as {"deleted", "inserted", "fields"}."""
        out: dict[str, dict[str, Any]] = {}
        for (entity, entity_id), rec in self._records.items():
            values = {name: version.value for name, version in rec.fields.items()}
            if include_deleted:
                item: Any = {"deleted": rec.deleted, "inserted": rec.inserted, "fields": values}
            elif rec.deleted or not rec.inserted:
                continue
            else:
                item = values
            out.setdefault(entity, {})[str(entity_id)] = item
        return canonical_json(out)
