"""The operations a sync bundle or snapshot carries: `Operation`, its JSON form, its checks.

Two ways to read a payload's operations, with equal results (see "fast reading" below): the
strict one, `Operation.from_json` over the stdlib parser's objects, which decides and names every
refusal; and msgspec's wire decoders with their checks a column at a time, which accept only what
the strict one accepts. The container around a payload is sync/container.py's; the payloads of
each kind of file, sync/bundle.py's and sync/snapshot.py's. Also here: how operations are cut
into runs that each fit one file (`split_operations`, `split_sized`)."""

from __future__ import annotations

import functools
import gc
import itertools
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Literal, cast

import msgspec

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.sync.container import MAX_BUNDLE_PLAINTEXT, BundleError, parse_uuid

OPERATION_KEYS = frozenset(
    {"op_id", "device_id", "hlc", "entity", "entity_id", "kind", "data", "replaces"}
)
# Written by every writer; a reader takes its absence (the first v1 files) as an empty list.
OPTIONAL_OPERATION_KEYS = frozenset({"seen"})
_ALL_OPERATION_KEYS = OPERATION_KEYS | OPTIONAL_OPERATION_KEYS
MAX_SEEN = 256
_ENTITY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CANONICAL_HLC = re.compile(r"[0-9]{15}:[0-9]{6}:([0-9a-f]{32})")
_KINDS = {k.value: k for k in OpKind}
# Room for the payload envelope around the operations (ids, sequence, keys, brackets).
_ENVELOPE_RESERVE = 256


def _hlc_problem(hlc: object, device_id: uuid.UUID) -> str:
    """Why `hlc` is not a canonical timestamp of `device_id` ("" when it is)."""
    if not isinstance(hlc, str):
        return "invalid hlc"
    match = _CANONICAL_HLC.fullmatch(hlc)
    if match:  # the canonical form, which every writer produces
        return "" if match.group(1) == device_id.hex else "hlc of another device"
    try:
        stamp = Timestamp.decode(hlc)
    except ValueError:
        return "invalid hlc"
    if stamp.wall_ms < 0 or stamp.counter < 0 or stamp.encode() != hlc:
        return "invalid hlc"
    if stamp.device != device_id.hex:
        return "hlc of another device"
    return ""


def _parse_seen(raw: object, bad: Callable[[str], BundleError]) -> tuple[uuid.UUID, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_SEEN:
        raise bad("invalid seen")
    try:
        seen = tuple(parse_uuid(v) for v in raw)
    except ValueError:
        raise bad("invalid seen") from None
    # canonical texts, so each is the str() of its UUID: sorted and unique as texts
    if raw != sorted(set(raw)):
        raise bad("seen not sorted or repeated")
    return seen


class Operation(msgspec.Struct, frozen=True, gc=False):
    """One change-log entry as it travels: the fields of ChangeRow minus the local chain.

    A frozen msgspec Struct rather than a dataclass: built in C, about ten times faster, which
    matters for the 10,000 of a bundle (`msgspec.structs.replace` copies one with changes). Not
    tracked by the garbage collector: it refers to no object that could refer back to it."""

    op_id: uuid.UUID
    device_id: uuid.UUID
    hlc: str
    entity: str
    entity_id: uuid.UUID
    kind: OpKind
    data: dict[str, Any]
    replaces: uuid.UUID | None = None
    seen: tuple[uuid.UUID, ...] = ()  # the record's other heads the writer had seen, sorted

    def to_json(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "device_id": str(self.device_id),
            "hlc": self.hlc,
            "entity": self.entity,
            "entity_id": str(self.entity_id),
            "kind": OpKind(self.kind).value,
            "data": self.data,
            "replaces": None if self.replaces is None else str(self.replaces),
            "seen": sorted(str(v) for v in self.seen),
        }

    @classmethod
    def from_json(cls, value: object, index: int = 0) -> Operation:
        """Strict: exactly the v1 keys, canonical ids, a known kind, a canonical HLC of the
        operation's own device. Raises BundleError("operation_malformed")."""

        def bad(what: str) -> BundleError:
            return BundleError("operation_malformed", f"operation {index}: {what}")

        if not isinstance(value, dict):
            raise bad("not an object")
        keys = value.keys()  # exactly the v1 keys, with or without the optional one
        if keys not in (_ALL_OPERATION_KEYS, OPERATION_KEYS):
            raise bad("unexpected or missing fields")
        ids: dict[str, uuid.UUID] = {}
        for key in ("op_id", "device_id", "entity_id"):
            try:
                ids[key] = parse_uuid(value[key])
            except ValueError:
                raise bad(f"invalid {key}") from None
        replaces: uuid.UUID | None = None
        if value["replaces"] is not None:
            try:
                replaces = parse_uuid(value["replaces"])
            except ValueError:
                raise bad("invalid replaces") from None
        raw_seen = value.get("seen", ())
        seen = () if raw_seen in ((), []) else _parse_seen(raw_seen, bad)
        entity = value["entity"]
        if not isinstance(entity, str) or not _ENTITY.fullmatch(entity):
            raise bad("invalid entity")
        kind_text = value["kind"]
        kind = _KINDS.get(kind_text) if isinstance(kind_text, str) else None
        if kind is None:
            raise bad("unknown kind")
        hlc = value["hlc"]
        problem = _hlc_problem(hlc, ids["device_id"])
        if problem:
            raise bad(problem)
        data = value["data"]
        if not isinstance(data, dict):
            raise bad("data is not an object")
        return cls(
            op_id=ids["op_id"],
            device_id=ids["device_id"],
            hlc=hlc,
            entity=entity,
            entity_id=ids["entity_id"],
            kind=kind,
            data=data,
            replaces=replaces,
            seen=seen,
        )


# ------------------------------------------------------------------------------ fast reading
#
# A payload is read twice over only when it is unusual. First msgspec decodes it in C straight
# into the structs below (exact keys, types, a known kind, the lengths of ids and HLCs, and for a
# bundle its one device) and the operations' texts are checked a column at a time
# (`operations_of`). That path only ever accepts what the strict one (stdlib `json` +
# `Operation.from_json`: `raw_operations`, which the readers of sync/bundle.py and
# sync/snapshot.py fall back to) accepts, with equal results: msgspec refuses what the stdlib parser
# allowed beyond JSON (NaN, Infinity, numbers that overflow to infinity, lone surrogates) and
# keeps every other value the same (duplicate keys: the last wins; integers of any size; floats
# correctly rounded), as tests/unit/sync/test_bundle_fast.py checks. Anything it does not
# accept, or any doubt, goes to the strict path, which decides and names the refusal.
#
# Where the time goes (bench_sync.py, 10,000 operations): decoding the JSON into Python objects
# is most of it; every pass over the decoded operations touches memory just written, so the
# checks are few passes in C (joins, one translation, counts), never a Python loop per operation.

# Lengths are checked by msgspec as it decodes; what the characters are, afterwards.
_Id = Annotated[str, msgspec.Meta(min_length=36, max_length=36)]
_Hlc = Annotated[str, msgspec.Meta(min_length=55, max_length=55)]
_Seen = Annotated[tuple[_Id, ...], msgspec.Meta(max_length=MAX_SEEN)]


class _WireOperation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    op_id: _Id
    device_id: _Id
    hlc: _Hlc
    entity: str
    entity_id: _Id
    kind: OpKind
    data: dict[str, Any]
    replaces: _Id | None
    seen: _Seen = ()


class _WireSnapshot(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    for_device: str
    operations: list[_WireOperation]
    part: int
    team_id: str


SNAPSHOT_DECODER = msgspec.json.Decoder(_WireSnapshot)


@functools.lru_cache(maxsize=64)
def bundle_decoder(device: str) -> msgspec.json.Decoder[Any]:
    """The decoder of one device's bundles: its id is a literal of the types, so msgspec
    compares the payload's and every operation's device id with it in C, as it reads (a team
    has a few dozen devices; a decoder costs about half a millisecond to build)."""
    same: Any = cast(Any, Literal)[device]
    operation = msgspec.defstruct(
        "_WireBundleOperation",
        [(f.name, same if f.name == "device_id" else f.type, f.default)
         for f in msgspec.structs.fields(_WireOperation)],
        forbid_unknown_fields=True,
        gc=False,
    )  # fmt: skip
    bundle = msgspec.defstruct(
        "_WireBundle",
        [("device_id", same), ("operations", cast(Any, list)[operation]), ("sequence", int),
         ("team_id", str)],
        forbid_unknown_fields=True,
        gc=False,
    )  # fmt: skip
    return msgspec.json.Decoder(bundle)


class GcPaused:
    """No garbage collection while a payload's objects are built: they hold no cycles, and the
    collector's passes over the growing heap cost about as much as the decoding. Re-enabled
    only by whoever disabled it, so nested or concurrent uses leave it as they found it."""

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _translation(classes: dict[bytes, bytes]) -> bytes:
    """A `bytes.translate` table: each byte of a key to its value's class, any other to '?'."""
    table = bytearray(b"?" * 256)
    for chars, cls in classes.items():
        for char in chars:
            table[char] = cls[0]
    return bytes(table)


_ID_CLASSES = _translation({b"0123456789abcdef": b"h", b"-": b"-"})
_ID_PATTERN = b"hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh"
# A canonical HLC: 15 and 6 decimal digits, then the device's 32 lowercase hex digits.
_HLC_CLASSES = _translation({b"0123456789": b"#", b"abcdef": b"h", b":": b":"})
_HLC_HEAD = b"###############:######:"


def _canonical_ids(texts: Sequence[str]) -> bool:
    """Whether every text is a canonical UUID: lowercase hex digits, hyphens where they go.
    One translation of the joined texts into character classes, compared with the pattern
    repeated (a text that is not ASCII encodes to more bytes, so it cannot compare equal)."""
    joined = "".join(texts).encode()
    return joined.translate(_ID_CLASSES) == _ID_PATTERN * len(texts)


def _hlc_pattern(device_hex: str) -> bytes:
    return _HLC_HEAD + device_hex.encode().translate(_HLC_CLASSES)


def _bundle_hlcs(hlcs: list[str], device_hex: str) -> bool:
    """Whether every HLC (55 characters, msgspec checked) is canonical and ends in the device's
    hex digits. With the classes right, ':' stands only at positions 15 and 22 of each, so the
    device's ':'+hex can only start at 22: as many occurrences as HLCs means every one ends so."""
    joined = "".join(hlcs).encode()
    count = len(hlcs)
    return (
        joined.translate(_HLC_CLASSES) == _hlc_pattern(device_hex) * count
        and joined.count(b":" + device_hex.encode()) == count
    )


def _snapshot_hlcs(hlcs: list[str], devices: list[str]) -> bool:
    """Whether every HLC is canonical and ends in the hex digits of its own operation's device
    (already known canonical ids)."""
    hexes = {d: d.replace("-", "") for d in set(devices)}
    patterns = {d: _hlc_pattern(h) for d, h in hexes.items()}
    joined = "".join(hlcs).encode()
    return joined.translate(_HLC_CLASSES) == b"".join(map(patterns.__getitem__, devices)) and all(
        map(str.endswith, hlcs, map(hexes.__getitem__, devices))
    )


_UUIDS = list[uuid.UUID]


def operations_of(wire: list[Any], device: uuid.UUID | None) -> list[Operation] | None:
    """The operations, when every one passes `Operation.from_json`; None when any might not, for
    the strict path to decide. `device`: a bundle's, which the decoder has already compared
    with every operation's (`bundle_decoder`); None for a snapshot's operations of any device.
    Each column is taken once and checked whole (list comprehensions: the interpreter's
    specialised attribute loads beat `operator.attrgetter` here)."""
    count = len(wire)
    if not count:
        return []
    op_ids = [w.op_id for w in wire]
    entity_ids = [w.entity_id for w in wire]
    hlcs = [w.hlc for w in wire]
    entities = [w.entity for w in wire]
    replaces = [w.replaces for w in wire]
    seens = [w.seen for w in wire]
    if device is not None:
        if not _bundle_hlcs(hlcs, device.hex):
            return None
        devices: Iterable[uuid.UUID] = itertools.repeat(device, count)
    else:
        texts = [w.device_id for w in wire]
        distinct = list(set(texts))
        if not _canonical_ids(distinct) or not _snapshot_hlcs(hlcs, texts):
            return None
        by_text = dict(zip(distinct, msgspec.convert(distinct, _UUIDS), strict=True))
        devices = map(by_text.__getitem__, texts)
    if not all(map(_ENTITY.fullmatch, set(entities))):
        return None
    ids = op_ids + entity_ids
    present = list(filter(None, replaces))  # every id is 36 characters: never empty
    if not _canonical_ids(ids) or not _canonical_ids(present):
        return None
    uuids = msgspec.convert(ids, _UUIDS)
    replaced: Iterable[uuid.UUID | None] = replaces
    if present:
        replaced = msgspec.convert(replaces, list[uuid.UUID | None])
    seen: Iterable[tuple[uuid.UUID, ...]] = seens
    if any(seens):  # rare: a record written on two devices at once
        converted = _seen_of(seens)
        if converted is None:
            return None
        seen = converted
    return list(
        map(
            Operation,
            uuids[:count],
            devices,
            hlcs,
            entities,
            uuids[count:],
            [w.kind for w in wire],
            [w.data for w in wire],
            replaced,
            seen,
        )
    )


def _seen_of(seens: list[tuple[str, ...]]) -> list[tuple[uuid.UUID, ...]] | None:
    """The `seen` lists as UUIDs, when each is canonical, sorted and without repeats (at most
    MAX_SEEN long: msgspec checked)."""
    texts = [text for one in seens for text in one]
    if not _canonical_ids(texts) or any(list(one) != sorted(set(one)) for one in seens if one):
        return None
    by_text = dict(zip(texts, msgspec.convert(texts, _UUIDS), strict=True))
    return [tuple(map(by_text.__getitem__, one)) if one else () for one in seens]


def raw_operations(payload: dict[str, Any], op_count: int) -> list[Operation]:
    """The operations of a payload parsed by the stdlib (the strict path), each checked."""
    raw_ops = payload["operations"]
    if not isinstance(raw_ops, list):
        raise BundleError("payload_malformed", "operations")
    if len(raw_ops) != op_count:
        raise BundleError("op_count_mismatch")
    return [Operation.from_json(raw, index) for index, raw in enumerate(raw_ops)]


def payload_joined(fields: dict[str, str | int], operations_json: Sequence[bytes]) -> bytes:
    """The canonical JSON of `fields` with an "operations" list made of operations already
    serialised as canonical JSON objects: the same bytes as `canonical_bytes` of the whole
    payload (keys sorted, no spaces), the operations joined rather than built again.

    One join makes the whole payload, the members before and after the list glued to its first
    and last operation: each further copy of some megabytes (brackets added to a joined list,
    then the object around it) costs fresh pages from the system, which made joining cost half
    as much again as compressing (bench_sync.py)."""
    members = {
        key: canonical_bytes(key) + b":" + canonical_bytes(value) for key, value in fields.items()
    }
    members["operations"] = b'"operations":['
    keys = sorted(members)
    at = keys.index("operations")
    head = b"{" + b"".join(members[key] + b"," for key in keys[:at]) + members["operations"]
    tail = b"]" + b"".join(b"," + members[key] for key in keys[at + 1 :]) + b"}"
    if not operations_json:
        return head + tail
    pieces = list(operations_json)
    pieces[0] = head + pieces[0]
    pieces[-1] = pieces[-1] + tail
    return b",".join(pieces)


def split_operations(
    operations: Iterable[Operation], max_bytes: int = MAX_BUNDLE_PLAINTEXT
) -> list[list[Operation]]:
    """Cut operations, in order, into runs whose payload JSON stays within `max_bytes` each.

    An operation too big to fit any bundle alone raises ValueError."""
    ops = list(operations)
    runs: list[list[Operation]] = []
    start = 0
    for count in split_sized([len(canonical_bytes(op.to_json())) for op in ops], max_bytes):
        runs.append(ops[start : start + count])
        start += count
    return runs


def split_sized(sizes: Iterable[int], max_bytes: int = MAX_BUNDLE_PLAINTEXT) -> list[int]:
    """Where to cut items of these JSON sizes so each run's payload fits: the run lengths."""
    budget = max_bytes - _ENVELOPE_RESERVE
    runs: list[int] = []
    count = used = 0
    for size in sizes:
        room = size + 1  # the separating comma
        if room > budget:
            raise ValueError("an operation is larger than a whole bundle")
        if count and used + room > budget:
            runs.append(count)
            count = used = 0
        count += 1
        used += room
    if count:
        runs.append(count)
    return runs
