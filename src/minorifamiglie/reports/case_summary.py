"""Sintesi della cartella: the case, its persons, measures, services with their hours, PEI goals,
deadlines and the diary of a chosen period, each entry with its facts, statements and
evaluations kept apart (art. 473-bis.27 c.p.c., DOMAIN.md). For the équipe or to prepare a report
to the Tribunale per i Minorenni."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import places
from minorifamiglie.domain.enums import (
    CaseStatus,
    GoalStatus,
    HoursPeriod,
    MemberRole,
    VisitOutcome,
)
from minorifamiglie.domain.italian_format import fmt_date, fmt_hours, fmt_time
from minorifamiglie.reports import layout as ly
from minorifamiglie.reports.layout import Paragraph


@dataclass(frozen=True, slots=True)
class SummaryPerson:
    role: MemberRole
    person: e.Person


@dataclass(frozen=True, slots=True)
class SummaryActivation:
    activation: e.ServiceActivation
    operator: str
    used_hours: float  # in the period (or the whole activation)
    authorised_hours: float  # the share of the monte ore in the same days
    visits: int


@dataclass(frozen=True, slots=True)
class SummaryDeadline:
    kind: str  # the label
    title: str
    due_on: dt.date
    done_on: dt.date | None
    done_by: str = ""  # who met it (a court report sent), when recorded


@dataclass(frozen=True, slots=True)
class SummaryPlacement:
    """An affido of the case: the child, the foster family."""

    placement: e.Placement
    minor: str
    family: str


@dataclass(frozen=True, slots=True)
class DiaryAmendment:
    amendment: e.VisitAmendment
    operator: str


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    visit: e.Visit
    operator: str
    amendments: tuple[DiaryAmendment, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """Everything the document shows, read by services/case_summary.py."""

    case: e.Case
    ambito: e.Ambito
    operators: tuple[str, ...]
    persons: tuple[SummaryPerson, ...]
    measures: tuple[e.Measure, ...]
    activations: tuple[SummaryActivation, ...]
    goals: tuple[e.Goal, ...]
    deadlines: tuple[SummaryDeadline, ...]
    diary: tuple[DiaryEntry, ...]
    start: dt.date | None = None  # the diary's period; None for open-ended
    end: dt.date | None = None
    drafts_left_out: int = 0
    goal_actions: tuple[e.GoalAction, ...] = ()  # printed under their goal
    placements: tuple[SummaryPlacement, ...] = ()  # affidi, with why they ended


PER = {HoursPeriod.WEEK: "sett.", HoursPeriod.MONTH: "mese"}


def _span(start: dt.date, end: dt.date | None) -> str:
    return f"{fmt_date(start)} – {fmt_date(end)}" if end else f"dal {fmt_date(start)}"


def status_label(status: GoalStatus) -> str:
    """A goal's status inside a sentence: "PEI, parzialmente raggiunto, verifica il …"."""
    return status.label().lower()


WHOLE = "intero periodo della presa in carico"


def _whole_month(start: dt.date | None, end: dt.date | None) -> bool:
    return (
        start is not None
        and end is not None
        and start.day == 1
        and (start.year, start.month) == (end.year, end.month)
        and (end + dt.timedelta(days=1)).day == 1
    )


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """The period as a heading names it: "dal 01/03/2026 al 15/03/2026", "marzo 2026",
    "intero periodo della presa in carico"."""
    if _whole_month(start, end):
        assert start is not None
        return ly.fmt_month(start)
    if start and end:
        if start == end:
            return fmt_date(start)
        return f"dal {fmt_date(start)} al {fmt_date(end)}"
    if start:
        return f"dal {fmt_date(start)}"
    if end:
        return f"fino al {fmt_date(end)}"
    return WHOLE


def period_phrase(start: dt.date | None, end: dt.date | None) -> str:
    """The period inside a sentence ("Ore erogate … nel mese di marzo 2026"): "dal … al …",
    "il 05/03/2026", "nel mese di marzo 2026", "nell'intero periodo della presa in carico"."""
    if _whole_month(start, end):
        assert start is not None
        return f"nel mese di {ly.fmt_month(start)}"
    if start and start == end:
        return f"il {fmt_date(start)}"
    if start or end:
        return period_label(start, end)
    return f"nell'{WHOLE}"


def _case_facts(s: CaseSummary) -> list[Flowable]:
    c = s.case
    pairs = [
        ("Cartella", c.code),
        ("Stato", c.status.label()),
        ("Ambito", f"{s.ambito.code} — {s.ambito.name}"),
        ("Comune", places.comune_name(c.comune) or places.NOT_GIVEN),
        ("Servizio", c.service.label()),
        ("Presa in carico", fmt_date(c.opened_on)),
        ("Chiusura", fmt_date(c.closed_on)),
        *_closure(c),
        ("Segnalazione", c.referral_source.label() if c.referral_source else ""),
        ("Operatori", ", ".join(s.operators)),
    ]
    parts: list[Flowable] = [ly.fields_table(pairs)]
    if c.title.strip():
        parts += [ly.section("Titolo"), ly.paragraph(c.title)]
    if c.summary.strip():
        parts += [ly.section("Sintesi"), ly.paragraph(c.summary)]
    return parts


def _closure(c: e.Case) -> list[tuple[str, str]]:
    """Why a closed case was closed; "non indicato" for those closed before it was asked."""
    if c.status is not CaseStatus.CLOSED:
        return []
    return [("Motivo della chiusura", c.closure_reason.label() if c.closure_reason else NOT_SAID)]


NOT_SAID = "non indicato"


def _persons(s: CaseSummary) -> list[Flowable]:
    rows = [
        [
            p.role.label(),
            p.person.full_name,
            fmt_date(p.person.birth_date),
            p.person.tax_code or "",
        ]
        for p in s.persons
    ]
    widths = [38 * mm, 62 * mm, 28 * mm, 46 * mm]
    head = ("Ruolo", "Nome e cognome", "Nato/a il", "Codice fiscale")
    return _table_or_none("Persone", head, rows, widths)


def _measures(s: CaseSummary) -> list[Flowable]:
    parts: list[Flowable] = [ly.section("Provvedimenti")]
    if not s.measures:
        return [*parts, ly.paragraph("Nessun provvedimento registrato.")]
    for m in s.measures:
        pairs = [
            ("Provvedimento", m.kind.label()),
            ("Autorità", m.authority.label()),
            ("Data", fmt_date(m.issued_on)),
            ("N. di ruolo", m.docket_number),
            ("Prossima relazione", fmt_date(m.next_report_due)),
        ]
        if m.ended_on is not None:
            reason = m.end_reason.label() if m.end_reason else NOT_SAID
            pairs.append(("Cessato il", f"{fmt_date(m.ended_on)} — {reason}"))
        block: list[Flowable] = [ly.fields_table(pairs)]
        if m.prescriptions.strip():
            block.append(ly.paragraph(m.prescriptions, "small"))
        parts += [KeepTogether(block), Spacer(1, 2 * mm)]
    return parts


def _placements(s: CaseSummary) -> list[Flowable]:
    """The affidi, only when the case has some: how and when, and why each one ended."""
    if not s.placements:
        return []
    rows = []
    for sp in s.placements:
        p = sp.placement
        if p.ended_on is not None:
            state = f"Concluso: {p.end_reason.label() if p.end_reason else NOT_SAID}"
            period = _span(p.start_on, p.ended_on)
        else:
            state = f"In corso, fine prevista {fmt_date(p.planned_end_on)}"
            period = _span(p.start_on, None)
        rows.append(
            [sp.minor, sp.family, period, f"{p.legal_basis.label()}, {p.kind.label()}", state]
        )
    head = ("Minore", "Famiglia affidataria", "Periodo", "Affido", "Stato")
    widths = [32 * mm, 34 * mm, 30 * mm, 36 * mm, 42 * mm]
    return _table_or_none("Affidi familiari", head, rows, widths)


def _activations(s: CaseSummary) -> list[Flowable]:
    rows = [
        [
            a.activation.service.label(),
            _span(a.activation.start_on, a.activation.end_on),
            f"{fmt_hours(a.activation.authorised_hours)} h/{PER[a.activation.hours_period]}",
            a.operator or "—",
            str(a.visits),
            fmt_hours(a.used_hours),
            fmt_hours(a.authorised_hours),
        ]
        for a in s.activations
    ]
    head = (
        "Servizio",
        "Periodo",
        "Monte ore",
        "Operatore",
        "Visite",
        "Ore erogate",
        "Ore autorizzate",
    )
    widths = [32 * mm, 30 * mm, 24 * mm, 25 * mm, 15 * mm, 22 * mm, 26 * mm]
    parts = _table_or_none("Servizi e ore", head, rows, widths, numeric=(4, 5, 6))
    partners = [
        f"{a.activation.service.label()} ({_span(a.activation.start_on, a.activation.end_on)}): "
        f"{a.activation.partner}"
        for a in s.activations
        if a.activation.partner
    ]
    if partners:  # co-designed services (co-progettazione)
        parts.append(ly.paragraph("In coprogettazione con: " + "; ".join(partners), "small"))
    if rows:
        note = (
            f"Ore erogate e autorizzate {period_phrase(s.start, s.end)}: "
            "visite chiuse e firmate con esito «svolta»."
        )
        parts.append(ly.paragraph(note, "small"))
    return parts


def _goals(s: CaseSummary) -> list[Flowable]:
    parts: list[Flowable] = [ly.section("Obiettivi (PEI e Progetto Quadro)")]
    if not s.goals:
        return [*parts, ly.paragraph("Nessun obiettivo registrato.")]
    st = ly.styles()
    for g in s.goals:
        head = f"<b>{ly.escape(g.title)}</b> — {g.plan.label()}, {status_label(g.status)}" + (
            f", verifica il {fmt_date(g.review_on)}" if g.review_on else ""
        )
        block: list[Flowable] = [Paragraph(head, st["body"])]
        if g.description.strip():
            block.append(ly.paragraph(g.description, "small"))
        if g.indicators.strip():
            block.append(ly.paragraph(f"Indicatori: {g.indicators}", "small"))
        block += [
            ly.paragraph(action_line(a), "small") for a in s.goal_actions if a.goal_id == g.id
        ]
        parts += [KeepTogether(block), Spacer(1, 1.5 * mm)]
    return parts


def action_line(a: e.GoalAction) -> str:
    """ "Azione: Iscrizione al CRE (madre), entro il 15/05/2027 — svolta il 10/05/2027"."""
    who = f" ({a.responsible})" if a.responsible else ""
    due = f", entro il {fmt_date(a.due_on)}" if a.due_on else ""
    done = f" — svolta il {fmt_date(a.done_on)}" if a.done_on else " — da svolgere"
    return f"Azione: {a.description}{who}{due}{done}"


def _days(n: int) -> str:
    return "1 giorno" if n == 1 else f"{n} giorni"


def deadline_when(d: SummaryDeadline, printed_on: dt.date | None) -> tuple[str, bool]:
    """Where a deadline stands on the day the document is printed, as the case file's
    Scadenze say it ("Scaduta da 3 giorni", "Oggi", "Tra 12 giorni", "Completata il …"), and
    whether it is overdue. Without a print date only what is done is said."""
    if d.done_on is not None:
        by = f" ({d.done_by})" if d.done_by else ""
        return f"Completata il {fmt_date(d.done_on)}{by}", False
    if printed_on is None:
        return "—", False
    days = (d.due_on - printed_on).days
    if days < 0:
        return f"Scaduta da {_days(-days)}", True
    return ("Oggi", False) if days == 0 else (f"Tra {_days(days)}", False)


def _deadlines(s: CaseSummary, printed_on: dt.date | None) -> list[Flowable]:
    """Overdue deadlines (judged on the print date) in bold, their state saying so: on paper
    as in the case file, where they are red and bold."""
    bold = ly.styles()["cell_bold"]
    rows: list[list[str | Flowable]] = []
    for d in s.deadlines:
        when, overdue = deadline_when(d, printed_on)
        due = fmt_date(d.due_on)
        rows.append(
            [
                Paragraph(due, bold) if overdue else due,
                d.kind,
                "" if d.title == d.kind else d.title,
                Paragraph(ly.escape(when), bold) if overdue else when,
            ]
        )
    head = ("Scadenza", "Tipo", "Descrizione", "Quando")
    return _table_or_none("Scadenze", head, rows, [24 * mm, 50 * mm, 56 * mm, 44 * mm])


def _table_or_none(
    heading: str,
    head: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: list[float],
    numeric: Sequence[int] = (),
) -> list[Flowable]:
    if not rows:
        return [ly.section(heading), ly.paragraph("Nessuna voce.")]
    return [ly.section(heading), ly.data_table(head, rows, widths, numeric=numeric)]


TEXTS = (
    ("notes", "Descrizione dell'intervento"),
    ("facts", "Fatti accertati"),
    ("statements", "Dichiarazioni"),
    ("evaluations", "Valutazioni professionali"),
    ("next_steps", "Accordi e prossimi passi"),
)


def labelled(label: str, text: str) -> Paragraph:
    """A text with its label in italics at the start of the first line. The label is drawn as
    the paragraph's "bullet", so the text stays one run of one font: reportlab wraps that many
    times faster than mixed markup, which matters for a diary of hundreds of pages."""
    return Paragraph(ly.escape(text), _label_style(), bulletText=label)


@cache
def _label_style() -> ParagraphStyle:
    cell = ly.styles()["cell"]
    return ParagraphStyle(
        "labelled", parent=cell, bulletFontName=ly.FONT_ITALIC, bulletFontSize=cell.fontSize
    )


def diary_entry(entry: DiaryEntry) -> list[Flowable]:
    """One visit: a heading line (date, time, kind, operator, outcome, place), then its texts
    under their own labels, so facts, statements and evaluations never run together."""
    st = ly.styles()
    v = entry.visit
    when = f"{fmt_date(v.date)}, {fmt_time(v.start_time)}–{fmt_time(v.end_time)}"
    outcome = "" if v.outcome is VisitOutcome.DONE else f" — {v.outcome.label()}"
    head = f"<b>{when}</b> · {v.kind.label()} · {ly.escape(entry.operator)}{outcome}"
    if v.place.strip():
        head += f" · {ly.escape(v.place)}"
    parts: list[Flowable] = [Paragraph(head, st["body"])]
    for name, label in TEXTS:
        text = str(getattr(v, name))
        if text.strip():
            parts.append(labelled(f"{label}:", text))
    for am in entry.amendments:
        when = fmt_date(am.amendment.created_at.date())
        parts.append(labelled(f"Integrazione del {when} ({am.operator}):", am.amendment.text))
    return [KeepTogether(parts[:2]), *parts[2:], Spacer(1, 2.5 * mm)]


def _counts(entries: int, drafts: int) -> str:
    text = (
        "1 intervento chiuso e firmato"
        if entries == 1
        else f"{entries} interventi chiusi e firmati"
    )
    if drafts:
        text += (
            "; 1 bozza non firmata esclusa"
            if drafts == 1
            else f"; {drafts} bozze non firmate escluse"
        )
    return text + "."


def _diary(s: CaseSummary) -> list[Flowable]:
    parts: list[Flowable] = [
        ly.section(f"Diario — {period_label(s.start, s.end)}"),
        ly.paragraph(_counts(len(s.diary), s.drafts_left_out), "small"),
        Spacer(1, 2 * mm),
    ]
    if not s.diary:
        parts.append(ly.paragraph("Nessun intervento nel periodo."))
    for entry in s.diary:
        parts += diary_entry(entry)
    return parts


def story(s: CaseSummary, printed_on: dt.date | None = None) -> list[Flowable]:
    return [
        ly.title("Sintesi della cartella"),
        *_case_facts(s),
        *_persons(s),
        *_measures(s),
        *_placements(s),
        *_activations(s),
        *_goals(s),
        *_deadlines(s, printed_on),
        *_diary(s),
    ]


def render_case_summary(
    summary: CaseSummary,
    cooperative: str,
    printed_on: dt.date | None = None,
    created_at: dt.datetime | None = None,
    logo: bytes | None = None,
) -> bytes:
    """The PDF. `printed_on` is the day it says it was printed, against which deadlines are
    overdue; `created_at` the moment in its metadata (both the caller's clock); `logo` the
    cooperative's, drawn in the header."""
    header = ly.DocumentHeader(
        title="Sintesi della cartella",
        cooperative=cooperative,
        ambito=summary.ambito.name,
        case_code=summary.case.code,
        service=summary.case.service.label(),
        printed_on=printed_on,
        created_at=created_at,
        logo=logo,
    )
    return ly.build_pdf(header, story(summary, printed_on), subject="Sintesi della cartella")
