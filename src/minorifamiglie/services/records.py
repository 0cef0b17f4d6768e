"""Court measures (provvedimenti) and plan goals (obiettivi del PEI / Progetto Quadro) of a case.

The other records have their own modules: activations (interventi and their hours), deadlines
(scadenze), families (famiglie affidatarie), placements (abbinamenti), attachments (allegati),
persons; fields holds the checks and the generic edit they all share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Authority, GoalStatus, MeasureEnd, MeasureKind, PlanKind
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import GoalId, MeasureId
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.fields import (
    Check,
    Spec,
    add_to_case,
    case_id_of,
    choice,
    clean,
    date,
    not_future,
    remove_record,
    text,
    update_record,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

MEASURE_FIELDS: dict[str, Spec] = {
    "authority": choice("Autorità", Authority),
    "kind": choice("Tipo di provvedimento", MeasureKind),
    "docket_number": text("Numero di ruolo", 60),
    "issued_on": date("Data del provvedimento", required=True),
    "prescriptions": text("Prescrizioni"),
    "next_report_due": date("Scadenza della prossima relazione"),
}
GOAL_FIELDS: dict[str, Spec] = {
    "plan": choice("Progetto", PlanKind),
    "title": text("Obiettivo", 300, required=True),
    "description": text("Descrizione"),
    "indicators": text("Indicatori"),
    "status": choice("Stato dell'obiettivo", GoalStatus),
    "review_on": date("Data di verifica"),
}


# Measures ---------------------------------------------------------------------------------------


def _measure_checker(today: dt.date) -> Check:
    def check(_repo: Repository, values: dict[str, Any]) -> None:
        issued, due = values["issued_on"], values["next_report_due"]
        not_future(issued, today, "issued_on", "La data del provvedimento non può essere futura")
        if due is not None and due < issued:
            raise ValidationError(
                "La scadenza della relazione precede la data del provvedimento",
                "next_report_due",
            )

    return check


def add_measure(
    opened: OpenProfile,
    case: CaseRef,
    *,
    authority: Authority,
    kind: MeasureKind,
    issued_on: dt.date,
    docket_number: str = "",
    prescriptions: str = "",
    next_report_due: dt.date | None = None,
    today: dt.date | None = None,
) -> e.Measure:
    """A decree or other measure; its next report's due date becomes a deadline."""
    values = clean(
        MEASURE_FIELDS,
        dict(
            authority=authority,
            kind=kind,
            docket_number=docket_number,
            issued_on=issued_on,
            prescriptions=prescriptions,
            next_report_due=next_report_due,
        ),
    )
    check = _measure_checker(today or dt.date.today())
    return add_to_case(opened, e.Measure, case, check=check, **values)


def update_measure(
    opened: OpenProfile,
    measure_id: MeasureId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.Measure:
    """Edit fields of MEASURE_FIELDS, e.g. the next report's due date after a report is sent."""
    return update_record(
        opened,
        e.Measure,
        measure_id,
        MEASURE_FIELDS,
        changes,
        missing="Provvedimento non trovato",
        check=_measure_checker(today or dt.date.today()),
    )


# How a measure ended (revision 0007): an ended measure asks for no more reports.
MEASURE_END_FIELDS: dict[str, Spec] = {
    "ended_on": date("Data di cessazione"),
    "end_reason": Spec("Motivo della cessazione", "enum", choices=MeasureEnd),
}


def _end_checker(today: dt.date) -> Check:
    def check(_repo: Repository, values: dict[str, Any]) -> None:
        ended, reason = values["ended_on"], values["end_reason"]
        if ended is None:
            if reason is not None:
                raise ValidationError("Indicare la data di cessazione", "ended_on")
            return
        if reason is None:
            raise ValidationError("Indicare il motivo della cessazione", "end_reason")
        not_future(ended, today, "ended_on", "La data di cessazione non può essere futura")
        if ended < values["issued_on"]:
            raise ValidationError("La cessazione precede la data del provvedimento", "ended_on")

    return check


def end_measure(
    opened: OpenProfile,
    measure_id: MeasureId,
    *,
    reason: MeasureEnd | str,
    ended_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.Measure:
    """The measure expired, was revoked or replaced, or ended with the coming of age, on
    `ended_on` (today unless told otherwise): its court-report deadlines stop. Again on an
    ended measure, it corrects the date or the reason."""
    today = today or dt.date.today()
    return update_record(
        opened,
        e.Measure,
        measure_id,
        MEASURE_FIELDS | MEASURE_END_FIELDS,
        {"ended_on": ended_on or today, "end_reason": reason},
        missing="Provvedimento non trovato",
        check=_end_checker(today),
    )


def reopen_measure(opened: OpenProfile, measure_id: MeasureId) -> e.Measure:
    """An end recorded by mistake: the measure is in force again."""
    return update_record(
        opened,
        e.Measure,
        measure_id,
        MEASURE_FIELDS | MEASURE_END_FIELDS,
        {"ended_on": None, "end_reason": None},
        missing="Provvedimento non trovato",
        check=_end_checker(dt.date.max),
    )


def remove_measure(opened: OpenProfile, measure_id: MeasureId) -> None:
    remove_record(opened, e.Measure, measure_id, missing="Provvedimento non trovato")


def list_measures(opened: OpenProfile, case: CaseRef) -> list[e.Measure]:
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        return Repository(session).by_case(
            e.Measure, case_id, [m.MeasureRow.issued_on, m.MeasureRow.id]
        )


# Goals ------------------------------------------------------------------------------------------


def add_goal(
    opened: OpenProfile,
    case: CaseRef,
    *,
    title: str,
    plan: PlanKind = PlanKind.PEI,
    description: str = "",
    indicators: str = "",
    status: GoalStatus = GoalStatus.ACTIVE,
    review_on: dt.date | None = None,
) -> e.Goal:
    """An objective of the PEI or of the Progetto Quadro; its review date is a deadline."""
    values = clean(
        GOAL_FIELDS,
        dict(
            plan=plan,
            title=title,
            description=description,
            indicators=indicators,
            status=status,
            review_on=review_on,
        ),
    )
    return add_to_case(opened, e.Goal, case, **values)


def update_goal(opened: OpenProfile, goal_id: GoalId, **changes: object) -> e.Goal:
    """Edit fields of GOAL_FIELDS: the status after a review, the next review date…"""
    return update_record(
        opened, e.Goal, goal_id, GOAL_FIELDS, changes, missing="Obiettivo non trovato"
    )


def remove_goal(opened: OpenProfile, goal_id: GoalId) -> None:
    """The goal and, in the same transaction, its actions (services/goal_actions.py)."""
    from minorifamiglie.services.goal_actions import remove_actions_with

    remove_record(
        opened, e.Goal, goal_id, missing="Obiettivo non trovato", guard=remove_actions_with
    )


def list_goals(opened: OpenProfile, case: CaseRef, plan: PlanKind | None = None) -> list[e.Goal]:
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        where = [m.GoalRow.case_id == case_id]
        if plan is not None:
            where.append(m.GoalRow.plan == plan)
        return Repository(session).find(
            e.Goal, *where, order_by=[m.GoalRow.plan, m.GoalRow.created_at, m.GoalRow.id]
        )
