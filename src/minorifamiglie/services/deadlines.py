"""Scadenze: manual deadlines of a case, and the deadlines coming up across every case in
charge, manual and derived by the rules (court reports, reviews, missing PEI)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ages import ADULT_AGE, birthday
from minorifamiglie.domain.enums import (
    CaseStatus,
    DeadlineKind,
    GoalStatus,
    MeasureKind,
    PlanKind,
    Service,
)
from minorifamiglie.domain.ids import CaseId, DeadlineId, OperatorId
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.services import age_checks, ambito_settings, sent_reports
from minorifamiglie.services.agenda import followed_cases
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.cases import combine_deadlines, names_of_operators
from minorifamiglie.services.fields import (
    Spec,
    add_to_case,
    case_id_of,
    clean,
    date,
    not_future_check,
    remove_record,
    text,
    update_record,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

# The tables the deadlines are computed from (derived ones from measures, placements, goals
# and activations; a report sent completes its deadline; the minors' birthdays; the ambito's
# rules; whose cases they are): a screen showing deadlines reloads when a write touches one.
SOURCES = frozenset(
    {
        "cases", "case_operators", "case_members", "persons", "operators", "deadlines",
        "measures", "placements", "community_placements", "goals", "goal_actions",
        "service_activations", "court_reports", "ambito_settings", "ambiti",
    }
)  # fmt: skip

MISSING = "Scadenza non trovata"
DEADLINE_FIELDS: dict[str, Spec] = {
    "title": text("Scadenza", 300, required=True),
    "due_on": date("Data di scadenza", required=True),
    "done_on": date("Data di completamento"),
}


@dataclass(frozen=True, slots=True)
class UpcomingDeadline:
    """One row of Scadenze. `source_id` is the manual deadline itself or, for a derived one,
    the measure, placement, goal or activation it comes from."""

    case_id: CaseId
    case_code: str
    kind: DeadlineKind
    title: str
    due_on: dt.date
    source_id: uuid.UUID
    derived: bool
    overdue: bool
    days_left: int  # negative when overdue
    done_on: dt.date | None = None  # a derived deadline met (include_done): a report sent…
    done_by: str = ""  # …and who sent it


_done_checker = not_future_check("done_on", "La data di completamento non può essere futura")


def add_deadline(opened: OpenProfile, case: CaseRef, *, title: str, due_on: dt.date) -> e.Deadline:
    """A manual deadline (an appointment with the court, a document to send…)."""
    values = clean(DEADLINE_FIELDS, dict(title=title, due_on=due_on))
    return add_to_case(opened, e.Deadline, case, kind=DeadlineKind.MANUAL, done_on=None, **values)


def update_deadline(
    opened: OpenProfile,
    deadline_id: DeadlineId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.Deadline:
    """Edit the title, the due date or the completion date."""
    return update_record(
        opened,
        e.Deadline,
        deadline_id,
        DEADLINE_FIELDS,
        changes,
        missing=MISSING,
        check=_done_checker(today or dt.date.today()),
    )


def complete_deadline(
    opened: OpenProfile,
    deadline_id: DeadlineId,
    done_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.Deadline:
    """Mark as done (today unless told otherwise): it leaves Scadenze."""
    today = today or dt.date.today()
    return update_deadline(opened, deadline_id, today=today, done_on=done_on or today)


def reopen_deadline(opened: OpenProfile, deadline_id: DeadlineId) -> e.Deadline:
    return update_deadline(opened, deadline_id, done_on=None)


def remove_deadline(opened: OpenProfile, deadline_id: DeadlineId) -> None:
    remove_record(opened, e.Deadline, deadline_id, missing=MISSING)


def list_deadlines(
    opened: OpenProfile, case: CaseRef, include_done: bool = True
) -> list[e.Deadline]:
    """The manual deadlines of a case (the derived ones are in cases.show_case)."""
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        where = [m.DeadlineRow.case_id == case_id]
        if not include_done:
            where.append(m.DeadlineRow.done_on.is_(None))
        return Repository(session).find(
            e.Deadline, *where, order_by=[m.DeadlineRow.due_on, m.DeadlineRow.id]
        )


def upcoming_deadlines(
    opened: OpenProfile,
    today: dt.date,
    days: int = 30,
    *,
    include_done: bool = False,
    followed_by: OperatorId | None = None,
) -> list[UpcomingDeadline]:
    """Every deadline due by `today + days` of the cases in charge (aperta or sospesa):
    overdue first, then by due date. A handful of queries whatever the number of cases;
    each one fetches only what can fall within the horizon. `include_done`: the derived
    deadlines met (court reports sent…) due in the last `days` days or by the horizon are
    listed too, with who met them and when, after the others. `followed_by`: only the cases
    that operator follows (case_operators), as Oggi shows them."""
    horizon = today + dt.timedelta(days=days)
    with opened.read_session() as session:
        repo = Repository(session)
        # The fewest days any Ambito waits for a PEI: what it cannot flag yet is left unread.
        pei_after = dt.timedelta(days=ambito_settings.shortest_missing_pei_days(session))
        in_charge = select(m.CaseRow.id).where(
            m.CaseRow.deleted_at.is_(None), m.CaseRow.status != CaseStatus.CLOSED
        )
        if followed_by is not None:
            in_charge = in_charge.where(m.CaseRow.id.in_(followed_cases(followed_by)))
        codes = {
            CaseId(case_id): code
            for case_id, code in session.execute(
                select(m.CaseRow.id, m.CaseRow.code).where(m.CaseRow.id.in_(in_charge))
            )
        }
        measures = repo.find(
            e.Measure,
            m.MeasureRow.case_id.in_(in_charge),
            m.MeasureRow.next_report_due <= horizon,
        )
        placements = repo.find(
            e.Placement, m.PlacementRow.case_id.in_(in_charge), m.PlacementRow.ended_on.is_(None)
        )
        # Open ADM activations old enough to be flagged, of cases with no PEI goal at all: the
        # rules flag exactly these, and no PEI goal has to be loaded just to clear a flag.
        with_pei = select(m.GoalRow.case_id).where(
            m.GoalRow.deleted_at.is_(None), m.GoalRow.plan == PlanKind.PEI
        )
        adm = repo.find(
            e.ServiceActivation,
            m.ServiceActivationRow.case_id.in_(in_charge),
            m.ServiceActivationRow.case_id.not_in(with_pei),
            m.ServiceActivationRow.service == Service.ADM,
            m.ServiceActivationRow.end_on.is_(None),
            m.ServiceActivationRow.start_on <= horizon - pei_after,
        )
        goals = repo.find(
            e.Goal,
            m.GoalRow.case_id.in_(in_charge),
            m.GoalRow.status == GoalStatus.ACTIVE,
            m.GoalRow.review_on <= horizon,
        )
        manual = repo.find(
            e.Deadline,
            m.DeadlineRow.case_id.in_(in_charge),
            m.DeadlineRow.done_on.is_(None),
            m.DeadlineRow.due_on <= horizon,
        )
        in_community = repo.find(
            e.CommunityPlacement,
            m.CommunityPlacementRow.case_id.in_(in_charge),
            m.CommunityPlacementRow.ended_on.is_(None),
        )
        actions = repo.find(
            e.GoalAction,
            m.GoalActionRow.case_id.in_(in_charge),
            m.GoalActionRow.done_on.is_(None),
            m.GoalActionRow.due_on <= horizon,
        )
        # The goals the actions are under: the rules keep those of goals in progress.
        goals += repo.find(
            e.Goal,
            m.GoalRow.id.in_({a.goal_id for a in actions}),
            m.GoalRow.status == GoalStatus.ACTIVE,
            m.GoalRow.review_on.is_(None) | (m.GoalRow.review_on > horizon),
        )
        # Revision 0007: reports sent complete court-report deadlines; the minors whose 18th
        # birthday (less the prosieguo request's lead time) or 21st can fall by the horizon.
        since = today - dt.timedelta(days=days)
        reports = sent_reports.reports_for_deadlines(
            session, in_charge, {x.id for x in measures}, since
        )
        lead = dt.timedelta(days=DeadlineRules().prosieguo_request_days + 1)
        minors = age_checks.minors_for_deadlines(
            session, in_charge, birthday(horizon + lead, -ADULT_AGE)
        )
        measures += repo.find(  # those reports answer, and the prosieguo of those minors
            e.Measure,
            m.MeasureRow.id.not_in({x.id for x in measures}),
            m.MeasureRow.id.in_({r.measure_id for r in reports})
            | (
                m.MeasureRow.case_id.in_({x.case_id for x in minors})
                & (m.MeasureRow.kind == MeasureKind.PROSIEGUO)
            ),
        )
        names = names_of_operators(session, {r.operator_id for r in reports})
        # Each case by the deadline rules its Ambito has today.
        per_case = ambito_settings.deadline_rules_by_case(session, codes, today)
    views = combine_deadlines(
        tuple(measures),
        tuple(placements),
        tuple(goals),
        tuple(adm),
        manual,
        community_placements=tuple(in_community),
        goal_actions=tuple(actions),
        deadline_rules=per_case,
        reports=tuple(reports),
        minors=minors,
        today=today,
        operator_names=names,
    )
    rows = [
        UpcomingDeadline(
            case_id=v.case_id,
            case_code=codes[v.case_id],
            kind=DeadlineKind(v.kind),
            title=v.title,
            due_on=v.due_on,
            source_id=v.source_id,
            derived=v.derived,
            overdue=v.due_on < today and v.done_on is None,
            days_left=(v.due_on - today).days,
            done_on=v.done_on,
            done_by=v.done_by,
        )
        for v in views
        if v.due_on <= horizon
        and v.case_id in codes
        and (v.done_on is None or (include_done and v.derived and v.due_on >= since))
    ]
    return sorted(
        rows,
        key=lambda r: (r.done_on is not None, not r.overdue, r.due_on, r.case_code, r.kind.value),
    )
