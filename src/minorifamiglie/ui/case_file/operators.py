"""Who follows the case: a checkable list of the team's operators, saved in one write."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.services import cases
from minorifamiglie.ui.common import error_text, make_error_label
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.workspace import Workspace


class OperatorsDialog(QDialog):
    """Check the operators who follow the case. `team` are the active operators; those
    assigned but no longer active are listed too, so that saving does not drop them unseen.
    On Save the change runs on the worker (services.cases.set_operators); `saved` follows."""

    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: uuid.UUID,
        team: Sequence[e.Operator],
        assigned: Sequence[e.Operator],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("operatorsDialog")
        self.setWindowTitle(self.tr("Operators of the case"))
        self.workspace = workspace
        self._writes = WriteOperation(self, workspace)  # its answer only while it exists
        self.case_id = case_id
        chosen = {op.id for op in assigned}
        listed = list(team) + [op for op in assigned if op.id not in {t.id for t in team}]
        intro = QLabel(self.tr("Check the operators who follow this case."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("operatorList")
        self.list.setAccessibleName(self.tr("Operators who follow the case"))
        for op in listed:
            text = f"{op.name} — {label(op.role)}"
            if not op.active:
                text += " " + self.tr("(no longer active)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, op.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if op.id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.error = make_error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        rows = max(4, min(12, len(listed)))
        self.resize(420, 140 + rows * self.list.sizeHintForRow(0) if listed else 220)

    def item(self, name: str) -> QListWidgetItem:
        """The row of the operator called `name` (for tests)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.text().startswith(name + " —"):
                return item
        raise KeyError(name)

    def checked_ids(self) -> list[OperatorId]:
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _submit(self) -> None:
        ref = str(self.case_id)
        ids = self.checked_ids()
        self.error.setVisible(False)
        self.buttons.setEnabled(False)

        def done(_result: object) -> None:
            self.buttons.setEnabled(True)
            self.accept()
            self.saved.emit()

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.error.setText(error_text(error))
            self.error.setVisible(True)

        self._writes.run(
            lambda opened: cases.set_operators(opened, ref, ids),
            done,
            failed,
        )
