"""The case file's "Print" menu: the case summary for a chosen period of the diary, the
relazione di aggiornamento to the court (saved as .odt or PDF), a blank sheet to fill in by
hand (recorded as printed when it is made)."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import case_summary, court_report, printing
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.printing.court_report_dialog import CourtReportDialog
from minorifamiglie.ui.printing.job import Printable, PrintJob
from minorifamiglie.ui.printing.launch import PreviewLauncher
from minorifamiglie.ui.printing.period_dialog import SummaryPeriodDialog
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog
from minorifamiglie.ui.workspace import Workspace


class CasePrinting:
    """Owned by the case file view; `close()` forgets what is open (lock, visit mode)."""

    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        today: Callable[[], dt.date],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._parent = weakref.ref(parent)  # the view owns this object: no cycle
        self.today = today
        self.workspace = workspace
        self.launcher = PreviewLauncher(parent, workspace, on_error)
        self._writes = WriteOperation(parent, workspace)
        self.period_dialog: SummaryPeriodDialog | None = None
        self.report_dialog: CourtReportDialog | None = None
        self.save_dialog: SaveFileDialog | None = None

    def choose_summary_period(self, case_id: CaseId, code: str) -> SummaryPeriodDialog:
        """The period dialog (window-modal); chosen, the summary is made and previewed."""
        self._close_period_dialog()
        dialog = SummaryPeriodDialog(self.today(), self._parent())
        dialog.periodChosen.connect(
            lambda start, end: self.preview_summary(case_id, code, start, end)
        )
        dialog.finished.connect(lambda _result: self._forget_period_dialog(dialog))
        self.period_dialog = dialog
        dialog.open()
        return dialog

    def preview_summary(self, case_id: CaseId, code: str, start: dt.date, end: dt.date) -> None:
        job = PrintJob(
            title=QCoreApplication.translate("CasePrinting", "Case summary %1").replace("%1", code),
            file_name=file_dialogs.safe_file_name(f"sintesi-{code}.pdf"),
            kind="case_summary",
            entity="cases",
            entity_id=case_id,
            case_id=case_id,
        )
        ref, today = str(case_id), self.today()

        def make(opened: OpenProfile) -> Printable:
            pdf = case_summary.case_summary_pdf(opened, ref, start, end, today=today)
            return Printable(job, pdf)

        self.launcher.open(make)

    def choose_court_report(self, case_id: CaseId, code: str) -> CourtReportDialog:
        """The period and format of the relazione; chosen, where to save it."""
        self._close_report_dialogs()
        dialog = CourtReportDialog(self.today(), self._parent())
        dialog.reportChosen.connect(
            lambda start, end, suffix: self.save_court_report(case_id, code, start, end, suffix)
        )
        dialog.finished.connect(lambda _result: self._forget_report_dialog(dialog))
        self.report_dialog = dialog
        dialog.open()
        return dialog

    def save_court_report(
        self, case_id: CaseId, code: str, start: dt.date, end: dt.date, suffix: str
    ) -> SaveFileDialog:
        """The save dialog; the relazione is read, written and audited on the worker. The
        suggested name holds the case code and the period, nothing personal."""
        translate = QCoreApplication.translate
        pdf = suffix == ".pdf"
        name = file_dialogs.safe_file_name(f"relazione-{code}-{start:%Y%m%d}-{end:%Y%m%d}{suffix}")
        file_filter = (
            translate("CasePrinting", "PDF documents (*.pdf)")
            if pdf
            else translate("CasePrinting", "OpenDocument texts (*.odt)")
        )
        if self.save_dialog is not None:
            self.save_dialog.reject()
        dialog = SaveFileDialog(
            translate("CasePrinting", "Save the update report"),
            Path(file_dialogs.start_path(name)),
            self._parent(),
            with_password=pdf,
            file_filter=file_filter,
        )
        ref, today = str(case_id), self.today()

        def requested(path: Path, password: str | None) -> None:
            self._writes.run(
                lambda opened: court_report.save_court_report(
                    opened, ref, start, end, path, password=password, today=today
                ),
                partial(self._report_saved, dialog),
                partial(self._report_failed, dialog),
            )

        dialog.saveRequested.connect(requested)
        dialog.finished.connect(lambda _result: self._forget_save_dialog(dialog))
        self.save_dialog = dialog
        dialog.open()
        return dialog

    def _report_saved(self, dialog: SaveFileDialog, _report: object) -> None:
        if self.save_dialog is dialog:
            dialog.finish()

    def _report_failed(self, dialog: SaveFileDialog, error: BaseException) -> None:
        if self.save_dialog is dialog:
            dialog.show_error(error_text(error))

    def _forget_report_dialog(self, dialog: CourtReportDialog) -> None:
        if self.report_dialog is dialog:
            self.report_dialog = None
        dialog.deleteLater()

    def _forget_save_dialog(self, dialog: SaveFileDialog) -> None:
        if self.save_dialog is dialog:
            self.save_dialog = None
        dialog.deleteLater()

    def _close_report_dialogs(self) -> None:
        for dialog in (self.report_dialog, self.save_dialog):
            if dialog is not None:
                dialog.reject()
        self.report_dialog = self.save_dialog = None

    def preview_blank_sheet(self, case_id: CaseId, code: str) -> None:
        title = QCoreApplication.translate("CasePrinting", "Blank sheet %1").replace("%1", code)
        ref, today = str(case_id), self.today()

        def make(opened: OpenProfile) -> Printable:
            sheet_id, pdf = printing.blank_sheet_pdf(opened, ref, today)
            job = PrintJob(
                title=title,
                file_name=file_dialogs.safe_file_name(f"scheda-in-bianco-{code}.pdf"),
                kind="blank_sheet",
                entity="paper_sheets",
                entity_id=sheet_id,
                case_id=case_id,
            )
            return Printable(job, pdf)

        self.launcher.open(make, write=True)

    def _forget_period_dialog(self, dialog: SummaryPeriodDialog) -> None:
        if self.period_dialog is dialog:
            self.period_dialog = None
        dialog.deleteLater()

    def _close_period_dialog(self) -> None:
        if self.period_dialog is not None:
            self.period_dialog.reject()
            self.period_dialog = None

    def close(self) -> None:
        self._close_period_dialog()
        self._close_report_dialogs()
        self.launcher.close()
