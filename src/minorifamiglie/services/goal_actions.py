"""Actions under a PEI goal: what is to be done towards it, by whom ("educatrice", "madre",
"scuola": free text) and by when. An open action with a due date is a deadline of the case
(domain/rules.py) while its goal is in progress."""

from __future__ import annotations

import datetime as dt

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import GoalActionId, GoalId
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.fields import (
    Spec,
    case_id_of,
    clean,
    date,
    get_live,
    not_future_check,
    record_id,
    remove_record,
    table_of,
    text,
    update_record,
)
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

MISSING = "Azione non trovata"
GOAL_MISSING = "Obiettivo non trovato"
ACTION_FIELDS: dict[str, Spec] = {
    "description": text("Azione", 300, required=True),
    "responsible": text("Chi se ne occupa", 120),
    "due_on": date("Entro il"),
    "done_on": date("Svolta il"),
}


_done_check = not_future_check("done_on", "La data di svolgimento non può essere futura")


def add_goal_action(
    opened: OpenProfile,
    goal_id: GoalId | str,
    *,
    description: str,
    responsible: str = "",
    due_on: dt.date | None = None,
) -> e.GoalAction:
    """A new open action under a live goal, in the goal's case."""
    goal_ref = record_id(goal_id, "goal_id", "Obiettivo")
    values = clean(
        ACTION_FIELDS,
        dict(description=description, responsible=responsible, due_on=due_on, done_on=None),
    )
    with opened.session() as session:
        repo = Repository(session)
        goal = get_live(repo, e.Goal, goal_ref, GOAL_MISSING)
        action = repo.add(e.GoalAction, case_id=goal.case_id, goal_id=goal.id, **values)
        audit.append(session, AuditAction.CREATE, table_of(e.GoalAction), action.id, goal.case_id)
    return action


def update_goal_action(
    opened: OpenProfile,
    action_id: GoalActionId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.GoalAction:
    """Edit fields of ACTION_FIELDS: the wording, who, the due date, when it was done."""
    return update_record(
        opened,
        e.GoalAction,
        action_id,
        ACTION_FIELDS,
        changes,
        missing=MISSING,
        check=_done_check(today or dt.date.today()),
    )


def complete_goal_action(
    opened: OpenProfile,
    action_id: GoalActionId,
    done_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.GoalAction:
    """Done (today unless told otherwise): it leaves the deadlines."""
    today = today or dt.date.today()
    return update_goal_action(opened, action_id, today=today, done_on=done_on or today)


def reopen_goal_action(opened: OpenProfile, action_id: GoalActionId) -> e.GoalAction:
    return update_goal_action(opened, action_id, done_on=None)


def remove_goal_action(opened: OpenProfile, action_id: GoalActionId) -> None:
    remove_record(opened, e.GoalAction, action_id, missing=MISSING)


def remove_actions_with(repo: Repository, goal: e.Goal) -> None:
    """The live actions of a goal being removed go with it, in its transaction (a guard of
    services.fields.remove_record that never refuses)."""
    for action in repo.find(e.GoalAction, m.GoalActionRow.goal_id == goal.id):
        repo.tombstone(e.GoalAction, action.id)
        audit.append(
            repo.session, AuditAction.DELETE, table_of(e.GoalAction), action.id, goal.case_id
        )


def list_goal_actions(
    opened: OpenProfile, case: CaseRef, goal_id: GoalId | str | None = None
) -> list[e.GoalAction]:
    """The actions of a case's live goals (of one goal when told): open ones first, then by
    due date."""
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        where = [m.GoalActionRow.case_id == case_id]
        if goal_id is not None:
            goal = get_live(repo, e.Goal, record_id(goal_id, "goal_id", "Obiettivo"), GOAL_MISSING)
            if goal.case_id != case_id:
                raise ValidationError("L'obiettivo non è di questa cartella", "goal_id")
            where.append(m.GoalActionRow.goal_id == goal.id)
        live_goals = {g.id for g in repo.by_case(e.Goal, case_id)}
        actions = repo.find(
            e.GoalAction,
            *where,
            order_by=[
                m.GoalActionRow.done_on.is_not(None),
                m.GoalActionRow.due_on.is_(None),
                m.GoalActionRow.due_on,
                m.GoalActionRow.created_at,
                m.GoalActionRow.id,
            ],
        )
    return [a for a in actions if a.goal_id in live_goals]
