"""The ages of a case's minors against its services and affidi (domain/ages.py), read from the
profile: shown in the case file, and printed by the command line after a case is added or
edited, one line each (saved all the same: warnings, never refusals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import ages
from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ages import AgeWarning, CaseMinor
from minorifamiglie.domain.enums import CaseStatus, MemberRole
from minorifamiglie.domain.ids import CaseId, PersonId
from minorifamiglie.domain.rules import MinorInCharge
from minorifamiglie.services.case_refs import CaseRef, resolve_case_id
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository


def case_minors(session: Session, case_id: CaseId) -> list[CaseMinor]:
    """The live minors in charge of the case, by name."""
    rows = session.execute(
        select(
            m.PersonRow.id, m.PersonRow.first_name, m.PersonRow.last_name, m.PersonRow.birth_date
        )
        .join(m.CaseMemberRow, m.CaseMemberRow.person_id == m.PersonRow.id)
        .where(
            m.CaseMemberRow.case_id == case_id,
            m.CaseMemberRow.role == MemberRole.MINOR,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
        )
        .order_by(m.PersonRow.last_name, m.PersonRow.first_name, m.PersonRow.id)
    )
    return [
        CaseMinor(person_id, f"{first} {last}".strip(), born)
        for person_id, first, last, born in rows
    ]


def case_age_warnings(session: Session, case_id: CaseId, today: dt.date) -> tuple[AgeWarning, ...]:
    """The warnings of a case in charge on `today` (none for a closed case: its history is
    not checked against ages reached since). The services checked are the case's and those
    of its activations in progress."""
    repo = Repository(session)
    case = repo.get(e.Case, case_id)
    if case.status is CaseStatus.CLOSED:
        return ()
    minors = case_minors(session, case_id)
    if not any(minor.birth_date for minor in minors):
        return ()
    activations = repo.by_case(
        e.ServiceActivation, case_id, [m.ServiceActivationRow.start_on, m.ServiceActivationRow.id]
    )
    services = [case.service] + [
        a.service
        for a in activations
        if a.start_on <= today and (a.end_on is None or a.end_on >= today)
    ]
    return ages.age_warnings(
        services,
        minors,
        today,
        measures=repo.by_case(e.Measure, case_id),
        placements=repo.by_case(e.Placement, case_id, [m.PlacementRow.start_on]),
    )


def minors_for_deadlines(
    session: Session, in_charge: Select[Any], born_by: dt.date
) -> list[MinorInCharge]:
    """The minors of the cases `in_charge` born by `born_by`: those whose age deadlines can
    fall within a horizon (Scadenze), in one query."""
    rows = session.execute(
        select(m.CaseRow.id, m.PersonRow.id, m.PersonRow.birth_date, m.CaseRow.service)
        .join(m.CaseMemberRow, m.CaseMemberRow.case_id == m.CaseRow.id)
        .join(m.PersonRow, m.PersonRow.id == m.CaseMemberRow.person_id)
        .where(
            m.CaseRow.id.in_(in_charge),
            m.CaseMemberRow.role == MemberRole.MINOR,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
            m.PersonRow.birth_date <= born_by,
        )
        .order_by(m.CaseRow.id, m.PersonRow.id)
    )
    return [
        MinorInCharge(CaseId(case_id), PersonId(person_id), born, service)
        for case_id, person_id, born, service in rows
        if born is not None
    ]


def check_case_ages(
    opened: OpenProfile, case: CaseRef, today: dt.date | None = None
) -> tuple[AgeWarning, ...]:
    """What the ages of the case's minors do not fit, on `today`."""
    today = today or dt.date.today()
    with opened.read_session() as session:
        return case_age_warnings(session, resolve_case_id(session, str(case)), today)


def warning_lines(found: tuple[AgeWarning, ...]) -> list[str]:
    """The warnings as the command line prints them: one line each, no name, no birth date."""
    return [f"attenzione: {w.message}" for w in found]
