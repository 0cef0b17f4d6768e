"""Community projects and the activities of one, as tables (numbers only: no personal data)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from minorifamiglie.domain.italian_format import fmt_hours
from minorifamiglie.services.community_projects import ActivityView, ProjectView
from minorifamiglie.ui.common import fmt_date, plain_html
from minorifamiglie.ui.models.rows import RowsModel

NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fmt_minutes(minutes: int) -> str:
    """Minutes as hours with two decimals and a decimal comma, as the hours report: 1,50."""
    return fmt_hours(minutes / 60)


class ProjectTableModel(RowsModel[ProjectView]):
    """Rows are `ProjectView`s in the service's order (most recent first); the numbers are
    those of the period the page asked for."""

    # The partners last: the longest text, it takes the room the numbers leave.
    TITLE, AMBITO, COMUNE, PERIOD, ACTIVITIES, HOURS, PARTICIPANTS, PARTNERS = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Project"),
                self.tr("Ambito"),
                self.tr("Comune"),
                self.tr("Period"),
                self.tr("Activities"),
                self.tr("Hours"),
                self.tr("Participants"),
                self.tr("Partners"),
            ),
            parent,
        )

    def project_at(self, row: int) -> ProjectView | None:
        return self.row_at(row)

    def row_of(self, project_id: object) -> int:
        for i, view in enumerate(self._rows):
            if view.project.id == project_id:
                return i
        return -1

    def cell(self, row: ProjectView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.ACTIVITIES,
            self.HOURS,
            self.PARTICIPANTS,
        ):
            return int(NUMBER_ALIGNMENT)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return plain_html(
                "\n".join(t for t in (row.project.title, row.project.description) if t)
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        p, t = row.project, row.tally
        texts = {
            self.TITLE: p.title,
            self.AMBITO: row.ambito_name,
            self.COMUNE: p.comune,
            self.PARTNERS: p.partners,
            self.PERIOD: self.period(p.start_on, p.end_on),
            self.ACTIVITIES: str(t.activities),
            self.HOURS: fmt_minutes(t.minutes),
            self.PARTICIPANTS: str(t.participants),
        }
        return texts.get(column)

    def period(self, start: Any, end: Any) -> str:
        if end is None:
            return self.tr("from %1").replace("%1", fmt_date(start))
        return f"{fmt_date(start)} – {fmt_date(end)}"


class ActivityTableModel(RowsModel[ActivityView]):
    """Rows are the `ActivityView`s of one project, most recent first."""

    DATE, HOURS, PARTICIPANTS, OPERATOR, DESCRIPTION = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Date"),
                self.tr("Hours"),
                self.tr("Participants"),
                self.tr("Operator"),
                self.tr("What was done"),
            ),
            parent,
        )

    def activity_at(self, row: int) -> ActivityView | None:
        return self.row_at(row)

    def row_of(self, activity_id: object) -> int:
        for i, view in enumerate(self._rows):
            if view.activity.id == activity_id:
                return i
        return -1

    def cell(self, row: ActivityView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.HOURS, self.PARTICIPANTS):
            return int(NUMBER_ALIGNMENT)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        a = row.activity
        texts = {
            self.DATE: fmt_date(a.date),
            self.HOURS: fmt_minutes(a.minutes),
            self.PARTICIPANTS: str(a.participants),
            self.OPERATOR: row.operator or "—",
            self.DESCRIPTION: a.description,
        }
        return texts.get(column)
