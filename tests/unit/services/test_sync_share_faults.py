"""The shared folder cannot silence or starve a device (issue 12, item 4): a clock a year ahead
costs the operations it dated, not the device; junk snapshot parts and junk at a roster slot are
set aside while the rest still comes in; a file set aside is reported once. Real encrypted
profiles, a real share folder, an injected wall clock (`OpenProfile.now`)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, dump, integrity, profiles, syncing, team
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import utcnow
from minorifamiglie.sync import share as sh

PASSPHRASE = "cavallo batteria graffetta"
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
TODAY = dt.date(2026, 11, 24)
YEAR = dt.timedelta(days=365)


@dataclass
class Team:
    share: Path
    coord: OpenProfile
    edu1: OpenProfile
    edu2: OpenProfile

    @property
    def all(self) -> list[OpenProfile]:
        return [self.coord, self.edu1, self.edu2]

    def folder(self) -> sh.TeamFolder:
        with self.coord.session() as session:
            state = team.require_team(session)
        return sh.TeamFolder(self.share, state.team_id)


def _open(root: Path, name: str, role: Role) -> OpenProfile:
    profiles.init_profile(root, PASSPHRASE, name, role, root.name, kdf=FAST_KDF)
    return profiles.unlock(root, PASSPHRASE)


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[Team]:
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = _open(tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu1 = _open(tmp_path / "edu1", "Marco Locatelli", Role.EDUCATOR)
    edu2 = _open(tmp_path / "edu2", "Sara Pesenti", Role.EDUCATOR)
    try:
        team.create_team(coord, "Équipe Valle Brembana", share)
        for who in (edu1, edu2):
            team.join_team(who, share)
            team.admit(coord, who.device_id)
        yield Team(share, coord, edu1, edu2)
    finally:
        for who in (coord, edu1, edu2):
            who.close()


def sync_all(t: Team, rounds: int = 2) -> None:
    for _ in range(rounds):
        for who in t.all:
            report = syncing.sync(who, t.share)
            assert report.refused == [], report.refused


def new_case(who: OpenProfile, summary: str = "Sintesi iniziale") -> uuid.UUID:
    case = cases.add_case(
        who, ambito="VBR", service=Service.ADM, title="Famiglia R.", summary=summary, today=TODAY
    )
    return case.id


def case_of(who: OpenProfile) -> dict[str, object]:
    record: dict[str, object] = json.loads(dump.dump_json(who))["cases"][0]
    return record


def set_clock(who: OpenProfile, moment: dt.datetime) -> None:
    who.now = lambda: moment


def reasons(report: syncing.SyncReport) -> list[str]:
    return [r.reason for r in report.refused]


# ------------------------------------------------------------------------------ clock a year ahead


def test_a_clock_a_year_ahead_costs_its_operations_not_the_device(trio: Team) -> None:
    start = utcnow()
    for who in trio.all:
        set_clock(who, start)
    case_id = new_case(trio.coord)
    sync_all(trio)

    # Marco's laptop thinks it is next year: his edit is dated a year ahead.
    set_clock(trio.edu1, start + YEAR)
    cases.edit_case(
        trio.edu1, str(case_id), {"summary": "Scritta nel futuro", "title": "Famiglia R. (Zogno)"}
    )
    assert syncing.sync(trio.edu1, trio.share).refused == []
    for who in (trio.coord, trio.edu2):
        report = syncing.sync(who, trio.share)
        assert reasons(report) == ["clock_ahead"]
        assert (report.held, report.imported) == (1, 0)
        assert case_of(who)["summary"] == "Sintesi iniziale"
        assert integrity.check(who).sound

    # The clock is corrected; Marco edits the same case again and syncs.
    set_clock(trio.edu1, start + dt.timedelta(minutes=5))
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Scritta dopo la correzione"})
    mine = syncing.sync(trio.edu1, trio.share)
    assert mine.refused == [] and mine.exported == 1
    assert mine.own_clock_ahead == 1
    assert "data sbagliata" in mine.notices("it")[0]
    assert syncing.sync(trio.edu1, trio.share).own_clock_ahead == 0  # said once
    assert case_of(trio.edu1)["summary"] == "Scritta dopo la correzione"
    assert integrity.check(trio.edu1).sound

    # The others accept the later edit and keep holding the future one, said only once.
    for who in (trio.coord, trio.edu2):
        set_clock(who, start + dt.timedelta(minutes=6))
        report = syncing.sync(who, trio.share)
        assert report.refused == [] and report.imported == 1 and report.released == 0
        record = case_of(who)
        assert (record["summary"], record["title"]) == ("Scritta dopo la correzione", "Famiglia R.")
        assert integrity.check(who).sound
    # Sara edits after Marco's correction: her edit follows his everywhere.
    cases.edit_case(trio.edu2, str(case_id), {"summary": "Sintesi di Sara"})
    sync_all(trio)
    assert {case_of(who)["summary"] for who in trio.all} == {"Sintesi di Sara"}

    # A year later everyone's clock has reached the held edit: it is applied; the edits that
    # came after it (they name it, or one that does) still win; the field nobody wrote since
    # takes its value. The devices converge.
    for who in trio.all:
        set_clock(who, start + YEAR + dt.timedelta(hours=1))
    released = [syncing.sync(who, trio.share) for who in trio.all]
    assert [r.released for r in released] == [1, 0, 1]
    sync_all(trio)
    dumps = {dump.dump_json(who) for who in trio.all}
    assert len(dumps) == 1
    record = case_of(trio.coord)
    assert (record["summary"], record["title"]) == ("Sintesi di Sara", "Famiglia R. (Zogno)")
    for who in trio.all:
        assert integrity.check(who).sound
