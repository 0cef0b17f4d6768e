"""The command line run in-process as a script sees it, on a profile made with a cheap KDF:
shared by the command-line tests (tests/ is on pytest's path; the fixtures `cli`,
`make_profile` and `ready` are in tests/integration/conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from support.profiles import PASSPHRASE, ProfileCopies, fresh_profile

MakeProfile = Callable[..., Path]  # the `make_profile` fixture: (role, operator) -> the root


class Run(NamedTuple):
    """One run: its exit code, stdout and stderr (`code, out, err = cli(…)` unpacks it)."""

    code: int
    out: str
    err: str

    def id(self) -> uuid.UUID:
        """It succeeded, and stdout holds an id and nothing else."""
        assert self.code == 0, self.err
        assert self.out.count("\n") == 1, self.out
        return uuid.UUID(self.out.strip())

    def one_error_line(self) -> str:
        """The whole of stderr: exactly one line, the program's."""
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("minorifamiglie"), lines[0]
        return lines[0]


class Cli:
    """`cli(*argv)` runs `minorifamiglie argv…` in this process; a traceback on stderr fails
    the test whatever it checks. The other methods say what a run must have done."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str) -> Run:
        self.capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse exits by itself on usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return Run(code, out, err)

    def ok_id(self, *argv: str) -> uuid.UUID:
        """The id a command that succeeds prints alone on stdout."""
        return self(*argv).id()

    def out(self, *argv: str) -> str:
        """What a command that succeeds prints on stdout."""
        code, out, err = self(*argv)
        assert code == 0, err
        return out

    def fails(self, expected: int, *argv: str) -> str:
        """A command refused with exit code `expected`: nothing on stdout, its one line."""
        run = self(*argv)
        assert (run.code, run.out) == (expected, ""), run.err
        return run.one_error_line()


def set_up_profile(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    role: Role = Role.EDUCATOR,
    operator: str = "Giulia Bianchi",
    copy: ProfileCopies | None = None,
) -> Path:
    """A new profile at `root` (a copy of the session's template, given `copy`), and the
    environment a script sets to use it: where it is, its passphrase, and no debug output or
    passphrase change asked."""
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    for name in ("MINORIFAMIGLIE_NEW_PASSPHRASE", "MINORIFAMIGLIE_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    if copy is not None:
        return copy(root, operator, role)
    return fresh_profile(root, operator, role)
