"""A suspended case accrues no authorised hours while it is suspended: the days come from the
change log (the day each status was recorded), the same in the case file and in the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import CaseStatus, HoursPeriod, Service
from minorifamiglie.services import activations, cases, hours_data, hours_report, visits
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

AUGUST = dt.date(2026, 8, 1)


@pytest.fixture
def on_day(opened: OpenProfile) -> Callable[[dt.date], None]:
    """Move the profile's clock: what is written from now on is recorded on `day`."""

    def move(day: dt.date) -> None:
        moment = dt.datetime.combine(day, dt.time(12), dt.UTC)
        opened.now = lambda: moment

    return move


def authorised(opened: OpenProfile, activation: e.ServiceActivation, month: str) -> set[float]:
    """The month's authorised hours of the activation in the case file and in the report."""
    usage = activations.hours_used(opened, activation.id, month=month)
    report = hours_report.hours_report(opened, month)
    rows = sum(r.hours.authorised_centi for r in report.rows if r.service is activation.service)
    return {usage.authorised_hours, rows / 100}


def test_no_authorised_hours_while_the_case_is_suspended(
    opened: OpenProfile, on_day: Callable[[dt.date], None]
) -> None:
    # Given an ADM case with 30 hours a month from August
    on_day(dt.date(2026, 8, 1))
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=AUGUST
    )
    act = activations.add_activation(
        opened,
        case.id,
        service=Service.ADM,
        start_on=dt.date(2026, 8, 1),
        authorised_hours=30,
        hours_period=HoursPeriod.MONTH,
    )
    # When it is suspended on 16 September and taken up again on 11 October
    on_day(dt.date(2026, 9, 16))
    cases.edit_case(opened, case.code, {"status": "sospesa"})
    on_day(dt.date(2026, 10, 11))
    cases.edit_case(opened, case.code, {"status": "aperta"})
    # Then September has its first 15 days, October its last 21, August and November all
    assert authorised(opened, act, "2026-08") == {30.0}
    assert authorised(opened, act, "2026-09") == {15.0}
    assert authorised(opened, act, "2026-10") == {round(30 * 21 / 31, 2)}
    assert authorised(opened, act, "2026-11") == {30.0}


def test_a_case_suspended_still_now_accrues_nothing_from_then_on(
    opened: OpenProfile, on_day: Callable[[dt.date], None]
) -> None:
    on_day(dt.date(2026, 8, 1))
    case = cases.add_case(
        opened, ambito="BG", service=Service.TUTORING, minor_name="Sara Riva", today=AUGUST
    )
    act = activations.add_activation(
        opened,
        case.id,
        service=Service.TUTORING,
        start_on=dt.date(2026, 8, 1),
        authorised_hours=7,
        hours_period=HoursPeriod.WEEK,
    )
    on_day(dt.date(2026, 11, 8))
    cases.edit_case(opened, case.code, {"status": "sospesa"})
    assert authorised(opened, act, "2026-11") == {7.0}  # 1–7 November: one week
    assert authorised(opened, act, "2026-12") == {0.0}
    report = hours_report.hours_report(opened, "2026-12")
    assert [r.case_code for r in report.rows] == []  # no line of zeros for it


def test_a_case_that_arrived_suspended_stops_after_its_last_diary_entry(
    opened: OpenProfile, on_day: Callable[[dt.date], None]
) -> None:
    # A case created already suspended (an import, the demo) has no day of suspension on
    # record: the day after its last visit stands for it.
    on_day(dt.date(2026, 11, 20))
    with opened.session() as session:
        repo = Repository(session)
        ambito = next(a for a in repo.find(e.Ambito) if a.code == "VBR")
        case = repo.add(
            e.Case,
            code="VBR-2026-0099-AAA",
            ambito_id=ambito.id,
            service=Service.ADM,
            title="",
            summary="",
            status=CaseStatus.SUSPENDED,
            opened_on=dt.date(2026, 9, 1),
            closed_on=None,
            referral_source=None,
        )
    act = activations.add_activation(
        opened,
        case.id,
        service=Service.ADM,
        start_on=dt.date(2026, 9, 1),
        authorised_hours=31,
        hours_period=HoursPeriod.MONTH,
    )
    visits.add_visit(
        opened,
        case=case.code,
        date=dt.date(2026, 10, 14),
        start=dt.time(15),
        end=dt.time(16),
        place="Domicilio",
        notes="Ultimo incontro prima della sospensione.",
        close=True,
        today=TODAY,
    )
    with opened.read_session() as session:
        spans = hours_data.unpaid_spans(session, [case.id])
    assert spans == {case.id: ((dt.date(2026, 10, 15), None),)}
    assert authorised(opened, act, "2026-10") == {14.0}
    assert authorised(opened, act, "2026-11") == {0.0}


def test_a_closed_case_accrues_nothing_after_its_closing_day(
    opened: OpenProfile, on_day: Callable[[dt.date], None]
) -> None:
    on_day(dt.date(2026, 8, 1))
    case = cases.add_case(
        opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=AUGUST
    )
    act = activations.add_activation(
        opened,
        case.id,
        service=Service.ADM,
        start_on=dt.date(2026, 8, 1),
        authorised_hours=30,
        hours_period=HoursPeriod.MONTH,
    )
    on_day(dt.date(2026, 11, 12))
    cases.edit_case(
        opened,
        case.code,
        {"status": "chiusa", "closed_on": "10/11/2026", "closure_reason": "obiettivi-raggiunti"},
    )
    assert authorised(opened, act, "2026-11") == {10.0}
