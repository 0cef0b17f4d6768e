"""The command line while the application has the profile open (another process holds its
lock): commands that rewrite profile.json or replace the database (`passwd`, `recover`,
`restore --to`) refuse with one line and change nothing; the others keep working."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults import hold_lock_in_another_process
from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.errors import ProfileInUseError
from support.profiles import PASSPHRASE, ProfileCopies

REFUSAL = "minorifamiglie: " + str(ProfileInUseError())


def hold(folder: Path) -> subprocess.Popen[str]:
    return hold_lock_in_another_process(folder / ".lock")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies) -> Path:
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MINORIFAMIGLIE_NEW_PASSPHRASE", "orso bruno in Valle Brembana")
    return profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")


@pytest.fixture
def gui(root: Path) -> Iterator[subprocess.Popen[str]]:
    child = hold(root)
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_passwd_is_refused_while_the_application_is_open_and_works_after(
    capsys: pytest.CaptureFixture[str], root: Path, gui: subprocess.Popen[str]
) -> None:
    before = digest(root / "profile.json")
    # When the passphrase is changed while the application holds the profile
    code, err = cli(capsys, "passwd")
    # Then one line says why and profile.json is untouched
    assert (code, err.splitlines()) == (5, [REFUSAL])
    assert digest(root / "profile.json") == before
    # And reading commands still work meanwhile
    code, err = cli(
        capsys, "case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota"
    )
    assert code == 0, err
    # When the application is closed, the same command works
    gui.kill()
    gui.wait()
    code, err = cli(capsys, "passwd")
    assert code == 0, err
    assert digest(root / "profile.json") != before


def test_recover_is_refused_while_the_application_is_open(
    capsys: pytest.CaptureFixture[str], root: Path, gui: subprocess.Popen[str], tmp_path: Path
) -> None:
    before = digest(root / "profile.json")
    code, err = cli(capsys, "recover", "--identity", str(tmp_path / "identita.txt"))
    assert (code, err.splitlines()) == (5, [REFUSAL])
    assert digest(root / "profile.json") == before


def test_restore_into_the_folder_an_application_waits_on_is_refused(
    capsys: pytest.CaptureFixture[str], root: Path, tmp_path: Path
) -> None:
    # Given a backup, and the application at its first start on an empty folder elsewhere
    copy = tmp_path / "copia.mfbk"
    assert cli(capsys, "backup", "-o", str(copy))[0] == 0
    target = tmp_path / "nuovo"
    target.mkdir()
    waiting = hold(target)
    try:
        # When the backup is restored there from the command line, it is refused
        code, err = cli(capsys, "restore", str(copy), "--to", str(target))
        assert (code, err.splitlines()) == (5, [REFUSAL])
        assert [p.name for p in target.iterdir()] == [".lock"]
    finally:
        waiting.kill()
        waiting.wait()
    # And once that application is gone, the restore goes into the folder
    code, err = cli(capsys, "restore", str(copy), "--to", str(target))
    assert code == 0, err
    assert {p.name for p in target.iterdir()} >= {".lock", "profile.json", "cartelle.db"}
