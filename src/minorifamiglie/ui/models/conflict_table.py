"""Conflitti as a table: which case file, what text, what happened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from minorifamiglie.services.conflicts import ConflictView
from minorifamiglie.ui.models.rows import RowsModel
from minorifamiglie.ui.sync_labels import conflict_kind_label, field_label


class ConflictTableModel(RowsModel[ConflictView]):
    """The open conflicts in the order `conflicts.list_conflicts` gives them."""

    CASE, WHAT, KIND = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("Case"), self.tr("What"), self.tr("What happened")), parent)

    def cell(self, row: ConflictView, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.CASE:
            return row.case_code or "—"
        if column == self.WHAT:
            return field_label(row.entity, row.field)
        if column == self.KIND:
            return conflict_kind_label(row.kind)
        return None
