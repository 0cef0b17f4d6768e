"""What every tab of the case file shares: the data, a table, buttons, forms and writes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ids import CaseId
from minorifamiglie.ui.case_file.data import CaseFileData
from minorifamiglie.ui.case_file.models import RowTableModel
from minorifamiglie.ui.common import plain_html, read_only_table, show_error
from minorifamiglie.ui.forms import FieldWarning, FormField, RecordFormDialog
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

R = TypeVar("R")
T = TypeVar("T")


def make_table(model: RowTableModel[Any], accessible: str) -> QTableView:
    return read_only_table(model, accessible, fit="none")


class CaseTab(QWidget):
    """A tab of the case file. The view hands it the loaded data; it writes through the
    workspace and lets the view reload on `changesApplied`."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._writes = WriteOperation(self, workspace)  # answers reach the tab while it exists
        self.data: CaseFileData | None = None
        self.visit_mode = False
        self.dialog: RecordFormDialog | None = None  # the form open now, if any

    @property
    def case_id(self) -> CaseId | None:
        return self.data.case_id if self.data is not None else None

    def set_data(self, data: CaseFileData) -> None:
        self.data = data
        self.refresh_view()

    def refresh_view(self) -> None:
        """Show `self.data` (also called after the visit mode changes)."""

    def clear(self) -> None:
        self.data = None
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.refresh_view()

    def set_visit_mode(self, on: bool) -> None:
        self.visit_mode = on
        self.refresh_view()

    # ------------------------------------------------------------------ helpers
    def button(self, text: str, slot: Callable[[], None], accessible: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible or text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def open_form(
        self,
        title: str,
        fields: Sequence[FormField],
        fn: Callable[[OpenProfile, dict[str, Any]], T],
        *,
        values: Mapping[str, object] | None = None,
        precheck: Callable[[OpenProfile, dict[str, Any]], Sequence[FieldWarning]] | None = None,
    ) -> RecordFormDialog:
        """Open a RecordFormDialog (window-modal, not blocking) that saves through `fn`, after
        the warnings of `precheck` if any (see ui/forms.py)."""
        if self.dialog is not None:
            self.dialog.reject()
        dialog = RecordFormDialog(title, fields, values, self)
        dialog.run_with(self.workspace, fn, precheck=precheck)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: RecordFormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def write(
        self,
        fn: Callable[[OpenProfile], T],
        on_done: Callable[[T], None] | None = None,
    ) -> None:
        self._writes.run(fn, on_done, lambda error: show_error(self, error))

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Minori e Famiglie"),
            plain_html(question),  # it quotes stored data (a name, a title, a file name)
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class TableTab(CaseTab, Generic[R]):
    """A tab made of a button row over a table; double-click edits the row."""

    def __init__(
        self,
        workspace: Workspace,
        model: RowTableModel[R],
        accessible: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, parent)
        self.model = model
        model.setParent(self)
        self.table = make_table(model, accessible)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.row_buttons: list[QPushButton] = []  # enabled only with a selected row
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.doubleClicked.connect(self._double_clicked)
        model.modelReset.connect(self.update_buttons)
        model.modelReset.connect(self.fit_columns)
        self.max_column_width = 320

    def fit_columns(self) -> None:
        """Columns as wide as their content (translations differ in length), within bounds;
        the last one takes the rest of the width."""
        last = self.model.columnCount() - 1
        for column in range(last):
            self.table.resizeColumnToContents(column)
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, max(60, min(width + 8, self.max_column_width)))

    def add_buttons(self, *buttons: QPushButton, needs_row: bool = False) -> None:
        for button in buttons:
            self.buttons.addWidget(button)
            if needs_row:
                self.row_buttons.append(button)

    def finish_buttons(self) -> None:
        self.buttons.addStretch(1)
        self.update_buttons()

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def update_buttons(self) -> None:
        chosen = self.selected()
        for button in self.row_buttons:
            button.setEnabled(chosen is not None and self.can_act_on(chosen, button))

    def can_act_on(self, row: R, button: QPushButton) -> bool:
        return True

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.activated(row)

    def activated(self, row: R) -> None:
        """Double-click or Enter on a row: edit it, by default."""

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.selected()
            if row is not None:
                self.activated(row)
                return
        super().keyPressEvent(event)
