"""`community add|list|show|place|end` as a script uses them: ids alone on stdout, one line on
stderr for every error with exit 1 (user) or 2 (usage), dates as dd/mm/yyyy or yyyy-mm-dd, and
nothing written when refused."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from cli_runner import Cli, MakeProfile
from minorifamiglie.domain.enums import Role


@pytest.fixture(autouse=True)
def social_worker(make_profile: MakeProfile) -> Path:
    return make_profile(Role.SOCIAL_WORKER)


def test_a_community_is_registered_listed_and_shown(cli: Cli) -> None:
    community = cli.ok_id(
        "community", "add", "--name", "Comunità Il Ponte", "--kind", "educativa",
        "--comune", "Zogno", "--ambito", "VBR", "--places", "8", "--phone", "0345 000000",
    )  # fmt: skip
    cli.ok_id("community", "add", "--name", "Casa Betania", "--kind", "mamma-bambino")

    code, out, err = cli("community", "list")
    assert (code, err) == (0, "2 comunità\n")
    betania, ponte = out.splitlines()  # by name, each line ending with the id
    assert ponte.startswith("Comunità Il Ponte") and ponte.endswith(str(community))
    assert "Comunità educativa" in ponte and "0/8" in ponte
    assert betania.startswith("Casa Betania") and "0/—" in betania
    out = cli.out("community", "list", "--kind", "mamma-bambino", "--json")
    assert [row["community"]["name"] for row in json.loads(out)] == ["Casa Betania"]

    out = cli.out("community", "show", "comunità il ponte")
    assert out.splitlines()[0] == "Comunità Il Ponte  (Comunità educativa)"
    out = cli.out("community", "show", str(community), "--json")
    doc = json.loads(out)
    assert (doc["community"]["places"], doc["placed"], doc["placements"]) == (8, 0, [])


def test_bad_input_is_one_line_and_nothing_is_written(cli: Cli) -> None:
    assert "--kind" in cli.fails(2, "community", "add", "--name", "X", "--kind", "castello")
    assert "Posti" in cli.fails(
        1, "community", "add", "--name", "X", "--kind", "familiare", "--places", "tanti"
    )
    assert "Ambito sconosciuto" in cli.fails(
        1, "community", "add", "--name", "X", "--kind", "familiare", "--ambito", "XYZ"
    )
    assert "Comunità non trovata" in cli.fails(1, "community", "show", "Casa Nessuno")
    assert json.loads(cli.out("community", "list", "--json")) == []


def test_a_child_is_placed_and_the_placement_ended_with_its_reason(cli: Cli) -> None:
    cli.ok_id("community", "add", "--name", "Comunità Il Ponte", "--kind", "educativa")
    case = cli.ok_id(
        "case", "add", "--ambito", "VBR", "--service", "tutela", "--minor", "Luca Rota"
    )
    # A date as Italians write it; the community by its name.
    placement = cli.ok_id(
        "community", "place", "--case", str(case), "--community", "Comunità Il Ponte",
        "--legal-basis", "giudiziale", "--start", "02/03/2026",
    )  # fmt: skip
    out = cli.out("community", "show", "Comunità Il Ponte")
    assert "Luca Rota: dal 02/03/2026, in corso" in out
    assert "1/—" in out
    # The six-monthly report is among the case's deadlines
    out = cli.out("case", "show", str(case), "--json")
    kinds = {d["kind"]: d["due_on"] for d in json.loads(out)["deadlines"]}
    assert kinds["verifica-semestrale-comunita"] == "2026-09-02"

    assert "già inserito" in cli.fails(
        1, "community", "place", "--case", str(case), "--community", "Comunità Il Ponte",
        "--legal-basis", "giudiziale", "--start", "2026-03-02",
    )  # fmt: skip
    assert "--reason" in cli.fails(2, "community", "end", str(placement))
    assert "--date" in cli.fails(
        2, "community", "end", str(placement), "--reason", "autonomia", "--date", "31/02/2026"
    )

    assert (
        cli.ok_id(
            "community",
            "end",
            str(placement),
            "--reason",
            "rientro-famiglia",
            "--date",
            "1/10/2026",
        )
        == placement
    )

    out = cli.out("community", "show", "Comunità Il Ponte")
    assert "dal 02/03/2026 al 01/10/2026 (Rientro nella famiglia d'origine)" in out
    assert "già concluso" in cli.fails(1, "community", "end", str(placement), "--reason", "altro")
    assert "non trovato" in cli.fails(1, "community", "end", str(uuid.uuid4()), "--reason", "altro")
