"""Write the golden team files of format v1: tests/data/roster-v1/.

    .venv/bin/python tests/data/make_golden_roster.py [--force]

Run it once, when a team file format version is introduced, and commit the folder: the tests read
every golden team file with the newest code, so a reader change that would refuse the team files,
rosters or join requests already on shared folders fails. Never regenerate an old folder (--force
exists only for the first commit).

Everything in it is synthetic and test-only: the keys are generated here, published in the
repository and protect nothing (see README.md); the people are invented. The story (docs/
team-folder.md, "Keys and trust"): the coordinator creates team TEAM_ID (roster 1), admits
MEMBER_A (roster 2) and MEMBER_B, whose join request is kept (roster 3), then publishes a
recovery recipient (roster 4).

    team.json              the team file: the coordinator's public keys (plain canonical JSON)
    000004.roster          roster version 4: the coordinator and two members, all active, and the
                           recovery recipient; encrypted to the three, signed by the coordinator
    <MEMBER_B>.request     MEMBER_B's join request, encrypted to the coordinator, signed by
                           MEMBER_B's own key
    coordinator-identity.txt   the coordinator's age X25519 identity (opens the roster and the
                           request; a secret key, test-only)
    member-identity.txt    MEMBER_A's age X25519 identity (opens the roster as a member does)
    expected.json          per file its sha256, its signed plain head and what the reader returns
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import uuid
from pathlib import Path
from typing import Any

import pyrage

from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.sync.roster import (
    DeviceKeys,
    Member,
    Roster,
    TeamFile,
    open_request,
    open_roster,
    revoked_in,
    seal_request,
    seal_roster,
)

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "roster-v1"
TEAM_ID = uuid.UUID("0195f0a0-0000-7000-8000-00000000a003")
TEAM_NAME = "Équipe di prova «Rosasco»"
COORDINATOR = uuid.UUID("0195f0a0-0000-7000-8000-00000000d031")
MEMBER_A = uuid.UUID("0195f0a0-0000-7000-8000-00000000d032")
MEMBER_B = uuid.UUID("0195f0a0-0000-7000-8000-00000000d033")
OPERATORS = [uuid.UUID(f"0195f0a0-0000-7000-8000-00000000e03{i}") for i in (1, 2, 3)]
ISSUED = [f"2026-11-{day}T09:30:00+00:00" for day in (16, 17, 18, 19)]  # rosters 1..4
ROSTER_FILE = "000004.roster"
REQUEST_FILE = f"{MEMBER_B}.request"


def member(device: uuid.UUID, keys: DeviceKeys, who: tuple[uuid.UUID, str, str, Role]) -> Member:
    operator_id, operator, device_name, role = who
    return Member(
        device_id=DeviceId(device),
        device_name=device_name,
        operator_id=operator_id,
        operator=operator,
        role=role.value,
        age_recipient=keys.age_recipient,
        sign_key=keys.sign_key_hex,
    )


def identity_file(keys: DeviceKeys, whose: str) -> str:
    return (
        f"# test-only age identity of tests/data/roster-v1 ({whose}): not a secret\n"
        f"# public key: {keys.age_recipient}\n{keys.age_identity}\n"
    )


def envelope_head(data: bytes) -> dict[str, Any]:
    """The signed plain keys of a roster or request file (all but ciphertext and signature)."""
    value = json.loads(data)
    return {k: v for k, v in value.items() if k not in ("ciphertext", "signature")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    if FOLDER.exists():
        if not args.force:
            print(f"{FOLDER} exists: golden team files are never regenerated", file=sys.stderr)
            return 1
        shutil.rmtree(FOLDER)
    FOLDER.mkdir(parents=True)
    keys = {device: DeviceKeys.generate() for device in (COORDINATOR, MEMBER_A, MEMBER_B)}
    coordinator_keys = keys[COORDINATOR]
    people = {
        COORDINATOR: (
            OPERATORS[0],
            "Tiziana Comeriato",
            "portatile-coordinamento",
            Role.COORDINATOR,
        ),
        MEMBER_A: (OPERATORS[1], "Umberto Barcella", "portatile-educativa", Role.EDUCATOR),
        MEMBER_B: (OPERATORS[2], "Simonetta Pace", "portatile-servizio", Role.SOCIAL_WORKER),
    }
    members = {device: member(device, keys[device], who) for device, who in people.items()}
    recovery = pyrage.x25519.Identity.generate()  # only its recipient is kept

    team = TeamFile(
        TEAM_ID, COORDINATOR, coordinator_keys.sign_key_hex, coordinator_keys.age_recipient
    )
    (FOLDER / "team.json").write_bytes(team.to_bytes())

    request = seal_request(team, members[MEMBER_B], keys[MEMBER_B])
    (FOLDER / REQUEST_FILE).write_bytes(request)
    assert open_request(request, coordinator_keys, TEAM_ID) == members[MEMBER_B]

    roster = Roster(TEAM_ID, TEAM_NAME, 1, COORDINATOR, ISSUED[0], (members[COORDINATOR],))
    roster = roster.with_member(members[MEMBER_A], ISSUED[1])
    roster = roster.with_member(members[MEMBER_B], ISSUED[2])
    roster = roster.with_recovery(str(recovery.to_public()), ISSUED[3])
    assert roster.version == 4
    assert f"{roster.version:06d}.roster" == ROSTER_FILE
    sealed = seal_roster(roster, coordinator_keys)
    (FOLDER / ROSTER_FILE).write_bytes(sealed)
    opened = open_roster(sealed, coordinator_keys.sign_key_hex, coordinator_keys.identity, TEAM_ID)
    assert opened == roster
    assert revoked_in(sealed, coordinator_keys.sign_key_hex, TEAM_ID) == set()

    (FOLDER / "coordinator-identity.txt").write_text(
        identity_file(coordinator_keys, "the coordinator"), encoding="utf-8"
    )
    (FOLDER / "member-identity.txt").write_text(
        identity_file(keys[MEMBER_A], f"member {MEMBER_A}"), encoding="utf-8"
    )
    expected = {
        "team": {
            "file": "team.json",
            "file_sha256": hashlib.sha256(team.to_bytes()).hexdigest(),
            "team_id": str(team.team_id),
            "coordinator": str(team.coordinator),
            "sign_key": team.sign_key,
            "age_recipient": team.age_recipient,
            "fingerprint": team.fingerprint,
        },
        "roster": {
            "file": ROSTER_FILE,
            "file_sha256": hashlib.sha256(sealed).hexdigest(),
            "head": envelope_head(sealed),
            "roster": opened.to_json(),
            "fingerprints": {str(m.device_id): m.fingerprint for m in opened.members},
        },
        "request": {
            "file": REQUEST_FILE,
            "file_sha256": hashlib.sha256(request).hexdigest(),
            "head": envelope_head(request),
            "member": members[MEMBER_B].to_json(),
        },
    }
    (FOLDER / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
