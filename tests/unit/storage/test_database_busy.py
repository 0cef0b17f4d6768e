"""Two processes on one profile (storage/database.py, storage/profile.py): reads take no write
lock, a writer kept waiting past the busy timeout gets ProfileBusyError with nothing written,
and the audit event of an unlock never waits for another writer: it is deferred to the next
write, or to the close, and lands there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import delete, func, select

from faults import DatabaseHolder
from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import ProfileBusyError, WrongPassphraseError
from minorifamiglie.services import profiles
from minorifamiglie.storage import audit, database, profile
from minorifamiglie.storage import models as m
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, ProfileCopies

# The values of tests/conftest.py, which a test module cannot import (two conftests).
NEW_PASSPHRASE = "orso bruno in Valle Brembana"


def no_wait(seconds: float) -> None:
    """The backoff's sleep, injected: these tests are about the audit, not the waiting."""


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # A writer facing a held lock gives up after 50 ms instead of 10 s; the tests never rely
    # on it being short, only on it ending.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(profile, "UNLOCK_AUDIT_WAIT_MS", 10)


@pytest.fixture
def root(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    return profile_copy(tmp_path / "profilo", "Giulia Bianchi", Role.EDUCATOR, "pc")


@pytest.fixture
def opened(root: Path) -> Iterator[OpenProfile]:
    op = profiles.unlock(root, PASSPHRASE)
    try:
        yield op
    finally:
        op.close()


@pytest.fixture
def master_key(opened: OpenProfile) -> bytes:
    return opened.master_key()


@pytest.fixture
def holder(root: Path, master_key: bytes) -> Iterator[DatabaseHolder]:
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        yield held
    finally:
        held.stop()


def audit_actions(op: OpenProfile) -> list[AuditAction]:
    with op.read_session() as session:
        rows = session.execute(select(m.AuditEventRow.action).order_by(m.AuditEventRow.seq))
        return [AuditAction(a) for a in rows.scalars()]


def chain_sound(op: OpenProfile) -> bool:
    with op.read_session() as session:
        return audit.verify_audit_chain(session).sound


def note(op: OpenProfile, value: str) -> None:
    with op.session() as session:
        profile.set_local(session, "test_note", value)


# ------------------------------------------------------------------ reads and writes


def test_a_read_does_not_wait_for_a_writer_of_another_process(
    opened: OpenProfile, holder: DatabaseHolder
) -> None:
    # Given another process holding the write lock (a sync, an import)
    # When this one reads
    with opened.read_session() as session:
        count = session.execute(select(func.count()).select_from(m.AuditEventRow)).scalar_one()
    # Then it reads at once what was committed
    assert count >= 2  # profile created, unlocked


def test_a_writer_waiting_past_the_timeout_gets_profile_busy_and_writes_nothing(
    opened: OpenProfile, holder: DatabaseHolder
) -> None:
    before = audit_actions(opened)
    # When this process writes while the other keeps the lock past the busy timeout
    with pytest.raises(ProfileBusyError) as caught:
        note(opened, "uno")
    # Then one clear message, nothing written; and once the other is done, the write works
    assert "in uso da un altro programma" in str(caught.value)
    assert caught.value.exit_code == 5
    holder.release()
    note(opened, "due")
    with opened.read_session() as session:
        assert profile.get_local(session, "test_note") == "due"
    assert audit_actions(opened) == before


def test_a_new_passphrase_while_another_process_writes_changes_nothing_and_says_so(
    root: Path, opened: OpenProfile, holder: DatabaseHolder
) -> None:
    # Given another process holding the write lock past the busy timeout
    path = ProfilePaths(root).profile_json
    before = path.read_bytes()
    # When the passphrase is changed, then it is refused as busy with profile.json as it was:
    # the old passphrase still opens (it once changed, then said nothing had been saved)
    with pytest.raises(ProfileBusyError):
        profile.change_passphrase(opened, NEW_PASSPHRASE)
    assert path.read_bytes() == before
    profile.unlock(root, PASSPHRASE, sleep=no_wait).close()
    holder.release()
    assert AuditAction.PASSPHRASE_CHANGED not in audit_actions(opened)
    # And once the other is done, it changes, with its event
    profile.change_passphrase(opened, NEW_PASSPHRASE)
    assert audit_actions(opened)[-1] is AuditAction.PASSPHRASE_CHANGED
    profile.unlock(root, NEW_PASSPHRASE, sleep=no_wait).close()
    with pytest.raises(WrongPassphraseError):
        profile.unlock(root, PASSPHRASE, sleep=no_wait)


def test_a_writer_does_not_wait_for_a_reader_of_another_process(
    root: Path, opened: OpenProfile, master_key: bytes
) -> None:
    # Given another process reading (a running `check` or `dump` holds a snapshot)
    reader = DatabaseHolder(ProfilePaths(root).database, master_key, "read")
    try:
        # When this one writes, it commits straight away (WAL: the reader keeps its snapshot)
        note(opened, "scritto")
        with opened.read_session() as session:
            assert profile.get_local(session, "test_note") == "scritto"
        reader.release()
    finally:
        reader.stop()


def test_a_read_session_sees_one_snapshot_and_refuses_to_write(opened: OpenProfile) -> None:
    note(opened, "prima")
    with opened.read_session() as session:
        assert profile.get_local(session, "test_note") == "prima"
        note(opened, "dopo")  # committed by a writer meanwhile
        # The read keeps the snapshot of its first query
        assert profile.get_local(session, "test_note") == "prima"
        # And it cannot write, even by mistake
        with pytest.raises(sqlalchemy.exc.OperationalError):
            session.execute(delete(m.LocalStateRow))
    with opened.read_session() as session:
        assert profile.get_local(session, "test_note") == "dopo"
    # A write after reads on the same pooled connections still writes
    note(opened, "ancora")
    with opened.read_session() as session:
        assert profile.get_local(session, "test_note") == "ancora"


# ------------------------------------------------------------------ the unlock's audit event


def test_an_unlock_while_another_process_writes_defers_its_event_to_the_next_write(
    root: Path, master_key: bytes
) -> None:
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        # When the profile is unlocked while another process holds the write lock
        op = profiles.unlock(root, PASSPHRASE)
    finally:
        held.release()
        held.stop()
    try:
        # Then the unlock returned, its event kept for later
        assert [e.action for e in op.deferred] == [AuditAction.UNLOCK]
        before = audit_actions(op)
        # And the next write lands it, before that write's own events
        note(op, "dopo lo sblocco")
        assert op.deferred == []
        assert audit_actions(op) == [*before, AuditAction.UNLOCK]
        assert chain_sound(op)
    finally:
        op.close()


def test_a_deferred_unlock_event_lands_at_close_when_nothing_else_is_written(
    root: Path, master_key: bytes
) -> None:
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        op = profiles.unlock(root, PASSPHRASE)
        before = audit_actions(op)  # reading works meanwhile
    finally:
        held.release()
        held.stop()
    assert op.deferred
    # When the profile is closed with no write after the unlock
    op.close()
    # Then the event is in the log all the same
    again = profiles.unlock(root, PASSPHRASE)
    try:
        assert audit_actions(again) == [*before, AuditAction.UNLOCK, AuditAction.UNLOCK]
        assert chain_sound(again)
    finally:
        again.close()


def test_failed_unlocks_are_reset_only_once_their_deferred_event_is_written(
    root: Path, master_key: bytes
) -> None:
    # Given two wrong passphrases counted in profile.json
    for _ in range(2):
        with pytest.raises(Exception, match="Passphrase errata"):
            profile.unlock(root, "sbagliata sbagliata", sleep=no_wait)
    assert read_keyfile(root / "profile.json").failed.count == 2
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        # When the right passphrase opens it while another process writes
        op = profile.unlock(root, PASSPHRASE, sleep=no_wait)
    finally:
        held.release()
        held.stop()
    try:
        # Then the counter is kept until the log holds the failures
        assert read_keyfile(root / "profile.json").failed.count == 2
        note(op, "dopo")
        assert read_keyfile(root / "profile.json").failed.count == 0
        assert audit_actions(op)[-1] is AuditAction.UNLOCK_FAILED
        assert chain_sound(op)
    finally:
        op.close()


def test_a_write_that_fails_keeps_the_deferred_events_for_the_next_one(
    root: Path, master_key: bytes
) -> None:
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        op = profiles.unlock(root, PASSPHRASE)
        # A write that finds the lock still held writes nothing and keeps the event
        with pytest.raises(ProfileBusyError):
            note(op, "no")
        assert [e.action for e in op.deferred] == [AuditAction.UNLOCK]
    finally:
        held.release()
        held.stop()
    try:
        with pytest.raises(ValueError), op.session() as session:
            profile.set_local(session, "test_note", "annullato")
            raise ValueError("the unit of work fails")
        assert [e.action for e in op.deferred] == [AuditAction.UNLOCK]
        note(op, "sì")
        assert op.deferred == []
        assert audit_actions(op)[-1] is AuditAction.UNLOCK
    finally:
        op.close()


def test_a_view_while_another_process_writes_is_shown_and_audited_at_the_next_write(
    opened: OpenProfile, root: Path, master_key: bytes
) -> None:
    from minorifamiglie.domain.enums import Service
    from minorifamiglie.services import cases, visits

    case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota")
    before = audit_actions(opened)
    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        # When the case and its diary are opened while another process writes
        detail = cases.show_case(opened, case.code)
        diary = visits.list_visits(opened, case.code)
    finally:
        held.release()
        held.stop()
    # Then they are shown, and the two views wait for the next write, in order
    assert detail.case.id == case.id and diary == []
    assert [e.action for e in opened.deferred] == [AuditAction.VIEW, AuditAction.VIEW]
    assert audit_actions(opened) == before
    note(opened, "dopo")
    assert audit_actions(opened) == [*before, AuditAction.VIEW, AuditAction.VIEW]
    assert chain_sound(opened)


def test_events_still_deferred_when_closing_a_busy_profile_land_at_the_next_unlock(
    root: Path, master_key: bytes
) -> None:
    from minorifamiglie.storage import deferred_audit

    held = DatabaseHolder(ProfilePaths(root).database, master_key, "write")
    try:
        # Given an unlock whose event was deferred, and a close that still finds it busy
        op = profiles.unlock(root, PASSPHRASE)
        before = audit_actions(op)
        deferred_at = op.deferred[0].at
        op.close()
        # Then the event is sealed beside the database, nothing of it readable
        (name,) = deferred_audit.names(root)
        saved = root / name
        assert b"unlock" not in saved.read_bytes()
    finally:
        held.release()
        held.stop()
    # When the profile is unlocked again
    again = profiles.unlock(root, PASSPHRASE)
    try:
        # Then the saved event is written first, at its own time, and the file is gone
        assert audit_actions(again) == [*before, AuditAction.UNLOCK, AuditAction.UNLOCK]
        with again.read_session() as session:
            rows = (
                session.execute(
                    select(m.AuditEventRow.at).order_by(m.AuditEventRow.seq.desc()).limit(2)
                )
                .scalars()
                .all()
            )
        assert rows[1] == deferred_at
        assert not saved.exists()
        assert chain_sound(again)
    finally:
        again.close()


def test_a_damaged_deferred_events_file_is_removed_and_the_unlock_goes_on(
    root: Path,
) -> None:
    from minorifamiglie.storage import deferred_audit

    saved = root / deferred_audit.FILE_NAME
    saved.write_bytes(deferred_audit.MAGIC + b"\x00" * 40)
    op = profiles.unlock(root, PASSPHRASE)
    try:
        assert not saved.exists()
        assert audit_actions(op)[-1] is AuditAction.UNLOCK
    finally:
        op.close()
