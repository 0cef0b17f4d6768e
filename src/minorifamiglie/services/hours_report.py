"""The monthly rendicontazione ore: the month's cases, activations and visits read once in SQL,
the numbers computed by domain/hours_report.py (the one hours rule of domain/hours.py), and the
same numbers as PDF and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from minorifamiglie.domain import hours, places
from minorifamiglie.domain.enums import MemberRole, VisitStatus
from minorifamiglie.domain.hidden_text import HIDDEN_CODES
from minorifamiglie.domain.hours_report import (
    ActivationInfo,
    CaseInfo,
    HoursReport,
    Tally,
    VisitInfo,
    compute,
)
from minorifamiglie.domain.ids import AmbitoId, CaseId
from minorifamiglie.domain.italian_format import fmt_hours
from minorifamiglie.reports import hours as hours_pdf
from minorifamiglie.services import ambito_settings
from minorifamiglie.services.case_refs import resolve_ambito
from minorifamiglie.services.hours_data import unpaid_spans
from minorifamiglie.services.printing import cooperative_name, save_csv_pair
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile

__all__ = [
    "HoursReport",
    "hours_report",
    "hours_report_csv",
    "hours_report_pdf",
    "hours_totals_csv",
    "save_hours_csv",
    "totals_path",
]

NUMBER_HEAD = (
    "Ore autorizzate",
    "Ore dirette erogate",
    "Ore indirette",
    "Visite svolte",
    "Annullate dalla famiglia",
    "Annullate dal servizio",
    "Assenze non comunicate",
)
CSV_HEAD = (
    "Mese",
    "Ambito",
    "Comune",
    "Servizio",
    "Cartella",
    "Iniziali minore",
    "Operatore",
    *NUMBER_HEAD,
)
TOTALS_HEAD = ("Mese", "Livello", "Ambito", "Servizio", *NUMBER_HEAD)


def hours_report(
    opened: OpenProfile,
    month: str,
    ambito: str | None = None,
    rules: hours.HoursRules | None = None,
) -> HoursReport:
    """The report of `month` (AAAA-MM), for one ambito (code or name) or all of them. Read
    without the write lock; the view is audited after (deferred while another process writes)."""
    first, last = hours.parse_month(month)
    with opened.read_session() as session:
        ambito_id = ambito_code = None
        if ambito:
            found = resolve_ambito(session, ambito)
            ambito_id, ambito_code = found.id, found.code
        case_where: list[ColumnElement[bool]] = [m.CaseRow.deleted_at.is_(None)]
        if ambito_id is not None:
            case_where.append(m.CaseRow.ambito_id == ambito_id)
        visits = _visits(session, first, last, case_where)
        activations = _activations(session, first, last, case_where)
        case_ids = {CaseId(v.case_id) for v in visits} | {CaseId(a.case_id) for a in activations}
        cases = _cases(session, case_ids)
        unpaid = unpaid_spans(session, case_ids)
        # Each case by the hours rules its Ambito had on the month's first day (`rules`, when
        # given, for every case): a rule changed later leaves this month as it was.
        by_case = {} if rules is not None else _rules_by_case(session, cases, first)
    opened.record_view("hours_report", None, None, {"month": f"{first:%Y-%m}", "cases": len(cases)})
    return compute(
        first,
        last,
        cases,
        activations,
        visits,
        ambito=ambito_code,
        rules=rules,
        unpaid=unpaid,
        rules_by_case=by_case,
    )


def _rules_by_case(
    session: Session, cases: list[CaseInfo], on: dt.date
) -> dict[uuid.UUID, hours.HoursRules]:
    ambiti = {
        code: AmbitoId(ambito_id)
        for code, ambito_id in session.execute(select(m.AmbitoRow.code, m.AmbitoRow.id))
    }
    of_ambito = ambito_settings.hours_rules_on(session, ambiti.values(), on)
    return {c.case_id: of_ambito[ambiti[c.ambito_code]] for c in cases}


def _visits(
    session: Session, first: dt.date, last: dt.date, case_where: list[ColumnElement[bool]]
) -> list[VisitInfo]:
    v = m.VisitRow
    stmt = (
        select(
            v.id,
            v.case_id,
            v.activation_id,
            v.operator_id,
            m.OperatorRow.name,
            v.kind,
            v.date,
            v.start_time,
            v.end_time,
            v.outcome,
            v.status,
            v.deleted_at,
        )
        .join(m.CaseRow, m.CaseRow.id == v.case_id)
        .join(m.OperatorRow, m.OperatorRow.id == v.operator_id)
        .where(
            *case_where,
            v.deleted_at.is_(None),
            v.status == VisitStatus.CLOSED,
            v.date.between(first, last),
        )
    )
    return [VisitInfo(*row) for row in session.execute(stmt)]


def _activations(
    session: Session, first: dt.date, last: dt.date, case_where: list[ColumnElement[bool]]
) -> list[ActivationInfo]:
    """The live activations of the cases concerned overlapping the month, which give the
    authorised hours, and those a visit of the month is linked to, which name its service."""
    a, v = m.ServiceActivationRow, m.VisitRow
    linked = select(v.activation_id).where(
        v.date.between(first, last), v.deleted_at.is_(None), v.activation_id.is_not(None)
    )
    stmt = (
        select(
            a.id,
            a.case_id,
            a.service,
            a.start_on,
            a.end_on,
            a.authorised_hours,
            a.hours_period,
            a.operator_id,
            m.OperatorRow.name,
        )
        .join(m.CaseRow, m.CaseRow.id == a.case_id)
        .outerjoin(m.OperatorRow, m.OperatorRow.id == a.operator_id)
        .where(
            *case_where,
            a.deleted_at.is_(None),
            or_(
                (a.start_on <= last) & or_(a.end_on.is_(None), a.end_on >= first),
                a.id.in_(linked),
            ),
        )
    )
    return [ActivationInfo(*row[:-1], row[-1] or "") for row in session.execute(stmt)]


def _cases(session: Session, case_ids: set[CaseId]) -> list[CaseInfo]:
    if not case_ids:
        return []
    ids = sorted(case_ids)
    initials: dict[uuid.UUID, list[str]] = {}
    minors = (
        select(m.CaseMemberRow.case_id, m.PersonRow.first_name, m.PersonRow.last_name)
        .join(m.PersonRow, m.PersonRow.id == m.CaseMemberRow.person_id)
        .where(
            m.CaseMemberRow.case_id.in_(ids),
            m.CaseMemberRow.role == MemberRole.MINOR,
            m.CaseMemberRow.deleted_at.is_(None),
            m.PersonRow.deleted_at.is_(None),
        )
        .order_by(m.CaseMemberRow.case_id, m.PersonRow.last_name, m.PersonRow.first_name)
    )
    for case_id, first_name, last_name in session.execute(minors):
        initials.setdefault(case_id, []).append(person_initials(first_name, last_name))
    stmt = (
        select(
            m.CaseRow.id,
            m.CaseRow.code,
            m.AmbitoRow.code,
            m.AmbitoRow.name,
            m.CaseRow.service,
            m.CaseRow.comune,
        )
        .join(m.AmbitoRow, m.AmbitoRow.id == m.CaseRow.ambito_id)
        .where(m.CaseRow.id.in_(ids))
    )
    return [
        CaseInfo(
            case_id,
            code,
            ", ".join(initials.get(case_id, [])),
            amb,
            amb_name,
            service,
            places.comune_name(comune),  # "": not given, or a code unknown here
        )
        for case_id, code, amb, amb_name, service, comune in session.execute(stmt)
    ]


def person_initials(first_name: str, last_name: str) -> str:
    """ "Luca Rota" → "L.R." (as `Person.initials`): a report leaving the cooperative never
    carries a minor's name."""
    return "".join(p[:1].upper() + "." for p in (first_name.strip(), last_name.strip()) if p)


# ------------------------------------------------------------------------------ PDF and CSV


def hours_report_pdf(
    opened: OpenProfile, report: HoursReport, today: dt.date | None = None
) -> bytes:
    """The Rendicontazione ore as PDF (audit is the caller's: it saves or prints). The
    cooperative and logo are those the report's Ambito had on the month's first day (of the
    Ambiti in it, when all agree; otherwise this device's name)."""
    cooperative, logo = _cooperative_of(opened, report)
    return hours_pdf.render_hours_report(
        report, cooperative, printed_on=today or dt.date.today(), logo=logo
    )


def _cooperative_of(opened: OpenProfile, report: HoursReport) -> tuple[str, bytes | None]:
    codes = {report.ambito} if report.ambito else {a.ambito_code for a in report.by_ambito}
    with opened.read_session() as session:
        found = {
            (s.cooperative, s.logo)
            for s in (
                ambito_settings.effective(session, AmbitoId(ambito_id), report.first)
                for code, ambito_id in session.execute(select(m.AmbitoRow.code, m.AmbitoRow.id))
                if code in codes
            )
        }
    if len(found) == 1:
        return found.pop()
    return cooperative_name(opened), None


def _numbers(t: Tally) -> list[str]:
    return [
        fmt_hours(t.authorised_hours),
        fmt_hours(t.direct_hours),
        fmt_hours(t.indirect_hours),
        str(t.visits),
        str(t.cancelled_by_family),
        str(t.cancelled_by_service),
        str(t.no_show),
    ]


# What a cell never holds as it is (domain.hidden_text: a NUL cuts the line short for some
# spreadsheets, U+202E reorders a name), nor a tab or a line break: each shown as U+FFFD, as in
# the .odt report. Names and codes never hold them honestly.
_CONTROLS = dict.fromkeys([*HIDDEN_CODES, 0x09, 0x0A], "\ufffd")


def _text(value: str) -> str:
    """A text cell a spreadsheet will not take for a formula (CSV injection): an operator's
    name typed as "=…" stays text."""
    value = value.translate(_CONTROLS)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _csv(rows: list[list[str]]) -> bytes:
    """`;` separated, decimal comma, UTF-8 with BOM: as an Italian spreadsheet opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def hours_report_csv(report: HoursReport) -> bytes:
    """The data: one line per ambito, service, case and operator, each with its month and the
    case's comune of residence ("non indicato" when not given), and nothing else. The totals
    are in a file of their own (`hours_totals_csv`): a SUM over a column of this one is the
    report's total, exactly as printed (the rows as shown add up to it, see domain/hours.py).
    Cases by code and the minor's initials only."""
    rows = [list(CSV_HEAD)]
    for r in report.rows:
        rows.append(
            [
                report.month,
                *map(
                    _text,
                    (r.ambito_code, r.comune, r.service.label(), r.case_code, r.initials),
                ),
                _text(r.operator),
                *_numbers(r.hours),
            ]
        )
    return _csv(rows)


def hours_totals_csv(report: HoursReport) -> bytes:
    """The totals of the same month: per service within each ambito, per ambito, overall."""
    rows = [list(TOTALS_HEAD)]
    for s in report.by_service:
        rows.append(
            [report.month, "servizio", s.ambito_code, s.service.label(), *_numbers(s.hours)]
        )
    for a in report.by_ambito:
        rows.append([report.month, "ambito", a.ambito_code, "", *_numbers(a.hours)])
    rows.append([report.month, "generale", "", "", *_numbers(report.total)])
    return _csv(rows)


def totals_path(path: Path) -> Path:
    """Where the totals go beside the data: rendicontazione-2026-11-totali.csv."""
    return path.with_name(f"{path.stem}-totali{path.suffix or '.csv'}")


def save_hours_csv(
    opened: OpenProfile, report: HoursReport, path: Path, entity: str = ""
) -> tuple[Path, Path]:
    """Save the data CSV at `path` and the totals beside it (`totals_path`), each audited as an
    export of the hours report."""
    totals = totals_path(path)
    save_csv_pair(
        opened,
        (path, hours_report_csv(report)),
        (totals, hours_totals_csv(report)),
        kind="hours_report",
        entity=entity,
    )
    return path, totals
