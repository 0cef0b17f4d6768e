"""Scadenze as a table: overdue first in red, then by due date (the service's order); the
deadlines already met (a report sent) last, in grey, saying who met them and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from minorifamiglie.services.deadlines import UpcomingDeadline
from minorifamiglie.ui.common import filled, fmt_date, plain_html
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel

OVERDUE_COLOR = QColor("#b00020")
DONE_COLOR = QColor("#6b6b6b")


class DeadlineTableModel(RowsModel[UpcomingDeadline]):
    """Rows are `UpcomingDeadline`s in the order given; `RowRole` returns the row itself."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    DUE, DAYS, KIND, CASE, TITLE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Due on"),
                self.tr("Days left"),
                self.tr("Kind"),
                self.tr("Case"),
                self.tr("Description"),
            ),
            parent,
        )

    def cell(self, row: UpcomingDeadline, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                plain_html(f"{self._kind_text(row)}\n{row.title}") if column == self.TITLE else None
            )
        if role == Qt.ItemDataRole.ForegroundRole and row.done_on is not None:
            return QBrush(DONE_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and row.overdue and column in (self.DUE, self.DAYS):
            font = QFont()
            font.setBold(True)
            return font
        if role == self.CaseIdRole:
            return row.case_id
        return None

    def _display(self, row: UpcomingDeadline, column: int) -> str:
        if column == self.DUE:
            return fmt_date(row.due_on)
        if column == self.DAYS:
            return self.done_text(row) if row.done_on is not None else self.days_text(row.days_left)
        if column == self.KIND:
            return self._kind_text(row)
        if column == self.CASE:
            return row.case_code
        if column == self.TITLE:
            # A derived deadline's title repeats its kind ("Verifica del progetto: …"): say it once.
            prefix = row.kind.label()
            if row.title == prefix:
                return ""
            return row.title.removeprefix(prefix + ": ")
        return ""

    def _kind_text(self, row: UpcomingDeadline) -> str:
        return label(row.kind)

    def done_text(self, row: UpcomingDeadline) -> str:
        assert row.done_on is not None
        if row.done_by:
            return filled(self.tr("Done on %1 by %2"), fmt_date(row.done_on), row.done_by)
        return self.tr("Done on %1").replace("%1", fmt_date(row.done_on))

    def days_text(self, days: int) -> str:
        if days == 0:
            return self.tr("Today")
        if days == 1:
            return self.tr("Tomorrow")
        if days == -1:
            return self.tr("Overdue by 1 day")
        if days < 0:
            return self.tr("Overdue by %1 days").replace("%1", str(-days))
        return self.tr("In %1 days").replace("%1", str(days))
