"""Where printing starts: the case file's "Print" menu (the case summary of a chosen period, a
blank sheet to fill in by hand) and a closed visit's editor (its sheet, and the record of an
incontro facilitato). None of them is offered in visit mode."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import MemberRole, Service, SheetStatus, VisitKind
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import case_summary, cases, printing, profiles, visits
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.printing.period_dialog import months_before
from minorifamiglie.ui.printing.preview import PrintPreviewDialog
from minorifamiglie.ui.visit_editor import VisitEditorWindow
from support.profiles import scene_profile

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
DIARY_DAYS = 60


def text_of(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def pages_of(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """Giulia's profile with an ADM case, a mother and a visit every other day for four
    months, made once for the module through the services; each test works on a copy."""
    with scene_profile(tmp_path_factory, "print-actions") as (root, opened):
        case = cases.add_case(
            opened,
            ambito="VBR",
            service=Service.ADM,
            minor_name="Luca Rota",
            opened_on=dt.date(2025, 9, 1),
            today=TODAY,
        )
        cases.add_member(
            opened, case.code, first_name="Anna", last_name="Rota", role=MemberRole.MOTHER
        )
        for i in range(DIARY_DAYS):
            visits.add_visit(
                opened,
                case=str(case.id),
                date=TODAY - dt.timedelta(days=2 * i + 1),
                start=dt.time(15),
                end=dt.time(16, 30),
                place="Domicilio",
                notes=f"Visita {i}: compiti, merenda, colloquio con la madre sull'organizzazione.",
                close=True,
                today=TODAY,
            )
    return root, case


@pytest.fixture
def gui_profile(tmp_path: Path, scene: tuple[Path, Any]) -> Path:
    """This test's own copy of the module's scene (the conftest's fixture of the same name
    gives an empty profile)."""
    return Path(shutil.copytree(scene[0], tmp_path / "profilo", symlinks=True))


@pytest.fixture
def case(scene: tuple[Path, Any]) -> Any:
    """The scene's ADM case (in this test's copy)."""
    return scene[1]


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, case: Any) -> CaseFileView:
    widget = CaseFileView(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 680)
    widget.show()
    widget.load(case.id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def type_then_enter(qtbot: Any, field: Any, text: str) -> None:
    """Into the date field, by key events: its text replaced by `text`, then Enter."""
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)


def open_preview(qtbot: Any, wait_tasks: Any, holder: Any) -> PrintPreviewDialog:
    wait_tasks()
    qtbot.waitUntil(lambda: holder.launcher.dialog is not None, timeout=10_000)
    dialog = holder.launcher.dialog
    assert isinstance(dialog, PrintPreviewDialog)
    return dialog


def test_the_case_summary_of_the_last_six_months(
    qtbot, view: CaseFileView, wait_tasks, on_worker, case
) -> None:
    # Given the case file, the user chooses Print ▸ Case summary…
    assert view.header.print_button.isVisible()
    menu = view.header.print_button.menu()
    assert [a.text() for a in menu.actions()] == [
        "Case summary…",
        "Update report to the court…",
        "Blank sheet",
    ]
    view.header.summary_action.trigger()
    period = view.printing.period_dialog
    assert period is not None and period.isVisible()
    # Then the period proposed is the last six months
    assert period.period() == (dt.date(2025, 9, 16), TODAY)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert period.start_edit.text() == "16/09/2025" and period.end_edit.text() == "16/03/2026"
    type_then_enter(qtbot, period.end_edit, "15092025")  # the day before the start
    assert period.isVisible() and period.error.isVisible()

    # When the user types the end of the period again, and Enter
    type_then_enter(qtbot, period.end_edit, "16/03/2026")
    preview = open_preview(qtbot, wait_tasks, view.printing)
    assert view.printing.period_dialog is None  # closed, and the preview opened

    # Then the preview shows every page of the summary, diary included
    expected = on_worker(
        lambda opened: case_summary.case_summary_pdf(
            opened, str(case.id), dt.date(2025, 9, 16), TODAY, today=TODAY
        )
    )
    assert pages_of(expected) >= 2
    assert preview.page_count() == pages_of(expected)
    assert preview.windowTitle() == f"Preview — Case summary {case.code}"
    text = text_of(preview._pdf)
    assert case.code in text and "Visita 59" in text
    assert preview.job.kind == "case_summary" and preview.job.case_id == case.id

    # And visit mode closes it and hides the menu
    view.set_visit_mode(True)
    assert view.printing.launcher.dialog is None
    assert not view.header.print_button.isVisible()
    view.print_summary()
    assert view.printing.period_dialog is None


def test_the_update_report_to_the_court_is_saved_as_odt(
    qtbot, view: CaseFileView, wait_tasks, case, tmp_path
) -> None:
    from odf import opendocument, teletype
    from odf.text import H

    # Given the case file, the user chooses Print ▸ Update report to the court…
    view.header.court_report_action.trigger()
    chosen = view.printing.report_dialog
    assert chosen is not None and chosen.isVisible()
    assert chosen.format_box.currentData() == ".odt"
    # When the period is the last month and the user saves
    type_then_enter(qtbot, chosen.start_edit, "16/02/2026")
    save = view.printing.save_dialog
    assert save is not None and save.isVisible()
    assert save.path_edit.text().endswith(f"relazione-{case.code}-20260216-20260316.odt")
    assert "Rota" not in save.path_edit.text()  # nothing personal in the file's name
    assert not save.password.isVisible()  # an .odt takes no password
    target = tmp_path / "relazione.odt"
    save.path_edit.setText(str(target))
    save.submit()
    wait_tasks()
    qtbot.waitUntil(lambda: view.printing.save_dialog is None, timeout=10_000)
    # Then the .odt holds the three sections (the visits have no facts: each says so)
    doc = opendocument.load(str(target))
    headings = [teletype.extractText(h) for h in doc.text.getElementsByType(H)]
    assert headings[1:4] == [
        "1. Fatti accertati",
        "2. Dichiarazioni",
        "3. Valutazioni professionali",
    ]
    assert case.code in teletype.extractText(doc.text)


def test_a_blank_sheet_is_recorded_as_printed(
    qtbot, view: CaseFileView, wait_tasks, on_worker, case
) -> None:
    view.header.blank_sheet_action.trigger()
    preview = open_preview(qtbot, wait_tasks, view.printing)
    sheets = on_worker(lambda opened: printing.list_sheets(opened, str(case.id)))
    assert len(sheets) == 1 and sheets[0].status is SheetStatus.PRINTED
    assert preview.job.entity == "paper_sheets"
    assert preview.job.entity_id == sheets[0].id
    assert case.code in text_of(preview._pdf)
    view.clear()  # the application locks
    assert view.printing.launcher.dialog is None


def closed_visit(on_worker: Any, case: Any, kind: VisitKind) -> VisitId:
    def add(opened: Any) -> VisitId:
        visit = visits.add_visit(
            opened,
            case=str(case.id),
            date=TODAY,
            start=dt.time(10),
            end=dt.time(11),
            kind=kind,
            place="Spazio neutro",
            notes="Incontro sereno.",
            close=True,
            today=TODAY,
        )
        return visit.id

    return on_worker(add)  # type: ignore[no-any-return]


def open_editor(qtbot: Any, workspace: Any, case: Any, visit_id: Any) -> VisitEditorWindow:
    editor = VisitEditorWindow(workspace, case.id, visit_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.print_sheet_button.isVisible, timeout=10_000)
    return editor


def test_a_closed_visit_prints_its_sheet(qtbot, workspace, wait_tasks, on_worker, case) -> None:
    visit_id = closed_visit(on_worker, case, VisitKind.HOME_VISIT)
    editor = open_editor(qtbot, workspace, case, visit_id)
    assert not editor.print_meeting_button.isVisible()  # not an incontro facilitato
    editor.print_sheet_button.click()
    preview = open_preview(qtbot, wait_tasks, editor.printing)
    assert preview.job.kind == "visit_sheet" and preview.job.entity_id == visit_id
    assert "Incontro sereno." in text_of(preview._pdf)
    # Visit mode: no printing
    editor.set_visit_mode(True)
    assert editor.printing.launcher.dialog is None
    assert not editor.print_sheet_button.isVisible()


def test_a_facilitated_meeting_prints_its_record(
    qtbot, workspace, wait_tasks, on_worker, case
) -> None:
    visit_id = closed_visit(on_worker, case, VisitKind.FACILITATED_MEETING)
    editor = open_editor(qtbot, workspace, case, visit_id)
    assert editor.print_meeting_button.isVisible()
    editor.print_meeting_button.click()
    preview = open_preview(qtbot, wait_tasks, editor.printing)
    assert preview.job.kind == "meeting"
    assert case.code in text_of(preview._pdf)


def test_a_draft_is_not_printed(qtbot, workspace, wait_tasks, case) -> None:
    editor = VisitEditorWindow(workspace, case.id, None)
    qtbot.addWidget(editor)
    editor.show()
    wait_tasks()
    assert not editor.print_sheet_button.isVisible()
    assert not editor.print_meeting_button.isVisible()


def test_the_main_window_offers_the_hours_and_hides_printing_in_visit_mode(
    qtbot, workspace, wait_tasks, on_worker, case
) -> None:
    from minorifamiglie.ui.main_window import MainWindow

    # Given the main window, a closed visit open in its editor and the hours page
    main = MainWindow(workspace, on_worker(profiles.info), today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    main.after_unlock()
    wait_tasks()
    titles = [main.nav.item(i).text() for i in range(main.nav.count())]
    assert "Hours report" in titles
    main.show_page(main.hours_page)
    wait_tasks()
    assert main.hours_page.month() == "2026-02"
    visit_id = closed_visit(on_worker, case, VisitKind.HOME_VISIT)
    main.open_visit(case.id, visit_id)
    editor = main.editors[-1]
    qtbot.waitUntil(editor.print_sheet_button.isVisible, timeout=10_000)
    editor.print_sheet()
    open_preview(qtbot, wait_tasks, editor.printing)

    # When visit mode is turned on (F9)
    main.visit_mode_action.setChecked(True)

    # Then the editor's preview is closed and its print buttons hidden, and so are the hours
    assert editor.printing.launcher.dialog is None
    assert not editor.print_sheet_button.isVisible()
    assert main.hours_page.model.rowCount() == 0
    # and an editor opened now starts without them
    main.editors.clear()
    editor.close()
    main.open_visit(case.id, visit_id)
    again = main.editors[-1]
    qtbot.waitUntil(lambda: again.read_only, timeout=10_000)
    assert not again.print_sheet_button.isVisible()
    main.visit_mode_action.setChecked(False)
    assert again.print_sheet_button.isVisible()
    main.before_lock()
    wait_tasks()
