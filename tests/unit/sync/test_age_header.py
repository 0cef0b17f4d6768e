"""The age header is bounded before age parses it: age's own parser took 12 s to refuse a
header line of 300 KB. Checked here on its own, and where files of the share are opened (a
bundle's payload, a join request) with real age files and real signatures. "At once" is shown
without a clock (a slow machine must not fail it): the check reads no byte past its bounds,
and a refused file never reaches age's parser."""

from __future__ import annotations

import base64
import json
import struct
import uuid
from pathlib import Path
from typing import Any

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync import bundle as b
from minorifamiglie.sync import container as ct
from minorifamiglie.sync import roster as r
from minorifamiglie.sync.age_header import MAX_AGE_HEADER, MAX_AGE_LINE, age_header_ok

# A passphrase file ("una passphrase lunga") with a cheap scrypt, which rage opens: made by
# tests/data/make_age_passphrase.py (rage's own costs seconds for each seal).
PASSPHRASE_FILE = Path(__file__).parents[2] / "data" / "age" / "passphrase.age"

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
    sealed = PASSPHRASE_FILE.read_bytes()
    assert sealed.split(b"\n")[1].startswith(b"-> scrypt ")
    assert age_header_ok(sealed)


class _Reads(bytes):
    """Bytes that remember the furthest offset looked at by `find` and slicing."""

    furthest = 0

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        stop = len(self) if end is None else end
        _Reads.furthest = max(_Reads.furthest, stop)
        return bytes(self).find(sub, start, stop)

    def __getitem__(self, key: Any) -> Any:
        stop = key.stop if isinstance(key, slice) and key.stop is not None else len(self)
        _Reads.furthest = max(_Reads.furthest, stop)
        return bytes(self)[key]


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
    # Followed by 1 MB: however long the file, the check looks at its bounded head only.
    _Reads.furthest = 0
    assert not age_header_ok(_Reads(sealed + b"\0" * 2**20))
    assert _Reads.furthest <= MAX_AGE_HEADER + MAX_AGE_LINE


@pytest.fixture
def age_parser_unreached(monkeypatch: pytest.MonkeyPatch) -> None:
    """age's own parser (the slow part) fails the test if a refused file reaches it."""

    def reached(*_args: object) -> bytes:
        raise AssertionError("the file reached age's parser")

    monkeypatch.setattr(pyrage, "decrypt", reached)


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


def test_a_signed_bundle_whose_payload_has_a_300_kb_header_line_is_refused_fast(
    age_parser_unreached: None,
) -> None:
    key = Ed25519PrivateKey.generate()
    data = _signed_bundle_around(LONG_LINE, key)
    device = b.BundleHeader.from_json(json.loads(ct.split_sections(data).header_bytes)).device_id
    with pytest.raises(ct.BundleError) as info:
        b.read_bundle(data, {device: key.public_key()}, IDENTITY)
    assert (info.value.reason, info.value.detail) == ("not_decryptable", "age header")


def test_a_signed_join_request_with_a_300_kb_header_line_is_refused_fast(
    age_parser_unreached: None,
) -> None:
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
    with pytest.raises(r.RosterError):
        r.open_request(data, coordinator, team)
