"""Write the golden snapshot of format v1: tests/data/snapshot-v1/.

    .venv/bin/python tests/data/make_golden_snapshot.py [--force]

Run it once, when a snapshot format version is introduced, and commit the folder: the tests read
every golden snapshot with the newest code, so a reader change that would refuse snapshots
already on shared folders fails. Never regenerate an old folder (--force exists only for the
first commit).

Everything in it is synthetic and test-only: the keys are generated here, published in the
repository and protect nothing (see README.md). The story: coordinator COORDINATOR admits
NEW_MEMBER to team TEAM_ID and writes it a snapshot of two parts holding four operations of two
devices (the coordinator's and OTHER_DEVICE's), among them a concurrent update that lists the
head it had seen. `covers` names stand-in bundles (their hashes are digests of fixed labels: no
such bundle exists).

    0001.mfs, 0002.mfs     the parts, as the coordinator writes them (encode_snapshot_raw)
    identity.txt           the age X25519 identity of NEW_MEMBER, the only recipient (test-only)
    signer-ed25519.pub     the coordinator's Ed25519 public key, 64 hex digits (raw 32 bytes)
    expected.json          per part the file's sha256, the header, the operations, and the
                           sha256 of the decrypted payload (its canonical JSON)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import uuid
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.domain.enums import OpKind
from minorifamiglie.sync.container import file_sha256
from minorifamiglie.sync.operations import Operation
from minorifamiglie.sync.snapshot import SnapshotHeader, encode_snapshot_raw, read_snapshot

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "snapshot-v1"
TEAM_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000a002")
COORDINATOR = uuid.UUID("0195f0a0-0000-7000-8000-00000000d021")
OTHER_DEVICE = uuid.UUID("0195f0a0-0000-7000-8000-00000000d022")
NEW_MEMBER = uuid.UUID("0195f0a0-0000-7000-8000-00000000d023")
CASE_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000c021")
PERSON_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000b021")
OP_IDS = [uuid.UUID(f"0195f0a0-0002-7000-8000-00000000000{i}") for i in (1, 2, 3, 4)]
# The last bundle of each device the snapshot holds: stand-ins, digests of fixed labels.
COVERS = {
    COORDINATOR: (2, hashlib.sha256(b"golden snapshot v1: bundle d021 #2").hexdigest()),
    OTHER_DEVICE: (1, hashlib.sha256(b"golden snapshot v1: bundle d022 #1").hexdigest()),
}
PARTS = (3, 1)  # operations per part


def hlc(device: uuid.UUID, wall_ms: int, counter: int = 0) -> str:
    return f"{wall_ms:015d}:{counter:06d}:{device.hex}"


def operations() -> list[Operation]:
    """A synthetic case edited on two laptops at once, and a person added, in the order the
    coordinator applied them; Italian text on purpose (the payload keeps it as UTF-8)."""
    return [
        Operation(
            op_id=OP_IDS[0],
            device_id=COORDINATOR,
            hlc=hlc(COORDINATOR, 1_795_100_000_000),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.INSERT,
            data={"code": "2026/0002", "summary": "Caso di prova: è tutto inventato."},
        ),
        Operation(
            op_id=OP_IDS[1],
            device_id=OTHER_DEVICE,
            hlc=hlc(OTHER_DEVICE, 1_795_100_060_000),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.UPDATE,
            data={"summary": "Aggiornato sul secondo portatile «di prova»."},
            replaces=OP_IDS[0],
        ),
        Operation(
            op_id=OP_IDS[2],
            device_id=COORDINATOR,
            hlc=hlc(COORDINATOR, 1_795_100_060_000, 1),
            entity="cases",
            entity_id=CASE_ID,
            kind=OpKind.UPDATE,
            data={"summary": "Aggiornato insieme, dal coordinatore."},
            replaces=OP_IDS[0],
            seen=(OP_IDS[1],),
        ),
        Operation(
            op_id=OP_IDS[3],
            device_id=OTHER_DEVICE,
            hlc=hlc(OTHER_DEVICE, 1_795_100_120_000),
            entity="persons",
            entity_id=PERSON_ID,
            kind=OpKind.INSERT,
            data={"first_name": "Giacinto", "last_name": "Amato", "birth_date": "2015-03-09"},
        ),
    ]


def header(part: int) -> SnapshotHeader:
    """A part's header as write_snapshot builds it (the sizes are filled in by the encoder)."""
    return SnapshotHeader(
        team_id=TEAM_ID,
        device_id=COORDINATOR,
        for_device=NEW_MEMBER,
        part=part,
        parts=len(PARTS),
        covers=COVERS,
        op_count=0,
        payload_size=0,
        plaintext_size=0,
    )


def part_operations() -> list[list[Operation]]:
    ops = operations()
    runs, start = [], 0
    for count in PARTS:
        runs.append(ops[start : start + count])
        start += count
    return runs


def payload(part: int, ops: list[Operation]) -> bytes:
    """The decrypted payload of a part: docs/bundle-format.md, "Snapshots"."""
    return canonical_bytes(
        {
            "team_id": str(TEAM_ID),
            "for_device": str(NEW_MEMBER),
            "part": part,
            "operations": [op.to_json() for op in ops],
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    if FOLDER.exists():
        if not args.force:
            print(f"{FOLDER} exists: golden snapshots are never regenerated", file=sys.stderr)
            return 1
        shutil.rmtree(FOLDER)
    FOLDER.mkdir(parents=True)
    identity = pyrage.x25519.Identity.generate()
    signing_key = Ed25519PrivateKey.generate()
    public_raw = signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    parts = []
    for part, ops in enumerate(part_operations(), start=1):
        path = FOLDER / f"{part:04d}.mfs"
        raw = [canonical_bytes(op.to_json()) for op in ops]
        path.write_bytes(
            encode_snapshot_raw(header(part), raw, str(identity.to_public()), signing_key)
        )
        read_header, read_ops = read_snapshot(
            path,
            (COORDINATOR, signing_key.public_key()),
            str(identity),
            team_id=TEAM_ID,
            for_device=NEW_MEMBER,
        )
        assert read_ops == ops
        parts.append(
            {
                "file": path.name,
                "file_sha256": file_sha256(path.read_bytes()),
                "header": read_header.to_json(),
                "operations": [op.to_json() for op in read_ops],
                "payload_sha256": hashlib.sha256(payload(part, ops)).hexdigest(),
            }
        )
    (FOLDER / "identity.txt").write_text(
        "# test-only age identity of tests/data/snapshot-v1: not a secret\n"
        f"# public key: {identity.to_public()}\n{identity}\n",
        encoding="utf-8",
    )
    (FOLDER / "signer-ed25519.pub").write_text(public_raw.hex() + "\n", encoding="utf-8")
    (FOLDER / "expected.json").write_text(
        json.dumps({"parts": parts}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
