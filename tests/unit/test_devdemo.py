"""`make run`: the demo profile is created once, filled, described, and reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from minorifamiglie import devdemo
from minorifamiglie.services import profiles
from minorifamiglie.services.demo import DEMO_PASSPHRASE
from support.clock import TODAY
from support.profiles import FAST_KDF


def test_first_run_creates_and_fills_the_demo_profile_then_reuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "demo"
    # Given no demo profile, when `make run` starts (with a few cases: what the demo holds is
    # test_demo's and test_demo_plausibility's)
    first = devdemo.run(root, TODAY, cases=3, kdf=FAST_KDF)
    out = capsys.readouterr().out
    # Then it holds the demo cases, opens with the documented passphrase, and says how to use it
    assert first.cases == 3 and first.visits > 0
    assert "demo demo demo" in out and str(root) in out
    assert "MINORIFAMIGLIE_PROFILE=" in out and "MINORIFAMIGLIE_PASSPHRASE=" in out
    assert "Per ambito:" in out and "Per servizio:" in out and "Scadenze" in out
    assert first.busiest_case is not None and first.busiest_case in out
    profiles.unlock(root, DEMO_PASSPHRASE).close()
    # and no passphrase file lies beside the database
    allowed = {"profile.json", "cartelle.db", "cartelle.db-wal", "cartelle.db-shm"}
    assert {p.name for p in root.iterdir()} <= allowed
    # When it starts again, the same profile is reused, not filled twice
    second = devdemo.run(root, TODAY, cases=3, kdf=FAST_KDF)
    assert second == first


def test_a_folder_that_is_not_a_profile_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    root.mkdir()
    (root / "appunti.txt").write_text("non è un profilo", encoding="utf-8")
    assert devdemo.main(["--profile", str(root)]) == 1
