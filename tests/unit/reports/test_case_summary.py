"""Sintesi della cartella: the PDF read back with pdftotext against the database, a golden text
snapshot of a fixed synthetic case, and a diary of 500 entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any, TypeVar

import pytest
from reportlab.platypus import Table

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    Authority,
    CaseStatus,
    GoalStatus,
    HoursPeriod,
    MeasureKind,
    MemberRole,
    PlanKind,
    ReferralSource,
    Service,
    VisitKind,
    VisitOutcome,
    VisitStatus,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.reports.case_summary import (
    CaseSummary,
    DiaryAmendment,
    DiaryEntry,
    SummaryActivation,
    SummaryDeadline,
    SummaryPerson,
    render_case_summary,
)
from minorifamiglie.reports.case_summary import story as summary_story
from minorifamiglie.reports.layout import FONT_BOLD, MARGIN, PAGE_WIDTH, Paragraph
from minorifamiglie.services import (
    activations,
    case_summary,
    cases,
    hours_report,
    records,
    visits,
)
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "print" / "sintesi.txt"
COOPERATIVE = "Cooperativa sociale Il Melograno"

R = TypeVar("R", bound=e.Record)


def pdftotext(pdf: bytes, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace folded: a text wrapped over lines is found again as written."""
    return " ".join(text.split())


def pdfinfo(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-isodates", "-"], input=pdf, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.MULTILINE)
    assert found
    return int(found.group(1))


# ------------------------------------------------------------------ read back against the database


@pytest.fixture
def story(opened: OpenProfile) -> dict[str, Any]:
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.ADM,
        title="Sostegno educativo domiciliare",
        summary="Nucleo monoparentale; la madre chiede aiuto per i compiti serali.",
        minor_name="Luca Carminati",
        birth_date=dt.date(2015, 5, 9),
        opened_on=dt.date(2026, 1, 12),
        today=TODAY,
        comune="Zogno",
    )
    ref = str(case.id)
    mother = cases.add_member(
        opened, ref, first_name="Anna", last_name="Carminati", role=MemberRole.MOTHER
    )
    measure = records.add_measure(
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
    act = activations.add_activation(
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

    def visit(day: int, month: int, text: str, **kw: Any) -> e.Visit:
        return visits.add_visit(
            opened,
            case=ref,
            date=dt.date(2026, month, day),
            start=dt.time(15, 0),
            end=dt.time(16, 30),
            place="Domicilio",
            notes=text,
            today=TODAY,
            **kw,
        )

    inside = visit(
        10,
        11,
        "Compiti di italiano con Luca",
        facts="Luca ha svolto gli esercizi da solo.",
        statements="La madre riferisce notti tranquille.",
        evaluations="Si osserva una maggiore fiducia in sé.",
        close=True,
    )
    amendment = visits.amend_visit(opened, inside.id, "Presente anche la nonna materna.")
    cancelled = visit(17, 11, "Famiglia assente", outcome=VisitOutcome.CANCELLED_BY_FAMILY)
    visits.close_visit(opened, cancelled.id, today=TODAY)
    before = visit(10, 9, "Primo incontro di settembre", close=True)
    draft = visit(20, 11, "Bozza ancora da rileggere")
    return dict(
        case=case,
        mother=mother.person,
        measure=measure,
        activation=act,
        goal=goal,
        inside=inside,
        amendment=amendment,
        cancelled=cancelled,
        before=before,
        draft=draft,
    )


def test_the_summary_shows_what_the_database_holds(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    case = story["case"]
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    pdf = case_summary.case_summary_pdf(opened, case.code, start, end, today=TODAY)
    text = flat(pdftotext(pdf))
    detail = cases.show_case(opened, case.code, today=TODAY)

    assert "Sintesi della cartella" in text and f"Cartella {case.code}" in text
    assert "Ambito VBR — Valle Brembana Comune Zogno" in text  # the comune of residence
    assert "Documento riservato — contiene dati personali" in text and "Pagina 1 di" in text
    for member in detail.members:
        assert member.person.full_name in text
        assert member.member.role.label() in text
    assert "09/05/2015" in text  # the minor's birth date
    measure = story["measure"]
    assert measure.kind.label() in text and measure.docket_number in text
    assert "03/02/2027" in text  # next report due
    goal = story["goal"]
    assert goal.title in text and goal.indicators in text
    for deadline in detail.deadlines:
        assert deadline.due_on.strftime("%d/%m/%Y") in text

    usage = activations.hours_used(opened, story["activation"].id, start=start, end=end)
    assert usage.hours == 1.5
    assert f"{usage.hours:.2f}".replace(".", ",") in text
    assert f"{usage.authorised_hours:.2f}".replace(".", ",") in text  # 6 h/week over 30 days

    inside = story["inside"]
    for field in ("notes", "facts", "statements", "evaluations"):
        assert getattr(inside, field) in text
    # Facts, statements and evaluations each under their own label, in this order.
    facts = text.index("Fatti accertati: " + inside.facts)
    said = text.index("Dichiarazioni: " + inside.statements)
    judged = text.index("Valutazioni professionali: " + inside.evaluations)
    assert facts < said < judged
    assert story["amendment"].text in text
    assert "10/11/2026, 15:00–16:30" in text
    assert "Annullata dalla famiglia" in text  # the cancelled visit, with its outcome
    assert story["before"].notes not in text  # before the period
    assert story["draft"].notes not in text  # drafts are not signed
    assert "1 bozza non firmata esclusa" in text
    assert "Diario — novembre 2026" in text


def test_the_summary_counts_hours_as_the_monthly_report_does(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    # 16:00-17:00 overlaps the 15:00-16:30 visit of the same operator: half an hour more.
    visits.add_visit(
        opened,
        case=str(story["case"].id),
        date=dt.date(2026, 11, 10),
        start=dt.time(16, 0),
        end=dt.time(17, 0),
        place="Domicilio",
        notes="Accompagnamento in piscina",
        close=True,
        today=TODAY,
    )
    summary = case_summary.case_summary(
        opened, story["case"].code, dt.date(2026, 11, 1), dt.date(2026, 11, 30), TODAY
    )
    (usage,) = summary.activations
    report = hours_report.hours_report(opened, "2026-11")
    assert usage.used_hours == report.total.delivered_hours == 2.0
    assert usage.authorised_hours == report.total.authorised_hours
    assert usage.visits == report.total.visits == 2


def test_without_a_period_the_whole_diary_is_printed(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    pdf = case_summary.case_summary_pdf(opened, story["case"].code, today=TODAY)
    text = flat(pdftotext(pdf))
    assert story["before"].notes in text and story["inside"].notes in text
    assert "Diario — intero periodo della presa in carico" in text
    assert "Ore erogate e autorizzate nell'intero periodo della presa in carico:" in text


def test_overdue_is_judged_on_the_day_the_summary_is_printed(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    code = story["case"].code
    now = flat(pdftotext(case_summary.case_summary_pdf(opened, code, today=TODAY)))
    assert "Scaduta" not in now
    later = dt.date(2027, 2, 10)
    pdf = case_summary.case_summary_pdf(opened, code, today=later)
    assert "Stampato il 10/02/2027" in flat(pdftotext(pdf))
    # the first line of each row (its cells may wrap, and another row's, the 18th birthday's)
    rows = [flat(line) for line in pdftotext(pdf, "-layout").splitlines()]
    [report] = [r for r in rows if r.startswith("03/02/2027 Relazione di aggiornamento")]
    assert report.endswith(" Scaduta da 7 giorni")
    [review] = [r for r in rows if r.startswith("20/01/2027 Verifica del progetto")]
    assert review.endswith(" Scaduta da 21 giorni")


def test_the_summary_carries_the_moment_it_was_made(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    made = dt.datetime(2026, 11, 24, 16, 5, 9, tzinfo=dt.UTC)
    pdf = case_summary.case_summary_pdf(opened, story["case"].code, today=TODAY, now=made)
    info = pdfinfo(pdf)
    assert info["CreationDate"] == info["ModDate"] == "2026-11-24T16:05:09Z"
    for key in ("Title", "Subject", "Author", "Keywords"):
        value = info.get(key, "")
        assert "Carminati" not in value and story["case"].code not in value, key


def test_an_inverted_period_is_refused(opened: OpenProfile, story: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        case_summary.case_summary_pdf(
            opened, story["case"].code, dt.date(2026, 11, 30), dt.date(2026, 11, 1)
        )


def test_five_hundred_diary_entries(opened: OpenProfile, story: dict[str, Any]) -> None:
    case = story["case"]
    with opened.session() as session:
        repo = Repository(session)
        operator_id = session.info["write_context"].operator_id
        first = dt.date(2024, 1, 1)
        for i in range(500):
            repo.stage(
                e.Visit,
                case_id=case.id,
                activation_id=None,
                operator_id=operator_id,
                kind=VisitKind.HOME_VISIT,
                date=first + dt.timedelta(days=i),
                start_time=dt.time(9, 0),
                end_time=dt.time(10, 0),
                place="Domicilio",
                outcome=VisitOutcome.DONE,
                present_person_ids=PresentPersons(),
                notes=f"Intervento numero {i + 1}: compiti, merenda e gioco in cortile.",
                facts="Luca era presente e collaborante.",
                statements="",
                evaluations="Si osserva una buona relazione con la madre.",
                observations=Observations(),
                next_steps="",
                status=VisitStatus.CLOSED,
                closed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
    last_day = first + dt.timedelta(days=499)
    pdf = case_summary.case_summary_pdf(opened, case.code, first, last_day, today=TODAY)
    n = pages(pdf)
    assert n > 30
    last_page = flat(pdftotext(pdf, "-f", str(n), "-l", str(n)))
    assert f"Pagina {n} di {n}" in last_page
    assert "Intervento numero 500:" in last_page
    whole = flat(pdftotext(pdf))
    assert whole.count("Intervento numero ") == 500
    assert "500 interventi chiusi e firmati" in whole


# ------------------------------------------------------------------ the golden snapshot


def fixed(cls: type[R], n: int, stamp: dt.datetime | None = None, **values: Any) -> R:
    """A record with fixed ids and timestamps, so the document is the same on every run."""
    stamp = stamp or dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    return cls(
        id=uuid.UUID(int=n),
        created_at=stamp,
        updated_at=stamp,
        deleted_at=None,
        version_hlc="0",
        origin_device=uuid.UUID(int=0),
        **values,
    )


def golden_summary() -> CaseSummary:
    case_id = uuid.UUID(int=1)
    case = fixed(
        e.Case, 1, code="VBR-2026-0007-K7A", ambito_id=uuid.UUID(int=2), service=Service.ADM,
        title="Sostegno educativo – nucleo Carminati",
        summary="La madre chiede aiuto per i compiti serali; il padre vive all'estero.",
        status=CaseStatus.OPEN, opened_on=dt.date(2026, 1, 12), closed_on=None,
        referral_source=ReferralSource.SCHOOL, comune="M184",
    )  # fmt: skip
    ambito = fixed(e.Ambito, 2, code="VBR", name="Valle Brembana")
    minor = fixed(
        e.Person, 3, first_name="Luca", last_name="Carminati", birth_date=dt.date(2015, 5, 9),
        tax_code=None, phone="", address="", notes="",
    )  # fmt: skip
    mother = fixed(
        e.Person, 4, first_name="Anna", last_name="D'Alessandro", birth_date=None,
        tax_code=None, phone="", address="", notes="",
    )  # fmt: skip
    measure = fixed(
        e.Measure, 5, case_id=case_id, authority=Authority.JUVENILE_COURT,
        kind=MeasureKind.LIMITATION, docket_number="1234/2026 V.G.",
        issued_on=dt.date(2026, 2, 3),
        prescriptions="Sostegno educativo domiciliare; relazione entro un anno.",
        next_report_due=dt.date(2027, 2, 3),
    )  # fmt: skip
    act = fixed(
        e.ServiceActivation, 6, case_id=case_id, service=Service.ADM,
        start_on=dt.date(2026, 1, 15), end_on=None, authorised_hours=6.0,
        hours_period=HoursPeriod.WEEK, operator_id=uuid.UUID(int=9),
    )  # fmt: skip
    goal = fixed(
        e.Goal, 7, case_id=case_id, plan=PlanKind.PEI, title="Autonomia nei compiti",
        description="Luca organizza da solo lo studio pomeridiano.",
        indicators="Compiti svolti da solo tre sere su cinque.",
        status=GoalStatus.ACTIVE, review_on=dt.date(2027, 1, 20),
    )  # fmt: skip
    visit = fixed(
        e.Visit, 8, case_id=case_id, activation_id=act.id, operator_id=uuid.UUID(int=9),
        kind=VisitKind.HOME_VISIT, date=dt.date(2026, 11, 10), start_time=dt.time(15, 0),
        end_time=dt.time(16, 30), place="Domicilio", outcome=VisitOutcome.DONE,
        present_person_ids=PresentPersons(), notes="Compiti di italiano e di matematica.",
        facts="Luca ha svolto gli esercizi da solo.",
        statements="La madre riferisce: «dorme meglio da quando c'è l'educatrice».",
        evaluations="Si osserva una maggiore fiducia in sé (osservazione diretta).",
        observations=Observations(), next_steps="Prossimo incontro martedì alle 15:00.",
        status=VisitStatus.CLOSED, closed_at=dt.datetime(2026, 11, 10, 17, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    amendment = fixed(
        e.VisitAmendment, 10, dt.datetime(2026, 11, 12, 9, 0, tzinfo=dt.UTC),
        visit_id=visit.id, operator_id=uuid.UUID(int=9),
        text="Presente anche la nonna materna.",
    )  # fmt: skip
    return CaseSummary(
        case=case,
        ambito=ambito,
        operators=("Giulia Bianchi",),
        persons=(SummaryPerson(MemberRole.MINOR, minor), SummaryPerson(MemberRole.MOTHER, mother)),
        measures=(measure,),
        activations=(SummaryActivation(act, "Giulia Bianchi", 1.5, 25.71, 1),),
        goals=(goal,),
        deadlines=(
            SummaryDeadline(
                "Verifica del progetto",
                "Verifica del progetto: Autonomia nei compiti",
                dt.date(2026, 9, 30),
                dt.date(2026, 10, 2),
            ),
            SummaryDeadline("Scadenza", "Colloquio con la scuola", dt.date(2026, 11, 10), None),
            SummaryDeadline(
                "Relazione di aggiornamento al Tribunale",
                "Relazione di aggiornamento al Tribunale",
                dt.date(2027, 2, 3),
                None,
            ),
        ),
        diary=(
            DiaryEntry(visit, "Giulia Bianchi", (DiaryAmendment(amendment, "Giulia Bianchi"),)),
        ),
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
        drafts_left_out=1,
    )


def test_golden_text_snapshot() -> None:
    """The text of a fixed case, line by line. After a deliberate change of the document:
    UPDATE_GOLDEN=1 pytest tests/unit/reports/test_case_summary.py, then read the diff."""
    pdf = render_case_summary(golden_summary(), COOPERATIVE, printed_on=TODAY)
    text = pdftotext(pdf, "-layout")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert "D'Alessandro" in text and "«dorme meglio" in text  # apostrophes and quotes render


def test_the_fonts_are_embedded() -> None:
    pdf = render_case_summary(golden_summary(), COOPERATIVE, printed_on=TODAY)
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    lines = fonts.stdout.decode().splitlines()[2:]
    assert lines and all(" yes " in line and "DejaVu" in line for line in lines)


# ------------------------------------------------------------------ wording on paper


def test_the_comune_of_residence_is_named_or_said_not_given() -> None:
    summary = golden_summary()
    text = flat(pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=TODAY)))
    assert "Comune Zogno" in text
    for code in (None, "Z999"):  # not given; a code this version does not know
        unknown = dataclasses.replace(summary, case=dataclasses.replace(summary.case, comune=code))
        text = flat(pdftotext(render_case_summary(unknown, COOPERATIVE, printed_on=TODAY)))
        assert "Comune non indicato" in text


def test_the_case_status_reads_as_in_the_case_file() -> None:
    summary = golden_summary()
    text = flat(pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=TODAY)))
    assert "Stato Aperta" in text
    suspended = dataclasses.replace(
        summary, case=dataclasses.replace(summary.case, status=CaseStatus.SUSPENDED)
    )
    text = flat(pdftotext(render_case_summary(suspended, COOPERATIVE, printed_on=TODAY)))
    assert "Stato Sospesa" in text
    # Inside a sentence a goal's status stays lower case.
    assert "Autonomia nei compiti — PEI, in corso, verifica il 20/01/2027" in text


@pytest.mark.parametrize(
    ("start", "end", "heading", "hours"),
    [
        (None, None, "Diario — intero periodo della presa in carico",
         "nell'intero periodo della presa in carico"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Diario — marzo 2026",
         "nel mese di marzo 2026"),
        (dt.date(2028, 2, 1), dt.date(2028, 2, 29), "Diario — febbraio 2028",
         "nel mese di febbraio 2028"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 15), "Diario — dal 01/03/2026 al 15/03/2026",
         "dal 01/03/2026 al 15/03/2026"),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 31), "Diario — dal 01/02/2026 al 31/03/2026",
         "dal 01/02/2026 al 31/03/2026"),
        (dt.date(2026, 3, 5), dt.date(2026, 3, 5), "Diario — 05/03/2026", "il 05/03/2026"),
        (dt.date(2026, 3, 1), None, "Diario — dal 01/03/2026", "dal 01/03/2026"),
        (None, dt.date(2026, 3, 31), "Diario — fino al 31/03/2026", "fino al 31/03/2026"),
    ],
    ids=["whole", "month", "leap-february", "days", "two-months", "one-day", "from", "to"],
)  # fmt: skip
def test_every_period_reads_as_italian(
    start: dt.date | None, end: dt.date | None, heading: str, hours: str
) -> None:
    summary = dataclasses.replace(golden_summary(), start=start, end=end)
    text = flat(pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=TODAY)))
    assert heading in text
    assert f"Ore erogate e autorizzate {hours}: visite chiuse e firmate" in text
    assert "nel periodo" not in text  # "nel periodo intero periodo…", "nel periodo dal…"


# ------------------------------------------------------------------ overdue deadlines


def test_overdue_deadlines_are_marked_as_of_the_print_date() -> None:
    summary = golden_summary()
    text = flat(pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=TODAY)))
    assert "Scadenza Tipo Descrizione Quando" in text
    assert "10/11/2026 Scadenza Colloquio con la scuola Scaduta da 14 giorni" in text
    assert "Completata il 02/10/2026" in text  # done late: not overdue
    assert "Tra 71 giorni" in text
    # Printed on its due day, the same deadline is not overdue yet; the day after, it is.
    on_the_day = flat(
        pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=dt.date(2026, 11, 10)))
    )
    assert "Scaduta" not in on_the_day
    assert "Colloquio con la scuola Oggi" in on_the_day
    next_day = flat(
        pdftotext(render_case_summary(summary, COOPERATIVE, printed_on=dt.date(2026, 11, 11)))
    )
    assert "Colloquio con la scuola Scaduta da 1 giorno" in next_day


def test_overdue_deadlines_are_bold_and_the_others_not() -> None:
    parts = summary_story(golden_summary(), TODAY)
    heading = next(
        i for i, p in enumerate(parts) if isinstance(p, Paragraph) and p.text == "Scadenze"
    )
    table = parts[heading + 1]
    assert isinstance(table, Table)
    rows = table._cellvalues[1:]

    def font(cell: object) -> str:
        return cell.style.fontName if isinstance(cell, Paragraph) else ""

    done, overdue, later = rows
    assert [font(overdue[0]), font(overdue[3])] == [FONT_BOLD, FONT_BOLD]
    assert FONT_BOLD not in {font(c) for c in (*done, *later)}
    # Without a print date nothing is judged overdue.
    undated = summary_story(golden_summary(), None)
    text = " ".join(
        str(c.text) for p in undated if isinstance(p, Table) for row in p._cellvalues for c in row
        if isinstance(c, Paragraph)
    )  # fmt: skip
    assert "Scaduta" not in text and "Completata il 02/10/2026" in text


def test_goal_actions_are_printed_under_their_goal_and_the_partner_with_its_service(
    opened: OpenProfile, story: dict[str, Any]
) -> None:
    from minorifamiglie.services import goal_actions

    # Given a goal with an open action and a done one, another goal, and a co-designed service
    goal = story["goal"]
    goal_actions.add_goal_action(
        opened, goal.id, description="Colloquio con le insegnanti", responsible="educatrice",
        due_on=dt.date(2026, 12, 4),
    )  # fmt: skip
    done = goal_actions.add_goal_action(opened, goal.id, description="Diario dei compiti")
    goal_actions.complete_goal_action(opened, done.id, dt.date(2026, 11, 20), today=TODAY)
    records.add_goal(
        opened, str(story["case"].id), title="Relazioni con i compagni",
        review_on=dt.date(2027, 3, 1),
    )  # fmt: skip
    activations.update_activation(opened, story["activation"].id, partner="Cooperativa Alfa")

    # When the summary is printed
    pdf = case_summary.case_summary_pdf(opened, story["case"].code, today=TODAY)
    text = flat(pdftotext(pdf))

    # Then each action reads under its goal, before the next goal
    open_line = (
        "Azione: Colloquio con le insegnanti (educatrice), entro il 04/12/2026 — da svolgere"
    )
    done_line = "Azione: Diario dei compiti — svolta il 20/11/2026"
    assert text.index("Autonomia nei compiti") < text.index(open_line)
    assert text.index(open_line) < text.index(done_line) < text.index("Relazioni con i compagni")
    # and the partner cooperative with the service it co-designs
    assert "In coprogettazione con: Assistenza domiciliare minori (dal 15/01/2026): " in text
    assert "Cooperativa Alfa" in text


# ------------------------------------------------- values at their bounds, from a teammate


def test_a_facts_cell_taller_than_a_page_runs_over_pages() -> None:
    # Twelve operators named at the bound of their column (200 characters), as a teammate's
    # laptop can sync them: one cell of the facts table taller than a page, which reportlab
    # could not split ("Errore imprevisto (LayoutError)" for the summary and the hand-off)
    names = tuple(f"Operatore {i:02d} " + "Bianchi-" * 23 for i in range(12))
    summary = dataclasses.replace(golden_summary(), operators=names)
    pdf = render_case_summary(summary, COOPERATIVE, printed_on=TODAY)
    text = flat(pdftotext(pdf))
    assert "Operatore 00" in text and "Operatore 11" in text
    assert "Sostegno educativo – nucleo Carminati" in text


def test_a_long_cooperative_and_case_code_stay_within_the_header() -> None:
    # A cooperative name of 200 characters (its column's bound) and a case code of 40: each
    # is cut with "…" within its room, never drawn over the title or off the page
    summary = golden_summary()
    summary = dataclasses.replace(summary, case=dataclasses.replace(summary.case, code="W" * 40))
    pdf = render_case_summary(summary, "Cooperativa " * 16 + "Fine", printed_on=TODAY)
    for word in pdftotext(pdf, "-bbox").split("<word ")[1:]:
        x_max = float(re.search(r'xMax="([0-9.]+)"', word).group(1))  # type: ignore[union-attr]
        assert x_max <= PAGE_WIDTH - MARGIN + 0.5, word  # within the page's right margin
    header = pdftotext(pdf, "-layout", "-l", "1").splitlines()[:3]
    assert "…" in header[0] and "Fine" not in header[0]
