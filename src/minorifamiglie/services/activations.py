"""Service activations (interventi) of a case with their monte ore, and the hours used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import hours, validation
from minorifamiglie.domain.enums import HoursPeriod, Service, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.hours_report import VisitInfo
from minorifamiglie.domain.ids import ActivationId, OperatorId
from minorifamiglie.services import ambito_settings
from minorifamiglie.services.case_refs import CaseRef
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
    text,
    update_record,
)
from minorifamiglie.services.hours_data import unpaid_spans
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
    # A co-designed service's partner cooperative (co-progettazione); empty: none (NULL).
    "partner": text("Cooperativa partner", 200, nullable=True),
}


@dataclass(frozen=True, slots=True)
class HoursUsage:
    """Hours used by an activation between `start` and `end` (inclusive), against the share
    of its monte ore that falls in the same days: the figures of the one hours rule
    (domain/hours.py), the same the monthly report's rows are made of."""

    activation: e.ServiceActivation
    start: dt.date
    end: dt.date
    tally: hours.Tally

    @property
    def minutes(self) -> int:
        """Delivered minutes, exact (overlaps of one operator on the case counted once)."""
        return self.tally.minutes

    @property
    def visits(self) -> int:
        """Visits done that count ("visite svolte")."""
        return self.tally.visits

    @property
    def hours(self) -> float:
        """Delivered hours as shown: direct and indirect, each rounded to the hundredth."""
        return self.tally.delivered_hours

    @property
    def authorised_hours(self) -> float:
        return self.tally.authorised_hours

    @property
    def remaining_hours(self) -> float:
        return self.tally.remaining_hours


def _check(repo: Repository, values: dict[str, Any]) -> None:
    validation.date_range(values["start_on"], values["end_on"], "end_on")
    live_operator(repo, values["operator_id"], "operator_id")


def add_activation(
    opened: OpenProfile,
    case: CaseRef,
    *,
    service: Service,
    start_on: dt.date,
    authorised_hours: float,
    hours_period: HoursPeriod = HoursPeriod.WEEK,
    end_on: dt.date | None = None,
    operator_id: OperatorId | None = None,
    partner: str | None = None,
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
            partner=partner,
        ),
    )
    return add_to_case(opened, e.ServiceActivation, case, check=_check, **values)


def update_activation(
    opened: OpenProfile, activation_id: ActivationId, **changes: object
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
    activation_id: ActivationId,
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


def remove_activation(opened: OpenProfile, activation_id: ActivationId) -> None:
    """Only an activation entered by mistake, without visits: the hours report needs the rest."""
    remove_record(
        opened, e.ServiceActivation, activation_id, missing=MISSING, guard=_without_visits
    )


def list_activations(opened: OpenProfile, case: CaseRef) -> list[e.ServiceActivation]:
    with opened.read_session() as session:
        case_id = case_id_of(session, case)
        return Repository(session).by_case(
            e.ServiceActivation,
            case_id,
            [m.ServiceActivationRow.start_on, m.ServiceActivationRow.id],
        )


def hours_used(
    opened: OpenProfile,
    activation_id: ActivationId,
    *,
    month: str | dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    rules: hours.HoursRules | None = None,
    today: dt.date | None = None,
) -> HoursUsage:
    """The activation's hours by the one hours rule (domain/hours.py: closed, non-deleted
    visits linked to it whose outcome counts, overlaps of one operator on the case counted
    once; no authorised hours while the case is suspended), in a month ("AAAA-MM" or any day
    of it) or between `start` and `end`; without either, over the whole activation."""
    ref = record_id(activation_id, "activation", "Intervento")
    with opened.read_session() as session:
        repo = Repository(session)
        activation = get_live(repo, e.ServiceActivation, ref, MISSING)
        if month is not None and (start is not None or end is not None):
            raise ValidationError("Indicare un mese oppure un intervallo di date", "month")
        if isinstance(month, str):
            start, end = hours.parse_month(month)
        elif isinstance(month, dt.date):
            start, end = hours.month_bounds(month.year, month.month)
        start = start or activation.start_on
        end = end or activation.end_on or today or dt.date.today()
        validation.date_range(start, end, "end")
        case = repo.get(e.Case, activation.case_id)
        # Every visit of the case in the period: a visit's credit depends on the others of
        # the same operator and day, whichever activation they belong to. Read by the case
        # (its index), the few columns the rule needs; the days are picked here.
        v = m.VisitRow
        case_visits = [
            VisitInfo(*row)
            for row in session.execute(
                select(
                    v.id,
                    v.case_id,
                    v.activation_id,
                    v.operator_id,
                    literal(""),
                    v.kind,
                    v.date,
                    v.start_time,
                    v.end_time,
                    v.outcome,
                    v.status,
                    v.deleted_at,
                ).where(v.case_id == activation.case_id, v.deleted_at.is_(None))
            )
            if start <= row.date <= end and row.status is VisitStatus.CLOSED
        ]
        unpaid = unpaid_spans(session, [case.id]).get(case.id, ())
        if rules is None:  # the rules of the case's Ambito on the period's first day
            rules = ambito_settings.hours_rules_on(session, [case.ambito_id], start)[case.ambito_id]
    tally = hours.activation_tally(
        activation, start, end, case_visits, case.service, rules=rules, unpaid=unpaid
    )
    return HoursUsage(activation, start, end, tally)
