"""Recovery of a forgotten passphrase: the coordinator's recovery identity, published in the
signed roster, is the only thing besides the passphrase that opens a profile (docs/recovery.md)."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import IntegrityError, ValidationError, WrongPassphraseError
from minorifamiglie.domain.ids import TeamId, uuid7
from minorifamiglie.services import dump, profiles, recovery, syncing, team
from minorifamiglie.storage import profile as sp
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.storage.profile import OpenProfile
from private_modes import is_private_file
from support.profiles import PASSPHRASE, ProfileCopies

NEW_PASSPHRASE = "nuova passphrase per la prova"


def _open(copy: ProfileCopies, root: Path, name: str, role: Role) -> OpenProfile:
    return profiles.unlock(copy(root, name, role, "portatile"), PASSPHRASE)


@dataclass
class Team:
    share: Path
    coord: OpenProfile
    edu: OpenProfile
    identity: Path


@pytest.fixture
def equipe(tmp_path: Path, profile_copy: ProfileCopies) -> Iterator[Team]:
    """A coordinator with a recovery key and an admitted educator who has synced once."""
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = _open(profile_copy, tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu = _open(profile_copy, tmp_path / "edu", "Marco Locatelli", Role.EDUCATOR)
    try:
        team.create_team(coord, "Équipe", share)
        team.join_team(edu, share)
        team.admit(coord, edu.device_id)
        identity = tmp_path / "chiavetta" / "recupero.txt"
        identity.parent.mkdir()
        team.create_recovery_key(coord, identity)
        syncing.sync(edu)
        yield Team(share, coord, edu, identity)
    finally:
        coord.close()
        edu.close()


def _sha(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def _dump(opened: OpenProfile) -> str:
    return dump.dump_json(opened)


def test_the_recovery_key_is_published_and_every_synced_profile_is_wrapped_to_it(
    equipe: Team,
) -> None:
    assert is_private_file(equipe.identity)
    recipient = str(recovery.read_identity_file(equipe.identity).to_public())
    assert team.show(equipe.edu).recovery_recipient == recipient
    assert recovery.status(equipe.coord.paths.root) == recipient
    assert recovery.status(equipe.edu.paths.root) == recipient
    wrapped = read_keyfile(equipe.edu.paths.profile_json).recovery
    assert wrapped is not None
    assert equipe.edu.master_key() not in equipe.edu.paths.profile_json.read_bytes()
    assert (
        base64.b64encode(equipe.edu.master_key()) not in equipe.edu.paths.profile_json.read_bytes()
    )
    # Only the identity unwraps it.
    with pytest.raises(WrongPassphraseError):
        wrapped.unwrap(pyrage.x25519.Identity.generate())


def test_the_identity_file_is_never_overwritten_and_a_second_key_needs_replace(
    equipe: Team, tmp_path: Path
) -> None:
    before = equipe.identity.read_bytes()
    with pytest.raises(team.TeamError, match="--replace"):
        team.create_recovery_key(equipe.coord, tmp_path / "altro.txt")
    with pytest.raises(recovery.RecoveryError, match="esiste già"):
        team.create_recovery_key(equipe.coord, equipe.identity, replace=True)
    assert equipe.identity.read_bytes() == before
    assert not (tmp_path / "altro.txt").exists()
    new = team.create_recovery_key(equipe.coord, tmp_path / "nuovo.txt", replace=True)
    syncing.sync(equipe.edu)
    assert recovery.status(equipe.edu.paths.root) == new.recipient


def test_only_the_coordinator_creates_a_recovery_key(equipe: Team, tmp_path: Path) -> None:
    with pytest.raises(team.TeamError, match="coordinatore"):
        team.create_recovery_key(equipe.edu, tmp_path / "x.txt", replace=True)
    assert not (tmp_path / "x.txt").exists()


def test_recovery_sets_a_new_passphrase_and_the_data_is_intact(equipe: Team) -> None:
    root = equipe.edu.paths.root
    before = _dump(equipe.edu)
    equipe.edu.close()
    with pytest.raises(WrongPassphraseError):
        profiles.unlock(root, "passphrase dimenticata")  # one failed attempt, counted

    done = recovery.recover(root, equipe.identity, NEW_PASSPHRASE)

    assert done.failed_attempts == 1
    assert read_keyfile(root / "profile.json").failed.count == 0
    equipe.edu = profiles.unlock(root, NEW_PASSPHRASE)
    assert _dump(equipe.edu) == before
    with equipe.edu.session() as session:
        events = session.query(AuditEventRow).order_by(AuditEventRow.seq).all()
        tail = [(e.action, json.loads(e.detail)) for e in events[-4:]]
    assert (AuditAction.UNLOCK_FAILED, {"attempts": 1}) in tail
    assert (AuditAction.PASSPHRASE_CHANGED, {"via": "recovery"}) in tail
    # The wrapping for recovery is kept: it works again next time.
    assert recovery.status(root) == str(recovery.read_identity_file(equipe.identity).to_public())
    # Last, as the failure it counts makes the next unlock wait a second: the old passphrase
    # no longer opens it.
    with pytest.raises(WrongPassphraseError):
        sp.unlock(root, PASSPHRASE)


def test_a_wrong_identity_is_refused_and_nothing_changes(equipe: Team, tmp_path: Path) -> None:
    root = equipe.edu.paths.root
    equipe.edu.close()
    other = tmp_path / "altra.txt"
    recovery.write_identity_file(other, pyrage.x25519.Identity.generate(), TeamId(uuid7()))
    files = (root / "profile.json", root / "cartelle.db")
    before = _sha(*files)
    asked: list[bool] = []

    def ask() -> str:
        asked.append(True)
        return NEW_PASSPHRASE

    with pytest.raises(WrongPassphraseError, match="identità di recupero"):
        recovery.recover(root, other, ask)
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("non è una chiave\n")
    with pytest.raises(recovery.RecoveryError, match="identità age"):
        recovery.recover(root, garbage, ask)
    assert asked == []  # the new passphrase is not even asked for
    assert _sha(*files) == before
    equipe.edu = profiles.unlock(root, PASSPHRASE)


def test_a_weak_new_passphrase_is_refused_before_anything_changes(equipe: Team) -> None:
    root = equipe.edu.paths.root
    equipe.edu.close()
    before = _sha(root / "profile.json")
    with pytest.raises(ValidationError):
        recovery.recover(root, equipe.identity, "corta")
    assert _sha(root / "profile.json") == before
    equipe.edu = profiles.unlock(root, PASSPHRASE)


def test_a_recovery_wrapping_of_another_database_is_refused(equipe: Team) -> None:
    # profile.json of the educator beside the coordinator's database: the key does not open it.
    coord_root = equipe.coord.paths.root
    equipe.coord.close()
    shutil.copy(equipe.edu.paths.profile_json, coord_root / "profile.json")
    before = _sha(coord_root / "profile.json", coord_root / "cartelle.db")
    with pytest.raises(IntegrityError, match="non apre il database"):
        recovery.recover(coord_root, equipe.identity, NEW_PASSPHRASE)
    assert _sha(coord_root / "profile.json", coord_root / "cartelle.db") == before
    equipe.coord = profiles.unlock(equipe.edu.paths.root, PASSPHRASE)  # closed by the fixture


def test_a_profile_without_a_recovery_wrapping_says_so(opened: OpenProfile, tmp_path: Path) -> None:
    identity = tmp_path / "recupero.txt"
    recovery.write_identity_file(identity, pyrage.x25519.Identity.generate(), TeamId(uuid7()))
    root = opened.paths.root
    opened.close()
    with pytest.raises(recovery.RecoveryError, match="non ha una copia della chiave"):
        recovery.recover(root, identity, NEW_PASSPHRASE)
    assert recovery.status(root) is None


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command-line tool")
def test_the_age_tool_unwraps_the_key_with_the_identity_file(equipe: Team, tmp_path: Path) -> None:
    wrapped = read_keyfile(equipe.edu.paths.profile_json).recovery
    assert wrapped is not None
    doc = json.loads(equipe.edu.paths.profile_json.read_bytes())
    assert doc["recovery"]["format"] == "age-x25519" and doc["recovery"]["version"] == 1
    age_file = tmp_path / "chiave.age"
    age_file.write_bytes(base64.b64decode(doc["recovery"]["age_file"]))
    out = subprocess.run(
        ["age", "-d", "-i", str(equipe.identity), str(age_file)], capture_output=True, check=True
    )
    assert out.stdout == equipe.edu.master_key()
    other = tmp_path / "altra.txt"
    subprocess.run(["age-keygen", "-o", str(other)], capture_output=True, check=True)
    refused = subprocess.run(
        ["age", "-d", "-i", str(other), str(age_file)], capture_output=True, check=False
    )
    assert refused.returncode != 0 and not refused.stdout


def test_recovery_writes_the_audit_events_a_busy_close_sealed(equipe: Team) -> None:
    from minorifamiglie.storage import deferred_audit

    root = equipe.edu.paths.root
    key = equipe.edu.master_key()
    equipe.edu.close()
    # Given a view event sealed beside the database by a close that found it busy
    deferred_audit.save(
        root,
        key,
        [{"action": "view", "at": "2026-11-24T09:30:00+00:00", "entity": "hours_report"}],
    )
    # When the profile is opened with the recovery identity
    recovery.recover(root, equipe.identity, NEW_PASSPHRASE)
    # Then the event is in the audit log and its file is gone
    assert deferred_audit.names(root) == []
    equipe.edu = profiles.unlock(root, NEW_PASSPHRASE)
    with equipe.edu.read_session() as session:
        entities = [
            e.entity
            for e in session.query(AuditEventRow).filter(AuditEventRow.action == "view").all()
        ]
    assert entities == ["hours_report"]
