"""Service activations with their monte ore, and the hours their closed visits used."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    HoursPeriod,
    OpKind,
    Service,
    VisitKind,
    VisitOutcome,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.hours import HoursRules
from minorifamiglie.domain.ids import ActivationId, CaseId
from minorifamiglie.services import activations, profiles, visits
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY


def add_adm(opened: OpenProfile, case_id: CaseId, **overrides: Any) -> e.ServiceActivation:
    values: dict[str, Any] = dict(
        service=Service.ADM,
        start_on=dt.date(2026, 10, 1),
        authorised_hours=6,
        hours_period=HoursPeriod.WEEK,
    )
    values.update(overrides)
    return activations.add_activation(opened, case_id, **values)


def visit(
    opened: OpenProfile,
    code: str,
    day: dt.date,
    start: str = "15:00",
    end: str = "17:00",
    outcome: VisitOutcome = VisitOutcome.DONE,
    close: bool = True,
) -> e.Visit:
    return visits.add_visit(
        opened,
        case=code,
        date=day,
        start=dt.time.fromisoformat(start),
        end=dt.time.fromisoformat(end),
        kind=VisitKind.HOME_VISIT,
        place="domicilio",
        notes="Compiti e merenda con la madre presente.",
        outcome=outcome,
        close=close,
        today=TODAY,
    )


def test_an_activation_is_added_logged_and_audited(opened: OpenProfile, case_file, traces) -> None:
    me = profiles.info(opened).operator
    act = add_adm(opened, case_file.case.id, operator_id=me.id, authorised_hours="7,5")

    assert act.authorised_hours == 7.5
    assert act.operator_id == me.id
    assert act.end_on is None
    assert activations.list_activations(opened, case_file.case.code) == [act]
    assert traces.changes("service_activations", act.id) == [OpKind.INSERT]
    [event] = traces.audit("service_activations", act.id)
    assert (event.action, event.case_id) == (AuditAction.CREATE, case_file.case.id)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"authorised_hours": -1}, "authorised_hours"),
        ({"authorised_hours": 1001}, "authorised_hours"),
        ({"authorised_hours": float("nan")}, "authorised_hours"),
        ({"authorised_hours": "tante"}, "authorised_hours"),
        ({"end_on": dt.date(2026, 9, 30)}, "end_on"),
        ({"start_on": None}, "start_on"),
        ({"hours_period": "anno"}, "hours_period"),
        ({"operator_id": uuid.uuid4()}, "operator_id"),
    ],
)
def test_each_bad_activation_field_is_named(
    opened: OpenProfile, case_file, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        add_adm(opened, case_file.case.id, **overrides)
    assert err.value.field == field
    assert activations.list_activations(opened, case_file.case.id) == []


def test_update_and_end(opened: OpenProfile, case_file, traces) -> None:
    act = add_adm(opened, case_file.case.id)

    more = activations.update_activation(opened, act.id, authorised_hours=8)
    ended = activations.end_activation(opened, act.id, dt.date(2026, 12, 31))

    assert more.authorised_hours == 8
    assert ended.end_on == dt.date(2026, 12, 31)
    assert traces.changes("service_activations", act.id) == [
        OpKind.INSERT,
        OpKind.UPDATE,
        OpKind.UPDATE,
    ]
    assert [t.detail for t in traces.audit("service_activations", act.id)[1:]] == [
        {"fields": ["authorised_hours"]},
        {"fields": ["end_on"]},
    ]
    with pytest.raises(ValidationError) as err:
        activations.end_activation(opened, act.id, dt.date(2026, 9, 1))
    assert err.value.field == "end_on"
    assert activations.end_activation(opened, act.id, today=TODAY).end_on == TODAY


def test_an_activation_without_visits_can_be_removed(
    opened: OpenProfile, case_file, traces
) -> None:
    act = add_adm(opened, case_file.case.id)
    activations.remove_activation(opened, act.id)
    assert activations.list_activations(opened, case_file.case.id) == []
    assert traces.changes("service_activations", act.id)[-1] is OpKind.TOMBSTONE
    assert traces.actions("service_activations", act.id)[-1] is AuditAction.DELETE
    with pytest.raises(NotFoundError, match="Intervento non trovato"):
        activations.update_activation(opened, act.id, authorised_hours=2)


def test_an_activation_with_visits_is_ended_not_removed(opened: OpenProfile, case_file) -> None:
    act = add_adm(opened, case_file.case.id)
    visit(opened, case_file.case.code, dt.date(2026, 11, 3))
    with pytest.raises(ValidationError, match="visite registrate"):
        activations.remove_activation(opened, act.id)
    assert activations.list_activations(opened, case_file.case.id) == [act]


def test_hours_used_counts_closed_visits_that_took_place_once_each(
    opened: OpenProfile, case_file
) -> None:
    code = case_file.case.code
    act = add_adm(opened, case_file.case.id, authorised_hours=20, hours_period=HoursPeriod.MONTH)
    visit(opened, code, dt.date(2026, 11, 3))  # 2 h
    amended = visit(opened, code, dt.date(2026, 11, 5), "09:30", "11:00")  # 1.5 h
    visits.amend_visit(opened, amended.id, "Integrazione: era presente anche la nonna.")
    visits.amend_visit(opened, amended.id, "Seconda integrazione.")
    visit(opened, code, dt.date(2026, 11, 10), close=False)  # a draft
    gone = visit(opened, code, dt.date(2026, 11, 12))
    with opened.session() as session:  # a closed visit tombstoned, as a synced removal would
        Repository(session).tombstone(e.Visit, gone.id)
    visit(opened, code, dt.date(2026, 11, 17), outcome=VisitOutcome.NO_SHOW)  # 2 h missed
    visit(opened, code, dt.date(2026, 11, 19), outcome=VisitOutcome.CANCELLED_BY_SERVICE)
    visit(opened, code, dt.date(2026, 10, 30))  # another month

    november = activations.hours_used(opened, act.id, month="2026-11")

    assert (november.start, november.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert november.minutes == 210
    assert november.hours == 3.5
    assert november.visits == 2
    assert november.authorised_hours == 20
    assert november.remaining_hours == 16.5
    paying = activations.hours_used(
        opened, act.id, month=TODAY, rules=HoursRules(count_missed=True)
    )
    # The paid no-show's hours count; it is still no visit done ("visite svolte").
    assert (paying.hours, paying.visits) == (5.5, 2)
    whole = activations.hours_used(opened, act.id, today=TODAY)
    assert (whole.start, whole.end, whole.hours) == (act.start_on, TODAY, 5.5)
    ranged = activations.hours_used(
        opened, act.id, start=dt.date(2026, 11, 4), end=dt.date(2026, 11, 30)
    )
    assert ranged.minutes == 90


def test_hours_only_count_against_their_own_activation(opened: OpenProfile, case_file) -> None:
    code = case_file.case.code
    old = add_adm(
        opened, case_file.case.id, start_on=dt.date(2026, 1, 1), end_on=dt.date(2026, 10, 31)
    )
    new = add_adm(opened, case_file.case.id, start_on=dt.date(2026, 11, 1))
    visit(opened, code, dt.date(2026, 10, 30))
    visit(opened, code, dt.date(2026, 11, 2), "15:00", "16:00")

    assert activations.hours_used(opened, old.id, today=TODAY).hours == 2
    assert activations.hours_used(opened, new.id, today=TODAY).hours == 1
    # October is outside the new activation: nothing authorised, nothing used.
    october = activations.hours_used(opened, new.id, month="2026-10")
    assert (october.authorised_hours, october.minutes) == (0, 0)


def test_hours_used_refuses_a_bad_period(opened: OpenProfile, case_file) -> None:
    act = add_adm(opened, case_file.case.id)
    with pytest.raises(ValidationError) as err:
        activations.hours_used(opened, act.id, month="2026-13")
    assert err.value.field == "month"
    with pytest.raises(ValidationError) as err:
        activations.hours_used(opened, act.id, month="2026-11", start=dt.date(2026, 11, 1))
    assert err.value.field == "month"
    with pytest.raises(ValidationError) as err:
        activations.hours_used(opened, act.id, start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 1))
    assert err.value.field == "end"
    with pytest.raises(NotFoundError, match="Intervento non trovato"):
        activations.hours_used(opened, ActivationId(uuid.uuid4()), month="2026-11")


def test_a_co_designed_service_names_its_partner_cooperative(
    opened: OpenProfile, case_file, traces
) -> None:
    # Given an ADM activation co-designed with another cooperative
    act = add_adm(opened, case_file.case.id, partner="  Cooperativa Sociale Alfa ")
    assert act.partner == "Cooperativa Sociale Alfa"
    assert add_adm(opened, case_file.case.id).partner is None  # not said: NULL
    # When the partner changes, then is removed
    changed = activations.update_activation(opened, act.id, partner="Consorzio Beta")
    assert changed.partner == "Consorzio Beta"
    assert traces.audit("service_activations", act.id)[-1].detail == {"fields": ["partner"]}
    assert activations.update_activation(opened, act.id, partner="").partner is None
    # And a name longer than the column is refused by field
    with pytest.raises(ValidationError) as err:
        activations.update_activation(opened, act.id, partner="C" * 201)
    assert err.value.field == "partner"
