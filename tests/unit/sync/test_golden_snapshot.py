"""The golden snapshot of format v1 (tests/data/snapshot-v1/, made by make_golden_snapshot.py):
read with the current code as expected.json says, its payload the canonical JSON today's writers
produce, readable by the age command-line tool, and refused with a BundleError when any byte of a
part is flipped."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pyrage
import pytest
import zstandard
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from minorifamiglie.domain.canonical import canonical_bytes, canonical_json
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.services.snapshot import stored_operation_json
from minorifamiglie.storage.capture import encode_seen
from minorifamiglie.sync.container import SNAPSHOT_MAGIC, BundleError, file_sha256, split_sections
from minorifamiglie.sync.operations import Operation
from minorifamiglie.sync.snapshot import (
    SnapshotHeader,
    encode_snapshot,
    encode_snapshot_raw,
    read_snapshot,
)

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "snapshot-v1"
EXPECTED: dict[str, Any] = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
PARTS: list[dict[str, Any]] = EXPECTED["parts"]
FIRST = PARTS[0]["header"]
TEAM = uuid.UUID(FIRST["team_id"])
COORDINATOR = uuid.UUID(FIRST["device_id"])
NEW_MEMBER = uuid.UUID(FIRST["for_device"])


def golden_identity() -> str:
    lines = (GOLDEN / "identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def coordinator_key() -> Ed25519PublicKey:
    raw = bytes.fromhex((GOLDEN / "signer-ed25519.pub").read_text(encoding="utf-8").strip())
    return Ed25519PublicKey.from_public_bytes(raw)


def read(data: Path | bytes) -> tuple[SnapshotHeader, list[Operation]]:
    return read_snapshot(
        data,
        (COORDINATOR, coordinator_key()),
        golden_identity(),
        team_id=TEAM,
        for_device=NEW_MEMBER,
    )


def plaintext(data: bytes) -> bytes:
    """A part's decrypted, decompressed payload, opened without the reader (bundle-format.md)."""
    cipher = split_sections(data, SNAPSHOT_MAGIC).ciphertext
    identity = pyrage.x25519.Identity.from_str(golden_identity())
    return zstandard.ZstdDecompressor().decompress(pyrage.decrypt(cipher, [identity]))


def spec_payload(part: dict[str, Any]) -> bytes:
    """The payload docs/bundle-format.md specifies for a part, from expected.json."""
    return canonical_bytes(
        {
            "team_id": part["header"]["team_id"],
            "for_device": part["header"]["for_device"],
            "part": part["header"]["part"],
            "operations": part["operations"],
        }
    )


def ids(part: dict[str, Any]) -> str:
    return str(part["file"])


@pytest.mark.parametrize("part", PARTS, ids=ids)
def test_golden_v1_snapshot_part_reads_with_the_current_code(part: dict[str, Any]) -> None:
    path = GOLDEN / part["file"]
    assert file_sha256(path.read_bytes()) == part["file_sha256"]
    header, ops = read(path)
    assert header.to_json() == part["header"]
    assert [op.to_json() for op in ops] == part["operations"]


def test_golden_v1_snapshot_holds_two_devices_in_two_parts() -> None:
    """What the golden file stands for, so a regenerated folder that lost it shows."""
    assert [p["header"]["part"] for p in PARTS] == [1, 2]
    assert {p["header"]["parts"] for p in PARTS} == {2}
    ops = [op for p in PARTS for op in read(GOLDEN / p["file"])[1]]
    assert {op.device_id for op in ops} == set(read(GOLDEN / PARTS[0]["file"])[0].covers)
    assert {op.device_id for op in ops} != {COORDINATOR}
    assert [op.kind for op in ops] == [OpKind.INSERT, OpKind.UPDATE, OpKind.UPDATE, OpKind.INSERT]
    assert any(op.seen for op in ops)


@pytest.mark.parametrize("part", PARTS, ids=ids)
def test_golden_v1_payload_is_the_canonical_json_todays_writers_produce(
    part: dict[str, Any],
) -> None:
    """Age encryption is randomised, so the bytes cannot repeat: the decrypted payload must,
    from each writer: the coordinator's (the operations' JSON assembled from the change log's
    stored columns, joined), the same from `Operation.to_json`, and the general one."""
    golden = plaintext((GOLDEN / part["file"]).read_bytes())
    assert hashlib.sha256(golden).hexdigest() == part["payload_sha256"]
    assert golden == spec_payload(part)
    header = SnapshotHeader.from_json(part["header"])
    ops = [Operation.from_json(op, i) for i, op in enumerate(part["operations"])]
    recipient = str(pyrage.x25519.Identity.from_str(golden_identity()).to_public())
    signing = Ed25519PrivateKey.generate()
    written = [
        encode_snapshot_raw(header, [logged_json(op) for op in ops], recipient, signing),
        encode_snapshot_raw(
            header, [canonical_bytes(op.to_json()) for op in ops], recipient, signing
        ),
        encode_snapshot(header, ops, recipient, signing),
    ]
    for data in written:
        assert plaintext(data) == golden
        again = SnapshotHeader.from_json(
            json.loads(split_sections(data, SNAPSHOT_MAGIC).header_bytes)
        )
        # The compressed size depends on the zstd library, not on the format.
        assert {**again.to_json(), "payload_size": 0} == {**part["header"], "payload_size": 0}


def logged_json(op: Operation) -> bytes:
    """The operation's JSON as write_snapshot assembles it from the change log's columns (ids as
    32 hex digits, `data` canonical JSON, `seen` as storage.capture encodes it)."""
    return stored_operation_json(
        op.op_id.hex,
        op.device_id.hex,
        op.hlc,
        op.entity,
        op.entity_id.hex,
        op.kind.value,
        canonical_json(op.data),
        None if op.replaces is None else op.replaces.hex,
        encode_seen(op.seen),
    )


AGE = shutil.which("age")


@pytest.mark.skipif(AGE is None, reason="the age command-line tool is not installed")
@pytest.mark.parametrize("part", PARTS, ids=ids)
def test_golden_v1_payload_decrypts_with_the_age_command_line(part: dict[str, Any]) -> None:
    assert AGE is not None
    cipher = split_sections((GOLDEN / part["file"]).read_bytes(), SNAPSHOT_MAGIC).ciphertext
    done = subprocess.run(
        [AGE, "-d", "-i", str(GOLDEN / "identity.txt")],
        input=cipher,
        capture_output=True,
        check=True,
        timeout=30,
    )
    payload = json.loads(zstandard.ZstdDecompressor().decompress(done.stdout))
    assert payload["operations"] == part["operations"]


@pytest.mark.parametrize("part", PARTS, ids=ids)
def test_every_byte_of_a_golden_part_flipped_is_refused(part: dict[str, Any]) -> None:
    data = (GOLDEN / part["file"]).read_bytes()
    accepted = []
    for index in range(len(data)):
        damaged = bytearray(data)
        damaged[index] ^= 0x01
        try:
            read(bytes(damaged))
        except BundleError:
            continue
        accepted.append(index)
    assert accepted == []


def refusal(data: bytes, index: int) -> str:
    damaged = bytearray(data)
    damaged[index] ^= 0x01
    with pytest.raises(BundleError) as info:
        read(bytes(damaged))
    return info.value.reason


def test_a_flipped_byte_is_refused_for_what_it_damages() -> None:
    data = (GOLDEN / PARTS[0]["file"]).read_bytes()
    sections = split_sections(data, SNAPSHOT_MAGIC)
    cipher_at = data.index(sections.ciphertext)
    assert refusal(data, 0) == "bad_magic"
    assert refusal(data, 4) == "unsupported_version"
    # the header's JSON: its first brace
    assert refusal(data, 9) == "header_malformed"
    # the header's signed text, still JSON: its part number ("part":1 becomes "part":0)
    assert refusal(data, data.index(b'"part":1') + len(b'"part":')) == "header_malformed"
    # the signer's id in the header (its last digit) names another device
    signer = f'"device_id":"{COORDINATOR}"'.encode()
    assert refusal(data, data.index(signer) + len(signer) - 2) == "signer_unknown"
    assert refusal(data, cipher_at + len(sections.ciphertext) // 2) == "bad_signature"
    assert refusal(data, len(data) - 1) == "bad_signature"
