"""`project add|list|show` and `project activity add` (cli/projects.py) as a script sees them:
ids alone on stdout, one line on stderr for a bad value, exit 1 for a user error and 2 for bad
usage, dates as dd/mm/yyyy or yyyy-mm-dd, the summary of a year."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from cli_runner import Cli, Run

pytestmark = pytest.mark.usefixtures("ready")
TITLE = "Dai luoghi di cura alla cura dei luoghi"


def add_project(cli: Cli, *extra: str) -> uuid.UUID:
    return cli(
        "project", "add", "--ambito", "SER", "--title", TITLE, "--start", "01/09/2025",
        "--comune", "Scanzorosciate",
        "--partners", "Comune di Scanzorosciate, Coop. L'Impronta, Ass. Sotto Altra Quota",
        *extra,
    ).id()  # fmt: skip


def add_activity(cli: Cli, project: uuid.UUID, day: str, minutes: str, people: str) -> Run:
    return cli(
        "project", "activity", "add", "--project", str(project), "--date", day,
        "--minutes", minutes, "--participants", people,
        "--description", "Laboratorio di orto con la scuola media",
    )  # fmt: skip


def test_a_project_and_its_activities_are_recorded_and_summed_by_year(cli: Cli) -> None:
    project = add_project(cli, "--description", "Recupero di un edificio storico.")
    add_activity(cli, project, "20/12/2025", "60", "40").id()
    add_activity(cli, project, "12/03/2026", "90", "25").id()
    third = add_activity(cli, project, "2026-10-03", "150", "60").id()

    listed = cli("project", "list", "--year", "2026", "--json")
    assert listed.code == 0, listed.err
    [doc] = json.loads(listed.out)
    assert (doc["id"], doc["title"], doc["comune"]) == (str(project), TITLE, "Scanzorosciate")
    assert doc["ambito"] == {"code": "SER", "name": "Seriate"}
    assert (doc["activities"], doc["minutes"], doc["hours"], doc["participants"]) == (
        2,
        240,
        4.0,
        85,
    )
    text = cli("project", "list", "--year", "2026")
    assert text.code == 0 and text.err == "1 progetti\n"
    assert "4,00 h" in text.out and TITLE in text.out and str(project) in text.out

    shown = cli("project", "show", str(project), "--from", "01/01/2026", "--to", "31/12/2026")
    assert shown.code == 0, shown.err
    assert "Totale: 2 attività, 4,00 ore, 85 partecipanti (presenze)" in shown.out
    assert "Comune:    Scanzorosciate" in shown.out and "Giulia Bianchi" in shown.out
    whole = json.loads(cli("project", "show", str(project), "--json").out)
    assert whole["activities"][0]["id"] == str(third)  # the most recent first
    assert whole["summary"] == {"activities": 3, "minutes": 300, "hours": 5.0, "participants": 125}
    assert {a["operator"] for a in whole["activities"]} == {"Giulia Bianchi"}


def test_an_activity_by_another_operator_of_the_team_by_name(cli: Cli) -> None:
    project = add_project(cli)
    run = cli(
        "project", "activity", "add", "--project", str(project), "--date", "12/03/2026",
        "--minutes", "90", "--participants", "12", "--operator", "giulia bianchi",
    )  # fmt: skip
    run.id()
    wrong = cli(
        "project", "activity", "add", "--project", str(project), "--date", "12/03/2026",
        "--minutes", "90", "--participants", "12", "--operator", "Nessuno",
    )  # fmt: skip
    assert wrong.code == 1
    assert wrong.one_error_line() == "minorifamiglie: --operator: operatore sconosciuto"


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (("--date", "31/02/2026"), 2, "non è un giorno del calendario"),
        (("--minutes", "novanta"), 2, "invalid int value"),
        (("--minutes", "0"), 1, "Durata in minuti: un numero intero da 1 a 1440"),
        (("--participants", "-3"), 1, "Partecipanti: un numero intero da 0"),
        (("--date", "01/01/2025"), 1, "fuori dal periodo del progetto"),
        (("--description", "chiamare il 347 1234567"), 1, "numero di telefono"),
    ],
)
def test_a_bad_activity_is_one_line_and_nothing_written(
    cli: Cli, argv: tuple[str, ...], code: int, says: str
) -> None:
    project = add_project(cli)
    values = {"--date": "12/03/2026", "--minutes": "90", "--participants": "12"}
    values.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    flat = [x for pair in values.items() for x in pair]
    assert says in cli.fails(code, "project", "activity", "add", "--project", str(project), *flat)
    summary = json.loads(cli("project", "show", str(project), "--json").out)["summary"]
    assert summary["activities"] == 0


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (("project", "add", "--ambito", "Narnia", "--title", "X", "--start", "01/01/2026"), 1,
         "Ambito sconosciuto"),
        (("project", "add", "--ambito", "BG", "--title", "X", "--start", "01/01/2026",
          "--end", "31/12/2025"), 1, "precede l'avvio"),
        (("project", "show", "non-un-id"), 1, "Progetto: identificativo non valido"),
        (("project", "show", str(uuid.UUID(int=7))), 1, "Progetto di comunità non trovato"),
        (("project", "list", "--year", "2026", "--from", "01/01/2026"), 2, "--year"),
        (("project", "list", "--from", "02/01/2026", "--to", "01/01/2026"), 2, "--to precede"),
    ],
)  # fmt: skip
def test_bad_project_commands_are_one_line(
    cli: Cli, argv: tuple[str, ...], code: int, says: str
) -> None:
    assert says in cli.fails(code, *argv)


def test_an_empty_list_says_so(cli: Cli) -> None:
    run = cli("project", "list", "--year", str(dt.date.today().year))
    assert (run.code, run.out, run.err) == (0, "", "0 progetti\n")
