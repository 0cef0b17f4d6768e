"""Progetti di comunità (welfare di comunità): the projects of the Ambiti with, for a year or
the whole of their life, how many activities, hours and participants; and the activities of the
project selected. Numbers only: no names or other personal data are ever recorded here."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.changes import Changes
from minorifamiglie.services import community_projects, operators
from minorifamiglie.services.community_projects import ProjectDetail, ProjectView
from minorifamiglie.ui.common import (
    error_text,
    filled,
    fmt_date,
    one_line,
    plain_html,
    plain_label,
    read_only_table,
)
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.models.project_table import (
    ActivityTableModel,
    ProjectTableModel,
    fmt_minutes,
)
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.place_completer import complete_comuni
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

YEARS_BACK = 6  # the years offered: this one and the five before


def _table(name: str, accessible: str, model: Any) -> QTableView:
    return read_only_table(model, accessible, name, fit="but-last")


class CommunityProjectsPage(Page):
    """The list of projects above, the selected project's activities below."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("projectsPage")
        self._today = today
        self._projects = QueryOperation(self, workspace)
        self._detail = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self._loaded = False
        self._selected: uuid.UUID | None = None
        self._selected_activity: uuid.UUID | None = None
        self._operators: tuple[e.Operator, ...] = ()
        self.detail: ProjectDetail | None = None
        self.dialog: RecordFormDialog | None = None

        top = self._build_filters()
        self.model = ProjectTableModel(self)
        self.table = _table("projectTable", self.tr("Community projects"), self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._project_chosen())
        self.table.activated.connect(lambda _index: self.edit_project())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_activities())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        workspace.changesApplied.connect(self._changes_applied)
        self._show_detail(None)

    def title(self) -> str:
        return self.tr("Community projects")

    def _build_filters(self) -> QHBoxLayout:
        """Ambito and year, the count, New and Edit."""
        self.ambito_combo = QComboBox()
        self.ambito_combo.setAccessibleName(self.tr("Ambito"))
        self.ambito_combo.addItem(self.tr("All ambiti"), None)
        for code, name in AMBITI:
            self.ambito_combo.addItem(name, code)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(self.tr("Year"))
        this_year = self._today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year_combo.addItem(str(year), year)
        self.year_combo.addItem(self.tr("Whole project"), None)
        ambito_label = QLabel(self.tr("&Ambito:"))
        ambito_label.setBuddy(self.ambito_combo)
        year_label = QLabel(self.tr("&Year:"))
        year_label.setBuddy(self.year_combo)
        self.count_label = plain_label()
        self.add_button = QPushButton(self.tr("&New project…"))
        self.add_button.setAccessibleName(self.tr("New community project"))
        self.edit_button = QPushButton(self.tr("&Edit project…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected project"))
        self.ambito_combo.currentIndexChanged.connect(self.refresh)
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_project)
        self.edit_button.clicked.connect(self.edit_project)
        top = QHBoxLayout()
        for widget in (ambito_label, self.ambito_combo):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        return top

    def _build_activities(self) -> QWidget:
        """The selected project's activities, their totals, and the reminder that no names go
        in them."""
        self.activity_model = ActivityTableModel(self)
        self.activity_table = _table(
            "activityTable", self.tr("Activities of the project"), self.activity_model
        )
        self.activity_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.activity_table.activated.connect(lambda _index: self.edit_activity())
        self.activities_title = plain_label()
        self.activities_title.setObjectName("activitiesTitle")
        font = self.activities_title.font()
        font.setBold(True)
        self.activities_title.setFont(font)
        # a project's title as long as anyone wrote it gives way to the buttons beside it,
        # never widening the window past the screen
        self.activities_title.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.activities_title.setMinimumWidth(120)
        self.totals_label = plain_label()
        self.totals_label.setObjectName("projectTotals")
        self.privacy_note = QLabel(self.no_personal_data())
        self.privacy_note.setObjectName("noPersonalDataNote")
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setStyleSheet("color: #8a5300;")
        self.new_activity_button = QPushButton(self.tr("New ac&tivity…"))
        self.new_activity_button.setAccessibleName(self.tr("New activity of the selected project"))
        self.edit_activity_button = QPushButton(self.tr("Edit acti&vity…"))
        self.edit_activity_button.setAccessibleName(self.tr("Edit the selected activity"))
        self.remove_activity_button = QPushButton(self.tr("&Delete activity"))
        self.remove_activity_button.setAccessibleName(self.tr("Delete the selected activity"))
        self.new_activity_button.clicked.connect(self.add_activity)
        self.edit_activity_button.clicked.connect(self.edit_activity)
        self.remove_activity_button.clicked.connect(self.remove_activity)
        heading = QHBoxLayout()
        heading.addWidget(self.activities_title)
        heading.addStretch(1)
        heading.addWidget(self.new_activity_button)
        heading.addWidget(self.edit_activity_button)
        heading.addWidget(self.remove_activity_button)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(heading)
        column.addWidget(self.privacy_note)
        column.addWidget(self.activity_table, 1)
        column.addWidget(self.totals_label)
        return lower

    def no_personal_data(self) -> str:
        return self.tr(
            "Only hours and the number of participants: never write names or other personal "
            "data of the participants here."
        )

    # ------------------------------------------------------------------ loading
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        year = self.year_combo.currentData()
        if year is None:
            return None, None
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return
        start, end = self.period()
        code = self.ambito_combo.currentData()

        def load(opened: OpenProfile) -> tuple[list[ProjectView], list[e.Operator]]:
            views = community_projects.list_projects(opened, ambito=code, start=start, end=end)
            return views, operators.list_operators(opened)

        self._projects.run(load, self._projects_loaded, self._failed)

    def _projects_loaded(self, loaded: tuple[list[ProjectView], list[e.Operator]]) -> None:
        views, team = loaded
        self._loaded = True
        self._operators = tuple(team)
        keep = self._selected
        self.model.set_rows(views)
        self.count_label.setText(self.tr("%n projects", "", len(views)))
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and views:
            row = 0
        if row >= 0:
            self.table.selectRow(row)  # after the reset, a change of selection: loads it
        else:
            self._show_detail(None)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.count_label.setText(error_text(error))

    def current_project(self) -> ProjectView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.project_at(rows[0].row()) if rows else None

    def current_activity(self) -> community_projects.ActivityView | None:
        rows = self.activity_table.selectionModel().selectedRows()
        return self.activity_model.activity_at(rows[0].row()) if rows else None

    def _project_chosen(self) -> None:
        view = self.current_project()
        self._detail.cancel()
        if view is None:
            self._show_detail(None)
            return
        self._selected = view.project.id
        title = self.tr("Activities of %1").replace("%1", view.project.title)
        self.activities_title.setText(one_line(title))
        self.activities_title.setToolTip(plain_html(title))  # whole, where the line cuts it
        project_id = view.project.id
        start, end = self.period()

        def load(opened: OpenProfile) -> ProjectDetail:
            return community_projects.show_project(opened, project_id, start=start, end=end)

        self._detail.run(load, self._show_detail, self._failed)

    def _show_detail(self, detail: ProjectDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.activity_model.clear()
            self.activities_title.setText(self.tr("Activities"))
            self.totals_label.clear()
            self._update_buttons()
            return
        keep = self._selected_activity
        self._selected_activity = None
        self.activity_model.set_rows(detail.activities)
        if detail.activities:
            row = self.activity_model.row_of(keep)
            self.activity_table.selectRow(max(row, 0))
        t = detail.tally
        year = self.year_combo.currentData()
        totals = filled(
            self.tr("%1 activities, %2 hours, %3 participants (presences)"),
            str(t.activities),
            fmt_minutes(t.minutes),
            str(t.participants),
        )
        if year is not None:
            totals = filled(self.tr("In %1: %2"), str(year), totals)
        self.totals_label.setText(totals)
        self._update_buttons()

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(community_projects.SOURCES):
            self.refresh()

    def _update_buttons(self) -> None:
        chosen = self.current_project() is not None
        self.edit_button.setEnabled(chosen)
        self.new_activity_button.setEnabled(chosen and self.detail is not None)
        activity = self.current_activity() is not None
        self.edit_activity_button.setEnabled(activity)
        self.remove_activity_button.setEnabled(activity)

    # ------------------------------------------------------------------ projects
    def _project_fields(self) -> list[FormField]:
        return [
            FormField("title", self.tr("Title"), "text", required=True, max_length=300),
            FormField(
                "ambito_id",
                self.tr("Ambito"),
                "combo",
                required=True,
                choices=[(name, ambito_id(code)) for code, name in AMBITI],
            ),
            FormField(
                "comune",
                self.tr("Comune"),
                "text",
                max_length=120,
                placeholder=self.tr("e.g. Scanzorosciate"),
                completer=complete_comuni,
            ),
            FormField(
                "partners",
                self.tr("Partners"),
                "text",
                max_length=300,
                placeholder=self.tr("The Comune, cooperatives and associations of the project"),
            ),
            FormField("start_on", self.tr("Start"), "date", required=True),
            FormField("end_on", self.tr("End"), "optional-date"),
            FormField("description", self.tr("Description"), "multiline"),
        ]

    def add_project(self) -> None:
        code = self.ambito_combo.currentData()
        values: dict[str, object] = {"start_on": self._today()}
        if code is not None:
            values["ambito_id"] = ambito_id(code)
        dialog = RecordFormDialog(
            self.tr("New community project"), self._project_fields(), values, parent=self
        )
        dialog.setObjectName("projectDialog")

        def save(opened: OpenProfile, v: dict[str, Any]) -> e.CommunityProject:
            return community_projects.add_project(opened, ambito=v.pop("ambito_id"), **v)

        dialog.run_with(self.workspace, save, on_saved=self._project_saved)
        self._open_dialog(dialog)

    def edit_project(self) -> None:
        view = self.current_project()
        if view is None:
            return
        project = view.project
        fields = self._project_fields()
        values = {f.name: getattr(project, f.name) for f in fields}
        dialog = RecordFormDialog(
            self.tr("Edit %1").replace("%1", project.title), fields, values, parent=self
        )
        dialog.setObjectName("projectDialog")
        project_id = project.id

        def save(opened: OpenProfile, v: dict[str, Any]) -> e.CommunityProject:
            changed = {k: x for k, x in v.items() if x != getattr(project, k)}
            return community_projects.update_project(opened, project_id, **changed)

        dialog.run_with(self.workspace, save, on_saved=self._project_saved)
        self._open_dialog(dialog)

    def _project_saved(self, project: e.CommunityProject) -> None:
        self._selected = project.id

    # ------------------------------------------------------------------ activities
    def _activity_fields(self) -> list[FormField]:
        return [
            FormField("date", self.tr("Date"), "date", required=True),
            FormField(
                "minutes",
                self.tr("Duration (minutes)"),
                "text",
                required=True,
                max_length=4,
                placeholder=self.tr("e.g. 90"),
            ),
            FormField(
                "participants",
                self.tr("Participants"),
                "text",
                required=True,
                max_length=6,
                placeholder=self.tr("How many took part"),
            ),
            FormField(
                "operator_id",
                self.tr("Operator"),
                "combo",
                choices=[(op.name, op.id) for op in self._operators],
                none_label=self.tr("This device's operator"),
            ),
            FormField(
                "description",
                self.tr("What was done"),
                "text",
                max_length=300,
                placeholder=self.tr("e.g. Garden workshop with the middle school (no names)"),
            ),
        ]

    def _activity_dialog(self, title: str, values: dict[str, object]) -> RecordFormDialog:
        dialog = RecordFormDialog(title, self._activity_fields(), values, parent=self)
        dialog.setObjectName("activityDialog")
        note = QLabel(self.no_personal_data())
        note.setObjectName("noPersonalDataNotice")
        note.setWordWrap(True)
        note.setStyleSheet("color: #8a5300; font-weight: bold;")
        layout = dialog.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, note)
        return dialog

    def add_activity(self) -> None:
        view = self.current_project()
        if view is None:
            return
        dialog = self._activity_dialog(
            self.tr("New activity of %1").replace("%1", view.project.title),
            {"date": min(self._today(), view.project.end_on or self._today())},
        )
        project_id, today = view.project.id, self._today()

        def save(opened: OpenProfile, v: dict[str, Any]) -> e.CommunityActivity:
            return community_projects.add_activity(opened, project_id, today=today, **v)

        dialog.run_with(self.workspace, save, on_saved=self._activity_saved)
        self._open_dialog(dialog)

    def edit_activity(self) -> None:
        view = self.current_activity()
        if view is None:
            return
        activity = view.activity
        values: dict[str, object] = {
            "date": activity.date,
            "minutes": str(activity.minutes),
            "participants": str(activity.participants),
            "operator_id": activity.operator_id,
            "description": activity.description,
        }
        dialog = self._activity_dialog(
            self.tr("Activity of %1").replace("%1", fmt_date(activity.date)), values
        )
        activity_id, today = activity.id, self._today()

        def save(opened: OpenProfile, v: dict[str, Any]) -> e.CommunityActivity:
            changed = {k: x for k, x in v.items() if x != values[k]}
            return community_projects.update_activity(opened, activity_id, today=today, **changed)

        dialog.run_with(self.workspace, save, on_saved=self._activity_saved)
        self._open_dialog(dialog)

    def _activity_saved(self, activity: e.CommunityActivity) -> None:
        self._selected_activity = activity.id

    def remove_activity(self) -> None:
        view = self.current_activity()
        if view is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete activity"),
            self.tr("Delete the activity of %1?").replace("%1", fmt_date(view.activity.date)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        activity_id = view.activity.id
        self._writes.run(
            lambda opened: community_projects.remove_activity(opened, activity_id),
            None,
            self._failed,
        )

    # ------------------------------------------------------------------ dialogs
    def _open_dialog(self, dialog: RecordFormDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: RecordFormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self._projects.cancel()
        self._detail.cancel()
        self._loaded = False
        self._selected = self._selected_activity = None
        self._operators = ()
        self.model.clear()
        self.count_label.clear()
        self._show_detail(None)
