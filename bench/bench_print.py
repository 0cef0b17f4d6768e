"""Printing benchmark (`make bench`): visit sheets per second beside a bare reportlab document
with the same text, and a case summary of about 200 pages.

The floor is measured in the same run (DESIGN 8): a plain SimpleDocTemplate holding the same
paragraphs as the visit sheet in one style, no header, no footer, no "Pagina N di M" second
pass, no tables, in the DejaVu font the documents must embed (the issue requires embedded fonts,
so reportlab's unembedded Helvetica is no fair floor; it is shown too, for information).
Everything is synthetic and in memory: no profile, no files.
Medians of interleaved repetitions. Run on demand, never as a timed test.

    .venv/bin/python bench/bench_print.py [--repeat N] [--batch N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    CaseStatus,
    HoursPeriod,
    MemberRole,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.reports.case_summary import (
    CaseSummary,
    DiaryEntry,
    SummaryActivation,
    SummaryPerson,
    render_case_summary,
)
from minorifamiglie.reports.layout import FONT, register_fonts
from minorifamiglie.reports.visit_sheet import (
    Amendment,
    CaseHeading,
    VisitSheet,
    render_visit_sheet,
)

COOPERATIVE = "Cooperativa sociale del Consorzio Solco Città Aperta"
TODAY = dt.date(2026, 11, 24)
SUMMARY_PAGES = 200
NOTES = (
    "Arrivo alle 15:00 al domicilio; Luca apre la porta e accoglie l'educatrice con un sorriso. "
    "Si lavora sui compiti di italiano (analisi grammaticale) e di matematica (frazioni): Luca "
    "si concentra per circa quaranta minuti, poi chiede una pausa. La madre rientra alle 16:10 e "
    "partecipa alla parte finale, chiedendo come sostenerlo nello studio serale. "
)
FACTS = "Luca ha svolto da solo quattro esercizi su cinque; il quaderno è in ordine. "
STATEMENTS = (
    "La madre riferisce che nell'ultima settimana Luca dorme meglio e va volentieri a scuola. "
)
EVALUATIONS = "Si osserva una maggiore fiducia in sé (osservazione diretta durante il compito). "


def visit_sheet() -> VisitSheet:
    return VisitSheet(
        heading=CaseHeading(
            COOPERATIVE,
            "VBR",
            "VBR-2026-0007-K7A",
            "Assistenza domiciliare minori",
            "Luca Carminati",
            dt.date(2015, 5, 9),
            "San Pellegrino Terme",
            TODAY,
        ),
        operators=("Giulia Bianchi",),
        date=TODAY,
        start=dt.time(15, 0),
        end=dt.time(16, 30),
        duration_minutes=90,
        place="Domicilio",
        kind="Visita domiciliare",
        outcome="Svolta",
        present=("Luca Carminati (Minore in carico)", "Anna Carminati (Madre)"),
        goals=("Autonomia nei compiti", "Regolarità della frequenza scolastica"),
        notes=NOTES * 2,
        observations=(("Sul minore", NOTES), ("Sugli adulti", STATEMENTS)),
        risks="Nessun elemento di rischio rilevato.",
        facts=FACTS * 2,
        statements=STATEMENTS * 2,
        evaluations=EVALUATIONS * 2,
        next_steps="Proseguire con lo stesso orario; sentire l'insegnante di classe.",
        next_appointment="Martedì 1 dicembre, ore 15:00",
        amendments=(Amendment(TODAY, "Giulia Bianchi", "Presente anche la nonna materna."),),
        closed_on=TODAY,
        closed_by="Giulia Bianchi",
        parent_signature=True,
    )


def sheet_texts(sheet: VisitSheet) -> list[str]:
    """The words of the sheet, for the bare document of the same size."""
    h = sheet.heading
    texts = [h.cooperative, h.ambito, h.case_code, h.service, h.minor_name, h.comune]
    texts += [*sheet.operators, sheet.place, sheet.kind, sheet.outcome, *sheet.present]
    texts += [*sheet.goals, sheet.notes, *(t for pair in sheet.observations for t in pair)]
    texts += [sheet.risks, sheet.facts, sheet.statements, sheet.evaluations, sheet.next_steps]
    texts += [sheet.next_appointment, *(a.text for a in sheet.amendments)]
    return [t for t in texts if t]


def bare_document(texts: list[str], embedded: bool = True) -> bytes:
    out = io.BytesIO()
    if embedded:
        register_fonts()
        style = ParagraphStyle("bare", fontName=FONT, fontSize=9.5, leading=12.5)
        doc = SimpleDocTemplate(out, pagesize=A4, invariant=True, initialFontName=FONT)
    else:
        style = getSampleStyleSheet()["BodyText"]
        doc = SimpleDocTemplate(out, pagesize=A4, invariant=True)
    doc.build([Paragraph(t, style) for t in texts])
    return out.getvalue()


def fixed(cls: type, n: int, **values: object) -> object:
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return cls(
        id=uuid.UUID(int=n), created_at=stamp, updated_at=stamp, deleted_at=None,
        version_hlc="0", origin_device=uuid.UUID(int=0), **values,
    )  # fmt: skip


def summary(entries: int) -> CaseSummary:
    case_id = uuid.UUID(int=1)
    case = fixed(
        e.Case, 1, code="VBR-2026-0007-K7A", ambito_id=uuid.UUID(int=2), service=Service.ADM,
        title="Sostegno educativo", summary=NOTES, status=CaseStatus.OPEN,
        opened_on=dt.date(2020, 1, 1), closed_on=None, referral_source=None,
    )  # fmt: skip
    minor = fixed(
        e.Person, 3, first_name="Luca", last_name="Carminati", birth_date=dt.date(2015, 5, 9),
        tax_code=None, phone="", address="", notes="",
    )  # fmt: skip
    act = fixed(
        e.ServiceActivation, 4, case_id=case_id, service=Service.ADM,
        start_on=dt.date(2020, 1, 1), end_on=None, authorised_hours=6.0,
        hours_period=HoursPeriod.WEEK, operator_id=None,
    )  # fmt: skip
    diary = tuple(
        DiaryEntry(
            fixed(
                e.Visit,
                100 + i,
                case_id=case_id,
                activation_id=act.id,  # type: ignore[attr-defined]
                operator_id=uuid.UUID(int=9),
                kind=VisitKind.HOME_VISIT,
                date=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                start_time=dt.time(15, 0),
                end_time=dt.time(16, 30),
                place="Domicilio",
                outcome=VisitOutcome.DONE,
                present_person_ids="[]",
                notes=NOTES,
                facts=FACTS,
                statements=STATEMENTS,
                evaluations=EVALUATIONS,
                observations="{}",
                next_steps="",
                status=VisitStatus.CLOSED,
                closed_at=None,
            ),  # type: ignore[arg-type]
            "Giulia Bianchi",
        )
        for i in range(entries)
    )
    return CaseSummary(
        case=case,  # type: ignore[arg-type]
        ambito=fixed(e.Ambito, 2, code="VBR", name="Valle Brembana"),  # type: ignore[arg-type]
        operators=("Giulia Bianchi",),
        persons=(SummaryPerson(MemberRole.MINOR, minor),),  # type: ignore[arg-type]
        measures=(),
        activations=(SummaryActivation(act, "Giulia Bianchi", 10.0, 26.0, 7),),  # type: ignore[arg-type]
        goals=(),
        deadlines=(),
        diary=diary,
    )


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def medians(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Interleaved runs (a, b, a, b…) so a noisy moment hits both sides alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            started = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


@dataclass(frozen=True)
class Row:
    name: str
    value: str
    floor: str
    goal: str
    ok: bool


def run(repeat: int, batch: int) -> list[Row]:
    sheet = visit_sheet()
    texts = sheet_texts(sheet)
    render_visit_sheet(sheet), bare_document(texts)  # warm up: fonts, imports
    sheet_time, bare_time, helvetica_time = medians(
        [
            lambda: [render_visit_sheet(sheet) for _ in range(batch)],
            lambda: [bare_document(texts) for _ in range(batch)],
            lambda: [bare_document(texts, embedded=False) for _ in range(batch)],
        ],
        repeat,
    )
    per_sheet, per_bare = sheet_time / batch, bare_time / batch
    ratio = per_sheet / per_bare
    rows = [
        Row("schede visita al secondo", f"{1 / per_sheet:.0f}/s", f"{1 / per_bare:.0f}/s",
            ">= 100/s", 1 / per_sheet >= 100),
        Row("scheda visita / documento nudo", f"{ratio:.2f}x", "1x", "< 3x", ratio < 3),
        Row("  (documento nudo in Helvetica non incorporato)", f"{batch / helvetica_time:.0f}/s",
            "", "", True),
    ]  # fmt: skip
    sheet_pages = page_count(render_visit_sheet(sheet))
    # How many diary entries make about 200 pages: measured on a smaller summary.
    probe = 100
    per_page = probe / max(page_count(render_case_summary(summary(probe), COOPERATIVE)) - 1, 1)
    big = summary(int(per_page * (SUMMARY_PAGES - 1)))
    pages = page_count(render_case_summary(big, COOPERATIVE, TODAY))
    (summary_time,) = medians([lambda: render_case_summary(big, COOPERATIVE, TODAY)], repeat)
    rows.append(
        Row(f"sintesi della cartella ({pages} pagine, {len(big.diary)} voci)",
            f"{summary_time:.2f} s", "", "< 3 s", summary_time < 3.0)
    )  # fmt: skip
    print(
        f"Scheda visita di {sheet_pages} pagine ({sum(len(t) for t in texts)} caratteri di "
        f"testo); lotti di {batch}; mediane di {repeat} ripetizioni.\n"
    )
    return rows


def print_table(rows: list[Row]) -> None:
    head = f"{'misura':<52} {'valore':>10} {'nudo':>10}  {'obiettivo':<10}"
    print(head)
    print("-" * (len(head) + 6))
    for r in rows:
        print(f"{r.name:<52} {r.value:>10} {r.floor:>10}  {r.goal:<10} {'ok' if r.ok else 'NO'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    rows = run(args.repeat, args.batch)
    print_table(rows)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
