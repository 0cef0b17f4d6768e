"""Sync bundles, format v1: a device's signed, age-encrypted, zstd-compressed batch of operations.

The byte layout is specified in docs/bundle-format.md; keep the two in step. The container
(framing, signature, encryption, compression, size caps) is sync/container.py's, the operations
sync/operations.py's; here are what a bundle adds, its header and payload. Writing is temp file +
fsync + rename and a bundle is never modified afterwards. Reading is paranoid: it verifies the
Ed25519 signature before decrypting anything, decrypts fully in memory, caps the decompressed size
before allocating it (docs/architecture.md §13), and checks every operation before returning any.
A refusal is a `BundleError` (sync/container.py)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minorifamiglie import portable
from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync.container import (
    FORMAT_VERSION,
    HEX64,
    MAGIC,
    MAX_BUNDLE_PLAINTEXT,
    MAX_INT,
    MAX_PLAINTEXT,
    MAX_SEQUENCE,
    BundleError,
    Sections,
    compress_encrypt,
    frame,
    header_json,
    is_int,
    open_payload,
    parse_uuid,
    payload_json,
    read_source,
    split_sections,
    verify_signature,
    x25519_recipients,
)
from minorifamiglie.sync.operations import (
    GcPaused,
    Operation,
    bundle_decoder,
    operations_of,
    payload_joined,
    raw_operations,
)

FIRST_PREV_HASH = "0" * 64
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
        if value["format"] != FORMAT_VERSION or not is_int(value["format"]):
            raise BundleError("unsupported_version", "header format")
        ids: dict[str, uuid.UUID] = {}
        for key in ("team_id", "device_id"):
            try:
                ids[key] = parse_uuid(value[key])
            except ValueError:
                raise bad(f"invalid {key}") from None
        for key in ("sequence", "op_count", "payload_size", "plaintext_size"):
            if not is_int(value[key]) or not 0 <= value[key] <= MAX_INT:
                raise bad(f"invalid {key}")
        if not 1 <= value["sequence"] <= MAX_SEQUENCE:
            raise bad("invalid sequence")
        prev = value["prev_hash"]
        if not isinstance(prev, str) or not HEX64.fullmatch(prev):
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


def encode_bundle(
    fields: BundleFields,
    operations: Sequence[Operation],
    recipients: Sequence[str],
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """The bytes of a bundle file (docs/bundle-format.md). Refuses (ValueError) what a reader
    would refuse, so a device never publishes a bundle others cannot apply."""
    if not is_int(fields.sequence) or not 1 <= fields.sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence from 1 to {MAX_SEQUENCE}")
    if not HEX64.fullmatch(fields.prev_hash):
        raise ValueError("prev_hash is 64 lowercase hex digits")
    for index, op in enumerate(operations):
        if op.device_id != fields.device_id:
            raise ValueError(f"operation {index} comes from another device")
        Operation.from_json(json.loads(canonical_bytes(op.to_json())), index)
    age_recipients = x25519_recipients(recipients)
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
    if not is_int(fields.sequence) or not 1 <= fields.sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence from 1 to {MAX_SEQUENCE}")
    if not HEX64.fullmatch(fields.prev_hash):
        raise ValueError("prev_hash is 64 lowercase hex digits")
    age_recipients = x25519_recipients(recipients)
    plaintext = payload_joined(
        {
            "device_id": str(fields.device_id),
            "sequence": fields.sequence,
            "team_id": str(fields.team_id),
        },
        operations_json,
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
    compressed, ciphertext = compress_encrypt(plaintext, age_recipients)
    header = BundleHeader(
        team_id=fields.team_id,
        device_id=fields.device_id,
        sequence=fields.sequence,
        prev_hash=fields.prev_hash,
        op_count=op_count,
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return frame(MAGIC, canonical_bytes(header.to_json()), ciphertext, signing_key)


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
    data = read_source(source, max_plaintext)
    sections, header = _signed_sections(data, trusted_signers, team_id)
    # Signed from here on, yet still checked: a roster member may be compromised.
    plaintext = open_payload(sections, header, identity, max_plaintext)
    return header, _operations(plaintext, header)


def signed_header(
    source: Path | bytes,
    trusted_signers: Mapping[uuid.UUID, Ed25519PublicKey],
    *,
    team_id: uuid.UUID | None = None,
) -> BundleHeader:
    """The header of a bundle whose signature verifies (reading steps 1 to 9), nothing
    decrypted: enough to tell whether a device wrote the file, and which bundle it follows."""
    return _signed_sections(read_source(source, MAX_PLAINTEXT), trusted_signers, team_id)[1]


def _signed_sections(
    data: bytes,
    trusted_signers: Mapping[uuid.UUID, Ed25519PublicKey],
    team_id: uuid.UUID | None,
) -> tuple[Sections, BundleHeader]:
    sections = split_sections(data)
    header = BundleHeader.from_json(header_json(sections))
    if team_id is not None and header.team_id != team_id:
        raise BundleError("wrong_team")
    signer = trusted_signers.get(header.device_id)
    if signer is None:
        raise BundleError("signer_unknown")
    verify_signature(signer, sections)
    return sections, header


def _operations(plaintext: bytes, header: BundleHeader) -> list[Operation]:
    fast = _fast_bundle(plaintext, header)
    return _strict_operations(plaintext, header) if fast is None else fast


def _fast_bundle(plaintext: bytes, header: BundleHeader) -> list[Operation] | None:
    """`_operations` when the payload is plainly valid, else None (see above)."""
    with GcPaused():
        try:
            wire = bundle_decoder(str(header.device_id)).decode(plaintext)
        except (msgspec.DecodeError, RecursionError):
            return None
        if (
            wire.team_id != str(header.team_id)
            or wire.sequence != header.sequence
            or len(wire.operations) != header.op_count
        ):
            return None
        return operations_of(wire.operations, header.device_id)


def _strict_operations(plaintext: bytes, header: BundleHeader) -> list[Operation]:
    """The payload's operations or the refusal that names what is wrong (the stdlib parser)."""
    payload = payload_json(plaintext, PAYLOAD_KEYS)
    if (
        payload["team_id"] != str(header.team_id)
        or payload["device_id"] != str(header.device_id)
        or not is_int(payload["sequence"])
        or payload["sequence"] != header.sequence
    ):
        raise BundleError("header_payload_mismatch")
    operations = raw_operations(payload, header.op_count)
    for index, op in enumerate(operations):
        if op.device_id != header.device_id:
            raise BundleError("operation_device_mismatch", f"operation {index}")
    return operations
