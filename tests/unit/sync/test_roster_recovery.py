"""The recovery recipient in the signed roster: optional, so older rosters still read, and only
a valid age recipient, sealed and signed like the rest of the roster."""

from __future__ import annotations

import uuid

import pyrage
import pytest

from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.sync.roster import (
    DeviceKeys,
    Member,
    Roster,
    RosterError,
    open_roster,
    seal_roster,
)

TEAM = uuid.UUID("01a21407-b283-739a-bb5d-42f9b7e043fe")


def _roster(keys: DeviceKeys) -> Roster:
    me = Member(DeviceId(uuid.uuid4()), "portatile", uuid.uuid4(), "Giulia Rota", "coordinatore",
                keys.age_recipient, keys.sign_key_hex)  # fmt: skip
    return Roster(TEAM, "Équipe", 1, me.device_id, "2026-11-25T10:00:00+00:00", (me,))


def test_an_older_roster_has_no_recovery_recipient_and_writes_back_unchanged() -> None:
    roster = _roster(DeviceKeys.generate())
    doc = roster.to_json()
    assert "recovery_recipient" not in doc  # byte-identical to rosters written before
    assert Roster.from_json(doc) == roster
    assert roster.recovery_recipient is None


def test_the_recovery_recipient_travels_sealed_and_signed_and_survives_new_members() -> None:
    keys = DeviceKeys.generate()
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    roster = _roster(keys).with_recovery(recipient, "2026-11-25T11:00:00+00:00")
    assert roster.version == 2
    sealed = seal_roster(roster, keys)
    assert recipient.encode() not in sealed
    opened = open_roster(sealed, keys.sign_key_hex, keys.identity, TEAM)
    assert opened.recovery_recipient == recipient
    other = DeviceKeys.generate()
    newcomer = Member(DeviceId(uuid.uuid4()), "altro", uuid.uuid4(), "Marco Locatelli", "educatore",
                      other.age_recipient, other.sign_key_hex)  # fmt: skip
    assert opened.with_member(newcomer, "2026-11-25T12:00:00+00:00").recovery_recipient == recipient


@pytest.mark.parametrize("bad", ["age1nonvalido", "AGE-SECRET-KEY-1XYZ", 42])
def test_a_malformed_recovery_recipient_is_refused(bad: object) -> None:
    doc = _roster(DeviceKeys.generate()).to_json()
    doc["recovery_recipient"] = bad
    with pytest.raises(RosterError):
        Roster.from_json(doc)
