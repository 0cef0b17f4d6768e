"""Three real encrypted profiles in one team over a real shared folder: the coordinator and two
educators, admitted and ready to sync. Shared by the sync tests (tests/ is on pytest's path)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import case_refs, cases, profiles, syncing, team
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import utcnow
from minorifamiglie.sync import bundle as b
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.operations import Operation
from minorifamiglie.sync.roster import DeviceKeys
from minorifamiglie.sync.snapshot import SnapshotHeader, encode_snapshot, read_snapshot
from support.clock import TODAY
from support.profiles import FAST_KDF, PASSPHRASE, template_copy


@dataclass
class Team:
    share: Path
    coord: OpenProfile
    edu1: OpenProfile
    edu2: OpenProfile

    @property
    def all(self) -> list[OpenProfile]:
        return [self.coord, self.edu1, self.edu2]

    def folder(self, who: OpenProfile | None = None) -> sh.TeamFolder:
        with (who or self.coord).session() as session:
            state = team.require_team(session)
        return sh.TeamFolder(self.share, state.team_id)

    def keys(self, who: OpenProfile) -> DeviceKeys:
        with who.session() as session:
            return team.device_keys(session)


# The device tags (services/cases.device_tag) of the profiles made in each test's folder, and
# the templates copied there (support/profiles.py).
_TAGS: dict[Path, set[str]] = {}
_COPIED: dict[Path, set[tuple[str, Role, str]]] = {}


def open_member(root: Path, name: str, role: Role) -> OpenProfile:
    """A new member's profile: a copy of the session's template for (name, role, folder name),
    or a new profile when this test already has that copy. Its device tag differs from those of
    the other profiles of the same test: two random device ids share a tag once in 32,768
    pairs, and the coordinator then refuses the second (rightly: their case codes could
    collide), which made a test fail about once in a hundred runs of the suite."""
    taken = _TAGS.setdefault(root.parent, set())
    copied = _COPIED.setdefault(root.parent, set())
    key = (name, role, root.name)
    if key not in copied:
        copied.add(key)
        template_copy(root, *key)
        opened = profiles.unlock(root, PASSPHRASE)
        tag = case_refs.device_tag(opened.device_id)
        if tag not in taken:
            taken.add(tag)
            return opened
        opened.close()
        shutil.rmtree(root)
    while True:
        profiles.init_profile(root, PASSPHRASE, name, role, root.name, kdf=FAST_KDF)
        opened = profiles.unlock(root, PASSPHRASE)
        tag = case_refs.device_tag(opened.device_id)
        if tag not in taken:
            taken.add(tag)
            return opened
        opened.close()
        shutil.rmtree(root)


def make_trio(tmp_path: Path) -> Iterator[Team]:
    """The body of a `trio` fixture: the team, closed again afterwards."""
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = open_member(tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu1 = open_member(tmp_path / "edu1", "Marco Locatelli", Role.EDUCATOR)
    edu2 = open_member(tmp_path / "edu2", "Sara Pesenti", Role.EDUCATOR)
    try:
        team.create_team(coord, "Équipe Valle Brembana", share)
        for who in (edu1, edu2):
            team.join_team(who, share)
            team.admit(coord, who.device_id)
        yield Team(share, coord, edu1, edu2)
    finally:
        for who in (coord, edu1, edu2):
            who.close()


# The same team for a fixture that builds more on it: `with team_of(tmp_path) as t:`.
team_of = contextmanager(make_trio)


def sync_all(t: Team, rounds: int = 2) -> None:
    for _ in range(rounds):
        for who in t.all:
            report = syncing.sync(who, t.share)
            assert report.refused == [], report.refused


def new_case(who: OpenProfile, summary: str = "Sintesi iniziale") -> CaseId:
    case = cases.add_case(
        who, ambito="VBR", service=Service.ADM, title="Famiglia R.", summary=summary, today=TODAY
    )
    return case.id


def set_clock(who: OpenProfile, moment: dt.datetime) -> None:
    """This laptop's clock, stopped at `moment` (its services read `who.now`)."""
    who.now = lambda: moment


def stop_clocks(t: Team) -> dt.datetime:
    """Every laptop's clock stopped at the same moment, returned: the tests move them from it."""
    start = utcnow()
    for who in t.all:
        set_clock(who, start)
    return start


def publish_by_hand(t: Team, who: OpenProfile, ops: list[Operation]) -> None:
    """`who`'s next bundle, written as a tampered laptop would: signed with its real key."""
    folder = t.folder()
    done = folder.bundles(who.device_id)
    sequence = len(done) + 1
    prev = b.FIRST_PREV_HASH
    if done:
        prev = hashlib.sha256(folder.bundle(who.device_id, sequence - 1).read_bytes()).hexdigest()
    with who.session() as session:
        state = team.require_team(session)
        keys = team.device_keys(session)
    assert state.roster is not None
    fields = b.BundleFields(state.team_id, who.device_id, sequence, prev)
    data = b.encode_bundle(fields, ops, state.roster.recipients(), keys.signing_key)
    sh.write_replace(folder.bundle(who.device_id, sequence), data)


@contextmanager
def late_member(t: Team, root: Path) -> Iterator[OpenProfile]:
    """A fourth device that joins once the team has a history, admitted by the coordinator
    (whose snapshot for it is then on the share), closed at the end."""
    late = open_member(root, "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, t.share)
        team.admit(t.coord, late.device_id)
        yield late
    finally:
        late.close()


Forgery = Callable[[SnapshotHeader, list[Operation]], tuple[SnapshotHeader, list[Operation]]]


def forge_snapshot(t: Team, late: OpenProfile, change: Forgery) -> bytes:
    """The coordinator's snapshot for `late` (one part) rewritten as a tampered coordinator's
    laptop would: `change` makes its header and operations, signed with the coordinator's real
    key and encrypted to `late`. Returns the honest part's bytes, to put back."""
    part = t.folder().snapshot_part(late.device_id, 1)
    honest = part.read_bytes()
    with t.coord.session() as session:
        keys = team.device_keys(session)
        state = team.require_team(session)
    with late.session() as session:
        mine = team.device_keys(session)
    coordinator = (t.coord.device_id, keys.signing_key.public_key())
    header, ops = read_snapshot(
        honest, coordinator, mine.identity, team_id=state.team_id, for_device=late.device_id
    )
    header, ops = change(header, ops)
    part.write_bytes(encode_snapshot(header, ops, mine.age_recipient, keys.signing_key))
    return honest
