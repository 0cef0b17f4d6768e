"""Relazione di aggiornamento al Tribunale per i Minorenni: the content of one case over one
period, with facts, statements and evaluations gathered into three sections of their own
(art. 473-bis.27 c.p.c., DOMAIN.md), and its PDF. The same content is written as an editable
OpenDocument text by reports/court_report_odt.py; what both say in words is here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from minorifamiglie.domain.ids import CaseId
from minorifamiglie.domain.italian_format import fmt_date, fmt_hours
from minorifamiglie.reports import layout as ly
from minorifamiglie.reports.layout import Paragraph
from minorifamiglie.reports.visit_sheet import born_label

TITLE = "Relazione di aggiornamento"
SECTIONS = ("1. Fatti accertati", "2. Dichiarazioni", "3. Valutazioni professionali")


@dataclass(frozen=True, slots=True)
class ReportAmendment:
    """An integrazione of a signed diary entry: it stands with the entry it completes."""

    date: dt.date
    operator: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One text of one signed visit, in the section its field belongs to."""

    date: dt.date
    kind: str  # the visit's kind, as a label
    operator: str  # who wrote and signed it
    text: str
    present: tuple[str, ...] = ()  # "Anna Rota (Madre)": who was there, so who could speak
    method: str = ""  # for an evaluation: the setting and means it was formed with
    amendments: tuple[ReportAmendment, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportMeasure:
    authority: str
    kind: str
    docket_number: str
    issued_on: dt.date
    prescriptions: str
    next_report_due: dt.date | None


@dataclass(frozen=True, slots=True)
class ReportGoal:
    plan: str  # "PEI", "Progetto Quadro"
    title: str
    description: str
    indicators: str
    status: str  # as it stands when the report is written
    review_on: dt.date | None
    changes: tuple[tuple[dt.date, str], ...] = ()  # status changes recorded in the period


@dataclass(frozen=True, slots=True)
class ReportHours:
    """One service activation over the days it shares with the period (the one hours rule)."""

    service: str
    span: str  # the activation's own dates
    monte_ore: str  # "6,00 h/sett."
    operator: str
    visits: int
    delivered: float
    authorised: float
    cancelled: int


@dataclass(frozen=True, slots=True)
class ReportMeeting:
    date: dt.date
    time: str
    kind: str
    operator: str
    place: str
    outcome: str


@dataclass(frozen=True, slots=True)
class CourtReport:
    """Everything the relazione says, read by services/court_report.py in one read session."""

    case_id: CaseId  # for the audit of the saved document; never printed
    court: str
    cooperative: str
    case_code: str
    ambito: str
    service: str
    minor_name: str
    minor_birth_date: dt.date | None
    start: dt.date
    end: dt.date
    measures: tuple[ReportMeasure, ...]
    facts: tuple[ReportEntry, ...]
    statements: tuple[ReportEntry, ...]
    evaluations: tuple[ReportEntry, ...]
    goals: tuple[ReportGoal, ...]
    hours: tuple[ReportHours, ...]
    meetings: tuple[ReportMeeting, ...]
    signatories: tuple[str, ...]  # the case's operators
    signed_visits: int
    drafts_left_out: int
    printed_on: dt.date
    created_at: dt.datetime | None = None
    minor_sex: str = ""  # "F", "M" or "": nata, nato, nato/a

    @property
    def sections(self) -> tuple[tuple[str, tuple[ReportEntry, ...]], ...]:
        return tuple(zip(SECTIONS, (self.facts, self.statements, self.evaluations), strict=True))


# ------------------------------------------------------------------ the words both formats use


def period_text(r: CourtReport) -> str:
    return f"dal {fmt_date(r.start)} al {fmt_date(r.end)}"


def subject_line(r: CourtReport) -> str:
    born = born_label(r.minor_sex)
    birth = f", {born} il {fmt_date(r.minor_birth_date)}" if r.minor_birth_date else ""
    minor = f" — minore {r.minor_name}{birth}" if r.minor_name else ""
    return f"Oggetto: relazione di aggiornamento{minor} (cartella {r.case_code})"


def dockets(r: CourtReport) -> str:
    numbers = [m.docket_number for m in r.measures if m.docket_number.strip()]
    return ", ".join(dict.fromkeys(numbers))


def heading_pairs(r: CourtReport) -> list[tuple[str, str]]:
    return [
        ("Destinatario", r.court),
        ("Procedimento", dockets(r) or "—"),
        ("Cartella", r.case_code),
        ("Ambito", r.ambito),
        ("Servizio", r.service),
        ("Periodo", period_text(r)),
        ("Ente", r.cooperative),
        ("Redatta il", fmt_date(r.printed_on)),
    ]


def entry_heading(entry: ReportEntry) -> str:
    return f"{fmt_date(entry.date)} — {entry.kind}, {entry.operator or 'operatore non indicato'}"


def entry_details(entry: ReportEntry, statement: bool) -> list[str]:
    """The lines under an entry's text: who was present (for a statement: who could have
    said it), the method (for an evaluation), the integrazioni of the signed entry."""
    out = []
    if statement:
        out.append("Presenti: " + (", ".join(entry.present) or "non registrati"))
    if entry.method:
        out.append("Metodo: " + entry.method)
    out += [
        f"Integrazione del {fmt_date(a.date)} ({a.operator}): {a.text}" for a in entry.amendments
    ]
    return out


EMPTY_SECTION = "Nessun elemento registrato nel periodo."


def measure_line(m: ReportMeasure) -> str:
    docket = f", n. {m.docket_number}" if m.docket_number.strip() else ""
    due = (
        f"; prossima relazione entro il {fmt_date(m.next_report_due)}" if m.next_report_due else ""
    )
    return f"{m.kind} — {m.authority}, {fmt_date(m.issued_on)}{docket}{due}"


def goal_line(g: ReportGoal) -> str:
    review = f", verifica il {fmt_date(g.review_on)}" if g.review_on else ""
    return f"{g.title} ({g.plan}) — {g.status.lower()}{review}"


def goal_details(g: ReportGoal) -> list[str]:
    out = []
    if g.description.strip():
        out.append(g.description)
    if g.indicators.strip():
        out.append("Indicatori: " + g.indicators)
    for day, status in g.changes:
        out.append(f"Nel periodo, il {fmt_date(day)}: {status.lower()}")
    return out


HOURS_HEAD = (
    "Servizio",
    "Attivazione",
    "Monte ore",
    "Operatore",
    "Visite",
    "Annullate",
    "Ore erogate",
    "Ore autorizzate",
)


def hours_row(h: ReportHours) -> list[str]:
    return [
        h.service,
        h.span,
        h.monte_ore,
        h.operator or "—",
        str(h.visits),
        str(h.cancelled),
        fmt_hours(h.delivered),
        fmt_hours(h.authorised),
    ]


MEETINGS_HEAD = ("Data", "Ora", "Tipo", "Operatore", "Luogo", "Esito")


def meeting_row(m: ReportMeeting) -> list[str]:
    return [fmt_date(m.date), m.time, m.kind, m.operator or "—", m.place or "—", m.outcome]


def notes(r: CourtReport) -> list[str]:
    """Where the document's contents come from, so the court can weigh them."""
    drafts = (
        ""
        if not r.drafts_left_out
        else (
            " Una bozza del periodo è esclusa."
            if r.drafts_left_out == 1
            else f" {r.drafts_left_out} bozze del periodo sono escluse."
        )
    )
    return [
        "Fatti, dichiarazioni e valutazioni sono tenuti distinti (art. 473-bis.27 c.p.c.) e "
        "riportati in ordine di data.",
        f"Sono riportati solo gli interventi chiusi e firmati ({r.signed_visits} nel periodo): "
        "una bozza può ancora cambiare e non è un fatto accertato." + drafts,
        "Le dichiarazioni sono riportate come registrate nel diario, con le persone presenti "
        "all'intervento.",
        "Il metodo di ogni valutazione è il contesto dell'intervento in cui è stata formulata; "
        "strumenti specifici, se usati, sono indicati nel testo della valutazione.",
        "Ore erogate e autorizzate nel periodo secondo la regola della rendicontazione: visite "
        "chiuse e firmate, monte ore in proporzione ai giorni.",
    ]


SIGNATURE_PLACE = "Luogo e data"


def signature_labels(r: CourtReport) -> list[str]:
    """One signature per operator of the case, named."""
    return list(r.signatories) or ["L'operatore"]


# ------------------------------------------------------------------ the PDF


def _list_or_none(lines: Sequence[str], empty: str = EMPTY_SECTION) -> list[Flowable]:
    if not lines:
        return [ly.paragraph(empty)]
    return [ly.paragraph(line) for line in lines]


def _entries(entries: Sequence[ReportEntry], statement: bool) -> list[Flowable]:
    st = ly.styles()
    if not entries:
        return [ly.paragraph(EMPTY_SECTION)]
    out: list[Flowable] = []
    for entry in entries:
        block: list[Flowable] = [
            Paragraph(f"<b>{ly.escape(entry_heading(entry))}</b>", st["body"]),
            ly.paragraph(entry.text),
        ]
        block += [ly.paragraph(line, "small") for line in entry_details(entry, statement)]
        out += [KeepTogether(block[:2]), *block[2:], Spacer(1, 2 * mm)]
    return out


def story(r: CourtReport) -> list[Flowable]:
    parts: list[Flowable] = [
        ly.title(f"{TITLE} al {r.court}"),
        ly.fields_table(heading_pairs(r)),
        Spacer(1, 2 * mm),
        ly.paragraph(subject_line(r)),
        ly.section("Provvedimenti in vigore"),
        *_list_or_none([measure_line(m) for m in r.measures], "Nessun provvedimento registrato."),
    ]
    for (heading, entries), statement in zip(r.sections, (False, True, False), strict=True):
        parts += [ly.section(heading), *_entries(entries, statement)]
    parts.append(ly.section("Obiettivi del PEI"))
    if not r.goals:
        parts.append(ly.paragraph("Nessun obiettivo registrato."))
    for g in r.goals:
        parts += [ly.paragraph(goal_line(g)), *[ly.paragraph(d, "small") for d in goal_details(g)]]
    parts.append(ly.section("Ore erogate e autorizzate"))
    if r.hours:
        widths = [28, 25, 18, 24, 14, 20, 20, 25]
        parts.append(
            ly.data_table(
                HOURS_HEAD,
                [hours_row(h) for h in r.hours],
                [w * mm for w in widths],
                numeric=(4, 5, 6, 7),
            )
        )
    else:
        parts.append(ly.paragraph("Nessun servizio attivo nel periodo."))
    parts.append(ly.section("Incontri"))
    if r.meetings:
        widths = [22, 26, 36, 32, 34, 24]
        rows = [meeting_row(m) for m in r.meetings]
        parts.append(ly.data_table(MEETINGS_HEAD, rows, [w * mm for w in widths]))
    else:
        parts.append(ly.paragraph("Nessun incontro nel periodo."))
    parts += [ly.section("Note"), *[ly.paragraph(n, "small") for n in notes(r)]]
    parts.append(ly.signature_boxes([SIGNATURE_PLACE, *signature_labels(r)]))
    return parts


def render_court_report_pdf(r: CourtReport) -> bytes:
    header = ly.DocumentHeader(
        title=TITLE,
        cooperative=r.cooperative,
        ambito=r.ambito,
        case_code=r.case_code,
        service=r.service,
        printed_on=r.printed_on,
        created_at=r.created_at,
    )
    return ly.build_pdf(header, story(r), subject=f"{TITLE} — {period_text(r)}")
