"""Allegati: documents stored encrypted inside the database. A file to attach is read on a file
task (it may sit on a slow stick) and stored on the worker; a file saved is written on the
worker; never on the Qt thread. Saving always asks where, never a silent temp file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.hidden_text import HIDDEN_CODES
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services.attachments import media_type_of
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import Column, RowTableModel
from minorifamiglie.ui.common import fmt_date, plain_label, unhidden
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.tasks import file_tasks
from minorifamiglie.ui.workspace import Workspace


def fmt_size(size: int) -> str:
    """Sizes as an Italian reader writes them: 980 byte, 12,4 KB, 3,1 MB."""
    if size < 1024:
        return QCoreApplication.translate("AttachmentTableModel", "%1 bytes").replace(
            "%1", str(size)
        )
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".", ",")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


# What an educator calls a file, by its media type (the type itself means nothing to them).
KINDS = {
    "application/pdf": QT_TRANSLATE_NOOP("AttachmentTableModel", "PDF document"),
    "image/jpeg": QT_TRANSLATE_NOOP("AttachmentTableModel", "JPEG image"),
    "image/png": QT_TRANSLATE_NOOP("AttachmentTableModel", "PNG image"),
    "application/msword": QT_TRANSLATE_NOOP("AttachmentTableModel", "Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        QT_TRANSLATE_NOOP("AttachmentTableModel", "Word document")
    ),
    "application/vnd.oasis.opendocument.text": (
        QT_TRANSLATE_NOOP("AttachmentTableModel", "Text document")
    ),
    "application/rtf": QT_TRANSLATE_NOOP("AttachmentTableModel", "Text document"),
    "application/vnd.ms-excel": QT_TRANSLATE_NOOP("AttachmentTableModel", "Spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        QT_TRANSLATE_NOOP("AttachmentTableModel", "Spreadsheet")
    ),
    "application/vnd.oasis.opendocument.spreadsheet": (
        QT_TRANSLATE_NOOP("AttachmentTableModel", "Spreadsheet")
    ),
    "text/csv": QT_TRANSLATE_NOOP("AttachmentTableModel", "Spreadsheet"),
    "text/plain": QT_TRANSLATE_NOOP("AttachmentTableModel", "Text"),
}


def kind_label(media_type: str, filename: str) -> str:
    """ "Documento PDF", "Immagine JPEG"…, when the file's own extension says the same as its
    recorded type (a synced record can pair "application/pdf" with "….exe"); otherwise the
    file's extension in capitals."""
    known = KINDS.get(media_type.split(";", maxsplit=1)[0].strip().lower())
    recorded = media_type.split(";", maxsplit=1)[0].strip().lower()
    if known is not None and media_type_of(filename) == recorded:
        return QCoreApplication.translate("AttachmentTableModel", str(known))
    suffix = Path(savable_name(filename)).suffix.lstrip(".")
    return suffix.upper() if suffix else QCoreApplication.translate("AttachmentTableModel", "File")


# What a proposed name for a saved copy keeps of the stored file name: never a character that
# hides or reorders ("relazione_\u202efdp.exe" showed as "relazione_exe.pdf" and was saved as
# the .exe it is), nor one that is not a file name's on Windows
_NOT_SAVED = re.compile("[" + re.escape("".join(map(chr, HIDDEN_CODES))) + r'<>:"/\\|?*]')


def savable_name(filename: str) -> str:
    """The stored file name as proposed for a saved copy: what it really is, seen as it is."""
    return _NOT_SAVED.sub("", filename).strip(" .") or "allegato"


class AttachmentTableModel(RowTableModel[e.Attachment]):
    def columns(self) -> Sequence[Column[e.Attachment]]:
        return (
            Column(self.tr("File"), lambda r: r.filename, lambda r: r.filename),
            Column(self.tr("Size"), lambda r: fmt_size(r.size)),
            Column(self.tr("Added on"), lambda r: fmt_date(r.created_at.astimezone().date())),
            Column(self.tr("Type"), lambda r: kind_label(r.media_type, r.filename)),
        )


def read_file(path: Path) -> bytes:
    """Runs on a file task (tasks.FileTasks), neither on the Qt thread nor on the worker: the
    file may be on a slow stick or share. The size is checked before anything is read."""
    validation.attachment_size(path.stat().st_size)
    return path.read_bytes()


class AttachmentsTab(TableTab[e.Attachment]):
    attachmentSaved = Signal(str)  # the path written, after "Save as…"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, AttachmentTableModel(), self.tr("Attachments"), parent)
        self._reads = WriteOperation(self)  # a file chosen is read and added, never dropped
        self.add_button = self.button(self.tr("&Add file…"), self.add_file)
        self.save_button = self.button(
            self.tr("&Save as…"), self.save_selected, self.tr("Save attachment as")
        )
        self.remove_button = self.button(
            self.tr("&Remove"), self.remove_selected, self.tr("Remove attachment")
        )
        self.add_buttons(self.add_button)
        self.add_buttons(self.save_button, self.remove_button, needs_row=True)
        self.status = plain_label()
        self.status.setObjectName("attachmentStatus")
        self.buttons.addSpacing(12)
        self.buttons.addWidget(self.status)
        self.finish_buttons()
        limit = validation.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        self.add_button.setToolTip(
            self.tr("Stored encrypted in the case file; at most %1 MB").replace("%1", str(limit))
        )

    def refresh_view(self) -> None:
        rows = self.data.detail.attachments if self.data is not None else ()
        self.model.set_rows(tuple(reversed(rows)))

    def clear(self) -> None:
        self.status.clear()
        super().clear()

    # ------------------------------------------------------------------ actions
    def add_file(self) -> None:
        if self.case_id is not None:
            file_dialogs.when_ready(self.add_button, self._choose_file)

    def _choose_file(self, folder: str) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Add a file to the case"), folder)
        if name:
            file_dialogs.remember(name)
            self.add_path(case_id, Path(name))

    def add_path(self, case_id: CaseId, path: Path) -> None:
        """Read the file on a file task, then store it on the worker."""
        self.status.setText(self.tr("Adding…"))
        read = partial(self._read, case_id, path.name)
        self._reads.run_on(file_tasks(), lambda: read_file(path), read, self._failed)

    def _read(self, case_id: CaseId, filename: str, content: bytes) -> None:
        from minorifamiglie.services import attachments

        def add(opened: Any) -> e.Attachment:
            return attachments.add_attachment(opened, case_id, filename=filename, content=content)

        self._writes.run(add, self._added, self._failed)

    def _added(self, attachment: e.Attachment) -> None:
        self.status.setText(self.tr("Added %1").replace("%1", attachment.filename))

    def _failed(self, error: BaseException) -> None:
        from minorifamiglie.ui.common import show_error

        self.status.clear()
        if isinstance(error, OSError):
            error = _FileError(self.tr("The file could not be read or written."))
        show_error(self, error)

    def activated(self, row: e.Attachment) -> None:
        self.save(row)

    def save_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.save(row)

    def save(self, row: e.Attachment) -> None:
        """Ask where to save (the chooser opens once its folder answered), then read from the
        database and write the file on the worker."""
        file_dialogs.when_ready(
            self.save_button,
            lambda start: self._save_as(row, start),
            name=savable_name(row.filename),
        )

    def _save_as(self, row: e.Attachment, start: str) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the attachment as"), start)
        if not name:
            return
        file_dialogs.remember(name)
        from minorifamiglie.services import attachments

        target = Path(name)
        attachment_id = row.id

        def save(opened: Any) -> str:
            attachments.save_attachment(opened, attachment_id, target)
            return str(target)

        self.status.setText(self.tr("Saving…"))
        # Reading an attachment is recorded in the audit log: storage reports it, so Storico
        # reloads.
        self._writes.run(save, self._saved, self._failed)

    def _saved(self, path: str) -> None:
        self.status.setText(self.tr("Saved as %1").replace("%1", Path(path).name))
        self.attachmentSaved.emit(path)

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm(
            self.tr("Remove “%1”? The document is erased from the case file.").replace(
                "%1", unhidden(row.filename)
            )
        ):
            return
        from minorifamiglie.services import attachments

        attachment_id = row.id
        self.write(lambda opened: attachments.remove_attachment(opened, attachment_id))


class _FileError(DomainError):
    """An OSError re-worded: its text may hold a path with personal names."""
