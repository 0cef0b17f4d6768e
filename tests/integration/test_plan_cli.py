"""`goal list`, `goal action add|done|list` and `activation add|edit|list` as a script uses them:
ids alone on stdout, one line on stderr for every error with exit 1 (user) or 2 (usage), dates as
dd/mm/yyyy or yyyy-mm-dd."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

from cli_runner import Cli, MakeProfile
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import profiles
from support.profiles import PASSPHRASE


@pytest.fixture(autouse=True)
def social_worker(make_profile: MakeProfile) -> Path:
    return make_profile(Role.SOCIAL_WORKER)


def a_case_with_a_goal(cli: Cli) -> tuple[CaseId, uuid.UUID]:
    from minorifamiglie.services import records

    case = CaseId(
        cli.ok_id("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota")
    )
    opened = profiles.unlock(Path(os.environ["MINORIFAMIGLIE_PROFILE"]), PASSPHRASE)
    try:
        goal = records.add_goal(opened, case, title="Autonomia nei compiti")
    finally:
        opened.close()
    return case, goal.id


def test_actions_are_added_under_a_goal_listed_and_done(cli: Cli) -> None:
    case, goal = a_case_with_a_goal(cli)
    out = cli.out("goal", "list", "--case", str(case))
    assert "Autonomia nei compiti" in out and out.rstrip().endswith(str(goal))

    action = cli.ok_id(
        "goal", "action", "add", "--goal", str(goal), "--description", "Colloquio con la scuola",
        "--responsible", "educatrice", "--due", "04/12/2026",
    )  # fmt: skip
    other = cli.ok_id("goal", "action", "add", "--goal", str(goal), "--description", "Diario")

    listed = cli.out("goal", "action", "list", "--case", str(case))
    assert (
        "entro 04/12/2026       Colloquio con la scuola (educatrice) — Autonomia nei compiti  "
        f"{action}"
    ) in listed
    # an open action with a date is a deadline of the case
    doc = json.loads(cli.out("case", "show", str(case), "--json"))
    assert {"azione-pei": "2026-12-04"}.items() <= {
        d["kind"]: d["due_on"] for d in doc["deadlines"]
    }.items()

    assert cli.ok_id("goal", "action", "done", str(other), "--date", "2026-11-02") == other
    rows = json.loads(cli.out("goal", "action", "list", "--case", str(case), "--json"))
    assert [(r["description"], r["done_on"]) for r in rows] == [
        ("Colloquio con la scuola", None),
        ("Diario", "2026-11-02"),
    ]


def test_bad_action_input_is_one_line(cli: Cli) -> None:
    case, goal = a_case_with_a_goal(cli)
    assert "--description" in cli.fails(2, "goal", "action", "add", "--goal", str(goal))
    assert "--due" in cli.fails(
        2, "goal", "action", "add", "--goal", str(goal), "--description", "X", "--due", "32/1/2026"
    )
    assert "Obiettivo non trovato" in cli.fails(
        1, "goal", "action", "add", "--goal", str(uuid.uuid4()), "--description", "X"
    )
    assert "Obiettivo" in cli.fails(
        1, "goal", "action", "add", "--goal", "autonomia", "--description", "X"
    )
    assert "Azione non trovata" in cli.fails(1, "goal", "action", "done", str(uuid.uuid4()))
    assert json.loads(cli.out("goal", "action", "list", "--case", str(case), "--json")) == []


def test_an_activation_names_its_partner_cooperative(cli: Cli) -> None:
    case = cli.ok_id("case", "add", "--ambito", "VBR", "--service", "adm")
    activation = cli.ok_id(
        "activation", "add", "--case", str(case), "--service", "adm", "--start", "01/10/2026",
        "--hours", "4,5", "--partner", "Cooperativa Alfa",
    )  # fmt: skip
    out = cli.out("activation", "list", "--case", str(case))
    assert out.split() == [
        "adm", "dal", "01/10/2026", "4.5", "h/settimana", "con", "Cooperativa", "Alfa",
        str(activation),
    ]  # fmt: skip

    assert cli.ok_id("activation", "edit", str(activation), "--partner", "Consorzio Beta") == (
        activation
    )
    [row] = json.loads(cli.out("activation", "list", "--case", str(case), "--json"))
    assert (row["partner"], row["authorised_hours"]) == ("Consorzio Beta", 4.5)
    cli.ok_id("activation", "edit", str(activation), "--partner", "", "--end", "2026-12-31")
    [row] = json.loads(cli.out("activation", "list", "--case", str(case), "--json"))
    assert (row["partner"], row["end_on"]) == (None, "2026-12-31")

    assert "almeno un campo" in cli.fails(2, "activation", "edit", str(activation))
    assert "Monte ore" in cli.fails(
        1, "activation", "add", "--case", str(case), "--service", "adm", "--start",
        "2026-10-01", "--hours", "tante",
    )  # fmt: skip
    assert "Cooperativa partner" in cli.fails(
        1, "activation", "edit", str(activation), "--partner", "C" * 201
    )
