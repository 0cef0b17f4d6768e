"""Issue 4 as a script does it: a coordinator and two educators set up only with the command line
on one shared folder, edit the same case offline, sync in different orders, and end with
byte-identical `dump --json` and the same conflicts; the resolution syncs too."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from support.profiles import PASSPHRASE, ProfileCopies

pytestmark = [
    pytest.mark.slow,  # a team of profiles set up and synced by the commands
    pytest.mark.usefixtures("cheap_init_kdf"),
]


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        assert self.code == 0, self.err
        return json.loads(self.out)


Cli = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_PROFILE", raising=False)

    def run(profile: Path, *argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(["--profile", str(profile), *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Run(code, out, err)

    return run


def test_three_profiles_set_up_with_the_commands_converge(cli: Cli, tmp_path: Path) -> None:
    share = tmp_path / "chiavetta"
    share.mkdir()
    coord, edu1, edu2 = (tmp_path / n for n in ("coordinatrice", "educatore1", "educatrice2"))
    for root, name, role in (
        (coord, "Giulia Rota", "coordinatore"),
        (edu1, "Marco Locatelli", "educatore"),
        (edu2, "Sara Pesenti", "educatore"),
    ):
        assert cli(root, "init", "--operator", name, "--role", role).code == 0

    created = cli(coord, "team", "create", "--name", "Équipe Valle Brembana", "--share", str(share))
    assert created.code == 0
    team_id = uuid.UUID(created.out.strip())
    joined = {}
    for root in (edu1, edu2):
        run = cli(root, "team", "join", "--share", str(share))
        assert run.code == 0, run.err
        device, fingerprint = run.out.splitlines()
        joined[root] = (uuid.UUID(device), fingerprint)
        assert "Impronta del coordinatore" in run.err

    # Not admitted yet: a clear refusal, no traceback.
    waiting = cli(edu1, "sync", "--share", str(share))
    assert waiting.code == 1 and "non ancora ammesso" in waiting.err

    shown = cli(coord, "team", "show", "--json").json()
    assert isinstance(shown, dict) and shown["team_id"] == str(team_id)
    pending = {d["device_id"]: d for d in shown["devices"] if d["status"] == "pending"}
    for device_id, fingerprint in joined.values():
        assert pending[str(device_id)]["fingerprint"] == fingerprint  # compared out of band
        assert cli(coord, "team", "admit", str(device_id)).code == 0

    case = cli(coord, "case", "add", "--title", "Famiglia R.", "--service", "adm",
               "--ambito", "VBR", "--summary", "Presa in carico")  # fmt: skip
    assert case.code == 0
    case_id = case.out.strip()
    for root in (coord, edu1, edu2):
        report = cli(root, "sync", "--share", str(share), "--json").json()
        assert isinstance(report, dict) and report["refused"] == []

    # Offline edits of the same case.
    assert cli(edu1, "case", "edit", case_id, "--set", "summary=Madre al lavoro").code == 0
    assert cli(edu2, "case", "edit", case_id, "--set", "summary=Madre a casa").code == 0
    assert cli(edu2, "case", "edit", case_id, "--set", "title=Famiglia R. (Zogno)").code == 0

    # Different orders on each side.
    for root in (edu2, coord, edu1, coord, edu2, edu1):
        report = cli(root, "sync", "--json").json()  # the folder remembered from before
        assert isinstance(report, dict)
        assert set(report) >= {"exported", "imported", "conflicts", "refused"}

    dumps = [cli(root, "dump", "--json").out for root in (coord, edu1, edu2)]
    assert len(set(dumps)) == 1 and dumps[0].startswith("{")
    listed: list[Any] = [cli(root, "conflicts", "--json").json() for root in (coord, edu1, edu2)]
    assert listed[0] == listed[1] == listed[2] or _same_but_mine(listed)
    (conflict,) = listed[0]
    assert conflict["field"] == "summary"

    assert cli(edu2, "conflicts", "resolve", conflict["id"], "--keep", "mine").code == 0
    for root in (edu2, coord, edu1):
        cli(root, "sync")
    assert all(cli(root, "conflicts", "--json").json() == [] for root in (coord, edu1, edu2))
    dumps = [cli(root, "dump", "--json").out for root in (coord, edu1, edu2)]
    assert len(set(dumps)) == 1
    case_row = json.loads(dumps[0])["cases"][0]
    assert (case_row["summary"], case_row["title"]) == ("Madre a casa", "Famiglia R. (Zogno)")
    for root in (coord, edu1, edu2):
        assert cli(root, "check").code == 0

    # Revocation: the coordinator removes a laptop; it learns it and stops.
    device1 = joined[edu1][0]
    assert cli(coord, "team", "revoke", str(device1)).code == 0
    revoked = cli(edu1, "sync")
    assert revoked.code == 1 and "revocato" in revoked.err


def _same_but_mine(listed: list[object]) -> bool:
    """The same conflicts everywhere; only the `mine` flags depend on who looks."""

    def strip(items: object) -> object:
        assert isinstance(items, list)
        return [
            {**c, "current": {**c["current"], "mine": None}, "other": {**c["other"], "mine": None}}
            for c in items
        ]

    return strip(listed[0]) == strip(listed[1]) == strip(listed[2])


def test_sync_errors_are_one_clear_line(
    cli: Cli, tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    root = profile_copy(tmp_path / "profilo", "Elena Gritti", Role.EDUCATOR)
    alone = cli(root, "sync", "--share", str(tmp_path))
    assert alone.code == 1 and "équipe" in alone.err and alone.err.count("\n") == 1
    missing = cli(root, "team", "join", "--share", str(tmp_path / "non-esiste"))
    assert missing.code == 1 and "non raggiungibile" in missing.err
    bad = cli(root, "conflicts", "resolve", "non-un-id", "--keep", "mine")
    assert bad.code == 2 and bad.err.count("\n") == 1
