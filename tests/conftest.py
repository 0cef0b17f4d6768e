"""Shared fixtures: real SQLCipher profiles in temporary folders, with synthetic data only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from minorifamiglie.services import profiles
from minorifamiglie.storage.profile import OpenProfile
from support.profiles import PASSPHRASE, ProfileCopies, ProfileTemplates, session_templates

# No property test depends on how fast the machine is: hypothesis's two clocks (the 200 ms
# deadline of an example, the health check of slow input generation) are off everywhere. A
# suite run beside other work (CI's shared machines, make test-under-load) failed on them.
TIMING_FREE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("timing-free", **TIMING_FREE)  # type: ignore[arg-type]
# HYPOTHESIS_PROFILE=fuzz (make fuzz): many examples for every property test, tests/fuzz
# included; unset, each test keeps its own bounded count (tests/fuzz/fuzz_schema.py).
settings.register_profile(
    "fuzz",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "timing-free")


@pytest.fixture(scope="session")
def profile_templates() -> ProfileTemplates:
    """The profiles made once in the session, copied by `profile_copy`."""
    return session_templates()


@pytest.fixture
def profile_copy(profile_templates: ProfileTemplates) -> ProfileCopies:
    """`profile_copy(root, operator, role, device)`: a ready profile at `root`, copied from the
    session's template (support/profiles.py says when a test needs a fresh one instead)."""
    return ProfileCopies(profile_templates)


@pytest.fixture
def profile_root(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    """Giulia Bianchi's profile (an educator, on "portatile-test"), locked."""
    return profile_copy(tmp_path / "profilo")


@pytest.fixture
def opened(profile_root: Path) -> Iterator[OpenProfile]:
    op = profiles.unlock(profile_root, PASSPHRASE)
    try:
        yield op
    finally:
        op.close()


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask of a desktop session (0022): a file the code forgets to make private shows up
    as 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)
