"""Relazioni inviate: a report sent to the authority of a court measure, recorded with who sent
it, when, and its protocol number. It completes the court-report deadline it was due for (the
measure's next report date, unless told otherwise); the measure may then get its next date in
the same write. Ending a measure (services/records.end_measure) stops its deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CourtReportId, MeasureId
from minorifamiglie.domain.italian_format import fmt_date
from minorifamiglie.services.case_refs import CaseRef
from minorifamiglie.services.cases import names_of_operators
from minorifamiglie.services.fields import (
    Spec,
    by_id,
    case_id_of,
    clean,
    date,
    get_live,
    not_future,
    record_id,
    remove_record,
    text,
)
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

MISSING = "Relazione inviata non trovata"
MEASURE_MISSING = "Provvedimento non trovato"
REPORT_FIELDS: dict[str, Spec] = {
    "sent_on": date("Data di invio", required=True),
    "due_on": date("Scadenza a cui risponde"),
    "protocol": text("Numero di protocollo", 60),
    "notes": text("Note"),
    "next_report_due": date("Scadenza della prossima relazione"),
}
_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class SentReportView:
    """A report sent, with the measure it answers and the name of who sent it."""

    report: e.CourtReport
    measure: e.Measure
    operator_name: str


def record_sent_report(
    opened: OpenProfile,
    measure_id: MeasureId,
    *,
    sent_on: dt.date,
    protocol: str = "",
    notes: str = "",
    due_on: dt.date | None = _UNSET,
    next_report_due: dt.date | None = None,
    today: dt.date | None = None,
) -> e.CourtReport:
    """ "Relazione inviata": sent on `sent_on` by the operator of this profile. It completes
    the deadline due on `due_on` (by default the measure's next report date, None when the
    measure has none); with `next_report_due` the measure's next report is due then."""
    today = today or dt.date.today()
    given: dict[str, object] = dict(
        sent_on=sent_on, protocol=protocol, notes=notes, next_report_due=next_report_due
    )
    if due_on is not _UNSET:
        given["due_on"] = due_on
    values = clean(REPORT_FIELDS, given)
    measure_ref = record_id(measure_id, "measure_id", "Provvedimento")
    with opened.session() as session:
        repo = Repository(session)
        measure = get_live(repo, e.Measure, measure_ref, MEASURE_MISSING)
        operator_id = session.info["write_context"].operator_id
        if operator_id is None:
            raise ValidationError("Nessun operatore associato a questo profilo", "operator")
        due = values.get("due_on", measure.next_report_due)
        following = values.pop("next_report_due")
        _check(repo, measure, values["sent_on"], due, following, today)
        report = repo.add(
            e.CourtReport,
            case_id=measure.case_id,
            measure_id=measure.id,
            due_on=due,
            sent_on=values["sent_on"],
            operator_id=operator_id,
            protocol=values["protocol"] or "",
            notes=values["notes"] or "",
        )
        audit.append(session, AuditAction.CREATE, "court_reports", report.id, measure.case_id)
        if following is not None and following != measure.next_report_due:
            repo.update(e.Measure, measure.id, next_report_due=following)
            audit.append(
                session,
                AuditAction.UPDATE,
                "measures",
                measure.id,
                measure.case_id,
                {"fields": ["next_report_due"]},
            )
    return report


def _check(
    repo: Repository,
    measure: e.Measure,
    sent_on: dt.date,
    due: dt.date | None,
    following: dt.date | None,
    today: dt.date,
) -> None:
    not_future(sent_on, today, "sent_on", "La data di invio non può essere futura")
    if sent_on < measure.issued_on:
        raise ValidationError("La relazione non può precedere il provvedimento", "sent_on")
    if following is not None and following <= max(sent_on, due or sent_on):
        raise ValidationError("La prossima relazione deve scadere dopo questa", "next_report_due")
    if due is None:
        return
    for other in repo.find(
        e.CourtReport,
        m.CourtReportRow.measure_id == measure.id,
        m.CourtReportRow.due_on == due,
    ):
        raise ValidationError(
            f"La relazione in scadenza il {fmt_date(due)} risulta già inviata il "
            f"{fmt_date(other.sent_on)}",
            "due_on",
        )


def remove_sent_report(opened: OpenProfile, report_id: CourtReportId) -> None:
    """Recorded by mistake: its deadline is open again (the record is tombstoned)."""
    remove_record(opened, e.CourtReport, report_id, missing=MISSING)


def list_sent_reports(opened: OpenProfile, case: CaseRef) -> list[SentReportView]:
    """The reports sent for the measures of a case, latest first."""
    with opened.read_session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        reports = repo.find(
            e.CourtReport,
            m.CourtReportRow.case_id == case_id,
            order_by=[m.CourtReportRow.sent_on.desc(), m.CourtReportRow.id],
        )
        measures = by_id(repo, e.Measure, (r.measure_id for r in reports))
        names = names_of_operators(session, {r.operator_id for r in reports})
    return [
        SentReportView(r, measures[r.measure_id], names.get(r.operator_id, ""))
        for r in reports
        if r.measure_id in measures
    ]


def reports_for_deadlines(
    session: Session,
    in_charge: Select[Any],
    measure_ids: Iterable[MeasureId],
    since: dt.date,
) -> list[e.CourtReport]:
    """The live reports that complete the deadlines of these measures, and those of the cases
    `in_charge` due (or sent, when due on no date) since `since`: Scadenze shows them met."""
    return Repository(session).find(
        e.CourtReport,
        or_(
            m.CourtReportRow.measure_id.in_(set(measure_ids)),
            m.CourtReportRow.case_id.in_(in_charge)
            & or_(
                m.CourtReportRow.due_on >= since,
                m.CourtReportRow.due_on.is_(None) & (m.CourtReportRow.sent_on >= since),
            ),
        ),
    )
