"""Verbale di incontro facilitato: the meeting between a child and a parent in a neutral space,
with the observation grid of domain/observations.py, the child's reactions before, during and
after, the operator's interventions, and facts, statements and evaluations kept apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from minorifamiglie.domain.italian_format import fmt_date, fmt_time
from minorifamiglie.reports import layout as ly
from minorifamiglie.reports.visit_sheet import (
    Amendment,
    CaseHeading,
    amendments_block,
    ending_with_signatures,
    kept_apart,
    list_text,
    signed_block,
    title_block,
)


@dataclass(frozen=True, slots=True)
class GridRow:
    """One item of the observation grid: what was observed, how it went, a short note."""

    item: str
    rating: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    heading: CaseHeading
    operator: str
    date: dt.date
    start: dt.time
    end: dt.time
    duration_minutes: int
    place: str
    outcome: str
    adults: tuple[str, ...] = ()  # the adults met and their role: "Marco Rota (Padre)"
    accompanied_by: tuple[str, ...] = ()
    punctuality: str = ""
    welcome: str = ""  # accoglienza
    activities: str = ""  # svolgimento e attività
    grid: tuple[GridRow, ...] = ()
    reactions: tuple[tuple[str, str], ...] = ()  # (prima / durante / dopo, text)
    interventions: str = ""
    critical_events: str = ""
    facts: str = ""
    statements: str = ""
    evaluations: str = ""
    evaluation_method: str = ""
    conclusions: str = ""
    amendments: tuple[Amendment, ...] = ()
    closed_on: dt.date | None = None
    closed_by: str = ""

    @property
    def draft(self) -> bool:
        return self.closed_on is None


def story(record: MeetingRecord) -> list[Flowable]:
    h = record.heading
    parts: list[Flowable] = [
        *title_block("Verbale di incontro facilitato", record.draft),
        ly.fields_table(
            [
                *h.fields(),
                ("Operatore", record.operator),
                ("Data", fmt_date(record.date)),
                ("Orario", f"{fmt_time(record.start)}–{fmt_time(record.end)}"),
                ("Durata", ly.fmt_minutes(record.duration_minutes)),
                ("Luogo", record.place),
                ("Esito", record.outcome),
            ]
        ),
        ly.section("Adulti incontrati e ruolo"),
        ly.paragraph(list_text(record.adults)),
        ly.section("Chi accompagna il minore"),
        ly.paragraph(list_text(record.accompanied_by)),
        *ly.text_section("Puntualità", record.punctuality),
        *ly.text_section("Accoglienza", record.welcome),
        *ly.text_section("Svolgimento e attività", record.activities),
        ly.section("Griglia di osservazione"),
        ly.data_table(
            ["Area osservata", "Valutazione", "Note"],
            [(row.item, row.rating or "—", row.note or "—") for row in record.grid],
            widths=[58 * mm, 34 * mm, ly.CONTENT_WIDTH - 92 * mm],
        ),
    ]
    for heading, text in record.reactions:
        parts += ly.text_section(heading, text)
    parts += [
        *ly.text_section(
            "Interventi dell'operatore (richiami, interruzione e perché)", record.interventions
        ),
        *ly.text_section("Eventi critici", record.critical_events),
        *kept_apart(record.facts, record.statements, record.evaluations, record.evaluation_method),
        *ly.text_section("Osservazioni conclusive e prossimi passi", record.conclusions),
        *amendments_block(record.amendments),
    ]
    return ending_with_signatures(
        parts, signed_block(record.closed_on, record.closed_by, ["Firma dell'operatore"])
    )


def render_meeting(record: MeetingRecord) -> bytes:
    title = "Verbale di incontro facilitato" + (" (bozza)" if record.draft else "")
    return ly.build_pdf(record.heading.header(title), story(record), subject="Verbale di incontro")
