"""Write the golden sync bundle of format v1: tests/data/bundle-v1/.

    .venv/bin/python tests/data/make_golden_bundle.py [--force]

Run it once, when a bundle format version is introduced, and commit the folder: the tests read
every golden bundle with the newest code, so a reader change that would refuse bundles already on
shared folders fails. Never regenerate an old folder (--force exists only for the first commit).

Everything in it is synthetic and test-only: the keys are generated here, published in the
repository and protect nothing (see README.md).

    bundle.mfb             the bundle: device DEVICE_ID, sequence 1, three operations
    identity.txt           the age X25519 identity of its only recipient (a secret key, test-only)
    signer-ed25519.pub     the signing device's Ed25519 public key, 64 hex digits (raw 32 bytes)
    expected.json          the header and operations the reader must return
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import uuid
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from minorifamiglie.domain.enums import OpKind
from minorifamiglie.sync.bundle import FIRST_PREV_HASH, BundleFields, read_bundle, write_bundle
from minorifamiglie.sync.container import file_sha256
from minorifamiglie.sync.operations import Operation

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "bundle-v1"
TEAM_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000a001")
DEVICE_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000d001")
CASE_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000c001")
OP_IDS = [uuid.UUID(f"0195f0a0-0001-7000-8000-00000000000{i}") for i in (1, 2, 3)]


def hlc(wall_ms: int, counter: int = 0) -> str:
    return f"{wall_ms:015d}:{counter:06d}:{DEVICE_ID.hex}"


def operations() -> list[Operation]:
    """A synthetic case opened, edited and tombstoned, with Italian text on purpose."""
    return [
        Operation(
            op_id=OP_IDS[0],
            device_id=DEVICE_ID,
            hlc=hlc(1_795_000_000_000),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.INSERT,
            data={"code": "2026/0001", "summary": "Caso di prova: è tutto inventato.", "n": 3},
            replaces=None,
        ),
        Operation(
            op_id=OP_IDS[1],
            device_id=DEVICE_ID,
            hlc=hlc(1_795_000_000_000, 1),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.UPDATE,
            data={"summary": "Riassunto aggiornato «di prova».", "tags": ["a", None, 1.5]},
            replaces=OP_IDS[0],
        ),
        Operation(
            op_id=OP_IDS[2],
            device_id=DEVICE_ID,
            hlc=hlc(1_795_000_360_000),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.TOMBSTONE,
            data={"deleted_at": "2026-11-19T10:06:00+00:00"},
            replaces=OP_IDS[1],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    if FOLDER.exists():
        if not args.force:
            print(f"{FOLDER} exists: golden bundles are never regenerated", file=sys.stderr)
            return 1
        shutil.rmtree(FOLDER)
    FOLDER.mkdir(parents=True)
    identity = pyrage.x25519.Identity.generate()
    signing_key = Ed25519PrivateKey.generate()
    public_raw = signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    path = FOLDER / "bundle.mfb"
    fields = BundleFields(team_id=TEAM_ID, device_id=DEVICE_ID, sequence=1)
    write_bundle(path, fields, operations(), [str(identity.to_public())], signing_key)
    (FOLDER / "identity.txt").write_text(
        "# test-only age identity of tests/data/bundle-v1: not a secret\n"
        f"# public key: {identity.to_public()}\n{identity}\n",
        encoding="utf-8",
    )
    (FOLDER / "signer-ed25519.pub").write_text(public_raw.hex() + "\n", encoding="utf-8")
    header, ops = read_bundle(path, {DEVICE_ID: signing_key.public_key()}, str(identity))
    expected = {
        "file_sha256": file_sha256(path.read_bytes()),
        "header": header.to_json(),
        "operations": [op.to_json() for op in ops],
    }
    assert header.prev_hash == FIRST_PREV_HASH
    (FOLDER / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
