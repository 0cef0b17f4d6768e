"""Sending a PDF to a printer: each page rendered by QtPdf into an image at the printer's
resolution, capped at MAX_DPI (sharp for text; an A4 page as an image takes 35 MB at 300 dpi,
140 MB at 600 and half a gigabyte at 1200), and painted on the sheet."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300
POINTS_PER_INCH = 72.0


class PrintFailedError(Exception):
    """The printer could not be opened (no such printer, or the file could not be written)."""


def fit_printer_to(document: QPdfDocument, printer: QPrinter) -> None:
    """The printer's paper as the document's first page (A4, portrait or landscape), and no
    margins of its own: the document has them."""
    if document.pageCount() == 0:
        return
    size = document.pagePointSize(0)
    portrait = size.height() >= size.width()
    page = QPageSize(
        QSizeF(min(size.width(), size.height()), max(size.width(), size.height())),
        QPageSize.Unit.Point,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,
    )
    printer.setPageSize(page)
    printer.setPageOrientation(
        QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape
    )
    printer.setFullPage(True)


def page_image(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """The page on white: QtPdf leaves the background transparent, and every print engine
    should get an opaque page."""
    size = document.pagePointSize(page)
    pixels = QSize(
        max(1, round(size.width() * dpi / POINTS_PER_INCH)),
        max(1, round(size.height() * dpi / POINTS_PER_INCH)),
    )
    image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(page, pixels))
    painter.end()
    return image


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of `document` on `printer`; the number of pages printed."""
    pages = document.pageCount()
    printer.setFullPage(True)  # the document has its own margins: the whole sheet is ours
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailedError
    try:
        dpi = max(72, min(printer.resolution(), MAX_DPI))
        for page in range(pages):
            if page > 0:
                printer.newPage()
            image = page_image(document, page, dpi)
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            target = QRectF(area.x(), area.y(), width, height)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return pages
