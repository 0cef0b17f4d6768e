"""What the preview needs to know about a document besides its bytes: for the window, the print
queue, the suggested file name and the audit log (kinds and ids, never names)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from minorifamiglie.domain.ids import CaseId


@dataclass(frozen=True)
class PrintJob:
    title: str  # window title and print-queue name: document and case code, never a name
    file_name: str  # suggested when saving, e.g. "sintesi-VBR-2026-0001.pdf"
    kind: str  # "visit_sheet", "meeting", "blank_sheet", "case_summary", "hours_report"
    entity: str  # the table the document is about ("visits", "cases", "paper_sheets", "")
    entity_id: uuid.UUID | None = None
    case_id: CaseId | None = None


@dataclass(frozen=True)
class Printable:
    """A PDF made on the worker, ready for the preview."""

    job: PrintJob
    pdf: bytes
