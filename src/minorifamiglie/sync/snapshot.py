"""Sync snapshots, format v1: a new member's starting point, in signed, encrypted parts.

The coordinator writes one for each new member: every operation it holds, of any device, cut
into parts, each encrypted to the new member alone and signed by the coordinator. The byte layout
is specified in docs/bundle-format.md ("Snapshots"); the container is sync/container.py's (magic
SNAPSHOT_MAGIC), the operations sync/operations.py's; here are the header and payload of a part.
Writing and reading them is services/snapshot.py's."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync.container import (
    FORMAT_VERSION,
    HEX64,
    MAX_BUNDLE_PLAINTEXT,
    MAX_PLAINTEXT,
    MAX_SEQUENCE,
    SNAPSHOT_MAGIC,
    BundleError,
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
    SNAPSHOT_DECODER,
    GcPaused,
    Operation,
    operations_of,
    payload_joined,
    raw_operations,
)

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
# How many parts a snapshot may have: as many as its file names' four digits count (sync/share.py;
# a part beyond would never be listed). Each holds up to MAX_BUNDLE_PLAINTEXT of operations, so
# this is some eighty gigabytes, far beyond any team's history. A signed header counting more
# (a tampered coordinator's laptop) is refused rather than waited for.
MAX_PARTS = 9_999


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
            ids = {k: parse_uuid(value[k]) for k in ("team_id", "device_id", "for_device")}
        except ValueError:
            raise bad("invalid id") from None
        for key in ("part", "parts", "op_count", "payload_size", "plaintext_size"):
            if not is_int(value[key]) or value[key] < 0:
                raise bad(f"invalid {key}")
        if not 1 <= value["part"] <= value["parts"] <= MAX_PARTS:
            raise bad("invalid part")
        covers: dict[uuid.UUID, tuple[int, str]] = {}
        raw = value["covers"]
        if not isinstance(raw, dict):
            raise bad("invalid covers")
        for device, item in raw.items():
            try:
                dev = parse_uuid(device)
            except ValueError:
                raise bad("invalid covers") from None
            if (
                not isinstance(item, dict)
                or set(item) != {"sequence", "hash"}
                or not is_int(item["sequence"])
                or not 1 <= item["sequence"] <= MAX_SEQUENCE
                or not isinstance(item["hash"], str)
                or not HEX64.fullmatch(item["hash"])
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
    compressed, ciphertext = compress_encrypt(plaintext, x25519_recipients([recipient]))
    full = dataclasses.replace(
        header,
        op_count=len(operations),
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return frame(SNAPSHOT_MAGIC, canonical_bytes(full.to_json()), ciphertext, signing_key)


def encode_snapshot_raw(
    header: SnapshotHeader,
    operations_json: Sequence[bytes],
    recipient: str,
    signing_key: Ed25519PrivateKey,
) -> bytes:
    """`encode_snapshot` for operations already serialised as canonical JSON objects (the
    coordinator's change log, validated when each operation was written or received): the
    payload is joined, not rebuilt."""
    plaintext = payload_joined(
        {
            "for_device": str(header.for_device),
            "part": header.part,
            "team_id": str(header.team_id),
        },
        operations_json,
    )
    if len(plaintext) > MAX_BUNDLE_PLAINTEXT:
        raise ValueError("too many operations for one part: split them")
    compressed, ciphertext = compress_encrypt(plaintext, x25519_recipients([recipient]))
    full = dataclasses.replace(
        header,
        op_count=len(operations_json),
        payload_size=len(compressed),
        plaintext_size=len(plaintext),
    )
    return frame(SNAPSHOT_MAGIC, canonical_bytes(full.to_json()), ciphertext, signing_key)


def read_snapshot(
    source: Path | bytes,
    coordinator: tuple[uuid.UUID, Ed25519PublicKey],
    identity: str | pyrage.x25519.Identity,
    *,
    team_id: uuid.UUID,
    for_device: uuid.UUID,
) -> tuple[SnapshotHeader, list[Operation]]:
    """Verify (the coordinator's signature, before decrypting), decrypt and validate a part."""
    data = read_source(source, MAX_PLAINTEXT)
    sections = split_sections(data, SNAPSHOT_MAGIC)
    header = SnapshotHeader.from_json(header_json(sections))
    if header.team_id != team_id:
        raise BundleError("wrong_team")
    if header.device_id != coordinator[0] or header.for_device != for_device:
        raise BundleError("signer_unknown")
    verify_signature(coordinator[1], sections)
    plaintext = open_payload(sections, header, identity, MAX_PLAINTEXT)
    fast = _fast_snapshot(plaintext, header)
    return header, _strict_snapshot_operations(plaintext, header) if fast is None else fast


def _fast_snapshot(plaintext: bytes, header: SnapshotHeader) -> list[Operation] | None:
    """The snapshot part's operations when its payload is plainly valid, else None."""
    with GcPaused():
        try:
            wire = SNAPSHOT_DECODER.decode(plaintext)
        except (msgspec.DecodeError, RecursionError):
            return None
        if (
            wire.team_id != str(header.team_id)
            or wire.for_device != str(header.for_device)
            or wire.part != header.part
            or len(wire.operations) != header.op_count
        ):
            return None
        return operations_of(wire.operations, None)


def _strict_snapshot_operations(plaintext: bytes, header: SnapshotHeader) -> list[Operation]:
    """A part's operations or the refusal that names what is wrong (the stdlib parser)."""
    payload = payload_json(plaintext, SNAPSHOT_PAYLOAD_KEYS)
    if (
        payload["team_id"] != str(header.team_id)
        or payload["for_device"] != str(header.for_device)
        or payload["part"] != header.part
    ):
        raise BundleError("header_payload_mismatch")
    return raw_operations(payload, header.op_count)
