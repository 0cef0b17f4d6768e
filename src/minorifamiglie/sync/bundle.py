"""Sync bundles, format v1: signed, age-encrypted, zstd-compressed batches of operations.

The byte layout is specified in docs/bundle-format.md; keep the two in step. Writing is
temp file + fsync + rename and a bundle is never modified afterwards. Reading is paranoid: it
verifies the Ed25519 signature before decrypting anything, decrypts fully in memory, caps the
decompressed size before allocating it (docs/architecture.md §13), and checks every operation before
returning any. A refusal is a `BundleError` whose `reason` is a stable code and whose messages
name no person and no value, only positions and field names."""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import itertools
import json
import re
import struct
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import msgspec
import pyrage
import zstandard
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minorifamiglie import portable
from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.domain.hlc import Timestamp
from minorifamiglie.sync import share
from minorifamiglie.sync.age_header import age_header_ok

MAGIC = b"MFBD"
FORMAT_VERSION = 1
FIRST_PREV_HASH = "0" * 64
# Header integers (sequences, counts, sizes) are stored in SQLite INTEGER columns: 64 bits.
MAX_INT = 2**63 - 1
SIGNATURE_SIZE = 64
# magic, version, header length (u32 big-endian)
_PREFIX = struct.Struct(">4sBI")
_CIPHER_LEN = struct.Struct(">Q")
MAX_HEADER_SIZE = 64 * 1024
# Readers refuse more than this much plaintext; writers stay well below it (pyrage holds the
# GIL, so big bundles freeze the interface: docs/architecture.md §13).
MAX_PLAINTEXT = 64 * 1024 * 1024
MAX_BUNDLE_PLAINTEXT = 8 * 1024 * 1024
# Bounds the decoder's window memory whatever the frame asks for; the writer's level uses 2 MiB.
MAX_WINDOW_SIZE = 8 * 1024 * 1024
ZSTD_LEVEL = 3
# Room for the payload envelope around the operations (ids, sequence, keys, brackets).
_ENVELOPE_RESERVE = 256
# age adds a header per recipient and 16 bytes per 64 KiB chunk; bound the file before reading it.
_FILE_SLACK = 1024 * 1024
# The largest bundle or snapshot file a reader opens: checked from its size, before reading.
MAX_FILE = MAX_PLAINTEXT + _FILE_SLACK

HEADER_KEYS = frozenset(
    {
        "format",
        "team_id",
        "device_id",
        "sequence",
        "prev_hash",
        "op_count",
        "payload_size",
        "plaintext_size",
    }
)
PAYLOAD_KEYS = frozenset({"team_id", "device_id", "sequence", "operations"})
OPERATION_KEYS = frozenset(
    {"op_id", "device_id", "hlc", "entity", "entity_id", "kind", "data", "replaces"}
)
# Written by every writer; a reader takes its absence (the first v1 files) as an empty list.
OPTIONAL_OPERATION_KEYS = frozenset({"seen"})
_ALL_OPERATION_KEYS = OPERATION_KEYS | OPTIONAL_OPERATION_KEYS
MAX_SEEN = 256
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ENTITY = re.compile(r"[a-z][a-z0-9_]{0,39}")

# reason -> (English, Italian). Stable codes: the sync history and the GUI show them.
REASONS: dict[str, tuple[str, str]] = {
    "bad_magic": ("not a bundle file", "non è un file di sincronizzazione"),
    "unsupported_version": (
        "bundle format version not supported",
        "versione del formato non supportata",
    ),
    "truncated": ("bundle file is truncated", "file di sincronizzazione troncato"),
    "trailing_data": (
        "unexpected data after the signature",
        "dati inattesi dopo la firma",
    ),
    "header_malformed": ("bundle header is malformed", "intestazione non valida"),
    "wrong_team": ("bundle belongs to another team", "il file appartiene a un'altra équipe"),
    "signer_unknown": (
        "bundle signed by a device not in the team",
        "firmato da un dispositivo che non fa parte dell'équipe",
    ),
    "bad_signature": ("bundle signature is invalid", "firma non valida"),
    "too_large": (
        "bundle content exceeds the size limit",
        "il contenuto supera la dimensione massima",
    ),
    "not_decryptable": (
        "bundle cannot be decrypted by this device",
        "questo dispositivo non può decifrare il file",
    ),
    "payload_malformed": ("bundle content is malformed", "contenuto non valido"),
    "header_payload_mismatch": (
        "bundle header and content disagree",
        "intestazione e contenuto non corrispondono",
    ),
    "op_count_mismatch": (
        "bundle holds a different number of operations than declared",
        "il numero di operazioni non corrisponde a quello dichiarato",
    ),
    "operation_malformed": ("an operation is malformed", "un'operazione non è valida"),
    "operation_device_mismatch": (
        "an operation comes from another device than the bundle",
        "un'operazione proviene da un dispositivo diverso da quello del file",
    ),
}


class BundleError(Exception):
    """A bundle refused: `reason` is a code of REASONS; `detail` names positions and fields only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown bundle refusal reason {reason!r}")
        self.reason = reason
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        en, it = REASONS[self.reason]
        text = it if lang == "it" else en
        return f"{text} ({self.detail})" if self.detail else text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CANONICAL_HLC = re.compile(r"[0-9]{15}:[0-9]{6}:([0-9a-f]{32})")
_KINDS = {k.value: k for k in OpKind}


def _parse_uuid(value: object) -> uuid.UUID:
    """Only the canonical lowercase hyphenated form, so every device spells an id the same."""
    if not isinstance(value, str) or not _CANONICAL_UUID.fullmatch(value):
        raise ValueError("not a canonical UUID")
    return _uuid_of(value)


_new_uuid = object.__new__
_set_attr = object.__setattr__
_UNKNOWN_SAFETY = uuid.SafeUUID.unknown


@functools.lru_cache(maxsize=8192)
def _uuid_of(text: str) -> uuid.UUID:
    """The UUID of a text already matched against `_CANONICAL_UUID` (so its 32 hex digits need
    no second check): built as `uuid.UUID` builds itself, without re-parsing the text. A bundle
    names the same device and records many times, hence the cache."""
    value = _new_uuid(uuid.UUID)
    _set_attr(value, "int", int(text.replace("-", ""), 16))
    _set_attr(value, "is_safe", _UNKNOWN_SAFETY)
    return value


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
        seen = tuple(_parse_uuid(v) for v in raw)
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
                ids[key] = _parse_uuid(value[key])
            except ValueError:
                raise bad(f"invalid {key}") from None
        replaces: uuid.UUID | None = None
        if value["replaces"] is not None:
            try:
                replaces = _parse_uuid(value["replaces"])
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
# (`_operations_of`). That path only ever accepts what the strict one below it (stdlib `json` +
# `Operation.from_json`) accepts, with equal results: msgspec refuses what the stdlib parser
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


_SNAPSHOT_DECODER = msgspec.json.Decoder(_WireSnapshot)


@functools.lru_cache(maxsize=64)
def _bundle_decoder(device: str) -> msgspec.json.Decoder[Any]:
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


class _GcPaused:
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


def _operations_of(wire: list[Any], device: uuid.UUID | None) -> list[Operation] | None:
    """The operations, when every one passes `Operation.from_json`; None when any might not, for
    the strict path to decide. `device`: a bundle's, which the decoder has already compared
    with every operation's (`_bundle_decoder`); None for a snapshot's operations of any device.
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


def _fast_bundle(plaintext: bytes, header: BundleHeader) -> list[Operation] | None:
    """`_operations` when the payload is plainly valid, else None (see above)."""
    with _GcPaused():
        try:
            wire = _bundle_decoder(str(header.device_id)).decode(plaintext)
        except (msgspec.DecodeError, RecursionError):
            return None
        if (
            wire.team_id != str(header.team_id)
            or wire.sequence != header.sequence
            or len(wire.operations) != header.op_count
        ):
            return None
        return _operations_of(wire.operations, header.device_id)


def _fast_snapshot(plaintext: bytes, header: SnapshotHeader) -> list[Operation] | None:
    """The snapshot part's operations when its payload is plainly valid, else None."""
    with _GcPaused():
        try:
            wire = _SNAPSHOT_DECODER.decode(plaintext)
        except (msgspec.DecodeError, RecursionError):
            return None
        if (
            wire.team_id != str(header.team_id)
            or wire.for_device != str(header.for_device)
            or wire.part != header.part
            or len(wire.operations) != header.op_count
        ):
            return None
        return _operations_of(wire.operations, None)


@dataclass(frozen=True, slots=True)
class BundleFields:
    """What the writer chooses; the counts and sizes of the header are computed."""

    team_id: uuid.UUID
    device_id: uuid.UUID
    sequence: int
    prev_hash: str = FIRST_PREV_HASH


@dataclass(frozen=True, slots=True)
class BundleHeader:
    """The plain (signed, not encrypted) header of a bundle."""

    team_id: uuid.UUID
    device_id: uuid.UUID
    sequence: int
    prev_hash: str
    op_count: int
    payload_size: int  # bytes of the zstd frame, before encryption
    plaintext_size: int  # bytes of the payload JSON, before compression
    format: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "team_id": str(self.team_id),
            "device_id": str(self.device_id),
            "sequence": self.sequence,
            "prev_hash": self.prev_hash,
            "op_count": self.op_count,
            "payload_size": self.payload_size,
            "plaintext_size": self.plaintext_size,
        }

    @classmethod
    def from_json(cls, value: object) -> BundleHeader:
        def bad(what: str) -> BundleError:
            return BundleError("header_malformed", what)

        if not isinstance(value, dict):
            raise bad("not an object")
        if set(value) != HEADER_KEYS:
            raise bad("unexpected or missing fields")
        if value["format"] != FORMAT_VERSION or not _is_int(value["format"]):
            raise BundleError("unsupported_version", "header format")
        ids: dict[str, uuid.UUID] = {}
        for key in ("team_id", "device_id"):
            try:
                ids[key] = _parse_uuid(value[key])
            except ValueError:
                raise bad(f"invalid {key}") from None
        for key in ("sequence", "op_count", "payload_size", "plaintext_size"):
            if not _is_int(value[key]) or not 0 <= value[key] <= MAX_INT:
                raise bad(f"invalid {key}")
        if value["sequence"] < 1:
            raise bad("invalid sequence")
        prev = value["prev_hash"]
        if not isinstance(prev, str) or not _HEX64.fullmatch(prev):
            raise bad("invalid prev_hash")
        return cls(
            team_id=ids["team_id"],
            device_id=ids["device_id"],
            sequence=value["sequence"],
            prev_hash=prev,
            op_count=value["op_count"],
            payload_size=value["payload_size"],
            plaintext_size=value["plaintext_size"],
        )


def _payload(fields: BundleFields, operations: Sequence[Operation]) -> dict[str, Any]:
    return {
        "team_id": str(fields.team_id),
        "device_id": str(fields.device_id),
        "sequence": fields.sequence,
        "operations": [op.to_json() for op in operations],
    }


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


def _x25519_recipients(recipients: Sequence[str]) -> list[pyrage.x25519.Recipient]:
    if not recipients:
        raise ValueError("a bundle needs at least one recipient")
    parsed = []
    for text in recipients:
        # X25519 only: age forbids mixing in a passphrase recipient (docs/architecture.md §13).
        if not isinstance(text, str) or not text.startswith("age1"):
            raise ValueError("recipients must be age X25519 public keys")
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(text))
        except pyrage.RecipientError:
            raise ValueError("recipients must be age X25519 public keys") from None
    return parsed


def encode_bundle(
    fields: BundleFields,
    operations: Sequence[Operation],
    recipients: Sequence[str],
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """The bytes of a bundle file (docs/bundle-format.md). Refuses (ValueError) what a reader
    would refuse, so a device never publishes a bundle others cannot apply."""
    if not _is_int(fields.sequence) or fields.sequence < 1:
        raise ValueError("sequence starts at 1")
    if not _HEX64.fullmatch(fields.prev_hash):
        raise ValueError("prev_hash is 64 lowercase hex digits")
    for index, op in enumerate(operations):
        if op.device_id != fields.device_id:
            raise ValueError(f"operation {index} comes from another device")
        Operation.from_json(json.loads(canonical_bytes(op.to_json())), index)
    age_recipients = _x25519_recipients(recipients)
    plaintext = canonical_bytes(_payload(fields, operations))
    if len(plaintext) > MAX_BUNDLE_PLAINTEXT:
        raise ValueError("too many operations for one bundle: use split_operations")
    return _seal(fields, len(operations), plaintext, age_recipients, signing_key)


def encode_bundle_raw(
    fields: BundleFields,
    operations_json: Sequence[bytes],
    recipients: Sequence[str],
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """`encode_bundle` for operations already serialised as canonical JSON objects (the
    writer's own change log, which was validated when it was written): the payload is joined,
    not rebuilt, so packing costs little more than compression and encryption."""
    if not _is_int(fields.sequence) or fields.sequence < 1:
        raise ValueError("sequence starts at 1")
    if not _HEX64.fullmatch(fields.prev_hash):
        raise ValueError("prev_hash is 64 lowercase hex digits")
    age_recipients = _x25519_recipients(recipients)
    plaintext = b"".join(
        (
            b'{"device_id":"',
            str(fields.device_id).encode(),
            b'","operations":[',
            b",".join(operations_json),
            b'],"sequence":',
            str(fields.sequence).encode(),
            b',"team_id":"',
            str(fields.team_id).encode(),
            b'"}',
        )
    )
    if len(plaintext) > MAX_BUNDLE_PLAINTEXT:
        raise ValueError("too many operations for one bundle: split them")
    return _seal(fields, len(operations_json), plaintext, age_recipients, signing_key)


def _seal(
    fields: BundleFields,
    op_count: int,
    plaintext: bytes,
    age_recipients: list[pyrage.x25519.Recipient],
    signing_key: Ed25519PrivateKey,
) -> bytes:
    compressed, ciphertext = _compress_encrypt(plaintext, age_recipients)
    header = BundleHeader(
        team_id=fields.team_id,
        device_id=fields.device_id,
        sequence=fields.sequence,
        prev_hash=fields.prev_hash,
        op_count=op_count,
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return _frame(MAGIC, canonical_bytes(header.to_json()), ciphertext, signing_key)


def _compress_encrypt(
    plaintext: bytes, recipients: list[pyrage.x25519.Recipient]
) -> tuple[bytes, bytes]:
    """The zstd frame (its size declared) and its age encryption: (compressed, ciphertext)."""
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True)
    compressed = compressor.compress(plaintext)
    return compressed, pyrage.encrypt(compressed, recipients)


def _frame(magic: bytes, header_bytes: bytes, ciphertext: bytes, key: Ed25519PrivateKey) -> bytes:
    """Prefix, header, ciphertext and the Ed25519 signature over all of them (bundle-format.md)."""
    body = b"".join(
        (
            _PREFIX.pack(magic, FORMAT_VERSION, len(header_bytes)),
            header_bytes,
            _CIPHER_LEN.pack(len(ciphertext)),
            ciphertext,
        )
    )
    return body + key.sign(body)


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


def write_bundle(
    path: Path,
    header_fields: BundleFields,
    operations: Sequence[Operation],
    recipients: Sequence[str],
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """Write the bundle to `path` atomically and return the file's sha256 digest (32 bytes;
    its `.hex()` is the next bundle's prev_hash). An existing file is never replaced."""
    data = encode_bundle(header_fields, operations, recipients, signing_key)
    try:
        portable.write_new(path, data, suffix=".part")
    except FileExistsError:
        raise FileExistsError("bundles are immutable") from None
    return hashlib.sha256(data).digest()


def _read_source(source: Path | bytes, max_plaintext: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    try:
        return share.read_capped(source, max_plaintext + _FILE_SLACK)
    except share.FileTooLarge:
        raise BundleError("too_large", "file") from None


@dataclass(frozen=True, slots=True)
class _Sections:
    header_bytes: bytes
    ciphertext: bytes
    signed: bytes
    signature: bytes


def split_sections(data: bytes, magic: bytes = MAGIC) -> _Sections:
    """Cut a bundle into its sections, checking only the framing (no signature, no crypto)."""
    if len(data) < 4 or data[:4] != magic:
        raise BundleError("bad_magic")
    if len(data) < _PREFIX.size:
        raise BundleError("truncated", "prefix")
    _magic, version, header_len = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        raise BundleError("unsupported_version")
    if header_len > MAX_HEADER_SIZE:
        raise BundleError("header_malformed", "header length")
    pos = _PREFIX.size
    if pos + header_len + _CIPHER_LEN.size > len(data):
        raise BundleError("truncated", "header")
    header_bytes = data[pos : pos + header_len]
    pos += header_len
    (cipher_len,) = _CIPHER_LEN.unpack_from(data, pos)
    pos += _CIPHER_LEN.size
    if pos + cipher_len + SIGNATURE_SIZE > len(data):
        raise BundleError("truncated", "payload or signature")
    ciphertext = data[pos : pos + cipher_len]
    pos += cipher_len
    end = pos + SIGNATURE_SIZE
    if end < len(data):
        raise BundleError("trailing_data")
    return _Sections(header_bytes, ciphertext, data[:pos], data[pos:end])


def _identity(identity: str | pyrage.x25519.Identity) -> pyrage.x25519.Identity:
    if isinstance(identity, str):
        return pyrage.x25519.Identity.from_str(identity.strip())
    return identity


def _decompress(compressed: bytes, header: BundleHeader | SnapshotHeader) -> bytes:
    """Decompress at most header.plaintext_size bytes, whatever the frame declares
    (max_output_size is ignored when the frame carries its size: docs/architecture.md §13)."""
    expected = header.plaintext_size
    try:
        params = zstandard.get_frame_parameters(compressed)
    except zstandard.ZstdError:
        raise BundleError("payload_malformed", "compression frame") from None
    declared = params.content_size
    if declared not in (zstandard.CONTENTSIZE_UNKNOWN, expected):
        raise BundleError("too_large" if declared > expected else "payload_malformed", "frame")
    if params.window_size > MAX_WINDOW_SIZE:
        raise BundleError("payload_malformed", "compression window")
    dctx = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW_SIZE)
    # Asks for one byte more than expected, so a longer content is seen without holding it: a
    # whole frame comes in one read, the next (empty) read proves nothing follows it.
    chunks: list[bytes] = []
    size = 0
    try:
        with dctx.stream_reader(compressed, read_across_frames=True) as reader:
            while chunk := reader.read(expected + 1 - size):
                chunks.append(chunk)
                size += len(chunk)
                if size > expected:
                    raise BundleError("too_large", "decompressed")
    except zstandard.ZstdError:
        raise BundleError("payload_malformed", "compression") from None
    if size != expected:
        raise BundleError("payload_malformed", "decompressed size")
    return b"".join(chunks)


def read_bundle(
    source: Path | bytes,
    trusted_signers: Mapping[uuid.UUID, Ed25519PublicKey],
    identity: str | pyrage.x25519.Identity,
    max_plaintext: int = MAX_PLAINTEXT,
    *,
    team_id: uuid.UUID | None = None,
) -> tuple[BundleHeader, list[Operation]]:
    """Verify, decrypt and validate a bundle, or raise BundleError. Reads only: nothing is
    written, and nothing from the payload is returned unless all of it is valid.

    `trusted_signers` maps the active roster's device ids to their Ed25519 public keys; with
    `team_id`, a bundle of another team is refused too. An unreadable file (a share gone away)
    raises OSError, not BundleError: it is not the bundle's fault."""
    data = _read_source(source, max_plaintext)
    sections, header = _signed_sections(data, trusted_signers, team_id)
    # Signed from here on, yet still checked: a roster member may be compromised.
    plaintext = _open_payload(sections, header, identity, max_plaintext)
    return header, _operations(plaintext, header)


def signed_header(
    source: Path | bytes,
    trusted_signers: Mapping[uuid.UUID, Ed25519PublicKey],
    *,
    team_id: uuid.UUID | None = None,
) -> BundleHeader:
    """The header of a bundle whose signature verifies (reading steps 1 to 9), nothing
    decrypted: enough to tell whether a device wrote the file, and which bundle it follows."""
    return _signed_sections(_read_source(source, MAX_PLAINTEXT), trusted_signers, team_id)[1]


def _signed_sections(
    data: bytes,
    trusted_signers: Mapping[uuid.UUID, Ed25519PublicKey],
    team_id: uuid.UUID | None,
) -> tuple[_Sections, BundleHeader]:
    sections = split_sections(data)
    header = BundleHeader.from_json(_header_json(sections))
    if team_id is not None and header.team_id != team_id:
        raise BundleError("wrong_team")
    signer = trusted_signers.get(header.device_id)
    if signer is None:
        raise BundleError("signer_unknown")
    _verify(signer, sections)
    return sections, header


def _header_json(sections: _Sections) -> object:
    try:
        return json.loads(sections.header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's stack
        raise BundleError("header_malformed", "not JSON") from None


def _verify(key: Ed25519PublicKey, sections: _Sections) -> None:
    try:
        key.verify(sections.signature, sections.signed)
    except InvalidSignature:
        raise BundleError("bad_signature") from None


def _open_payload(
    sections: _Sections,
    header: BundleHeader | SnapshotHeader,
    identity: str | pyrage.x25519.Identity,
    max_plaintext: int,
) -> bytes:
    """Decrypt in memory and decompress within the declared, capped size."""
    if header.plaintext_size > max_plaintext:
        raise BundleError("too_large", "declared")
    if not age_header_ok(sections.ciphertext):
        raise BundleError("not_decryptable", "age header")
    try:
        compressed = pyrage.decrypt(sections.ciphertext, [_identity(identity)])
    except pyrage.DecryptError:
        raise BundleError("not_decryptable") from None
    if len(compressed) != header.payload_size:
        raise BundleError("payload_malformed", "compressed size")
    return _decompress(compressed, header)


def _payload_json(plaintext: bytes, keys: frozenset[str]) -> dict[str, Any]:
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's stack
        raise BundleError("payload_malformed", "not JSON") from None
    if not isinstance(payload, dict) or set(payload) != keys:
        raise BundleError("payload_malformed", "unexpected or missing fields")
    return payload


def _raw_operations(payload: dict[str, Any], op_count: int) -> list[Operation]:
    raw_ops = payload["operations"]
    if not isinstance(raw_ops, list):
        raise BundleError("payload_malformed", "operations")
    if len(raw_ops) != op_count:
        raise BundleError("op_count_mismatch")
    return [Operation.from_json(raw, index) for index, raw in enumerate(raw_ops)]


def _operations(plaintext: bytes, header: BundleHeader) -> list[Operation]:
    fast = _fast_bundle(plaintext, header)
    return _strict_operations(plaintext, header) if fast is None else fast


def _strict_operations(plaintext: bytes, header: BundleHeader) -> list[Operation]:
    """The payload's operations or the refusal that names what is wrong (the stdlib parser)."""
    payload = _payload_json(plaintext, PAYLOAD_KEYS)
    if (
        payload["team_id"] != str(header.team_id)
        or payload["device_id"] != str(header.device_id)
        or not _is_int(payload["sequence"])
        or payload["sequence"] != header.sequence
    ):
        raise BundleError("header_payload_mismatch")
    operations = _raw_operations(payload, header.op_count)
    for index, op in enumerate(operations):
        if op.device_id != header.device_id:
            raise BundleError("operation_device_mismatch", f"operation {index}")
    return operations


def file_sha256(data: bytes) -> str:
    """The hex sha256 of a bundle file's bytes: the next bundle's prev_hash."""
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------ snapshots

SNAPSHOT_MAGIC = b"MFSN"
SNAPSHOT_HEADER_KEYS = frozenset(
    {
        "format",
        "team_id",
        "device_id",
        "for_device",
        "part",
        "parts",
        "covers",
        "op_count",
        "payload_size",
        "plaintext_size",
    }
)
SNAPSHOT_PAYLOAD_KEYS = frozenset({"team_id", "for_device", "part", "operations"})


@dataclass(frozen=True, slots=True)
class SnapshotHeader:
    """A new member's starting point, written by the coordinator (docs/bundle-format.md).

    `covers` maps each device to the last bundle (sequence, sha256) whose operations the
    snapshot holds, so the new member continues every device's chain from there."""

    team_id: uuid.UUID
    device_id: uuid.UUID  # the coordinator, who signs
    for_device: uuid.UUID
    part: int
    parts: int
    covers: dict[uuid.UUID, tuple[int, str]]
    op_count: int
    payload_size: int
    plaintext_size: int
    format: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "team_id": str(self.team_id),
            "device_id": str(self.device_id),
            "for_device": str(self.for_device),
            "part": self.part,
            "parts": self.parts,
            "covers": {str(d): {"sequence": seq, "hash": h} for d, (seq, h) in self.covers.items()},
            "op_count": self.op_count,
            "payload_size": self.payload_size,
            "plaintext_size": self.plaintext_size,
        }

    @classmethod
    def from_json(cls, value: object) -> SnapshotHeader:
        def bad(what: str) -> BundleError:
            return BundleError("header_malformed", what)

        if not isinstance(value, dict) or set(value) != SNAPSHOT_HEADER_KEYS:
            raise bad("unexpected or missing fields")
        if value["format"] != FORMAT_VERSION:
            raise BundleError("unsupported_version", "header format")
        try:
            ids = {k: _parse_uuid(value[k]) for k in ("team_id", "device_id", "for_device")}
        except ValueError:
            raise bad("invalid id") from None
        for key in ("part", "parts", "op_count", "payload_size", "plaintext_size"):
            if not _is_int(value[key]) or value[key] < 0:
                raise bad(f"invalid {key}")
        if not 1 <= value["part"] <= value["parts"]:
            raise bad("invalid part")
        covers: dict[uuid.UUID, tuple[int, str]] = {}
        raw = value["covers"]
        if not isinstance(raw, dict):
            raise bad("invalid covers")
        for device, item in raw.items():
            try:
                dev = _parse_uuid(device)
            except ValueError:
                raise bad("invalid covers") from None
            if (
                not isinstance(item, dict)
                or set(item) != {"sequence", "hash"}
                or not _is_int(item["sequence"])
                or not 1 <= item["sequence"] <= MAX_INT
                or not isinstance(item["hash"], str)
                or not _HEX64.fullmatch(item["hash"])
            ):
                raise bad("invalid covers")
            covers[dev] = (item["sequence"], item["hash"])
        return cls(
            team_id=ids["team_id"],
            device_id=ids["device_id"],
            for_device=ids["for_device"],
            part=value["part"],
            parts=value["parts"],
            covers=covers,
            op_count=value["op_count"],
            payload_size=value["payload_size"],
            plaintext_size=value["plaintext_size"],
        )


def encode_snapshot(
    header: SnapshotHeader,
    operations: Sequence[Operation],
    recipient: str,
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """One part of a snapshot: operations of any device, encrypted to the new member only."""
    for index, op in enumerate(operations):
        Operation.from_json(json.loads(canonical_bytes(op.to_json())), index)
    payload = {
        "team_id": str(header.team_id),
        "for_device": str(header.for_device),
        "part": header.part,
        "operations": [op.to_json() for op in operations],
    }
    plaintext = canonical_bytes(payload)
    if len(plaintext) > MAX_BUNDLE_PLAINTEXT:
        raise ValueError("too many operations for one part: use split_operations")
    compressed, ciphertext = _compress_encrypt(plaintext, _x25519_recipients([recipient]))
    full = dataclasses.replace(
        header,
        op_count=len(operations),
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return _frame(SNAPSHOT_MAGIC, canonical_bytes(full.to_json()), ciphertext, signing_key)


def encode_snapshot_raw(
    header: SnapshotHeader,
    operations_json: Sequence[bytes],
    recipient: str,
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """`encode_snapshot` for operations already serialised as canonical JSON objects (the
    coordinator's change log, validated when each operation was written or received): the
    payload is joined, not rebuilt."""
    plaintext = b"".join(
        (
            b'{"for_device":"',
            str(header.for_device).encode(),
            b'","operations":[',
            b",".join(operations_json),
            b'],"part":',
            str(header.part).encode(),
            b',"team_id":"',
            str(header.team_id).encode(),
            b'"}',
        )
    )
    if len(plaintext) > MAX_BUNDLE_PLAINTEXT:
        raise ValueError("too many operations for one part: split them")
    compressed, ciphertext = _compress_encrypt(plaintext, _x25519_recipients([recipient]))
    full = dataclasses.replace(
        header,
        op_count=len(operations_json),
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return _frame(SNAPSHOT_MAGIC, canonical_bytes(full.to_json()), ciphertext, signing_key)


def read_snapshot(
    source: Path | bytes,
    coordinator: tuple[uuid.UUID, Ed25519PublicKey],
    identity: str | pyrage.x25519.Identity,
    *,
    team_id: uuid.UUID,
    for_device: uuid.UUID,
) -> tuple[SnapshotHeader, list[Operation]]:
    """Verify (the coordinator's signature, before decrypting), decrypt and validate a part."""
    data = _read_source(source, MAX_PLAINTEXT)
    sections = split_sections(data, SNAPSHOT_MAGIC)
    header = SnapshotHeader.from_json(_header_json(sections))
    if header.team_id != team_id:
        raise BundleError("wrong_team")
    if header.device_id != coordinator[0] or header.for_device != for_device:
        raise BundleError("signer_unknown")
    _verify(coordinator[1], sections)
    plaintext = _open_payload(sections, header, identity, MAX_PLAINTEXT)
    fast = _fast_snapshot(plaintext, header)
    return header, _strict_snapshot_operations(plaintext, header) if fast is None else fast


def _strict_snapshot_operations(plaintext: bytes, header: SnapshotHeader) -> list[Operation]:
    """A part's operations or the refusal that names what is wrong (the stdlib parser)."""
    payload = _payload_json(plaintext, SNAPSHOT_PAYLOAD_KEYS)
    if (
        payload["team_id"] != str(header.team_id)
        or payload["for_device"] != str(header.for_device)
        or payload["part"] != header.part
    ):
        raise BundleError("header_payload_mismatch")
    return _raw_operations(payload, header.op_count)
