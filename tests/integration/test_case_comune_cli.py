"""The comune of residence from the command line: `case add --comune`, `case edit --comune` (or
`--set comune=…`), shown by `case show` and `case show --json`."""

from __future__ import annotations

import json
import uuid

import pytest

from cli_runner import Cli

pytestmark = pytest.mark.usefixtures("ready")


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
    assert says in cli.fails(code, *argv)
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
