"""Ages and life cycle in the GUI (issue 14): the case file warns when an age does not fit the
service; a report to the court is recorded as sent (measures tab, or "Mark done" in the
deadlines tab) and shows as done with who and when, in the case file and in Scadenze; a measure
ends with its reason; a case is closed with its reason; an affido ends with its reason."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from minorifamiglie.domain.enums import (
    Authority,
    Availability,
    CaseClosure,
    CaseStatus,
    DeadlineKind,
    FosterFamilyStatus,
    LegalBasis,
    MeasureEnd,
    MeasureKind,
    PlacementEnd,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import cases, families, placements, records
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.forms import RecordFormDialog
from minorifamiglie.ui.models.deadline_table import DONE_COLOR, DeadlineTableModel
from minorifamiglie.ui.pages.deadlines import DeadlinesPage
from minorifamiglie.ui.pages.families import FamiliesPage
from support.clock import TODAY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
DUE = TODAY + dt.timedelta(days=7)


@pytest.fixture
def case_id(on_worker: Any) -> CaseId:
    """Marco, 19, in an ADM case under a decree whose report is due in a week."""

    def make(opened: Any) -> uuid.UUID:
        case = cases.add_case(
            opened,
            ambito="VBR",
            service=Service.ADM,
            minor_name="Marco Bianchi",
            birth_date=dt.date(2007, 3, 1),
            today=TODAY,
        )
        records.add_measure(
            opened,
            case.id,
            authority=Authority.JUVENILE_COURT,
            kind=MeasureKind.ENTRUSTMENT,
            issued_on=dt.date(2026, 2, 3),
            next_report_due=DUE,
            today=TODAY,
        )
        return case.id

    made: CaseId = on_worker(make)
    return made


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, case_id: CaseId) -> CaseFileView:
    widget = CaseFileView(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.load(case_id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def save(qtbot: Any, dialog: RecordFormDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(dialog: RecordFormDialog, name: str, value: object) -> None:
    combo = dialog.editor(name)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(dialog.find_option(name, value))


def reloaded(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    wait_tasks()
    qtbot.waitUntil(lambda: not view.workspace.runner.busy)
    wait_tasks()


def test_the_header_says_an_age_does_not_fit_the_service(view: CaseFileView) -> None:
    warning = view.header.age_warnings
    assert warning.isVisible()
    assert warning.text() == (
        "Marco Bianchi — Età non coerente con il servizio Assistenza domiciliare minori: 19 anni, "
        "ma è un servizio per minorenni e non c'è un prosieguo amministrativo in corso."
    )
    # not for the family's eyes: hidden in visit mode, back after
    view.set_visit_mode(True)
    assert not warning.isVisible()
    view.set_visit_mode(False)
    assert warning.isVisible()


def test_a_report_sent_is_done_with_who_and_when(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given the decree's report due in a week, in the measures tab
    tab = view.measures
    view.tabs.setCurrentWidget(tab)
    tab.select_row(0)
    assert tab.model.index(0, 4).data() == f"{DUE:%d/%m/%Y} (in 7 days)"
    # When the educator records it as sent today with its protocol number
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.windowTitle() == f"Report due on {DUE:%d/%m/%Y} sent"
    dialog.set_values({"protocol": "2026/1187"})
    save(qtbot, dialog)
    reloaded(qtbot, view, wait_tasks)
    # Then the measure says so, and the deadline is done by her, today
    assert tab.model.index(0, 4).data() == f"{DUE:%d/%m/%Y} (sent on {TODAY:%d/%m/%Y})"
    deadlines = view.deadlines
    deadlines.show_done.setChecked(True)
    model = deadlines.model
    [row] = [
        r
        for r in (model.row_at(i) for i in range(model.rowCount()))
        if r is not None and r.kind == DeadlineKind.COURT_REPORT.value
    ]
    assert (row.done_on, row.done_by) == (TODAY, "Giulia Bianchi")
    index = next(i for i in range(model.rowCount()) if model.row_at(i) is row)
    assert model.index(index, 1).data() == f"done on {TODAY:%d/%m/%Y} by Giulia Bianchi"


def test_mark_done_on_a_court_report_asks_for_the_report_sent(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    tab = view.deadlines
    view.tabs.setCurrentWidget(tab)
    model = tab.model
    index = next(
        i
        for i in range(model.rowCount())
        if (r := model.row_at(i)) is not None and r.kind == DeadlineKind.COURT_REPORT.value
    )
    tab.select_row(index)
    assert tab.done_button.isEnabled()
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and "sent" in dialog.windowTitle()
    save(qtbot, dialog)
    reloaded(qtbot, view, wait_tasks)
    assert not [
        d
        for d in view.data.detail.deadlines  # type: ignore[union-attr]
        if d.kind == DeadlineKind.COURT_REPORT.value and d.done_on is None
    ]


def test_a_measure_ends_with_its_reason(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    tab = view.measures
    view.tabs.setCurrentWidget(tab)
    tab.select_row(0)
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    # the reason is asked, not guessed: saving without it names the field
    save(qtbot, dialog)
    wait_tasks()
    error = dialog.error_label("end_reason")
    qtbot.waitUntil(error.isVisible)
    assert "motivo" in error.text()
    choose(dialog, "end_reason", MeasureEnd.REVOKED)
    save(qtbot, dialog)
    reloaded(qtbot, view, wait_tasks)
    assert tab.model.index(0, 5).data() == f"{TODAY:%d/%m/%Y} (Revoked)"
    assert tab.model.index(0, 4).data() == ""  # no report is due any more
    tab.select_row(0)
    assert not tab.end_button.isEnabled()
    assert not [
        d
        for d in view.data.detail.deadlines  # type: ignore[union-attr]
        if d.kind == DeadlineKind.COURT_REPORT.value
    ]


def test_closing_the_case_asks_why(qtbot: Any, view: CaseFileView, wait_tasks: Any) -> None:
    qtbot.mouseClick(view.header.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RecordFormDialog)
    reason = dialog.editor("closure_reason")
    assert not reason.isEnabled()  # an open case has no reason for closing
    choose(dialog, "status", CaseStatus.CLOSED)
    assert reason.isEnabled()
    save(qtbot, dialog)
    wait_tasks()
    error = dialog.error_label("closure_reason")
    qtbot.waitUntil(error.isVisible)
    assert "motivo" in error.text()
    choose(dialog, "closure_reason", CaseClosure.CAME_OF_AGE)
    save(qtbot, dialog)
    reloaded(qtbot, view, wait_tasks)
    qtbot.waitUntil(lambda: "Closed" in view.header.status.text())
    assert view.header.status.toolTip() == (
        "Reason for closing: Came of age or end of the prosieguo amministrativo"
    )
    # a closed case is not checked against ages any more
    assert not view.header.age_warnings.isVisible()


def test_scadenze_shows_a_report_sent_as_done_with_who_and_when(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, case_id: CaseId
) -> None:
    from minorifamiglie.services import sent_reports

    [measure] = on_worker(lambda op: records.list_measures(op, case_id))
    on_worker(
        lambda op: sent_reports.record_sent_report(
            op, measure.id, sent_on=TODAY - dt.timedelta(days=1), today=TODAY
        )
    )
    page = DeadlinesPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    page.refresh()
    wait_tasks()
    model = page.model
    rows = [model.row_at(i) for i in range(model.rowCount())]
    index = next(
        i for i, r in enumerate(rows) if r is not None and r.kind is DeadlineKind.COURT_REPORT
    )
    yesterday = TODAY - dt.timedelta(days=1)
    assert model.index(index, DeadlineTableModel.DAYS).data() == (
        f"Done on {yesterday:%d/%m/%Y} by Giulia Bianchi"
    )
    grey = model.index(index, DeadlineTableModel.TITLE).data(Qt.ItemDataRole.ForegroundRole)
    assert grey.color() == DONE_COLOR
    assert index == len(rows) - 1  # after what is still to do
    # the counts are of what is still to do
    assert page.summary.text() == "No deadlines in the next 365 days."


def test_an_affido_ends_with_its_reason(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    def hosting(opened: Any) -> None:
        family = families.add_family(
            opened,
            name="Famiglia Locatelli",
            availability=Availability.RESIDENTIAL,
            status=FosterFamilyStatus.ENGAGED,
        )
        case = cases.add_case(
            opened,
            ambito="VBR",
            service=Service.AFFIDO,
            minor_name="Sara Pesenti",
            birth_date=dt.date(2014, 4, 2),
            today=TODAY,
        )
        minor = cases.show_case(opened, str(case.id), today=TODAY).members[0].person
        placements.add_placement(
            opened,
            case.id,
            minor_id=minor.id,
            family_id=family.id,
            legal_basis=LegalBasis.JUDICIAL,
            kind=PlacementKind.HETERO,
            start_on=TODAY - dt.timedelta(days=100),
            today=TODAY,
        )

    on_worker(hosting)
    page = FamiliesPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_tasks()
    assert page.current_placement() is not None
    assert page.end_placement_button.isEnabled()
    qtbot.mouseClick(page.end_placement_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "endPlacementDialog"
    save(qtbot, dialog)  # no reason chosen: asked again under its field
    wait_tasks()
    error = dialog.error_label("end_reason")
    qtbot.waitUntil(error.isVisible)
    choose(dialog, "end_reason", PlacementEnd.RETURNED_HOME)
    save(qtbot, dialog)
    wait_tasks()
    shown = page.current_family()
    assert shown is not None
    [ended] = on_worker(lambda op: placements.list_family_placements(op, shown.id))
    assert (ended.placement.ended_on, ended.placement.end_reason) == (
        TODAY,
        PlacementEnd.RETURNED_HOME,
    )
    assert not page.end_placement_button.isEnabled()
