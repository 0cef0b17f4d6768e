"""The age header is bounded before age parses it: age's own parser took 12 s to refuse a
header line of 300 KB. Checked here on its own, and where files of the share are opened (a
bundle's payload, a join request) with real age files and real signatures."""

from __future__ import annotations

import base64
import json
import struct
import time
import uuid

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync import bundle as b
from minorifamiglie.sync import container as ct
from minorifamiglie.sync import roster as r
from minorifamiglie.sync.age_header import MAX_AGE_HEADER, age_header_ok

IDENTITY = pyrage.x25519.Identity.generate()
LONG_LINE = (
    b"age-encryption.org/v1\n-> X25519 "
    + b"A" * 300_000
    + b"\n--- "
    + b"A" * 43
    + b"\n"
    + b"\0" * 64
)


def test_real_age_files_pass() -> None:
    recipients = [pyrage.x25519.Identity.generate().to_public() for _ in range(50)]
    assert age_header_ok(pyrage.encrypt(b"contenuto", recipients))
    assert age_header_ok(pyrage.passphrase.encrypt(b"contenuto", "una passphrase lunga"))


@pytest.mark.parametrize(
    "sealed",
    [
        LONG_LINE,
        b"",
        b"age-encryption.org/v1\n",  # no MAC line
        b"-----BEGIN AGE ENCRYPTED FILE-----\n--- x\n",  # armored: not the binary format
        b"age-encryption.org/v1\n-> X25519 abc\n" + b"A" * (MAX_AGE_HEADER + 10),
        b"age-encryption.org/v1\n--- " + b"A" * 5000,  # a MAC line without its end
    ],
    ids=["300 KB line", "empty", "no MAC", "armored", "endless stanza", "endless MAC"],
)
def test_a_header_out_of_bounds_is_refused_at_once(sealed: bytes) -> None:
    started = time.perf_counter()
    assert not age_header_ok(sealed)
    assert time.perf_counter() - started < 0.1


def _signed_bundle_around(ciphertext: bytes, key: Ed25519PrivateKey) -> bytes:
    team, device = uuid.uuid4(), uuid.uuid4()
    header = b.BundleHeader(team, device, 1, b.FIRST_PREV_HASH, 0, 10, 10)
    header_bytes = canonical_bytes(header.to_json())
    body = (
        ct.MAGIC
        + bytes([1])
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(ciphertext))
        + ciphertext
    )
    return body + key.sign(body)


def test_a_signed_bundle_whose_payload_has_a_300_kb_header_line_is_refused_fast() -> None:
    key = Ed25519PrivateKey.generate()
    data = _signed_bundle_around(LONG_LINE, key)
    device = b.BundleHeader.from_json(json.loads(ct.split_sections(data).header_bytes)).device_id
    started = time.perf_counter()
    with pytest.raises(ct.BundleError) as info:
        b.read_bundle(data, {device: key.public_key()}, IDENTITY)
    assert time.perf_counter() - started < 0.5
    assert (info.value.reason, info.value.detail) == ("not_decryptable", "age header")


def test_a_signed_join_request_with_a_300_kb_header_line_is_refused_fast() -> None:
    joining, coordinator = r.DeviceKeys.generate(), r.DeviceKeys.generate()
    team = uuid.uuid4()
    body = {
        "kind": "request",
        "format": r.FORMAT,
        "team_id": str(team),
        "device_id": str(uuid.uuid4()),
        "sign_key": joining.sign_key_hex,
        "ciphertext": base64.b64encode(LONG_LINE).decode(),
    }
    signature = base64.b64encode(joining.signing_key.sign(canonical_bytes(body))).decode()
    data = canonical_bytes({**body, "signature": signature})
    started = time.perf_counter()
    with pytest.raises(r.RosterError):
        r.open_request(data, coordinator, team)
    assert time.perf_counter() - started < 0.5
