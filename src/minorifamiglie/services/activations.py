"""Service activations (interventi) of a case with their monte ore, and the hours used."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import hours, validation
from minorifamiglie.domain.enums import HoursPeriod, Service, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services.fields import (
    Spec,
    add_to_case,
    case_id_of,
    choice,
    clean,
    date,
    get_live,
    live_operator,
    record_id,
    remove_record,
    update_record,
)
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

MISSING = "Intervento non trovato"
ACTIVATION_FIELDS: dict[str, Spec] = {
    "service": choice("Servizio", Service),
    "start_on": date("Data di inizio", required=True),
    "end_on": date("Data di fine"),
    "authorised_hours": Spec("Monte ore", "hours", required=True),
    "hours_period": choice("Periodo del monte ore", HoursPeriod),
    "operator_id": Spec("Operatore", "id"),
}


@dataclass(frozen=True, slots=True)
class HoursUsage:
    """Hours used by an activation between `start` and `end` (inclusive), against the share
    of its monte ore that falls in the same days."""

    activation: e.ServiceActivation
    start: dt.date
    end: dt.date
    minutes: int
    visits: int
    authorised_hours: float

    @property
    def hours(self) -> float:
        return hours.to_hours(self.minutes)

    @property
    def remaining_hours(self) -> float:
        return round(self.authorised_hours - self.hours, 2)


def _check(repo: Repository, values: dict[str, Any]) -> None:
    validation.date_range(values["start_on"], values["end_on"], "end_on")
    live_operator(repo, values["operator_id"], "operator_id")


def add_activation(
    opened: OpenProfile,
    case: str | uuid.UUID,
    *,
    service: Service,
    start_on: dt.date,
    authorised_hours: float,
    hours_period: HoursPeriod = HoursPeriod.WEEK,
    end_on: dt.date | None = None,
    operator_id: uuid.UUID | None = None,
) -> e.ServiceActivation:
    """A service on the case with its authorised hours per week or month."""
    values = clean(
        ACTIVATION_FIELDS,
        dict(
            service=service,
            start_on=start_on,
            end_on=end_on,
            authorised_hours=authorised_hours,
            hours_period=hours_period,
            operator_id=operator_id,
        ),
    )
    return add_to_case(opened, e.ServiceActivation, case, check=_check, **values)


def update_activation(
    opened: OpenProfile, activation_id: str | uuid.UUID, **changes: object
) -> e.ServiceActivation:
    """Edit fields of ACTIVATION_FIELDS (a new monte ore, another operator…)."""
    return update_record(
        opened,
        e.ServiceActivation,
        activation_id,
        ACTIVATION_FIELDS,
        changes,
        missing=MISSING,
        check=_check,
    )


def end_activation(
    opened: OpenProfile,
    activation_id: str | uuid.UUID,
    end_on: dt.date | None = None,
    today: dt.date | None = None,
) -> e.ServiceActivation:
    """The service ends (today unless told otherwise); its visits and hours stay."""
    day = end_on or today or dt.date.today()
    return update_activation(opened, activation_id, end_on=day)


def _without_visits(repo: Repository, activation: e.ServiceActivation) -> None:
    linked = repo.session.execute(
        select(func.count())
        .select_from(m.VisitRow)
        .where(m.VisitRow.activation_id == activation.id, m.VisitRow.deleted_at.is_(None))
    ).scalar_one()
    if linked:
        raise ValidationError(
            "L'intervento ha visite registrate: chiuderlo con una data di fine invece di "
            "eliminarlo",
            "activation",
        )


def remove_activation(opened: OpenProfile, activation_id: str | uuid.UUID) -> None:
    """Only an activation entered by mistake, without visits: the hours report needs the rest."""
    remove_record(
        opened, e.ServiceActivation, activation_id, missing=MISSING, guard=_without_visits
    )


def list_activations(opened: OpenProfile, case: str | uuid.UUID) -> list[e.ServiceActivation]:
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        return Repository(session).by_case(
            e.ServiceActivation,
            case_id,
            [m.ServiceActivationRow.start_on, m.ServiceActivationRow.id],
        )


def hours_used(
    opened: OpenProfile,
    activation_id: str | uuid.UUID,
    *,
    month: str | dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    rules: hours.HoursRules | None = None,
    today: dt.date | None = None,
) -> HoursUsage:
    """Hours of the closed, non-deleted visits linked to the activation whose outcome counts
    (svolta; missed visits too when the Ambito's `rules` say so), in a month ("AAAA-MM" or any
    day of it) or between `start` and `end`; without either, over the whole activation."""
    rules = rules or hours.HoursRules()
    ref = record_id(activation_id, "activation", "Intervento")
    with opened.read_session() as session:
        activation = get_live(Repository(session), e.ServiceActivation, ref, MISSING)
        if month is not None and (start is not None or end is not None):
            raise ValidationError("Indicare un mese oppure un intervallo di date", "month")
        if isinstance(month, str):
            start, end = hours.parse_month(month)
        elif isinstance(month, dt.date):
            start, end = hours.month_bounds(month.year, month.month)
        start = start or activation.start_on
        end = end or activation.end_on or today or dt.date.today()
        validation.date_range(start, end, "end")
        rows = session.execute(
            select(
                m.VisitRow.date,
                m.VisitRow.start_time,
                m.VisitRow.end_time,
                m.VisitRow.outcome,
                m.VisitRow.status,
                m.VisitRow.deleted_at,
            ).where(
                m.VisitRow.activation_id == activation.id,
                m.VisitRow.deleted_at.is_(None),
                m.VisitRow.status == VisitStatus.CLOSED,
                m.VisitRow.date.between(start, end),
            )
        )
        slots = [hours.VisitSlot(*row) for row in rows]
    span = hours.overlap(start, end, activation.start_on, activation.end_on)
    authorised = (
        hours.authorised_for_range(
            activation.authorised_hours, activation.hours_period, span[0], span[1]
        )
        if span
        else 0.0
    )
    return HoursUsage(
        activation,
        start,
        end,
        hours.minutes_used(slots, rules, start, end),
        sum(1 for s in slots if hours.counts(s, rules)),
        authorised,
    )
