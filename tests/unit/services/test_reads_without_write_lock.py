"""The last pure reads moved to read sessions: while another process holds the write lock (a
sync, an import), the drafts to reopen, the team as this device knows it, the paper-sheet
registry, attachments, the hand-off preview and the hours report still answer at once. What one
of them has to record (a draft gone, a newer roster) is written by a short write after the read;
a view's audit event is written when the lock is free."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from faults import DatabaseHolder
from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction, Role, Service
from minorifamiglie.domain.errors import ProfileBusyError
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import (
    attachments,
    cases,
    drafts,
    handoff,
    hours_report,
    printing,
    profiles,
    team,
    visits,
)
from minorifamiglie.storage import database
from minorifamiglie.storage import models as m
from minorifamiglie.storage import profile as storage_profile
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY
from support.profiles import PASSPHRASE, ProfileCopies


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # A write facing the held lock gives up after 50 ms instead of 10 s: a read that still
    # took the write lock fails at once (ProfileBusyError) rather than after the timeout.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(storage_profile, "UNLOCK_AUDIT_WAIT_MS", 10)


def hold_write_lock(opened: OpenProfile, root: Path) -> DatabaseHolder:
    return DatabaseHolder(ProfilePaths(root).database, opened.master_key(), "write")


def draft_of_a_case(opened: OpenProfile, minor: str) -> VisitId:
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name=minor, today=TODAY)
    visit = visits.add_visit(
        opened, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10), notes="bozza"
    )
    return visit.id


def test_the_drafts_to_reopen_are_read_while_another_process_writes(
    opened: OpenProfile, profile_root: Path
) -> None:
    # Given a draft whose editor was open
    visit_id = draft_of_a_case(opened, "Luca Rota")
    drafts.remember_open_editor(opened, visit_id)
    holder = hold_write_lock(opened, profile_root)
    try:
        # When another process holds the write lock, the list still answers
        reopen = drafts.open_editor_ids(opened)
        # and a write would not have (the lock really is held)
        with pytest.raises(ProfileBusyError):
            drafts.forget_open_editor(opened, visit_id)
    finally:
        holder.stop()
    assert [r.visit_id for r in reopen] == [visit_id]


def test_a_draft_gone_is_forgotten_by_a_short_write_after_the_read(
    opened: OpenProfile,
) -> None:
    # Given two editors remembered, one of a draft since deleted
    kept = draft_of_a_case(opened, "Luca Rota")
    gone = draft_of_a_case(opened, "Sara Pesenti")
    drafts.remember_open_editor(opened, kept)
    drafts.remember_open_editor(opened, gone)
    visits.delete_draft(opened, gone)
    # When the list is read, the deleted one is dropped, and stays dropped
    assert [r.visit_id for r in drafts.open_editor_ids(opened)] == [kept]
    with opened.read_session() as session:
        assert drafts._read(session) == [kept]


def test_the_sheet_registry_is_read_while_another_process_writes(
    opened: OpenProfile, profile_root: Path
) -> None:
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=TODAY
    )
    sheet_id, _ = printing.blank_sheet_pdf(opened, case.code, today=TODAY)
    holder = hold_write_lock(opened, profile_root)
    try:
        every = printing.list_sheets(opened)
        of_case = printing.list_sheets(opened, case.code)
    finally:
        holder.stop()
    assert [s.id for s in every] == [s.id for s in of_case] == [sheet_id]


@pytest.fixture
def pair(
    tmp_path: Path, profile_copy: ProfileCopies
) -> Iterator[tuple[Path, Path, OpenProfile, OpenProfile]]:
    share = tmp_path / "condivisa"
    share.mkdir()
    roots = tmp_path / "coord", tmp_path / "edu"
    for root, name, role in zip(
        roots, ("Giulia Rota", "Marco Locatelli"), (Role.COORDINATOR, Role.EDUCATOR), strict=True
    ):
        profile_copy(root, name, role, "portatile")
    coord = profiles.unlock(roots[0], PASSPHRASE)
    edu = profiles.unlock(roots[1], PASSPHRASE)
    try:
        yield share, roots[1], coord, edu
    finally:
        coord.close()
        edu.close()


def test_team_show_answers_while_another_process_writes(
    pair: tuple[Path, Path, OpenProfile, OpenProfile],
) -> None:
    share, edu_root, coord, edu = pair
    team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    team.admit(coord, edu.device_id)
    assert team.show(edu, share).roster_version == 2  # the roster adopted (a write)
    holder = hold_write_lock(edu, edu_root)
    try:
        # Nothing new on the share: the view is read without the write lock
        view = team.show(edu, share)
    finally:
        holder.stop()
    assert view.admitted and view.roster_version == 2
    assert {d.device_id for d in view.devices} == {coord.device_id, edu.device_id}


def test_team_show_records_a_newer_roster_by_a_short_write(
    pair: tuple[Path, Path, OpenProfile, OpenProfile],
) -> None:
    share, edu_root, coord, edu = pair
    team.create_team(coord, "Équipe", share)
    team.join_team(edu, share)
    team.admit(coord, edu.device_id)
    # A newer roster on the share needs a write: with the lock held it is refused cleanly
    holder = hold_write_lock(edu, edu_root)
    try:
        with pytest.raises(ProfileBusyError):
            team.show(edu, share)
    finally:
        holder.stop()
    # and once the lock is free it is adopted, then read without writing
    assert team.show(edu, share).roster_version == 2
    with edu.read_session() as session:
        state = team.require_team(session)
        assert state.roster is not None and state.roster.version == 2


def test_attachments_and_the_hand_off_preview_are_read_while_another_process_writes(
    opened: OpenProfile, profile_root: Path
) -> None:
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=TODAY
    )
    stored = attachments.add_attachment(
        opened, case.code, filename="relazione.txt", content=b"testo sintetico"
    )
    holder = hold_write_lock(opened, profile_root)
    try:
        listed = attachments.list_attachments(opened, case.code)
        attachment, data = attachments.read_attachment(opened, stored.id)
        preview = handoff.preview_export(opened, [case.code])
    finally:
        holder.stop()
    assert [a.id for a in listed] == [stored.id]
    assert (attachment.id, data) == (stored.id, b"testo sintetico")
    assert [(p.code, p.attachments) for p in preview.cases] == [(case.code, 1)]
    # The view of the attachment is audited once the lock is free (at the next write)
    drafts.remember_open_editor(opened, VisitId(uuid.uuid4()))
    with opened.read_session() as session:
        views = session.execute(
            select(m.AuditEventRow.entity_id).where(
                m.AuditEventRow.action == AuditAction.VIEW.value,
                m.AuditEventRow.entity == "attachments",
            )
        ).scalars()
        assert list(views) == [stored.id]


def test_the_hours_report_is_read_while_another_process_writes_and_audited_after(
    opened: OpenProfile, profile_root: Path
) -> None:
    draft_of_a_case(opened, "Luca Rota")
    holder = hold_write_lock(opened, profile_root)
    try:
        report = hours_report.hours_report(opened, f"{TODAY:%Y-%m}")
    finally:
        holder.stop()
    assert report is not None
    drafts.remember_open_editor(opened, VisitId(uuid.uuid4()))  # the next write
    with opened.read_session() as session:
        details = session.execute(
            select(m.AuditEventRow.detail).where(
                m.AuditEventRow.action == AuditAction.VIEW.value,
                m.AuditEventRow.entity == "hours_report",
            )
        ).scalars()
        assert [json.loads(d)["month"] for d in details] == [f"{TODAY:%Y-%m}"]
