"""Table models of the case file tabs: read-only, over tuples of frozen rows, with named roles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.models.rows import RowsModel

R = TypeVar("R")

OVERDUE = QColor("#b00020")
SOON = QColor("#9a5b00")
MUTED = QColor("#6b6b6b")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """A column: its header and how a row reads in it."""

    header: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None


class RowTableModel(RowsModel[R]):
    """Rows are plain objects; `RowRole` gives the row, `IdRole` its id. Subclasses define
    `columns()` and may colour rows with `foreground(row)` and `bold(row)`."""

    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__((), parent)
        self._columns: tuple[Column[R], ...] = tuple(self.columns())
        self._headers = tuple(c.header for c in self._columns)

    # ------------------------------------------------------------------ to override
    def columns(self) -> Sequence[Column[R]]:
        raise NotImplementedError

    def row_id(self, row: R) -> object:
        return getattr(row, "id", None)

    def foreground(self, row: R, column: int) -> QColor | None:
        return None

    def bold(self, row: R, column: int) -> bool:
        return False

    # ------------------------------------------------------------------ data
    def cell(self, row: R, index: int, role: int) -> Any:
        column = self._columns[index]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_html(column.tooltip(row)) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, index)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole:
            if self.bold(row, index):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == self.IdRole:
            return self.row_id(row)
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[self.RowRole] = QByteArray(b"row")
        names[self.IdRole] = QByteArray(b"recordId")
        return names
