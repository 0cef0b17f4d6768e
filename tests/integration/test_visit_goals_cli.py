"""`visit add --goal ID` as a script uses it: the goals worked on, in the order given, are kept
with the visit and frozen with it when closed; a malformed id is a usage error (exit 2) and a
goal of another case a user error (exit 1), each one line on stderr."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli_runner import Cli, MakeProfile
from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain.enums import PlanKind, Service
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import cases, profiles, records, visits
from support.profiles import PASSPHRASE


@dataclass(frozen=True)
class Setup:
    root: Path
    case_code: str
    goals: tuple[uuid.UUID, uuid.UUID]
    foreign_goal: uuid.UUID


@pytest.fixture
def setup(make_profile: MakeProfile) -> Setup:
    root = make_profile()
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Ivan Rota")
        first = records.add_goal(opened, case.id, title="Autonomia nei compiti")
        second = records.add_goal(
            opened, case.id, title="Stabilità abitativa", plan=PlanKind.FRAMEWORK
        )
        other = cases.add_case(opened, ambito="BG", service=Service.TUTELA)
        foreign = records.add_goal(opened, other.id, title="Di un'altra cartella")
    finally:
        opened.close()
    return Setup(root, case.code, (first.id, second.id), foreign.id)


def test_visit_add_keeps_the_goals_in_the_order_given_and_freezes_them(
    cli: Cli, setup: Setup
) -> None:
    first, second = setup.goals
    run = cli(
        "visit", "add", "--case", setup.case_code, "--date", "06/10/2026", "--start", "15:00",
        "--end", "16:00", "--place", "Domicilio", "--notes", "Compiti.",
        "--goal", str(second), "--goal", str(first), "--close",
    )  # fmt: skip
    assert (run.code, run.err) == (0, ""), run.err
    visit_id = VisitId(uuid.UUID(run.out.strip()))
    opened = profiles.unlock(setup.root, PASSPHRASE)
    try:
        visit = visits.get_visit(opened, visit_id).visit
    finally:
        opened.close()
    assert json.loads(visit.goal_ids or "") == [str(second), str(first)]
    doc = fd.parse(visit.frozen)
    assert doc is not None
    assert doc.goals == ("Stabilità abitativa (Progetto Quadro)", "Autonomia nei compiti")


@pytest.mark.parametrize(
    ("goal", "code", "message"),
    [
        ("non-un-id", 2, "identificativo di obiettivo non valido"),
        ("foreign", 1, "Obiettivo non appartenente alla cartella"),
    ],
)
def test_a_wrong_goal_is_one_line_and_records_nothing(
    cli: Cli, setup: Setup, goal: str, code: int, message: str
) -> None:
    ref = str(setup.foreign_goal) if goal == "foreign" else goal
    run = cli(
        "visit", "add", "--case", setup.case_code, "--date", "2026-10-06", "--start", "15:00",
        "--end", "16:00", "--goal", ref,
    )  # fmt: skip
    assert run.code == code
    lines = run.err.splitlines()
    assert len(lines) == 1 and message in lines[0], run.err
    listed = cli("visit", "list", "--case", setup.case_code, "--json")
    assert json.loads(listed.out) == []
