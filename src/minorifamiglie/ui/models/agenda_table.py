"""Visits and meetings of the agenda (Oggi: today, tomorrow, drafts to close) as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from minorifamiglie.domain.enums import VisitOutcome
from minorifamiglie.services.agenda import AgendaItem
from minorifamiglie.ui.common import fmt_date, fmt_time, plain_html
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel

MUTED_COLOR = QColor("#777777")


class AgendaTableModel(RowsModel[AgendaItem]):
    """Rows are `AgendaItem`s in the service's order (date, time). Which columns show is chosen
    with `set_columns`: visit mode drops those naming other cases."""

    VisitIdRole = Qt.ItemDataRole.UserRole + 2
    CaseIdRole = Qt.ItemDataRole.UserRole + 3
    DATE, TIME, KIND, CASE, MINORS, PLACE, STATUS = range(7)
    ALL_COLUMNS = (DATE, TIME, KIND, CASE, MINORS, PLACE, STATUS)

    def __init__(self, columns: Sequence[int] = ALL_COLUMNS, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._all_headers = (
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Kind"),
            self.tr("Case"),
            self.tr("Child"),
            self.tr("Place"),
            self.tr("Status"),
        )
        self._columns: tuple[int, ...] = tuple(columns)
        self._headers = tuple(self._all_headers[c] for c in self._columns)

    def set_columns(self, columns: Sequence[int]) -> None:
        if tuple(columns) == self._columns:
            return
        self._columns = tuple(columns)
        self.set_headers([self._all_headers[c] for c in self._columns])

    @property
    def columns(self) -> tuple[int, ...]:
        return self._columns

    def cell(self, row: AgendaItem, section: int, role: int) -> Any:
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_html(self._display(row, self.STATUS))
        if role == Qt.ItemDataRole.ForegroundRole and row.outcome is not VisitOutcome.DONE:
            return QBrush(MUTED_COLOR)  # a cancelled visit stays listed, greyed
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
