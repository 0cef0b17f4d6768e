"""Famiglie affidatarie: the coordinator keeps the registry and the six-monthly reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

from minorifamiglie.domain.ambiti import ambito_id
from minorifamiglie.domain.enums import (
    Availability,
    FosterFamilyStatus,
    LegalBasis,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.rules import add_months
from minorifamiglie.services import cases, families, placements
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.models.family_table import FamilyTableModel, PlacementTableModel
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


def open_page(qtbot, workspace, wait_tasks) -> FamiliesPage:
    page = FamiliesPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def a_family_hosting_a_child(opened):
    """The Locatelli family has hosted Sara Pesenti (case VBR-…) for eight months, unreviewed."""
    family = families.add_family(
        opened,
        name="Famiglia Locatelli",
        availability=Availability.RESIDENTIAL,
        status=FosterFamilyStatus.ENGAGED,
        comune="Zogno",
        ambito_id=ambito_id("VBR"),
        training_completed_on=TODAY - dt.timedelta(days=400),
    )
    families.add_family(
        opened,
        name="Famiglia Rota",
        availability=Availability.DAYTIME,
        status=FosterFamilyStatus.IN_TRAINING,
        comune="Almè",
    )
    start = TODAY - dt.timedelta(days=240)
    case = cases.add_case(
        opened,
        ambito="VBR",
        service=Service.AFFIDO,
        minor_name="Sara Pesenti",
        opened_on=start,
    )
    minor = cases.show_case(opened, str(case.id)).members[0].person
    placements.add_placement(
        opened,
        case.id,
        minor_id=minor.id,
        family_id=family.id,
        legal_basis=LegalBasis.JUDICIAL,
        kind=PlacementKind.HETERO,
        start_on=start,
    )
    return case


def click_save(qtbot, dialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_adding_a_family_makes_it_appear_in_the_registry(
    qtbot, workspace, wait_tasks, qtmodeltester
) -> None:
    # Given an empty registry
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.model.rowCount() == 0
    qtmodeltester.check(page.model)

    # When the coordinator presses "New family…" and saves without a name
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    click_save(qtbot, dialog)
    wait_tasks()
    # Then the form stays open and says what is missing next to the name
    assert dialog.isVisible()
    assert dialog.error_label("name").isVisible()
    assert "obbligatorio" in dialog.error_label("name").text()

    # When they type the name and the municipality, pick the Ambito and availability, and save
    name = dialog.editor("name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Famiglia Bonacina")
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit)
    qtbot.keyClicks(comune, "Sedrina")
    ambito = dialog.editor("ambito_id")
    assert isinstance(ambito, QComboBox)
    ambito.setCurrentIndex(ambito.findText("Valle Brembana"))
    availability = dialog.editor("availability")
    assert isinstance(availability, QComboBox)
    availability.setCurrentIndex(availability.findText("Part-time"))
    click_save(qtbot, dialog)
    wait_tasks()

    # Then the dialog closes and the family is in the registry, selected
    assert page.dialog is None  # closed
    assert page.model.rowCount() == 1
    qtmodeltester.check(page.model)
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells == [
        "Famiglia Bonacina",
        "Sedrina",
        "Valle Brembana",
        "Part-time",
        "In training",
        "",
    ]
    assert page.current_family() is not None
    assert page.placements_title.text() == "Placements of Famiglia Bonacina — none so far"


def test_editing_a_family_changes_its_status(qtbot, workspace, wait_tasks) -> None:
    run(workspace, wait_tasks, a_family_hosting_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    # When the coordinator double-clicks the Rota family and marks it suitable
    row = [page.model.index(r, 0).data() for r in range(2)].index("Famiglia Rota")
    rect = page.table.visualRect(page.model.index(row, FamilyTableModel.NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert dialog is not None
    status = dialog.editor("status")
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findText("Suitable"))
    click_save(qtbot, dialog)
    wait_tasks()
    # Then the registry shows the new status
    row = [page.model.index(r, 0).data() for r in range(2)].index("Famiglia Rota")
    assert page.model.index(row, FamilyTableModel.STATUS).data() == "Suitable"


def test_filters_by_status_and_availability(qtbot, workspace, wait_tasks) -> None:
    run(workspace, wait_tasks, a_family_hosting_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.model.rowCount() == 2

    page.status.setCurrentIndex(page.status.findText("Fostering"))
    wait_tasks()
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        "Famiglia Locatelli"
    ]
    page.status.setCurrentIndex(0)
    page.availability.setCurrentIndex(page.availability.findText("Daytime"))
    wait_tasks()
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        "Famiglia Rota"
    ]


def test_recording_a_placement_review_updates_the_last_review_date(
    qtbot, workspace, wait_tasks, qtmodeltester
) -> None:
    # Given the Locatelli family hosting Sara for eight months, never reviewed
    case = run(workspace, wait_tasks, a_family_hosting_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    family = page.current_family()
    assert family is not None and family.name == "Famiglia Locatelli"  # the first, selected
    model = page.placement_model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, PlacementTableModel.CHILD).data() == "Sara Pesenti"
    assert model.index(0, PlacementTableModel.CASE).data() == case.code
    assert model.index(0, PlacementTableModel.LEGAL_BASIS).data() == "Judicial"
    assert model.index(0, PlacementTableModel.LAST_REVIEW).data() == ""
    # the review due six months after the start is past: red
    late = model.index(0, PlacementTableModel.NEXT_REVIEW).data(Qt.ItemDataRole.ForegroundRole)
    assert late is not None

    # When they press "Record review…" (the family's first placement is selected) and save
    # today's date
    assert page.current_placement() is not None
    assert page.review_button.isEnabled()
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    click_save(qtbot, dialog)
    wait_tasks()

    # Then the placement shows today as its last review and the next one in six months
    assert page.dialog is None  # closed
    assert model.rowCount() == 1
    assert model.index(0, PlacementTableModel.LAST_REVIEW).data() == fmt_date(TODAY)
    assert model.index(0, PlacementTableModel.NEXT_REVIEW).data() == fmt_date(add_months(TODAY, 6))
    assert (
        model.index(0, PlacementTableModel.NEXT_REVIEW).data(Qt.ItemDataRole.ForegroundRole) is None
    )


def test_double_clicking_a_placement_opens_the_case(qtbot, workspace, wait_tasks) -> None:
    case = run(workspace, wait_tasks, a_family_hosting_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    table = page.placement_table
    rect = table.visualRect(page.placement_model.index(0, PlacementTableModel.CASE))
    with qtbot.waitSignal(page.caseOpened) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [case.id]


def test_visit_mode_hides_the_whole_registry(qtbot, workspace, wait_tasks) -> None:
    run(workspace, wait_tasks, a_family_hosting_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.table.isVisible() and page.placement_model.rowCount() == 1

    # When visit mode is switched on
    page.set_visit_mode(True)
    wait_tasks()
    # Then neither families nor children are on screen, only the explanation
    assert not page.table.isVisible() and not page.placement_table.isVisible()
    assert page.hidden_notice.isVisible()
    assert page.model.rowCount() == 0 and page.placement_model.rowCount() == 0
    page.add_family()
    assert page.dialog is None

    # And when switched off, the registry comes back
    page.set_visit_mode(False)
    wait_tasks()
    assert page.model.rowCount() == 2 and page.placement_model.rowCount() == 1
