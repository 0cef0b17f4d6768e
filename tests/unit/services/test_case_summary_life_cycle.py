"""The case summary PDF says why a case was closed, how a measure ended, why an affido ended and
who sent a report (issue 14, point 5), read back as text."""

from __future__ import annotations

import datetime as dt
import subprocess

from sqlalchemy import update

from minorifamiglie.domain.enums import (
    Authority,
    Availability,
    CaseStatus,
    FosterFamilyStatus,
    LegalBasis,
    MeasureEnd,
    MeasureKind,
    PlacementEnd,
    PlacementKind,
)
from minorifamiglie.services import case_summary, cases, families, placements, records, sent_reports
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY


def text_of(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_ends_and_reasons_are_printed(opened: OpenProfile, case_file) -> None:
    # Given Luca's affido, ended with his return home, and a decree revoked after its report
    code = case_file.case.code
    family = families.add_family(
        opened,
        name="Famiglia Gamba",
        availability=Availability.RESIDENTIAL,
        status=FosterFamilyStatus.SUITABLE,
    )
    placed = placements.add_placement(
        opened,
        case_file.case.id,
        minor_id=case_file.minor.id,
        family_id=family.id,
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        start_on=dt.date(2026, 1, 10),
        today=TODAY,
    )
    placements.end_placement(
        opened, placed.id, dt.date(2026, 10, 31), today=TODAY, reason=PlacementEnd.RETURNED_HOME
    )
    decree = records.add_measure(
        opened,
        code,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.FOSTER_PLACEMENT,
        issued_on=dt.date(2026, 1, 5),
        next_report_due=dt.date(2026, 7, 5),
        today=TODAY,
    )
    sent_reports.record_sent_report(opened, decree.id, sent_on=dt.date(2026, 7, 1), today=TODAY)
    records.end_measure(
        opened, decree.id, reason=MeasureEnd.REVOKED, ended_on=dt.date(2026, 11, 2), today=TODAY
    )
    # When the case is closed and its summary printed
    cases.edit_case(opened, code, {"status": "chiusa", "closure_reason": "obiettivi-raggiunti"})
    text = text_of(case_summary.case_summary_pdf(opened, code, today=TODAY))
    # Then each end says why, and the report who sent it and when
    assert "Motivo della chiusura Obiettivi raggiunti" in text
    assert "Cessato il 02/11/2026 — Revocato" in text
    assert "Affidi familiari" in text
    assert "Luca Rota Famiglia Gamba 10/01/2026 – 31/10/2026" in text
    assert "Concluso: Rientro nella famiglia d'origine" in text
    assert "Completata il 01/07/2026 (Giulia Bianchi)" in text


def test_a_case_closed_before_the_reasons_says_not_given(opened: OpenProfile, case_file) -> None:
    with opened.session() as session:  # as an older version left it
        session.execute(
            update(m.CaseRow)
            .where(m.CaseRow.id == case_file.case.id)
            .values(status=CaseStatus.CLOSED, closed_on=TODAY)
        )
    text = text_of(case_summary.case_summary_pdf(opened, case_file.case.code, today=TODAY))
    assert "Motivo della chiusura non indicato" in text
    # an open case has no such line, and no affidi section without affidi
    cases.edit_case(opened, case_file.case.code, {"status": "aperta"}, today=TODAY)
    text = text_of(case_summary.case_summary_pdf(opened, case_file.case.code, today=TODAY))
    assert "Motivo della chiusura" not in text
    assert "Affidi familiari" not in text
