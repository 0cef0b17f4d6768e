"""Ages against the services: a child's age that does not fit the service of the case, and an
affido planned to last beyond the 18th birthday, are warned about (never refused: the case file
may be behind the facts, or a prosieguo amministrativo may not be recorded yet)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from minorifamiglie.domain.entities import Measure, Placement
from minorifamiglie.domain.enums import MeasureKind, Service
from minorifamiglie.domain.italian_format import fmt_date

ADULT_AGE = 18  # maggiore età
PROSIEGUO_END_AGE = 21  # the prosieguo amministrativo ends on the 21st birthday
# The services for minors; neomaggiorenni is for those of 18 to 21, and famiglie fragili for
# families whatever the children's ages.
MINORS_ONLY = frozenset(
    {
        Service.TUTELA,
        Service.AFFIDO,
        Service.ADM,
        Service.TUTORING,
        Service.FACILITATED_MEETINGS,
    }
)


def birthday(born: dt.date, years: int) -> dt.date:
    """The day one turns `years`: born on 29 February, on 1 March of a common year (the
    day after the one that closes the years of age)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(born.year + years, 3, 1)


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (0 before the first birthday)."""
    years = day.year - born.year
    return years if day >= birthday(born, years) else years - 1


def prosieguo_in_force(measures: Iterable[Measure], day: dt.date) -> bool:
    """A live prosieguo amministrativo measure issued by `day` and not ended by it."""
    return any(
        m.kind is MeasureKind.PROSIEGUO
        and m.deleted_at is None
        and m.issued_on <= day
        and (m.ended_on is None or m.ended_on > day)
        for m in measures
    )


class AgeWarningKind(StrEnum):
    TOO_YOUNG = "too-young"  # neomaggiorenni before the 18th birthday
    ADULT = "adult"  # a service for minors after the 18th birthday
    PAST_PROSIEGUO = "past-prosieguo"  # after the 21st birthday, prosieguo or not
    PLACEMENT_PAST_18 = "placement-past-18"  # an affido planned beyond the 18th birthday


@dataclass(frozen=True, slots=True)
class CaseMinor:
    """A minor in charge of the case (CaseMember role MINOR), as the checks see them."""

    person_id: uuid.UUID
    name: str
    birth_date: dt.date | None


@dataclass(frozen=True, slots=True)
class AgeWarning:
    """One thing that does not fit. `message` is one Italian sentence naming it, without the
    person's name or birth date (the command line prints it as it is); a screen puts `name`
    before it. `field` is the form field it concerns."""

    kind: AgeWarningKind
    field: str
    person_id: uuid.UUID
    name: str
    message: str
    service: Service | None = None
    placement_id: uuid.UUID | None = None

    def with_name(self) -> str:
        return f"{self.name} — {self.message}" if self.name else self.message


def _years(n: int) -> str:
    return "1 anno" if n == 1 else f"{n} anni"


CARE_LEAVERS_RANGE = "è un servizio per chi ha compiuto 18 anni e non ancora 21"


def service_warning(
    service: Service, minor: CaseMinor, day: dt.date, prosieguo: bool
) -> AgeWarning | None:
    """What the minor's age on `day` says about `service`, if anything."""
    if minor.birth_date is None or minor.birth_date > day:
        return None
    age = age_on(minor.birth_date, day)
    found: tuple[AgeWarningKind, str] | None = None
    if service is Service.CARE_LEAVERS:
        if age < ADULT_AGE:
            found = AgeWarningKind.TOO_YOUNG, f"ma {CARE_LEAVERS_RANGE}"
        elif age >= PROSIEGUO_END_AGE:
            found = AgeWarningKind.PAST_PROSIEGUO, f"ma {CARE_LEAVERS_RANGE}"
    elif service in MINORS_ONLY and age >= PROSIEGUO_END_AGE:
        found = AgeWarningKind.PAST_PROSIEGUO, "oltre il termine del prosieguo amministrativo"
    elif service in MINORS_ONLY and age >= ADULT_AGE and not prosieguo:
        found = (
            AgeWarningKind.ADULT,
            "ma è un servizio per minorenni e non c'è un prosieguo amministrativo in corso",
        )
    if found is None:
        return None
    kind, why = found
    text = f"Età non coerente con il servizio {service.label()}: {_years(age)}, {why}."
    return AgeWarning(kind, "service", minor.person_id, minor.name, text, service=service)


def placement_warning(
    placement: Placement, minor: CaseMinor, day: dt.date, prosieguo: bool
) -> AgeWarning | None:
    """An affido still running whose planned end falls after the child's 18th birthday, with
    no prosieguo amministrativo in force."""
    if (
        prosieguo
        or placement.deleted_at is not None
        or placement.ended_on is not None
        or placement.planned_end_on is None
        or minor.birth_date is None
    ):
        return None
    if placement.planned_end_on <= birthday(minor.birth_date, ADULT_AGE):
        return None
    end = fmt_date(placement.planned_end_on)
    return AgeWarning(
        AgeWarningKind.PLACEMENT_PAST_18,
        "planned_end_on",
        minor.person_id,
        minor.name,
        f"Affido con fine prevista il {end}, dopo il compimento dei 18 anni: senza un "
        "prosieguo amministrativo l'affido termina con la maggiore età.",
        placement_id=placement.id,
    )


def age_warnings(
    services: Iterable[Service],
    minors: Iterable[CaseMinor],
    today: dt.date,
    *,
    measures: Iterable[Measure] = (),
    placements: Iterable[Placement] = (),
) -> tuple[AgeWarning, ...]:
    """Every warning about the minors of a case in charge, on `today`: their age against each
    of `services` (the case's and those of its activations in progress) and the planned end
    of their affidi. Minors in the order given, services in the order given, then affidi."""
    measures = tuple(measures)
    prosieguo = prosieguo_in_force(measures, today)
    minors = tuple(minors)
    chosen = tuple(dict.fromkeys(services))
    out: list[AgeWarning] = []
    for minor in minors:
        for service in chosen:
            found = service_warning(service, minor, today, prosieguo)
            if found is not None:
                out.append(found)
    by_person = {minor.person_id: minor for minor in minors}
    for placement in placements:
        placed = by_person.get(placement.minor_id)
        if placed is not None:
            found = placement_warning(placement, placed, today, prosieguo)
            if found is not None:
                out.append(found)
    return tuple(out)
