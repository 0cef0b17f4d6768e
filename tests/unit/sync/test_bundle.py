"""Sync bundles v1: round trip, one test per refusal reason, the zstd bomb, truncation at every
byte, interoperability with the age command-line tool, and the golden v1 bundle."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import msgspec
import pyrage
import pytest
import zstandard
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.sync.bundle import (
    FIRST_PREV_HASH,
    BundleFields,
    BundleHeader,
    encode_bundle,
    read_bundle,
    write_bundle,
)
from minorifamiglie.sync.container import (
    MAGIC,
    MAX_BUNDLE_PLAINTEXT,
    MAX_SEQUENCE,
    REASONS,
    BundleError,
    file_sha256,
    split_sections,
)
from minorifamiglie.sync.operations import Operation, split_operations

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "bundle-v1"
TEAM = uuid.UUID("0195f0a0-0000-7000-8000-0000000000aa")
DEVICE = uuid.UUID("0195f0a0-0000-7000-8000-0000000000d1")
OTHER_DEVICE = uuid.UUID("0195f0a0-0000-7000-8000-0000000000d2")


@dataclass(frozen=True)
class Keys:
    identity: pyrage.x25519.Identity
    signing: Ed25519PrivateKey

    @property
    def recipient(self) -> str:
        return str(self.identity.to_public())

    @property
    def secret(self) -> str:
        return str(self.identity)

    def signers(self, device: uuid.UUID = DEVICE) -> dict[uuid.UUID, Ed25519PublicKey]:
        return {device: self.signing.public_key()}


KEYS = Keys(pyrage.x25519.Identity.generate(), Ed25519PrivateKey.generate())


def hlc(device: uuid.UUID, wall_ms: int = 1_795_000_000_000, counter: int = 0) -> str:
    return f"{wall_ms:015d}:{counter:06d}:{device.hex}"


def make_op(i: int = 0, device: uuid.UUID = DEVICE, **changes: Any) -> Operation:
    op = Operation(
        op_id=uuid.UUID(int=(1 << 120) + i),
        device_id=device,
        hlc=hlc(device, counter=i),
        entity="cases",
        entity_id=uuid.UUID(int=(2 << 120) + i),
        kind=OpKind.UPDATE,
        data={"summary": f"testo di prova {i}"},
        replaces=None,
    )
    return msgspec.structs.replace(op, **changes)


FIELDS = BundleFields(team_id=TEAM, device_id=DEVICE, sequence=1)


def good_bundle(ops: list[Operation] | None = None, fields: BundleFields = FIELDS) -> bytes:
    ops = [make_op(i) for i in range(3)] if ops is None else ops
    return encode_bundle(fields, ops, [KEYS.recipient], KEYS.signing)


def read(data: bytes, **kwargs: Any) -> tuple[BundleHeader, list[Operation]]:
    kwargs.setdefault("trusted_signers", KEYS.signers())
    kwargs.setdefault("identity", KEYS.secret)
    return read_bundle(data, **kwargs)


def refused(data: bytes, **kwargs: Any) -> str:
    with pytest.raises(BundleError) as info:
        read(data, **kwargs)
    return info.value.reason


# An independent writer following docs/bundle-format.md, so tests can sign damaged content.
def assemble(
    header: dict[str, Any] | bytes,
    compressed: bytes,
    *,
    signing: Ed25519PrivateKey = KEYS.signing,
    recipients: list[str] | None = None,
    version: int = 1,
) -> bytes:
    header_bytes = header if isinstance(header, bytes) else canonical_bytes(header)
    ciphertext: bytes = pyrage.encrypt(
        compressed,
        [pyrage.x25519.Recipient.from_str(r) for r in (recipients or [KEYS.recipient])],
    )
    body = (
        MAGIC
        + bytes([version])
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(ciphertext))
        + ciphertext
    )
    return body + signing.sign(body)


def payload_of(
    ops: list[dict[str, Any]], team: uuid.UUID = TEAM, device: uuid.UUID = DEVICE, sequence: int = 1
) -> dict[str, Any]:
    return {
        "team_id": str(team),
        "device_id": str(device),
        "sequence": sequence,
        "operations": ops,
    }


def header_for(
    plaintext: bytes, compressed: bytes, op_count: int, **changes: Any
) -> dict[str, Any]:
    header = {
        "format": 1,
        "team_id": str(TEAM),
        "device_id": str(DEVICE),
        "sequence": 1,
        "prev_hash": FIRST_PREV_HASH,
        "op_count": op_count,
        "payload_size": len(compressed),
        "plaintext_size": len(plaintext),
    }
    header.update(changes)
    return header


def forge(
    payload: dict[str, Any], header_changes: dict[str, Any] | None = None, **kwargs: Any
) -> bytes:
    """A correctly signed and encrypted bundle around any payload."""
    plaintext = canonical_bytes(payload)
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    ops = payload.get("operations")
    count = len(ops) if isinstance(ops, list) else 0
    header = header_for(plaintext, compressed, count)
    header.update(header_changes or {})
    return assemble(header, compressed, **kwargs)


def ops_json(n: int = 2) -> list[dict[str, Any]]:
    return [make_op(i).to_json() for i in range(n)]


# ---------------------------------------------------------------- round trip


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    return Operation(
        op_id=draw(st.uuids()),
        device_id=DEVICE,
        hlc=hlc(
            DEVICE,
            draw(st.integers(0, 10**15 - 1)),
            draw(st.integers(0, 999_999)),
        ),
        entity=draw(st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)),
        entity_id=draw(st.uuids()),
        kind=draw(st.sampled_from(list(OpKind))),
        data=draw(st.dictionaries(st.text(), json_values, max_size=6)),
        replaces=draw(st.none() | st.uuids()),
    )


@settings(max_examples=40, deadline=None)
@given(
    ops=st.lists(operations(), max_size=12),
    sequence=st.integers(1, MAX_SEQUENCE),
    prev=st.binary(min_size=32, max_size=32),
)
def test_round_trip(ops: list[Operation], sequence: int, prev: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_round_trip(Path(folder), ops, sequence, prev)


def check_round_trip(tmp_path: Path, ops: list[Operation], sequence: int, prev: bytes) -> None:
    fields = BundleFields(team_id=TEAM, device_id=DEVICE, sequence=sequence, prev_hash=prev.hex())
    path = tmp_path / f"{sequence}.mfb"
    digest = write_bundle(path, fields, ops, [KEYS.recipient], KEYS.signing)
    data = path.read_bytes()
    assert digest == hashlib.sha256(data).digest()
    assert file_sha256(data) == digest.hex()
    header, back = read_bundle(path, KEYS.signers(), KEYS.secret)
    assert back == ops
    assert (header.team_id, header.device_id, header.sequence, header.prev_hash) == (
        TEAM,
        DEVICE,
        sequence,
        prev.hex(),
    )
    assert header.op_count == len(ops)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []


def test_several_recipients_each_decrypt() -> None:
    other = pyrage.x25519.Identity.generate()
    data = encode_bundle(
        FIELDS, [make_op()], [KEYS.recipient, str(other.to_public())], KEYS.signing
    )
    assert read(data)[1] == read(data, identity=str(other))[1] == [make_op()]


def test_write_never_replaces_a_bundle(tmp_path: Path) -> None:
    path = tmp_path / "1.mfb"
    write_bundle(path, FIELDS, [make_op()], [KEYS.recipient], KEYS.signing)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        write_bundle(path, FIELDS, [make_op(1)], [KEYS.recipient], KEYS.signing)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("recipients", "ops", "fields"),
    [
        ([], [make_op()], FIELDS),
        (["not-a-key"], [make_op()], FIELDS),
        (["age1notarealkey"], [make_op()], FIELDS),
        ([KEYS.recipient], [make_op(device=OTHER_DEVICE)], FIELDS),
        ([KEYS.recipient], [make_op(hlc="nonsense")], FIELDS),
        ([KEYS.recipient], [make_op()], replace(FIELDS, sequence=MAX_SEQUENCE + 1)),
        ([KEYS.recipient], [make_op()], replace(FIELDS, sequence=0)),
        ([KEYS.recipient], [make_op()], replace(FIELDS, prev_hash="abc")),
    ],
)
def test_writer_refuses_what_readers_would_refuse(
    recipients: list[str], ops: list[Operation], fields: BundleFields
) -> None:
    with pytest.raises((ValueError, BundleError)):
        encode_bundle(fields, ops, recipients, KEYS.signing)


def test_split_operations_keeps_order_and_size() -> None:
    ops = [make_op(i, data={"summary": "x" * 1000}) for i in range(300)]
    runs = split_operations(ops, max_bytes=50_000)
    assert len(runs) > 1
    assert [op for run in runs for op in run] == ops
    for sequence, run in enumerate(runs, start=1):
        fields = replace(FIELDS, sequence=sequence)
        header, back = read(good_bundle(run, fields))
        assert header.plaintext_size <= 50_000
        assert back == run
    assert split_operations([]) == []
    with pytest.raises(ValueError, match="larger"):
        split_operations([make_op(data={"x": "y" * 60_000})], max_bytes=50_000)


def test_writer_refuses_over_8_mib() -> None:
    ops = [make_op(i, data={"x": "y" * 100_000}) for i in range(90)]
    with pytest.raises(ValueError, match="split_operations"):
        good_bundle(ops)
    assert all(
        len(canonical_bytes(payload_of([op.to_json() for op in run]))) <= MAX_BUNDLE_PLAINTEXT
        for run in split_operations(ops)
    )


# ---------------------------------------------------------------- refusals, one per reason


def test_every_reason_has_both_languages() -> None:
    for reason, (en, it) in REASONS.items():
        assert en and it and en != it, reason
    err = BundleError("truncated", "payload")
    assert str(err) == "bundle file is truncated (payload)"
    assert err.message("it") == "file di sincronizzazione troncato (payload)"


def test_bad_magic() -> None:
    data = good_bundle()
    assert refused(b"X" + data[1:]) == "bad_magic"
    assert refused(b"") == "bad_magic"


def test_unknown_format_version() -> None:
    data = good_bundle()
    assert refused(data[:4] + b"\x02" + data[5:]) == "unsupported_version"
    # The header's own "format" must agree, even when signed.
    plaintext = canonical_bytes(payload_of(ops_json()))
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    forged = assemble(header_for(plaintext, compressed, 2, format=2), compressed)
    assert refused(forged) == "unsupported_version"


def test_truncated_at_every_byte_is_refused() -> None:
    data = good_bundle([make_op()])
    for cut in range(len(data)):
        reason = refused(data[:cut])
        assert reason == ("bad_magic" if cut < len(MAGIC) else "truncated"), cut


def test_length_fields_beyond_the_data() -> None:
    data = good_bundle()
    huge_header = data[:5] + struct.pack(">I", 60_000) + data[9:]
    assert refused(huge_header) == "truncated"
    sections = split_sections(data)
    at = 9 + len(sections.header_bytes)
    huge_cipher = data[:at] + struct.pack(">Q", 2**63) + data[at + 8 :]
    assert refused(huge_cipher) == "truncated"


def test_trailing_data() -> None:
    assert refused(good_bundle() + b"\x00") == "trailing_data"


def test_header_malformed() -> None:
    plaintext = canonical_bytes(payload_of(ops_json()))
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    good = header_for(plaintext, compressed, 2)
    variants: list[dict[str, Any] | bytes] = [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        {k: v for k, v in good.items() if k != "prev_hash"},
        {**good, "extra": 1},
        {**good, "sequence": 0},
        {**good, "sequence": "1"},
        {**good, "sequence": 2**70},  # past SQLite's 64-bit INTEGER
        {**good, "sequence": MAX_SEQUENCE + 1},  # past the 8 digits of a file name
        {**good, "payload_size": 2**63},
        b"[" * 30_000 + b"]" * 30_000,  # nested past the parser's stack, within 64 KiB
        {**good, "op_count": -1},
        {**good, "prev_hash": "A" * 64},
        {**good, "device_id": str(DEVICE).upper()},
        {**good, "team_id": "not-a-uuid"},
    ]
    for header in variants:
        assert refused(assemble(header, compressed)) == "header_malformed", header


def test_wrong_team() -> None:
    assert refused(good_bundle(), team_id=uuid.uuid4()) == "wrong_team"
    assert read(good_bundle(), team_id=TEAM)[0].team_id == TEAM


def test_signer_unknown() -> None:
    assert refused(good_bundle(), trusted_signers={}) == "signer_unknown"
    assert refused(good_bundle(), trusted_signers=KEYS.signers(OTHER_DEVICE)) == "signer_unknown"


def test_signature_invalid() -> None:
    data = bytearray(good_bundle())
    for position in (len(data) - 1, len(data) - 100, 20):
        damaged = bytearray(data)
        damaged[position] ^= 0x01
        assert refused(bytes(damaged)) in {"bad_signature", "header_malformed"}, position
    # A byte of the signed header that keeps it valid JSON: sequence 1 -> 3.
    text = bytes(data)
    at = text.index(b'"sequence":1') + len(b'"sequence":')
    assert refused(text[:at] + b"3" + text[at + 1 :]) == "bad_signature"
    # Another device's key signing a bundle claiming to be ours.
    forged = encode_bundle(FIELDS, [make_op()], [KEYS.recipient], Ed25519PrivateKey.generate())
    assert refused(forged) == "bad_signature"


def test_signature_checked_before_decrypting(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(pyrage, "decrypt", lambda *a: calls.append(1))
    data = bytearray(good_bundle())
    data[-1] ^= 0x01
    assert refused(bytes(data)) == "bad_signature"
    assert calls == []


def test_not_decryptable_for_this_identity() -> None:
    stranger = str(pyrage.x25519.Identity.generate())
    assert refused(good_bundle(), identity=stranger) == "not_decryptable"
    # Garbage in place of the age file, correctly signed.
    plaintext = canonical_bytes(payload_of(ops_json()))
    header = canonical_bytes(header_for(plaintext, b"", 2))
    body = MAGIC + b"\x01" + struct.pack(">I", len(header)) + header
    body += struct.pack(">Q", 5) + b"hello"
    assert refused(body + KEYS.signing.sign(body)) == "not_decryptable"


def test_declared_size_over_the_cap() -> None:
    data = good_bundle()
    assert refused(data, max_plaintext=100) == "too_large"


def test_a_signed_payload_beyond_what_writers_write_is_refused_unread() -> None:
    # 9 MiB of empty lists: valid JSON that would parse into some twenty times its size, signed
    # by a teammate's key; no writer makes a payload over MAX_BUNDLE_PLAINTEXT, so no reader
    # takes one (it once took up to 64 MiB: over a gigabyte of memory at every sync)
    plaintext = b'{"device_id":"x","operations":[' + b",".join([b"[]"] * (3 << 20)) + b"]}"
    assert MAX_BUNDLE_PLAINTEXT < len(plaintext) < 2 * MAX_BUNDLE_PLAINTEXT
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    data = assemble(header_for(plaintext, compressed, 3 << 20), compressed)
    assert len(data) < 64 * 1024  # a small file on the share
    assert refused(data) == "too_large"


def rle_frame(total: int, *, declare_size: bool) -> bytes:
    """A hand-made zstd frame of `total` zero bytes in 128 KiB RLE blocks (4 bytes each)."""
    block = 128 * 1024
    out = bytearray(struct.pack("<I", 0xFD2FB528))
    out += bytes([0xC0 if declare_size else 0x00, 7 << 3])  # FCS 8 bytes; window 2**17
    if declare_size:
        out += struct.pack("<Q", total)
    left = total
    while left:
        size = min(block, left)
        left -= size
        last = 1 if left == 0 else 0
        out += (last | (1 << 1) | (size << 3)).to_bytes(3, "little") + b"\x00"
    return bytes(out)


@pytest.mark.parametrize("declare_size", [True, False])
def test_zstd_bomb_is_refused_fast_without_allocating(declare_size: bool) -> None:
    bomb = rle_frame(1 << 30, declare_size=declare_size)
    assert len(bomb) < 40_000
    if declare_size:
        assert zstandard.get_frame_parameters(bomb).content_size == 1 << 30
    # The header claims a small payload: the frame must not be believed.
    header = header_for(b"x" * 1000, bomb, 2)
    data = assemble(header, bomb)
    tracemalloc.start()
    start = time.process_time()  # CPU seconds: a loaded machine does not make it "slow"
    try:
        assert refused(data) == "too_large"
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 16 * 1024 * 1024


def test_zstd_bomb_with_an_honest_header_is_refused_by_the_cap() -> None:
    bomb = rle_frame(1 << 30, declare_size=True)
    data = assemble(header_for(b"", bomb, 2, plaintext_size=1 << 30), bomb)
    start = time.process_time()  # CPU seconds, whatever else the machine is doing
    assert refused(data) == "too_large"
    assert time.process_time() - start < 2.0


def test_payload_malformed() -> None:
    plaintext = canonical_bytes(payload_of(ops_json()))
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    cases: list[tuple[dict[str, Any], bytes]] = [
        (header_for(plaintext, b"not zstd", 2), b"not zstd"),  # not a zstd frame
        (header_for(plaintext, compressed, 2, payload_size=1), compressed),  # size disagrees
        (header_for(plaintext, compressed[:-4], 2), compressed[:-4]),  # truncated frame
    ]
    longer = plaintext + b" "
    cases.append((header_for(longer, compressed, 2), compressed))  # frame size != header
    for text in (b"not json", b"[]", canonical_bytes({"team_id": str(TEAM)})):
        packed = zstandard.ZstdCompressor().compress(text)
        cases.append((header_for(text, packed, 2), packed))
    for header, body in cases:
        assert refused(assemble(header, body)) == "payload_malformed", header


@pytest.mark.parametrize(
    "payload",
    [
        payload_of(ops_json(), team=uuid.UUID(int=7)),
        payload_of(ops_json(), device=OTHER_DEVICE),
        payload_of(ops_json(), sequence=2),
        {**payload_of(ops_json()), "sequence": "1"},
    ],
    ids=["team", "device", "sequence", "sequence-type"],
)
def test_header_and_payload_disagree(payload: dict[str, Any]) -> None:
    assert refused(forge(payload)) == "header_payload_mismatch"


def test_op_count_mismatch() -> None:
    assert refused(forge(payload_of(ops_json(3)), {"op_count": 2})) == "op_count_mismatch"
    assert refused(forge(payload_of(ops_json(1)), {"op_count": 4})) == "op_count_mismatch"


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda op: op.__setitem__(key, value)


MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "bad-op-id": _set("op_id", "not-a-uuid"),
    "uppercase-uuid": _set("entity_id", str(uuid.UUID(int=(0xABC << 100) + 5)).upper()),
    "uuid-as-int": _set("entity_id", 5),
    "bad-replaces": _set("replaces", "zzz"),
    "unknown-kind": _set("kind", "delete"),
    "kind-not-text": _set("kind", 1),
    "entity-int": _set("entity", 3),
    "entity-odd": _set("entity", "Cases; drop"),
    "data-list": _set("data", ["a"]),
    "data-null": _set("data", None),
    "hlc-garbage": _set("hlc", "yesterday"),
    "hlc-int": _set("hlc", 12),
    "hlc-not-canonical": _set("hlc", f"5:0:{DEVICE.hex}"),
    "hlc-negative": _set("hlc", f"{-1:015d}:000000:{DEVICE.hex}"),
    "hlc-other-device": _set("hlc", hlc(OTHER_DEVICE)),
    "extra-field": _set("field", "summary"),
    "missing-field": lambda op: op.pop("replaces"),
    "not-an-object": lambda op: op.clear(),
    "seen-null": _set("seen", None),
    "seen-text": _set("seen", ""),
    "seen-object": _set("seen", {}),
    "seen-not-canonical": _set("seen", [str(OTHER_DEVICE).upper()]),
    "seen-unsorted": _set("seen", sorted(map(str, (DEVICE, OTHER_DEVICE)), reverse=True)),
    "seen-repeated": _set("seen", [str(DEVICE), str(DEVICE)]),
}


def test_ids_read_from_a_bundle_are_ordinary_uuids() -> None:
    ops = [make_op(i) for i in range(3)]
    _, read_back = read(forge(payload_of([op.to_json() for op in ops])))
    for op, back in zip(ops, read_back, strict=True):
        for ours, theirs in ((op.op_id, back.op_id), (op.entity_id, back.entity_id)):
            assert type(theirs) is uuid.UUID and theirs == ours and hash(theirs) == hash(ours)
            assert str(theirs) == str(ours) and theirs.int == ours.int


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_malformed_operation(mutation: str) -> None:
    ops = ops_json(3)
    MUTATIONS[mutation](ops[1])
    with pytest.raises(BundleError) as info:
        read(forge(payload_of(ops)))
    assert info.value.reason == "operation_malformed"
    assert info.value.detail.startswith("operation 1:")
    # No value of the operation leaks into the message.
    assert "testo di prova" not in info.value.message("it")
    assert ops[1].get("op_id", "-") not in str(info.value) or mutation == "bad-op-id"


def test_operation_not_an_object() -> None:
    not_all_objects: list[Any] = [*ops_json(1), "x"]
    assert refused(forge(payload_of(not_all_objects))) == "operation_malformed"
    payload = {**payload_of([]), "operations": {"a": 1}}
    assert refused(forge(payload)) == "payload_malformed"


def test_operation_from_another_device() -> None:
    ops = [*ops_json(2), make_op(9, device=OTHER_DEVICE).to_json()]
    assert refused(forge(payload_of(ops))) == "operation_device_mismatch"


def test_reading_a_refused_file_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "1.mfb"
    data = bytearray(good_bundle())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    with pytest.raises(BundleError):
        read_bundle(path, KEYS.signers(), KEYS.secret)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    assert path.read_bytes() == bytes(data)


def test_a_file_far_over_the_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.mfb"
    with path.open("wb") as fh:
        fh.write(good_bundle())
        fh.truncate(3 * 1024 * 1024)
    with pytest.raises(BundleError) as info:
        read_bundle(path, KEYS.signers(), KEYS.secret, max_plaintext=1024)
    assert info.value.reason == "too_large"


# ---------------------------------------------------------------- interoperability


AGE = shutil.which("age")
needs_age = pytest.mark.skipif(
    AGE is None, reason="the age command-line tool is not installed (.ci/run installs it)"
)


@needs_age
def test_payload_decrypts_with_the_age_command_line(tmp_path: Path) -> None:
    assert AGE is not None
    ops = [make_op(i) for i in range(5)]
    data = good_bundle(ops)
    identity_file = tmp_path / "identity.txt"
    identity_file.write_text(KEYS.secret + "\n", encoding="utf-8")
    cipher_file = tmp_path / "payload.age"
    cipher_file.write_bytes(split_sections(data).ciphertext)
    done = subprocess.run(
        [AGE, "-d", "-i", str(identity_file), str(cipher_file)],
        capture_output=True,
        check=True,
        timeout=30,
    )
    plaintext = zstandard.ZstdDecompressor().decompress(done.stdout)
    assert json.loads(plaintext) == payload_of([op.to_json() for op in ops])
    assert plaintext == canonical_bytes(payload_of([op.to_json() for op in ops]))


@needs_age
def test_age_command_line_ciphertext_reads_back(tmp_path: Path) -> None:
    assert AGE is not None
    ops = ops_json(2)
    plaintext = canonical_bytes(payload_of(ops))
    compressed = zstandard.ZstdCompressor().compress(plaintext)
    done = subprocess.run(
        [AGE, "-e", "-r", KEYS.recipient],
        input=compressed,
        capture_output=True,
        check=True,
        timeout=30,
    )
    header = canonical_bytes(header_for(plaintext, compressed, 2))
    body = MAGIC + b"\x01" + struct.pack(">I", len(header)) + header
    body += struct.pack(">Q", len(done.stdout)) + done.stdout
    _, back = read(body + KEYS.signing.sign(body))
    assert [op.to_json() for op in back] == ops


# ---------------------------------------------------------------- golden v1


def golden_identity() -> str:
    lines = (GOLDEN / "identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def test_golden_v1_bundle_reads_with_the_current_code() -> None:
    expected = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
    raw_key = bytes.fromhex((GOLDEN / "signer-ed25519.pub").read_text(encoding="utf-8").strip())
    device = uuid.UUID(expected["header"]["device_id"])
    path = GOLDEN / "bundle.mfb"
    assert file_sha256(path.read_bytes()) == expected["file_sha256"]
    header, ops = read_bundle(
        path,
        {device: Ed25519PublicKey.from_public_bytes(raw_key)},
        golden_identity(),
        team_id=uuid.UUID(expected["header"]["team_id"]),
    )
    assert header.to_json() == expected["header"]
    # Written before operations carried `seen`: read as an empty list.
    assert [op.to_json() for op in ops] == [{**o, "seen": []} for o in expected["operations"]]
    assert [op.kind for op in ops] == [OpKind.INSERT, OpKind.UPDATE, OpKind.TOMBSTONE]


@needs_age
def test_golden_v1_payload_decrypts_with_the_age_command_line() -> None:
    assert AGE is not None
    cipher = split_sections((GOLDEN / "bundle.mfb").read_bytes()).ciphertext
    done = subprocess.run(
        [AGE, "-d", "-i", str(GOLDEN / "identity.txt")],
        input=cipher,
        capture_output=True,
        check=True,
        timeout=30,
    )
    payload = json.loads(zstandard.ZstdDecompressor().decompress(done.stdout))
    expected = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
    assert payload["operations"] == expected["operations"]
