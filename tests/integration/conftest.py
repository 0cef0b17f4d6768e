"""Fixtures of the command-line tests (tests/cli_runner.py): a file that defines its own
fixture of the same name keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import Cli, MakeProfile, set_up_profile
from minorifamiglie.domain.enums import Role
from minorifamiglie.storage import keyfile
from support.profiles import FAST_KDF, ProfileCopies


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


@pytest.fixture
def make_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies
) -> MakeProfile:
    """`make_profile(role, operator)`: the profile the commands run on (tmp_path/profilo),
    copied from the session's template."""

    def make(role: Role = Role.EDUCATOR, operator: str = "Giulia Bianchi") -> Path:
        return set_up_profile(tmp_path / "profilo", monkeypatch, role, operator, profile_copy)

    return make


@pytest.fixture
def ready(make_profile: MakeProfile) -> Path:
    """An educator's profile, ready for the commands."""
    return make_profile()


@pytest.fixture
def cheap_init_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles that `init` makes in this test get the cheap Argon2 of support.profiles: the
    command line's own unlocks then cost milliseconds, not a quarter second each. For the
    tests that are about sync or input, not the KDF (test_cli.py checks init's real one)."""
    monkeypatch.setattr(keyfile, "DEFAULT_KDF", FAST_KDF)
