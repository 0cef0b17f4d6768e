"""Scheda visita, verbale di incontro facilitato and scheda in bianco: rendered from plain data
and from a real profile through services, read back with pdftotext; a golden text snapshot of
each (UPDATE_GOLDEN=1 rewrites them after a deliberate change: read the diff); AES-256
when saved with a password; the DejaVu fonts embedded and nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import uuid
from pathlib import Path
from typing import TypedDict

import pikepdf
import pytest
from sqlalchemy import select

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain.enums import (
    AuditAction,
    MemberRole,
    Service,
    SheetStatus,
    VisitKind,
)
from minorifamiglie.domain.errors import DomainError, NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.reports.blank_sheet import BlankSheet, qr_code, render_blank_sheet
from minorifamiglie.reports.layout import CONFIDENTIAL
from minorifamiglie.reports.meeting import GridRow, MeetingRecord, render_meeting
from minorifamiglie.reports.visit_sheet import (
    Amendment,
    CaseHeading,
    VisitSheet,
    render_visit_sheet,
)
from minorifamiglie.services import cases, printing, records, visits
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.storage.profile import OpenProfile
from private_modes import is_private_file
from support.clock import TODAY

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "print"
SHEET_ID = uuid.UUID("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")

HEADING = CaseHeading(
    cooperative="Cooperativa sociale L'Arcobaleno",
    ambito="Valle Brembana",
    case_code="VBR-2026-0007-K7Q",
    service="Assistenza domiciliare minori",
    minor_name="Nadia D'Alessio",
    minor_birth_date=dt.date(2016, 4, 12),
    printed_on=dt.date(2026, 11, 24),
)
SHEET = VisitSheet(
    heading=HEADING,
    operators=("Giulia Bianchi",),
    date=dt.date(2026, 10, 6),
    start=dt.time(15, 0),
    end=dt.time(17, 30),
    duration_minutes=150,
    place="Domicilio, via dell'Agro 3, San Pellegrino Terme",
    kind="Visita domiciliare",
    outcome="Svolta",
    present=("Nadia D'Alessio (Minore in carico)", "Rosa D'Alessio (Madre)"),
    goals=("Autonomia nei compiti di matematica", "Routine serale più regolare"),
    notes="Compiti di matematica, poi merenda con la madre.\nNadia è più serena.",
    observations=(("Osservazioni sul minore", "Collabora e si concentra per più di mezz'ora."),),
    risks="",
    facts="Nadia ha svolto tutti gli esercizi assegnati.",
    statements="La madre riferisce: «la settimana è andata meglio».",
    evaluations="La relazione madre-figlia appare in miglioramento (osservazione diretta).",
    next_steps="Rivedersi giovedì; la madre parlerà con l'insegnante.",
    next_appointment="08/10/2026 alle 15:00 — Visita domiciliare",
    amendments=(
        Amendment(dt.date(2026, 10, 8), "Giulia Bianchi", "La madre chiede di spostare l'orario."),
    ),
    closed_on=dt.date(2026, 10, 6),
    closed_by="Giulia Bianchi",
    parent_signature=True,
)
MEETING = MeetingRecord(
    heading=dataclasses.replace(HEADING, service="Incontri facilitati"),
    operator="Marco Locatelli",
    date=dt.date(2026, 10, 13),
    start=dt.time(16, 0),
    end=dt.time(17, 0),
    duration_minutes=60,
    place="Spazio neutro di Zogno",
    outcome="Svolta",
    adults=("Pietro D'Alessio (Padre)",),
    accompanied_by=("Anna Gritti (Affidatario)",),
    punctuality="Il padre arriva con dieci minuti d'anticipo.",
    welcome="Nadia saluta il padre con un abbraccio.",
    activities="Gioco da tavolo, poi disegno libero.",
    grid=(
        GridRow("Contatto fisico", "Adeguato", "Abbraccio all'arrivo e al saluto"),
        GridRow(
            "Comunicazione verbale", "Parzialmente adeguato", "Domande insistenti sulla scuola"
        ),
        GridRow("Sintonia emotiva", "Adeguato"),
        GridRow("Rispetto delle regole e delle indicazioni dell'operatore", "Adeguato"),
        GridRow("Gestione del distacco", "Non adeguato", "Pianto al momento del saluto"),
    ),
    reactions=(
        ("Reazioni del minore prima dell'incontro", "Agitata in sala d'attesa."),
        ("Reazioni del minore durante l'incontro", "Serena."),
        ("Reazioni del minore dopo l'incontro", "Piange, poi si calma con l'affidataria."),
    ),
    interventions="Un richiamo al padre sulle promesse di regali.",
    critical_events="",
    facts="L'incontro è durato un'ora come previsto.",
    statements="Il padre dichiara di voler vedere Nadia più spesso.",
    evaluations="Legame affettivo evidente; il distacco resta faticoso.",
    conclusions="Proporre all'assistente sociale un incontro ogni due settimane.",
    closed_on=dt.date(2026, 10, 13),
    closed_by="Marco Locatelli",
)
BLANK = BlankSheet(
    sheet_id=SHEET_ID,
    heading=HEADING,
    operator="Giulia Bianchi",
    persons=(("Nadia D'Alessio", "Minore in carico"), ("Rosa D'Alessio", "Madre")),
    goals=("Autonomia nei compiti di matematica",),
    kinds=("Visita domiciliare", "Incontro facilitato", "Colloquio", "Accompagnamento", "Scuola"),
    outcomes=("Svolta", "Annullata dalla famiglia", "Annullata dal servizio"),
    parent_signature=True,
)


def pdftotext(pdf: bytes, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.MULTILINE)
    assert found
    return int(found.group(1))


def check_golden(name: str, pdf: bytes) -> None:
    text = pdftotext(pdf, "-layout")
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name}: UPDATE_GOLDEN=1 to renew"


def assert_common(text: str, pdf: bytes) -> None:
    total = page_count(pdf)
    for n in range(1, total + 1):
        assert f"Pagina {n} di {total}" in text
    assert text.count(CONFIDENTIAL) == total
    assert "Stampato il 24/11/2026" in text


# ------------------------------------------------------------------ from plain data


def test_the_visit_sheet_holds_every_field_in_italian() -> None:
    pdf = render_visit_sheet(SHEET)
    text = flat(pdftotext(pdf))
    assert_common(text, pdf)
    for expected in (
        "Scheda visita — diario dell'intervento",
        "Cooperativa sociale L'Arcobaleno",
        "Cartella VBR-2026-0007-K7Q",
        "Nadia D'Alessio",
        "12/04/2016",
        "06/10/2026",
        "15:00–17:30",
        "2 h 30 min",
        "via dell'Agro 3, San Pellegrino Terme",
        "Rosa D'Alessio (Madre)",
        "Autonomia nei compiti di matematica",
        "Nadia è più serena.",
        "Collabora e si concentra per più di mezz'ora.",
        "«la settimana è andata meglio»",
        "08/10/2026 alle 15:00",
        "Firma del genitore (conferma presenza e orario)",
    ):
        assert expected in text, expected
    # Facts, statements and evaluations in separate sections, in this order.
    order = [
        text.index(s) for s in ("Fatti accertati", "Dichiarazioni", "Valutazioni professionali")
    ]
    assert order == sorted(order)
    # The integrazione follows the signed text, with its date and author; then the closure.
    original = text.index("Rivedersi giovedì")
    amendment = text.index("Integrazione del 08/10/2026 — Giulia Bianchi")
    assert original < amendment < text.index("La madre chiede di spostare l'orario.")
    assert amendment < text.index("Chiusa e firmata il 06/10/2026 da Giulia Bianchi")
    assert "BOZZA" not in text


def test_a_draft_is_marked_and_not_signed() -> None:
    draft = dataclasses.replace(SHEET, closed_on=None, amendments=(), parent_signature=False)
    text = flat(pdftotext(render_visit_sheet(draft)))
    assert text.count("BOZZA — non firmata") >= 2  # under the title and in place of the closure
    assert "Scheda visita (bozza)" in text
    assert "Chiusa e firmata" not in text
    assert "Firma del genitore" not in text


def test_a_long_visit_runs_over_pages_numbered_n_of_m() -> None:
    long = dataclasses.replace(SHEET, notes="\n".join(f"Riga {i} del diario." for i in range(500)))
    pdf = render_visit_sheet(long)
    total = page_count(pdf)
    assert total > 3
    text = pdftotext(pdf)
    assert f"Pagina {total} di {total}" in text
    assert "Riga 499 del diario." in text


@pytest.mark.parametrize("lines", range(0, 80, 4))
def test_the_signatures_never_stand_alone_on_a_page(lines: int) -> None:
    """Whatever the length of the visit, the last page holds text before the signatures (the
    sheet of a short visit put them alone on page 2)."""
    sheet = dataclasses.replace(
        SHEET, notes="\n".join(f"Riga {i} del diario." for i in range(lines))
    )
    pages = [p for p in pdftotext(render_visit_sheet(sheet), "-layout").split("\f") if p.strip()]
    assert "Firma dell'operatore" in pages[-1]
    assert "spostare l'orario" in pages[-1]  # the amendment just before the signatures


def test_the_meeting_record_has_its_observation_grid() -> None:
    pdf = render_meeting(MEETING)
    text = flat(pdftotext(pdf))
    assert_common(text, pdf)
    assert "Verbale di incontro facilitato" in text
    assert "Pietro D'Alessio (Padre)" in text
    assert "Anna Gritti (Affidatario)" in text
    for row in MEETING.grid:
        assert row.item in text
    assert "Gestione del distacco Non adeguato Pianto al momento del saluto" in text
    assert "Reazioni del minore dopo l'incontro" in text
    assert "Chiusa e firmata il 13/10/2026 da Marco Locatelli" in text


def test_a_grid_note_taller_than_a_page_runs_over_pages() -> None:
    # A note of the observation grid typed (or pasted) at length: its row of the grid is
    # taller than a page, which reportlab could not split, and a closed meeting's record could
    # never be printed again ("Errore imprevisto (LayoutError)")
    note = "Il padre insiste a lungo sulla gita al lago e sulla scuola. " * 80
    grid = (GridRow("Comunicazione verbale", "Non adeguato", note), *MEETING.grid[1:])
    pdf = render_meeting(dataclasses.replace(MEETING, grid=grid))
    text = flat(pdftotext(pdf))
    assert page_count(pdf) >= 2
    assert text.count("gita al lago") == 80
    assert "Gestione del distacco Non adeguato Pianto al momento del saluto" in text


def test_the_blank_sheet_carries_only_its_id_in_the_qr_code() -> None:
    pdf = render_blank_sheet(BLANK)
    text = flat(pdftotext(pdf))
    assert_common(text, pdf)
    assert BLANK.code == f"MF-SCHEDA:{SHEET_ID}"
    [widget] = qr_code(BLANK.code).contents
    assert widget.value == BLANK.code  # no name, no case code
    assert f"Codice scheda: MF-SCHEDA:{SHEET_ID}" in text
    for expected in (
        "Rosa D'Alessio Madre",
        "Descrizione dell'intervento",
        "Accordi e prossimi passi",
        "Prossimo appuntamento",
        "☐ Visita domiciliare",
        "Firma dell'operatore",
    ):
        assert expected in text, expected
    assert page_count(pdf) == 2


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("scheda_visita", lambda: render_visit_sheet(SHEET)),
        ("verbale_incontro", lambda: render_meeting(MEETING)),
        ("scheda_in_bianco", lambda: render_blank_sheet(BLANK)),
    ],
)
def test_golden_text(name: str, render: object) -> None:
    assert callable(render)
    check_golden(name, render())


@pytest.mark.parametrize("render", [render_visit_sheet, render_meeting, render_blank_sheet])
def test_only_the_dejavu_fonts_are_used_and_embedded(render: object, tmp_path: Path) -> None:
    data = {render_visit_sheet: SHEET, render_meeting: MEETING, render_blank_sheet: BLANK}
    assert callable(render)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render(data[render]))  # type: ignore[index]
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "DejaVuSans" in row, row
        assert row.split()[-5:-3] == ["yes", "yes"], row  # embedded, subset


def test_the_same_data_gives_the_same_bytes() -> None:
    assert render_visit_sheet(SHEET) == render_visit_sheet(SHEET)


def pdfinfo(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-isodates", "-"], input=pdf, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def test_a_document_says_when_it_was_made_not_1_january_2000() -> None:
    made = dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    dated = dataclasses.replace(SHEET, heading=dataclasses.replace(HEADING, created_at=made))
    info = pdfinfo(render_visit_sheet(dated))
    assert dt.datetime.fromisoformat(info["CreationDate"]) == made
    assert info["ModDate"] == info["CreationDate"]
    assert render_visit_sheet(dated) == render_visit_sheet(dated)  # the date is input too
    # Without the moment, the day it says it was printed.
    assert pdfinfo(render_visit_sheet(SHEET))["CreationDate"].startswith("2026-11-24")


# ------------------------------------------------------------------ from a real profile


class Adm(TypedDict):
    case: CaseId
    visit: VisitId
    meeting: VisitId


@pytest.fixture
def adm(opened: OpenProfile) -> Adm:
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        minor_name="Nadia D'Alessio",
        birth_date=dt.date(2016, 4, 12),
        today=TODAY,
    )
    mother = cases.add_member(
        opened, str(case.id), first_name="Rosa", last_name="D'Alessio",
        role=MemberRole.MOTHER, today=TODAY,
    )  # fmt: skip
    father = cases.add_member(
        opened, str(case.id), first_name="Pietro", last_name="D'Alessio",
        role=MemberRole.FATHER, today=TODAY,
    )  # fmt: skip
    goal = records.add_goal(opened, case.id, title="Autonomia nei compiti")
    meeting = visits.add_visit(
        opened,
        case=str(case.id),
        kind=VisitKind.FACILITATED_MEETING,
        date=dt.date(2026, 10, 13),
        start=dt.time(16, 0),
        end=dt.time(17, 0),
        place="Spazio neutro di Zogno",
        notes="Gioco da tavolo.",
        observations=obs.parse(  # an older shape too: a grid item as a bare rating
            json.dumps(
                {
                    "gestione_distacco": {"rating": "non-adeguato", "note": "Pianto al saluto"},
                    "contatto_fisico": "adeguato",
                    "reazioni_prima": "Agitata in sala d'attesa.",
                }
            )
        ),
        present=(father.person.id,),
        today=TODAY,
    )
    visit = visits.add_visit(
        opened,
        case=str(case.id),
        date=dt.date(2026, 10, 6),
        start=dt.time(15, 0),
        end=dt.time(17, 0),
        place="Domicilio",
        notes="Compiti di matematica, poi merenda.",
        facts="Nadia ha svolto gli esercizi.",
        statements="La madre dice che la settimana è andata bene.",
        evaluations="Clima sereno.",
        observations=obs.Observations(texts={"sul_minore": "Più concentrata."}),
        present=(mother.person.id,),
        goals=(goal.id,),
        close=True,
        today=TODAY,
    )
    visits.amend_visit(opened, visit.id, "Integrazione: l'insegnante conferma i progressi.")
    return {"case": case.id, "visit": visit.id, "meeting": meeting.id}


def audit_events(opened: OpenProfile, action: AuditAction) -> list[AuditEventRow]:
    with opened.session() as session:
        return list(
            session.execute(select(AuditEventRow).where(AuditEventRow.action == action))
            .scalars()
            .all()
        )


def test_the_visit_sheet_of_a_real_visit(opened: OpenProfile, adm: Adm) -> None:
    # Renamed after the visit was signed: its sheet names the cooperative of the signature
    printing.set_cooperative_name(opened, "Cooperativa sociale Il Melograno")
    pdf = printing.visit_sheet_pdf(opened, str(adm["visit"]), today=TODAY)
    text = flat(pdftotext(pdf))
    code = cases.show_case(opened, str(adm["case"])).case.code
    assert "Il Melograno" not in text
    for expected in (
        printing.DEFAULT_COOPERATIVE,
        f"Cartella {code}",
        "Valle Brembana",
        "Nadia D'Alessio",
        "12/04/2016",
        "Giulia Bianchi",
        "06/10/2026",
        "15:00–17:00",
        "Rosa D'Alessio (Madre)",
        "Autonomia nei compiti",
        "Più concentrata.",
        "la settimana è andata bene",
        "13/10/2026 alle 16:00 — Incontro facilitato, Spazio neutro di Zogno",
        "Firma del genitore",
    ):
        assert expected in text, expected
    assert "Pietro" not in text  # not present at this visit
    assert text.index("Clima sereno.") < text.index("l'insegnante conferma i progressi.")
    assert re.search(r"Chiusa e firmata il \d\d/\d\d/\d{4} da Giulia Bianchi", text)


def test_the_meeting_record_of_a_real_meeting(opened: OpenProfile, adm: Adm) -> None:
    text = flat(pdftotext(printing.meeting_pdf(opened, adm["meeting"], today=TODAY)))
    assert printing.DEFAULT_COOPERATIVE in text
    assert "Pietro D'Alessio (Padre)" in text
    assert "Gestione del distacco Non adeguato Pianto al saluto" in text
    assert "Contatto fisico Adeguato" in text
    assert "Sintonia emotiva Non osservato" not in text  # not rated: shown as a dash
    assert "Agitata in sala d'attesa." in text
    assert "BOZZA — non firmata" in text  # the meeting is still a draft


def test_only_a_meeting_has_a_meeting_record(opened: OpenProfile, adm: Adm) -> None:
    with pytest.raises(DomainError, match="non è un incontro facilitato"):
        printing.meeting_pdf(opened, adm["visit"])
    with pytest.raises(ValidationError, match="non valido"):
        printing.visit_sheet_pdf(opened, "non-un-id")
    with pytest.raises(NotFoundError):
        printing.visit_sheet_pdf(opened, str(uuid.uuid4()))


def test_blank_sheets_are_recorded_until_transcribed_or_destroyed(
    opened: OpenProfile, adm: Adm
) -> None:
    sheet_id, pdf = printing.blank_sheet_pdf(opened, str(adm["case"]), today=TODAY)
    text = flat(pdftotext(pdf))
    assert f"MF-SCHEDA:{sheet_id}" in text
    assert "Pietro D'Alessio Padre" in text
    [view] = printing.list_sheets(opened)
    assert (view.id, view.status, view.printed_by) == (
        sheet_id,
        SheetStatus.PRINTED,
        "Giulia Bianchi",
    )
    assert printing.list_sheets(opened, str(adm["case"])) == [view]

    with pytest.raises(ValidationError, match="altra cartella"):
        other = cases.add_case(opened, ambito="BG", service=Service.TUTELA, today=TODAY)
        visit = visits.add_visit(
            opened, case=str(other.id), date=TODAY, start=dt.time(9), end=dt.time(10),
            place="Scuola", notes="Colloquio.", today=TODAY,
        )  # fmt: skip
        printing.mark_sheet(opened, sheet_id, SheetStatus.TRANSCRIBED, visit.id)
    done = printing.mark_sheet(
        opened, f"MF-SCHEDA:{sheet_id}", SheetStatus.TRANSCRIBED, adm["visit"]
    )
    assert (done.status, done.transcribed_visit_id) == (SheetStatus.TRANSCRIBED, adm["visit"])
    with pytest.raises(ValidationError, match="non può diventare"):
        printing.mark_sheet(opened, sheet_id, SheetStatus.TRANSCRIBED)
    assert printing.mark_sheet(opened, sheet_id, SheetStatus.DESTROYED).status is (
        SheetStatus.DESTROYED
    )
    with pytest.raises(ValidationError, match="non può diventare"):
        printing.mark_sheet(opened, sheet_id, SheetStatus.PRINTED)


def test_every_document_is_dated_by_the_services_clock_without_personal_metadata(
    opened: OpenProfile, adm: Adm
) -> None:
    made = dt.datetime(2026, 11, 24, 9, 15, tzinfo=dt.UTC)
    documents = {
        "Scheda visita": printing.visit_sheet_pdf(opened, adm["visit"], TODAY, made),
        "Verbale di incontro": printing.meeting_pdf(opened, adm["meeting"], TODAY, made),
        "Scheda in bianco": printing.blank_sheet_pdf(opened, str(adm["case"]), TODAY, made)[1],
    }
    code = cases.show_case(opened, str(adm["case"]), today=TODAY).case.code
    for subject, pdf in documents.items():
        info = pdfinfo(pdf)
        assert info["CreationDate"] == info["ModDate"] == "2026-11-24T09:15:00Z", subject
        assert info["Subject"] == subject
        assert info["Author"] == printing.DEFAULT_COOPERATIVE
        for key in ("Title", "Subject", "Author", "Keywords"):
            value = info.get(key, "")
            assert "D'Alessio" not in value and "Nadia" not in value and code not in value


def test_by_default_a_document_is_dated_now(opened: OpenProfile, adm: Adm) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    pdf = printing.visit_sheet_pdf(opened, adm["visit"])
    after = dt.datetime.now(dt.UTC)
    made = dt.datetime.fromisoformat(pdfinfo(pdf)["CreationDate"])
    assert before <= made <= after


def test_a_saved_pdf_is_private_encrypted_and_audited(
    opened: OpenProfile, adm: Adm, tmp_path: Path
) -> None:
    pdf = printing.visit_sheet_pdf(opened, adm["visit"])
    out = tmp_path / "stampe"
    out.mkdir()
    target = out / "scheda.pdf"
    printing.save_pdf(
        opened, pdf, target, kind="visit_sheet", entity="visits", entity_id=adm["visit"],
        case_id=adm["case"], password="una password lunga",
    )  # fmt: skip
    assert is_private_file(target)
    assert [p.name for p in out.iterdir()] == ["scheda.pdf"]  # no temporary file left
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="una password lunga") as doc:
        assert doc.encryption.R == 6  # AES-256
        assert len(doc.pages) == page_count(pdf)
    plain = out / "chiaro.pdf"
    printing.save_pdf(
        opened, pdf, plain, kind="visit_sheet", entity="visits", entity_id=adm["visit"],
        case_id=adm["case"],
    )  # fmt: skip
    assert plain.read_bytes() == pdf
    [enc, clear] = audit_events(opened, AuditAction.EXPORT)
    assert (enc.entity, enc.entity_id, enc.case_id) == ("visits", adm["visit"], adm["case"])
    assert json.loads(enc.detail) == {"kind": "visit_sheet", "format": "pdf", "encrypted": True}
    assert json.loads(clear.detail)["encrypted"] is False


def test_printing_is_audited_without_personal_data(opened: OpenProfile, adm: Adm) -> None:
    printing.record_print(opened, "meeting", "visits", adm["meeting"], adm["case"])
    [event] = audit_events(opened, AuditAction.PRINT)
    assert (event.entity_id, event.case_id) == (adm["meeting"], adm["case"])
    assert json.loads(event.detail) == {"kind": "meeting"}


def test_the_cooperative_name_is_a_setting(opened: OpenProfile) -> None:
    assert printing.cooperative_name(opened) == printing.DEFAULT_COOPERATIVE
    printing.set_cooperative_name(opened, "  Cooperativa   Sociale  Il Pugno Aperto ")
    assert printing.cooperative_name(opened) == "Cooperativa Sociale Il Pugno Aperto"
    with pytest.raises(ValidationError):
        printing.set_cooperative_name(opened, "   ")
