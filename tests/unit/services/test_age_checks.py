"""Ages against the services of a case, read from the profile (services/age_checks.py): what the
case file shows and the command line prints."""

from __future__ import annotations

import datetime as dt

from minorifamiglie.domain.ages import AgeWarningKind
from minorifamiglie.domain.enums import (
    Authority,
    Availability,
    DeadlineKind,
    FosterFamilyStatus,
    HoursPeriod,
    LegalBasis,
    MeasureEnd,
    MeasureKind,
    MemberRole,
    PlacementKind,
    Service,
)
from minorifamiglie.services import activations, age_checks, cases, families, placements, records
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def adm_case_of_an_adult(opened: OpenProfile) -> cases.CaseOpened:
    return cases.open_case(
        opened,
        ambito="BG",
        service=Service.ADM,
        minor_name="Marco Bianchi",
        birth_date=dt.date(2007, 3, 1),  # 19
        today=TODAY,
    )


def test_an_adm_case_for_an_adult_shows_one_warning(opened: OpenProfile) -> None:
    created = adm_case_of_an_adult(opened)
    detail = cases.show_case(opened, created.case.code, today=TODAY)
    [found] = detail.age_warnings
    assert (found.kind, found.person_id, found.service) == (
        AgeWarningKind.ADULT,
        created.minor.id if created.minor else None,
        Service.ADM,
    )
    assert found.name == "Marco Bianchi"
    assert age_checks.check_case_ages(opened, created.case.id, today=TODAY) == (found,)
    # the command line's line names neither the person nor the birth date
    [line] = age_checks.warning_lines((found,))
    assert line.startswith("attenzione: Età non coerente con il servizio Assistenza domiciliare")
    assert "Marco" not in line and "Bianchi" not in line and "2007" not in line


def test_a_prosieguo_clears_it_and_its_end_brings_it_back(opened: OpenProfile) -> None:
    case = adm_case_of_an_adult(opened).case
    prosieguo = records.add_measure(
        opened,
        case.id,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.PROSIEGUO,
        issued_on=dt.date(2025, 2, 10),
        today=TODAY,
    )
    assert age_checks.check_case_ages(opened, case.code, today=TODAY) == ()
    records.end_measure(opened, prosieguo.id, reason=MeasureEnd.REVOKED, today=TODAY)
    [found] = age_checks.check_case_ages(opened, case.code, today=TODAY)
    assert found.kind is AgeWarningKind.ADULT


def test_a_closed_case_is_not_checked_against_ages_reached_since(opened: OpenProfile) -> None:
    case = adm_case_of_an_adult(opened).case
    cases.edit_case(
        opened, case.code, {"status": "chiusa", "closure_reason": "maggiore-eta"}, today=TODAY
    )
    assert cases.show_case(opened, case.code, today=TODAY).age_warnings == ()


def test_the_services_in_progress_are_checked_beside_the_case_s(opened: OpenProfile) -> None:
    case = cases.add_case(
        opened,
        ambito="BG",
        service=Service.FRAGILE_FAMILIES,
        minor_name="Sara Colombo",
        birth_date=dt.date(2008, 1, 15),  # 18
        today=TODAY,
    )
    assert age_checks.check_case_ages(opened, case.id, today=TODAY) == ()
    activations.add_activation(
        opened,
        case.id,
        service=Service.TUTORING,
        start_on=dt.date(2026, 9, 1),
        authorised_hours=4,
        hours_period=HoursPeriod.WEEK,
    )
    activations.add_activation(  # ended: not checked
        opened,
        case.id,
        service=Service.ADM,
        start_on=dt.date(2025, 9, 1),
        end_on=dt.date(2026, 6, 30),
        authorised_hours=4,
    )
    assert [w.service for w in age_checks.check_case_ages(opened, case.id, today=TODAY)] == [
        Service.TUTORING
    ]


def test_a_second_minor_and_an_affido_past_18(opened: OpenProfile, case_file) -> None:
    # Given Luca's affido case (born 2015), and his brother of 17 in charge too
    brother = cases.add_member(
        opened,
        case_file.case.code,
        first_name="Paolo",
        last_name="Rota",
        role=MemberRole.MINOR,
        birth_date=dt.date(2009, 2, 1),  # 18 on 01/02/2027
        today=TODAY,
    ).person
    family = families.add_family(
        opened,
        name="Famiglia Gamba",
        availability=Availability.RESIDENTIAL,
        status=FosterFamilyStatus.SUITABLE,
    )
    # When the brother is placed until June 2027
    placed = placements.add_placement(
        opened,
        case_file.case.id,
        minor_id=brother.id,
        family_id=family.id,
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        start_on=dt.date(2026, 6, 1),
        planned_end_on=dt.date(2027, 6, 30),
        today=TODAY,
    )
    # Then the case file warns about his affido, and his 18th birthday is a deadline
    detail = cases.show_case(opened, case_file.case.code, today=TODAY)
    [found] = detail.age_warnings
    assert (found.kind, found.placement_id, found.name) == (
        AgeWarningKind.PLACEMENT_PAST_18,
        placed.id,
        "Paolo Rota",
    )
    coming = [d for d in detail.deadlines if d.kind == DeadlineKind.COMING_OF_AGE.value]
    assert [(d.source_id, d.due_on) for d in coming] == [
        (brother.id, dt.date(2027, 2, 1) - dt.timedelta(days=90)),
        (case_file.minor.id, dt.date(2033, 3, 2) - dt.timedelta(days=90)),
    ]
    assert coming[0].title.endswith("18 anni il 01/02/2027")
