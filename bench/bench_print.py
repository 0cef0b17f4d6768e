"""Printing benchmark (`make bench`): visit sheets per second and a case summary of about 200
pages, both through the real service path (services/printing.py, services/case_summary.py: the
database read, the data gathered, the PDF rendered), each beside a floor measured in the same run
(docs/architecture.md §14).

The profile is the demo profile (bench/out/print-profile, the real Argon2 settings; created once,
with a few hundred visits) plus one long case whose diary fills about 200 pages (its closed visits
added once, synthetic like the rest). The floor of a visit sheet is a bare reportlab document
holding the same words as the sheet in one style, in the same embedded DejaVu font: no header,
no footer, no "Pagina N di M" second pass, no tables, no database; a one-page canvas with that
font is shown too. Medians of interleaved repetitions. Run on demand, never as a timed test.

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
from dataclasses import dataclass, fields
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import func, select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import VisitStatus
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.reports.layout import FONT, register_fonts
from minorifamiglie.reports.visit_sheet import VisitSheet
from minorifamiglie.services import case_summary, demo, print_data, printing, profiles
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository

HERE = Path(__file__).resolve().parent
PROFILE = HERE / "out" / "print-profile"
TODAY = dt.date(2026, 11, 24)
DEMO_CASES = 200
SUMMARY_PAGES = 200
LONG_DIARY = 2200  # closed visits of the long case: about 200 pages of summary


# ---------------------------------------------------------------- the profile


def ensure_profile(root: Path) -> None:
    """The demo profile, and one case with a diary of LONG_DIARY closed visits (added once)."""
    if demo.ensure_demo_profile(root, cases=DEMO_CASES, today=TODAY):
        print(f"Creato il profilo dimostrativo in {root}")
    opened = profiles.unlock(root, demo.DEMO_PASSPHRASE)
    try:
        case_id, _ = long_case(opened)
        with opened.session() as session:
            count = session.scalar(
                select(func.count()).where(
                    m.VisitRow.case_id == case_id, m.VisitRow.deleted_at.is_(None)
                )
            )
            assert count is not None  # a count is always a number
            if count >= LONG_DIARY:
                return
            repo = Repository(session)
            closed = repo.find(
                e.Visit, m.VisitRow.status == VisitStatus.CLOSED, m.VisitRow.case_id == case_id
            )
            model = closed[0]
            skip = {f.name for f in fields(e.Record)}
            values = {f.name: getattr(model, f.name) for f in fields(e.Visit) if f.name not in skip}
            for i in range(LONG_DIARY - count):
                values["date"] = dt.date(2019, 1, 1) + dt.timedelta(days=i)
                repo.stage(e.Visit, **values)
        print(f"Aggiunte {LONG_DIARY - count} visite chiuse alla cartella lunga")
    finally:
        opened.close()


def long_case(opened: OpenProfile) -> tuple[uuid.UUID, str]:
    """The case with the most closed visits (the one the long diary is added to)."""
    with opened.session() as session:
        v = m.VisitRow
        case_id = session.execute(
            select(v.case_id)
            .where(v.status == VisitStatus.CLOSED, v.deleted_at.is_(None))
            .group_by(v.case_id)
            .order_by(func.count().desc(), v.case_id)
            .limit(1)
        ).scalar_one()
        return case_id, Repository(session).get(e.Case, case_id).code


def visit_ids(opened: OpenProfile, n: int) -> list[VisitId]:
    """`n` visits of the demo cases (drafts and closed ones, of every kind but meetings)."""
    with opened.session() as session:
        v = m.VisitRow
        return [
            VisitId(i)
            for i in session.execute(
                select(v.id).where(v.deleted_at.is_(None)).order_by(v.id).limit(n)
            ).scalars()
        ]


# ---------------------------------------------------------------- the floors


def sheet_texts(sheet: VisitSheet) -> list[str]:
    """The words of the sheet, for the bare document of the same size."""
    h = sheet.heading
    texts = [h.cooperative, h.ambito, h.case_code, h.service, h.minor_name, h.comune]
    texts += [*sheet.operators, sheet.place, sheet.kind, sheet.outcome, *sheet.present]
    texts += [*sheet.goals, sheet.notes, *(t for pair in sheet.observations for t in pair)]
    texts += [sheet.risks, sheet.facts, sheet.statements, sheet.evaluations, sheet.next_steps]
    texts += [sheet.next_appointment, *(a.text for a in sheet.amendments)]
    return [t.replace("&", "&amp;").replace("<", "&lt;") for t in texts if t]


def bare_document(texts: list[str]) -> bytes:
    register_fonts()
    out = io.BytesIO()
    style = ParagraphStyle("bare", fontName=FONT, fontSize=9.5, leading=12.5)
    doc = SimpleDocTemplate(out, pagesize=A4, invariant=True, initialFontName=FONT)
    doc.build([Paragraph(t, style) for t in texts])
    return out.getvalue()


def bare_canvas(lines: list[str]) -> bytes:
    """One page drawn line by line on a canvas, the DejaVu font embedded."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True, initialFontName=FONT)
    canvas.setFont(FONT, 9.5)
    y = A4[1] - 50
    for line in lines:
        canvas.drawString(50, y, line[:110])
        y -= 12.5
        if y < 50:
            break
    canvas.showPage()
    canvas.save()
    return out.getvalue()


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
    ratio: str
    goal: str
    ok: bool


def run(repeat: int, batch: int) -> list[Row]:
    ensure_profile(PROFILE)
    opened = profiles.unlock(PROFILE, demo.DEMO_PASSPHRASE)
    try:
        return measure(opened, repeat, batch)
    finally:
        opened.close()


def measure(opened: OpenProfile, repeat: int, batch: int) -> list[Row]:
    ids = visit_ids(opened, batch)
    with opened.session() as session:
        repo = Repository(session)
        sheets = [
            print_data.visit_sheet(session, repo.get(e.Visit, i), "Cooperativa", TODAY) for i in ids
        ]
    texts = [sheet_texts(s) for s in sheets]
    lines = [" ".join(t).split(". ") for t in texts]

    def service() -> None:
        for i in ids:
            printing.visit_sheet_pdf(opened, i, TODAY)

    service()  # warm up: fonts, imports, page cache
    for text in texts:
        bare_document(text)
    sheet_time, bare_time, canvas_time = medians(
        [
            service,
            lambda: [bare_document(t) for t in texts],
            lambda: [bare_canvas(ls) for ls in lines],
        ],
        repeat,
    )
    per_sheet, per_bare, per_canvas = sheet_time / batch, bare_time / batch, canvas_time / batch
    pages = statistics.mean(page_count(printing.visit_sheet_pdf(opened, i, TODAY)) for i in ids)
    rows = [
        Row("schede visita al secondo (servizio + database)", f"{1 / per_sheet:.0f}/s",
            f"{1 / per_bare:.0f}/s", f"{per_sheet / per_bare:.2f}x", ">= 100/s",
            1 / per_sheet >= 100),
        Row("  pavimento: tela di una pagina, stesso font", f"{1 / per_canvas:.0f}/s", "", "",
            "", True),
    ]  # fmt: skip

    _, code = long_case(opened)
    pdf = case_summary.case_summary_pdf(opened, code, today=TODAY)
    summary_pages = page_count(pdf)
    entries = len(case_summary.case_summary(opened, code, today=TODAY).diary)
    with opened.session() as session:
        summary = case_summary.case_summary(opened, code, today=TODAY)
        diary_texts = [
            t.replace("&", "&amp;").replace("<", "&lt;")
            for entry in summary.diary
            for t in (entry.visit.notes, entry.visit.facts, entry.visit.statements)
            if t
        ]
    summary_time, summary_floor = medians(
        [
            lambda: case_summary.case_summary_pdf(opened, code, today=TODAY),
            lambda: bare_document(diary_texts),
        ],
        max(1, repeat // 2),
    )
    rows.append(
        Row(f"sintesi della cartella ({summary_pages} pagine, {entries} voci, con il database)",
            f"{summary_time:.2f} s", f"{summary_floor:.2f} s",
            f"{summary_time / summary_floor:.2f}x", "< 3 s", summary_time < 3.0)
    )  # fmt: skip
    print(
        f"Schede visita di {pages:.1f} pagine in media, {batch} visite diverse per lotto; "
        f"mediane di {repeat} ripetizioni.\n"
        "Pavimento: lo stesso testo in un documento reportlab nudo, font DejaVu incorporato.\n"
    )
    return rows


def print_table(rows: list[Row]) -> None:
    head = f"{'misura':<72} {'valore':>9} {'nudo':>9} {'rapporto':>9}  {'obiettivo':<9}"
    print(head)
    print("-" * (len(head) + 4))
    for r in rows:
        print(
            f"{r.name:<72} {r.value:>9} {r.floor:>9} {r.ratio:>9}  {r.goal:<9} "
            f"{'ok' if r.ok else 'NO'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=40)
    args = parser.parse_args()
    rows = run(args.repeat, args.batch)
    print_table(rows)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
