"""Community projects (welfare di comunità): added, edited and listed with the tally of a period;
their activities added, edited, removed; nothing personal, nothing in a hand-off file."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path

import pyrage
import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.community_projects import ActivityTally
from minorifamiglie.domain.enums import AuditAction, OpKind, Service
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import ProjectId
from minorifamiglie.services import cases, community_projects, handoff, operators
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY

START = dt.date(2025, 9, 1)


def scanzo(opened: OpenProfile, **overrides: object) -> e.CommunityProject:
    values: dict[str, object] = dict(
        ambito="SER",
        title="Dai luoghi di cura alla cura dei luoghi",
        comune="scanzorosciate (bg)",
        partners="Comune di Scanzorosciate, Coop. L'Impronta, Associazione Sotto Altra Quota",
        start_on=START,
        description="Recupero di un edificio storico come luogo della comunità.",
    )
    values.update(overrides)
    return community_projects.add_project(opened, **values)  # type: ignore[arg-type]


def test_a_project_is_added_logged_and_audited_outside_any_case(
    opened: OpenProfile, traces
) -> None:
    project = scanzo(opened)

    assert project.ambito_id == cases.find_ambito(opened, "SER").id
    assert project.comune == "Scanzorosciate"  # a comune chosen or typed: stored by its name
    assert project.end_on is None
    assert traces.changes("community_projects", project.id) == [OpKind.INSERT]
    [event] = traces.audit("community_projects", project.id)
    assert (event.action, event.case_id, event.detail) == (AuditAction.CREATE, None, {})


def test_a_comune_that_is_not_one_is_kept_as_written(opened: OpenProfile) -> None:
    project = scanzo(opened, comune="Scanzorosciate e Pedrengo")
    assert project.comune == "Scanzorosciate e Pedrengo"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "T" * 301}, "title"),
        ({"comune": "C" * 121}, "comune"),
        ({"partners": "P" * 301}, "partners"),
        ({"start_on": None}, "start_on"),
        ({"end_on": dt.date(2025, 8, 31)}, "end_on"),
        ({"ambito": "Narnia"}, "ambito"),
    ],
)
def test_each_bad_project_field_is_named(
    opened: OpenProfile, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        scanzo(opened, **overrides)
    assert err.value.field == field
    assert community_projects.list_projects(opened) == []


def test_a_project_is_edited_all_or_nothing(opened: OpenProfile, traces) -> None:
    project = scanzo(opened)
    edited = community_projects.update_project(
        opened, project.id, end_on=dt.date(2027, 6, 30), partners="Comune, Coop. L'Impronta"
    )
    assert (edited.end_on, edited.partners) == (dt.date(2027, 6, 30), "Comune, Coop. L'Impronta")
    with pytest.raises(ValidationError) as err:
        community_projects.update_project(
            opened, project.id, title="Nuovo titolo", end_on=dt.date(2020, 1, 1)
        )
    assert err.value.field == "end_on"
    assert community_projects.show_project(opened, project.id).project.title == project.title
    assert traces.actions("community_projects", project.id) == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
    ]
    with pytest.raises(NotFoundError, match="Progetto di comunità non trovato"):
        community_projects.update_project(opened, ProjectId(uuid.uuid4()), title="x")


def activity(
    opened: OpenProfile,
    project: object,
    day: dt.date,
    minutes: int | str,
    people: int | str,
    **kw: object,
) -> e.CommunityActivity:
    return community_projects.add_activity(
        opened,
        project.id,  # type: ignore[attr-defined]
        date=day,
        minutes=minutes,
        participants=people,
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )


def test_an_activity_counts_hours_and_participants_by_the_operator_of_this_device(
    opened: OpenProfile, traces
) -> None:
    project = scanzo(opened)
    done = activity(
        opened, project, dt.date(2026, 3, 12), "90", "25", description="Laboratorio di orto"
    )
    [me] = operators.list_operators(opened)
    assert (done.minutes, done.participants, done.operator_id) == (90, 25, me.id)
    assert traces.changes("community_activities", done.id) == [OpKind.INSERT]
    detail = community_projects.show_project(opened, project.id)
    assert [(v.activity.id, v.operator) for v in detail.activities] == [(done.id, me.name)]
    assert detail.tally == ActivityTally(1, 90, 25)


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"date": dt.date(2025, 8, 31)}, "date", "fuori dal periodo"),  # before the start
        ({"date": dt.date(2026, 11, 25)}, "date", "futura"),
        ({"minutes": 0}, "minutes", "da 1 a 1440"),
        ({"minutes": 24 * 60 + 1}, "minutes", "Durata in minuti"),
        ({"minutes": "un'ora"}, "minutes", "Durata in minuti"),
        ({"participants": -1}, "participants", "Partecipanti"),
        ({"participants": ""}, "participants", "obbligatorio"),
        ({"operator_id": uuid.uuid4()}, "operator_id", "Operatore non trovato"),
        ({"description": "D" * 301}, "description", "300"),
        ({"description": "la mamma di Luca, 347 1234567"}, "description", "telefono"),
    ],
)
def test_each_bad_activity_field_is_named(
    opened: OpenProfile, overrides: dict[str, object], field: str, says: str
) -> None:
    project = scanzo(opened)
    values: dict[str, object] = dict(date=dt.date(2026, 3, 12), minutes=60, participants=10)
    values.update(overrides)
    with pytest.raises(ValidationError, match=says) as err:
        community_projects.add_activity(opened, project.id, today=TODAY, **values)  # type: ignore[arg-type]
    assert err.value.field == field
    assert community_projects.show_project(opened, project.id).activities == ()


def test_an_activity_after_the_end_of_its_project_is_refused(opened: OpenProfile) -> None:
    project = scanzo(opened, end_on=dt.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="fuori dal periodo"):
        activity(opened, project, dt.date(2026, 7, 1), 60, 10)
    with pytest.raises(NotFoundError, match="Progetto di comunità non trovato"):
        community_projects.add_activity(
            opened, ProjectId(uuid.uuid4()), date=dt.date(2026, 1, 1), minutes=60, participants=1
        )


def test_an_activity_is_edited_and_removed(opened: OpenProfile, traces) -> None:
    project = scanzo(opened)
    done = activity(opened, project, dt.date(2026, 3, 12), 90, 25)
    edited = community_projects.update_activity(
        opened, done.id, participants="28", description="Festa di primavera", today=TODAY
    )
    assert (edited.participants, edited.description, edited.minutes) == (
        28,
        "Festa di primavera",
        90,
    )
    with pytest.raises(ValidationError, match="fuori dal periodo"):
        community_projects.update_activity(opened, done.id, date=dt.date(2024, 1, 1), today=TODAY)
    with pytest.raises(ValidationError, match="project_id"):
        community_projects.update_activity(opened, done.id, project_id=uuid.uuid4(), today=TODAY)
    community_projects.remove_activity(opened, done.id)
    assert community_projects.show_project(opened, project.id).activities == ()
    assert traces.changes("community_activities", done.id) == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.TOMBSTONE,
    ]
    assert traces.actions("community_activities", done.id) == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]


def test_the_year_summary_counts_each_project_in_that_year_only(opened: OpenProfile) -> None:
    """A project's activities, hours and participants of 2026; a project over before 2026 and
    without activities in it is not listed for 2026; the whole life, for every project."""
    running = scanzo(opened)
    over = scanzo(
        opened,
        ambito="VBR",
        title="Famiglie accoglienti in valle",
        comune="Zogno",
        start_on=dt.date(2024, 1, 1),
        end_on=dt.date(2025, 6, 30),
    )
    activity(opened, running, dt.date(2025, 12, 20), 60, 40)
    activity(opened, running, dt.date(2026, 3, 12), 90, 25)
    activity(opened, running, dt.date(2026, 10, 3), 150, 60)
    activity(opened, over, dt.date(2025, 5, 10), 120, 12)
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)

    year = community_projects.list_projects(opened, start=first, end=last)
    assert [(v.project.id, v.tally) for v in year] == [(running.id, ActivityTally(2, 240, 85))]
    assert year[0].tally.hours == 4.0 and year[0].ambito_code == "SER"
    whole = community_projects.list_projects(opened)
    assert [(v.project.id, v.tally) for v in whole] == [
        (running.id, ActivityTally(3, 300, 125)),  # the most recent first
        (over.id, ActivityTally(1, 120, 12)),
    ]
    assert [v.project.id for v in community_projects.list_projects(opened, ambito="VBR")] == [
        over.id
    ]
    detail = community_projects.show_project(opened, running.id, start=first, end=last)
    assert [v.activity.date for v in detail.activities] == [
        dt.date(2026, 10, 3),
        dt.date(2026, 3, 12),
    ]
    assert detail.tally == year[0].tally  # the list (counted in SQL) and the detail agree


def test_a_hand_off_file_carries_no_project(opened: OpenProfile, tmp_path: Path) -> None:
    """Projects hold no case: a case exported from the same Ambito carries none of them."""
    assert "community_projects" not in handoff.TABLES
    assert "community_activities" not in handoff.TABLES
    case = cases.add_case(opened, ambito="SER", service=Service.ADM, minor_name="Luca Rota")
    project = scanzo(opened)
    done = activity(opened, project, dt.date(2026, 3, 12), 90, 25)
    key = pyrage.x25519.Identity.generate()
    target = tmp_path / "consegna.age"
    handoff.export_cases(opened, [str(case.id)], recipient=str(key.to_public()), target=target)
    archive = zipfile.ZipFile(io.BytesIO(pyrage.decrypt(target.read_bytes(), [key])))
    payload = b"".join(archive.read(name) for name in archive.namelist())
    doc = json.loads(archive.read(f"cases/{case.id}/case.json"))
    assert not {"community_projects", "community_activities"} & set(doc["records"])
    for text in (str(project.id), str(done.id), project.title):
        assert text.encode() not in payload
