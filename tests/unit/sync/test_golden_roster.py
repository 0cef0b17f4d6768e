"""The golden team files of format v1 (tests/data/roster-v1/, made by make_golden_roster.py): the
team file, a signed roster of a coordinator and two members, and a join request, read with the
current code as expected.json says; the team file written again byte for byte and the sealed
contents as today's writers seal them; a flipped byte of the roster or the request refused with a
RosterError, and one of the unsigned team file either refused or read as another team file."""

from __future__ import annotations

import base64
import hashlib
import json
import string
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest

from minorifamiglie.domain.canonical import canonical_bytes
from minorifamiglie.sync.roster import (
    DeviceKeys,
    Member,
    Roster,
    RosterError,
    TeamFile,
    open_request,
    open_roster,
    revoked_in,
    seal_request,
    seal_roster,
)

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "roster-v1"
EXPECTED: dict[str, Any] = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
TEAM = EXPECTED["team"]
ROSTER = EXPECTED["roster"]
REQUEST = EXPECTED["request"]
TEAM_ID = uuid.UUID(TEAM["team_id"])
COORDINATOR_KEY = TEAM["sign_key"]


def identity(name: str) -> pyrage.x25519.Identity:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return pyrage.x25519.Identity.from_str(
        next(x for x in lines if x.startswith("AGE-SECRET-KEY-"))
    )


COORDINATOR = identity("coordinator-identity.txt")
MEMBER = identity("member-identity.txt")


def coordinator_keys() -> DeviceKeys:
    """The coordinator's keys as open_request needs them: the age identity (its signing seed
    was discarded; opening a request does not sign anything)."""
    return DeviceKeys(str(COORDINATOR), bytes(32))


def golden(entry: dict[str, Any]) -> bytes:
    data = (GOLDEN / str(entry["file"])).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["file_sha256"]
    return data


def sealed_content(data: bytes) -> bytes:
    """The decrypted content of a roster or request, opened without the reader."""
    cipher = base64.b64decode(json.loads(data)["ciphertext"])
    return bytes(pyrage.decrypt(cipher, [COORDINATOR]))


def head(data: bytes) -> dict[str, Any]:
    value = json.loads(data)
    return {k: v for k, v in value.items() if k not in ("ciphertext", "signature")}


# ------------------------------------------------------------------------------ team.json


def test_golden_v1_team_file_reads_and_is_written_again_byte_for_byte() -> None:
    data = golden(TEAM)
    team = TeamFile.from_bytes(data)
    assert str(team.team_id) == TEAM["team_id"]
    assert str(team.coordinator) == TEAM["coordinator"]
    assert (team.sign_key, team.age_recipient) == (TEAM["sign_key"], TEAM["age_recipient"])
    assert team.fingerprint == TEAM["fingerprint"]
    assert team.age_recipient == str(COORDINATOR.to_public())
    assert (
        TeamFile(team.team_id, team.coordinator, team.sign_key, team.age_recipient).to_bytes()
        == data
    )


def test_a_flipped_byte_of_the_unsigned_team_file_is_refused_or_changes_what_it_says() -> None:
    """team.json is not signed: people compare the coordinator's fingerprint out of band, so a
    damaged key must read as another fingerprint, never as the golden one."""
    data = golden(TEAM)
    original = TeamFile.from_bytes(data)
    refused = 0
    for index in range(len(data)):
        damaged = bytearray(data)
        damaged[index] ^= 0x01
        try:
            team = TeamFile.from_bytes(bytes(damaged))
        except RosterError:
            refused += 1
            continue
        assert team != original, index
        if (team.sign_key, team.age_recipient) != (original.sign_key, original.age_recipient):
            assert team.fingerprint != original.fingerprint, index
    assert refused > len(data) // 3


# ------------------------------------------------------------------------------ roster


@pytest.mark.parametrize("reader", ["coordinator-identity.txt", "member-identity.txt"])
def test_golden_v1_roster_reads_with_the_current_code(reader: str) -> None:
    data = golden(ROSTER)
    roster = open_roster(data, COORDINATOR_KEY, identity(reader), TEAM_ID)
    assert roster.to_json() == ROSTER["roster"]
    assert {str(m.device_id): m.fingerprint for m in roster.members} == ROSTER["fingerprints"]
    assert [m.active for m in roster.members] == [True, True, True]
    assert roster.recovery_recipient is not None
    assert revoked_in(data, COORDINATOR_KEY, TEAM_ID) == set()
    assert head(data) == ROSTER["head"]
    assert canonical_bytes(json.loads(data)) == data


def test_golden_v1_roster_content_is_what_todays_writer_seals() -> None:
    """Age encryption is randomised, so the file cannot repeat: its signed head and its sealed
    canonical JSON must (any signing key will do: neither holds it)."""
    data = golden(ROSTER)
    roster = Roster.from_json(ROSTER["roster"])
    again = seal_roster(roster, DeviceKeys.generate())
    assert head(again) == head(data)
    assert sealed_content(again) == sealed_content(data) == canonical_bytes(ROSTER["roster"])


def test_every_byte_of_the_golden_roster_flipped_is_refused() -> None:
    data = golden(ROSTER)
    assert accepted_flips(data, READERS["roster"]) == []


# ------------------------------------------------------------------------------ join request


def test_golden_v1_join_request_reads_with_the_current_code() -> None:
    data = golden(REQUEST)
    member = open_request(data, coordinator_keys(), TEAM_ID)
    assert member.to_json() == REQUEST["member"]
    assert head(data) == REQUEST["head"]
    assert canonical_bytes(json.loads(data)) == data
    # The request of the device the golden roster admitted.
    roster = open_roster(golden(ROSTER), COORDINATOR_KEY, COORDINATOR, TEAM_ID)
    assert roster.member(member.device_id) == member


def test_golden_v1_join_request_content_is_what_todays_writer_seals() -> None:
    data = golden(REQUEST)
    member = Member.from_json(REQUEST["member"])
    keys = DeviceKeys.generate()  # the device's signing key was discarded
    again = seal_request(TeamFile.from_bytes(golden(TEAM)), member, keys)
    assert head(again) == {**head(data), "sign_key": keys.sign_key_hex}
    assert head(data)["sign_key"] == member.sign_key
    assert sealed_content(again) == sealed_content(data) == canonical_bytes(REQUEST["member"])


def test_every_byte_of_the_golden_join_request_flipped_is_refused() -> None:
    data = golden(REQUEST)
    assert accepted_flips(data, READERS["request"]) == []


def accepted_flips(data: bytes, read: Callable[[bytes], object]) -> list[int]:
    accepted = []
    for index in range(len(data)):
        damaged = bytearray(data)
        damaged[index] ^= 0x01
        try:
            read(bytes(damaged))
        except RosterError:
            continue
        accepted.append(index)
    return accepted


READERS: dict[str, Callable[[bytes], object]] = {
    "roster": lambda data: open_roster(data, COORDINATOR_KEY, COORDINATOR, TEAM_ID),
    "request": lambda data: open_request(data, coordinator_keys(), TEAM_ID),
}


@pytest.mark.parametrize("kind", ["roster", "request"])
def test_a_signature_spelt_another_way_is_refused(kind: str) -> None:
    data = golden(ROSTER if kind == "roster" else REQUEST)
    signature = json.loads(data)["signature"]
    assert signature.endswith("==")  # 64 bytes: the last character holds 2 bits and 4 unused
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
    last = alphabet.index(signature[-3])
    other = signature[:-3] + alphabet[last ^ 0b0001] + "=="
    assert other != signature
    assert base64.b64decode(other) == base64.b64decode(signature)
    with pytest.raises(RosterError):
        READERS[kind](data.replace(signature.encode(), other.encode()))
