"""The case file's plan and placements: actions under a PEI goal (who does what by when), the
partner cooperative of a service, and the child's placement in a community, from the tabs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox

from minorifamiglie.domain.enums import (
    Availability,
    CommunityKind,
    FosterFamilyStatus,
    HoursPeriod,
    LegalBasis,
    PlacementEnd,
    PlacementKind,
    Service,
)
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import activations, cases, communities, families, placements, records
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.forms import RecordFormDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date.today()


def shown_case(view: CaseFileView) -> CaseId:
    assert view.case_id is not None
    return view.case_id


@pytest.fixture
def case_id(on_worker: Any) -> CaseId:
    case = on_worker(
        lambda op: cases.add_case(
            op, ambito="VBR", service=Service.TUTELA, minor_name="Luca Rota", opened_on=TODAY
        )
    )
    made: CaseId = case.id
    return made


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, case_id: CaseId) -> CaseFileView:
    widget = CaseFileView(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 680)
    widget.show()
    widget.load(case_id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def save(qtbot: Any, dialog: RecordFormDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def type_into(qtbot: Any, dialog: RecordFormDialog, name: str, text: str) -> None:
    editor = dialog.editor(name)
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)


def choose(dialog: RecordFormDialog, name: str, value: object) -> None:
    combo = dialog.editor(name)
    assert isinstance(combo, QComboBox)
    index = dialog.find_option(name, value)
    assert index >= 0, (name, value)
    combo.setCurrentIndex(index)


# ---------------------------------------------------------------------------------- actions
def test_an_action_is_added_under_a_goal_done_and_removed(
    qtbot: Any,
    view: CaseFileView,
    wait_tasks: Any,
    on_worker: Any,
    qtmodeltester: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given two goals of the PEI
    def scene(op: Any) -> None:
        records.add_goal(op, shown_case(view), title="Autonomia nei compiti")
        records.add_goal(op, shown_case(view), title="Relazioni con i compagni")

    on_worker(scene)
    view.reload()
    wait_tasks()
    tab = view.goals
    panel = tab.action_panel
    assert not panel.add_button.isEnabled()
    assert panel.title.text() == "Actions: select a goal"

    # When the educator selects the first goal and adds an action for the mother
    tab.select_row(0)
    goal = tab.selected()
    assert goal is not None and panel.goal == goal
    assert panel.add_button.isEnabled()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    save(qtbot, dialog)  # without a description
    wait_tasks()
    assert "obbligatorio" in dialog.error_label("description").text()
    type_into(qtbot, dialog, "description", "Iscrizione al centro estivo")
    type_into(qtbot, dialog, "responsible", "madre")
    due = TODAY + dt.timedelta(days=10)
    dialog.set_values({"due_on": due})
    save(qtbot, dialog)
    wait_tasks()

    # Then it is listed under the goal, which stays selected, and it is a deadline
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    qtmodeltester.check(panel.model)
    assert tab.selected() is not None and tab.selected().id == goal.id  # type: ignore[union-attr]
    shown = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert shown == ["Iscrizione al centro estivo", "madre", due.strftime("%d/%m/%Y"), ""]
    assert panel.title.text() == f"Actions of “{goal.title}”"
    [deadline] = [r for r in view.deadlines.model.rows if r.kind == "azione-pei"]
    assert deadline.due_on == due
    # and the other goal has no action
    tab.select_row(1)
    assert panel.model.rowCount() == 0
    tab.select_row(0)
    assert panel.model.rowCount() == 1

    # When it is marked done
    panel.select_row(0)
    assert panel.done_button.isEnabled()
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.model.rows[0].done_on == TODAY)
    # Then it is no longer a deadline, and it cannot be marked done twice
    assert not [r for r in view.deadlines.model.rows if r.kind == "azione-pei"]
    panel.select_row(0)
    assert not panel.done_button.isEnabled() and panel.edit_button.isEnabled()

    # When it is removed
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)


def test_an_overdue_action_is_red_and_edited_by_double_click(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, on_worker: Any
) -> None:
    from minorifamiglie.services import goal_actions

    def scene(op: Any) -> None:
        goal = records.add_goal(op, shown_case(view), title="Frequenza scolastica")
        goal_actions.add_goal_action(
            op, goal.id, description="Colloquio con la scuola", due_on=TODAY - dt.timedelta(2)
        )

    on_worker(scene)
    view.reload()
    wait_tasks()
    view.goals.select_row(0)
    panel = view.goals.action_panel
    index = panel.model.index(0, 2)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    panel.select_row(0)
    panel.activated(panel.model.rows[0])
    dialog = panel.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "responsible", "educatrice")
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and bool(panel.model.rows[0].responsible))
    assert panel.model.rows[0].responsible == "educatrice"


# ---------------------------------------------------------------------------------- partner
def test_a_service_names_its_partner_cooperative(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, on_worker: Any
) -> None:
    on_worker(
        lambda op: activations.add_activation(
            op,
            shown_case(view),
            service=Service.ADM,
            start_on=TODAY.replace(day=1),
            authorised_hours=4,
            hours_period=HoursPeriod.WEEK,
        )
    )
    view.reload()
    wait_tasks()
    tab = view.activations
    tab.select_row(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    type_into(qtbot, dialog, "partner", "Cooperativa Alfa")
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rows[0].activation.partner == "Cooperativa Alfa")
    partner_column = tab.model.columnCount() - 1
    assert tab.model.headerData(partner_column, Qt.Orientation.Horizontal) == (
        "Partner cooperative"
    )
    assert tab.model.index(0, partner_column).data() == "Cooperativa Alfa"


# ---------------------------------------------------------------------------------- placements
def test_the_child_is_placed_in_a_community_from_the_case_file(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, on_worker: Any, qtmodeltester: Any
) -> None:
    # Given a community in the registry, and the child once in foster care
    def scene(op: Any) -> None:
        communities.add_community(op, name="Comunità Il Ponte", kind=CommunityKind.EDUCATIONAL)
        family = families.add_family(
            op,
            name="Famiglia Locatelli",
            availability=Availability.RESIDENTIAL,
            status=FosterFamilyStatus.SUITABLE,
        )
        minor = cases.show_case(op, str(view.case_id)).members[0].person
        placement = placements.add_placement(
            op,
            shown_case(view),
            minor_id=minor.id,
            family_id=family.id,
            legal_basis=LegalBasis.CONSENSUAL,
            kind=PlacementKind.HETERO,
            start_on=TODAY - dt.timedelta(days=100),
        )
        placements.end_placement(
            op, placement.id, TODAY - dt.timedelta(days=1), reason=PlacementEnd.COMMUNITY
        )

    on_worker(scene)
    view.reload()
    wait_tasks()
    tab = view.placements
    assert tab.model.rowCount() == 1
    assert tab.model.rows[0].placement.ended_on is not None

    # When the social worker places him in the community
    qtbot.mouseClick(tab.place_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    combo = dialog.editor("community_id")
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Comunità Il Ponte — Educational community"
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)

    # Then the case file shows the placement, running first, with its next report
    qtmodeltester.check(tab.model)
    shown = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert shown[:5] == [
        "Luca Rota",
        "Comunità Il Ponte",
        "Educational community",
        "Judicial",
        TODAY.strftime("%d/%m/%Y"),
    ]
    assert any(r.kind == "verifica-semestrale-comunita" for r in view.deadlines.model.rows)
    # the foster placement that ended can be neither reviewed nor ended
    tab.select_row(1)
    assert tab.model.rows[1].family.name == "Famiglia Locatelli"  # type: ignore[union-attr]
    assert not tab.review_button.isEnabled() and not tab.end_button.isEnabled()

    # When the community placement ends
    tab.select_row(0)
    assert tab.end_button.isEnabled()
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    choose(dialog, "end_reason", PlacementEnd.AUTONOMY)
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: all(r.placement.ended_on for r in tab.model.rows))
    # both ended now: by start, the foster placement first
    assert tab.model.rows[1].placement.end_reason is PlacementEnd.AUTONOMY
    assert tab.model.index(1, tab.model.columnCount() - 1).data() == "Reached independence"
    assert tab.model.index(0, tab.model.columnCount() - 1).data() == "Moved to a community"
    assert not any(r.kind == "verifica-semestrale-comunita" for r in view.deadlines.model.rows)


def test_placements_are_hidden_in_visit_mode(qtbot: Any, view: CaseFileView) -> None:
    tabs = view.tabs
    assert tabs.isTabVisible(tabs.indexOf(view.placements))
    tabs.setCurrentWidget(view.placements)
    view.set_visit_mode(True)
    assert not tabs.isTabVisible(tabs.indexOf(view.placements))
    assert tabs.currentWidget() is view.persons
    view.set_visit_mode(False)
    assert tabs.isTabVisible(tabs.indexOf(view.placements))
