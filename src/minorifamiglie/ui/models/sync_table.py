"""Sincronizzazione as tables: the past runs, and the files refused by the one selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from minorifamiglie.services.syncing import Refusal, SyncRunView
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.models.rows import RowsModel
from minorifamiglie.ui.sync_labels import fmt_moment, outcome_label, refusal_language

PROBLEM_COLOR = QColor("#b00020")
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SyncRunTableModel(RowsModel[SyncRunView]):
    """The runs newest first, as `syncing.history` gives them."""

    WHEN, SENT, RECEIVED, CONFLICTS, OUTCOME = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("When"),
                self.tr("Sent"),
                self.tr("Received"),
                self.tr("Conflicts"),
                self.tr("Outcome"),
            ),
            parent,
        )

    def cell(self, row: SyncRunView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHEN:
                return fmt_moment(row.finished_at)
            if column == self.SENT:
                return str(row.exported)
            if column == self.RECEIVED:
                return str(row.imported)
            if column == self.CONFLICTS:
                return str(row.conflicts)
            if column == self.OUTCOME:
                return outcome_label(row.outcome)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and self.SENT <= column <= self.CONFLICTS:
            return int(NUMBER_ALIGNMENT)
        problem = row.outcome != "ok"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME and problem:
            return QBrush(PROBLEM_COLOR)
        return None


class RefusalTableModel(RowsModel[Refusal]):
    """What a run refused to apply, and why (the file names hold ids and counters only)."""

    FILE, REASON = range(2)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((self.tr("File"), self.tr("Reason")), parent)

    def cell(self, row: Refusal, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = None
            if column == self.FILE:
                text = row.file
            elif column == self.REASON:
                text = row.message(refusal_language())
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_html(text) or None
            return text
        return None
