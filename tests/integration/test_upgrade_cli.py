"""Upgrades on the command line (docs/upgrades.md): any command that opens an older profile
says in one line on stderr that it upgraded it and where the copy is; a profile of a newer
version is refused in one line, exit code 1, byte for byte unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from minorifamiglie.storage import migrate
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import read_keyfile
from support.profiles import PASSPHRASE, ProfileCopies

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN_PASSPHRASE = "passphrase dorata di prova"  # tests/data/README.md


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def every_byte(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)


def test_a_command_on_an_older_profile_says_it_upgraded_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the oldest golden profile, named by the environment as a script would
    root = tmp_path / "profilo"
    shutil.copytree(DATA / "profile-0001", root)
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", GOLDEN_PASSPHRASE)
    # When `check` opens it
    code, out, err = run(capsys, "check")
    # Then the check passes and one line on stderr says what happened and where the copy is
    assert code == 0
    assert out.startswith("Integrità verificata")
    [copy] = (root / "backup").iterdir()
    assert copy.name.startswith("prima-di-aggiornare-0001-")
    assert err.splitlines() == [
        f"Profilo aggiornato alla versione {migrate.head_revision()} dello schema (era 0001); "
        f"copia di sicurezza in {copy}"
    ]
    # And the next command says nothing about it
    code, _, err = run(capsys, "check")
    assert (code, err) == (0, "")
    assert list((root / "backup").iterdir()) == [copy]


def test_a_newer_profile_is_refused_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    profile_copy: ProfileCopies,
) -> None:
    # Given a profile a newer version has upgraded
    root = tmp_path / "profilo"
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    key = read_keyfile(root / "profile.json").unwrap(PASSPHRASE)
    with raw_connection(root / "cartelle.db", key) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_futura'")
    before = every_byte(root)
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    # When a command of this version opens it
    code, out, err = run(capsys, "check")
    # Then it is refused in one line, exit code 1, and nothing changed
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "minorifamiglie: Questo profilo è stato aggiornato da una versione più recente di "
        "Minori e Famiglie: installare la versione più recente. Il profilo non è stato "
        "modificato."
    ]
    assert every_byte(root) == before
