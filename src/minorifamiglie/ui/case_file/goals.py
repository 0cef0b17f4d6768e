"""Progetto: the goals of the PEI and of the Progetto Quadro, their status and review date, and
under them the actions of the goal selected (goal_actions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import GoalStatus, PlanKind
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.data import CaseFileData
from minorifamiglie.ui.case_file.goal_actions import GoalActionsPanel
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, Column, RowTableModel
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

REVIEW_COLUMN = 3


class GoalTableModel(RowTableModel[e.Goal]):
    """Goals by plan; an active goal whose review date has passed shows it in red."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        super().__init__(parent)

    def columns(self) -> Sequence[Column[e.Goal]]:
        return (
            Column(self.tr("Plan"), lambda r: label(r.plan)),
            Column(self.tr("Goal"), lambda r: r.title, lambda r: r.description[:500]),
            Column(self.tr("Status"), lambda r: label(r.status)),
            Column(self.tr("Review on"), lambda r: fmt_date(r.review_on)),
            Column(
                self.tr("Indicators"),
                lambda r: " ".join(r.indicators.split()),
                lambda r: r.indicators[:500],
            ),
        )

    def overdue(self, row: e.Goal) -> bool:
        return (
            row.status is GoalStatus.ACTIVE
            and row.review_on is not None
            and row.review_on < self.today
        )

    def foreground(self, row: e.Goal, column: int) -> QColor | None:
        if column == REVIEW_COLUMN and self.overdue(row):
            return OVERDUE
        return MUTED if row.status is GoalStatus.DROPPED else None

    def bold(self, row: e.Goal, column: int) -> bool:
        return column == REVIEW_COLUMN and self.overdue(row)


def goal_fields() -> list[FormField]:
    return [
        FormField(
            "plan", QCoreApplication.translate("GoalsTab", "Plan"), "enum", enum_type=PlanKind
        ),
        FormField(
            "title",
            QCoreApplication.translate("GoalsTab", "Goal"),
            "text",
            required=True,
            max_length=300,
        ),
        FormField(
            "description", QCoreApplication.translate("GoalsTab", "Description"), "multiline"
        ),
        FormField("indicators", QCoreApplication.translate("GoalsTab", "Indicators"), "multiline"),
        FormField(
            "status", QCoreApplication.translate("GoalsTab", "Status"), "enum", enum_type=GoalStatus
        ),
        FormField(
            "review_on", QCoreApplication.translate("GoalsTab", "Review on"), "optional-date"
        ),
    ]


class GoalsTab(TableTab[e.Goal]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, GoalTableModel(), self.tr("Goals of the plan"), parent)
        self.add_button = self.button(self.tr("&Add goal…"), self.add_goal)
        self.edit_button = self.button(self.tr("&Edit…"), self.edit_selected, self.tr("Edit goal"))
        self.remove_button = self.button(
            self.tr("&Remove"), self.remove_selected, self.tr("Remove goal")
        )
        self.add_buttons(self.add_button)
        self.add_buttons(self.edit_button, self.remove_button, needs_row=True)
        self.finish_buttons()
        # The goals above, the actions of the one selected below.
        self.action_panel = GoalActionsPanel(workspace)
        splitter = QSplitter(Qt.Orientation.Vertical)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.table)
        splitter.addWidget(self.table)
        splitter.addWidget(self.action_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.action_panel.show_goal(self.selected())
        )

    def set_data(self, data: CaseFileData) -> None:
        self.action_panel.set_data(data)
        super().set_data(data)

    def clear(self) -> None:
        self.action_panel.clear()
        super().clear()

    def set_visit_mode(self, on: bool) -> None:
        self.action_panel.set_visit_mode(on)
        super().set_visit_mode(on)

    def refresh_view(self) -> None:
        assert isinstance(self.model, GoalTableModel)
        if self.data is None:
            self.model.set_rows(())
            self.action_panel.show_goal(None)
            return
        self.model.today = self.data.today
        plans = list(PlanKind)
        statuses = list(GoalStatus)
        rows = sorted(
            self.data.detail.goals,
            key=lambda g: (
                plans.index(g.plan),
                statuses.index(g.status),
                g.review_on or dt.date.max,
                g.title,
            ),
        )
        keep = self.action_panel.goal.id if self.action_panel.goal is not None else None
        self.model.set_rows(rows)
        ids = [g.id for g in rows]
        if keep in ids:  # the goal whose actions are shown stays selected after a reload
            self.select_row(ids.index(keep))
        else:
            self.action_panel.show_goal(None)

    def add_goal(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        from minorifamiglie.services import records

        def add(opened: Any, v: dict[str, Any]) -> e.Goal:
            return records.add_goal(opened, case_id, **v)

        self.open_form(
            self.tr("New goal"),
            goal_fields(),
            add,
            values={"plan": PlanKind.PEI, "status": GoalStatus.ACTIVE, "review_on": None},
        )

    def activated(self, row: e.Goal) -> None:
        self.edit(row)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row)

    def edit(self, row: e.Goal) -> None:
        from minorifamiglie.services import records

        def update(opened: Any, v: dict[str, Any]) -> e.Goal:
            return records.update_goal(opened, row.id, **v)

        self.open_form(
            self.tr("Edit goal"),
            goal_fields(),
            update,
            values={f.name: getattr(row, f.name) for f in goal_fields()},
        )

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
            self.tr("Remove the goal “%1” and its actions?").replace("%1", row.title)
        ):
            return
        from minorifamiglie.services import records

        goal_id = row.id
        self.write(lambda opened: records.remove_goal(opened, goal_id))
