"""The comune of residence from the command line: `case add --comune`, `case edit --comune` (or
`--set comune=…`), shown by `case show` and `case show --json`."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from minorifamiglie.storage.keyfile import KdfParams

PASSPHRASE = "cavallo batteria graffetta"
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def id(self) -> uuid.UUID:
        assert self.code == 0, self.err
        assert self.out.count("\n") == 1, self.out
        return uuid.UUID(self.out.strip())

    def one_error_line(self) -> str:
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        return lines[0]


Cli = Callable[..., Run]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    profiles.init_profile(
        root, PASSPHRASE, "Giulia Bianchi", Role.EDUCATOR, "portatile-test", kdf=FAST_KDF
    )

    def run(*argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse exits by itself on usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def show(cli: Cli, case: uuid.UUID) -> dict[str, object]:
    run = cli("case", "show", str(case), "--json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert isinstance(doc, dict)
    return doc


def test_the_comune_is_given_shown_changed_and_cleared(cli: Cli) -> None:
    case = cli(
        "case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota",
        "--comune", "San Pellegrino Terme",
    ).id()  # fmt: skip
    doc = show(cli, case)
    assert (doc["comune"], doc["comune_name"]) == ("I079", "San Pellegrino Terme")
    text = cli("case", "show", str(case))
    assert "  Comune:    San Pellegrino Terme\n" in text.out

    assert cli("case", "edit", str(case), "--comune", "Zogno (BG)").id() == case
    assert (show(cli, case)["comune"], show(cli, case)["comune_name"]) == ("M184", "Zogno")
    assert cli("case", "edit", str(case), "--set", "comune=m184", "--set", "title=ADM").id() == case
    assert cli("case", "edit", str(case), "--comune", "").id() == case
    doc = show(cli, case)
    assert (doc["comune"], doc["comune_name"], doc["title"]) == (None, None, "ADM")
    assert "  Comune:    non indicato\n" in cli("case", "show", str(case)).out


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (("case", "add", "--ambito", "VBR", "--service", "adm", "--comune", "Castro"), 1,
         "più comuni con questo nome, indicare quale (es. Castro (BG))"),
        (("case", "add", "--ambito", "VBR", "--service", "adm", "--comune", "Marocco"), 1,
         "non uno stato estero"),
        (("case", "add", "--ambito", "VBR", "--service", "adm", "--comune", "Brembilla"), 1,
         "non esiste più"),
    ],
)  # fmt: skip
def test_what_is_no_comune_of_today_is_one_line_and_no_case(
    cli: Cli, argv: tuple[str, ...], code: int, says: str
) -> None:
    run = cli(*argv)
    assert run.code == code
    assert says in run.one_error_line()
    assert json.loads(cli("case", "list", "--json").out) == []


def test_an_edit_says_the_comune_once(cli: Cli) -> None:
    case = cli("case", "add", "--ambito", "VBR", "--service", "adm").id()
    both = cli("case", "edit", str(case), "--comune", "Zogno", "--set", "comune=Zogno")
    assert both.code == 2
    assert "--comune e --set comune" in both.one_error_line()
    nothing = cli("case", "edit", str(case))
    assert nothing.code == 2
    assert "--comune" in nothing.one_error_line()
    wrong = cli("case", "edit", str(case), "--comune", "Atlantide")
    assert wrong.code == 1 and "Comune sconosciuto" in wrong.one_error_line()
    assert show(cli, case)["comune"] is None
