"""Visits and meetings of the agenda (Oggi: today, tomorrow, drafts to close) as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from minorifamiglie.domain.enums import VisitOutcome
from minorifamiglie.services.agenda import AgendaItem
from minorifamiglie.ui.common import fmt_date, fmt_time
from minorifamiglie.ui.labels import label

ModelIndex = QModelIndex | QPersistentModelIndex
MUTED_COLOR = QColor("#777777")


class AgendaTableModel(QAbstractTableModel):
    """Rows are `AgendaItem`s in the service's order (date, time). Which columns show is chosen
    with `set_columns`: visit mode drops those naming other cases."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    VisitIdRole = Qt.ItemDataRole.UserRole + 2
    CaseIdRole = Qt.ItemDataRole.UserRole + 3
    DATE, TIME, KIND, CASE, MINORS, PLACE, STATUS = range(7)
    ALL_COLUMNS = (DATE, TIME, KIND, CASE, MINORS, PLACE, STATUS)

    def __init__(self, columns: Sequence[int] = ALL_COLUMNS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[AgendaItem, ...] = ()
        self._columns: tuple[int, ...] = tuple(columns)

    # ------------------------------------------------------------------ rows and columns
    def set_rows(self, rows: Sequence[AgendaItem]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[int]) -> None:
        if tuple(columns) == self._columns:
            return
        self.beginResetModel()
        self._columns = tuple(columns)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def row_at(self, row: int) -> AgendaItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> tuple[AgendaItem, ...]:
        return self._rows

    @property
    def columns(self) -> tuple[int, ...]:
        return self._columns

    def header(self, column: int) -> str:
        return (
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Kind"),
            self.tr("Case"),
            self.tr("Child"),
            self.tr("Place"),
            self.tr("Status"),
        )[column]

    # ------------------------------------------------------------------ Qt interface
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self.header(self._columns[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._display(row, self.STATUS)
        if role == Qt.ItemDataRole.ForegroundRole and row.outcome is not VisitOutcome.DONE:
            return QBrush(MUTED_COLOR)  # a cancelled visit stays listed, greyed
        if role == self.RowRole:
            return row
        if role == self.VisitIdRole:
            return row.visit_id
        if role == self.CaseIdRole:
            return row.case_id
        return None

    def _display(self, row: AgendaItem, column: int) -> str:
        if column == self.DATE:
            return fmt_date(row.date)
        if column == self.TIME:
            return f"{fmt_time(row.start_time)}–{fmt_time(row.end_time)}"
        if column == self.KIND:
            return label(row.kind)
        if column == self.CASE:
            return row.case_code
        if column == self.MINORS:
            return row.minors
        if column == self.PLACE:
            return row.place
        if column == self.STATUS:
            if row.outcome is not VisitOutcome.DONE:
                return label(row.outcome)
            return label(row.status)
        return ""
