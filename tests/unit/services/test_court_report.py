"""Relazione di aggiornamento: a real profile with signed visits whose facts, statements and
evaluations are filled, gathered per period into three sections; the .odt read back through
odfpy's loader and as the XML in the zip, the PDF read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from odf import opendocument, teletype
from odf.namespaces import TEXTNS
from odf.text import P

from minorifamiglie.domain.enums import (
    Authority,
    HoursPeriod,
    MeasureKind,
    MemberRole,
    PlanKind,
    Service,
    VisitKind,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import activations, cases, court_report, records, visits
from minorifamiglie.storage.profile import OpenProfile

TODAY = dt.date(2026, 12, 5)
NOW = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def story(opened: OpenProfile) -> dict[str, Any]:
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        minor_name="Luca Carminati",
        birth_date=dt.date(2015, 5, 9),
        opened_on=dt.date(2026, 1, 12),
        today=TODAY,
    )
    ref = str(case.id)
    mother = cases.add_member(
        opened, ref, first_name="Anna", last_name="Carminati", role=MemberRole.MOTHER
    )
    records.add_measure(
        opened,
        ref,
        authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.LIMITATION,
        issued_on=dt.date(2026, 2, 3),
        docket_number="1234/2026 V.G.",
        prescriptions="Sostegno educativo domiciliare per sei ore settimanali.",
        next_report_due=dt.date(2027, 2, 3),
        today=TODAY,
    )
    activations.add_activation(
        opened,
        ref,
        service=Service.ADM,
        start_on=dt.date(2026, 1, 15),
        authorised_hours=6.0,
        hours_period=HoursPeriod.WEEK,
    )
    goal = records.add_goal(
        opened,
        ref,
        title="Autonomia nei compiti",
        plan=PlanKind.PEI,
        indicators="Compiti svolti da solo tre sere su cinque",
        review_on=dt.date(2027, 1, 20),
    )

    def visit(day: dt.date, tag: str, **kw: Any) -> Any:
        kw.setdefault("start", dt.time(15, 0))
        kw.setdefault("end", dt.time(16, 30))
        return visits.add_visit(
            opened,
            case=ref,
            date=day,
            place=kw.pop("place", "Domicilio"),
            notes=f"Descrizione {tag}",
            facts=f"Fatto {tag}.",
            statements=f"La madre dichiara {tag}.",
            evaluations=f"Si valuta {tag}.",
            today=TODAY,
            **kw,
        )

    # Entered out of order: the report sorts by date.
    late = visit(
        dt.date(2026, 11, 30),
        "ultimo giorno",
        close=True,
        present=(mother.person.id,),
        evaluation_method="Colloquio con la madre e osservazione della relazione",
    )
    first = visit(dt.date(2026, 11, 1), "primo giorno", close=True)
    meeting = visit(
        dt.date(2026, 11, 12),
        "incontro",
        kind=VisitKind.FACILITATED_MEETING,
        place="Spazio neutro",
        close=True,
        present=(mother.person.id,),
    )
    amendment = visits.amend_visit(opened, first.id, "Presente anche la nonna materna.")
    equipe = visits.add_visit(
        opened, case=ref, kind=VisitKind.TEAM_MEETING, date=dt.date(2026, 11, 20),
        start=dt.time(9), end=dt.time(10), place="Sede del servizio", notes="Verifica del PEI.",
        close=True, today=TODAY,
    )  # fmt: skip
    before = visit(dt.date(2026, 10, 31), "vigilia", close=True)
    after = visit(dt.date(2026, 12, 1), "dopo", close=True, start=dt.time(9), end=dt.time(10))
    draft = visit(dt.date(2026, 11, 20), "in bozza")
    return dict(
        case=case, mother=mother.person, goal=goal, first=first, late=late, meeting=meeting,
        amendment=amendment, equipe=equipe, before=before, after=after, draft=draft,
    )  # fmt: skip


def report(
    opened: OpenProfile, story: dict[str, Any], period: tuple[dt.date, dt.date] = NOVEMBER
) -> court_report.CourtReport:
    return court_report.court_report(opened, story["case"].code, *period, today=TODAY, now=NOW)


def test_the_three_sections_hold_the_signed_texts_of_the_period_in_date_order(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    r = report(opened, story)
    assert [x.text for x in r.facts] == [
        "Fatto primo giorno.",
        "Fatto incontro.",
        "Fatto ultimo giorno.",
    ]  # the edges of the period included, the day before and after not, the draft not
    assert [x.text for x in r.statements] == [
        "La madre dichiara primo giorno.",
        "La madre dichiara incontro.",
        "La madre dichiara ultimo giorno.",
    ]
    mother = ("Anna Carminati (Madre)",)
    assert [x.present for x in r.statements] == [(), mother, mother]
    methods = [x.method for x in r.evaluations]
    assert methods[0] == "osservazione diretta nel contesto domiciliare (Domicilio)"
    assert "incontro facilitato" in methods[1] and "Spazio neutro" in methods[1]
    # The method the operator wrote beside the evaluation, when there is one
    assert methods[2] == "Colloquio con la madre e osservazione della relazione"
    assert all(x.operator == "Giulia Bianchi" for x in r.facts)
    # The integrazione stands with its signed visit, in every section.
    for section in (r.facts, r.statements, r.evaluations):
        assert [a.text for a in section[0].amendments] == [story["amendment"].text]
        assert section[1].amendments == ()
    assert (r.signed_visits, r.drafts_left_out) == (4, 1)
    assert r.court == "Tribunale per i Minorenni di Brescia"
    assert r.minor_name == "Luca Carminati" and r.case_code == story["case"].code
    assert [m.kind for m in r.meetings] == ["Incontro facilitato", "Riunione d'équipe"]
    assert [g.title for g in r.goals] == ["Autonomia nei compiti"]
    assert r.measures[0].docket_number == "1234/2026 V.G."


def test_hours_are_the_ones_of_the_hours_rule(opened: OpenProfile, story: dict[str, Any]) -> None:
    r = report(opened, story)
    [line] = r.hours
    usage = activations.hours_used(
        opened, activations.list_activations(opened, str(story["case"].id))[0].id,
        start=NOVEMBER[0], end=NOVEMBER[1],
    )  # fmt: skip
    assert line.delivered == usage.hours == 5.5  # three visits of 1.5 h, the équipe 1 h
    assert line.authorised == usage.authorised_hours
    assert line.visits == 3


def test_a_period_with_nothing_says_so(opened: OpenProfile, story: dict[str, Any]) -> None:
    period = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    r = report(opened, story, period)
    assert (r.facts, r.statements, r.evaluations, r.meetings) == ((), (), (), ())
    text = odt_text(court_report.court_report_bytes(r, ".odt"))
    assert text.count("Nessun elemento registrato nel periodo.") == 3
    assert "Nessun incontro nel periodo." in text
    pdf = pdftotext(court_report.court_report_bytes(r, ".pdf"))
    assert pdf.count("Nessun elemento registrato nel periodo.") == 3


def test_a_period_ending_before_it_starts_is_refused(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        report(opened, story, (NOVEMBER[1], NOVEMBER[0]))


# ------------------------------------------------------------------ the .odt read back


def odt_text(data: bytes) -> str:
    doc = opendocument.load(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in doc.text.getElementsByType(P))


def odt_blocks(data: bytes) -> list[tuple[str, str]]:
    """The body in document order: ("h", heading) or ("p", paragraph)."""
    doc = opendocument.load(io.BytesIO(data))
    out: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            if child.qname == (TEXTNS, "h"):
                out.append(("h", teletype.extractText(child)))
            elif child.qname == (TEXTNS, "p"):
                out.append(("p", teletype.extractText(child)))
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(doc.text)
    return out


def section(blocks: list[tuple[str, str]], heading: str) -> list[str]:
    start = blocks.index(("h", heading))
    end = next(i for i in range(start + 1, len(blocks)) if blocks[i][0] == "h")
    return [text for _, text in blocks[start + 1 : end]]


def test_the_odt_keeps_facts_statements_and_evaluations_apart(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    data = court_report.court_report_bytes(report(opened, story), ".odt")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist()[0] == "mimetype"
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert z.getinfo("content.xml").date_time == (2026, 12, 5, 9, 30, 0)
        styles = z.read("styles.xml").decode()
    # Real named styles: editable as headings in LibreOffice and Word.
    assert 'style:name="Heading_20_1"' in styles and 'style:display-name="Heading 1"' in styles
    blocks = odt_blocks(data)
    headings = [t for k, t in blocks if k == "h"]
    assert headings[:4] == [
        "Provvedimenti in vigore",
        "1. Fatti accertati",
        "2. Dichiarazioni",
        "3. Valutazioni professionali",
    ]
    assert {"Obiettivi del PEI", "Ore erogate e autorizzate", "Incontri", "Firme"} <= set(headings)
    facts = section(blocks, "1. Fatti accertati")
    said = section(blocks, "2. Dichiarazioni")
    judged = section(blocks, "3. Valutazioni professionali")
    texts = [t for t in facts if t.startswith("Fatto ")]
    assert texts == ["Fatto primo giorno.", "Fatto incontro.", "Fatto ultimo giorno."]
    assert not any("dichiara" in t or "Si valuta" in t for t in facts)
    assert "01/11/2026 — Visita domiciliare, Giulia Bianchi" in facts
    assert "Integrazione del" in "\n".join(facts) and story["amendment"].text in "\n".join(facts)
    assert [t for t in said if "dichiara" in t] == [
        "La madre dichiara primo giorno.",
        "La madre dichiara incontro.",
        "La madre dichiara ultimo giorno.",
    ]
    assert "Presenti: Anna Carminati (Madre)" in said
    assert "Presenti: non registrati" in said
    assert [t for t in judged if t.startswith("Si valuta")] == [
        "Si valuta primo giorno.",
        "Si valuta incontro.",
        "Si valuta ultimo giorno.",
    ]
    assert "Metodo: osservazione diretta nel contesto domiciliare (Domicilio)" in judged
    whole = "\n".join(t for _, t in blocks)
    for gone in ("vigilia", "dopo.", "in bozza"):
        assert gone not in whole
    assert "Tribunale per i Minorenni di Brescia" in whole
    assert "Luca Carminati" in whole and story["case"].code in whole
    assert "dal 01/11/2026 al 30/11/2026" in whole
    assert "Autonomia nei compiti (PEI) — in corso, verifica il 20/01/2027" in whole
    assert "bozza del periodo è esclusa" in whole
    # The hours table: delivered against authorised, as the hours rule says.
    cells = [t for k, t in blocks if k == "p"]
    assert "5,50" in cells


def test_the_odt_is_the_same_bytes_for_the_same_content_and_clock(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    r = report(opened, story)
    assert court_report.court_report_bytes(r, ".odt") == court_report.court_report_bytes(r, ".odt")


# ------------------------------------------------------------------ the PDF read back


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_the_pdf_says_the_same_in_the_same_order(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    text = pdftotext(court_report.court_report_bytes(report(opened, story), ".pdf"))
    marks = [
        "1. Fatti accertati",
        "Fatto primo giorno.",
        "Fatto incontro.",
        "Fatto ultimo giorno.",
        "2. Dichiarazioni",
        "La madre dichiara primo giorno.",
        "Presenti: non registrati",
        "La madre dichiara incontro.",
        "Presenti: Anna Carminati (Madre)",
        "3. Valutazioni professionali",
        "Si valuta primo giorno.",
        "Metodo: osservazione diretta nel contesto domiciliare (Domicilio)",
        "Obiettivi del PEI",
        "Ore erogate e autorizzate",
        "Incontri",
        "Riunione d'équipe",
    ]
    places = [text.index(mark) for mark in marks]
    assert places == sorted(places)
    assert "Tribunale per i Minorenni di Brescia" in text
    assert "Documento riservato — contiene dati personali" in text
    assert "in bozza" not in text and "vigilia" not in text


# ------------------------------------------------------------------ saving


def test_saved_with_no_personal_data_in_the_file_name(
    opened: OpenProfile, story: dict[str, Any], tmp_path: Path
) -> None:
    r = report(opened, story)
    name = court_report.file_name(r)
    assert re.fullmatch(r"relazione-[A-Z0-9-]+-20261101-20261130", name)
    assert "Carminati" not in name and "Luca" not in name
    path = tmp_path / f"{name}.odt"
    court_report.save_court_report(opened, r.case_code, *NOVEMBER, path, today=TODAY, now=NOW)
    assert section(odt_blocks(path.read_bytes()), "1. Fatti accertati")[1] == "Fatto primo giorno."
    with pytest.raises(ValidationError):
        court_report.save_court_report(
            opened, r.case_code, *NOVEMBER, tmp_path / "r.odt", password="segreta"
        )
    with pytest.raises(ValidationError):
        court_report.save_court_report(opened, r.case_code, *NOVEMBER, tmp_path / "r.docx")
    assert not (tmp_path / "r.odt").exists()
