"""Équipe as a table: the devices of the roster and the join requests waiting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QStyle

from minorifamiglie.domain.enums import Role
from minorifamiglie.services.team import DeviceView
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel
from minorifamiglie.ui.sync_labels import device_status_label

MUTED = QColor("#777777")
PENDING = QColor("#8a4b00")


def role_label(role: str) -> str:
    try:
        return label(Role(role))
    except ValueError:
        return role


class DeviceTableModel(RowsModel[DeviceView]):
    """Coordinator first, then by status and operator (the order `team.show` gives)."""

    OPERATOR, ROLE, DEVICE, FINGERPRINT, STATUS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Operator"),
                self.tr("Role"),
                self.tr("Device"),
                self.tr("Fingerprint"),
                self.tr("Status"),
            ),
            parent,
        )
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def cell(self, row: DeviceView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.FontRole and column == self.FINGERPRINT:
            return self._mono
        if role == Qt.ItemDataRole.FontRole and row.this_device:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "revoked":
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "pending":
            return QBrush(PENDING)
        if role == Qt.ItemDataRole.ToolTipRole and row.warning:
            # as rich text whose every character is escaped: a tooltip would otherwise render
            # a device name that looks like HTML (a join request's, anyone's to write)
            return plain_html(row.warning)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.OPERATOR, self.DEVICE):
            return plain_html(self._display(row, column))  # whole, where the column cuts it
        if role == Qt.ItemDataRole.DecorationRole and row.warning and column == self.STATUS:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _display(self, row: DeviceView, column: int) -> str | None:
        if column == self.OPERATOR:
            return row.operator
        if column == self.ROLE:
            return role_label(row.role)
        if column == self.DEVICE:
            marks = []
            if row.coordinator:
                marks.append(self.tr("team coordinator"))
            if row.this_device:
                marks.append(self.tr("this device"))
            return f"{row.device_name} ({', '.join(marks)})" if marks else row.device_name
        if column == self.FINGERPRINT:
            return row.fingerprint
        if column == self.STATUS:
            return device_status_label(row.status)
        return None
