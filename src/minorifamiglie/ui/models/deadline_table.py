"""Scadenze as a table: overdue first in red, then by due date (the service's order)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from minorifamiglie.services.deadlines import UpcomingDeadline
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.labels import label

ModelIndex = QModelIndex | QPersistentModelIndex
OVERDUE_COLOR = QColor("#b00020")


class DeadlineTableModel(QAbstractTableModel):
    """Rows are `UpcomingDeadline`s in the order given; `RowRole` returns the row itself."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    DUE, DAYS, KIND, CASE, TITLE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[UpcomingDeadline, ...] = ()
        self._headers = (
            self.tr("Due on"),
            self.tr("Days left"),
            self.tr("Kind"),
            self.tr("Case"),
            self.tr("Description"),
        )

    # ------------------------------------------------------------------ rows
    def set_rows(self, rows: Sequence[UpcomingDeadline]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def row_at(self, row: int) -> UpcomingDeadline | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> tuple[UpcomingDeadline, ...]:
        return self._rows

    # ------------------------------------------------------------------ Qt interface
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self._kind_text(row)}\n{row.title}" if column == self.TITLE else None
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and row.overdue and column in (self.DUE, self.DAYS):
            font = QFont()
            font.setBold(True)
            return font
        if role == self.RowRole:
            return row
        if role == self.CaseIdRole:
            return row.case_id
        return None

    def _display(self, row: UpcomingDeadline, column: int) -> str:
        if column == self.DUE:
            return fmt_date(row.due_on)
        if column == self.DAYS:
            return self.days_text(row.days_left)
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
