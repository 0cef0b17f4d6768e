"""The SQLCipher driver changed (sqlcipher3-binary 0.6.0 with SQLCipher 4.12, Linux only, to
sqlcipher3 0.6.4 with SQLCipher 4.19, wheels for every platform): every golden profile must
read back bit for bit as the old driver read it, before any migration touches it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import sqlcipher3

DATA = Path(__file__).resolve().parents[2] / "data"
sys.path.insert(0, str(DATA))
from golden_digest import profile_digests  # noqa: E402

RECORDED = json.loads((DATA / "golden-digests.json").read_text(encoding="utf-8"))
# The golden profiles written before the driver changed; later ones (profile-0005 on) were
# written by today's driver and are read by test_golden.py like every other.
OLD_DRIVER = ("profile-0001", "profile-0002", "profile-0003", "profile-0004")
GOLDEN = [DATA / name for name in OLD_DRIVER]


def test_the_digests_were_recorded_with_the_old_driver_for_every_golden_profile() -> None:
    assert "4.12" in RECORDED["driver"]
    assert sorted(RECORDED["profiles"]) == list(OLD_DRIVER)
    assert all(g.is_dir() for g in GOLDEN)


def test_today_s_driver_is_sqlcipher_4_from_the_portable_wheel() -> None:
    version = sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0]
    assert version.startswith("4.")
    assert version != RECORDED["driver"].split("SQLCipher ")[1].rstrip(")")


@pytest.mark.parametrize("folder", GOLDEN, ids=[g.name for g in GOLDEN])
def test_every_table_reads_back_bit_for_bit(folder: Path) -> None:
    before = (folder / "cartelle.db").read_bytes()
    digests = profile_digests(folder)
    assert digests == RECORDED["profiles"][folder.name]
    assert len(digests) > 10  # the whole schema, not an empty read
    assert (folder / "cartelle.db").read_bytes() == before  # read-only: nothing written
