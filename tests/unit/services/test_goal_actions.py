"""Actions under a PEI goal: added, edited, done, removed (with their goal too), and an open one
with a due date among the case's deadlines while the goal is in progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, DeadlineKind, GoalStatus, OpKind, Service
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import cases, deadlines, goal_actions, records
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


@pytest.fixture
def goal(opened: OpenProfile, case_file: Any) -> e.Goal:
    return records.add_goal(opened, case_file.case.code, title="Autonomia nei compiti")


def action_deadlines(opened: OpenProfile, days: int = 30) -> list[tuple[dt.date, str]]:
    return [
        (r.due_on, r.title)
        for r in deadlines.upcoming_deadlines(opened, TODAY, days=days)
        if r.kind is DeadlineKind.GOAL_ACTION
    ]


def test_an_action_is_added_under_its_goal_logged_and_audited(
    opened: OpenProfile, case_file: Any, goal: e.Goal, traces: Any
) -> None:
    action = goal_actions.add_goal_action(
        opened,
        str(goal.id),
        description="  Iscrizione al centro estivo ",
        responsible="madre",
        due_on=dt.date(2026, 12, 10),
    )

    assert (action.case_id, action.goal_id) == (case_file.case.id, goal.id)
    assert (action.description, action.responsible, action.done_on) == (
        "Iscrizione al centro estivo",
        "madre",
        None,
    )
    assert traces.changes("goal_actions", action.id) == [OpKind.INSERT]
    [event] = traces.audit("goal_actions", action.id)
    assert (event.action, event.case_id) == (AuditAction.CREATE, case_file.case.id)
    assert goal_actions.list_goal_actions(opened, case_file.case.code) == [action]
    assert cases.show_case(opened, case_file.case.code, today=TODAY).goal_actions == (action,)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "x" * 301}, "description"),
        ({"responsible": "y" * 121}, "responsible"),
        ({"due_on": "domani"}, "due_on"),
    ],
)
def test_each_bad_action_field_is_named(
    opened: OpenProfile, case_file: Any, goal: e.Goal, overrides: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = dict(description="Colloquio con la scuola")
    values.update(overrides)
    with pytest.raises(ValidationError) as err:
        goal_actions.add_goal_action(opened, goal.id, **values)
    assert err.value.field == field
    assert goal_actions.list_goal_actions(opened, case_file.case.code) == []


def test_an_action_needs_a_live_goal(opened: OpenProfile, goal: e.Goal) -> None:
    with pytest.raises(NotFoundError, match="Obiettivo non trovato"):
        goal_actions.add_goal_action(
            opened, "0192f0c0-0000-7000-8000-000000000000", description="Telefonare"
        )
    with pytest.raises(ValidationError) as err:
        goal_actions.add_goal_action(opened, "BG-2026-0001", description="Telefonare")
    assert err.value.field == "goal_id"


def test_an_open_action_with_a_date_is_a_deadline_until_done(
    opened: OpenProfile, case_file: Any, goal: e.Goal, traces: Any
) -> None:
    action = goal_actions.add_goal_action(
        opened, goal.id, description="Colloquio con la scuola", due_on=dt.date(2026, 12, 4)
    )
    goal_actions.add_goal_action(opened, goal.id, description="Senza data")
    assert action_deadlines(opened) == [
        (dt.date(2026, 12, 4), "Azione del PEI: Colloquio con la scuola")
    ]
    with pytest.raises(ValidationError, match="non può essere futura"):
        goal_actions.complete_goal_action(opened, action.id, dt.date(2026, 12, 1), today=TODAY)

    done = goal_actions.complete_goal_action(opened, action.id, today=TODAY)

    assert done.done_on == TODAY
    assert action_deadlines(opened) == []
    assert traces.audit("goal_actions", action.id)[-1].detail == {"fields": ["done_on"]}
    # open ones first, then by due date
    listed = goal_actions.list_goal_actions(opened, case_file.case.code, goal.id)
    assert [a.description for a in listed] == ["Senza data", "Colloquio con la scuola"]
    reopened = goal_actions.reopen_goal_action(opened, action.id)
    assert reopened.done_on is None
    assert len(action_deadlines(opened)) == 1


def test_a_goal_no_longer_in_progress_takes_its_actions_off_the_deadlines(
    opened: OpenProfile, case_file: Any, goal: e.Goal
) -> None:
    goal_actions.add_goal_action(
        opened, goal.id, description="Colloquio con la scuola", due_on=dt.date(2026, 11, 30)
    )
    # even when the goal's own review date is far beyond the horizon
    records.update_goal(opened, goal.id, review_on=dt.date(2027, 6, 1))
    assert len(action_deadlines(opened)) == 1
    records.update_goal(opened, goal.id, status=GoalStatus.ACHIEVED)
    assert action_deadlines(opened) == []
    detail = cases.show_case(opened, case_file.case.code, today=TODAY)
    assert not [d for d in detail.deadlines if d.kind == DeadlineKind.GOAL_ACTION]


def test_editing_and_removing_an_action(
    opened: OpenProfile, case_file: Any, goal: e.Goal, traces: Any
) -> None:
    action = goal_actions.add_goal_action(opened, goal.id, description="Telefonare al pediatra")
    edited = goal_actions.update_goal_action(
        opened, action.id, responsible="educatrice", due_on=dt.date(2026, 12, 1), today=TODAY
    )
    assert (edited.responsible, edited.due_on) == ("educatrice", dt.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="Campo non modificabile: goal_id"):
        goal_actions.update_goal_action(opened, action.id, goal_id=goal.id)

    goal_actions.remove_goal_action(opened, action.id)

    assert goal_actions.list_goal_actions(opened, case_file.case.code) == []
    assert traces.actions("goal_actions", action.id)[-1] is AuditAction.DELETE
    with pytest.raises(NotFoundError, match="Azione non trovata"):
        goal_actions.complete_goal_action(opened, action.id, today=TODAY)


def test_removing_a_goal_removes_its_actions_in_the_same_write(
    opened: OpenProfile, case_file: Any, goal: e.Goal, traces: Any
) -> None:
    other = records.add_goal(opened, case_file.case.code, title="Relazioni con i pari")
    gone = goal_actions.add_goal_action(
        opened, goal.id, description="Compiti con l'educatrice", due_on=dt.date(2026, 12, 1)
    )
    kept = goal_actions.add_goal_action(opened, other.id, description="Iscrizione al calcio")

    records.remove_goal(opened, goal.id)

    assert goal_actions.list_goal_actions(opened, case_file.case.code) == [kept]
    assert traces.changes("goal_actions", gone.id) == [OpKind.INSERT, OpKind.TOMBSTONE]
    [_, removal] = traces.audit("goal_actions", gone.id)
    assert (removal.action, removal.case_id) == (AuditAction.DELETE, case_file.case.id)
    assert action_deadlines(opened) == []


def test_the_actions_of_one_goal_belong_to_its_case(
    opened: OpenProfile, case_file: Any, goal: e.Goal
) -> None:
    elsewhere = cases.add_case(opened, ambito="VBR", service=Service.ADM, today=TODAY)
    with pytest.raises(ValidationError, match="non è di questa cartella"):
        goal_actions.list_goal_actions(opened, elsewhere.code, goal.id)
