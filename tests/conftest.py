"""Shared fixtures: real SQLCipher profiles in temporary folders, with synthetic data only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile

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
