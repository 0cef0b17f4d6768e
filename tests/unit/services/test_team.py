"""The team on the shared folder: pinned coordinator key, signed rosters, join requests, and
nothing readable about people on the folder itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.ids import DeviceId
from minorifamiglie.services import profiles, syncing, team
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.roster import (
    MAX_REQUEST,
    DeviceKeys,
    Member,
    Roster,
    TeamFile,
    seal_request,
    seal_roster,
)
from support.profiles import PASSPHRASE, ProfileCopies


def _open(copy: ProfileCopies, root: Path, name: str, role: Role) -> OpenProfile:
    return profiles.unlock(copy(root, name, role, f"portatile di {name}"), PASSPHRASE)


@pytest.fixture
def pair(
    tmp_path: Path, profile_copy: ProfileCopies
) -> Iterator[tuple[Path, OpenProfile, OpenProfile]]:
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = _open(profile_copy, tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu = _open(profile_copy, tmp_path / "edu", "Marco Locatelli", Role.EDUCATOR)
    try:
        yield share, coord, edu
    finally:
        coord.close()
        edu.close()


def test_nothing_on_the_folder_names_a_person(pair: tuple[Path, OpenProfile, OpenProfile]) -> None:
    share, coord, edu = pair
    team.create_team(coord, "Équipe Valle Brembana", share)
    team.join_team(edu, share)
    team.admit(coord, edu.device_id)
    syncing.sync(coord, share)
    syncing.sync(edu, share)
    files = [p for p in share.rglob("*") if p.is_file()]
    assert len(files) >= 4
    for path in files:
        data = path.read_bytes()
        for secret in ("Giulia", "Rota", "Marco", "Locatelli", "Valle Brembana", "portatile"):
            assert secret.encode() not in data, (path.name, secret)
            assert secret not in str(path)


def test_a_roster_not_signed_by_the_pinned_coordinator_is_never_adopted(
    pair: tuple[Path, OpenProfile, OpenProfile],
) -> None:
    share, coord, edu = pair
    created = team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    team.admit(coord, edu.device_id)
    assert team.show(edu, share).roster_version == 2
    # Someone with write access to the share signs a roster 3 that makes them coordinator.
    mallory = DeviceKeys.generate()
    with edu.session() as session:
        state = team.require_team(session)
        assert state.roster is not None and created.team_id is not None
        me = state.roster.member(edu.device_id)
    assert me is not None
    evil = Member(DeviceId(uuid.uuid4()), "x", uuid.uuid4(), "x", "coordinatore",
                  mallory.age_recipient, mallory.sign_key_hex)  # fmt: skip
    now = dt.datetime.now(dt.UTC).isoformat()
    forged = Roster(created.team_id, "Équipe", 3, evil.device_id, now, (evil, me))
    folder = sh.TeamFolder(share, created.team_id)
    folder.roster(3).write_bytes(seal_roster(forged, mallory))
    view = team.show(edu, share)
    assert view.roster_version == 2
    assert {d.device_id for d in view.devices} == {coord.device_id, edu.device_id}


def test_only_the_coordinator_admits_and_a_tampered_request_is_refused(
    pair: tuple[Path, OpenProfile, OpenProfile],
) -> None:
    share, coord, edu = pair
    created = team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    with pytest.raises(team.TeamError, match="coordinatore"):
        team.admit(edu, edu.device_id)
    assert created.team_id is not None
    request = sh.TeamFolder(share, created.team_id).request(edu.device_id)
    data = bytearray(request.read_bytes())
    data[len(data) // 2] ^= 1
    request.write_bytes(bytes(data))
    with pytest.raises(team.TeamError, match="non valida"):
        team.admit(coord, edu.device_id)
    with pytest.raises(team.TeamError, match="Nessuna richiesta"):
        team.admit(coord, DeviceId(uuid.uuid4()))


def test_two_laptops_with_the_same_case_code_tag_are_not_both_admitted(
    pair: tuple[Path, OpenProfile, OpenProfile], monkeypatch: pytest.MonkeyPatch
) -> None:
    share, coord, edu = pair
    team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    monkeypatch.setattr(team, "device_tag", lambda device_id: "ABC")
    with pytest.raises(team.TeamError, match="stessa sigla"):
        team.admit(coord, edu.device_id)


def test_no_more_devices_are_admitted_than_a_file_can_be_encrypted_to(
    pair: tuple[Path, OpenProfile, OpenProfile], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bound of one active device (the coordinator's) stands for MAX_ACTIVE_MEMBERS
    share, coord, edu = pair
    team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    monkeypatch.setattr(team, "MAX_ACTIVE_MEMBERS", 1)
    with pytest.raises(team.TeamError, match="revocarne uno prima di ammetterne un altro"):
        team.admit(coord, edu.device_id)
    monkeypatch.setattr(team, "MAX_ACTIVE_MEMBERS", 2)
    assert team.admit(coord, edu.device_id).device_id == edu.device_id
    # A device admitted again (a sync of its asks for it) takes no second place
    team.join_team(edu, share)
    assert team.admit(coord, edu.device_id).device_id == edu.device_id


def test_joining_needs_a_team_on_the_folder(pair: tuple[Path, OpenProfile, OpenProfile]) -> None:
    share, _, edu = pair
    with pytest.raises(team.TeamError, match="Nessuna équipe"):
        team.join_team(edu, share)
    with pytest.raises(team.TeamError, match="non raggiungibile"):
        team.join_team(edu, share / "assente")


def test_a_request_claiming_the_coordinators_role_is_flagged_before_admission(
    pair: tuple[Path, OpenProfile, OpenProfile], tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    share, coord, edu = pair
    team.create_team(coord, "Équipe", share)
    # anyone who can write to the share can file a request naming the coordinator's role
    other = _open(profile_copy, tmp_path / "altro", "Anna Ferri", Role.COORDINATOR)
    try:
        team.join_team(edu, share)
        team.join_team(other, share)
        pending = {d.device_id: d for d in team.show(coord).devices if d.status == "pending"}
        assert pending[edu.device_id].warning == ""
        assert pending[other.device_id].warning.startswith("Chiede il ruolo di coordinatore")
        assert "impronta" in pending[other.device_id].warning
        team.admit(coord, other.device_id)  # the coordinator may, having checked it
        assert not [d for d in team.show(coord).devices if d.warning]
    finally:
        other.close()


def pending(coord: OpenProfile) -> list[DeviceId]:
    return [d.device_id for d in team.show(coord).devices if d.status == "pending"]


def test_a_request_over_its_cap_is_never_read(
    pair: tuple[Path, OpenProfile, OpenProfile], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Anyone who can write to the share can file requests, and the coordinator's Team page
    # opens every one at each view: one of a few kilobytes is all a device writes.
    share, coord, edu = pair
    created = team.create_team(coord, "Équipe", share)
    assert created.team_id is not None
    team.join_team(edu, share)
    folder = sh.TeamFolder(share, created.team_id)
    real = folder.request(edu.device_id).read_bytes()
    assert len(real) < 16 * 1024
    assert pending(coord) == [edu.device_id]
    padded = folder.request(DeviceId(uuid.uuid4()))
    padded.write_bytes(real + b" " * (MAX_REQUEST - len(real) + 1))  # valid JSON, too big
    read: list[int] = []
    original = sh.read_capped

    def counted(path: Path, cap: int) -> bytes:
        data = original(path, cap)
        read.append(len(data))
        return data

    monkeypatch.setattr(sh, "read_capped", counted)
    assert pending(coord) == [edu.device_id]
    assert max(read) < MAX_REQUEST
    with pytest.raises(team.TeamError, match="non valida"):
        team.admit(coord, DeviceId(uuid.UUID(padded.stem)))


class Admitted(NamedTuple):
    """A team of two on the share: the coordinator's roster, its keys, Marco's place in it."""

    folder: sh.TeamFolder
    roster: Roster
    keys: DeviceKeys
    marco: Member


def admitted(share: Path, coord: OpenProfile, edu: OpenProfile) -> Admitted:
    """Giulia creates the team, Marco joins and is admitted."""
    created = team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    team.admit(coord, edu.device_id)
    assert created.team_id is not None
    with coord.session() as session:
        state = team.require_team(session)
        keys = team.device_keys(session)
    assert state.roster is not None
    marco = state.roster.member(edu.device_id)
    assert marco is not None
    return Admitted(sh.TeamFolder(share, created.team_id), state.roster, keys, marco)


def test_a_request_for_a_member_with_other_keys_is_refused_not_swapped_in(
    pair: tuple[Path, OpenProfile, OpenProfile],
) -> None:
    # Given Marco's laptop admitted, then a join request in its name written to the share by
    # someone else (self-signed with their own keys, as any request is)
    share, coord, edu = pair
    folder, _, _, marco = admitted(share, coord, edu)
    mallory = DeviceKeys.generate()
    forged = dataclasses.replace(
        marco, age_recipient=mallory.age_recipient, sign_key=mallory.sign_key_hex
    )
    folder.request(edu.device_id).write_bytes(
        seal_request(TeamFile.from_bytes(folder.team_file.read_bytes()), forged, mallory)
    )
    # When the coordinator admits the device again (as a sync's message asks for), it is
    # refused by name and the roster keeps Marco's keys
    with pytest.raises(team.TeamError, match="chiavi diverse"):
        team.admit(coord, edu.device_id)
    assert team.show(coord, share).roster_version == 2
    # And Marco's own request, sent again, is admitted again
    team.join_team(edu, share)
    assert team.admit(coord, edu.device_id).device_id == edu.device_id
    assert team.show(coord, share).roster_version == 3


@pytest.mark.parametrize("change", ["keys", "dropped", "version"])
def test_a_coordinator_signed_roster_that_no_coordinator_writes_is_refused_and_said(
    pair: tuple[Path, OpenProfile, OpenProfile], change: str
) -> None:
    # Given a team of two in step, and a roster signed with the coordinator's key (a copy of
    # it) that swaps Marco's keys for others, drops him, or jumps far ahead
    share, coord, edu = pair
    folder, roster, keys, marco = admitted(share, coord, edu)
    syncing.sync(edu, share)
    other = DeviceKeys.generate()
    members = {
        "keys": tuple(
            dataclasses.replace(m, sign_key=other.sign_key_hex) if m == marco else m
            for m in roster.members
        ),
        "dropped": tuple(m for m in roster.members if m != marco),
        "version": roster.members,
    }[change]
    version = roster.version + (team.MAX_ROSTER_SKIP + 2 if change == "version" else 1)
    forged = dataclasses.replace(roster, version=version, members=members)
    folder.roster(version).write_bytes(seal_roster(forged, keys))
    # Then neither device adopts it, and a sync says so, once
    for who in (coord, edu):
        report = syncing.sync(who, share)
        assert [r.reason for r in report.refused] == ["roster_refused"]
        assert "o la sua chiave copiata: avvisare il coordinatore" in report.refused[0].message()
        assert team.show(who, share).roster_version == roster.version
        assert syncing.sync(who, share).refused == []
    # And the coordinator goes on admitting and revoking past it
    team.revoke(coord, edu.device_id)
    past = 1 if change == "version" else 2  # a file at the next slot is set aside
    assert team.show(coord, share).roster_version == roster.version + past


def test_the_coordinator_moves_past_no_more_junk_than_readers_follow(
    pair: tuple[Path, OpenProfile, OpenProfile], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given junk at the roster's next four versions, and readers that follow past three
    share, coord, edu = pair
    created = team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    assert created.team_id is not None
    folder = sh.TeamFolder(share, created.team_id)
    for version in (2, 3, 5):
        folder.roster(version).write_bytes(b"spazzatura")
    folder.roster(4).symlink_to(folder.root / "nowhere")  # a link to nothing holds one too
    monkeypatch.setattr(team, "MAX_ROSTER_SKIP", 3)
    # Then the coordinator's change is refused by name, nothing written: a roster published
    # past them would be refused by every reader, the team frozen
    with pytest.raises(team.TeamError, match="Oltre 3 file estranei occupano"):
        team.admit(coord, edu.device_id)
    assert [v for v, _ in folder.rosters()] == [1, 2, 3, 4, 5]
    # And once any one is moved away (the last, say), the change goes through past the rest,
    # and a reader follows it
    folder.roster(5).unlink()
    assert team.admit(coord, edu.device_id).device_id == edu.device_id
    assert team.show(coord, share).roster_version == 5
    assert syncing.sync(edu, share).refused == []
    assert team.show(edu, share).roster_version == 5
