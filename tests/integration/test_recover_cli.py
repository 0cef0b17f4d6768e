"""Issue 6, recovery, as a user does it: the coordinator makes the team's recovery key, an
educator forgets the passphrase, and `recover --identity` on that laptop sets a new one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from support.profiles import PASSPHRASE, ProfileCopies

NEW = "passphrase nuova dopo il recupero"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


Cli = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("MINORIFAMIGLIE_PROFILE", raising=False)
    monkeypatch.delenv("MINORIFAMIGLIE_NEW_PASSPHRASE", raising=False)

    def run(profile: Path, *argv: str, passphrase: str = PASSPHRASE) -> Run:
        monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", passphrase)
        capsys.readouterr()
        try:
            code = main(["--profile", str(profile), *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Run(code, out, err)

    return run


def _sha(root: Path) -> list[str]:
    return [
        hashlib.sha256((root / n).read_bytes()).hexdigest() for n in ("profile.json", "cartelle.db")
    ]


def test_a_forgotten_passphrase_is_recovered_with_the_coordinator_identity(
    cli: Cli, tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    share = tmp_path / "condivisa"
    share.mkdir()
    coord, edu = tmp_path / "coordinatrice", tmp_path / "educatore"
    profile_copy(coord, "Giulia Rota", Role.COORDINATOR)
    profile_copy(edu, "Marco Locatelli", Role.EDUCATOR)
    assert cli(coord, "team", "create", "--name", "Équipe", "--share", str(share)).code == 0
    device = cli(edu, "team", "join", "--share", str(share)).out.splitlines()[0]
    assert cli(coord, "team", "admit", device).code == 0
    identity = tmp_path / "chiavetta-recupero.txt"
    made = cli(coord, "team", "recovery-key", "-o", str(identity))
    assert made.code == 0, made.err
    recipient = made.out.strip()
    assert recipient.startswith("age1") and f"public key: {recipient}" in identity.read_text()
    again = cli(coord, "team", "recovery-key", "-o", str(identity))
    assert again.code == 1 and len(again.err.strip().splitlines()) == 1

    # Before the educator's laptop learns the recipient, there is nothing to recover with.
    new_file = tmp_path / "nuova.txt"
    new_file.write_text(NEW + "\n")
    early = cli(edu, "recover", "--identity", str(identity), "--new-passphrase-file", str(new_file))
    assert early.code == 1 and "non ha una copia della chiave" in early.err

    assert cli(edu, "case", "add", "--title", "Famiglia T.", "--service", "adm",
               "--ambito", "VBR").code == 0  # fmt: skip
    assert cli(edu, "sync").code == 0
    shown = cli(edu, "team", "show")
    assert f"Chiave di recupero dell'équipe: {recipient}" in shown.out
    before = cli(edu, "dump", "--json").out

    # A wrong identity: exit 3, one line, nothing changed (in a real process too).
    other = tmp_path / "altra.txt"
    subprocess.run(["age-keygen", "-o", str(other)], capture_output=True, check=True)
    sums = _sha(edu)
    env = {**os.environ, "MINORIFAMIGLIE_NEW_PASSPHRASE": NEW}
    env.pop("MINORIFAMIGLIE_PASSPHRASE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "minorifamiglie", "--profile", str(edu), "recover", "--identity",
         str(other)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        "minorifamiglie: L'identità di recupero indicata non apre questo profilo"
    ]
    assert _sha(edu) == sums

    done = cli(edu, "recover", "--identity", str(identity), "--new-passphrase-file", str(new_file))
    assert done.code == 0, done.err
    assert "Passphrase reimpostata" in done.err
    assert cli(edu, "dump", "--json", passphrase=NEW).out == before
    assert cli(edu, "check", passphrase=NEW).code == 0
    assert cli(edu, "sync", passphrase=NEW).code == 0
    # Last: the failure it counts makes the next unlock wait a second.
    assert cli(edu, "dump", "--json").code == 3  # the old passphrase no longer opens it
