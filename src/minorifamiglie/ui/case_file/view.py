"""The case file (cartella): a header and the tabs, loaded on the worker, reloaded when a write
announces a change to what it shows."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import places
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.enums import CaseClosure, CaseStatus, ReferralSource
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import audit_log, case_removal, cases
from minorifamiglie.ui.case_contents import held_words
from minorifamiglie.ui.case_file.activations import ActivationsTab
from minorifamiglie.ui.case_file.attachments import AttachmentsTab
from minorifamiglie.ui.case_file.base import CaseTab
from minorifamiglie.ui.case_file.data import CaseFileData, load_case_file
from minorifamiglie.ui.case_file.deadlines import DeadlinesTab
from minorifamiglie.ui.case_file.diary import DiaryTab
from minorifamiglie.ui.case_file.goals import GoalsTab
from minorifamiglie.ui.case_file.header import CaseHeader
from minorifamiglie.ui.case_file.history import HistoryTab
from minorifamiglie.ui.case_file.measures import MeasuresTab
from minorifamiglie.ui.case_file.operators import OperatorsDialog
from minorifamiglie.ui.case_file.persons import PersonsTab
from minorifamiglie.ui.case_file.placements import PlacementsTab
from minorifamiglie.ui.case_file.printing import CasePrinting
from minorifamiglie.ui.common import error_text, plain_html, plain_label
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.place_completer import complete_comuni
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.case_removal import CaseContents


class CaseFileView(QWidget):
    """One case file. `load(case_id)` shows it; `clear()` forgets it (on lock);
    `set_visit_mode(on)` hides the measures, deadlines and history tabs, the notes about
    adults and the summary. Emits `visitRequested(case_id, visit_id or None)` for the visit
    editor, `closed()` when the user goes back to the list, and `deleted(case code)` then
    `closed()` once an empty case was deleted."""

    visitRequested = Signal(object, object)
    closed = Signal()
    handOverRequested = Signal(object)  # the case id
    loaded = Signal(object)  # the case id, each time its data is on screen
    deleted = Signal(str)  # the code of the case just deleted

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseFileView")
        self.workspace = workspace
        self.today = today
        self.case_id: CaseId | None = None
        self.data: CaseFileData | None = None
        self.visit_mode = False
        self._case = QueryOperation(self, workspace)  # the whole case file
        self._history = QueryOperation(self, workspace)  # only its history, after a write
        self._writes = WriteOperation(self, workspace)  # deleting an empty case
        self.dialog: QDialog | None = None  # the edit or operators dialog open now, if any

        top = self._build_top_bar()

        self.header = CaseHeader()
        self.header.editRequested.connect(self.edit_case)
        self.header.operatorsRequested.connect(self.edit_operators)
        self.printing = CasePrinting(self, workspace, today, self._show_failure)
        self.header.summaryRequested.connect(self.print_summary)
        self.header.courtReportRequested.connect(self.print_court_report)
        self.header.blankSheetRequested.connect(self.print_blank_sheet)
        self.header.handOverRequested.connect(self._hand_over)
        self.tabs = self._build_tabs(workspace)
        self.placeholder = QLabel(self.tr("Loading the case file…"))
        self.placeholder.setObjectName("caseFilePlaceholder")
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        workspace.changesApplied.connect(self._changes_applied)

    def _build_top_bar(self) -> QHBoxLayout:
        """Back to the list, messages, and the actions on the whole case file."""
        self.back_button = QPushButton(self.tr("← &Back to the list"))
        self.back_button.setAccessibleName(self.tr("Back to the list of cases"))
        self.back_button.clicked.connect(self.closed)
        self.new_visit_button = QPushButton(self.tr("New &visit"))
        self.new_visit_button.setAccessibleName(self.tr("New visit"))
        self.new_visit_button.clicked.connect(self.new_visit)
        # Here rather than in the header, whose row of buttons already fills a 1366-pixel
        # screen: enabled only while the case holds nothing, its tooltip says why not.
        self.delete_button = QPushButton(self.tr("Delete empty case…"))
        self.delete_button.setObjectName("caseDeleteButton")
        self.delete_button.setAccessibleName(self.tr("Delete the empty case"))
        self.delete_button.clicked.connect(self.delete_empty_case)
        self.message = plain_label()
        self.message.setObjectName("caseFileMessage")
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.message, 1)
        top.addWidget(self.delete_button)
        top.addSpacing(12)
        top.addWidget(self.new_visit_button)
        self.new_visit_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        return top

    def _build_tabs(self, workspace: Workspace) -> QTabWidget:
        self.persons = PersonsTab(workspace)
        self.measures = MeasuresTab(workspace)
        self.activations = ActivationsTab(workspace)
        self.diary = DiaryTab(workspace)
        self.goals = GoalsTab(workspace)
        self.placements = PlacementsTab(workspace)
        self.deadlines = DeadlinesTab(workspace)
        self.attachments = AttachmentsTab(workspace)
        self.history = HistoryTab(workspace)
        tabs = QTabWidget()
        tabs.setObjectName("caseFileTabs")
        tabs.setAccessibleName(self.tr("Sections of the case file"))
        tabs.setDocumentMode(True)
        tabs.setUsesScrollButtons(True)
        for tab, title in (
            (self.persons, self.tr("Persons")),
            (self.measures, self.tr("Court measures")),
            (self.activations, self.tr("Services")),
            (self.diary, self.tr("Diary")),
            (self.goals, self.tr("Plan")),
            (self.placements, self.tr("Placements")),
            (self.deadlines, self.tr("Deadlines")),
            (self.attachments, self.tr("Attachments")),
            (self.history, self.tr("History")),
        ):
            tabs.addTab(tab, title)
        self.diary.visitRequested.connect(self.visitRequested)
        return tabs

    # ------------------------------------------------------------------ tabs
    def case_tabs(self) -> tuple[CaseTab, ...]:
        return (
            self.persons,
            self.measures,
            self.activations,
            self.diary,
            self.goals,
            self.placements,
            self.deadlines,
            self.attachments,
            self.history,
        )

    def hidden_in_visit_mode(self) -> tuple[CaseTab, ...]:
        # Placements name the foster family or the community: not in front of the family.
        return (self.measures, self.placements, self.deadlines, self.history)

    def title(self) -> str:
        return self.data.detail.case.code if self.data is not None else self.tr("Case file")

    # ------------------------------------------------------------------ loading
    def load(self, case_id: CaseId) -> None:
        """Show the case (asynchronously); the view is recorded in the audit log."""
        if case_id != self.case_id:
            self._forget()
            self.case_id = case_id
            self.tabs.setCurrentIndex(0)
            self.diary.kind.blockSignals(True)
            self.diary.kind.setCurrentIndex(0)
            self.diary.kind.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        self._history.cancel()
        kind = self.diary.selected_kind()
        today = self.today()
        if self.data is None:
            self.placeholder.setText(self.tr("Loading the case file…"))
            self.stack.setCurrentWidget(self.placeholder)

        def done(data: CaseFileData) -> None:
            if self.case_id == case_id:
                self._show(data)

        def failed(error: BaseException) -> None:
            if self.case_id == case_id:
                self._show_failure(error)

        self._case.run(lambda opened: load_case_file(opened, case_id, kind, today), done, failed)

    def _show(self, data: CaseFileData) -> None:
        self.data = data
        self.header.set_data(data)
        for tab in self.case_tabs():
            tab.set_data(data)
        self.message.clear()
        self.new_visit_button.setEnabled(True)
        self.delete_button.setEnabled(data.contents.empty)
        self.delete_button.setToolTip(self._deletion_hint(data.contents))
        self.stack.setCurrentIndex(1)
        self.loaded.emit(data.case_id)

    def _show_failure(self, error: BaseException) -> None:
        text = error_text(error)
        if self.data is None:
            self.placeholder.setText(text)
            self.stack.setCurrentWidget(self.placeholder)
        else:
            self.message.setText(text)

    def _changes_applied(self, changes: Changes) -> None:
        if self.case_id is None or not self.workspace.unlocked:
            return
        if changes.touches(cases.CASE_FILE_SOURCES):
            self.reload()
        elif changes.touches(audit_log.SOURCES):
            self._reload_history()

    def _reload_history(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return

        def load(opened: Any) -> tuple[Any, ...]:
            return tuple(audit_log.case_history(opened, case_id))

        def done(rows: tuple[Any, ...]) -> None:
            if self.case_id == case_id:
                self.history.set_history(rows)

        self._history.run(load, done)

    # ------------------------------------------------------------------ actions
    def new_visit(self) -> None:
        if self.case_id is not None:
            self.visitRequested.emit(self.case_id, None)

    def edit_case(self) -> None:
        """The form of the case itself: title, summary, status, referral, comune, dates."""
        if self.data is None or self.visit_mode:
            return
        case = self.data.detail.case
        referral = FormField(
            "referral_source",
            self.tr("Referral source"),
            "enum",
            enum_type=ReferralSource,
            # edit_case cannot clear a referral source once recorded: "not specified" is offered
            # only while there is none.
            none_label=self.tr("Not specified") if case.referral_source is None else None,
        )
        fields = [
            FormField("title", self.tr("Title"), "text", max_length=200),
            FormField("summary", self.tr("Summary"), "multiline"),
            FormField("status", self.tr("Status"), "enum", required=True, enum_type=CaseStatus),
            referral,
            FormField(
                "comune",
                self.tr("Comune of residence"),
                "text",
                max_length=120,
                placeholder=self.tr("Comune, e.g. Zogno"),
                completer=complete_comuni,
            ),
            FormField("opened_on", self.tr("Opened on"), "date", required=True),
            FormField("closed_on", self.tr("Closed on"), "optional-date"),
            FormField(
                "closure_reason",
                self.tr("Reason for closing"),
                "enum",
                enum_type=CaseClosure,
                none_label=self.tr("Not given"),
            ),
        ]
        values: dict[str, object] = {
            "title": case.title,
            "summary": case.summary,
            "status": case.status,
            "referral_source": case.referral_source,
            "comune": places.comune_label(case.comune),
            "opened_on": case.opened_on,
            "closed_on": case.closed_on,
            "closure_reason": case.closure_reason,
        }
        dialog = RecordFormDialog(
            self.tr("Edit case %1").replace("%1", case.code), fields, values, self
        )
        dialog.setObjectName("editCaseDialog")
        _reason_follows_status(dialog)
        ref = str(case.id)
        dialog.run_with(
            self.workspace,
            lambda opened, new: cases.edit_case(opened, ref, case_changes(case, new)),
        )
        self._open_dialog(dialog)

    def edit_operators(self) -> None:
        """Who follows the case: check and uncheck the team's operators."""
        if self.data is None:
            return
        detail = self.data.detail
        dialog = OperatorsDialog(
            self.workspace, detail.case.id, self.data.operators, detail.operators, self
        )
        self._open_dialog(dialog)

    def print_summary(self) -> QDialog | None:
        """ "Print ▸ Case summary…": choose the diary's period, then the preview."""
        if self.data is None or self.visit_mode:
            return None
        case = self.data.detail.case
        return self.printing.choose_summary_period(case.id, case.code)

    def print_court_report(self) -> QDialog | None:
        """ "Print ▸ Update report to the court…": period and format, then where to save."""
        if self.data is None or self.visit_mode:
            return None
        case = self.data.detail.case
        return self.printing.choose_court_report(case.id, case.code)

    def print_blank_sheet(self) -> None:
        """ "Print ▸ Blank sheet": made (and recorded) on the worker, then the preview."""
        if self.data is None or self.visit_mode:
            return
        case = self.data.detail.case
        self.printing.preview_blank_sheet(case.id, case.code)

    def _hand_over(self) -> None:
        if self.data is not None and not self.visit_mode:
            self.handOverRequested.emit(self.data.detail.case.id)

    def delete_empty_case(self) -> None:
        """ "Delete empty case…": asked first, naming the case; then tombstoned on the worker
        (services.case_removal, which checks again that it holds nothing) and back to the
        list. A case that holds anything is never deleted: the button is disabled, and the
        service refuses it all the same if something arrived meanwhile."""
        if self.data is None or self.visit_mode or not self.data.contents.empty:
            return
        case = self.data.detail.case
        answer = QMessageBox.question(
            self,
            self.tr("Delete empty case"),
            plain_html(
                self.tr(
                    "Delete the case %1?\n\nIt holds nothing yet. It is removed from this "
                    "computer and, with the next synchronisation, from the team's computers."
                ).replace("%1", case.code)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes or self.case_id != case.id:
            return
        case_id, code = case.id, case.code

        def done(_deleted: object) -> None:
            if self.case_id == case_id:
                self.clear()
                self.deleted.emit(code)
                self.closed.emit()

        def failed(error: BaseException) -> None:
            if self.case_id == case_id:
                self.message.setText(error_text(error))

        self._writes.run(
            lambda opened: case_removal.delete_empty_case(opened, case_id),
            done,
            failed,
        )

    def _deletion_hint(self, contents: CaseContents) -> str:
        """Why the case can, or cannot, be deleted."""
        if contents.empty:
            return self.tr(
                "The case holds nothing yet: it can be deleted, here and, with the next "
                "synchronisation, on the team's computers"
            )
        held = held_words(contents)
        return self.tr("Only an empty case can be deleted; this one holds %1.").replace(
            "%1", ", ".join(held)
        )

    def _open_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        self.visit_mode = on
        if on and isinstance(self.dialog, RecordFormDialog):
            self._close_dialog()  # the case form shows the summary
        if on:
            self.printing.close()
        self.header.set_visit_mode(on)
        self.delete_button.setVisible(not on)
        hidden = self.hidden_in_visit_mode()
        if on and self.tabs.currentWidget() in hidden:
            self.tabs.setCurrentWidget(self.persons)
        for tab in self.case_tabs():
            tab.set_visit_mode(on)
            self.tabs.setTabVisible(self.tabs.indexOf(tab), not (on and tab in hidden))

    def clear(self) -> None:
        """Forget everything on screen (the application is locking)."""
        self._forget()
        self.case_id = None

    def _forget(self) -> None:
        self._close_dialog()
        self.printing.close()
        self._case.cancel()
        self._history.cancel()
        self.data = None
        self.header.clear()
        for tab in self.case_tabs():
            tab.clear()
        self.message.clear()
        self.new_visit_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.delete_button.setToolTip("")
        self.placeholder.setText("")
        self.stack.setCurrentWidget(self.placeholder)


def _reason_follows_status(dialog: RecordFormDialog) -> None:
    """The reason for closing is asked for (enabled) only while the status says closed."""
    status, reason = dialog.editor("status"), dialog.editor("closure_reason")
    assert isinstance(status, QComboBox)

    def follow() -> None:
        closed = dialog.values()["status"] is CaseStatus.CLOSED
        if not closed:  # a case reopened loses its reason (services/cases.py)
            dialog.set_values({"closure_reason": None})
        reason.setEnabled(closed)

    status.currentIndexChanged.connect(follow)
    follow()


def case_changes(case: e.Case, values: dict[str, Any]) -> dict[str, str]:
    """The form's typed values as services.cases.edit_case takes them (strings, like the command
    line), only for the fields that differ from `case`: the audit log names what changed."""
    changes: dict[str, str] = {}
    for name, value in values.items():
        # The comune is shown by its label ("Zogno (BG)") and stored by its code.
        current = places.comune_label(case.comune) if name == "comune" else getattr(case, name)
        if value == current or (name == "comune" and str(value).strip() == current):
            continue
        if value is None:
            text = ""
        elif isinstance(value, dt.date):
            text = value.isoformat()
        elif isinstance(value, enum.Enum):
            text = str(value.value)
        else:
            text = str(value)
        changes[name] = text
    return changes
