"""The settings of an Ambito: set by the coordinator from a day on, read as they held on a day,
used by the hours (report, case file, summary), the derived deadlines and the documents'
cooperative and logo; refused to anyone else; the logo checked; synchronised to the team."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import (
    AuditAction,
    DeadlineKind,
    HoursPeriod,
    OpKind,
    Role,
    Service,
    VisitKind,
    VisitOutcome,
)
from minorifamiglie.domain.errors import DomainError, ValidationError
from minorifamiglie.domain.hours import HoursRules
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.domain.validation import LOGO_MAX_BYTES
from minorifamiglie.reports import layout
from minorifamiglie.services import (
    activations,
    ambito_settings,
    case_summary,
    cases,
    deadlines,
    hours_report,
    printing,
    profiles,
    syncing,
    visits,
)
from minorifamiglie.services.ambito_settings import row_on, set_settings, settings_on
from minorifamiglie.storage.models import AuditEventRow, ChangeRow
from minorifamiglie.storage.profile import OpenProfile
from support.clock import TODAY
from support.profiles import PASSPHRASE, ProfileCopies
from sync_team import new_case, sync_all, team_of

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def coord(tmp_path: Path, profile_copy: ProfileCopies) -> Iterator[OpenProfile]:
    root = profile_copy(
        tmp_path / "coordinatrice", "Anna Coordinatrice", Role.COORDINATOR, "portatile"
    )
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        yield opened
    finally:
        opened.close()


def png(width: int = 60, height: int = 30, color: str = "#2f6690") -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 80, height: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#c62828").save(out, "JPEG")
    return out.getvalue()


def adm_case(who: OpenProfile, ambito: str = "VBR") -> e.Case:
    case = cases.add_case(
        who,
        ambito=ambito,
        service=Service.ADM,
        minor_name="Luca Rota",
        birth_date=dt.date(2015, 3, 2),
        opened_on=dt.date(2026, 1, 12),
        today=TODAY,
    )
    activations.add_activation(
        who,
        case.id,
        service=Service.ADM,
        start_on=dt.date(2026, 9, 1),
        authorised_hours=20,
        hours_period=HoursPeriod.MONTH,
    )
    return case


def visit(
    who: OpenProfile,
    code: str,
    day: dt.date,
    start: str = "15:00",
    end: str = "17:00",
    outcome: VisitOutcome = VisitOutcome.DONE,
    kind: VisitKind = VisitKind.HOME_VISIT,
) -> e.Visit:
    return visits.add_visit(
        who,
        case=code,
        date=day,
        start=dt.time.fromisoformat(start),
        end=dt.time.fromisoformat(end),
        kind=kind,
        place="domicilio",
        notes="Compiti con la madre presente.",
        outcome=outcome,
        close=True,
        today=TODAY,
    )


def setting(**values: object) -> e.AmbitoSettings:
    """A settings row as the repository gives it, for the pure lookup."""
    base: dict[str, object] = dict(
        id=uuid.uuid4(),
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        deleted_at=None,
        version_hlc="001700000000000:000000:" + "0" * 32,
        origin_device=uuid.uuid4(),
        ambito_id=uuid.uuid4(),
        valid_from=dt.date(2026, 1, 1),
        count_missed=False,
        count_phone_calls=True,
        foster_review_months=6,
        placement_max_months=24,
        missing_pei_after_days=60,
        cooperative_name="",
    )
    base.update(values)
    return e.AmbitoSettings(**base)  # type: ignore[arg-type]


def logged(who: OpenProfile, row_id: uuid.UUID) -> list[OpKind]:
    """The change log's operations on a settings row: what the team will receive."""
    with who.read_session() as session:
        return list(
            session.execute(
                select(ChangeRow.kind)
                .where(ChangeRow.entity == "ambito_settings", ChangeRow.entity_id == row_id)
                .order_by(ChangeRow.seq)
            ).scalars()
        )


def audited(who: OpenProfile, row_id: uuid.UUID) -> list[tuple[AuditAction, dict[str, object]]]:
    with who.read_session() as session:
        rows = session.execute(
            select(AuditEventRow.action, AuditEventRow.detail)
            .where(AuditEventRow.entity == "ambito_settings", AuditEventRow.entity_id == row_id)
            .order_by(AuditEventRow.seq)
        )
        return [(AuditAction(action), json.loads(detail)) for action, detail in rows]


# ------------------------------------------------------------------ the dated lookup


def test_without_settings_an_ambito_has_todays_defaults(coord: OpenProfile) -> None:
    found = settings_on(coord, "VBR", TODAY)
    assert (found.hours, found.deadlines) == (HoursRules(), DeadlineRules())
    assert found.cooperative == printing.cooperative_name(coord) == printing.DEFAULT_COOPERATIVE
    assert (found.logo, found.valid_from, found.settings_id, found.own_cooperative) == (
        None,
        None,
        None,
        False,
    )
    printing.set_cooperative_name(coord, "Cooperativa Il Melograno")
    assert settings_on(coord, "VBR", TODAY).cooperative == "Cooperativa Il Melograno"


def test_the_settings_in_effect_are_those_of_the_latest_day_not_after(coord: OpenProfile) -> None:
    first = set_settings(coord, "VBR", dt.date(2026, 1, 1), count_missed=True)
    later = set_settings(coord, "VBR", dt.date(2027, 1, 1), foster_review_months=3)
    # Dated between the two: it starts from what held on its day, the later one is untouched.
    middle = set_settings(coord, "VBR", dt.date(2026, 7, 1), cooperative_name=" Coop  Sole ")

    before = settings_on(coord, "VBR", dt.date(2025, 12, 31))
    assert before.valid_from is None and before.hours == HoursRules()
    on_day = settings_on(coord, "VBR", dt.date(2026, 1, 1))
    assert on_day.valid_from == dt.date(2026, 1, 1)
    assert on_day.hours == HoursRules(count_missed=True)
    summer = settings_on(coord, "vbr", dt.date(2026, 8, 15))  # code or name, any case
    assert (summer.hours.count_missed, summer.cooperative, summer.own_cooperative) == (
        True,
        "Coop Sole",
        True,
    )
    next_year = settings_on(coord, "Valle Brembana", dt.date(2027, 3, 1))
    # The 2027 row carried what held on 1 January 2027 when it was written (before the
    # July row existed): it names no cooperative, so this device's name is shown.
    assert next_year.deadlines == DeadlineRules(foster_review_months=3)
    assert next_year.hours == HoursRules(count_missed=True)
    assert next_year.cooperative == printing.DEFAULT_COOPERATIVE
    assert settings_on(coord, "BG", dt.date(2027, 3, 1)).valid_from is None  # other Ambiti

    assert [v.id for v in ambito_settings.history(coord, "VBR")] == [
        later.id,
        middle.id,
        first.id,
    ]
    assert first.set_by == "Anna Coordinatrice"
    assert logged(coord, first.id) == [OpKind.INSERT]
    assert audited(coord, first.id) == [(AuditAction.CREATE, {"fields": ["count_missed"]})]


def test_a_change_on_the_same_day_edits_that_row(coord: OpenProfile) -> None:
    row = set_settings(coord, "VBR", dt.date(2026, 1, 1), count_missed=True)
    again = set_settings(
        coord, "VBR", dt.date(2026, 1, 1), count_missed=True, missing_pei_after_days="45"
    )
    assert again.id == row.id and again.missing_pei_after_days == 45
    assert len(ambito_settings.history(coord, "VBR")) == 1
    assert logged(coord, row.id) == [OpKind.INSERT, OpKind.UPDATE]
    assert audited(coord, row.id)[-1] == (
        AuditAction.UPDATE,
        {"fields": ["missing_pei_after_days"]},
    )


def test_rows_of_the_same_day_are_told_apart_by_clock_then_id() -> None:
    ambito = uuid.uuid4()
    older = setting(ambito_id=ambito, version_hlc="001700000000000:000000:" + "a" * 32)
    newer = setting(ambito_id=ambito, version_hlc="001700000000001:000000:" + "0" * 32)
    low, high = sorted(
        (setting(ambito_id=ambito, id=uuid.uuid4()) for _ in range(2)), key=lambda r: str(r.id)
    )
    day = dt.date(2026, 5, 1)
    assert row_on([newer, older], day) is newer
    assert row_on([older, newer], day) is newer
    assert row_on([high, low], day) is high
    assert row_on([low, high], day) is high
    assert row_on([newer], dt.date(2025, 12, 31)) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"foster_review_months": 0}, "foster_review_months"),
        ({"foster_review_months": 25}, "foster_review_months"),
        ({"placement_max_months": "tre"}, "placement_max_months"),
        ({"missing_pei_after_days": 366}, "missing_pei_after_days"),
        ({"count_missed": "forse"}, "count_missed"),
        ({"cooperative_name": "x" * 201}, "cooperative_name"),
        ({"cooperative_name": "Coop\x00 Sole"}, "cooperative_name"),
        ({"colour": "blu"}, "colour"),
        ({}, "settings"),
    ],
)
def test_bad_settings_are_refused_by_name(
    coord: OpenProfile, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        set_settings(coord, "VBR", dt.date(2026, 1, 1), **changes)
    assert err.value.field == field
    assert ambito_settings.history(coord, "VBR") == []


def test_an_unknown_ambito_is_refused(coord: OpenProfile) -> None:
    with pytest.raises(ValidationError, match="Ambito sconosciuto"):
        set_settings(coord, "XYZ", dt.date(2026, 1, 1), count_missed=True)


def test_only_a_coordinator_may_set_them(opened: OpenProfile, coord: OpenProfile) -> None:
    assert profiles.info(opened).operator.role is Role.EDUCATOR
    with pytest.raises(DomainError, match="Solo il coordinatore"):
        set_settings(opened, "VBR", dt.date(2026, 1, 1), count_missed=True)
    assert ambito_settings.history(opened, "VBR") == []
    assert not ambito_settings.can_edit(opened)
    assert ambito_settings.overview(opened, "VBR", TODAY).can_edit is False
    assert ambito_settings.overview(coord, "VBR", TODAY).can_edit is True


# ------------------------------------------------------------------ the logo


def test_a_png_or_jpeg_logo_is_kept_and_can_be_removed(coord: OpenProfile) -> None:
    mark = png()
    row = set_settings(coord, "VBR", dt.date(2026, 1, 1), logo=mark)
    assert row.logo_bytes == len(mark)
    assert settings_on(coord, "VBR", TODAY).logo == mark
    # A later row carries the logo unless told otherwise.
    set_settings(coord, "VBR", dt.date(2026, 6, 1), count_missed=True)
    assert settings_on(coord, "VBR", TODAY).logo == mark
    photo = jpeg()
    set_settings(coord, "VBR", dt.date(2026, 9, 1), logo=photo)
    assert settings_on(coord, "VBR", TODAY).logo == photo
    set_settings(coord, "VBR", dt.date(2026, 11, 1), logo=None)
    assert settings_on(coord, "VBR", TODAY).logo is None
    assert settings_on(coord, "VBR", dt.date(2026, 10, 1)).logo == photo  # dated, as the rest


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\0" * 64, "PNG o JPEG"),
        (b"", "vuoto"),
        (png()[:40], "non si legge"),  # the header only: truncated
        (b"\x89PNG\r\n\x1a\n" + b"\0" * LOGO_MAX_BYTES, "troppo grande"),
        (png(5000, 2), "4096 pixel"),
        (png(3000, 3000), "troppo grande"),
    ],
)
def test_a_logo_that_is_not_one_is_refused(coord: OpenProfile, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        set_settings(coord, "VBR", dt.date(2026, 1, 1), logo=data)
    assert err.value.field == "logo"


def test_a_hostile_logo_from_the_team_leaves_the_document_without_it() -> None:
    # What a stolen laptop could send past the size bound: the PDF is made, without the logo.
    header = layout.DocumentHeader("Prova", "Cooperativa", logo=b"\x89PNG\r\n\x1a\n" + b"x" * 99)
    pdf = layout.build_pdf(header, [layout.paragraph("testo")])
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf
    good = layout.build_pdf(
        layout.DocumentHeader("Prova", "Cooperativa", logo=png()), [layout.paragraph("testo")]
    )
    assert b"/Subtype /Image" in good


# ------------------------------------------------------------------ hours


def test_a_2027_change_leaves_a_2026_report_as_it_was(coord: OpenProfile) -> None:
    case = adm_case(coord)
    visit(coord, case.code, dt.date(2026, 11, 3))
    visit(coord, case.code, dt.date(2026, 11, 10), outcome=VisitOutcome.NO_SHOW)
    visit(coord, case.code, dt.date(2026, 11, 12), "18:00", "18:30", kind=VisitKind.PHONE_CALL)
    report = hours_report.hours_report(coord, "2026-11")
    pdf = hours_report.hours_report_pdf(coord, report, today=TODAY)
    csv = hours_report.hours_report_csv(report)

    set_settings(
        coord,
        "VBR",
        dt.date(2027, 1, 1),
        count_missed=True,
        count_phone_calls=False,
        cooperative_name="Cooperativa del 2027",
        logo=png(),
    )

    again = hours_report.hours_report(coord, "2026-11")
    assert again == report
    assert hours_report.hours_report_csv(again) == csv
    assert hours_report.hours_report_pdf(coord, again, today=TODAY) == pdf
    assert report.total.direct_hours == 2.0 and report.total.indirect_hours == 0.5


def test_counting_missed_visits_changes_the_month_it_applies_to(coord: OpenProfile) -> None:
    case = adm_case(coord)
    [act] = activations.list_activations(coord, case.id)
    for month in (10, 11):
        visit(coord, case.code, dt.date(2026, month, 3))  # 2 h done
        visit(coord, case.code, dt.date(2026, month, 10), outcome=VisitOutcome.NO_SHOW)  # 2 h
    set_settings(coord, "VBR", NOVEMBER, count_missed=True)

    october = hours_report.hours_report(coord, "2026-10")
    november = hours_report.hours_report(coord, "2026-11")
    assert october.total.direct_hours == 2.0
    assert november.total.direct_hours == 4.0
    assert november.total.visits == october.total.visits == 1  # a no-show is no visit done
    # The case file and the case summary count by the same rule, from the period's first day.
    assert activations.hours_used(coord, act.id, month="2026-10").hours == 2.0
    assert activations.hours_used(coord, act.id, month="2026-11").hours == 4.0
    summary = case_summary.case_summary(coord, case.code, NOVEMBER, dt.date(2026, 11, 30), TODAY)
    assert summary.activations[0].used_hours == 4.0
    # A case of another Ambito keeps the defaults in the same report.
    other = adm_case(coord, "BG")
    visit(coord, other.code, dt.date(2026, 11, 10), outcome=VisitOutcome.NO_SHOW)
    both = hours_report.hours_report(coord, "2026-11")
    assert {a.ambito_code: a.hours.direct_hours for a in both.by_ambito} == {"VBR": 4.0, "BG": 0}


def test_phone_calls_stop_counting_when_the_ambito_says_so(coord: OpenProfile) -> None:
    case = adm_case(coord)
    visit(coord, case.code, dt.date(2026, 11, 12), "18:00", "18:30", kind=VisitKind.PHONE_CALL)
    assert hours_report.hours_report(coord, "2026-11").total.indirect_hours == 0.5
    set_settings(coord, "VBR", NOVEMBER, count_phone_calls="no")
    assert hours_report.hours_report(coord, "2026-11").total.indirect_hours == 0


# ------------------------------------------------------------------ deadlines


def test_the_deadline_rules_of_today_derive_the_deadlines(coord: OpenProfile) -> None:
    vbr, bg = adm_case(coord), adm_case(coord, "BG")  # ADM from 1 September, no PEI
    start = dt.date(2026, 9, 1)

    def missing_pei(code: str) -> dt.date:
        detail = cases.show_case(coord, code, today=TODAY)
        return next(d.due_on for d in detail.deadlines if d.kind == DeadlineKind.MISSING_PEI)

    assert missing_pei(vbr.code) == start + dt.timedelta(days=60)
    set_settings(coord, "VBR", dt.date(2027, 1, 1), missing_pei_after_days=10)  # not yet
    assert missing_pei(vbr.code) == start + dt.timedelta(days=60)
    set_settings(coord, "VBR", dt.date(2026, 11, 1), missing_pei_after_days=30)
    assert missing_pei(vbr.code) == start + dt.timedelta(days=30)
    assert missing_pei(bg.code) == start + dt.timedelta(days=60)

    upcoming = {
        (d.case_code, d.kind): d.due_on
        for d in deadlines.upcoming_deadlines(coord, TODAY)
        if d.kind is DeadlineKind.MISSING_PEI
    }
    # Overdue since 1 October in VBR; BG's falls on 31 October: both overdue, each its own.
    assert upcoming == {
        (vbr.code, DeadlineKind.MISSING_PEI): start + dt.timedelta(days=30),
        (bg.code, DeadlineKind.MISSING_PEI): start + dt.timedelta(days=60),
    }


def test_a_shorter_pei_wait_brings_up_an_activation_scadenze_would_not_read(
    coord: OpenProfile,
) -> None:
    case = cases.add_case(coord, ambito="VBR", service=Service.ADM, minor_name="Sara Riva")
    activations.add_activation(
        coord,
        case.id,
        service=Service.ADM,
        start_on=TODAY - dt.timedelta(days=20),
        authorised_hours=4,
        hours_period=HoursPeriod.WEEK,
    )
    kinds = {d.kind for d in deadlines.upcoming_deadlines(coord, TODAY, days=10)}
    assert DeadlineKind.MISSING_PEI not in kinds  # 60 days: due in 40
    set_settings(coord, "VBR", dt.date(2026, 1, 1), missing_pei_after_days=25)
    kinds = {d.kind for d in deadlines.upcoming_deadlines(coord, TODAY, days=10)}
    assert DeadlineKind.MISSING_PEI in kinds  # due in 5


# ------------------------------------------------------------------ documents


def test_documents_carry_the_ambitos_cooperative_and_logo(
    coord: OpenProfile, tmp_path: Path
) -> None:
    case = adm_case(coord)
    autumn = visit(coord, case.code, dt.date(2026, 10, 6))
    set_settings(
        coord, "VBR", NOVEMBER, cooperative_name="Cooperativa Sociale Il Pugno Aperto", logo=png()
    )
    november = visit(coord, case.code, dt.date(2026, 11, 6))

    def shown(pdf: bytes) -> tuple[str, int]:
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        images = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        return text, len(images)

    text, images = shown(printing.visit_sheet_pdf(coord, november.id, today=TODAY))
    assert "Cooperativa Sociale Il Pugno Aperto" in text and images >= 1
    # A visit before the settings took effect keeps the name of its day.
    text, images = shown(printing.visit_sheet_pdf(coord, autumn.id, today=TODAY))
    assert printing.DEFAULT_COOPERATIVE in text and images == 0
    report = hours_report.hours_report(coord, "2026-11", ambito="VBR")
    text, images = shown(hours_report.hours_report_pdf(coord, report, today=TODAY))
    assert "Cooperativa Sociale Il Pugno Aperto" in text and images >= 1
    text, images = shown(case_summary.case_summary_pdf(coord, case.code, today=TODAY))
    assert "Cooperativa Sociale Il Pugno Aperto" in text and images >= 1
    with coord.read_session() as session:
        assert (
            ambito_settings.cooperative_for(session, case.ambito_id, dt.date(2026, 10, 31))
            == printing.DEFAULT_COOPERATIVE
        )
        assert ambito_settings.cooperative_for(session, case.ambito_id, NOVEMBER).endswith("Aperto")
        assert ambito_settings.logo_for(session, case.ambito_id, NOVEMBER) == png()
        assert ambito_settings.logo_for(session, case.ambito_id, dt.date(2026, 10, 31)) is None


# ------------------------------------------------------------------ the team


def test_a_setting_reaches_the_team_and_counts_there(tmp_path: Path) -> None:
    with team_of(tmp_path) as t:
        case_id = new_case(t.edu1)
        code = cases.show_case(t.edu1, str(case_id), today=TODAY).case.code
        activations.add_activation(
            t.edu1,
            case_id,
            service=Service.ADM,
            start_on=dt.date(2026, 9, 1),
            authorised_hours=10,
            hours_period=HoursPeriod.MONTH,
        )
        visit(t.edu1, code, dt.date(2026, 11, 10), outcome=VisitOutcome.NO_SHOW)
        logo = png()
        set_settings(t.coord, "VBR", NOVEMBER, count_missed=True, logo=logo)
        with pytest.raises(DomainError, match="Solo il coordinatore"):
            set_settings(t.edu2, "VBR", NOVEMBER, count_missed=False)

        sync_all(t)

        for who in t.all:
            found = settings_on(who, "VBR", TODAY)
            assert (found.hours.count_missed, found.logo) == (True, logo)
            assert hours_report.hours_report(who, "2026-11").total.direct_hours == 2.0
        assert [v.set_by for v in ambito_settings.history(t.edu2, "VBR")] == ["Giulia Rota"]


def test_settings_written_on_a_tampered_laptop_are_refused_by_the_team(tmp_path: Path) -> None:
    from minorifamiglie.domain.ambiti import ambito_id
    from minorifamiglie.storage import models as m

    with team_of(tmp_path) as t:
        # Given an educator's laptop on which the role check was bypassed: a settings row
        # written straight through the ORM (the change log still captures it)
        with t.edu1.session() as session:
            session.add(
                m.AmbitoSettingsRow(
                    ambito_id=ambito_id("VBR"),
                    valid_from=NOVEMBER,
                    count_missed=True,
                    count_phone_calls=True,
                    foster_review_months=6,
                    placement_max_months=24,
                    missing_pei_after_days=60,
                    cooperative_name="Cooperativa finta",
                )
            )
        new_case(t.edu1)  # and ordinary work in the same bundle

        # When it syncs and the coordinator syncs after it
        syncing.sync(t.edu1, t.share)
        report = syncing.sync(t.coord, t.share)

        # Then the coordinator refuses that bundle whole, naming why, and nothing of it lands
        assert [(r.reason, r.detail) for r in report.refused] == [
            ("not_coordinator", "ambito_settings")
        ]
        assert "non è del coordinatore" in report.refused[0].message("it")
        assert settings_on(t.coord, "VBR", TODAY).hours.count_missed is False
        assert cases.list_cases(t.coord) == []
