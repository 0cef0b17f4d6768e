"""Sending a document to a printer away from the Qt thread: every page is rasterised at up to
300 dpi (render.py), a few hundred milliseconds each, and a long report would otherwise freeze
the window. Qt paints on a QPrinter from any thread; QtPdf serialises its own access to pdfium,
so the preview keeps drawing while pages are printed.

The thread has its own QPdfDocument, loaded from the bytes (a QObject belongs to the thread that
made it), and the QPrinter is not touched by the Qt thread until `finished` or `failed` (the
print dialog, which configured it, is closed by then)."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QThread, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from minorifamiglie.ui.printing.render import PrintFailedError, print_document

log = logging.getLogger(__name__)


class PrintCancelledError(Exception):
    """The educator stopped the print between two pages."""


class PrintThread(QThread):
    """Prints `pdf` on `printer`. Signals, delivered queued on the Qt thread: `progress(done,
    total)` after each page, then exactly one of `printed(pages)`, `cancelled()` or
    `failed()` (the printer could not be opened or the document could not be read)."""

    progress = Signal(int, int)
    printed = Signal(int)
    cancelled = Signal()
    failed = Signal()

    def __init__(self, pdf: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printThread")
        self._pdf = pdf
        self._printer = printer
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Stop after the page being painted; what reached the printer stays there."""
        self._stop.set()

    def run(self) -> None:
        buffer = QBuffer()
        buffer.setData(QByteArray(self._pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        try:
            document.load(buffer)
            if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
                self.failed.emit()
                return
            pages = print_document(document, self._printer, self._page_done)
        except PrintCancelledError:
            self._printer.abort()
            self.cancelled.emit()
        except PrintFailedError:
            self.failed.emit()
        except Exception:  # a thread must not die silently: the dialog is told
            log.exception("printing failed")
            self.failed.emit()
        else:
            self.printed.emit(pages)
        finally:
            document.close()
            buffer.close()
            self._pdf = b""

    def _page_done(self, done: int, total: int) -> None:
        self.progress.emit(done, total)
        if self._stop.is_set() and done < total:
            raise PrintCancelledError
