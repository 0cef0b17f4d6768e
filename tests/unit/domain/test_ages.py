"""Ages against the services: what a social worker would stop at (issue 14, point 4)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from minorifamiglie.domain import ages
from minorifamiglie.domain.ages import AgeWarningKind, CaseMinor
from minorifamiglie.domain.entities import Measure, Placement
from minorifamiglie.domain.enums import (
    Authority,
    Availability,
    LegalBasis,
    MeasureEnd,
    MeasureKind,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.ids import CaseId, FosterFamilyId, PersonId, uuid7
from support.clock import TODAY

CASE = CaseId(uuid.UUID("0195f0a0-0000-7000-8000-000000000001"))
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
GIULIA = CaseMinor(uuid.UUID(int=1), "Giulia Rota", dt.date(2016, 5, 9))  # 10 on TODAY
MARCO = CaseMinor(uuid.UUID(int=2), "Marco Bianchi", dt.date(2007, 3, 1))  # 19
SARA = CaseMinor(uuid.UUID(int=3), "Sara Colombo", dt.date(2004, 1, 15))  # 22
LUCA = CaseMinor(uuid.UUID(int=4), "Luca Pesenti", dt.date(2009, 2, 1))  # 17


def _record(deleted: bool = False) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "created_at": STAMP,
        "updated_at": STAMP,
        "deleted_at": STAMP if deleted else None,
        "version_hlc": "",
        "origin_device": uuid.UUID(int=0),
    }


def prosieguo(
    issued_on: dt.date = dt.date(2025, 2, 1), ended_on: dt.date | None = None, **kw: Any
) -> Measure:
    return Measure(
        **_record(kw.pop("deleted", False)),
        case_id=CASE,
        authority=Authority.JUVENILE_COURT,
        kind=kw.pop("kind", MeasureKind.PROSIEGUO),
        docket_number="",
        issued_on=issued_on,
        prescriptions="",
        next_report_due=None,
        ended_on=ended_on,
        end_reason=MeasureEnd.EXPIRED if ended_on else None,
    )


def affido(minor: CaseMinor, planned_end_on: dt.date | None, **kw: Any) -> Placement:
    return Placement(
        **_record(),
        case_id=CASE,
        minor_id=PersonId(minor.person_id),
        family_id=FosterFamilyId(uuid.UUID(int=9)),
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        schedule=Availability.RESIDENTIAL,
        start_on=dt.date(2025, 1, 10),
        planned_end_on=planned_end_on,
        ended_on=kw.get("ended_on"),
        last_review_on=None,
    )


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2008, 11, 24), dt.date(2026, 11, 23), 17),
        (dt.date(2008, 11, 24), dt.date(2026, 11, 24), 18),  # the birthday itself
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # born on 29 February…
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),  # …of age on 1 March
        (dt.date(2008, 2, 29), dt.date(2028, 2, 29), 20),
        (dt.date(2026, 11, 24), dt.date(2026, 11, 24), 0),
    ],
)
def test_age_in_completed_years(born: dt.date, day: dt.date, age: int) -> None:
    assert ages.age_on(born, day) == age


def test_birthdays_of_a_child_born_on_29_february() -> None:
    assert ages.birthday(dt.date(2008, 2, 29), 18) == dt.date(2026, 3, 1)
    assert ages.birthday(dt.date(2008, 2, 29), 20) == dt.date(2028, 2, 29)
    assert ages.birthday(dt.date(2008, 5, 9), 21) == dt.date(2029, 5, 9)


def test_a_child_born_in_2016_in_a_neomaggiorenni_case_is_warned_about() -> None:
    [found] = ages.age_warnings([Service.CARE_LEAVERS], [GIULIA], TODAY)
    assert found.kind is AgeWarningKind.TOO_YOUNG
    assert found.person_id == GIULIA.person_id
    assert found.message == (
        "Età non coerente con il servizio Neomaggiorenni: 10 anni, ma è un servizio per chi ha "
        "compiuto 18 anni e non ancora 21."
    )
    # the sentence names neither the person nor the birth date; the screen adds the name
    assert "Giulia" not in found.message and "2016" not in found.message
    assert found.with_name() == f"Giulia Rota — {found.message}"


def test_neomaggiorenni_fits_from_the_18th_to_the_21st_birthday() -> None:
    assert ages.age_warnings([Service.CARE_LEAVERS], [MARCO], TODAY) == ()
    of_age_today = CaseMinor(uuid.UUID(int=5), "Anna Ferri", dt.date(2008, 11, 24))
    assert ages.age_warnings([Service.CARE_LEAVERS], [of_age_today], TODAY) == ()
    [past] = ages.age_warnings([Service.CARE_LEAVERS], [SARA], TODAY)
    assert past.kind is AgeWarningKind.PAST_PROSIEGUO
    assert "22 anni" in past.message


@pytest.mark.parametrize(
    "service",
    [
        Service.ADM,
        Service.TUTORING,
        Service.AFFIDO,
        Service.FACILITATED_MEETINGS,
        Service.TUTELA,
    ],
)
def test_an_adult_in_a_service_for_minors_is_warned_about(service: Service) -> None:
    [found] = ages.age_warnings([service], [MARCO, GIULIA, LUCA], TODAY)
    assert (found.kind, found.person_id, found.service) == (
        AgeWarningKind.ADULT,
        MARCO.person_id,
        service,
    )
    assert found.message == (
        f"Età non coerente con il servizio {service.label()}: 19 anni, ma è un servizio per "
        "minorenni e non c'è un prosieguo amministrativo in corso."
    )


def test_a_prosieguo_in_force_lets_an_adult_stay_until_21() -> None:
    assert ages.age_warnings([Service.TUTELA], [MARCO], TODAY, measures=[prosieguo()]) == ()
    # …but not beyond the 21st birthday
    [found] = ages.age_warnings([Service.TUTELA], [SARA], TODAY, measures=[prosieguo()])
    assert found.kind is AgeWarningKind.PAST_PROSIEGUO
    assert found.message.endswith("22 anni, oltre il termine del prosieguo amministrativo.")


@pytest.mark.parametrize(
    "measure",
    [
        prosieguo(ended_on=dt.date(2026, 6, 30)),  # ended
        prosieguo(deleted=True),
        prosieguo(issued_on=dt.date(2026, 12, 1)),  # not issued yet on TODAY
        prosieguo(kind=MeasureKind.ENTRUSTMENT),  # another kind of measure
    ],
)
def test_only_a_live_prosieguo_in_force_counts(measure: Measure) -> None:
    [found] = ages.age_warnings([Service.ADM], [MARCO], TODAY, measures=[measure])
    assert found.kind is AgeWarningKind.ADULT


def test_famiglie_fragili_has_no_age_and_an_unknown_birth_date_says_nothing() -> None:
    assert ages.age_warnings([Service.FRAGILE_FAMILIES], [MARCO, GIULIA, SARA], TODAY) == ()
    unknown = CaseMinor(uuid.UUID(int=6), "Omar Haddad", None)
    assert ages.age_warnings([Service.CARE_LEAVERS, Service.ADM], [unknown], TODAY) == ()


def test_each_service_is_checked_once_in_the_order_given() -> None:
    found = ages.age_warnings(
        [Service.TUTELA, Service.ADM, Service.TUTELA, Service.CARE_LEAVERS], [MARCO], TODAY
    )
    assert [w.service for w in found] == [Service.TUTELA, Service.ADM]


def test_an_affido_planned_past_the_18th_birthday_is_warned_about() -> None:
    # Luca turns 18 on 01/02/2027
    late = affido(LUCA, dt.date(2027, 6, 30))
    on_time = affido(LUCA, dt.date(2027, 2, 1))
    found = ages.age_warnings([Service.FRAGILE_FAMILIES], [LUCA], TODAY, placements=[late, on_time])
    assert [(w.kind, w.placement_id, w.field) for w in found] == [
        (AgeWarningKind.PLACEMENT_PAST_18, late.id, "planned_end_on")
    ]
    assert found[0].message == (
        "Affido con fine prevista il 30/06/2027, dopo il compimento dei 18 anni: senza un "
        "prosieguo amministrativo l'affido termina con la maggiore età."
    )
    assert "2009" not in found[0].message and "Luca" not in found[0].message


def test_an_affido_past_18_is_fine_with_a_prosieguo_or_once_ended() -> None:
    late = affido(LUCA, dt.date(2027, 6, 30))
    ended = affido(LUCA, dt.date(2027, 6, 30), ended_on=dt.date(2026, 10, 1))
    assert ages.age_warnings([], [LUCA], TODAY, placements=[ended]) == ()
    assert ages.age_warnings([], [LUCA], TODAY, placements=[late], measures=[prosieguo()]) == ()
    # a placement of a person who is not among the minors given is not checked
    assert ages.age_warnings([], [GIULIA], TODAY, placements=[late]) == ()
