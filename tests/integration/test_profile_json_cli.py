"""profile.json through the command line: a damaged or hostile file is one line (exit 1) and is
never written; a full disk is named; a wrong passphrase on a full disk is still exit 3."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from faults import fill_the_disk
from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from minorifamiglie.storage.keyfile import read_keyfile
from support.profiles import PASSPHRASE, ProfileCopies

NEW_PASSPHRASE = "orso bruno in Valle Brembana"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies) -> Path:
    """An initialised profile and the environment a script sets for it."""
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    return profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The exit code and the one line of stderr (never a traceback)."""
    capsys.readouterr()
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return code, lines[0]


def test_a_wrong_passphrase_on_a_full_disk_exits_3_and_names_the_disk(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (root / "profile.json").read_bytes()
    fill_the_disk(monkeypatch)
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "non è la passphrase giusta")
    code, line = run(capsys, "case", "list")
    assert code == 3
    assert "Passphrase errata" in line and "disco pieno" in line
    assert (root / "profile.json").read_bytes() == before


def test_passwd_on_a_full_disk_says_so_and_the_old_passphrase_still_opens(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (root / "profile.json").read_bytes()
    fill_the_disk(monkeypatch)
    monkeypatch.setenv("MINORIFAMIGLIE_NEW_PASSPHRASE", NEW_PASSPHRASE)
    code, line = run(capsys, "passwd")
    assert code == 1
    assert "disco pieno" in line and "spazio su disco esaurito" in line
    assert (root / "profile.json").read_bytes() == before
    monkeypatch.undo()
    assert read_keyfile(root / "profile.json").unwrap(PASSPHRASE)


HOSTILE: dict[str, Callable[[dict[str, Any]], object]] = {
    "kdf.time_cost": lambda d: d["kdf"].update(time_cost=10**6),
    "kdf.memory_cost_kib": lambda d: d["kdf"].update(memory_cost_kib=2**62),
    "failed_unlocks.last_at": lambda d: d["failed_unlocks"].update(last_at=-1),
    "device_id": lambda d: d.update(device_id="../../etc"),
}


@pytest.mark.parametrize("field", sorted(HOSTILE))
def test_a_hostile_profile_json_is_one_line_naming_the_field_and_is_not_written(
    root: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    path = root / "profile.json"
    doc = json.loads(path.read_bytes())
    HOSTILE[field](doc)
    path.write_text(json.dumps(doc))
    before = path.read_bytes()
    code, line = run(capsys, "case", "list")
    assert code == 1
    assert line == f"minorifamiglie: profile.json danneggiato: campo '{field}' non valido"
    assert path.read_bytes() == before


def test_a_deeply_nested_profile_json_is_one_line_not_a_recursion_error(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = root / "profile.json"
    path.write_bytes(b"[" * 50_000 + b"]" * 50_000)
    code, line = run(capsys, "case", "list")
    assert code == 1
    assert "profile.json danneggiato" in line and "RecursionError" not in line
