"""`backup -o FILE` and `restore FILE --to DIR` as a script uses them: the restored profile
unlocks with the same passphrase and dumps the same bytes; every refusal is one line on stderr
with its exit code (1 user, 3 passphrase, 4 damaged or altered) and leaves nothing behind."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from support.profiles import PASSPHRASE, ProfileCopies


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def one_error_line(self) -> str:
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("minorifamiglie: ")
        return lines[0]


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: str) -> Outcome:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


@pytest.fixture
def source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, profile_copy: ProfileCopies
) -> Path:
    """A profile with one case, named by the environment as a script would."""
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "pc")
    run = cli("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota")
    assert run.code == 0, run.err
    return root


def test_backup_then_restore_elsewhere_dumps_the_same_and_keeps_working(
    cli: Cli, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a backup written with the profile and passphrase from the environment
    copy = tmp_path / "chiavetta.mfbk"
    run = cli("backup", "-o", str(copy))
    assert (run.code, run.out) == (0, ""), run.err
    assert "Backup scritto" in run.err
    assert b"Rota" not in copy.read_bytes()
    original = cli("dump", "--json").out

    # When it is restored on a new laptop, the passphrase given in a file
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.delenv("MINORIFAMIGLIE_PASSPHRASE")
    target = tmp_path / "nuovo-portatile" / "profilo"
    run = cli("--passphrase-file", str(secret), "restore", str(copy), "--to", str(target))
    assert run.code == 0, run.err
    assert run.out.strip() == str(target)

    # Then it unlocks with the same passphrase, dumps the same bytes and takes new cases
    restored = ("--profile", str(target), "--passphrase-file", str(secret))
    assert cli(*restored, "dump", "--json").out == original
    assert cli(*restored, "check").code == 0
    run = cli(*restored, "case", "add", "--ambito", "VBR", "--service", "adm")
    assert run.code == 0, run.err
    uuid.UUID(run.out.strip())
    assert cli(*restored, "check").code == 0


def test_wrong_passphrase_exits_3_and_writes_nothing(
    cli: Cli, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copia.mfbk"
    assert cli("backup", "-o", str(copy)).code == 0
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "un'altra passphrase")
    run = cli("restore", str(copy), "--to", str(tmp_path / "nuovo"))
    assert run.code == 3
    assert "Passphrase errata" in run.one_error_line()
    assert not (tmp_path / "nuovo").exists()


def test_a_damaged_backup_exits_4_and_writes_nothing(
    cli: Cli, source: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copia.mfbk"
    assert cli("backup", "-o", str(copy)).code == 0
    data = bytearray(copy.read_bytes())
    data[len(data) // 2 + 1000] ^= 0x40
    copy.write_bytes(bytes(data))
    run = cli("restore", str(copy), "--to", str(tmp_path / "nuovo"))
    assert run.code == 4
    assert "danneggiato o alterato" in run.one_error_line()
    assert not (tmp_path / "nuovo").exists()


def test_refusals_are_one_line_with_exit_1(cli: Cli, source: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copia.mfbk"
    assert cli("backup", "-o", str(copy)).code == 0
    busy = tmp_path / "occupata"
    busy.mkdir()
    (busy / "x").write_text("x")
    not_a_backup = tmp_path / "foto.jpg"
    not_a_backup.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    for argv, expected in (
        (("restore", str(copy), "--to", str(busy)), "non è vuota"),
        (("restore", str(not_a_backup), "--to", str(tmp_path / "a")), "non è un backup"),
        (("restore", str(tmp_path / "manca"), "--to", str(tmp_path / "a")), "non trovato"),
        (("backup", "-o", str(tmp_path / "manca" / "copia.mfbk")), "non esiste"),
    ):
        run = cli(*argv)
        assert run.code == 1, run.err
        assert expected in run.one_error_line()
    assert not (tmp_path / "a").exists()
    assert [p.name for p in busy.iterdir()] == ["x"]
    assert cli("restore", str(copy)).code == 2  # --to is required
