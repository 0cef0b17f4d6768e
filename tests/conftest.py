"""Shared fixtures: real SQLCipher profiles in temporary folders, with synthetic data only."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile

# HYPOTHESIS_PROFILE=fuzz (make fuzz): many examples for every property test, tests/fuzz
# included; unset, each test keeps its own bounded count (tests/fuzz/fuzz_schema.py).
settings.register_profile(
    "fuzz",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

PASSPHRASE = "cavallo batteria graffetta"
# Cheap Argon2id for tests that are not about the KDF; the real parameters are tested apart.
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def profile_root(tmp_path: Path) -> Path:
    root = tmp_path / "profilo"
    profiles.init_profile(
        root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "portatile-test", kdf=FAST_KDF
    )
    return root


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
