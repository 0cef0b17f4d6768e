"""The one base of the read-only list models: a tuple of frozen rows, headers, named roles.

Subclasses say what a cell shows (`cell`); the row itself is always under `RowRole`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from minorifamiglie.ui.common import one_line

R = TypeVar("R")
ModelIndex = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[R]):
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, headers: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = tuple(headers)
        self._rows: tuple[R, ...] = ()

    # ------------------------------------------------------------------ to override
    def cell(self, row: R, column: int, role: int) -> Any:
        """What `row` shows in `column` for `role` (None: nothing)."""
        return None

    # ------------------------------------------------------------------ rows
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self._headers = tuple(headers)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> tuple[R, ...]:
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
        if not 0 <= index.column() < len(self._headers):
            return None
        row = self._rows[index.row()]
        if role == self.RowRole:
            return row
        value = self.cell(row, index.column(), role)
        if role in _TEXT_ROLES and isinstance(value, str):
            return one_line(value)  # stored text: nothing hidden, nothing reordered
        return value


# The roles whose strings are read or heard as text (a tooltip goes through plain_html)
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole})
