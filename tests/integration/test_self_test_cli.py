"""`minorifamiglie gui --self-test DIR` in a real process: what `make package-test` asks of the
frozen program, asked here of the source tree, so a broken step is caught before packaging."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, profiles, visits
from private_modes import is_private_dir
from support.profiles import PASSPHRASE, ProfileCopies


def self_test(root: Path, out: Path, tmp_path: Path, passphrase: str = PASSPHRASE) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINORIFAMIGLIE_", "XDG_"))}
    env |= {
        "MINORIFAMIGLIE_PROFILE": str(root),
        "MINORIFAMIGLIE_PASSPHRASE": passphrase,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),  # the settings, too, stay in the test's folder
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "minorifamiglie", "gui", "--self-test", str(out)],
        env=env, capture_output=True, text=True, timeout=240, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    return done.returncode


@pytest.fixture
def profile(tmp_path: Path, profile_copy: ProfileCopies) -> Path:
    root = tmp_path / "profilo"
    return profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")


def add_closed_visit(root: Path) -> None:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, title="Prova")
        visit = visits.add_visit(
            opened, case=str(case.id), date=dt.date.today() - dt.timedelta(days=1),
            start=dt.time(15), end=dt.time(16), place="Domicilio", notes="I fiumi", close=True,
        )  # fmt: skip
        assert visit.status.value == "chiusa"
    finally:
        opened.close()


def test_it_unlocks_and_opens_the_print_preview_then_says_so(profile: Path, tmp_path: Path) -> None:
    add_closed_visit(profile)
    out = tmp_path / "schermate"
    assert self_test(profile, out, tmp_path) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["error"] is None
    assert report["steps"] == ["unlock screen", "main window", "a closed visit", "print preview"]
    assert report["preview_pages"] >= 1
    assert report["icon_sizes"] == [16, 32, 48, 64, 128, 256]  # the window icon, every size
    assert report["translations"]["QFileDialog/Look in:"] == "Cerca in:"  # Qt's own, Italian
    assert "Minori e Famiglie — Sblocca" in report["texts"]["1-sblocco"]
    for name in report["screenshots"]:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert is_private_dir(out)  # screenshots of case files: private


def test_a_profile_without_a_closed_visit_fails_with_the_reason(
    profile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "schermate"
    assert self_test(profile, out, tmp_path) == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["error"] == "the profile has no closed visit to print"
    assert report["steps"] == ["unlock screen", "main window", "a closed visit"]


def test_a_wrong_passphrase_fails_at_the_unlock_screen(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "schermate"
    assert self_test(profile, out, tmp_path, passphrase="non è questa la passphrase") == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["error"].startswith("the unlock screen shows an error")
    assert report["steps"] == ["unlock screen"]
