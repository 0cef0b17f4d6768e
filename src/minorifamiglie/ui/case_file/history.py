"""Storico: the audit log of this case (when, who, what), newest first. The event's detail is
never shown: it is for integrity checks, not for the screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import MUTED, Column, RowTableModel
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.audit_log import HistoryRow


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryTableModel", text)


def action_label(action: AuditAction) -> str:
    return {
        AuditAction.VIEW: _t("Viewed"),
        AuditAction.CREATE: _t("Created"),
        AuditAction.UPDATE: _t("Changed"),
        AuditAction.DELETE: _t("Removed"),
        AuditAction.CLOSE: _t("Closed and signed"),
        AuditAction.AMEND: _t("Amendment added"),
        AuditAction.EXPORT: _t("Exported"),
        AuditAction.PRINT: _t("Printed"),
        AuditAction.UNLOCK: _t("Unlocked"),
        AuditAction.UNLOCK_FAILED: _t("Failed unlock"),
        AuditAction.PASSPHRASE_CHANGED: _t("Passphrase changed"),
        AuditAction.PROFILE_CREATED: _t("Profile created"),
    }.get(action, action.value)


def entity_label(entity: str) -> str:
    """What a table name means to the reader ("measures" → "Court measure")."""
    return {
        "cases": _t("Case file"),
        "case_operators": _t("Assigned operator"),
        "persons": _t("Person"),
        "case_members": _t("Person in the case"),
        "measures": _t("Court measure"),
        "service_activations": _t("Service"),
        "visits": _t("Visit"),
        "visit_amendments": _t("Amendment"),
        "goals": _t("Goal"),
        "deadlines": _t("Deadline"),
        "foster_families": _t("Foster family"),
        "placements": _t("Foster placement"),
        "attachments": _t("Attachment"),
        "conflicts": _t("Conflict"),
        "": "",
    }.get(entity, _t("Other record"))


class HistoryTableModel(RowTableModel["HistoryRow"]):
    def columns(self) -> Sequence[Column[HistoryRow]]:
        return (
            Column(_t("When"), lambda r: r.at.astimezone().strftime("%d/%m/%Y %H:%M")),
            Column(_t("Who"), lambda r: r.operator_name or _t("(system)")),
            Column(_t("Action"), lambda r: action_label(r.action)),
            Column(_t("What"), lambda r: entity_label(r.entity)),
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
