"""A closed visit's documents: the scheda visita and, for an incontro facilitato, its verbale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.services import printing
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.file_dialogs import safe_file_name
from minorifamiglie.ui.printing.job import Printable, PrintJob
from minorifamiglie.ui.printing.launch import PreviewLauncher
from minorifamiglie.ui.workspace import Workspace


class VisitPrinting:
    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.launcher = PreviewLauncher(parent, workspace, on_error)

    def _job(
        self, kind: str, title: str, name: str, case_id: CaseId, visit_id: VisitId
    ) -> PrintJob:
        return PrintJob(
            title=title,
            file_name=name,
            kind=kind,
            entity="visits",
            entity_id=visit_id,
            case_id=case_id,
        )

    def preview_sheet(self, case_id: CaseId, visit_id: VisitId, code: str) -> None:
        job = self._job(
            "visit_sheet",
            QCoreApplication.translate("VisitPrinting", "Visit sheet %1").replace("%1", code),
            safe_file_name(f"scheda-visita-{code}.pdf"),
            case_id,
            visit_id,
        )

        def make(opened: OpenProfile) -> Printable:
            return Printable(job, printing.visit_sheet_pdf(opened, visit_id))

        self.launcher.open(make)

    def preview_meeting(self, case_id: CaseId, visit_id: VisitId, code: str) -> None:
        job = self._job(
            "meeting",
            QCoreApplication.translate("VisitPrinting", "Facilitated meeting record %1").replace(
                "%1", code
            ),
            safe_file_name(f"verbale-incontro-{code}.pdf"),
            case_id,
            visit_id,
        )

        def make(opened: OpenProfile) -> Printable:
            return Printable(job, printing.meeting_pdf(opened, visit_id))

        self.launcher.open(make)

    def close(self) -> None:
        self.launcher.close()
