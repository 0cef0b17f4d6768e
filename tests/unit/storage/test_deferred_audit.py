"""Audit events sealed beside the database by a close that found it busy (storage/
deferred_audit.py): sealing while another process takes the sealed files loses nothing, each
file's events are written exactly once whoever takes it and whatever a crash leaves, and every
way of opening the profile writes them. Two real processes, ordered by the database's write lock
and by pipes, never by sleeping."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.services import profiles
from minorifamiglie.storage import audit, deferred_audit, profile
from minorifamiglie.storage import models as m
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, ProfileCopies

# Another process unlocks the profile while this one holds the write lock, so its unlock event
# is deferred, and closes: the close finds the lock still held and seals the event. It says
# "sealed" once it has closed (the passphrase comes on a pipe, never on the command line).
_SEALER = """
import sys
from pathlib import Path
from minorifamiglie.services import profiles
from minorifamiglie.storage import profile
profile.UNLOCK_AUDIT_WAIT_MS = 10
opened = profiles.unlock(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
deferred = len(opened.deferred)
opened.close()
print("sealed", deferred, flush=True)
"""


def seal_in_another_process(root: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", _SEALER, str(root)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout == "sealed 1\n"


@pytest.fixture
def root(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    return profile_copy(tmp_path / "profilo", "Giulia Bianchi", Role.EDUCATOR, "pc")


def actions(op: OpenProfile) -> list[AuditAction]:
    with op.read_session() as session:
        rows = session.execute(select(m.AuditEventRow.action).order_by(m.AuditEventRow.seq))
        return [AuditAction(a) for a in rows.scalars()]


def views(op: OpenProfile) -> list[str]:
    """The entity ids of the view events in the log, in order."""
    with op.read_session() as session:
        rows = session.execute(
            select(m.AuditEventRow.entity_id)
            .where(m.AuditEventRow.action == AuditAction.VIEW.value)
            .order_by(m.AuditEventRow.seq)
        )
        return [str(v) for v in rows.scalars()]


def chain_sound(op: OpenProfile) -> bool:
    with op.read_session() as session:
        return audit.verify_audit_chain(session).sound


def seal_view(root: Path, key: bytes, entity_id: str) -> Path:
    event = {
        "action": AuditAction.VIEW.value,
        "at": dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC).isoformat(),
        "detail": None,
        "entity": "cases",
        "entity_id": entity_id,
        "case_id": entity_id,
    }
    path = deferred_audit.save(root, key, [event])
    assert path is not None
    return path


def note(op: OpenProfile, value: str) -> None:
    with op.session() as session:
        profile.set_local(session, "test_note", value)


CASE_A = "0b9a4a7e-1f3c-4d8e-9a51-6f0d2b7c8e11"
CASE_B = "5c2e8f10-7a4b-4c9d-b3e6-1d8f9a0b2c34"


def test_a_file_sealed_while_another_process_takes_the_others_is_not_lost(root: Path) -> None:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        taken = seal_view(root, opened.master_key(), CASE_A)
        unlocks = actions(opened).count(AuditAction.UNLOCK)
        # Given a write of this process that has taken the sealed file (its event is in the
        # transaction, not committed yet)
        with opened.session() as session:
            profile.set_local(session, "test_note", "prima")
            # When another process unlocks and closes meanwhile: its close finds the write
            # lock held and seals its unlock event in a file of its own
            seal_in_another_process(root)
            assert len(deferred_audit.names(root)) == 2
        # Then the commit removes only the file it took; the new one waits
        (left,) = deferred_audit.names(root)
        assert left != taken.name and not taken.exists()
        assert views(opened) == [CASE_A]
        # And the next write takes it: every event once
        note(opened, "dopo")
        assert deferred_audit.names(root) == []
        assert views(opened) == [CASE_A]
        assert actions(opened).count(AuditAction.UNLOCK) == unlocks + 1
        assert chain_sound(opened)
    finally:
        opened.close()


def test_a_file_left_behind_after_its_commit_is_never_written_twice(root: Path) -> None:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        sealed = seal_view(root, opened.master_key(), CASE_A)
        data = sealed.read_bytes()
        # Given a write that took the file and committed, and the file still there (a crash
        # before its removal, or another program keeping it open on Windows)
        note(opened, "presa")
        assert views(opened) == [CASE_A]
        sealed.write_bytes(data)
        # And a file sealed after it
        seal_view(root, opened.master_key(), CASE_B)
        # When the next write takes the files
        note(opened, "ancora")
        # Then the left one is removed unwritten, the new one written
        assert views(opened) == [CASE_A, CASE_B]
        assert deferred_audit.names(root) == []
        assert chain_sound(opened)
    finally:
        opened.close()


def test_the_single_file_of_earlier_versions_is_still_written(root: Path) -> None:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        sealed = seal_view(root, opened.master_key(), CASE_A)
        sealed.rename(root / deferred_audit.FILE_NAME)
        note(opened, "dopo")
        assert views(opened) == [CASE_A]
        assert not (root / deferred_audit.FILE_NAME).exists()
    finally:
        opened.close()


def test_an_opening_with_the_key_alone_writes_the_sealed_events(root: Path) -> None:
    # The recovery path (services/recovery.py) opens with a key unwrapped otherwise
    opened = profiles.unlock(root, PASSPHRASE)
    key = opened.master_key()
    seal_view(root, key, CASE_A)
    opened.close()  # a close with nothing deferred writes nothing
    assert deferred_audit.names(root) != []
    paths = ProfilePaths(root)
    device = read_keyfile(paths.profile_json).device_id
    again = profile.open_with_key(paths, device, key)
    try:
        note(again, "recupero")
        assert views(again) == [CASE_A]
        assert deferred_audit.names(root) == []
    finally:
        again.close()


def test_a_killed_sealing_leaves_nothing_for_long(root: Path) -> None:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        left = root / f".tmp-abcd1234{deferred_audit.TEMP_SUFFIX}"
        left.write_bytes(b"\x00" * 64)
        old = os.stat(left).st_mtime - deferred_audit.STALE_TEMP_SECONDS - 1
        os.utime(left, (old, old))
        young = root / f".tmp-efgh5678{deferred_audit.TEMP_SUFFIX}"
        young.write_bytes(b"\x00" * 64)
        seal_view(root, opened.master_key(), CASE_A)
        note(opened, "dopo")
        assert not left.exists()
        assert young.exists()  # perhaps being written now by another process
    finally:
        opened.close()
