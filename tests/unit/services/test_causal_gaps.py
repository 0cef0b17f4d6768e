"""Causal gaps are not tampering (issue 12, item 3): an edit that reaches a device before the
record it edits waits in the change log; `check`, backup and restore report it as waiting and
stay sound, while a row the log forbids, or a logged row that went missing, is still tampering."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import IntegrityError
from minorifamiglie.services import backup, cases, dump, integrity, syncing, team
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync import share as sh
from support.clock import TODAY
from support.profiles import PASSPHRASE
from sync_team import team_of


@dataclass
class Gap:
    """C added a case, B received and edited it, A received B's edit but not C's insert."""

    share: Path
    held: Path  # where C's bundles wait, away from the share
    coord: OpenProfile
    edu_a: OpenProfile
    edu_b: OpenProfile
    case_id: uuid.UUID

    def bundles_of_coord(self) -> Path:
        with self.coord.session() as session:
            state = team.require_team(session)
        return sh.TeamFolder(self.share, state.team_id).bundle(self.coord.device_id, 1).parent

    def deliver_coord(self) -> None:
        target = self.bundles_of_coord()
        for path in sorted(self.held.iterdir()):
            shutil.copy(path, target / path.name)


@pytest.fixture
def gap(tmp_path: Path) -> Iterator[Gap]:
    with team_of(tmp_path) as t:
        share, coord, edu_a, edu_b = t.share, t.coord, t.edu1, t.edu2
        for who in (coord, edu_a, edu_b):
            syncing.sync(who, share)
        case = cases.add_case(
            coord, ambito="VBR", service=Service.ADM, title="Famiglia R.",
            summary="Sintesi iniziale", today=TODAY,
        )  # fmt: skip
        assert syncing.sync(coord, share).refused == []
        assert syncing.sync(edu_b, share).refused == []
        cases.edit_case(edu_b, str(case.id), {"summary": "Versione di Sara"}, today=TODAY)
        assert syncing.sync(edu_b, share).refused == []
        held = tmp_path / "chiavetta"
        held.mkdir()
        g = Gap(share, held, coord, edu_a, edu_b, case.id)
        folder = g.bundles_of_coord()
        for path in sorted(folder.iterdir()):
            shutil.move(path, held / path.name)  # C's bundles have not reached the share yet
        report = syncing.sync(edu_a, share)
        assert report.refused == [], [r.to_json() for r in report.refused]
        yield g


def test_an_edit_waiting_for_its_case_is_waiting_not_tampering(gap: Gap) -> None:
    report = integrity.check(gap.edu_a)
    assert report.sound, report.problems()
    assert report.waiting == {"cases": 1}
    assert report.rows_mismatched == {}


def test_once_the_insert_arrives_nothing_waits_and_the_devices_agree(gap: Gap) -> None:
    gap.deliver_coord()
    assert syncing.sync(gap.edu_a, gap.share).refused == []
    report = integrity.check(gap.edu_a)
    assert report.sound, report.problems()
    assert report.waiting == {}
    assert dump.dump_json(gap.edu_a) == dump.dump_json(gap.edu_b)


def test_a_row_the_log_says_has_not_arrived_is_still_tampering(gap: Gap) -> None:
    # Someone with the key copies the case row from B's database into A's.
    with raw_connection(gap.edu_b.paths.database, gap.edu_b.master_key()) as conn:
        cursor = conn.execute("SELECT * FROM cases")
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    with raw_connection(gap.edu_a.paths.database, gap.edu_a.master_key()) as conn:
        conn.execute(
            f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            row,
        )
    report = integrity.check(gap.edu_a)
    assert not report.sound
    assert report.rows_mismatched == {"cases": 1}
    assert report.waiting == {}


def test_an_insert_that_never_comes_leaves_the_edit_waiting_for_ever(gap: Gap) -> None:
    # C's bundles are lost (a stick never plugged in, or C revoked): A stays sound, waiting.
    for _ in range(2):
        assert syncing.sync(gap.edu_a, gap.share).refused == []
    report = integrity.check(gap.edu_a)
    assert report.sound and report.waiting == {"cases": 1}


def test_a_backup_with_a_waiting_edit_restores_and_reports_it(gap: Gap, tmp_path: Path) -> None:
    target = tmp_path / "backup.mfbk"
    backup.backup(gap.edu_a, target)
    info = backup.restore(target, tmp_path / "ripristinato", PASSPHRASE)
    assert info.rows_checked > 0
    assert info.waiting == {"cases": 1}


def test_a_tampered_backup_with_a_waiting_edit_is_still_refused(gap: Gap, tmp_path: Path) -> None:
    with raw_connection(gap.edu_a.paths.database, gap.edu_a.master_key()) as conn:
        assert conn.execute("UPDATE operators SET name = 'Qualcun altro'").rowcount > 0
    target = tmp_path / "backup.mfbk"
    backup.backup(gap.edu_a, target)
    with pytest.raises(IntegrityError, match="non corrispondono"):
        backup.restore(target, tmp_path / "ripristinato", PASSPHRASE)
    assert not (tmp_path / "ripristinato").exists()


def test_the_command_line_shows_waiting_edits_and_exits_0(
    gap: Gap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from minorifamiglie.cli import main

    root = gap.edu_a.paths.root
    target = tmp_path / "backup.mfbk"
    backup.backup(gap.edu_a, target)
    gap.edu_a.close()
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == (
        "1 modifica in attesa della loro scheda (arriveranno con la prossima sincronizzazione)"
    )
    assert err == ""
    assert main(["restore", str(target), "--to", str(tmp_path / "ripristinato")]) == 0
    out, err = capsys.readouterr()
    assert "1 modifica in attesa della loro scheda" in err
    assert "Traceback" not in err
