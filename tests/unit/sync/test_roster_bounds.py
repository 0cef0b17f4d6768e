"""A roster or team file that verifies but carries hostile values (overlong names, an unknown
role, a version that is not a plausible integer, thousands of members, JSON nested ten thousand
levels deep) is refused as malformed (RosterError), never another exception."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pyrage
import pytest

from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.domain.value_bounds import MAX_ACTIVE_MEMBERS
from minorifamiglie.sync.age_header import MAX_AGE_HEADER
from minorifamiglie.sync.roster import (
    ACTIVE,
    DeviceKeys,
    Member,
    Roster,
    RosterError,
    TeamFile,
)

KEYS = DeviceKeys.generate()
DEVICE = DeviceId(uuid.UUID("018f0000-0000-7000-8000-0000000000c1"))


def roster_json() -> dict[str, Any]:
    member = Member(
        DEVICE, "portatile", uuid.uuid4(), "Giulia Rota", Role.COORDINATOR.value,
        KEYS.age_recipient, KEYS.sign_key_hex, ACTIVE,
    )  # fmt: skip
    roster = Roster(
        uuid.uuid4(), "Équipe Valle Brembana", 1, DEVICE, "2026-11-24T10:00:00Z", (member,)
    )
    return roster.to_json()


def test_a_plain_roster_reads_back() -> None:
    assert Roster.from_json(roster_json()).members[0].operator == "Giulia Rota"


def _member(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda doc: change(doc["members"][0])


HOSTILE: dict[str, Callable[[dict[str, Any]], None]] = {
    "long team name": lambda d: d.update(name="x" * 121),
    "name not text": lambda d: d.update(name=["Équipe"]),
    "version infinite": lambda d: d.update(version=float("inf")),
    "version huge": lambda d: d.update(version=2**70),
    "version beyond six digits": lambda d: d.update(version=1_000_000),
    "version as text": lambda d: d.update(version="3"),
    "version zero": lambda d: d.update(version=0),
    "version boolean": lambda d: d.update(version=True),
    "issued_at long": lambda d: d.update(issued_at="2" * 65),
    "members not a list": lambda d: d.update(members={"a": 1}),
    "too many members": lambda d: d.update(members=d["members"] * 1001),
    "long device name": _member(lambda m: m.update(device_name="x" * 201)),
    "long operator": _member(lambda m: m.update(operator="x" * 201)),
    "operator not text": _member(lambda m: m.update(operator={"n": 1})),
    "unknown role": _member(lambda m: m.update(role="amministratore")),
    "role a number": _member(lambda m: m.update(role=7)),
    "long key": _member(lambda m: m.update(sign_key="a" * 10_000)),
    "device id an integer": _member(lambda m: m.update(device_id=12)),
}


@pytest.mark.parametrize("mutation", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_roster_value_is_refused_as_malformed(mutation: str) -> None:
    doc = roster_json()
    HOSTILE[mutation](doc)
    with pytest.raises(RosterError, match="malformed"):
        Roster.from_json(doc)


def test_a_team_file_nested_ten_thousand_levels_is_refused_as_malformed() -> None:
    deep = b'{"kind": "team", "format": 1, "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    with pytest.raises(RosterError, match="malformed"):
        TeamFile.from_bytes(deep)


def test_a_team_file_with_an_overlong_key_is_refused_as_malformed() -> None:
    team = TeamFile(uuid.uuid4(), DEVICE, KEYS.sign_key_hex, KEYS.age_recipient)
    data = team.to_bytes().replace(KEYS.sign_key_hex.encode(), b"a" * 5000)
    with pytest.raises(RosterError, match="malformed"):
        TeamFile.from_bytes(data)


def test_more_active_devices_than_an_age_header_holds_are_refused_by_name() -> None:
    # Every active device is a recipient of each bundle: 700 of them made the roster's age
    # header exceed what every reader allows (64 KiB), and readers passed it over in silence
    doc = roster_json()
    first = doc["members"][0]
    others = [
        {**first, "device_id": str(uuid.UUID(int=(9 << 100) + k)), "role": Role.EDUCATOR.value}
        for k in range(MAX_ACTIVE_MEMBERS)
    ]
    doc["members"] = [first, *others]
    with pytest.raises(RosterError, match=f"more than {MAX_ACTIVE_MEMBERS} active devices"):
        Roster.from_json(doc)
    doc["members"] = [first, *others[:-1]]  # the bound itself
    assert len(Roster.from_json(doc).active) == MAX_ACTIVE_MEMBERS
    # and that many recipients fit the header a reader allows
    sealed = pyrage.encrypt(b"x", [pyrage.x25519.Recipient.from_str(KEYS.age_recipient)]
                            * (MAX_ACTIVE_MEMBERS + 1))  # fmt: skip
    assert sealed.find(b"\n--- ") < MAX_AGE_HEADER
