"""A command whose reader went away (`minorifamiglie case list | head -1`, `dump --json |
head -c 1`) ends quietly with exit 0, as Unix tools do: no "Errore di sistema: Broken pipe", no
message at interpreter exit. Real processes on a real profile of 300 cases, the read end of
their stdout closed early."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from cli_runner import Cli
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, template_copy

CASES = 300
T = TypeVar("T")

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="CPython on Windows reports a write to a closed pipe as EINVAL, not EPIPE "
    "(bpo-35754): not told apart from other errors yet",
)


@pytest.fixture(scope="module")
def many_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile of 300 cases with long titles: every listing below is longer than a pipe
    holds (and its buffer), so a writer meets the closed pipe with rows still to print."""
    root = tmp_path_factory.mktemp("pipes") / "profilo"
    template_copy(root, "Giulia Bianchi", Role.EDUCATOR, "prova")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        for n in range(CASES):
            cases.add_case(
                opened, ambito="VBR", service=Service.ADM, title=f"Sostegno educativo {n:03} " * 12
            )
    finally:
        opened.close()
    return root


def start(root: Path, *argv: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
    env |= {"MINORIFAMIGLIE_PROFILE": str(root), "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}
    return subprocess.Popen(
        [sys.executable, "-m", "minorifamiglie", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Close our end of the child's stdout, then wait for it: its exit code and stderr."""
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    return proc.wait(timeout=120), err


def in_profile(root: Path, read: Callable[[OpenProfile], T]) -> T:
    """What `read` finds in the profile at `root`, opened in this process."""
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        return read(opened)
    finally:
        opened.close()


def pipe_capacity() -> int:
    """What the pipe holds before a writer waits for its reader (64 KiB unless raised)."""
    if sys.platform != "linux":
        return 64 * 1024
    import fcntl

    r, w = os.pipe()
    try:
        return int(fcntl.fcntl(w, 1032))  # F_GETPIPE_SZ
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.parametrize(
    "argv", [["case", "list"], ["case", "list", "--json"], ["dump", "--json"]], ids=" ".join
)
def test_a_reader_gone_before_the_first_byte_ends_the_command_quietly(
    many_cases: Path, argv: list[str]
) -> None:
    # Given a command that prints a long listing, whose reader closes the pipe at once
    proc = start(many_cases, *argv)
    code, err = finish(proc)
    # Then it ends with exit 0 and says nothing: no "Broken pipe", no traceback, and not even
    # the count that `case list` writes on stderr after its rows
    assert (code, err) == (0, "")


def test_head_1_reads_the_first_line_then_the_command_ends_quietly(
    many_cases: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given `case list | head -1`: the reader takes one line, byte by byte as head does,
    # then closes the pipe while the command still has rows to print
    proc = start(many_cases, "case", "list")
    assert proc.stdout is not None
    first = b""
    while not first.endswith(b"\n"):
        first += os.read(proc.stdout.fileno(), 1)
    code, err = finish(proc)
    # Then the line is the first case, and the command ends with 0 and nothing on stderr
    assert first.startswith(b"VBR-") and b"Sostegno educativo 000" in first
    assert (code, err) == (0, "")
    # (the whole listing is far more than the pipe and the writer's buffer hold: the same
    # command's output, run in this process, where no pipe is in the way)
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    out = cli.out("--profile", str(many_cases), "case", "list").encode()
    assert out.count(b"\n") == CASES
    assert len(out) > pipe_capacity() + 2 * 8192


def test_a_write_whose_printed_id_has_no_reader_is_still_done(many_cases: Path) -> None:
    # (the case, and afterwards its visits, read in this process: only the write is the
    # real process whose reader is gone)
    listed = in_profile(many_cases, cases.list_cases)
    case = next(c for c in listed if c.title.startswith("Sostegno educativo 007 "))
    proc = start(
        many_cases, "visit", "add", "--case", str(case.id), "--date", "2026-11-20",
        "--start", "15:00", "--end", "16:00",
    )  # fmt: skip
    assert finish(proc) == (0, "")
    written = in_profile(many_cases, lambda opened: visits.list_visits(opened, str(case.id)))
    assert len(written) == 1  # the visit was written


def test_an_error_is_still_reported_when_stdout_has_no_reader(many_cases: Path) -> None:
    proc = start(many_cases, "case", "show", "VBR-1999-0001-AAA")
    code, err = finish(proc)
    assert code == 1
    assert err.count("\n") == 1 and "Cartella non trovata" in err and "Traceback" not in err
