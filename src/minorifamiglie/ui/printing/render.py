"""Sending a PDF to a printer (on a thread of its own: print_thread.py): each page rendered by
QtPdf into an image at the printer's resolution, capped at MAX_DPI (sharp for text; an A4 page as
an image takes 35 MB at 300 dpi, 140 MB at 600 and half a gigabyte at 1200), and painted on the
sheet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300
# A page goes to the printer in bands of this many rows: QPainter.drawImage keeps Python's lock
# while the print engine takes the image in (the PDF engine of CUPS and of "print to file"
# compresses it: about 150 ms for a whole A4 page at 300 dpi), so a page in one piece would stall
# the window on every page even from the print thread; a band holds it about 10 ms. Bands are
# cut on blank rows where there is one nearby (between two lines of text): a viewer that snaps
# each image to its pixels at a low zoom then never shifts half a line of text.
BAND_ROWS = 256
BLANK_SEARCH_ROWS = 160
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


def band_cuts(image: QImage) -> list[int]:
    """Where the page image is cut into bands: about every BAND_ROWS rows, in the middle of a
    run of blank (white) rows when one starts within BLANK_SEARCH_ROWS after that (the space
    between two lines of text, so a shift of a pixel or two either way stays on white); ends
    with the image's height."""
    height, stride = image.height(), image.bytesPerLine()
    bits = memoryview(image.constBits())
    white = b"\xff" * (image.width() * 4)

    def blank(row: int) -> bool:
        return bits[row * stride : row * stride + len(white)] == white

    cuts, top = [], 0
    while top + BAND_ROWS < height:
        cut = top + BAND_ROWS
        for row in range(cut, min(height, cut + BLANK_SEARCH_ROWS)):
            if blank(row):
                end = row
                while end + 1 < height and blank(end + 1):
                    end += 1
                cut = (row + end + 1) // 2
                break
        cuts.append(cut)
        top = cut
    cuts.append(height)
    return cuts


def print_document(
    document: QPdfDocument,
    printer: QPrinter,
    page_done: Callable[[int, int], None] | None = None,
) -> int:
    """Paint every page of `document` on `printer`; the number of pages printed. `page_done(done,
    total)` is called after each page (print_thread.py reports progress and stops there)."""
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
            top = 0
            for cut in band_cuts(image):
                rows = cut - top
                target = QRectF(
                    area.x(), area.y() + top * scale, image.width() * scale, rows * scale
                )
                painter.drawImage(target, image, QRectF(0, top, image.width(), rows))
                top = cut
            if page_done is not None:
                page_done(page + 1, pages)
    finally:
        painter.end()
    return pages
