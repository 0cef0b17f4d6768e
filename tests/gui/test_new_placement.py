"""Abbinamento from the registry: the coordinator places a child of an open case with a family."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from minorifamiglie.domain.enums import (
    Availability,
    CaseStatus,
    FosterFamilyStatus,
    LegalBasis,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.rules import add_months
from minorifamiglie.services import cases, families, placements
from minorifamiglie.ui.date_field import DateField
from minorifamiglie.ui.models.family_table import PlacementTableModel
from minorifamiglie.ui.pages.families import FamiliesPage

# The offscreen platform says so whenever a shown window's minimum size changes: not a defect.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date.today()


def run(workspace, wait_tasks, fn):
    out: list[object] = []
    workspace.call(fn, out.append, out.append)
    wait_tasks()
    assert out and not isinstance(out[0], BaseException), out
    return out[0]


def a_family_and_an_open_affido_case(opened):
    """The Locatelli family, suitable and free; Sara Pesenti's affido case, open; a closed case
    and a withdrawn family that must not be offered."""
    family = families.add_family(
        opened,
        name="Famiglia Locatelli",
        availability=Availability.PART_TIME,
        status=FosterFamilyStatus.SUITABLE,
        comune="Zogno",
    )
    families.add_family(
        opened,
        name="Famiglia Rota",
        availability=Availability.RESIDENTIAL,
        status=FosterFamilyStatus.WITHDRAWN,
    )
    case = cases.add_case(
        opened, ambito="VBR", service=Service.AFFIDO, minor_name="Sara Pesenti", opened_on=TODAY
    )
    closed = cases.add_case(
        opened, ambito="VBR", service=Service.TUTELA, minor_name="Luca Bonetti", opened_on=TODAY
    )
    cases.edit_case(
        opened, str(closed.id), {"status": CaseStatus.CLOSED.value, "closure_reason": "altro"}
    )
    return family, case


def open_page(qtbot, workspace, wait_tasks) -> FamiliesPage:
    page = FamiliesPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def select_family(qtbot, page: FamiliesPage, name: str, wait_tasks) -> None:
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    rect = page.table.visualRect(page.model.index(names.index(name), 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_tasks()


def open_dialog(qtbot, page: FamiliesPage, wait_tasks):
    qtbot.mouseClick(page.new_placement_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def click_save(qtbot, dialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_placing_a_child_lists_the_placement_under_the_family(
    qtbot, workspace, wait_tasks, qtmodeltester
) -> None:
    # Given a suitable family, a withdrawn one, and Sara's open affido case
    family, case = run(workspace, wait_tasks, a_family_and_an_open_affido_case)
    page = open_page(qtbot, workspace, wait_tasks)

    # The withdrawn family cannot host anyone
    select_family(qtbot, page, "Famiglia Rota", wait_tasks)
    assert not page.new_placement_button.isEnabled()

    # When the coordinator selects the Locatelli family and presses "New placement…"
    select_family(qtbot, page, "Famiglia Locatelli", wait_tasks)
    assert page.placement_model.rowCount() == 0
    assert page.new_placement_button.isEnabled()
    dialog = open_dialog(qtbot, page, wait_tasks)

    # Then only the child of the open case is offered, and the schedule is the family's
    child = dialog.editor("minor_id")
    assert isinstance(child, QComboBox)
    assert [child.itemText(i) for i in range(child.count())] == [f"{case.code} — Sara Pesenti"]
    schedule = dialog.editor("schedule")
    assert isinstance(schedule, QComboBox)
    assert schedule.currentText() == "Part-time"

    # When they choose a judicial placement within the wider family and save
    basis = dialog.editor("legal_basis")
    assert isinstance(basis, QComboBox)
    basis.setCurrentIndex(basis.findText("Judicial"))
    kind = dialog.editor("kind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findText("With relatives"))
    click_save(qtbot, dialog)
    wait_tasks()

    # Then the dialog closes and Sara is listed under the family, selected
    assert page.dialog is None
    model = page.placement_model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, PlacementTableModel.CHILD).data() == "Sara Pesenti"
    assert model.index(0, PlacementTableModel.CASE).data() == case.code
    assert model.index(0, PlacementTableModel.LEGAL_BASIS).data() == "Judicial"
    assert page.current_placement() is not None

    # And the services confirm it, lasting the default 24 months
    (view,) = run(
        workspace, wait_tasks, lambda opened: placements.list_family_placements(opened, family.id)
    )
    assert view.placement.case_id == case.id
    assert view.minor.full_name == "Sara Pesenti"
    assert view.placement.legal_basis is LegalBasis.JUDICIAL
    assert view.placement.kind is PlacementKind.INTRA
    assert view.placement.schedule is Availability.PART_TIME
    assert view.placement.start_on == TODAY
    assert view.placement.planned_end_on == add_months(TODAY, 24)


def test_a_planned_end_before_the_start_is_shown_under_the_field(
    qtbot, workspace, wait_tasks
) -> None:
    # Given the Locatelli family and Sara's open affido case
    family, _case = run(workspace, wait_tasks, a_family_and_an_open_affido_case)
    page = open_page(qtbot, workspace, wait_tasks)
    select_family(qtbot, page, "Famiglia Locatelli", wait_tasks)
    dialog = open_dialog(qtbot, page, wait_tasks)

    # When the planned end is set a month before the start and they save
    planned = dialog.editor("planned_end_on")
    assert isinstance(planned, DateField)
    qtbot.keyClicks(planned.line, (TODAY - dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    click_save(qtbot, dialog)
    wait_tasks()

    # Then the form stays open with the error under the planned end, and nothing is saved
    assert dialog.isVisible()
    error = dialog.error_label("planned_end_on")
    assert error.isVisible() and error.text()
    assert not dialog.general_error.isVisible()
    assert page.placement_model.rowCount() == 0
    assert (
        run(
            workspace,
            wait_tasks,
            lambda opened: placements.list_family_placements(opened, family.id),
        )
        == []
    )
