"""Storico: the audit log of this case (when, who, what), newest first. The event's detail is
never shown: it is for integrity checks, not for the screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.italian_format import fmt_date_time
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import MUTED, Column, RowTableModel
from minorifamiglie.ui.labels import entity_label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.audit_log import HistoryRow


def action_label(action: AuditAction) -> str:
    return {
        AuditAction.VIEW: QCoreApplication.translate("HistoryTableModel", "Viewed"),
        AuditAction.CREATE: QCoreApplication.translate("HistoryTableModel", "Created"),
        AuditAction.UPDATE: QCoreApplication.translate("HistoryTableModel", "Changed"),
        AuditAction.DELETE: QCoreApplication.translate("HistoryTableModel", "Removed"),
        AuditAction.CLOSE: QCoreApplication.translate("HistoryTableModel", "Closed and signed"),
        AuditAction.AMEND: QCoreApplication.translate("HistoryTableModel", "Amendment added"),
        AuditAction.EXPORT: QCoreApplication.translate("HistoryTableModel", "Exported"),
        AuditAction.IMPORT: QCoreApplication.translate("HistoryTableModel", "Imported"),
        AuditAction.PRINT: QCoreApplication.translate("HistoryTableModel", "Printed"),
        AuditAction.UNLOCK: QCoreApplication.translate("HistoryTableModel", "Unlocked"),
        AuditAction.UNLOCK_FAILED: QCoreApplication.translate("HistoryTableModel", "Failed unlock"),
        AuditAction.PASSPHRASE_CHANGED: QCoreApplication.translate(
            "HistoryTableModel", "Passphrase changed"
        ),
        AuditAction.PROFILE_CREATED: QCoreApplication.translate(
            "HistoryTableModel", "Profile created"
        ),
        AuditAction.SYNC: QCoreApplication.translate("HistoryTableModel", "Synchronised"),
        AuditAction.TEAM: QCoreApplication.translate("HistoryTableModel", "Team changed"),
        AuditAction.CONFLICT_RESOLVED: QCoreApplication.translate(
            "HistoryTableModel", "Conflict resolved"
        ),
    }.get(action, action.value)


class HistoryTableModel(RowTableModel["HistoryRow"]):
    def columns(self) -> Sequence[Column[HistoryRow]]:
        return (
            Column(self.tr("When"), lambda r: fmt_date_time(r.at.astimezone())),
            Column(self.tr("Who"), lambda r: r.operator_name or self.tr("(system)")),
            Column(self.tr("Action"), lambda r: action_label(r.action)),
            Column(self.tr("What"), lambda r: entity_label(r.entity)),
        )

    def row_id(self, row: HistoryRow) -> object:
        return row.seq

    def foreground(self, row: HistoryRow, column: int) -> QColor | None:
        return MUTED if row.action is AuditAction.VIEW else None


class HistoryTab(TableTab["HistoryRow"]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, HistoryTableModel(), self.tr("History of the case"), parent)
        note = QLabel(
            self.tr("Who opened, changed, printed or exported this case file, newest first.")
        )
        note.setStyleSheet("color: #555;")
        self.buttons.addWidget(note)
        self.finish_buttons()

    def refresh_view(self) -> None:
        self.model.set_rows(self.data.history if self.data is not None else ())

    def set_history(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
