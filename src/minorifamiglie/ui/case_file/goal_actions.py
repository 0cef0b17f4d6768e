"""The actions under the goal selected in the Plan tab (goals.py): what is to be done, by whom
("educatrice", "madre", "scuola") and by when; an open one past its date shows it in red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.data import CaseFileData
from minorifamiglie.ui.case_file.models import MUTED, OVERDUE, Column, RowTableModel
from minorifamiglie.ui.common import fmt_date, plain_label
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.workspace import Workspace

DUE_COLUMN = 2


class GoalActionTableModel(RowTableModel[e.GoalAction]):
    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        super().__init__(parent)

    def columns(self) -> Sequence[Column[e.GoalAction]]:
        return (
            Column(self.tr("Action"), lambda r: r.description, lambda r: r.description),
            Column(self.tr("Who"), lambda r: r.responsible),
            Column(self.tr("By"), lambda r: fmt_date(r.due_on)),
            Column(self.tr("Done on"), lambda r: fmt_date(r.done_on)),
        )

    def overdue(self, row: e.GoalAction) -> bool:
        return row.done_on is None and row.due_on is not None and row.due_on < self.today

    def foreground(self, row: e.GoalAction, column: int) -> QColor | None:
        if row.done_on is not None:
            return MUTED
        return OVERDUE if column == DUE_COLUMN and self.overdue(row) else None

    def bold(self, row: e.GoalAction, column: int) -> bool:
        return column == DUE_COLUMN and self.overdue(row)


def action_fields(editing: bool) -> list[FormField]:
    fields = [
        FormField(
            "description",
            QCoreApplication.translate("GoalActionsPanel", "Action"),
            "text",
            required=True,
            max_length=300,
        ),
        FormField(
            "responsible",
            QCoreApplication.translate("GoalActionsPanel", "Who takes care of it"),
            "text",
            max_length=120,
            placeholder=QCoreApplication.translate(
                "GoalActionsPanel", "e.g. educator, mother, school"
            ),
        ),
        FormField("due_on", QCoreApplication.translate("GoalActionsPanel", "By"), "optional-date"),
    ]
    if editing:
        fields.append(
            FormField(
                "done_on",
                QCoreApplication.translate("GoalActionsPanel", "Done on"),
                "optional-date",
            )
        )
    return fields


class GoalActionsPanel(TableTab[e.GoalAction]):
    """Embedded under the goals: shows the actions of `goal` (set by the Plan tab)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, GoalActionTableModel(), self.tr("Actions of the goal"), parent)
        self.setObjectName("goalActionsPanel")
        self.goal: e.Goal | None = None
        self.title = plain_label()
        self.title.setObjectName("goalActionsTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.buttons.addWidget(self.title)
        self.buttons.addSpacing(12)
        self.add_button = self.button(
            self.tr("Add a&ction…"), self.add_action, self.tr("Add an action to the goal")
        )
        self.edit_button = self.button(
            self.tr("Edit ac&tion…"), self.edit_selected, self.tr("Edit action")
        )
        self.done_button = self.button(
            self.tr("Mark &done"), self.mark_done, self.tr("Mark the action as done")
        )
        self.remove_button = self.button(
            self.tr("Remove actio&n"), self.remove_selected, self.tr("Remove action")
        )
        self.add_buttons(self.add_button)
        self.add_buttons(self.edit_button, self.done_button, self.remove_button, needs_row=True)
        self.finish_buttons()
        self.refresh_view()

    def show_goal(self, goal: e.Goal | None) -> None:
        self.goal = goal
        self.refresh_view()

    def set_data(self, data: CaseFileData) -> None:
        # The goal as just reloaded (its title may have changed), or none if it went.
        if self.goal is not None:
            self.goal = next((g for g in data.detail.goals if g.id == self.goal.id), None)
        super().set_data(data)

    def refresh_view(self) -> None:
        assert isinstance(self.model, GoalActionTableModel)
        goal = self.goal
        self.add_button.setEnabled(goal is not None and self.data is not None)
        if self.data is None or goal is None:
            self.title.setText(self.tr("Actions: select a goal"))
            self.model.set_rows(())
            return
        self.title.setText(self.tr("Actions of “%1”").replace("%1", goal.title))
        self.model.today = self.data.today
        rows = sorted(
            (a for a in self.data.detail.goal_actions if a.goal_id == goal.id),
            key=lambda a: (a.done_on is not None, a.due_on or dt.date.max, a.created_at),
        )
        self.model.set_rows(rows)

    def can_act_on(self, row: e.GoalAction, button: QPushButton) -> bool:
        return button is not self.done_button or row.done_on is None

    def add_action(self) -> None:
        goal = self.goal
        if goal is None:
            return
        from minorifamiglie.services import goal_actions

        def add(opened: Any, v: dict[str, Any]) -> e.GoalAction:
            return goal_actions.add_goal_action(opened, goal.id, **v)

        self.open_form(
            self.tr("New action for “%1”").replace("%1", goal.title),
            action_fields(editing=False),
            add,
            values={"due_on": None},
        )

    def activated(self, row: e.GoalAction) -> None:
        self.edit(row)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row)

    def edit(self, row: e.GoalAction) -> None:
        from minorifamiglie.services import goal_actions

        today = self.data.today if self.data is not None else dt.date.today()

        def update(opened: Any, v: dict[str, Any]) -> e.GoalAction:
            return goal_actions.update_goal_action(opened, row.id, today=today, **v)

        fields = action_fields(editing=True)
        self.open_form(
            self.tr("Edit action"),
            fields,
            update,
            values={f.name: getattr(row, f.name) for f in fields},
        )

    def mark_done(self) -> None:
        row = self.selected()
        if row is None or row.done_on is not None:
            return
        from minorifamiglie.services import goal_actions

        action_id = row.id
        today = self.data.today if self.data is not None else dt.date.today()
        self.write(lambda opened: goal_actions.complete_goal_action(opened, action_id, today=today))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
            self.tr("Remove the action “%1”?").replace("%1", row.description)
        ):
            return
        from minorifamiglie.services import goal_actions

        action_id = row.id
        self.write(lambda opened: goal_actions.remove_goal_action(opened, action_id))
