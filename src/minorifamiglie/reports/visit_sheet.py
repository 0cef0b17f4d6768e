"""Scheda visita / diario dell'intervento: one visit as it is filed and signed.

Plain data in (built by services/printing.py), PDF bytes out. The text the operator signed comes
first, exactly as written; the integrazioni follow it with their date and author; then whether
and when it was closed and signed, or a clear draft marking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from minorifamiglie.domain.italian_format import fmt_date, fmt_time
from minorifamiglie.reports import layout as ly
from minorifamiglie.reports.layout import Paragraph

DRAFT_MARK = "BOZZA — non firmata"
PARENT_SIGNATURE = "Firma del genitore (conferma presenza e orario)"
METHOD_HEADING = "Metodo della valutazione"
RISK_REMINDER = (
    "In presenza di elementi di rischio o criticità informare subito l'assistente sociale."
)


def born_label(sex: str) -> str:
    """ "nata" for a girl, "nato" for a boy, "nato/a" when the sex was never said."""
    return {"F": "nata", "M": "nato"}.get(sex, "nato/a")


@dataclass(frozen=True, slots=True)
class CaseHeading:
    """Who and which case a document is about (the pre-filled part of every sheet)."""

    cooperative: str
    ambito: str
    case_code: str
    service: str  # the service's Italian label
    minor_name: str = ""
    minor_birth_date: dt.date | None = None
    comune: str = ""
    minor_sex: str = ""  # "F", "M", or "" when not said: "Nata il", "Nato il", "Nato/a il"
    printed_on: dt.date | None = None
    created_at: dt.datetime | None = None  # when the PDF is made (its metadata)
    logo: bytes | None = None  # the cooperative's, from the Ambito's settings

    def header(self, title: str) -> ly.DocumentHeader:
        return ly.DocumentHeader(
            title,
            self.cooperative,
            self.ambito,
            self.case_code,
            self.service,
            self.printed_on,
            self.created_at,
            self.logo,
        )

    def fields(self) -> list[tuple[str, str]]:
        ambito = self.ambito + (f" — Comune di {self.comune}" if self.comune else "")
        return [
            ("Cooperativa", self.cooperative),
            ("Servizio", self.service),
            ("Ambito", ambito),
            ("Cartella n.", self.case_code),
            ("Minore", self.minor_name),
            (born_label(self.minor_sex).capitalize() + " il", fmt_date(self.minor_birth_date)),
        ]


@dataclass(frozen=True, slots=True)
class Amendment:
    """An integrazione written after the visit was closed."""

    written_on: dt.date
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class VisitSheet:
    heading: CaseHeading
    operators: tuple[str, ...]
    date: dt.date
    start: dt.time
    end: dt.time
    duration_minutes: int
    place: str
    kind: str  # Italian labels
    outcome: str
    present: tuple[str, ...] = ()  # "Rosa Ferrandi (Madre)"
    goals: tuple[str, ...] = ()
    notes: str = ""
    observations: tuple[tuple[str, str], ...] = ()  # (heading, text)
    risks: str = ""
    facts: str = ""
    statements: str = ""
    evaluations: str = ""
    evaluation_method: str = ""  # metodo della valutazione, printed under the evaluations
    next_steps: str = ""
    next_appointment: str = ""
    amendments: tuple[Amendment, ...] = ()
    closed_on: dt.date | None = None  # None: a draft
    closed_by: str = ""
    parent_signature: bool = False  # ADM: a parent confirms presence and hours

    @property
    def draft(self) -> bool:
        return self.closed_on is None


# ------------------------------------------------------------------ blocks shared by the records


def draft_banner() -> Table:
    """The unmistakable marking of a draft, under the title."""
    cell = Paragraph(
        f"<b>{DRAFT_MARK}</b> — il testo può ancora cambiare; non vale come documento firmato.",
        ly.styles()["body"],
    )
    table = Table([[cell]], colWidths=[ly.CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ly.TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#B00020")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FDECEE")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def title_block(title: str, draft: bool) -> list[Flowable]:
    parts: list[Flowable] = [ly.title(title)]
    if draft:
        parts += [draft_banner(), Spacer(1, 3)]
    return parts


def kept_apart(facts: str, statements: str, evaluations: str, method: str = "") -> list[Flowable]:
    """Fatti, dichiarazioni and valutazioni in three separate sections (art. 473-bis.27 c.p.c.);
    the method of the evaluations, when given, under them."""
    return [
        *ly.text_section("Fatti accertati", facts),
        *ly.text_section("Dichiarazioni (di parti e terzi)", statements),
        *ly.text_section("Valutazioni professionali dell'operatore", evaluations),
        *(ly.text_section(METHOD_HEADING, method) if method.strip() else []),
    ]


def amendments_block(amendments: Sequence[Amendment]) -> list[Flowable]:
    if not amendments:
        return []
    parts: list[Flowable] = [ly.section("Integrazioni successive alla chiusura")]
    for am in amendments:
        parts.append(
            KeepTogether(
                [
                    Paragraph(
                        ly.escape(f"Integrazione del {fmt_date(am.written_on)} — {am.author}"),
                        ly.styles()["label"],
                    ),
                    ly.paragraph(am.text),
                    Spacer(1, 3),
                ]
            )
        )
    return parts


def closure_line(closed_on: dt.date | None, closed_by: str) -> Paragraph:
    style = ParagraphStyle("closure", parent=ly.styles()["section"], keepWithNext=0)
    if closed_on is None:
        return Paragraph(f"<b>{DRAFT_MARK}</b>", style)
    who = f" da {closed_by}" if closed_by else ""
    return Paragraph(ly.escape(f"Chiusa e firmata il {fmt_date(closed_on)}{who}"), style)


def signed_block(closed_on: dt.date | None, closed_by: str, labels: Sequence[str]) -> KeepTogether:
    """The closure (or the draft marking) and the signature boxes, never split over pages.

    One flat KeepTogether: reportlab breaks pages early around nested ones."""
    boxes = ly.signature_boxes(labels)
    return KeepTogether([Spacer(1, 4), closure_line(closed_on, closed_by), *boxes._content])


# How many flowables before the signatures go to their page with them (a section's heading and
# its text, or an amendment's heading and text).
SIGNATURE_LEAD = 2


def ending_with_signatures(parts: list[Flowable], signed: KeepTogether) -> list[Flowable]:
    """`parts`, then `signed`, kept on one page with the last lines before it: a signature alone
    at the top of a page signs nothing a reader can see (the sheet put it alone on page 2).
    Flat, as signed_block is."""
    tail: list[Flowable] = []
    for flowable in parts[-SIGNATURE_LEAD:]:
        tail += flowable._content if isinstance(flowable, KeepTogether) else [flowable]
    return [*parts[:-SIGNATURE_LEAD], KeepTogether([*tail, *signed._content])]


def list_text(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


# ------------------------------------------------------------------ the scheda visita


def story(sheet: VisitSheet) -> list[Flowable]:
    h = sheet.heading
    time_range = f"{fmt_time(sheet.start)}–{fmt_time(sheet.end)}"
    parts: list[Flowable] = [
        *title_block("Scheda visita — diario dell'intervento", sheet.draft),
        ly.fields_table(
            [
                *h.fields(),
                ("Operatore/i", ", ".join(sheet.operators)),
                ("Data", fmt_date(sheet.date)),
                ("Orario", time_range),
                ("Durata", ly.fmt_minutes(sheet.duration_minutes)),
                ("Luogo", sheet.place),
                ("Tipo di attività", sheet.kind),
                ("Esito", sheet.outcome),
            ]
        ),
        ly.section("Persone presenti"),
        ly.paragraph(list_text(sheet.present)),
        ly.section("Obiettivi del PEI su cui si è lavorato"),
        ly.paragraph(list_text(sheet.goals)),
        *ly.text_section("Descrizione dell'intervento", sheet.notes),
    ]
    for heading, text in sheet.observations:
        parts += ly.text_section(heading, text)
    parts += [
        ly.section("Elementi di rischio o criticità"),
        ly.paragraph(sheet.risks),
        Paragraph(ly.escape(RISK_REMINDER), ly.styles()["small"]),
        *kept_apart(sheet.facts, sheet.statements, sheet.evaluations, sheet.evaluation_method),
        *ly.text_section("Accordi e prossimi passi", sheet.next_steps),
        *ly.text_section("Prossimo appuntamento", sheet.next_appointment),
        *amendments_block(sheet.amendments),
    ]
    labels = ["Firma dell'operatore"]
    if sheet.parent_signature:
        labels.append(PARENT_SIGNATURE)
    return ending_with_signatures(parts, signed_block(sheet.closed_on, sheet.closed_by, labels))


def render_visit_sheet(sheet: VisitSheet) -> bytes:
    title = "Scheda visita" + (" (bozza)" if sheet.draft else "")
    return ly.build_pdf(sheet.heading.header(title), story(sheet), subject="Scheda visita")
