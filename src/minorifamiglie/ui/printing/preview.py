"""The print preview: the PDF shown from memory (QPdfDocument over a QBuffer: no file on disk),
"Print…" to a printer and, only when asked, "Save PDF…" with an optional password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.services import printing
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text, weak_callback
from minorifamiglie.ui.printing.job import Printable
from minorifamiglie.ui.printing.render import PrintFailedError, fit_printer_to, print_document
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog
from minorifamiglie.ui.workspace import Workspace

ERROR_STYLE = "color: #b00020;"


class PrintPreviewDialog(QDialog):
    """One document. Emits `printed(pages)` after it went to a printer and `saved(path)` after
    "Save PDF…" wrote it; both are recorded in the audit log by the services."""

    printed = Signal(int)
    saved = Signal(object)

    def __init__(
        self, workspace: Workspace, printable: Printable, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.workspace = workspace
        self.job = printable.job
        self._pdf = printable.pdf
        self.print_dialog: QPrintDialog | None = None
        self.save_dialog: SaveFileDialog | None = None
        self.setWindowTitle(self.tr("Preview — %1").replace("%1", self.job.title))
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(printable.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName(self.tr("Preview of the document"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("previewPages")
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setToolTip(self.tr("Send the document to a printer"))
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.save_button.setObjectName("savePdfButton")
        self.save_button.setToolTip(
            self.tr("Save the document as a PDF file, optionally protected by a password")
        )
        self.save_button.clicked.connect(self.choose_file)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.setDefault(True)
        self._show_pages()
        self.resize(900, 760)

    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_pages(self) -> None:
        pages = self.page_count()
        self.pages_label.setText(self.tr("%n page(s)", "", pages))
        ready = self.document.status() == QPdfDocument.Status.Ready and pages > 0
        self.print_button.setEnabled(ready)
        if not ready:
            self._state(self.tr("The document could not be shown."), error=True)

    def _state(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "color: #555;")

    # ------------------------------------------------------------------ printing
    def choose_printer(self) -> QPrintDialog:
        """The system's print dialog (window-modal, not blocking); accepted, the pages go."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.job.title)
        fit_printer_to(self.document, printer)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(lambda _result: self._forget_print_dialog(dialog))
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog's own open() wants a slot to call
        return dialog

    def _forget_print_dialog(self, dialog: QPrintDialog) -> None:
        if self.print_dialog is dialog:
            self.print_dialog = None
        dialog.deleteLater()

    def print_to(self, printer: QPrinter) -> None:
        """Paint the pages on `printer`, then record the print in the audit log."""
        if not printer.docName():
            printer.setDocName(self.job.title)
        self._state(self.tr("Printing…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_document(self.document, printer)
        except PrintFailedError:
            self._state(self.tr("The printer could not be used: nothing was printed."), True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        job = self.job
        self.workspace.write(
            lambda opened: printing.record_print(
                opened, job.kind, job.entity, job.entity_id, job.case_id
            ),
            weak_callback(self._printed, pages),
            weak_callback(self._failed),
            changes={"audit_events"},
        )

    def _printed(self, pages: int, _result: object) -> None:
        self._state(self.tr("Sent to the printer: %n page(s).", "", pages))
        self.printed.emit(pages)

    def _failed(self, error: BaseException) -> None:
        self._state(error_text(error), error=True)

    # ------------------------------------------------------------------ saving
    def choose_file(self) -> SaveFileDialog:
        if self.save_dialog is not None:
            self.save_dialog.reject()
        dialog = SaveFileDialog(
            self.tr("Save PDF"), Path(file_dialogs.start_path(self.job.file_name)), self
        )
        dialog.saveRequested.connect(self.save_to)
        dialog.finished.connect(lambda _result: self._forget_save_dialog(dialog))
        self.save_dialog = dialog
        dialog.open()
        return dialog

    def _forget_save_dialog(self, dialog: SaveFileDialog) -> None:
        if self.save_dialog is dialog:
            self.save_dialog = None
        dialog.deleteLater()

    def save_to(self, path: Path, password: str | None) -> None:
        """Write the PDF on the worker (AES-256 with a password), recorded as an export."""
        job, data = self.job, self._pdf
        self.workspace.write(
            lambda opened: printing.save_pdf(
                opened,
                data,
                path,
                kind=job.kind,
                entity=job.entity,
                entity_id=job.entity_id,
                case_id=job.case_id,
                password=password,
            ),
            weak_callback(self._saved, path),
            weak_callback(self._save_failed),
            changes={"audit_events"},
        )

    def _saved(self, path: Path, _result: object) -> None:
        if self.save_dialog is not None:
            self.save_dialog.finish()
        self._state(self.tr("Saved as %1.").replace("%1", path.name))
        self.saved.emit(path)

    def _save_failed(self, error: BaseException) -> None:
        if self.save_dialog is not None:
            self.save_dialog.show_error(error_text(error))
        else:
            self._state(error_text(error), error=True)

    # ------------------------------------------------------------------ closing
    def done(self, result: int) -> None:
        for dialog in (self.print_dialog, self.save_dialog):
            if dialog is not None:
                dialog.reject()
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())
        self._pdf = b""
        super().done(result)
