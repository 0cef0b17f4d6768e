"""A laptop dies; its profile comes back from a backup older than what it had already
published. The restored profile first takes back its own later bundles from the shared folder
(they are signed with its own key), then goes on: nothing the old laptop published is lost,
nothing written after the restore is lost, and every device converges."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import backup, cases, dump, integrity, profiles, syncing, team
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, ProfileCopies


def _open(copy: ProfileCopies, root: Path, name: str, role: Role) -> OpenProfile:
    return profiles.unlock(copy(root, name, role, root.name), PASSPHRASE)


@dataclass
class Pair:
    share: Path
    coord: OpenProfile
    edu: OpenProfile
    case_id: uuid.UUID


@pytest.fixture
def pair(tmp_path: Path, profile_copy: ProfileCopies) -> Iterator[Pair]:
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = _open(profile_copy, tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu = _open(profile_copy, tmp_path / "edu", "Marco Locatelli", Role.EDUCATOR)
    try:
        team.create_team(coord, "Équipe", share)
        team.join_team(edu, share)
        team.admit(coord, edu.device_id)
        case = cases.add_case(edu, ambito="VBR", service=Service.ADM, title="Famiglia R.")
        for who in (edu, coord, edu):
            assert syncing.sync(who, share).refused == []
        yield Pair(share, coord, edu, case.id)
    finally:
        coord.close()
        edu.close()


def summary(who: OpenProfile, case_id: uuid.UUID) -> str:
    return cases.show_case(who, str(case_id)).case.summary


def test_a_profile_restored_from_an_older_backup_takes_back_its_own_later_work(
    pair: Pair, tmp_path: Path
) -> None:
    # Given a backup of Marco's laptop, after which he still worked and synchronised
    saved = backup.backup(pair.edu, tmp_path / "chiavetta.mfbk").path
    cases.edit_case(pair.edu, str(pair.case_id), {"summary": "Scritto prima del guasto"})
    later = cases.add_case(pair.edu, ambito="VBR", service=Service.TUTORING, title="Famiglia B.")
    assert syncing.sync(pair.edu, pair.share).exported > 0
    assert syncing.sync(pair.coord, pair.share).refused == []
    # When the laptop dies, the backup comes back on a new one, and Marco writes before syncing
    pair.edu.close()
    root = backup.restore(saved, tmp_path / "nuovo-portatile", PASSPHRASE).root
    restored = profiles.unlock(root, PASSPHRASE)
    try:
        assert summary(restored, pair.case_id) == ""  # the backup is older
        cases.edit_case(restored, str(pair.case_id), {"title": "Famiglia R. (Zogno)"})
        # Then its first sync takes back what the old laptop had published, and sends the new
        report = syncing.sync(restored, pair.share)
        assert report.refused == [] and report.outcome == "ok", report
        assert summary(restored, pair.case_id) == "Scritto prima del guasto"
        assert cases.show_case(restored, str(later.id)).case.title == "Famiglia B."
        assert syncing.sync(pair.coord, pair.share).refused == []
        assert cases.show_case(pair.coord, str(pair.case_id)).case.title == "Famiglia R. (Zogno)"
        # And both converge, sound, and a further sync has nothing to do
        assert syncing.sync(restored, pair.share).refused == []
        assert dump.dump_json(restored) == dump.dump_json(pair.coord)
        assert integrity.check(restored).sound and integrity.check(pair.coord).sound
        again = syncing.sync(restored, pair.share)
        assert (again.exported, again.imported) == (0, 0)
    finally:
        restored.close()
