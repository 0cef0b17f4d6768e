"""A device puts back its own bundles gone missing or damaged on the share (revision 0008): a
teammate's cleaning, a synced folder's mishap or a tampered laptop deleting one published file
must not cut the readers that had not read it off the device's work for good (issue 12: the
share cannot silence a device). Real encrypted profiles and a real share folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete

from minorifamiglie.services import cases, dump, integrity, profiles, syncing
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync import share as sh
from support.profiles import PASSPHRASE
from sync_team import Team, late_member, make_trio, new_case, sync_all

trio = pytest.fixture(make_trio)


def case_of(who: OpenProfile) -> dict[str, object]:
    record: dict[str, object] = json.loads(dump.dump_json(who))["cases"][0]
    return record


def reasons(report: syncing.SyncReport) -> list[str]:
    return [r.reason for r in report.refused]


def publish_edits(who: OpenProfile, share: Path, count: int) -> list[str]:
    """`count` edits of a new case of `who`, each published in a bundle of its own."""
    case_id = new_case(who)
    summaries = [f"Sintesi {n}" for n in range(1, count + 1)]
    syncing.sync(who, share)
    for summary in summaries:
        cases.edit_case(who, str(case_id), {"summary": summary})
        syncing.sync(who, share)
    return summaries


def test_a_deleted_bundle_is_put_back_and_the_teammate_gets_the_work(trio: Team) -> None:
    # Given edu1's first bundle, published, and deleted from the share before edu2 read it
    new_case(trio.edu1, "Scritta da Marco")
    assert syncing.sync(trio.edu1, trio.share).bundles_exported == 1
    first = trio.folder().bundle(trio.edu1.device_id, 1)
    published = first.read_bytes()
    first.unlink()
    assert reasons(syncing.sync(trio.edu2, trio.share)) == []  # nothing there: nothing to say
    # When edu1 syncs again
    report = syncing.sync(trio.edu1, trio.share)
    # Then the very same bytes are back, and the user is told
    assert first.read_bytes() == published
    assert (report.restored, report.outcome, report.refused) == (1, "ok", [])
    assert "rimesso com'era stato pubblicato" in report.notices("it")[0]
    # And edu2 gets edu1's work; both profiles stay sound
    syncing.sync(trio.edu2, trio.share)
    assert case_of(trio.edu2)["summary"] == "Scritta da Marco"
    assert integrity.check(trio.edu1).sound and integrity.check(trio.edu2).sound
    # And a later sync has nothing to put back
    assert syncing.sync(trio.edu1, trio.share).restored == 0


def test_a_damaged_bundle_is_set_aside_and_put_back(trio: Team) -> None:
    # Given edu1's bundle overwritten on the share with junk of another size
    new_case(trio.edu1, "Scritta da Marco")
    syncing.sync(trio.edu1, trio.share)
    path = trio.folder().bundle(trio.edu1.device_id, 1)
    published = path.read_bytes()
    path.write_bytes(b"junk" * 10)
    assert reasons(syncing.sync(trio.edu2, trio.share)) == ["bad_magic"]
    # When edu1 syncs
    assert syncing.sync(trio.edu1, trio.share).restored == 1
    # Then the junk is set aside beside it, renamed, and the bundle is back
    assert path.read_bytes() == published
    assert path.with_name(path.name + ".damaged-1").read_bytes() == b"junk" * 10
    # And edu2, which refused the junk, now reads the bundle
    assert reasons(syncing.sync(trio.edu2, trio.share)) == []
    assert case_of(trio.edu2)["summary"] == "Scritta da Marco"


def test_a_folder_or_a_link_at_a_published_slot_is_set_aside_too(trio: Team) -> None:
    publish_edits(trio.edu1, trio.share, 1)
    folder = trio.folder()
    first, second = (folder.bundle(trio.edu1.device_id, n) for n in (1, 2))
    kept = first.read_bytes(), second.read_bytes()
    first.unlink()
    first.mkdir()
    second.unlink()
    second.symlink_to(first.parent / "nowhere")
    assert syncing.sync(trio.edu1, trio.share).restored == 2
    assert (first.read_bytes(), second.read_bytes()) == kept
    assert first.with_name(first.name + ".damaged-1").is_dir()
    assert second.with_name(second.name + ".damaged-1").is_symlink()


def test_each_sync_looks_at_a_bounded_turn_of_older_bundles(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given six bundles of edu1, and a sync that looks at the newest and two older ones a turn
    publish_edits(trio.edu1, trio.share, 5)
    folder = trio.folder()
    paths = [folder.bundle(trio.edu1.device_id, n) for n in range(1, 7)]
    assert all(p.exists() for p in paths) and not folder.bundle(trio.edu1.device_id, 7).exists()
    monkeypatch.setattr(syncing, "_MEND_NEWEST", 1)
    monkeypatch.setattr(syncing, "_MEND_TURN", 2)
    # When the fourth is damaged in place (its size and time change)
    published = paths[3].read_bytes()
    paths[3].write_bytes(b"x" * len(published))
    os.utime(paths[3], ns=(1, 1))
    # Then the turns go 1-2, 3-4: the second sync puts it back
    assert syncing.sync(trio.edu1, trio.share).restored == 0
    assert syncing.sync(trio.edu1, trio.share).restored == 1
    assert paths[3].read_bytes() == published
    # And a deleted file is seen at once, whatever the turn
    paths[0].unlink()
    assert syncing.sync(trio.edu1, trio.share).restored == 1
    assert paths[0].exists()


def test_an_intact_file_is_not_read_again(trio: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    publish_edits(trio.edu1, trio.share, 2)
    syncing.sync(trio.edu1, trio.share)  # read back once, if found rather than written
    read: list[Path] = []
    reader = sh.read_capped

    def counted(path: Path, cap: int) -> bytes:
        read.append(path)
        return reader(path, cap)

    monkeypatch.setattr(sh, "read_capped", counted)
    syncing.sync(trio.edu1, trio.share)
    own = trio.folder().bundle(trio.edu1.device_id, 1).parent
    assert [p for p in read if p.parent == own] == []


def test_a_bundle_published_before_its_bytes_were_kept_is_said_lost_once(trio: Team) -> None:
    # Given two bundles published by an older version (no copy kept), the newest then deleted
    # from the share
    publish_edits(trio.edu1, trio.share, 1)
    with trio.edu1.session() as session:
        session.execute(delete(m.PublishedBundleRow))
    trio.folder().bundle(trio.edu1.device_id, 2).unlink()
    # Then the owner is told it cannot be put back, once (and not that it counts bundles of
    # its own beyond the share, which is said of other devices)
    report = syncing.sync(trio.edu1, trio.share)
    assert (reasons(report), report.restored, report.outcome) == (["own_lost"], 0, "partial")
    assert "non può essere rimesso" in report.refused[0].message("it")
    assert reasons(syncing.sync(trio.edu1, trio.share)) == []


def test_readers_that_had_read_it_are_unaffected(trio: Team) -> None:
    # Given everyone in step, then edu1's first bundle deleted from the share, and more work
    # of edu1: it is put back beside the new bundle, and the readers who had read it go on
    new_case(trio.edu1, "prima")
    sync_all(trio)
    folder = trio.folder()
    first = folder.bundle(trio.edu1.device_id, 1)
    first.unlink()
    cases.edit_case(trio.edu1, str(new_case(trio.edu1, "seconda")), {"summary": "seconda bis"})
    report = syncing.sync(trio.edu1, trio.share)
    assert (report.restored, report.bundles_exported) == (1, 1)
    for who in (trio.coord, trio.edu2):
        assert reasons(syncing.sync(who, trio.share)) == []
        assert integrity.check(who).sound


def test_the_newest_bundle_deleted_is_put_back_without_a_word_against_the_device(
    trio: Team,
) -> None:
    # Given two bundles of edu1 on the share, the newest deleted
    publish_edits(trio.edu1, trio.share, 1)
    newest = trio.folder().bundle(trio.edu1.device_id, 2)
    newest.unlink()
    # Then its sync puts it back and refuses nothing (no "beyond_share" of its own bundles)
    report = syncing.sync(trio.edu1, trio.share)
    assert (report.restored, report.refused, report.outcome) == (1, [], "ok")
    assert newest.exists()


@pytest.mark.parametrize("damage", ["deleted", "junk", "older copy"])
def test_the_coordinator_puts_back_its_roster_lost_on_the_share(
    trio: Team, tmp_path: Path, damage: str
) -> None:
    with late_member(trio, tmp_path / "edu3") as late:
        # Given a late member admitted, at work, and the roster that admitted it then deleted
        # from the share, damaged, or replaced by a copy of the version before, before edu1
        # read it (readers pass over such a file: the late member stays unknown to them, and
        # what they write is not encrypted to it)
        syncing.sync(late, trio.share)
        new_case(late, "di Elena")
        syncing.sync(late, trio.share)
        folder = trio.folder()
        (version, path), *_ = reversed(folder.rosters())
        before = folder.roster(version - 1).read_bytes()
        path.unlink()
        if damage == "junk":
            path.write_bytes(b"spazzatura")
        elif damage == "older copy":
            path.write_bytes(before)
        # When the coordinator syncs, its roster is there again, what stood there set aside
        report = syncing.sync(trio.coord, trio.share)
        assert (report.restored, report.refused) == (1, [])
        assert folder.rosters()[-1] == (version, path)
        assert path.with_name(path.name + ".damaged-1").exists() == (damage != "deleted")
        assert syncing.sync(trio.coord, trio.share).restored == 0
        # Then edu1 takes the late member's work, and the late member reads edu1's
        assert reasons(syncing.sync(trio.edu1, trio.share)) == []
        assert case_of(trio.edu1)["summary"] == "di Elena"
        new_case(trio.edu1, "di Marco")
        syncing.sync(trio.edu1, trio.share)
        assert reasons(syncing.sync(late, trio.share)) == []
        assert {c["summary"] for c in json.loads(dump.dump_json(late))["cases"]} == {
            "di Elena",
            "di Marco",
        }


def test_a_device_folder_that_is_a_link_out_of_the_share_is_never_written(
    trio: Team, tmp_path: Path
) -> None:
    # Given edu1's folder of bundles replaced by a link to a folder outside the share
    publish_edits(trio.edu1, trio.share, 1)
    own = trio.folder().bundle(trio.edu1.device_id, 1).parent
    outside = tmp_path / "fuori"
    outside.mkdir()
    own.rename(tmp_path / "messa-via")
    own.symlink_to(outside)
    new_case(trio.edu1, "altro lavoro")
    # Then its sync writes nothing there, neither its history nor its new work, and says why
    report = syncing.sync(trio.edu1, trio.share)
    assert list(outside.iterdir()) == []
    assert (reasons(report), report.restored, report.exported) == (["not_a_folder"], 0, 0)
    assert report.refused[0].detail == "link"


def test_another_copy_of_the_profile_at_a_place_is_said_once_not_rewritten(
    trio: Team, tmp_path: Path
) -> None:
    # Given a copy of edu1's profile (a backup restored on a second laptop) and both copies
    # publishing their own bundle 2 while apart; the share keeps the copy's
    publish_edits(trio.edu1, trio.share, 0)
    copy_root = tmp_path / "copia"
    shutil.copytree(trio.edu1.paths.root, copy_root)
    copy = profiles.unlock(copy_root, PASSPHRASE)
    try:
        place = trio.folder().bundle(trio.edu1.device_id, 2)
        new_case(trio.edu1, "sul primo portatile")
        syncing.sync(trio.edu1, trio.share)
        theirs = place.read_bytes()
        place.unlink()
        new_case(copy, "sul secondo portatile")
        syncing.sync(copy, trio.share)
        place.write_bytes(theirs)  # the share's sync client kept the first laptop's file
        # Then neither copy renames and rewrites the other's bundle, sync after sync
        for _ in range(2):
            for who in (trio.edu1, copy):
                report = syncing.sync(who, trio.share)
                assert report.restored == 0
        assert not list(place.parent.glob("*.damaged-*"))
        assert place.read_bytes() == theirs
    finally:
        copy.close()


def test_a_bundle_that_cannot_be_put_back_is_said_and_the_rest_comes_in(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given edu1's bundle deleted, work of edu2 waiting, and edu1's folder refusing writes
    new_case(trio.edu1)
    syncing.sync(trio.edu1, trio.share)
    trio.folder().bundle(trio.edu1.device_id, 1).unlink()
    new_case(trio.edu2, "di Luca")
    syncing.sync(trio.edu2, trio.share)

    def denied(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sh, "write_new", denied)
    report = syncing.sync(trio.edu1, trio.share)
    # Then edu1 is told, and edu2's work comes in all the same
    assert ("not_restored", "denied") in [(r.reason, r.detail) for r in report.refused]
    assert "di Luca" in {c["summary"] for c in json.loads(dump.dump_json(trio.edu1))["cases"]}


def test_a_file_rewritten_in_place_with_its_size_and_time_set_back_is_seen(trio: Team) -> None:
    # what no one can set back (its status-change time) is in the stamp too
    publish_edits(trio.edu1, trio.share, 1)
    path = trio.folder().bundle(trio.edu1.device_id, 2)
    published = path.read_bytes()
    before = path.stat()
    path.write_bytes(bytes(len(published)))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same time
    assert syncing.sync(trio.edu1, trio.share).restored == 1
    assert path.read_bytes() == published
