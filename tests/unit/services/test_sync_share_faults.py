"""The shared folder cannot silence or starve a device (issue 12, item 4): a clock a year ahead
costs the operations it dated, not the device; junk snapshot parts and junk at a roster slot are
set aside while the rest still comes in; a file set aside is reported once. Real encrypted
profiles, a real share folder, an injected wall clock (`OpenProfile.now`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from faults import fill_the_disk
from minorifamiglie import portable
from minorifamiglie.cli import sync as cli_sync
from minorifamiglie.domain.enums import OpKind, Role
from minorifamiglie.domain.hlc import MAX_COUNTER, Timestamp
from minorifamiglie.services import cases, deadlines, dump, integrity, syncing, team
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.sync import bundle
from minorifamiglie.sync import share as sh
from minorifamiglie.sync.container import MAX_SEQUENCE
from minorifamiglie.sync.operations import Operation
from support.clock import TODAY
from sync_team import (
    Team,
    forge_snapshot,
    make_trio,
    new_case,
    open_member,
    publish_by_hand,
    set_clock,
    stop_clocks,
    sync_all,
)

YEAR = dt.timedelta(days=365)
trio = pytest.fixture(make_trio)


def case_of(who: OpenProfile) -> dict[str, object]:
    record: dict[str, object] = json.loads(dump.dump_json(who))["cases"][0]
    return record


def reasons(report: syncing.SyncReport) -> list[str]:
    return [r.reason for r in report.refused]


# ------------------------------------------------------------------------------ clock a year ahead


def test_a_clock_a_year_ahead_costs_its_operations_not_the_device(trio: Team) -> None:
    start = stop_clocks(trio)
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


# ------------------------------------------------------------------------------ snapshot parts


@pytest.mark.parametrize("junk", ["garbage", "copy"])
def test_a_junk_extra_snapshot_part_is_set_aside_and_the_member_gets_its_data(
    trio: Team, tmp_path: Path, junk: str
) -> None:
    case_id = new_case(trio.coord)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "da Marco"}, today=TODAY)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        folder = trio.folder()
        part = folder.snapshot_part(late.device_id, 1)
        extra = folder.snapshot_part(late.device_id, 2)
        # a file that is no snapshot, or a valid part (signed, for this device) in the wrong
        # place: either would make the snapshot look like two parts and keep the member empty
        extra.write_bytes(b"spazzatura" if junk == "garbage" else part.read_bytes())
        report = syncing.sync(late, trio.share)
        rel = str(extra.relative_to(folder.root))
        detail = "bad_magic" if junk == "garbage" else "misplaced"
        assert [(r.file, r.reason, r.detail) for r in report.refused] == [
            (rel, "set_aside", detail)
        ]
        assert report.imported > 0 and extra.exists()
        assert case_of(late)["summary"] == "da Marco"
        again = syncing.sync(late, trio.share)
        assert again.refused == [] and again.outcome == "ok"
        sync_all(trio)
        syncing.sync(late, trio.share)
        assert dump.dump_json(late) == dump.dump_json(trio.coord)
        assert integrity.check(late).sound
        assert syncing.history(late)[-1].refused[0].reason == "set_aside"  # still listed
    finally:
        late.close()


def test_a_damaged_snapshot_part_is_still_reported_and_waits(trio: Team, tmp_path: Path) -> None:
    new_case(trio.coord)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        part = trio.folder().snapshot_part(late.device_id, 1)
        good = part.read_bytes()
        part.write_bytes(good[:-10])
        rel = str(part.relative_to(trio.folder().root))
        for _ in range(2):  # in the way at every sync: said every time
            report = syncing.sync(late, trio.share)
            # (the bundles written before the member joined stay unreadable meanwhile)
            assert (report.refused[0].file, report.refused[0].reason) == (rel, "truncated")
        part.write_bytes(good)
        report = syncing.sync(late, trio.share)
        assert report.refused == [] and report.imported > 0
    finally:
        late.close()


# ------------------------------------------------------------------------------ said once


def test_a_file_set_aside_is_reported_once_and_kept_in_the_history(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    slot = folder.bundle(trio.edu1.device_id, 2)
    slot.write_bytes(b"spazzatura")
    rel = str(slot.relative_to(folder.root))
    cases.edit_case(trio.edu1, str(case_id), {"summary": "dopo il file estraneo"}, today=TODAY)

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sh, "write_new", full)
    first = syncing.sync(trio.edu1, trio.share)  # sets the file aside, then cannot write
    assert first.outcome == "interrupted"
    assert [(r.file, r.reason) for r in first.refused] == [(rel, "set_aside")]
    monkeypatch.undo()
    second = syncing.sync(trio.edu1, trio.share)  # passes it over again: not said again
    assert second.refused == [] and second.exported > 0 and second.outcome == "ok"
    runs = syncing.history(trio.edu1)
    assert [r.file for r in runs[1].refused] == [rel] and runs[0].refused == ()
    for who in (trio.coord, trio.edu2):  # each reader says it once too
        assert [r.reason for r in syncing.sync(who, trio.share).refused] == ["set_aside"]
        assert syncing.sync(who, trio.share).refused == []
    assert len({dump.dump_json(who) for who in trio.all}) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_a_folder_at_a_slot_is_set_aside_never_waited_on(trio: Team) -> None:
    # anyone who can write to the share can make them: a FIFO opened for reading waits for a
    # writer that never comes, a folder cannot be read at all
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    fifo = folder.bundle(trio.edu1.device_id, 2)
    os.mkfifo(fifo)
    version = team.show(trio.coord).roster_version or 0
    folder.roster(version + 1).mkdir()
    cases.edit_case(trio.edu1, str(case_id), {"summary": "dopo la FIFO"}, today=TODAY)
    report = syncing.sync(trio.edu1, trio.share)  # sets the FIFO aside, publishes past it
    assert report.outcome == "partial" and report.exported > 0  # partial: a file set aside
    assert [(r.file, r.reason) for r in report.refused] == [
        (str(fifo.relative_to(folder.root)), "set_aside")
    ]
    assert folder.bundle(trio.edu1.device_id, 3).is_file()
    for who in (trio.coord, trio.edu2):
        assert reasons(syncing.sync(who, trio.share)) == ["set_aside"]
        assert team.show(who).roster_version == version
    assert len({dump.dump_json(who) for who in trio.all}) == 1
    assert case_of(trio.coord)["summary"] == "dopo la FIFO"


def test_a_share_file_that_is_not_a_regular_file_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "cartella.mfb").mkdir()
    with pytest.raises(portable.NotAFileError):
        sh.read_capped(tmp_path / "cartella.mfb", 1000)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.mfb")
        with pytest.raises(portable.NotAFileError):  # at once: no writer is waited for
            sh.read_capped(tmp_path / "fifo.mfb", 1000)
        (tmp_path / "link.mfb").symlink_to(tmp_path / "fifo.mfb")
        with pytest.raises(portable.NotAFileError):
            sh.read_capped(tmp_path / "link.mfb", 1000)
    (tmp_path / "vero.mfb").write_bytes(b"MFBD")
    assert sh.read_capped(tmp_path / "vero.mfb", 1000) == b"MFBD"
    if hasattr(os, "O_NOFOLLOW"):
        # a link to another file of the share: sixty of them made a 21 MB share fill 1.2 GB
        (tmp_path / "copia.mfb").symlink_to(tmp_path / "vero.mfb")
        with pytest.raises(portable.NotAFileError):
            sh.read_capped(tmp_path / "copia.mfb", 1000)
        fh, _status = portable.open_regular(tmp_path / "copia.mfb")  # a user's own file may be
        with fh:
            assert fh.read() == b"MFBD"


# ------------------------------------------------------------------------------ roster slots


def test_junk_at_the_rosters_next_version_is_set_aside_and_admit_and_revoke_go_on(
    tmp_path: Path,
) -> None:
    share = tmp_path / "condivisa"
    share.mkdir()
    coord = open_member(tmp_path / "coord", "Giulia Rota", Role.COORDINATOR)
    edu1 = open_member(tmp_path / "edu1", "Marco Locatelli", Role.EDUCATOR)
    edu2 = open_member(tmp_path / "edu2", "Sara Pesenti", Role.EDUCATOR)
    try:
        team.create_team(coord, "Équipe Valle Brembana", share)
        t = Team(share, coord, edu1, edu2)
        folder = t.folder()
        team.join_team(edu1, share)
        folder.roster(2).parent.mkdir(parents=True, exist_ok=True)
        folder.roster(2).write_bytes(b"spazzatura")
        view = team.admit(coord, edu1.device_id)
        assert view.set_aside == ("roster/000002.roster",)
        assert folder.roster(2).read_bytes() == b"spazzatura"  # left where it is
        assert syncing.sync(edu1, share).refused == []
        assert team.show(edu1).roster_version == 3
        assert syncing.sync(coord, share).refused == []  # so edu2's snapshot covers edu1's work

        # a copy of a genuine roster at the wrong version is no signed word for that slot
        folder.roster(4).write_bytes(folder.roster(1).read_bytes())
        team.join_team(edu2, share)
        view = team.admit(coord, edu2.device_id)
        assert view.set_aside == ("roster/000004.roster",)
        new_case(edu2)
        sync_all(t)
        assert {team.show(who).roster_version for who in t.all} == {5}
        assert len({dump.dump_json(who) for who in t.all}) == 1

        folder.roster(6).write_bytes(b"")
        view = team.revoke(coord, edu2.device_id)
        assert view.set_aside == ("roster/000006.roster",) and view.status == "revoked"
        with pytest.raises(team.TeamError, match="revocato"):
            syncing.sync(edu2, share)
        assert syncing.sync(edu1, share).refused == []
        assert team.show(edu1).roster_version == 7
        # the next change starts past everything: nothing set aside again
        assert team.revoke(coord, edu1.device_id).set_aside == ()
    finally:
        for who in (coord, edu1, edu2):
            who.close()


def test_what_needs_a_record_created_with_a_wrong_date_waits_with_it_not_the_device(
    trio: Team,
) -> None:
    start = stop_clocks(trio)
    old_case = new_case(trio.coord)
    sync_all(trio)
    set_clock(trio.edu1, start + YEAR)
    future_case = new_case(trio.edu1, "Caso aperto con la data sbagliata")
    syncing.sync(trio.edu1, trio.share)
    set_clock(trio.edu1, start + dt.timedelta(minutes=5))
    deadlines.add_deadline(trio.edu1, future_case, title="Udienza", due_on=TODAY)
    cases.edit_case(trio.edu1, str(old_case), {"summary": "Corretta"})
    assert syncing.sync(trio.edu1, trio.share).refused == []

    set_clock(trio.coord, start + dt.timedelta(minutes=6))
    first = syncing.sync(trio.coord, trio.share)
    assert reasons(first) == ["clock_ahead", "clock_ahead"]  # one per bundle, nothing waits
    assert first.bundles_imported == 2
    again = syncing.sync(trio.coord, trio.share)
    assert again.refused == [] and again.released == 0
    cases_there = json.loads(dump.dump_json(trio.coord))["cases"]
    assert [c["summary"] for c in cases_there] == ["Corretta"]
    assert integrity.check(trio.coord).sound

    for who in trio.all:
        set_clock(who, start + YEAR + dt.timedelta(hours=1))
    for _ in range(2):
        for who in trio.all:
            assert syncing.sync(who, trio.share).refused == []
    assert len({dump.dump_json(who) for who in trio.all}) == 1
    assert len(json.loads(dump.dump_json(trio.coord))["cases"]) == 2
    for who in trio.all:
        assert integrity.check(who).sound


def test_a_member_admitted_while_an_operation_is_held_gets_it_too(
    trio: Team, tmp_path: Path
) -> None:
    start = stop_clocks(trio)
    case_id = new_case(trio.coord)
    sync_all(trio)
    set_clock(trio.edu1, start + YEAR)
    cases.edit_case(trio.edu1, str(case_id), {"title": "Famiglia R. (Zogno)"})
    syncing.sync(trio.edu1, trio.share)
    assert syncing.sync(trio.coord, trio.share).held == 1
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        set_clock(late, start)
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        first = syncing.sync(late, trio.share)  # the snapshot carries the held operation
        assert first.held == 1 and reasons(first) == ["clock_ahead"]
        assert case_of(late)["title"] == "Famiglia R."
        for who in [*trio.all, late]:
            set_clock(who, start + YEAR + dt.timedelta(hours=1))
        for _ in range(2):
            for who in [*trio.all, late]:
                assert syncing.sync(who, trio.share).refused == []
        assert case_of(late)["title"] == "Famiglia R. (Zogno)"
        assert len({dump.dump_json(who) for who in [*trio.all, late]}) == 1
        assert integrity.check(late).sound
    finally:
        late.close()


# ------------------------------------------------------------------------------ counter


def test_a_teammates_stamp_at_the_greatest_counter_leaves_everyone_writing(trio: Team) -> None:
    # A tampered laptop stamps an edit a minute ahead with counter 999999: before, the next
    # local stamp of every device that synced it had seven digits and storage refused it, so
    # nobody could save anything until that minute (up to a day) had passed.
    start = stop_clocks(trio)
    case_id = new_case(trio.coord)
    sync_all(trio)
    with trio.coord.read_session() as session:
        insert = session.execute(
            select(m.ChangeRow.op_id).where(m.ChangeRow.entity_id == case_id)
        ).scalar_one()
    edu2 = trio.edu2.device_id
    stamp = Timestamp(int(start.timestamp() * 1000) + 60_000, MAX_COUNTER, edu2.hex).encode()
    edit = Operation(uuid.uuid4(), edu2, stamp, "cases", case_id, OpKind.UPDATE,
                     {"summary": "Al contatore massimo"}, insert)  # fmt: skip
    publish_by_hand(trio, trio.edu2, [edit])
    for who in (trio.coord, trio.edu1):
        assert syncing.sync(who, trio.share).refused == []
        new_case(who, "Scritta dopo")  # raised ValidationError (version_hlc) before
        with who.read_session() as session:
            mine = (
                session.execute(
                    select(m.ChangeRow.hlc)
                    .where(m.ChangeRow.device_id == who.device_id)
                    .order_by(m.ChangeRow.seq.desc())
                )
                .scalars()
                .first()
            )
        assert mine is not None and mine > stamp and len(mine) == len(stamp)
    sync_all(trio)
    assert dump.dump_json(trio.coord) == dump.dump_json(trio.edu1) == dump.dump_json(trio.edu2)
    assert all(integrity.check(who).sound for who in trio.all)


# ------------------------------------------------------------------------------ many folders


def test_folders_of_unknown_devices_are_said_once_and_read_nothing_of_the_profile(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Anyone who can write to the share can make folders under bundles/ (no key needed):
    # before, each cost a write transaction and a refusal stored in the history at every sync.
    new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    for k in range(300):
        junk = folder.bundle(uuid.UUID(int=(9 << 100) + k), 1)
        junk.parent.mkdir(parents=True)
        junk.write_bytes(b"spazzatura")
    asked: list[uuid.UUID] = []
    last_bundle = syncing._last_bundle

    def counted(session: Any, device: uuid.UUID) -> tuple[int, str]:
        asked.append(device)
        return last_bundle(session, device)

    monkeypatch.setattr(syncing, "_last_bundle", counted)
    first = syncing.sync(trio.coord, trio.share)
    assert [r.reason for r in first.refused] == ["signer_unknown"] * 300
    assert len(asked) <= len(trio.all) + 1  # the members' queues, not the 300 folders
    again = syncing.sync(trio.coord, trio.share)
    assert again.refused == [] and again.outcome == "ok"
    latest, before = syncing.history(trio.coord)[:2]  # newest first
    assert (len(latest.refused), len(before.refused)) == (0, 300)  # kept where first said


def test_what_was_said_once_is_remembered_up_to_a_bound(
    opened: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(syncing, "MAX_SAID", 2)
    aside = [syncing.Refusal(f"bundles/x/{k:08d}.mfb", "set_aside", "bad_magic") for k in range(3)]
    with opened.session() as session:
        assert syncing._not_reported_before(session, aside) == aside
        assert syncing._not_reported_before(session, aside[1:]) == []  # the newest two kept
        assert syncing._not_reported_before(session, aside[:1]) == aside[:1]  # said once more


# ------------------------------------------------ a device's folder and slots, tampered with


def test_a_slot_named_with_other_digits_does_not_shadow_the_real_bundle(trio: Team) -> None:
    # Given edu1's real bundle 2 on the share, and beside it an empty file whose name has an
    # Arabic-Indic two (U+0662), which int() reads as 2
    case_id = new_case(trio.edu1)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "la vera seconda"}, today=TODAY)
    syncing.sync(trio.edu1, trio.share)
    folder = trio.folder()
    (folder.bundle(trio.edu1.device_id, 2).parent / "0000000\u0662.mfb").write_bytes(b"")
    # Then it is nobody's slot: the real bundle 2 comes in, nothing is refused
    assert [s for s, _ in folder.bundles(trio.edu1.device_id)] == [1, 2]
    report = syncing.sync(trio.coord, trio.share)
    assert report.refused == [] and report.bundles_imported == 1
    assert case_of(trio.coord)["summary"] == "la vera seconda"


def test_a_link_to_nothing_at_the_next_slot_is_set_aside_not_taken_for_published(
    trio: Team,
) -> None:
    # Given a symbolic link to nothing where edu1's bundle 2 would go: exists() says the slot
    # is free, the write then finds the name taken
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    slot = folder.bundle(trio.edu1.device_id, 2)
    slot.symlink_to(slot.parent / "non-esiste")
    cases.edit_case(trio.edu1, str(case_id), {"summary": "oltre il collegamento"}, today=TODAY)
    # When edu1 syncs, then it sets the link aside and publishes past it
    report = syncing.sync(trio.edu1, trio.share)
    assert report.exported > 0 and reasons(report) == ["set_aside"]
    assert folder.bundle(trio.edu1.device_id, 3).is_file()
    syncing.sync(trio.coord, trio.share)
    assert case_of(trio.coord)["summary"] == "oltre il collegamento"


def test_a_file_where_the_devices_folder_belongs_is_said_not_passed_over(trio: Team) -> None:
    # Given a plain file in place of edu1's folder of bundles
    case_id = new_case(trio.edu1)
    sync_all(trio)
    own = trio.folder().bundle(trio.edu1.device_id, 1).parent
    for path in own.iterdir():
        path.unlink()
    own.rmdir()
    own.write_bytes(b"non una cartella")
    cases.edit_case(trio.edu1, str(case_id), {"summary": "in attesa"}, today=TODAY)
    # Then edu1's sync says nothing was published and why, at every sync
    for _ in range(2):
        report = syncing.sync(trio.edu1, trio.share)
        assert (report.outcome, report.exported, reasons(report)) == (
            "partial",
            0,
            ["not_a_folder"],
        )
        assert "nulla è stato pubblicato" in report.refused[0].message()
    # And once the file is moved away, the edit goes out
    own.unlink()
    assert syncing.sync(trio.edu1, trio.share).exported > 0
    syncing.sync(trio.coord, trio.share)
    assert case_of(trio.coord)["summary"] == "in attesa"


def test_a_bundle_signed_for_the_last_slot_does_not_send_the_device_past_it(
    trio: Team,
) -> None:
    # Given a bundle signed with edu1's real key (a copy of its laptop) for slot 99,999,999,
    # naming edu1's last bundle: followed, it would make edu1's next bundle 100000000.mfb,
    # a name nobody reads
    case_id = new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    me = trio.edu1.device_id
    with trio.edu1.session() as session:
        state = team.require_team(session)
        keys = team.device_keys(session)
    assert state.roster is not None
    last = hashlib.sha256(folder.bundle(me, 1).read_bytes()).hexdigest()
    fields = bundle.BundleFields(state.team_id, me, MAX_SEQUENCE, last)
    forged = bundle.encode_bundle(fields, [], state.roster.recipients(), keys.signing_key)
    folder.bundle(me, MAX_SEQUENCE).write_bytes(forged)
    with pytest.raises(ValueError, match="sequence from 1"):
        bundle.encode_bundle(bundle.BundleFields(state.team_id, me, MAX_SEQUENCE + 1,
                                                 last), [], state.roster.recipients(),
                             keys.signing_key)  # fmt: skip
    # When edu1 edits and syncs, and the others sync
    cases.edit_case(trio.edu1, str(case_id), {"summary": "ancora al posto 2"}, today=TODAY)
    syncing.sync(trio.edu1, trio.share)
    # Then edu1 published at slot 2, and everyone has its edit; the far file waits, said as
    # the gap before it
    assert folder.bundle(me, 2).is_file()
    for who in (trio.coord, trio.edu2):
        report = syncing.sync(who, trio.share)
        assert [(r.reason, r.detail) for r in report.refused] == [("gap", "manca 00000003.mfb")]
        assert case_of(who)["summary"] == "ancora al posto 2"


def test_what_a_killed_sync_left_in_its_own_folder_goes_with_the_next(trio: Team) -> None:
    # Given the temporary file of a bundle whose sync was killed before its rename, in edu1's
    # folder, and one in edu2's folder (edu2's own business)
    new_case(trio.edu1)
    sync_all(trio)
    folder = trio.folder()
    mine = folder.bundle(trio.edu1.device_id, 1).parent / ".tmp-k2j4x_9a.part"
    theirs = folder.bundle(trio.edu2.device_id, 1).parent / ".tmp-k2j4x_9a.part"
    for part in (mine, theirs):
        part.write_bytes(b"age-encryption.org/v1 ...")
        os.utime(part, (1_000_000_000, 1_000_000_000))  # 2001: long before this sync
    # When edu1 syncs, then its leftover is gone and nothing else is touched or reported
    report = syncing.sync(trio.edu1, trio.share)
    assert report.refused == []
    assert not mine.exists() and theirs.exists()


def test_a_full_share_is_named_as_full_not_as_gone(
    trio: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an edit to publish, and a shared folder with no space left (every write there
    # fails with ENOSPC)
    case_id = new_case(trio.edu1)
    sync_all(trio)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "in attesa di spazio"}, today=TODAY)
    with monkeypatch.context() as patched:
        fill_the_disk(patched)
        report = syncing.sync(trio.edu1, trio.share)
    # Then the sync says the share is full (the user frees space, not checks the cable)
    assert (report.outcome, report.interrupted_by) == ("interrupted", "full")
    assert report.to_json()["interrupted_by"] == "full"
    assert "piena" in cli_sync.INTERRUPTED["full"]
    # And once there is room again, the edit goes out
    assert syncing.sync(trio.edu1, trio.share).exported > 0
    syncing.sync(trio.coord, trio.share)
    assert case_of(trio.coord)["summary"] == "in attesa di spazio"


def test_snapshot_parts_its_headers_count_but_the_share_lacks_are_said(
    trio: Team, tmp_path: Path
) -> None:
    # Given a snapshot whose signed header counts three parts, only the first on the share
    new_case(trio.coord)
    sync_all(trio)
    late = open_member(tmp_path / "edu3", "Elena Gritti", Role.EDUCATOR)
    try:
        team.join_team(late, trio.share)
        team.admit(trio.coord, late.device_id)
        forge_snapshot(trio, late, lambda header, ops: (replace(header, parts=3), ops))
        missing = str(
            trio.folder().snapshot_part(late.device_id, 2).relative_to(trio.folder().root)
        )
        # Then each sync says which is missing and how many, not only what follows from it
        for _ in range(2):
            report = syncing.sync(late, trio.share)
            assert (missing, "gap", "mancano 2 parti su 3") in [
                (r.file, r.reason, r.detail) for r in report.refused
            ]
    finally:
        late.close()
