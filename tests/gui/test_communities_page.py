"""Famiglie e comunità: beside the foster families, the coordinator keeps the registry of
residential communities, places a child in one, records the six-monthly report and ends the
placement with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

from minorifamiglie.domain.enums import CommunityKind, LegalBasis, PlacementEnd, Service
from minorifamiglie.services import cases, communities
from minorifamiglie.ui.forms import RecordFormDialog
from minorifamiglie.ui.models.community_table import (
    CommunityPlacementTableModel,
    CommunityTableModel,
)
from minorifamiglie.ui.pages.communities import CommunitiesPanel
from minorifamiglie.ui.pages.families import FamiliesPage
from support.clock import TODAY

# The offscreen platform says so whenever a shown window's minimum size changes: not a defect.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_page(qtbot: Any, workspace: Any, wait_tasks: Any) -> FamiliesPage:
    page = FamiliesPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_tasks()
    page.tabs.setCurrentWidget(page.communities)
    return page


def click_save(qtbot: Any, dialog: RecordFormDialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def choose(dialog: RecordFormDialog, name: str, value: object) -> None:
    combo = dialog.editor(name)
    assert isinstance(combo, QComboBox)
    index = dialog.find_option(name, value)
    assert index >= 0, (name, value)
    combo.setCurrentIndex(index)


def cells(model: Any, row: int = 0) -> list[Any]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def a_community_and_a_child(opened: Any) -> Any:
    """Comunità Il Ponte (8 places) and Sara Pesenti's open tutela case, not yet placed."""
    communities.add_community(
        opened,
        name="Comunità Il Ponte",
        kind=CommunityKind.EDUCATIONAL,
        comune="Zogno",
        places=8,
        phone="0345 000000",
    )
    return cases.add_case(
        opened, ambito="VBR", service=Service.TUTELA, minor_name="Sara Pesenti", today=TODAY
    )


def test_the_page_shows_communities_beside_foster_families(
    qtbot: Any, workspace: Any, wait_tasks: Any
) -> None:
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.title() == "Families and communities"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Foster families",
        "Communities",
    ]


def test_adding_a_community_makes_it_appear_in_the_registry(
    qtbot: Any, workspace: Any, wait_tasks: Any, qtmodeltester: Any
) -> None:
    # Given an empty registry of communities
    page = open_page(qtbot, workspace, wait_tasks)
    panel = page.communities
    assert panel.model.rowCount() == 0
    qtmodeltester.check(panel.model)

    # When the coordinator presses "New community…" and types the places in words
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    name = dialog.editor("name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Casa Betania")
    choose(dialog, "kind", CommunityKind.MOTHER_CHILD)
    places = dialog.editor("places")
    assert isinstance(places, QLineEdit)
    qtbot.keyClicks(places, "sei")
    click_save(qtbot, dialog)
    wait_tasks()
    # Then the form stays open and says what is wrong next to the places
    assert dialog.isVisible()
    assert "numero intero" in dialog.error_label("places").text()

    # When they write a number and save
    places.setText("6")
    qtbot.keyClicks(dialog.editor("comune"), "Bergamo")
    click_save(qtbot, dialog)
    wait_tasks()

    # Then the community is in the registry, selected, with no child yet
    assert panel.dialog is None
    qtmodeltester.check(panel.model)
    assert cells(panel.model) == [
        "Casa Betania",
        "Mother and child community",
        "Bergamo",
        "",
        "0 / 6",
        "",
    ]
    assert panel.current_community() is not None
    assert panel.placements_title.text() == "Children in Casa Betania — none so far"
    assert panel.count_label.text() == "1 communities"


def test_a_child_is_placed_reported_on_and_the_placement_ended(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, qtmodeltester: Any
) -> None:
    # Given Comunità Il Ponte and Sara Pesenti's case
    case = on_worker(a_community_and_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    panel = page.communities
    assert panel.current_community() is not None
    assert not panel.review_button.isEnabled() and not panel.end_button.isEnabled()

    # When the coordinator places Sara there from 1 June
    qtbot.mouseClick(panel.new_placement_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    combo = dialog.editor("minor_id")
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == f"{case.code} — Sara Pesenti"
    dialog.editor("start_on").set_value(dt.date(2026, 6, 1))  # type: ignore[attr-defined]
    click_save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: panel.placement_model.rowCount() == 1)

    # Then she is listed, her report was due on 1 December, and the community counts her
    model = panel.placement_model
    qtmodeltester.check(model)
    row = cells(model)
    assert row[CommunityPlacementTableModel.CHILD] == "Sara Pesenti"
    assert row[CommunityPlacementTableModel.CASE] == case.code
    assert row[CommunityPlacementTableModel.LEGAL_BASIS] == "Judicial"
    assert row[CommunityPlacementTableModel.NEXT_REVIEW] == "01/12/2026"
    assert panel.model.index(0, CommunityTableModel.PLACED).data() == "1 / 8"
    assert panel.review_button.isEnabled() and panel.end_button.isEnabled()

    # When the six-monthly report is recorded on 20 November
    qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    dialog.editor("last_review_on").set_value(dt.date(2026, 11, 20))  # type: ignore[attr-defined]
    click_save(qtbot, dialog)
    wait_tasks()
    # Then the next one is six months later
    qtbot.waitUntil(
        lambda: model.index(0, CommunityPlacementTableModel.NEXT_REVIEW).data() == "20/05/2027"
    )

    # When the placement ends without a reason, then with one
    panel.placement_table.selectRow(0)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    assert dialog.find_option("end_reason", None) == -1  # a reason must be chosen
    choose(dialog, "end_reason", PlacementEnd.RETURNED_HOME)
    click_save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: model.index(0, CommunityPlacementTableModel.ENDED).data() != "")

    # Then it shows when and why it ended, greyed, and the place is free again
    row = cells(model)
    assert row[CommunityPlacementTableModel.ENDED] == "24/11/2026"
    assert row[CommunityPlacementTableModel.END_REASON] == "Return to the birth family"
    assert row[CommunityPlacementTableModel.NEXT_REVIEW] == ""
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert panel.model.index(0, CommunityTableModel.PLACED).data() == "0 / 8"
    assert not panel.end_button.isEnabled()


def test_an_overdue_report_is_red_and_double_click_opens_the_case(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    def scene(opened: Any) -> Any:
        case = a_community_and_a_child(opened)
        [view] = communities.list_communities(opened)
        communities.place_in_community(
            opened,
            case.id,
            community_id=view.community.id,
            legal_basis=LegalBasis.CONSENSUAL,
            start_on=dt.date(2026, 1, 10),
            today=TODAY,
        )
        return case

    case = on_worker(scene)
    page = open_page(qtbot, workspace, wait_tasks)
    panel = page.communities
    qtbot.waitUntil(lambda: panel.placement_model.rowCount() == 1)
    index = panel.placement_model.index(0, CommunityPlacementTableModel.NEXT_REVIEW)
    assert index.data() == "10/07/2026"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"

    with qtbot.waitSignal(page.caseOpened) as opened:
        panel.placement_table.activated.emit(panel.placement_model.index(0, 0))
    assert opened.args == [case.id]


def test_visit_mode_hides_the_communities_and_a_lock_forgets_them(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    on_worker(a_community_and_a_child)
    page = open_page(qtbot, workspace, wait_tasks)
    panel: CommunitiesPanel = page.communities
    assert panel.model.rowCount() == 1

    page.set_visit_mode(True)
    assert panel.model.rowCount() == 0 and panel.hidden
    assert page.stack.currentWidget() is page.hidden_notice
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # nothing opens
    assert panel.dialog is None

    page.set_visit_mode(False)
    wait_tasks()
    assert panel.model.rowCount() == 1

    page.clear()
    assert panel.model.rowCount() == 0 and panel.placement_model.rowCount() == 0
