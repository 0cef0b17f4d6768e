"""Print preview: the document shown from memory, sent to a printer page by page, and saved as a
PDF only when asked, with a password if given. Nothing else is written to disk."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image, ImageChops
from sqlalchemy import select

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from minorifamiglie.domain.enums import AuditAction, Service, VisitKind
from minorifamiglie.services import cases, printing, visits
from minorifamiglie.storage import models as m
from minorifamiglie.ui.printing import render
from minorifamiglie.ui.printing.job import Printable, PrintJob
from minorifamiglie.ui.printing.preview import PrintPreviewDialog
from minorifamiglie.ui.printing.render import page_image
from private_modes import is_private_file

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date.today()
PASSWORD = "mirtilli-sul-monte"


@pytest.fixture
def visit_pdf(on_worker: Any) -> tuple[uuid.UUID, uuid.UUID, str, bytes]:
    """A closed home visit of a case: (case id, visit id, case code, the scheda visita)."""

    def scene(opened: Any) -> tuple[uuid.UUID, uuid.UUID, str, bytes]:
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", today=TODAY
        )
        visit = visits.add_visit(
            opened,
            case=str(case.id),
            date=TODAY - dt.timedelta(days=3),
            start=dt.time(15, 0),
            end=dt.time(16, 30),
            kind=VisitKind.HOME_VISIT,
            place="Domicilio",
            notes="Compiti svolti insieme; la madre riferisce un buon rientro a scuola.\n" * 40,
            close=True,
            today=TODAY,
        )
        return case.id, visit.id, case.code, printing.visit_sheet_pdf(opened, str(visit.id))

    return on_worker(scene)  # type: ignore[no-any-return]


@pytest.fixture
def preview(qtbot: Any, workspace: Any, visit_pdf: Any) -> PrintPreviewDialog:
    case_id, visit_id, code, pdf = visit_pdf
    job = PrintJob(
        title=f"Scheda visita {code}",
        file_name=f"scheda-visita-{code}.pdf",
        kind="visit_sheet",
        entity="visits",
        entity_id=visit_id,
        case_id=case_id,
    )
    dialog = PrintPreviewDialog(workspace, Printable(job, pdf))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pages_of(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def audit_events(on_worker: Any, action: AuditAction) -> list[tuple[str, str, Any]]:
    def read(opened: Any) -> list[tuple[str, str, Any]]:
        with opened.session() as session:
            rows = session.execute(
                select(m.AuditEventRow.action, m.AuditEventRow.entity, m.AuditEventRow.detail)
                .where(m.AuditEventRow.action == action.value)
                .order_by(m.AuditEventRow.seq)
            ).all()
        return [(action, entity, json.loads(detail)) for action, entity, detail in rows]

    return on_worker(read)  # type: ignore[no-any-return]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def grey(image: QImage) -> bytes:
    return bytes(image.convertToFormat(QImage.Format.Format_Grayscale8).constBits())


def test_the_preview_shows_every_page_of_the_document(preview: PrintPreviewDialog, visit_pdf):
    pdf = visit_pdf[3]
    assert pages_of(pdf) >= 2  # forty paragraphs of notes
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.page_count() == pages_of(pdf)
    assert preview.pages_label.text() == f"{pages_of(pdf)} page(s)"
    assert preview.print_button.isEnabled()
    assert preview.view.document() is preview.document


def test_printing_paints_every_page_and_is_recorded(
    qtbot, preview: PrintPreviewDialog, visit_pdf, wait_tasks, on_worker, tmp_path: Path
) -> None:
    # Given a PDF "printer" (the only file written, here)
    _case_id, _visit_id, code, pdf = visit_pdf
    out = tmp_path / "stampante" / "foglio.pdf"
    out.parent.mkdir()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)

    # When the user prints
    with qtbot.waitSignal(preview.printed, timeout=15_000) as printed:
        preview.print_to(printer)
    wait_tasks()

    # Then the printer got every page, the job named by the document and its case code
    assert printed.args == [pages_of(pdf)]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert f"Pages:           {pages_of(pdf)}" in info.stdout
    assert f"Title:           Scheda visita {code}" in info.stdout
    assert "A4" in info.stdout
    # and each page looks like the document's (rendered from pixels, so compared as pixels)
    printed_doc = QPdfDocument()
    printed_doc.load(str(out))
    assert printed_doc.pageCount() == preview.page_count()
    for page in range(preview.page_count()):
        original = grey(page_image(preview.document, page, 40))
        on_paper = grey(
            page_image(printed_doc, page, 40).scaled(QSize(*_size(preview.document, page, 40)))
        )
        assert len(original) == len(on_paper)
        width = _size(preview.document, page, 40)[0]
        assert differing(original, on_paper, width) / len(original) < 0.02, page
        assert sum(v < 128 for v in original) > 500  # the page is not blank
    printed_doc.close()
    # and the print is in the audit log, with its kind and no names
    events = audit_events(on_worker, AuditAction.PRINT)
    assert [(action, entity) for action, entity, _ in events] == [("print", "visits")]
    assert events[0][2] == {"kind": "visit_sheet"}
    assert "Sent to the printer" in preview.status.text()
    assert files_under(tmp_path / "stampante") == {out}


def differing(original: bytes, printed: bytes, width: int) -> int:
    """Pixels of `original` that `printed` matches neither there nor a row above or below: the
    page goes to the printer in bands of rows, and at 40 dpi a band may land a pixel off.
    "Matches": a difference of 64 at most; a row is `width` bytes on, and none is before the
    first byte or after the last. Counted by Pillow's operations on the whole buffer, as one
    line of pixels (a loop over each pixel in Python took about a second a page)."""
    assert len(original) == len(printed)
    size, end = (len(original), 1), len(original)
    page = Image.frombytes("L", size, original)

    def far(shifted: bytes) -> Image.Image:
        """255 where `page` and `shifted` differ by more than 64, 0 elsewhere."""
        difference = ImageChops.difference(page, Image.frombytes("L", size, shifted))
        return difference.point([0] * 65 + [255] * 191)

    here = far(printed)
    above = far(bytes(width) + printed[:-width])  # byte i against byte i - width
    above.paste(255, (0, 0, min(width, end), 1))  # the first row has none above
    below = far(printed[width:] + bytes(width))  # byte i against byte i + width
    below.paste(255, (max(end - width, 0), 0, end, 1))  # the last row has none below
    return ImageChops.darker(ImageChops.darker(here, above), below).histogram()[255]


def test_a_page_is_cut_into_bands_between_lines_of_text(visit_pdf, tmp_path: Path) -> None:
    document = QPdfDocument()
    path = tmp_path / "pagina.pdf"
    path.write_bytes(visit_pdf[3])
    document.load(str(path))
    image = page_image(document, 0, 300)
    cuts = render.band_cuts(image)
    assert cuts[-1] == image.height() and cuts == sorted(set(cuts))
    tops = [0, *cuts[:-1]]
    assert all(cut - top >= render.BAND_ROWS for top, cut in zip(tops[:-1], cuts[:-1], strict=True))
    white = QImage(image.width(), 1, image.format())
    white.fill(0xFFFFFFFF)
    # every cut inside the page falls on a blank row, with blank rows on each side
    for cut in cuts[:-1]:
        for row in (cut - 1, cut):
            assert image.copy(0, row, image.width(), 1) == white, (cut, row)
    assert len(cuts) > 5  # an A4 page at 300 dpi: 3508 rows
    document.close()


def _size(document: QPdfDocument, page: int, dpi: int) -> tuple[int, int]:
    size = document.pagePointSize(page)
    return round(size.width() * dpi / 72), round(size.height() * dpi / 72)


def test_save_pdf_with_a_password_writes_only_an_encrypted_file(
    qtbot, preview: PrintPreviewDialog, wait_tasks, on_worker, tmp_path: Path, visit_pdf
) -> None:
    # Given the preview of a visit sheet, and what is on disk before
    before = files_under(tmp_path)
    target = tmp_path / "uscita" / "scheda.pdf"
    target.parent.mkdir()

    # When the user asks for "Save PDF…", types a file and a password twice
    dialog = preview.choose_file()
    assert dialog.path_edit.text().endswith(".pdf")
    dialog.path_edit.setText(str(target.with_suffix("")))  # the .pdf is added
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    with qtbot.waitSignal(preview.saved, timeout=15_000):
        dialog.submit()
    wait_tasks()

    # Then only that file appeared (and the profile's own database files may have changed)
    profile = tmp_path / "profilo"
    new = {p for p in files_under(tmp_path) - before if profile not in p.parents}
    assert new == {target}
    assert is_private_file(target)
    # and it does not open without the password
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password=PASSWORD) as document:
        assert len(document.pages) == preview.page_count()
        assert document.encryption.R >= 6  # AES-256
    assert visit_pdf[3][:5] == b"%PDF-" and visit_pdf[3] not in target.read_bytes()
    events = audit_events(on_worker, AuditAction.EXPORT)
    assert [(a, e) for a, e, _ in events] == [("export", "visits")]
    assert events[0][2]["encrypted"] is True
    assert preview.save_dialog is None
    assert "Saved as scheda.pdf" in preview.status.text()


def test_the_two_passwords_must_match(qtbot, preview: PrintPreviewDialog, tmp_path: Path) -> None:
    dialog = preview.choose_file()
    dialog.path_edit.setText(str(tmp_path / "scheda.pdf"))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "x")
    with qtbot.assertNotEmitted(dialog.saveRequested):
        dialog.submit()
    assert dialog.error.text() == "The two passwords differ."
    assert not (tmp_path / "scheda.pdf").exists()
    dialog.repeat.setText(PASSWORD)
    dialog.password.setText("corta")
    dialog.repeat.setText("corta")
    dialog.submit()
    assert "at least 8 characters" in dialog.error.text()


def test_closing_the_preview_forgets_the_document(preview: PrintPreviewDialog) -> None:
    preview.reject()
    assert preview.document.pageCount() == 0
    assert preview.buffer.data().size() == 0


@pytest.fixture
def pdf_printer(tmp_path: Path) -> tuple[QPrinter, Path]:
    out = tmp_path / "stampante" / "foglio.pdf"
    out.parent.mkdir()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    return printer, out


@pytest.fixture
def held_second_page(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[int]]:
    """Rasterising records the thread it runs on and waits at the second page until the test
    lets it go: the moments in between are observed without any wall-clock wait."""
    gate = threading.Event()
    threads: list[int] = []
    real = render.page_image

    def page_image(document: QPdfDocument, page: int, dpi: int) -> QImage:
        threads.append(threading.get_ident())
        if page == 1:
            assert gate.wait(timeout=30)
        return real(document, page, dpi)

    monkeypatch.setattr(render, "page_image", page_image)
    return gate, threads


def test_printing_runs_off_the_qt_thread_with_progress(
    qtbot, preview: PrintPreviewDialog, pdf_printer, held_second_page, wait_tasks
) -> None:
    # Given a document of several pages and a printer
    printer, out = pdf_printer
    gate, threads = held_second_page
    pages = preview.page_count()

    # When the user prints, the first page goes and the window stays live meanwhile
    preview.print_to(printer)  # (its first page may be out before a test could connect)
    qtbot.waitUntil(lambda: preview.progress.value() == 1, timeout=15_000)
    assert preview.progress.maximum() == pages
    assert preview.progress.isVisible() and preview.stop_button.isVisible()
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    assert preview.status.text() == f"Printing: page 1 of {pages}…"

    # Then, let go, every page is printed by a thread that is not the Qt thread
    with qtbot.waitSignal(preview.printed, timeout=30_000) as printed:
        gate.set()
    wait_tasks()
    assert printed.args == [pages]
    assert len(threads) == pages and threading.main_thread().ident not in threads
    qtbot.waitUntil(lambda: preview.print_thread is None)
    assert not preview.progress.isVisible() and not preview.stop_button.isVisible()
    assert preview.print_button.isEnabled()
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert f"Pages:           {pages}" in info.stdout


def test_printing_can_be_stopped_between_pages_and_is_not_recorded(
    qtbot, preview: PrintPreviewDialog, pdf_printer, held_second_page, wait_tasks, on_worker
) -> None:
    printer, _out = pdf_printer
    gate, threads = held_second_page
    preview.print_to(printer)
    qtbot.waitUntil(lambda: preview.progress.value() == 1, timeout=15_000)

    # When the user stops while the second page is being made (or, on a slow machine, before
    # the thread has even begun it: it may then stop, and say so, before a test could connect)
    preview.stop_printing()
    assert preview.status.text() == "Stopping the print…"
    gate.set()
    qtbot.waitUntil(lambda: preview.print_thread is None, timeout=30_000)
    wait_tasks()

    # Then no third page is made, the print is not in the audit log, and the window says so
    # (the finished thread is gone: deleted once it ended)
    assert 1 <= len(threads) <= 2
    assert "Printing stopped" in preview.status.text()
    assert audit_events(on_worker, AuditAction.PRINT) == []
    assert preview.print_button.isEnabled()


def test_closing_the_preview_while_printing_stops_the_thread(
    qtbot, preview: PrintPreviewDialog, pdf_printer, held_second_page, wait_tasks, on_worker
) -> None:
    printer, _out = pdf_printer
    gate, threads = held_second_page
    thread = preview.print_to(printer)
    qtbot.waitUntil(lambda: preview.progress.value() == 1, timeout=15_000)
    gate.set()  # the page under way may finish; none after it

    preview.reject()  # as a lock does

    assert thread.isFinished()
    assert preview.print_thread is None
    assert len(threads) <= 2
    wait_tasks()
    assert audit_events(on_worker, AuditAction.PRINT) == []


@pytest.mark.qt_log_ignore("QPainter::begin", "This plugin does not support propagateSizeHints")
def test_a_printer_that_cannot_be_opened_prints_nothing(
    qtbot, preview: PrintPreviewDialog, tmp_path: Path, wait_tasks, on_worker
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "manca" / "cartella" / "foglio.pdf"))
    preview.print_to(printer)
    # The thread may fail before anyone could connect to it: wait for what the window shows
    qtbot.waitUntil(lambda: preview.print_thread is None, timeout=15_000)
    assert preview.status.text() == "The printer could not be used: nothing was printed."
    wait_tasks()
    assert audit_events(on_worker, AuditAction.PRINT) == []
