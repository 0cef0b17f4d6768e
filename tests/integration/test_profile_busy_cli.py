"""Two processes on one profile's database, through the command line: while another process
writes (a sync, the application saving), reading commands answer at once and a writing command
either waits its turn or, past the busy timeout, says in one line that the profile is in use
(exit 5) and writes nothing; while another process reads (a long `check`), writing goes on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults import DatabaseHolder
from minorifamiglie.cli import main
from minorifamiglie.config import ProfilePaths
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import cases, profiles
from minorifamiglie.storage import database, deferred_audit
from support.profiles import PASSPHRASE, ProfileCopies

BUSY = (
    "minorifamiglie: Il profilo è in uso da un altro programma (l'applicazione o un altro "
    "comando): riprovare tra poco. Nessuna modifica è stata salvata."
)
ADD_CASE = ("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies) -> Path:
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    return profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")


@pytest.fixture
def master_key(root: Path) -> bytes:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        return opened.master_key()
    finally:
        opened.close()


def hold(root: Path, master_key: bytes, mode: str) -> Iterator[DatabaseHolder]:
    held = DatabaseHolder(ProfilePaths(root).database, master_key, mode)
    try:
        yield held
    finally:
        held.stop()


@pytest.fixture
def writer(root: Path, master_key: bytes) -> Iterator[DatabaseHolder]:
    yield from hold(root, master_key, "write")


@pytest.fixture
def reader(root: Path, master_key: bytes) -> Iterator[DatabaseHolder]:
    yield from hold(root, master_key, "read")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def case_count(root: Path) -> int:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        return len(cases.list_cases(opened))
    finally:
        opened.close()


def test_a_write_past_the_busy_timeout_says_the_profile_is_in_use_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    writer: DatabaseHolder,
) -> None:
    # A writer gives up after 50 ms instead of 10 s: the test is about what it says then
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    # Given another process writing: reading commands answer meanwhile
    code, out, err = cli(capsys, "case", "list")
    assert (code, err) == (0, "0 cartelle\n")
    code, out, err = cli(capsys, "search", "compiti")
    assert code == 0, err
    # When a command writes and the other keeps writing past the busy timeout
    code, out, err = cli(capsys, *ADD_CASE)
    # Then one line says the profile is in use, exit 5, nothing written
    assert (code, err.splitlines()) == (5, [BUSY])
    assert "Traceback" not in out + err and "OperationalError" not in err
    writer.release()
    assert case_count(root) == 0
    # And once the other is done, the same command works
    code, out, err = cli(capsys, *ADD_CASE)
    assert (code, err) == (0, "")
    assert case_count(root) == 1


def test_a_write_goes_on_while_another_process_reads(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    reader: DatabaseHolder,
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)  # no waiting is expected at all
    # Given another process holding a read snapshot (as a long `check` or `dump` does)
    # When a command writes
    code, _out, err = cli(capsys, *ADD_CASE)
    # Then it is written straight away
    assert (code, err) == (0, "")
    reader.release()
    assert case_count(root) == 1


def test_a_second_writer_process_waits_its_turn_and_nothing_is_lost(
    root: Path, writer: DatabaseHolder
) -> None:
    # Given another process writing, when a real second command line writes too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "minorifamiglie", *ADD_CASE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # And the first one finishes (before or while the second waits, whichever comes first)
        writer.release()
        _out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    # Then the second one's write is there, without an error
    assert (child.returncode, err) == (0, "")
    assert case_count(root) == 1


def test_a_reading_command_never_waits_for_a_writer_even_at_close(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    writer: DatabaseHolder,
) -> None:
    # A writer would wait for ever: only a command that never waits for the lock can end
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 24 * 3600 * 1000)
    done: list[tuple[int, str, str]] = []
    # Given another process writing, when a reading command runs (its unlock event and, at
    # close, that event's last chance both meet the busy profile)
    thread = threading.Thread(target=lambda: done.append(cli(capsys, "case", "list")))
    thread.start()
    thread.join(timeout=300)  # a guard against a hang, not a measure of speed
    finished = not thread.is_alive()
    writer.release()
    thread.join()
    # Then it answered while the other process still held the lock
    assert finished
    assert done[0][:1] == (0,) and done[0][2] == "0 cartelle\n"
    # And its unlock event was kept for the next unlock, not lost
    assert deferred_audit.names(root)
