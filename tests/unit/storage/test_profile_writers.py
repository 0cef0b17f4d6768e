"""profile.json has one writer at a time (storage/profile.py, storage/keyfile.py): failed
unlocks, the counter's reset and a new passphrase each change the file as it is on disk under
`profile.json.lock`, so none undoes another; a full disk is named and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from faults import fill_the_disk
from minorifamiglie import portable
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import ProfileError, WrongPassphraseError
from minorifamiglie.storage import keyfile as keyfile_module
from minorifamiglie.storage import models as m
from minorifamiglie.storage import profile
from minorifamiglie.storage.keyfile import (
    FailedUnlocks,
    KeyFile,
    KeyFileWriteError,
    lock_path,
    read_keyfile,
    update_keyfile,
    write_keyfile,
)
from support.profiles import FAST_KDF, PASSPHRASE

# The values of tests/conftest.py, which a test module cannot import (two conftests).
WRONG = "cavallo batteria graffettA"
NEW_PASSPHRASE = "orso bruno in Valle Brembana"


def no_wait(seconds: float) -> None:
    """The backoff's sleep, injected: these tests are about the counting, not the waiting."""


def failures(root: Path) -> int:
    return read_keyfile(root / "profile.json").failed.count


def opens_with(root: Path, passphrase: str) -> bool:
    try:
        profile.unlock(root, passphrase, sleep=no_wait).close()
    except WrongPassphraseError:
        return False
    return True


# ------------------------------------------------------------------ one writer at a time


def test_parallel_wrong_passphrases_in_threads_are_all_counted(profile_root: Path) -> None:
    # Given eight attempts with a wrong passphrase started together
    n = 8
    start = threading.Barrier(n)
    outcomes: list[BaseException | None] = [None] * n

    def attempt(i: int) -> None:
        start.wait()
        try:
            profile.unlock(profile_root, WRONG, sleep=no_wait)
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then each was refused as a wrong passphrase and each one counts
    assert all(isinstance(o, WrongPassphraseError) for o in outcomes), outcomes
    assert failures(profile_root) == n


ATTEMPT = r"""
import sys
from pathlib import Path
from minorifamiglie.domain.errors import WrongPassphraseError
from minorifamiglie.storage import profile
root, passphrase, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
for _ in range(rounds):
    try:
        profile.unlock(root, passphrase, sleep=lambda s: None).close()
    except WrongPassphraseError:
        pass
print("done", flush=True)
"""


def processes(root: Path, passphrase: str, n: int, rounds: int) -> list[subprocess.Popen[str]]:
    """`n` processes of the application, each trying `passphrase` `rounds` times once told."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", ATTEMPT, str(root), passphrase, str(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return children


def release_and_wait(children: list[subprocess.Popen[str]]) -> None:
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0 and out == "done\n"


def test_parallel_wrong_passphrases_in_processes_are_all_counted(profile_root: Path) -> None:
    # Given four processes, each trying a wrong passphrase three times, all at once
    children = processes(profile_root, WRONG, n=4, rounds=3)
    release_and_wait(children)
    # Then every attempt counts
    assert failures(profile_root) == 12


def test_a_new_passphrase_set_while_an_unlock_waits_is_never_undone(profile_root: Path) -> None:
    # Given a profile with a failure behind it, so the next unlock reads the file and waits
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)

    def passwd_meanwhile(seconds: float) -> None:
        # When, during that wait, the passphrase is changed (the wrapping the waiting
        # unlock read is no longer the one on disk)
        profile.change_passphrase(opened, NEW_PASSPHRASE)

    try:
        with pytest.raises(WrongPassphraseError):
            profile.unlock(profile_root, WRONG, sleep=passwd_meanwhile)
    finally:
        opened.close()
    # Then the new wrapping is kept, the failure after it is counted beside the one before it
    # (kept by the change: test_failures_counted_while_passwd_waits_…), the old one is gone
    assert failures(profile_root) == 2
    assert opens_with(profile_root, NEW_PASSPHRASE)
    assert not opens_with(profile_root, PASSPHRASE)


def test_the_new_passphrase_given_while_it_is_being_set_opens(profile_root: Path) -> None:
    # Given an unlock that read profile.json before a new passphrase was written
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    try:
        # When it is given the new passphrase, checked at first against the old wrapping
        again = profile.unlock(
            profile_root,
            NEW_PASSPHRASE,
            sleep=lambda s: profile.change_passphrase(opened, NEW_PASSPHRASE),
        )
    finally:
        opened.close()
    # Then it opens (checked again against the file as it is now), no failure counted
    again.close()
    assert failures(profile_root) == 0


def test_passwd_racing_failed_unlocks_in_threads_never_loses_the_new_key(
    profile_root: Path,
) -> None:
    current = PASSPHRASE
    for round_ in range(6):
        new = f"{NEW_PASSPHRASE} {round_}"
        opened = profile.unlock(profile_root, current, sleep=no_wait)
        start = threading.Barrier(3)
        errors: list[BaseException] = []

        def wrong(start: threading.Barrier = start, errors: list[BaseException] = errors) -> None:
            start.wait()
            for _ in range(2):
                try:
                    profile.unlock(profile_root, WRONG, sleep=no_wait)
                except WrongPassphraseError:
                    pass
                except BaseException as exc:
                    errors.append(exc)

        def passwd(
            opened: profile.OpenProfile = opened,
            new: str = new,
            start: threading.Barrier = start,
        ) -> None:
            start.wait()
            profile.change_passphrase(opened, new)

        threads = [threading.Thread(target=f) for f in (wrong, wrong, passwd)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        opened.close()
        assert errors == []
        assert opens_with(profile_root, new), f"round {round_}: the new passphrase was lost"
        current = new


def test_passwd_racing_failed_unlocks_in_other_processes_never_loses_the_new_key(
    profile_root: Path,
) -> None:
    # Given two processes trying a wrong passphrase over and over
    children = processes(profile_root, WRONG, n=2, rounds=8)
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    try:
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        # When this one changes the passphrase several times meanwhile
        for round_ in range(4):
            profile.change_passphrase(opened, f"{NEW_PASSPHRASE} {round_}")
    finally:
        opened.close()
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0 and out == "done\n"
    # Then the last passphrase set opens the profile
    assert opens_with(profile_root, f"{NEW_PASSPHRASE} 3")


def test_failures_counted_while_an_unlock_succeeds_stay_for_the_next(
    profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two failures, then a right passphrase whose unlock has read the counter (2)
    for _ in range(2):
        with pytest.raises(WrongPassphraseError):
            profile.unlock(profile_root, WRONG, sleep=no_wait)
    reset_after = profile._failures_after

    def another_failure_first(seen: int) -> Callable[[KeyFile], KeyFile]:
        # When a third failure was counted by another process before the reset took the lock
        return lambda current: reset_after(seen)(current.with_failure(2000.0))

    monkeypatch.setattr(profile, "_failures_after", another_failure_first)
    profile.unlock(profile_root, PASSPHRASE, sleep=no_wait).close()
    # Then the two it saw went to the audit log and the third stays for the next unlock
    assert read_keyfile(profile_root / "profile.json").failed == FailedUnlocks(1, 2000.0)


def test_a_huge_counter_stamped_in_the_year_9999_waits_five_minutes_then_opens(
    profile_root: Path,
) -> None:
    # Given a profile.json edited to a counter of 10^18 and a failure in the year 9999
    path = profile_root / "profile.json"
    doc = json.loads(path.read_bytes())
    doc["failed_unlocks"] = {"count": 10**18, "last_at": 253_402_300_799.0}
    path.write_text(json.dumps(doc))
    # When the right passphrase is given, today
    waits: list[float] = []
    profile.unlock(profile_root, PASSPHRASE, sleep=waits.append, clock=lambda: 1.8e9).close()
    # Then it waited the longest delay once, not forever, and the counter is clear again
    assert waits == [300.0]
    assert failures(profile_root) == 0


def test_a_writer_that_waits_too_long_gets_one_line_and_changes_nothing(
    profile_root: Path,
) -> None:
    path = profile_root / "profile.json"
    before = path.read_bytes()
    held = portable.lock(lock_path(path))  # another writer holding it
    with held, pytest.raises(ProfileError, match="occupato") as refused:
        update_keyfile(path, lambda k: k.with_failure(1.0), timeout=0.0)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == before


def test_a_wrong_passphrase_while_another_writer_holds_on_is_still_a_wrong_passphrase(
    profile_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = profile_root / "profile.json"
    before = path.read_bytes()
    monkeypatch.setattr(keyfile_module, "LOCK_WAIT_SECONDS", 0.0)
    with portable.lock(lock_path(path)), pytest.raises(WrongPassphraseError) as refused:
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    assert "occupato" in str(refused.value)
    assert path.read_bytes() == before


def test_the_writers_lock_is_not_the_application_lock(profile_root: Path) -> None:
    # The open application holds `.lock` for its whole life; failures are still counted.
    with portable.lock(profile_root / ".lock"), pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    assert failures(profile_root) == 1
    assert lock_path(profile_root / "profile.json").name == "profile.json.lock"


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """From the call on, every write of a new file's bytes fails as on a full disk: at the
    OS boundary of portable's atomic write (the file object's write)."""

    def fill() -> None:
        fill_the_disk(monkeypatch)

    return fill


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".tmp-"))


def test_a_wrong_passphrase_on_a_full_disk_is_still_a_wrong_passphrase(
    profile_root: Path, full_disk: Callable[[], None]
) -> None:
    path = profile_root / "profile.json"
    before = path.read_bytes()
    full_disk()
    with pytest.raises(WrongPassphraseError) as refused:
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    message = str(refused.value)
    assert message.startswith("Passphrase errata") and "disco pieno" in message
    assert "\n" not in message
    assert path.read_bytes() == before
    assert leftovers(profile_root) == []


def test_a_wrong_passphrase_where_profile_json_cannot_be_written_is_still_exit_3(
    profile_root: Path,
) -> None:
    # Its lock file a folder (as a damaged copy or another program can leave it): the attempt
    # cannot be counted, and said so, but it is a wrong passphrase, not a system error
    lock = keyfile_module.lock_path(profile_root / "profile.json")
    if lock.exists():
        lock.unlink()
    lock.mkdir()
    before = (profile_root / "profile.json").read_bytes()
    with pytest.raises(WrongPassphraseError, match="tentativo non registrato") as refused:
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    assert refused.value.exit_code == 3 and "\n" not in str(refused.value)
    assert (profile_root / "profile.json").read_bytes() == before


def test_failures_counted_while_passwd_waits_for_the_new_passphrase_are_kept(
    profile_root: Path,
) -> None:
    # Someone tries passphrases while the owner types the new one: not erased by the change
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    try:
        with pytest.raises(WrongPassphraseError):
            profile.unlock(profile_root, WRONG, sleep=no_wait)
        profile.change_passphrase(opened, NEW_PASSPHRASE)
    finally:
        opened.close()
    assert read_keyfile(profile_root / "profile.json").failed.count == 1
    again = profile.unlock(profile_root, NEW_PASSPHRASE, sleep=no_wait)
    try:
        with again.read_session() as session:
            failed = (
                session.execute(
                    select(m.AuditEventRow.detail).where(
                        m.AuditEventRow.action == AuditAction.UNLOCK_FAILED.value
                    )
                )
                .scalars()
                .all()
            )
    finally:
        again.close()
    assert [json.loads(d)["attempts"] for d in failed] == [1]


def test_the_right_passphrase_opens_even_when_the_counter_cannot_be_lowered(
    profile_root: Path, full_disk: Callable[[], None]
) -> None:
    # One failure behind it; then profile.json cannot be written (a full disk)
    with pytest.raises(WrongPassphraseError):
        profile.unlock(profile_root, WRONG, sleep=no_wait)
    full_disk()
    # The unlock succeeds (it once failed with 'profile.json non scritto', its event logged)
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    opened.close()
    # and the counter stays, for the next unlock to log and lower
    assert failures(profile_root) == 1


def test_a_new_passphrase_on_a_full_disk_is_named_and_changes_nothing(
    profile_root: Path, full_disk: Callable[[], None]
) -> None:
    path = profile_root / "profile.json"
    before = path.read_bytes()
    opened = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    try:
        full_disk()
        with pytest.raises(ProfileError, match="spazio su disco esaurito") as refused:
            profile.change_passphrase(opened, NEW_PASSPHRASE)
        with opened.read_session() as session:  # and no event says it changed
            actions = session.execute(select(m.AuditEventRow.action)).scalars().all()
        assert AuditAction.PASSPHRASE_CHANGED.value not in actions
    finally:
        opened.close()
    assert "disco pieno" in str(refused.value) and "\n" not in str(refused.value)
    assert path.read_bytes() == before
    assert leftovers(profile_root) == []


def test_write_keyfile_names_a_full_disk(tmp_path: Path, full_disk: Callable[[], None]) -> None:
    path = tmp_path / "profile.json"
    keyfile = KeyFile.create(uuid.uuid4(), PASSPHRASE, os.urandom(32), FAST_KDF)
    write_keyfile(path, keyfile)
    before = path.read_bytes()
    full_disk()
    with pytest.raises(KeyFileWriteError, match="disco pieno"):
        write_keyfile(path, keyfile.with_failure(5.0))
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------- two passphrase changes at once


def passphrase_events(root: Path, passphrase: str) -> int:
    opened = profile.unlock(root, passphrase, sleep=no_wait)
    try:
        with opened.read_session() as session:
            rows = session.execute(
                select(m.AuditEventRow.action).where(
                    m.AuditEventRow.action == AuditAction.PASSPHRASE_CHANGED.value
                )
            )
            return len(rows.all())
    finally:
        opened.close()


def test_a_passphrase_changed_by_another_process_meanwhile_is_not_replaced(
    profile_root: Path,
) -> None:
    # Given two commands that opened the profile with the same passphrase (two `passwd`)
    first = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    second = profile.unlock(profile_root, PASSPHRASE, sleep=no_wait)
    try:
        # When the first sets its new passphrase, then the second tries to set another
        profile.change_passphrase(first, NEW_PASSPHRASE)
        before = (profile_root / "profile.json").read_bytes()
        with pytest.raises(profile.PassphraseChangedMeanwhileError) as error:
            profile.change_passphrase(second, "lupo grigio in Valle Imagna")
        # Then the second is refused, saying why, and nothing of it is written
        assert "nulla è stato cambiato" in str(error.value)
        assert (profile_root / "profile.json").read_bytes() == before
        # And the first can change its passphrase again (what it set is what it knows)
        profile.change_passphrase(first, "capriolo in Valle Brembana")
    finally:
        first.close()
        second.close()
    assert not opens_with(profile_root, "lupo grigio in Valle Imagna")
    assert opens_with(profile_root, "capriolo in Valle Brembana")
    assert passphrase_events(profile_root, "capriolo in Valle Brembana") == 2  # not the refused
