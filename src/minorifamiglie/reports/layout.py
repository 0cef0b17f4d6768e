"""What every document shares: A4, the DejaVu fonts shipped in resources/fonts (embedded, so
accents and apostrophes always render), the header with cooperative, ambito and case code, the
footer "Documento riservato — contiene dati personali" with "Pagina N di M", Italian dates and
hours, sections, label/value tables, ruled writing areas and signature boxes; and AES-256
encryption of a PDF that is saved to disk (pikepdf; reportlab's own is 40-bit RC4).

Documents are built in memory (bytes) and never touch the disk here."""

from __future__ import annotations

import copy
import datetime as dt
import io
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from importlib import resources
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.paragraph import Paragraph as _Paragraph

from minorifamiglie.domain.italian_format import fmt_date

FONT, FONT_BOLD, FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_HEIGHT = 16 * mm
FOOTER_HEIGHT = 12 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LANDSCAPE_WIDTH = PAGE_HEIGHT - 2 * MARGIN
CONFIDENTIAL = "Documento riservato — contiene dati personali"
GREY = colors.HexColor("#555555")
# Tables draw plain-string cells (even empty ones) in their FONTNAME, Helvetica by default:
# every table style starts with this, so no unembedded Helvetica enters the PDF.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)
LIGHT = colors.HexColor("#DDDDDD")


@cache
def register_fonts() -> None:
    """Register the shipped TrueType fonts once (reportlab embeds the subsets it uses)."""
    folder = resources.files("minorifamiglie.resources") / "fonts"
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        ("DejaVuSans-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ):
        with resources.as_file(folder / file) as path:
            font = TTFont(name, str(path))
        _reuse_subsets(font)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic="DejaVuSans-BoldOblique"
    )


class Paragraph(_Paragraph):
    """reportlab's Paragraph, measured once per width: the frame, a KeepTogether and a table
    each ask for the same paragraph's size at the same width, and every ask broke its lines
    again (about a fifth of a document's time). Its text never changes, so neither do its lines.
    """

    _wrapped_width: float | None = None

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,
        **more: Any,  # frags, caseSensitive, encoding: a split passes them to its halves
    ) -> None:
        short = isinstance(text, str) and len(text) <= PARSED_TEXT
        if short and style is not None and bulletText is None and not more:
            # the same short text in the same style: parsed once (a label, a heading)
            parsed_style, frags = _parsed(str(text), style)
            super().__init__(text, parsed_style, frags=list(frags))
        else:
            super().__init__(text, style, bulletText, **more)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height  # (a split that found no room drops blPara)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth if hasattr(self, "blPara") else None
        return size


PARSED_TEXT = (
    120  # labels, headings, short values: the texts that repeat from one sheet to the next
)
# Keyed by the style's id: the entry holds the style itself, so that id is never reused for
# another style while the entry lives.
_PARSED: dict[tuple[str, int], tuple[ParagraphStyle, ParagraphStyle, list[Any]]] = {}


def _parsed(text: str, style: ParagraphStyle) -> tuple[ParagraphStyle, list[Any]]:
    """The markup of a short text parsed once per style (reportlab parses every paragraph with
    an HTML parser); the fragments are only read afterwards, never changed."""
    key = (text, id(style))
    found = _PARSED.get(key)
    if found is None or found[0] is not style:
        probe = _Paragraph(text, style)
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        found = _PARSED[key] = (style, probe.style, probe.frags)
    return found[1], found[2]


class _CachedFlate:
    """The Flate filter of an embedded font file, remembering the compressed bytes of the
    subsets it has seen (a subset's bytes are the same object each time: see below)."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}

    def encode(self, data: bytes) -> bytes:
        packed = self._done.get(data)
        if packed is None:
            if len(self._done) >= SUBSETS_KEPT:
                self._done.clear()
            packed = self._done[data] = zlib.compress(data)
        return packed

    def decode(self, data: bytes) -> bytes:
        return zlib.decompress(data)


SUBSETS_KEPT = 64


def _reuse_subsets(font: TTFont) -> None:
    """Every document embeds the subset of the font it uses, built and compressed anew each
    time: about a fifth of a visit sheet's time. The same characters give the same subset, so
    the subset and its compressed bytes are kept (a few dozen, a few tens of KB each); the PDF
    holds exactly the bytes it held before."""
    face = font.face
    make_subset = face.makeSubset
    add_objects = face.addSubsetObjects
    flate = _CachedFlate()

    @lru_cache(maxsize=SUBSETS_KEPT)
    def subset_of(chars: tuple[int, ...]) -> bytes:
        subset: bytes = make_subset(list(chars))
        return subset

    def add_subset_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        ref = add_objects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters:
            stream.filters = [flate]
        return ref

    face.makeSubset = lambda subset: subset_of(tuple(subset))
    face.addSubsetObjects = add_subset_objects


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=4
        ),
        "section": ParagraphStyle(
            "section",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,  # a heading never ends a page alone
        ),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD, fontSize=8.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=8.5, leading=11, alignment=TA_RIGHT
        ),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8.5),
    }


# ------------------------------------------------------------------------------ Italian formats
# Dates, times and hours: domain.italian_format, as on the screens; the documents and their
# CSVs print hours with two decimals (12,50).


MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip


def fmt_month(day: dt.date) -> str:
    """The month of `day` in words: "marzo 2026"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def fmt_minutes(minutes: int) -> str:
    """A duration as "1 h 30 min"."""
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h} h {m:02d} min"
    return f"{h} h" if h else f"{m} min"


def escape(text: str) -> str:
    """Plain text for a Paragraph: markup characters escaped, line breaks kept."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


# ------------------------------------------------------------------------------ the page


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """The header of every page: who, for which Ambito, which case; and the document's title."""

    title: str
    cooperative: str
    ambito: str = ""
    case_code: str = ""
    service: str = ""
    printed_on: dt.date | None = None
    # When the PDF was made, for its metadata (CreationDate): the caller's clock, so that a
    # document says its real date and a test its fixed one. Without it, the print date.
    created_at: dt.datetime | None = None
    # The cooperative's logo (PNG or JPEG bytes, an Ambito setting), drawn left of its name.
    logo: bytes | None = None


def pdf_date(header: DocumentHeader) -> str | None:
    """The PDF's CreationDate and ModDate ("D:20261124153000+01'00'"): when it was created,
    or the day it was printed; None when the header has neither (reportlab's invariant date,
    1 January 2000, is then all there is: only documents made outside the services)."""
    if header.created_at is not None:
        moment = header.created_at
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a naive moment is this computer's local time
        offset = moment.utcoffset() or dt.timedelta()
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        hh, mm_ = divmod(abs(minutes), 60)
        return f"D:{moment:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm_:02d}'"
    if header.printed_on is not None:
        return f"D:{header.printed_on:%Y%m%d}"
    return None


class _NumberedCanvas(Canvas):
    """Draws "Pagina N di M" once the total is known (the two-pass canvas pattern)."""

    def __init__(self, *args: Any, created: str | None = None, **kwargs: Any) -> None:
        # The doc template passes initialFontName=None explicitly: without a font of our own the
        # canvas starts in Helvetica, and the PDF keeps an unused, unembedded Helvetica.
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        if created is not None:
            # Invariant mode keeps the bytes a function of the input; the date is part of the
            # input, given here instead of the fixed 2000-01-01 (and in the file's /ID too).
            self.setDateFormatter(lambda *_clock: created)
            self._doc.updateSignature(created)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(FONT, 7.5)
            self.setFillColor(GREY)
            self.drawRightString(
                self._pagesize[0] - MARGIN,
                MARGIN - 6 * mm,
                f"Pagina {self._pageNumber} di {total}",
            )
            super().showPage()
        super().save()


class _Frame(Frame):
    """A frame that copies cheaply: reportlab deep-copies the frame each time it measures a
    KeepTogether or a heading kept with its next flowable, and a deepcopy of its ~25 plain
    attributes took a tenth of a visit sheet's time. Its values are numbers; lists are copied."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        clone = copy.copy(self)
        for name, value in clone.__dict__.items():
            if isinstance(value, list | dict):
                clone.__dict__[name] = copy.copy(value)
        return clone


# ------------------------------------------------------------------------------ the logo

LOGO_HEIGHT = 8.5 * mm  # at most: from above the cooperative's name down to the title's line
LOGO_MAX_WIDTH = 32 * mm
LOGO_GAP = 3 * mm  # between the logo and the name beside it
LOGO_MAX_SIDE = 4096  # pixels: a logo of 256 KiB that claims more is not a logo
LOGO_MAX_PIXELS = 8_000_000
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


class LogoError(ValueError):
    """The bytes are not a logo a document can show (the message says why, in Italian)."""


@lru_cache(maxsize=8)
def check_logo(data: bytes) -> tuple[int, int]:
    """The logo's size in pixels, once it is known to be a PNG or JPEG image (by its first
    bytes) of at most LOGO_MAX_BYTES, of bounded size (read from its header before anything
    is decoded) that decodes whole. A logo is a synchronised value: a teammate's laptop may
    send anything, so every document checks it again before drawing it."""
    from reportlab.lib.utils import ImageReader

    from minorifamiglie.domain.validation import LOGO_MAX_BYTES

    if not data or len(data) > LOGO_MAX_BYTES:
        raise LogoError(f"al massimo {LOGO_MAX_BYTES // 1024} KiB")
    if not (data.startswith(_PNG) or data.startswith(_JPEG)):
        raise LogoError("serve un'immagine PNG o JPEG")
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        if not (0 < width <= LOGO_MAX_SIDE and 0 < height <= LOGO_MAX_SIDE):
            raise LogoError(f"al massimo {LOGO_MAX_SIDE} pixel per lato")
        if width * height > LOGO_MAX_PIXELS:
            raise LogoError("immagine troppo grande")
        reader.getRGBData()  # decodes it all: a truncated or damaged file fails here
    except LogoError:
        raise
    except Exception:  # whatever the decoder raises on hostile bytes
        raise LogoError("l'immagine non si legge") from None
    return int(width), int(height)


def logo_box(pixels: tuple[int, int]) -> tuple[float, float]:
    """The size a logo is drawn at: its proportions kept, within LOGO_MAX_WIDTH × LOGO_HEIGHT."""
    width, height = pixels
    scale = min(LOGO_MAX_WIDTH / width, LOGO_HEIGHT / height)
    return width * scale, height * scale


def _logo(header: DocumentHeader) -> tuple[Any, float, float] | None:
    """The logo to draw on every page (an ImageReader and its size), or None: without one, or
    with bytes that are not a logo (the document is printed without it rather than not at all)."""
    if not header.logo:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        width, height = logo_box(check_logo(bytes(header.logo)))
    except LogoError:
        return None
    return ImageReader(io.BytesIO(header.logo)), width, height


def fitted(text: str, font: str, size: float, width: float) -> str:
    """`text` as drawn within `width` points: whole if it fits, else cut and ended with "…"
    (a one-line string drawn on the canvas does not wrap: it would run over its neighbour or
    off the page)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…" if low else ""


def _draw_frame(header: DocumentHeader) -> Callable[[Canvas, Any], None]:
    logo = _logo(header)

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        page_width, page_height = doc.pagesize
        top = page_height - MARGIN
        left = MARGIN
        if logo is not None:
            image, width, height = logo
            # Bottom-aligned just above the rule under the title, so a short wide logo sits
            # by the title and a square one reaches up beside the name.
            canvas.drawImage(image, MARGIN, top - 5.5 * mm, width, height, mask="auto", anchor="sw")
            left = MARGIN + width + LOGO_GAP
        width = page_width - MARGIN - left  # what the two lines of text share
        right = " · ".join(
            p for p in (f"Ambito {header.ambito}" if header.ambito else "", header.service) if p
        )
        right = fitted(right, FONT, 8, 0.7 * width)  # whole for every Ambito and service
        room = width - pdfmetrics.stringWidth(right, FONT, 8) - 4 * mm
        size = 9.0  # a long cooperative name shrinks rather than run into the ambito
        while size > 6 and pdfmetrics.stringWidth(header.cooperative, FONT_BOLD, size) > room:
            size -= 0.5
        canvas.setFont(FONT_BOLD, size)
        canvas.drawString(left, top, fitted(header.cooperative, FONT_BOLD, size, room))
        canvas.setFont(FONT, 8)
        canvas.drawRightString(page_width - MARGIN, top, right)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(left, top - 4.5 * mm, header.title)  # the application's own words
        if header.case_code:  # shortened rather than run over the title ("… (bozza)")
            room = width - pdfmetrics.stringWidth(header.title, FONT_BOLD, 9) - 4 * mm
            code = fitted(f"Cartella {header.case_code}", FONT_BOLD, 9, room)
            canvas.drawRightString(page_width - MARGIN, top - 4.5 * mm, code)
        canvas.setStrokeColor(LIGHT)
        canvas.line(MARGIN, top - 7 * mm, page_width - MARGIN, top - 7 * mm)
        canvas.line(MARGIN, MARGIN - 2 * mm, page_width - MARGIN, MARGIN - 2 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        printed = f"Stampato il {fmt_date(header.printed_on)}" if header.printed_on else ""
        canvas.drawString(MARGIN, MARGIN - 6 * mm, CONFIDENTIAL)
        canvas.drawCentredString(page_width / 2, MARGIN - 6 * mm, printed)
        canvas.restoreState()

    return draw


def build_pdf(
    header: DocumentHeader,
    story: Sequence[Flowable],
    *,
    subject: str = "",
    landscape: bool = False,
) -> bytes:
    """Lay out `story` on A4 pages (portrait, or landscape for wide tables: the content is then
    LANDSCAPE_WIDTH wide) with the shared header and footer; the PDF's bytes."""
    register_fonts()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=(PAGE_HEIGHT, PAGE_WIDTH) if landscape else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT - 6 * mm,
        bottomMargin=MARGIN + 2 * mm,
        title=header.title,
        author=header.cooperative,
        subject=subject,
        creator="Minori e Famiglie",
        # The same input gives the same bytes (golden tests): no clock read here; the date in
        # the metadata is the header's (pdf_date).
        invariant=True,
    )
    frame = _Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_frame(header))])
    created = pdf_date(header)
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, created=created))
    return out.getvalue()


# ------------------------------------------------------------------------------ building blocks


def title(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["title"])


def section(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["section"])


def paragraph(text: str, style: str = "body") -> Paragraph:
    """Free text as written (escaped); an empty text shows a dash, so a blank is visible."""
    return Paragraph(escape(text) if text.strip() else "—", styles()[style])


def text_section(heading: str, text: str) -> list[Flowable]:
    return [section(heading), paragraph(text)]


def fields_table(pairs: Iterable[tuple[str, str]], columns: int = 2) -> Table:
    """Label/value pairs in `columns` column pairs, for the facts at the top of a document."""
    st = styles()
    cells = [
        (Paragraph(escape(label), st["label"]), Paragraph(escape(value) or "—", st["cell"]))
        for label, value in pairs
    ]
    rows: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        row: list[Any] = []
        for label, value in cells[start : start + columns]:
            row.extend([label, value])
        row.extend([""] * (2 * columns - len(row)))
        rows.append(row)
    label_w = 32 * mm
    value_w = CONTENT_WIDTH / columns - label_w
    table = Table(rows, colWidths=[label_w, value_w] * columns, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
            ]
        )
    )
    return table


def data_table(
    head: Sequence[str],
    rows: Iterable[Sequence[str | Flowable]],
    widths: Sequence[float] | None = None,
    *,
    numeric: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> Table:
    """A table with a header row repeated on every page; `numeric` columns right-aligned.
    A cell is text, or a flowable already styled (a bold Paragraph, say)."""
    st = styles()
    right = set(numeric)
    bold_right = ParagraphStyle("cell_bold_right", parent=st["cell_bold"], alignment=TA_RIGHT)
    body = [
        [
            Paragraph(escape(h), bold_right if i in right else st["cell_bold"])
            for i, h in enumerate(head)
        ]
    ]
    for row in rows:
        body.append(
            [
                c
                if isinstance(c, Flowable)
                else Paragraph(escape(str(c)), st["cell_right"] if i in right else st["cell"])
                for i, c in enumerate(row)
            ]
        )
    table = Table(
        body, colWidths=list(widths) if widths else None, repeatRows=1, hAlign="LEFT", splitInRow=1
    )
    style: list[tuple[Any, ...]] = [
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for col in numeric:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    for r in bold_rows:
        style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F5F5F5")))
    table.setStyle(TableStyle(style))
    return table


def ruled_area(lines: int, heading: str = "") -> KeepTogether:
    """Empty ruled lines to write on by hand."""
    parts: list[Flowable] = [section(heading)] if heading else []
    for _ in range(lines):
        parts.append(Spacer(1, 7 * mm))
        parts.append(HRFlowable(width="100%", thickness=0.4, color=colors.HexColor("#999999")))
    return KeepTogether(parts)


def signature_boxes(labels: Sequence[str]) -> KeepTogether:
    """Boxes for signatures, side by side: "Firma dell'operatore", "Firma del genitore"…"""
    st = styles()
    width = CONTENT_WIDTH / max(len(labels), 1)
    cells: list[list[Any]] = [[Paragraph(escape(label), st["small"]) for label in labels]]
    cells.append(["" for _ in labels])
    table = Table(cells, colWidths=[width] * len(labels), rowHeights=[6 * mm, 18 * mm])
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 0.5, GREY),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


# ------------------------------------------------------------------------------ saving


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256 (R6): it opens only with `password`."""
    import pikepdf

    if not password:
        raise ValueError("empty password")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(
            out,
            encryption=pikepdf.Encryption(owner=password, user=password, R=6, aes=True),
        )
    return out.getvalue()
