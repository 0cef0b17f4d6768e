"""Two `sync` commands on one profile at the same time (a scheduled sync and a hand-started one,
or the application and a script): real second processes. Each either waits its turn or says
that the profile is in use (exit 5); nothing is lost or published twice, and `check` passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.services import profiles, syncing
from support.profiles import PASSPHRASE

pytestmark = [
    pytest.mark.slow,  # real processes syncing at once
    pytest.mark.usefixtures("cheap_init_kdf"),  # each process unlocks: not a test of the KDF
]

BUSY = "Il profilo è in uso da un altro programma"


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--profile", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_two_syncs_at_once_serialise_and_lose_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_PROFILE", raising=False)
    share, root = tmp_path / "chiavetta", tmp_path / "coordinatrice"
    share.mkdir()
    assert run(capsys, root, "init", "--operator", "Giulia Rota", "--role", "coordinatore")[0] == 0
    code, _, err = run(capsys, root, "team", "create", "--name", "Équipe", "--share", str(share))
    assert code == 0, err
    for minor in ("Luca Rota", "Sara Pesenti"):
        code, _, err = run(
            capsys, root, "case", "add", "--ambito", "VBR", "--service", "adm", "--minor", minor
        )
        assert code == 0, err
    # When two syncs of the same profile run at the same time, in two processes
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    argv = [sys.executable, "-m", "minorifamiglie", "--profile", str(root), "sync"]
    children = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = []
    for child in children:
        try:
            out, err = child.communicate(timeout=180)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        results.append((child.returncode, err))
    # Then each one either synced or said the profile was in use, without a traceback
    for code, err in results:
        assert "Traceback" not in err and "Errore imprevisto" not in err, err
        assert code == 0 or (code == 5 and BUSY in err), (code, err)
    assert any(code == 0 for code, _ in results)
    # And the profile is sound, nothing is left to publish, and every bundle has its own slot
    code, out, err = run(capsys, root, "check")
    assert code == 0, out + err
    code, out, err = run(capsys, root, "sync")
    assert code == 0, err
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        assert syncing.status(opened).pending == 0
    finally:
        opened.close()
    bundles = sorted(p.name for p in share.rglob("*.mfb"))
    assert len(bundles) == len(set(bundles)) >= 1
    code, out, err = run(capsys, root, "case", "list")
    assert code == 0 and "0 cartelle" not in err
