"""Relazioni inviate and ended measures: a report sent completes its court-report deadline, with
who sent it and when, in the case file and in Scadenze; an ended measure asks for no report."""

from __future__ import annotations

import datetime as dt

import pytest

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    Authority,
    DeadlineKind,
    MeasureEnd,
    MeasureKind,
    OpKind,
)
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.services import cases, deadlines, overview, records, sent_reports
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY

DUE = dt.date(2026, 12, 1)


@pytest.fixture
def decree(opened: OpenProfile, case_file) -> e.Measure:
    return records.add_measure(
        opened,
        case_file.case.id,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.ENTRUSTMENT,
        issued_on=dt.date(2026, 3, 2),
        docket_number="412/2026 V.G.",
        next_report_due=DUE,
        today=TODAY,
    )


def court_rows(detail: cases.CaseDetail) -> list[cases.DeadlineView]:
    return [d for d in detail.deadlines if d.kind == DeadlineKind.COURT_REPORT.value]


def test_a_report_sent_completes_its_deadline_with_who_and_when(
    opened: OpenProfile, case_file, decree, traces
) -> None:
    # Given the report due on 01/12/2026, coming up in Scadenze
    [row] = [r for r in deadlines.upcoming_deadlines(opened, TODAY) if r.source_id == decree.id]
    assert (row.due_on, row.done_on) == (DUE, None)

    # When Giulia records it as sent on 20/11/2026, with its protocol number
    sent = sent_reports.record_sent_report(
        opened,
        decree.id,
        sent_on=dt.date(2026, 11, 20),
        protocol="2026/1187",
        notes="Inviata via PEC",
        today=TODAY,
    )

    # Then it answers that deadline and names who sent it
    assert (sent.measure_id, sent.case_id, sent.due_on) == (decree.id, case_file.case.id, DUE)
    assert (sent.protocol, sent.notes) == ("2026/1187", "Inviata via PEC")
    [view] = sent_reports.list_sent_reports(opened, case_file.case.code)
    assert (view.report, view.measure.id, view.operator_name) == (sent, decree.id, "Giulia Bianchi")
    # the case file shows the deadline done, by her, that day
    [done] = court_rows(cases.show_case(opened, case_file.case.code, today=TODAY))
    assert (done.due_on, done.done_on, done.done_by, done.derived) == (
        DUE,
        dt.date(2026, 11, 20),
        "Giulia Bianchi",
        True,
    )
    # Scadenze no longer lists it as to do; asked for what is done, it shows who and when
    assert not [r for r in deadlines.upcoming_deadlines(opened, TODAY) if r.source_id == decree.id]
    [met] = [
        r
        for r in deadlines.upcoming_deadlines(opened, TODAY, include_done=True)
        if r.source_id == decree.id
    ]
    assert (met.done_on, met.done_by, met.overdue) == (
        dt.date(2026, 11, 20),
        "Giulia Bianchi",
        False,
    )
    # one insert in the change log, one creation in the audit, both of the case
    assert traces.changes("court_reports", sent.id) == [OpKind.INSERT]
    [trace] = traces.audit("court_reports", sent.id)
    assert (trace.action, trace.case_id) == (AuditAction.CREATE, case_file.case.id)


def test_the_next_report_date_is_set_with_the_one_sent(
    opened: OpenProfile, case_file, decree, traces
) -> None:
    following = dt.date(2027, 6, 1)
    sent_reports.record_sent_report(
        opened, decree.id, sent_on=dt.date(2026, 11, 23), next_report_due=following, today=TODAY
    )
    [measure] = records.list_measures(opened, case_file.case.id)
    assert measure.next_report_due == following
    rows = court_rows(cases.show_case(opened, case_file.case.code, today=TODAY))
    assert [(r.due_on, r.done_on) for r in rows] == [
        (DUE, dt.date(2026, 11, 23)),
        (following, None),
    ]
    assert traces.audit("measures", decree.id)[-1].detail == {"fields": ["next_report_due"]}
    # and the next one must fall after this one
    with pytest.raises(ValidationError) as err:
        sent_reports.record_sent_report(
            opened,
            decree.id,
            sent_on=dt.date(2026, 11, 23),
            next_report_due=dt.date(2026, 11, 27),
            today=TODAY,
        )
    assert err.value.field == "next_report_due"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sent_on": dt.date(2026, 11, 25)}, "sent_on"),  # in the future
        ({"sent_on": dt.date(2026, 3, 1)}, "sent_on"),  # before the decree
        ({"sent_on": None}, "sent_on"),
        ({"sent_on": dt.date(2026, 11, 20), "protocol": "x" * 61}, "protocol"),
        ({"sent_on": "20/11/2026"}, "sent_on"),  # the service takes dates, not typing
    ],
)
def test_a_report_with_a_bad_field_is_refused_by_name(
    opened: OpenProfile, decree, values: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        sent_reports.record_sent_report(opened, decree.id, today=TODAY, **values)  # type: ignore[arg-type]
    assert err.value.field == field
    assert sent_reports.list_sent_reports(opened, decree.case_id) == []


def test_the_same_deadline_cannot_be_reported_twice_and_a_mistake_is_undone(
    opened: OpenProfile, case_file, decree
) -> None:
    first = sent_reports.record_sent_report(
        opened, decree.id, sent_on=dt.date(2026, 11, 20), today=TODAY
    )
    with pytest.raises(ValidationError, match="già inviata il 20/11/2026") as err:
        sent_reports.record_sent_report(opened, decree.id, sent_on=TODAY, today=TODAY)
    assert err.value.field == "due_on"
    sent_reports.remove_sent_report(opened, first.id)
    [open_again] = court_rows(cases.show_case(opened, case_file.case.code, today=TODAY))
    assert (open_again.due_on, open_again.done_on) == (DUE, None)
    with pytest.raises(NotFoundError, match="Relazione inviata non trovata"):
        sent_reports.remove_sent_report(opened, first.id)


def test_a_report_of_an_unknown_measure_is_refused(opened: OpenProfile, decree) -> None:
    records.remove_measure(opened, decree.id)
    with pytest.raises(NotFoundError, match="Provvedimento non trovato"):
        sent_reports.record_sent_report(opened, decree.id, sent_on=TODAY, today=TODAY)


def test_an_ended_measure_yields_no_court_report_deadline(
    opened: OpenProfile, case_file, decree, traces
) -> None:
    ended = records.end_measure(
        opened, decree.id, reason=MeasureEnd.REVOKED, ended_on=dt.date(2026, 11, 10), today=TODAY
    )
    assert (ended.ended_on, ended.end_reason) == (dt.date(2026, 11, 10), MeasureEnd.REVOKED)
    assert court_rows(cases.show_case(opened, case_file.case.code, today=TODAY)) == []
    assert not [r for r in deadlines.upcoming_deadlines(opened, TODAY) if r.source_id == decree.id]
    assert traces.audit("measures", decree.id)[-1].detail == {"fields": ["end_reason", "ended_on"]}
    # an end recorded by mistake is taken back: the deadline is there again
    records.reopen_measure(opened, decree.id)
    [row] = court_rows(cases.show_case(opened, case_file.case.code, today=TODAY))
    assert row.due_on == DUE


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": None}, "end_reason"),
        ({"reason": "dimenticato"}, "end_reason"),
        ({"reason": "revocato", "ended_on": dt.date(2026, 11, 25)}, "ended_on"),  # future
        ({"reason": "revocato", "ended_on": dt.date(2026, 3, 1)}, "ended_on"),  # before it
    ],
)
def test_an_end_needs_its_reason_and_a_date_that_fits(
    opened: OpenProfile, decree, values: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        records.end_measure(opened, decree.id, today=TODAY, **values)  # type: ignore[arg-type]
    assert err.value.field == field


def test_the_reason_is_taken_as_typed_and_the_day_defaults_to_today(
    opened: OpenProfile, decree
) -> None:
    ended = records.end_measure(opened, decree.id, reason="Sostituito", today=TODAY)
    assert (ended.ended_on, ended.end_reason) == (TODAY, MeasureEnd.REPLACED)


def test_the_profile_overview_counts_a_report_sent_as_done(
    opened: OpenProfile, case_file, decree
) -> None:
    # Given the report due on 01/12/2026, late by a day on 02/12/2026
    late = dt.date(2026, 12, 2)
    assert overview.overview(opened, today=late).deadlines_overdue == 1
    # When it is recorded as sent, it is no longer counted
    sent_reports.record_sent_report(opened, decree.id, sent_on=TODAY, today=TODAY)
    assert overview.overview(opened, today=late).deadlines_overdue == 0
