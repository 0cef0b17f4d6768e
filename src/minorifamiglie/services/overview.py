"""What a profile holds, in numbers: cases per ambito, service and status, the diary, and the
deadlines that need attention. Counts only, nothing personal (`make run` prints it)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import rules
from minorifamiglie.domain.enums import CaseStatus, Service, VisitStatus
from minorifamiglie.services import age_checks, ambito_settings
from minorifamiglie.services.cases import combine_deadlines
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

R = TypeVar(
    "R",
    e.Measure,
    e.Placement,
    e.Goal,
    e.ServiceActivation,
    e.Deadline,
    e.CommunityPlacement,
    e.CourtReport,
    e.GoalAction,
)


@dataclass(frozen=True, slots=True)
class ProfileOverview:
    cases: int
    by_ambito: tuple[tuple[str, str, int], ...]  # code, name, cases (every ambito, even empty)
    by_service: tuple[tuple[Service, int], ...]
    by_status: tuple[tuple[CaseStatus, int], ...]
    visits: int
    drafts: int
    deadlines_overdue: int
    deadlines_upcoming: int  # from today to the rules' horizon (30 days)
    busiest_case: str | None  # code of the open case with the longest diary


def overview(opened: OpenProfile, today: dt.date | None = None) -> ProfileOverview:
    today = today or dt.date.today()
    live = m.CaseRow.deleted_at.is_(None)
    with opened.read_session() as session:
        counts = session.execute(
            select(m.AmbitoRow.code, m.AmbitoRow.name, func.count(m.CaseRow.id))
            .outerjoin(m.CaseRow, (m.CaseRow.ambito_id == m.AmbitoRow.id) & live)
            .group_by(m.AmbitoRow.code, m.AmbitoRow.name)
            .order_by(func.count(m.CaseRow.id).desc(), m.AmbitoRow.code)
        ).all()
        by_service = session.execute(
            select(m.CaseRow.service, func.count()).where(live).group_by(m.CaseRow.service)
        ).all()
        by_status = session.execute(
            select(m.CaseRow.status, func.count()).where(live).group_by(m.CaseRow.status)
        ).all()
        visits = session.execute(
            select(m.VisitRow.status, func.count())
            .where(m.VisitRow.deleted_at.is_(None))
            .group_by(m.VisitRow.status)
        ).all()
        busiest = session.execute(
            select(m.CaseRow.code)
            .join(m.VisitRow, m.VisitRow.case_id == m.CaseRow.id)
            .where(live, m.CaseRow.status == CaseStatus.OPEN, m.VisitRow.deleted_at.is_(None))
            .group_by(m.CaseRow.id, m.CaseRow.code)
            .order_by(func.count().desc(), m.CaseRow.code)
            .limit(1)
        ).scalar_one_or_none()
        overdue, upcoming = _deadline_counts(Repository(session), today)
    per_status = {VisitStatus(s): int(n) for s, n in visits}
    return ProfileOverview(
        cases=sum(int(n) for _, _, n in counts),
        by_ambito=tuple((str(c), str(name), int(n)) for c, name, n in counts),
        by_service=tuple(sorted(((Service(s), int(n)) for s, n in by_service), key=_by_count)),
        by_status=tuple(sorted(((CaseStatus(s), int(n)) for s, n in by_status), key=_by_count)),
        visits=sum(per_status.values()),
        drafts=per_status.get(VisitStatus.DRAFT, 0),
        deadlines_overdue=overdue,
        deadlines_upcoming=upcoming,
        busiest_case=busiest,
    )


def _by_count(item: tuple[Service | CaseStatus, int]) -> tuple[int, str]:
    return -item[1], item[0].value


def _per_case(repo: Repository, entity_cls: type[R]) -> dict[uuid.UUID, list[R]]:
    out: dict[uuid.UUID, list[R]] = defaultdict(list)
    for record in repo.find(entity_cls):
        out[record.case_id].append(record)
    return out


def _deadline_counts(repo: Repository, today: dt.date) -> tuple[int, int]:
    """Derived and manual deadlines of the cases still in charge: overdue and coming up."""
    in_charge = [c.id for c in repo.find(e.Case) if c.status is not CaseStatus.CLOSED]
    measures = _per_case(repo, e.Measure)
    placements = _per_case(repo, e.Placement)
    goals = _per_case(repo, e.Goal)
    activations = _per_case(repo, e.ServiceActivation)
    manual = _per_case(repo, e.Deadline)
    in_community = _per_case(repo, e.CommunityPlacement)
    actions = _per_case(repo, e.GoalAction)
    reports = _per_case(repo, e.CourtReport)  # the court reports sent complete deadlines
    minors: dict[uuid.UUID, list[rules.MinorInCharge]] = defaultdict(list)
    cases_in_charge = select(m.CaseRow.id).where(
        m.CaseRow.deleted_at.is_(None), m.CaseRow.status != CaseStatus.CLOSED
    )
    for minor in age_checks.minors_for_deadlines(  # the 18th and 21st birthdays
        repo.session, cases_in_charge, dt.date.max
    ):
        minors[minor.case_id].append(minor)
    per_case = ambito_settings.deadline_rules_by_case(repo.session, in_charge, today)
    overdue = upcoming = 0
    for case_id in in_charge:
        deadlines = combine_deadlines(
            tuple(measures.get(case_id, ())),
            tuple(placements.get(case_id, ())),
            tuple(goals.get(case_id, ())),
            tuple(activations.get(case_id, ())),
            manual.get(case_id, []),
            community_placements=tuple(in_community.get(case_id, ())),
            goal_actions=tuple(actions.get(case_id, ())),
            deadline_rules=per_case.get(case_id),  # its Ambito's rules today
            reports=tuple(reports.get(case_id, ())),
            minors=minors.get(case_id, ()),
            today=today,
        )
        for d in deadlines:
            if d.done_on is not None:
                continue
            if rules.is_overdue(d.due_on, today):
                overdue += 1
            elif rules.is_upcoming(d.due_on, today):
                upcoming += 1
    return overdue, upcoming
