"""Rendicontazione ore: the month's authorised against delivered hours per ambito, service, case
and operator, with the totals, drawn from `domain.hours_report.HoursReport` (no arithmetic
here: every number is the dataclass's, formatted). Landscape A4, one table per ambito."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, TableStyle

from minorifamiglie.domain.hours_report import HoursReport, HoursRow, Tally
from minorifamiglie.domain.italian_format import fmt_date, fmt_hours
from minorifamiglie.reports.layout import (
    DocumentHeader,
    build_pdf,
    data_table,
    fields_table,
    paragraph,
    section,
    title,
)

MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip
NUMBER_HEAD = (
    "Ore autorizzate",
    "Ore dirette erogate",
    "Ore indirette",
    "Visite svolte",
    "Annullate dalla famiglia",
    "Annullate dal servizio",
    "Assenze non comunicate",
)
HEAD = ("Cartella", "Iniziali minore", "Comune", "Operatore", *NUMBER_HEAD)
# Landscape: the content is 261 mm wide. Every word of a heading fits its column (a cell pads
# 6 points, some 2 mm, on each side): "autorizzate" and "comunicate" need 24; a case code,
# whose device tag may be as wide as "WWW" ("MBS-2026-9999-WWW" is 34 mm), 39.
NUMBER_WIDTHS = [24 * mm, 18 * mm, 20 * mm, 15 * mm, 21 * mm, 21 * mm, 24 * mm]
WIDTHS = [39 * mm, 17 * mm, 30 * mm, 32 * mm, *NUMBER_WIDTHS]
SUMMARY_WIDTHS = [20 * mm, 98 * mm, *NUMBER_WIDTHS]
NUMBERS_FROM = len(HEAD) - len(NUMBER_HEAD)
SERVICE_ROW = colors.HexColor("#E4ECF4")
RULES = (
    "Ore erogate: visite chiuse e firmate, non eliminate, con esito «svolta»; le bozze sono "
    "escluse. Le visite sovrapposte dello stesso operatore sulla stessa cartella sono contate "
    "una volta sola (unione degli orari). Visite svolte: gli incontri di persona con il minore "
    "o la famiglia; riunioni d'équipe, stesura di relazioni e telefonate contano solo come ore. "
    "Ore autorizzate: quota del monte ore che cade nel mese, attribuita all'operatore "
    "dell'intervento, esclusi i giorni in cui la cartella è sospesa. Ogni riga è arrotondata al "
    "centesimo di ora; i totali sono la somma delle righe come sono stampate. Comune: quello "
    "di residenza indicato nella cartella."
)
# Rows kept on one page: a service's heading with its first lines, the last line with the totals.
KEEP_LINES = 2


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def numbers(t: Tally) -> list[str]:
    return [
        fmt_hours(t.authorised_hours),
        fmt_hours(t.direct_hours),
        fmt_hours(t.indirect_hours),
        str(t.visits),
        str(t.cancelled_by_family),
        str(t.cancelled_by_service),
        str(t.no_show),
    ]


def _ambito_table(report: HoursReport, ambito: str, rows: list[HoursRow]) -> Flowable:
    """One ambito: per service a heading line, a line per case and operator, a case total
    where a case has several lines, the service total; the ambito total last. A page never
    ends on a service's heading (it stays with its first lines) nor starts with totals alone."""
    body: list[list[str]] = []
    totals: list[int] = []
    headings: list[int] = []
    keep: list[tuple[int, int]] = []  # table rows (the head is row 0) never split apart
    cases = {(c.ambito_code, c.service, c.case_code): c.hours for c in report.by_case}
    services = {(s.ambito_code, s.service): s.hours for s in report.by_service}
    for i, r in enumerate(rows):
        if i == 0 or rows[i - 1].service is not r.service:
            body.append([r.service.label()] + [""] * (len(HEAD) - 1))
            headings.append(len(body))
        body.append([r.case_code, r.initials, r.comune, r.operator or "—", *numbers(r.hours)])
        last_line = len(body)
        last_of_case = (
            i + 1 == len(rows)
            or rows[i + 1].case_code != r.case_code
            or rows[i + 1].service is not r.service
        )
        several = i > 0 and (rows[i - 1].case_code, rows[i - 1].service) == (r.case_code, r.service)
        if last_of_case and several:
            body.append(
                [
                    "",
                    "",
                    "",
                    "Totale cartella",
                    *numbers(cases[(ambito, r.service, r.case_code)]),
                ]
            )
            totals.append(len(body))
        if i + 1 == len(rows) or rows[i + 1].service is not r.service:
            body.append(["Totale servizio", "", "", "", *numbers(services[(ambito, r.service)])])
            totals.append(len(body))
            heading = headings[-1]
            keep.append((heading, min(heading + KEEP_LINES, len(body))))
            keep.append((last_line, len(body)))
    ambito_total = next(a.hours for a in report.by_ambito if a.ambito_code == ambito)
    body.append(["Totale ambito", "", "", "", *numbers(ambito_total)])
    totals.append(len(body))
    keep.append((len(body) - 1, len(body)))
    numeric = tuple(range(NUMBERS_FROM, len(HEAD)))
    table = data_table(HEAD, body, WIDTHS, numeric=numeric, bold_rows=totals)
    table.setStyle(
        TableStyle(
            [("SPAN", (0, r), (-1, r)) for r in headings]
            + [("BACKGROUND", (0, r), (-1, r), SERVICE_ROW) for r in headings]
            + [("NOSPLIT", (0, a), (-1, b)) for a, b in keep]
        )
    )
    return table


def _summary(report: HoursReport) -> Flowable:
    body = [[a.ambito_code, a.ambito_name, *numbers(a.hours)] for a in report.by_ambito]
    body.append(["", "Totale generale", *numbers(report.total)])
    head = ("Ambito", "Denominazione", *NUMBER_HEAD)
    numeric = tuple(range(2, 9))
    return data_table(head, body, SUMMARY_WIDTHS, numeric=numeric, bold_rows=[len(body)])


def story(report: HoursReport, cooperative: str) -> list[Flowable]:
    parts: list[Flowable] = [
        title(f"Rendicontazione ore — {month_label(report.first)}"),
        fields_table(
            [
                ("Cooperativa", cooperative),
                ("Mese", f"{fmt_date(report.first)} – {fmt_date(report.last)}"),
                ("Ambito", report.ambito or "Tutti gli ambiti"),
                ("Cartelle", str(len({c.case_code for c in report.by_case}))),
            ]
        ),
        Spacer(1, 2 * mm),
        paragraph(RULES, "small"),
        section("Riepilogo per ambito"),
        _summary(report),
    ]
    if not report.rows:
        parts.append(paragraph("Nessuna ora autorizzata o erogata nel mese."))
    groups: dict[str, list[HoursRow]] = {}
    for r in report.rows:
        groups.setdefault(r.ambito_code, []).append(r)
    for ambito, rows in groups.items():
        if len(groups) > 1:
            parts.append(PageBreak())  # each ambito on its own pages: it can be sent apart
        parts.append(section(f"Ambito {ambito} — {rows[0].ambito_name}"))
        parts.append(_ambito_table(report, ambito, rows))
    return parts


def render_hours_report(
    report: HoursReport,
    cooperative: str,
    printed_on: dt.date | None = None,
    logo: bytes | None = None,
) -> bytes:
    header = DocumentHeader(
        title="Rendicontazione ore",
        cooperative=cooperative,
        ambito=report.ambito or "",
        service=month_label(report.first),
        printed_on=printed_on,
        logo=logo,
    )
    return build_pdf(
        header, story(report, cooperative), subject="Rendicontazione ore", landscape=True
    )
