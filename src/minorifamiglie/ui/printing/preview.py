"""The print preview: the PDF shown from memory (QPdfDocument over a QBuffer: no file on disk),
"Print…" to a printer (page by page on a thread of its own, with progress and a way to stop)
and, only when asked, "Save PDF…" with an optional password."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.services import printing
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text, filled, plain_label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.printing.job import Printable
from minorifamiglie.ui.printing.print_thread import PrintThread
from minorifamiglie.ui.printing.render import fit_printer_to
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
        self._writes = WriteOperation(self, workspace)
        self.job = printable.job
        self._pdf = printable.pdf
        self.print_dialog: QPrintDialog | None = None
        self.print_thread: PrintThread | None = None
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
        self._make_controls()
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.setDefault(True)
        self._show_pages()
        self.resize(900, 760)

    def _make_controls(self) -> None:
        self.pages_label = plain_label()
        self.pages_label.setObjectName("previewPages")
        self.status = plain_label()
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
        self.progress = QProgressBar()
        self.progress.setObjectName("printProgress")
        self.progress.setAccessibleName(self.tr("Pages sent to the printer"))
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.stop_button = QPushButton(self.tr("S&top printing"))
        self.stop_button.setObjectName("stopPrintButton")
        self.stop_button.setToolTip(self.tr("Stop after the page being sent"))
        self.stop_button.clicked.connect(self.stop_printing)
        self.stop_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)

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

    def print_to(self, printer: QPrinter) -> PrintThread:
        """Paint the pages on `printer` on a thread of their own, then record the print in the
        audit log. The window stays live: the progress shows page by page, and printing can
        be stopped between two pages."""
        if not printer.docName():
            printer.setDocName(self.job.title)
        self.stop_printing()
        thread = PrintThread(self._pdf, printer, self)
        thread.progress.connect(self._print_progress)
        thread.printed.connect(self._pages_printed)
        thread.cancelled.connect(self._print_cancelled)
        thread.failed.connect(self._print_failed)
        thread.finished.connect(lambda: self._forget_print_thread(thread))
        self.print_thread = thread
        self._printing(True)
        self.progress.setRange(0, self.page_count())
        self.progress.setValue(0)
        self._state(self.tr("Printing…"))
        thread.start()
        return thread

    def _printing(self, active: bool) -> None:
        self.print_button.setEnabled(not active and self.page_count() > 0)
        self.save_button.setEnabled(not active)
        self.progress.setVisible(active)
        self.stop_button.setVisible(active)
        self.stop_button.setEnabled(active)

    def _print_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._state(filled(self.tr("Printing: page %1 of %2…"), str(done), str(total)))

    def stop_printing(self) -> None:
        """Ask the print under way to stop after its current page (nothing if none)."""
        if self.print_thread is not None:
            self.print_thread.cancel()
            self.stop_button.setEnabled(False)
            self._state(self.tr("Stopping the print…"))

    def _forget_print_thread(self, thread: PrintThread) -> None:
        if self.print_thread is thread:
            self.print_thread = None
            self._printing(False)
        thread.deleteLater()

    def _print_cancelled(self) -> None:
        self._state(self.tr("Printing stopped: the pages already sent may come out."))

    def _print_failed(self) -> None:
        self._state(self.tr("The printer could not be used: nothing was printed."), True)

    def _pages_printed(self, pages: int) -> None:
        job = self.job
        self._writes.run(
            lambda opened: printing.record_print(
                opened, job.kind, job.entity, job.entity_id, job.case_id
            ),
            partial(self._printed, pages),
            self._failed,
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
        self._writes.run(
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
            partial(self._saved, path),
            self._save_failed,
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
        thread = self.print_thread
        if thread is not None:  # closing (or a lock) stops the print after its current page
            thread.cancel()
            for signal in (thread.progress, thread.printed, thread.cancelled, thread.failed):
                signal.disconnect()
            thread.wait()
            self.print_thread = None
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())
        self._pdf = b""
        super().done(result)
