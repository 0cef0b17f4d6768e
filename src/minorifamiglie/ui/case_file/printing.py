"""The case file's "Print" menu: the case summary for a chosen period of the diary, a blank
sheet to fill in by hand (recorded as printed when it is made)."""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from minorifamiglie.services import case_summary, printing
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.printing.job import Printable, PrintJob
from minorifamiglie.ui.printing.launch import PreviewLauncher
from minorifamiglie.ui.printing.period_dialog import SummaryPeriodDialog
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
        self.launcher = PreviewLauncher(parent, workspace, on_error)
        self.period_dialog: SummaryPeriodDialog | None = None

    def choose_summary_period(self, case_id: uuid.UUID, code: str) -> SummaryPeriodDialog:
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

    def preview_summary(self, case_id: uuid.UUID, code: str, start: dt.date, end: dt.date) -> None:
        job = PrintJob(
            title=QCoreApplication.translate("CasePrinting", "Case summary %1").replace("%1", code),
            file_name=f"sintesi-{code}.pdf",
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

    def preview_blank_sheet(self, case_id: uuid.UUID, code: str) -> None:
        title = QCoreApplication.translate("CasePrinting", "Blank sheet %1").replace("%1", code)
        ref, today = str(case_id), self.today()

        def make(opened: OpenProfile) -> Printable:
            sheet_id, pdf = printing.blank_sheet_pdf(opened, ref, today)
            job = PrintJob(
                title=title,
                file_name=f"scheda-in-bianco-{code}.pdf",
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
        self.launcher.close()
