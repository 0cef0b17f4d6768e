"""Community projects (welfare di comunità) and their activities: what was done, when, for how
long, by which operator and with how many participants. No personal data: a project belongs to
an Ambito, not to a case, and never travels in a hand-off file (it holds no case).

The summary of a period (a year, say) gives each project its activities, hours and
participants (presences, domain/community_projects.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import places
from minorifamiglie.domain.community_projects import (
    MAX_MINUTES,
    MAX_PARTICIPANTS,
    ActivityTally,
    refuse_personal_data,
    tally,
)
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import ActivityId, OperatorId, ProjectId
from minorifamiglie.services.case_refs import resolve_ambito
from minorifamiglie.services.fields import (
    Check,
    Spec,
    clean,
    count,
    date,
    get_live,
    live_operator,
    not_future,
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

# The tables the projects screen shows.
SOURCES = frozenset({"community_projects", "community_activities", "operators"})

__all__ = [
    "ActivityTally",
    "ActivityView",
    "ProjectDetail",
    "ProjectView",
    "add_activity",
    "add_project",
    "list_projects",
    "remove_activity",
    "show_project",
    "update_activity",
    "update_project",
]

PROJECT_MISSING = "Progetto di comunità non trovato"
ACTIVITY_MISSING = "Attività del progetto non trovata"
PROJECT_FIELDS: dict[str, Spec] = {
    "ambito_id": Spec("Ambito", "id", required=True),
    "title": text("Titolo del progetto", 300, required=True),
    "comune": text("Comune", 120),
    "partners": text("Partner", 300),
    "start_on": date("Data di avvio", required=True),
    "end_on": date("Data di conclusione"),
    "description": text("Descrizione"),
}
ACTIVITY_FIELDS: dict[str, Spec] = {
    "date": date("Data dell'attività", required=True),
    "minutes": count("Durata in minuti", MAX_MINUTES, required=True, least=1),
    "participants": count("Partecipanti", MAX_PARTICIPANTS, required=True),
    "operator_id": Spec("Operatore", "id"),
    "description": text("Descrizione breve", 300),
}


@dataclass(frozen=True, slots=True)
class ProjectView:
    """A project as a list shows it: its Ambito's name and the tally of the period asked for."""

    project: e.CommunityProject
    ambito_code: str
    ambito_name: str
    tally: ActivityTally


@dataclass(frozen=True, slots=True)
class ActivityView:
    activity: e.CommunityActivity
    operator: str  # "" when none was said


@dataclass(frozen=True, slots=True)
class ProjectDetail:
    """A project, its activities of the period (most recent first) and their tally."""

    project: e.CommunityProject
    ambito_code: str
    ambito_name: str
    activities: tuple[ActivityView, ...]
    tally: ActivityTally
    start: dt.date | None = None
    end: dt.date | None = None


# Projects ---------------------------------------------------------------------------------------


def _comune(value: object) -> object:
    """A comune typed or chosen ("scanzorosciate", "Scanzorosciate (BG)") stored by its name;
    anything else (several comuni, a frazione) as written."""
    if not isinstance(value, str):
        return value
    try:
        code = places.resolve_comune(value)
    except ValidationError:
        return value
    return places.comune_name(code) or value


def _project_check(repo: Repository, values: dict[str, Any]) -> None:
    try:
        repo.get(e.Ambito, values["ambito_id"])
    except NotFoundError:
        raise ValidationError("Ambito sconosciuto", "ambito_id") from None
    end = values["end_on"]
    if end is not None and end < values["start_on"]:
        raise ValidationError("La conclusione precede l'avvio del progetto", "end_on")


def _ambito_id(session: Session, ambito: uuid.UUID | str) -> uuid.UUID:
    """An Ambito by id (a form) or by code or name (the command line)."""
    if isinstance(ambito, uuid.UUID):
        return ambito
    try:
        return record_id(ambito, "ambito_id", "Ambito")
    except ValidationError:
        return resolve_ambito(session, ambito).id


def add_project(
    opened: OpenProfile,
    *,
    ambito: uuid.UUID | str,
    title: str,
    start_on: dt.date,
    comune: str = "",
    partners: str = "",
    end_on: dt.date | None = None,
    description: str = "",
) -> e.CommunityProject:
    """A new project of an Ambito (by id, code or name)."""
    values = clean(
        {k: v for k, v in PROJECT_FIELDS.items() if k != "ambito_id"},
        dict(
            title=title,
            comune=_comune(comune),
            partners=partners,
            start_on=start_on,
            end_on=end_on,
            description=description,
        ),
    )
    with opened.session() as session:
        repo = Repository(session)
        values["ambito_id"] = _ambito_id(session, ambito)
        _project_check(repo, values)
        project = repo.add(e.CommunityProject, **values)
        audit.append(session, AuditAction.CREATE, table_of(e.CommunityProject), project.id)
    return project


def update_project(
    opened: OpenProfile, project_id: ProjectId, **changes: object
) -> e.CommunityProject:
    """Edit fields of PROJECT_FIELDS, all or none."""
    if "comune" in changes:
        changes["comune"] = _comune(changes["comune"])
    return update_record(
        opened,
        e.CommunityProject,
        project_id,
        PROJECT_FIELDS,
        changes,
        missing=PROJECT_MISSING,
        check=_project_check,
    )


def _tallies(
    session: Session, start: dt.date | None, end: dt.date | None
) -> dict[uuid.UUID, ActivityTally]:
    """Each project's tally of the period, counted in SQL."""
    a = m.CommunityActivityRow
    where: list[ColumnElement[bool]] = [a.deleted_at.is_(None)]
    if start is not None:
        where.append(a.date >= start)
    if end is not None:
        where.append(a.date <= end)
    rows = session.execute(
        select(a.project_id, func.count(), func.sum(a.minutes), func.sum(a.participants))
        .where(*where)
        .group_by(a.project_id)
    )
    return {pid: ActivityTally(int(n), int(mins or 0), int(ppl or 0)) for pid, n, mins, ppl in rows}


def list_projects(
    opened: OpenProfile,
    *,
    ambito: uuid.UUID | str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[ProjectView]:
    """The projects (of one Ambito, or all), most recent first, each with the tally of its
    activities from `start` to `end` (both included; either may be open). With a period, only
    the projects running in it or with activities in it."""
    p = m.CommunityProjectRow
    with opened.read_session() as session:
        where = []
        if ambito is not None:
            where.append(p.ambito_id == _ambito_id(session, ambito))
        projects = Repository(session).find(
            e.CommunityProject, *where, order_by=[p.start_on.desc(), p.title, p.id]
        )
        ambiti = {a.id: a for a in Repository(session).find(e.Ambito)}
        tallies = _tallies(session, start, end)
    out = []
    for project in projects:
        counted = tallies.get(project.id, ActivityTally())
        running = (end is None or project.start_on <= end) and (
            start is None or project.end_on is None or project.end_on >= start
        )
        if running or counted.activities:
            amb = ambiti[project.ambito_id]
            out.append(ProjectView(project, amb.code, amb.name, counted))
    return out


def show_project(
    opened: OpenProfile,
    ref: ProjectId | str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ProjectDetail:
    """A project, by its id or the id a user typed, with its activities from `start` to `end`
    (either may be open)."""
    a = m.CommunityActivityRow
    with opened.read_session() as session:
        repo = Repository(session)
        project = get_live(
            repo, e.CommunityProject, record_id(ref, "project", "Progetto"), PROJECT_MISSING
        )
        where = [a.project_id == project.id]
        if start is not None:
            where.append(a.date >= start)
        if end is not None:
            where.append(a.date <= end)
        found = repo.find(e.CommunityActivity, *where, order_by=[a.date.desc(), a.id])
        names = {o.id: o.name for o in repo.find(e.Operator)}
        amb = repo.get(e.Ambito, project.ambito_id)
    views = tuple(
        ActivityView(x, names.get(x.operator_id, "") if x.operator_id else "") for x in found
    )
    counted = tally((x.date, x.minutes, x.participants) for x in found)
    return ProjectDetail(project, amb.code, amb.name, views, counted, start, end)


# Activities -------------------------------------------------------------------------------------


def _activity_checker(today: dt.date) -> Check:
    def check(repo: Repository, values: dict[str, Any]) -> None:
        project = get_live(repo, e.CommunityProject, values["project_id"], PROJECT_MISSING)
        day = values["date"]
        not_future(day, today, "date", "L'attività non può essere in una data futura")
        if day < project.start_on or (project.end_on is not None and day > project.end_on):
            raise ValidationError("La data è fuori dal periodo del progetto", "date")
        if not 1 <= values["minutes"] <= MAX_MINUTES:
            raise ValidationError(
                f"Durata in minuti: un numero intero da 1 a {MAX_MINUTES}", "minutes"
            )
        live_operator(repo, values["operator_id"], "operator_id")
        refuse_personal_data(values["description"], "description")

    return check


def add_activity(
    opened: OpenProfile,
    project: ProjectId | str,
    *,
    date: dt.date,
    minutes: int | str,
    participants: int | str,
    operator_id: OperatorId | str | None = None,
    description: str = "",
    today: dt.date | None = None,
) -> e.CommunityActivity:
    """An activity of a project; `operator_id` None: the operator of this device."""
    values = clean(
        ACTIVITY_FIELDS,
        dict(
            date=date,
            minutes=minutes,
            participants=participants,
            operator_id=operator_id,
            description=description,
        ),
    )
    with opened.session() as session:
        repo = Repository(session)
        values["project_id"] = record_id(project, "project", "Progetto")
        if values["operator_id"] is None:
            values["operator_id"] = session.info["write_context"].operator_id
        _activity_checker(today or dt.date.today())(repo, values)
        activity = repo.add(e.CommunityActivity, **values)
        audit.append(session, AuditAction.CREATE, table_of(e.CommunityActivity), activity.id)
    return activity


def update_activity(
    opened: OpenProfile,
    activity_id: ActivityId,
    *,
    today: dt.date | None = None,
    **changes: object,
) -> e.CommunityActivity:
    """Edit fields of ACTIVITY_FIELDS, all or none."""
    specs = ACTIVITY_FIELDS | {"project_id": Spec("Progetto", "id", required=True)}
    if "project_id" in changes:
        raise ValidationError("Campo non modificabile: project_id", "project_id")
    return update_record(
        opened,
        e.CommunityActivity,
        activity_id,
        specs,
        changes,
        missing=ACTIVITY_MISSING,
        check=_activity_checker(today or dt.date.today()),
    )


def remove_activity(opened: OpenProfile, activity_id: ActivityId) -> None:
    """An activity recorded by mistake (a tombstone: the removal syncs)."""
    remove_record(opened, e.CommunityActivity, activity_id, missing=ACTIVITY_MISSING)
