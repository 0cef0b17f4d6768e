"""Table models of the case file tabs: read-only, over tuples of frozen rows, with named roles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

OVERDUE = QColor("#b00020")
SOON = QColor("#9a5b00")
MUTED = QColor("#6b6b6b")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """A column: its header and how a row reads in it."""

    header: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows are plain objects; `RowRole` gives the row, `IdRole` its id. Subclasses define
    `columns()` and may colour rows with `foreground(row)` and `bold(row)`."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[R, ...] = ()
        self._columns: tuple[Column[R], ...] = tuple(self.columns())

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
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[R, ...]:
        return self._rows

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, index.column())
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole:
            if self.bold(row, index.column()):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == self.RowRole:
            return row
        if role == self.IdRole:
            return self.row_id(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[self.RowRole] = QByteArray(b"row")
        names[self.IdRole] = QByteArray(b"recordId")
        return names
