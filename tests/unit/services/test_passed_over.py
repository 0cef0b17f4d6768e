"""Junk on the share is read once, not at every sync (services/passed_over.py): roster files
above the version in effect and files in a device's later bundle slots, which anyone who can
write to the share can leave there without a key, are remembered once passed over and not read
again while unchanged; the real roster or bundle that comes later is still taken. Real
encrypted profiles and a real share folder; reads counted where the sync makes them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from minorifamiglie.services import cases, dump, integrity, passed_over, syncing, team
from minorifamiglie.storage.profile import OpenProfile, set_local
from minorifamiglie.sync import roster as roster_files
from support.clock import TODAY
from sync_team import Team, late_member, make_trio, new_case, sync_all

trio = pytest.fixture(make_trio)


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Path]:
    """The paths `module.name(path, ...)` is called with, from now on."""
    calls: list[Path] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(next(a for a in args if isinstance(a, Path)))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_junk_rosters_are_read_once_and_the_next_real_roster_is_adopted(
    trio: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case(trio.coord)
    sync_all(trio)
    folder = trio.folder()
    current = max(v for v, _ in folder.rosters())
    junk = [folder.roster(current + k) for k in range(1, 21)]
    for path in junk:
        path.write_bytes(os.urandom(4096))
    reads = counting(monkeypatch, team, "read_envelope")
    assert syncing.sync(trio.edu1, trio.share).outcome == "ok"
    assert sorted(reads) == sorted(junk)
    reads.clear()
    syncing.sync(trio.edu1, trio.share)
    team.show(trio.edu1)  # the Team page looks too
    assert reads == []
    # the coordinator admits a fourth laptop: its roster goes past the junk, and is adopted
    with late_member(trio, tmp_path / "edu3") as late:
        syncing.sync(trio.edu1, trio.share)
        assert [r for r in reads if r not in junk] != []
        with trio.edu1.read_session() as session:
            roster = team.require_team(session).roster
        assert roster is not None and roster.member(late.device_id) is not None


def test_junk_in_a_devices_later_slots_is_read_once_and_its_bundles_still_come(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    next_slot = max(s for s, _ in folder.bundles(trio.edu1.device_id)) + 1
    junk = [folder.bundle(trio.edu1.device_id, next_slot + k) for k in range(5, 25)]
    for path in junk:
        path.write_bytes(os.urandom(4096))
    reads = counting(monkeypatch, syncing, "_signed_header")
    syncing.sync(trio.coord, trio.share)  # Marco's next slot is empty: later files looked at
    assert sorted(reads) == sorted(junk)
    reads.clear()
    syncing.sync(trio.coord, trio.share)
    assert reads == []
    # Marco goes on writing, in his next slots: taken as ever, the junk still unread
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Dopo i file estranei"}, today=TODAY)
    syncing.sync(trio.edu1, trio.share)  # its first look at them, once
    reads.clear()
    report = syncing.sync(trio.coord, trio.share)
    assert report.imported == 1 and reads == []
    assert dump.dump_json(trio.coord) == dump.dump_json(trio.edu1)
    assert integrity.check(trio.coord).sound


def test_a_file_written_again_at_its_place_is_read_again(
    tmp_path: Path, opened: OpenProfile
) -> None:
    root = tmp_path / "condivisa"
    path = root / "roster" / "000009.roster"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"spazzatura")
    with opened.session() as session:
        passed = passed_over.PassedOver.load(session, root)
        passed.add(path, passed.stamp(path))
        passed.save(session)
    with opened.read_session() as session:
        again = passed_over.PassedOver.load(session, root)
    assert again.known(path, again.stamp(path))
    path.write_bytes(b"spazzatura, ma piu lunga")
    assert not again.known(path, again.stamp(path))
    missing = root / "roster" / "000010.roster"
    assert not again.known(missing, again.stamp(missing))  # never seen, or gone


def test_swapped_back_with_its_old_size_and_time_a_file_is_read_again(tmp_path: Path) -> None:
    # junk made to look like the real file (same size, same modification time), then the real
    # file moved back: the inode and the status-change time tell them apart
    real = tmp_path / "000004.roster"
    real.write_bytes(b"il vero roster")
    before = real.stat()
    aside = tmp_path / "altrove.bin"
    os.replace(real, aside)
    real.write_bytes(b"x" * before.st_size)
    os.utime(real, ns=(before.st_atime_ns, before.st_mtime_ns))
    passed = passed_over.PassedOver(tmp_path)
    passed.add(real, passed.stamp(real))
    os.replace(aside, real)
    assert (real.stat().st_size, real.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert not passed.known(real, passed.stamp(real))


def test_at_most_max_entries_are_kept_the_least_recently_met_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passed_over, "MAX_ENTRIES", 3)
    passed = passed_over.PassedOver(tmp_path)
    paths = [tmp_path / f"{k:06d}.roster" for k in range(5)]
    for path in paths[:3]:
        path.write_bytes(b"x")
        passed.add(path, passed.stamp(path))
    assert passed.known(paths[0], passed.stamp(paths[0]))  # met again: kept longest
    for path in paths[3:]:
        path.write_bytes(b"x")
        passed.add(path, passed.stamp(path))
    assert list(passed.entries) == ["000000.roster", "000003.roster", "000004.roster"]


def test_a_roster_replaced_while_it_was_read_is_adopted_at_the_next_sync(
    trio: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A share without hard links: the coordinator's write reserves the name with an empty
    # placeholder, then replaces it; edu1 reads the placeholder just before the replace.
    # The stamp is the one of what was read, so the real roster is read at the next sync
    # (it was stamped after the read, and passed over for good).
    sync_all(trio)
    folder = trio.folder()
    with late_member(trio, tmp_path / "edu3"):
        version, real = max(folder.rosters())
        aside = real.with_name("vero.tmp")
        os.replace(real, aside)
        real.write_bytes(b"")
        original = roster_files.read_envelope

        def read_then_the_writer_finishes(path: Path, *args: Any, **kwargs: Any) -> bytes:
            data = original(path, *args, **kwargs)
            if path == real and aside.exists():
                os.replace(aside, real)
            return data

        monkeypatch.setattr(team, "read_envelope", read_then_the_writer_finishes)
        syncing.sync(trio.edu1, trio.share)
        monkeypatch.setattr(team, "read_envelope", original)
        syncing.sync(trio.edu1, trio.share)
        with trio.edu1.read_session() as session:
            roster = team.require_team(session).roster
        assert roster is not None and roster.version == version


def test_a_roster_swapped_for_junk_and_back_is_adopted(trio: Team) -> None:
    # Someone who can write to the share (no key) swaps the roster revoking a stolen laptop
    # for junk of its size and time while edu1 syncs, then puts it back: edu1 still adopts it.
    sync_all(trio)
    folder = trio.folder()
    team.revoke(trio.coord, trio.edu2.device_id)
    version, real = max(folder.rosters())
    before = real.stat()
    aside = folder.root / "altrove.bin"
    os.replace(real, aside)
    real.write_bytes(os.urandom(before.st_size))
    os.utime(real, ns=(before.st_atime_ns, before.st_mtime_ns))
    syncing.sync(trio.edu1, trio.share)
    os.replace(aside, real)
    syncing.sync(trio.edu1, trio.share)
    with trio.edu1.read_session() as session:
        roster = team.require_team(session).roster
    assert roster is not None and roster.version == version
    member = roster.member(trio.edu2.device_id)
    assert member is not None and not member.active


def test_a_damaged_memory_of_it_is_an_empty_one(opened: OpenProfile, tmp_path: Path) -> None:
    for stored in ("{", "[1, 2]", '{"a": [1, "x"], "b": 3}'):
        with opened.session() as session:
            set_local(session, passed_over.KEY, stored)
        with opened.read_session() as session:
            assert passed_over.PassedOver.load(session, tmp_path).entries == {}
