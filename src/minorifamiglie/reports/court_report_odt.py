"""The relazione di aggiornamento as an editable OpenDocument text (.odt, the open format of
the Italian public administrations), written with odfpy from the same content as the PDF.

Real named styles (Title, Heading 1, Heading 2, Text body, a small "Nota" style), so the
operator edits it in LibreOffice or Word as any report, the outline and headings intact. Built
in memory; the zip's timestamps are the document's own creation moment, so the same content
and clock give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from odf import dc, meta, teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P

from minorifamiglie.domain.italian_format import fmt_date
from minorifamiglie.reports import court_report as cr
from minorifamiglie.reports import layout as ly

FONT = "Liberation Serif"


class _Writer:
    """One document: its styles, then paragraphs appended in order."""

    def __init__(self) -> None:
        self.doc = OpenDocumentText()
        self.styles: dict[str, Style] = {}
        self._define_styles()

    def _style(
        self, name: str, display: str, family: str = "paragraph", **props: dict[str, str]
    ) -> Style:
        style = Style(name=name, displayname=display, family=family)
        if "parent" in props:
            style.setAttribute("parentstylename", props["parent"]["name"])
        if "paragraph" in props:
            style.addElement(ParagraphProperties(**props["paragraph"]))
        if "text" in props:
            style.addElement(TextProperties(**props["text"]))
        self.doc.styles.addElement(style)
        self.styles[name] = style
        return style

    def _define_styles(self) -> None:
        self._style(
            "Standard",
            "Default Paragraph Style",
            text={"fontfamily": FONT, "fontsize": "11pt", "language": "it", "country": "IT"},
        )
        self._style(
            "Text_20_body",
            "Text body",
            parent={"name": "Standard"},
            paragraph={"margintop": "0cm", "marginbottom": "0.2cm"},
        )
        self._style(
            "Nota",
            "Nota",
            parent={"name": "Text_20_body"},
            text={"fontsize": "9pt", "fontstyle": "italic"},
        )
        self._style(
            "Title",
            "Title",
            parent={"name": "Standard"},
            paragraph={"textalign": "center", "marginbottom": "0.4cm"},
            text={"fontsize": "16pt", "fontweight": "bold"},
        )
        self._style(
            "Heading",
            "Heading",
            parent={"name": "Standard"},
            paragraph={"margintop": "0.4cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
            text={"fontweight": "bold"},
        )
        for level, size in ((1, "13pt"), (2, "11pt")):
            style = self._style(
                f"Heading_20_{level}",
                f"Heading {level}",
                parent={"name": "Heading"},
                text={"fontsize": size},
            )
            style.setAttribute("defaultoutlinelevel", str(level))
        self._style(
            "Voce",
            "Voce",
            parent={"name": "Text_20_body"},
            paragraph={"margintop": "0.2cm", "marginbottom": "0.05cm", "keepwithnext": "always"},
            text={"fontweight": "bold"},
        )
        self._style(
            "Tabella",
            "Tabella",
            parent={"name": "Standard"},
            text={"fontsize": "9pt"},
        )
        cell = Style(name="Cella", family="table-cell")
        cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.08cm"))
        self.doc.automaticstyles.addElement(cell)
        self.styles["Cella"] = cell
        table = Style(name="Griglia", family="table")
        table.addElement(TableProperties(width="17cm", align="left"))
        self.doc.automaticstyles.addElement(table)
        self.styles["Griglia"] = table

    # -------------------------------------------------------------- content

    def title(self, text: str) -> None:
        self.doc.text.addElement(P(stylename=self.styles["Title"], text=text))

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.text.addElement(
            H(outlinelevel=level, stylename=self.styles[f"Heading_20_{level}"], text=text)
        )

    def para(self, text: str, style: str = "Text_20_body") -> None:
        """Free text as written: each line of it a paragraph of its own."""
        for line in text.splitlines() or [""]:
            paragraph = P(stylename=self.styles[style])
            teletype.addTextToElement(paragraph, line)  # runs of spaces and tabs kept
            self.doc.text.addElement(paragraph)

    def table(self, name: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        grid = Table(name=name, stylename=self.styles["Griglia"])
        for i in range(len(head)):
            column = Style(name=f"{name}.{i}", family="table-column")
            column.addElement(TableColumnProperties(relcolumnwidth="1*"))
            self.doc.automaticstyles.addElement(column)
            grid.addElement(TableColumn(stylename=column))
        for r, row in enumerate([head, *rows]):
            line = TableRow()
            for value in row:
                cell = TableCell(stylename=self.styles["Cella"], valuetype="string")
                style = "Voce" if r == 0 else "Tabella"
                cell.addElement(P(stylename=self.styles[style], text=value))
                line.addElement(cell)
            grid.addElement(line)
        self.doc.text.addElement(grid)

    def bytes(self, created_at: dt.datetime | None) -> bytes:
        out = io.BytesIO()
        self.doc.write(out)
        return _fixed_times(out.getvalue(), created_at)


def _fixed_times(data: bytes, created_at: dt.datetime | None) -> bytes:
    """The zip rewritten with every entry dated `created_at` (odfpy dates them at writing),
    the mimetype first and stored, as the format requires."""
    when = (created_at or dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _entries(w: _Writer, entries: Sequence[cr.ReportEntry], statement: bool) -> None:
    if not entries:
        w.para(cr.EMPTY_SECTION)
    for entry in entries:
        w.para(cr.entry_heading(entry), "Voce")
        w.para(entry.text)
        for line in cr.entry_details(entry, statement):
            w.para(line, "Nota")


def _intestazione(w: _Writer, r: cr.CourtReport) -> None:
    w.doc.meta.addElement(dc.Title(text=f"{cr.TITLE} — {r.case_code}"))
    w.doc.meta.addElement(dc.Language(text="it-IT"))
    if r.created_at is not None:
        stamp = r.created_at.replace(tzinfo=None, microsecond=0).isoformat()
        w.doc.meta.addElement(meta.CreationDate(text=stamp))
    w.para(r.cooperative)
    w.para(f"Al {r.court}")
    w.title(cr.TITLE)
    for label, value in cr.heading_pairs(r):
        w.para(f"{label}: {value}")
    w.para(cr.subject_line(r), "Voce")
    w.heading("Provvedimenti in vigore")
    if not r.measures:
        w.para("Nessun provvedimento registrato.")
    for m in r.measures:
        w.para(cr.measure_line(m))
        if m.prescriptions.strip():
            w.para(m.prescriptions, "Nota")


def _plan_and_hours(w: _Writer, r: cr.CourtReport) -> None:
    w.heading("Obiettivi del PEI")
    if not r.goals:
        w.para("Nessun obiettivo registrato.")
    for g in r.goals:
        w.para(cr.goal_line(g))
        for line in cr.goal_details(g):
            w.para(line, "Nota")
    w.heading("Ore erogate e autorizzate")
    if r.hours:
        w.table("Ore", cr.HOURS_HEAD, [cr.hours_row(h) for h in r.hours])
    else:
        w.para("Nessun servizio attivo nel periodo.")
    w.heading("Incontri")
    if r.meetings:
        w.table("Incontri", cr.MEETINGS_HEAD, [cr.meeting_row(m) for m in r.meetings])
    else:
        w.para("Nessun incontro nel periodo.")


def render_court_report_odt(r: cr.CourtReport) -> bytes:
    """The .odt's bytes."""
    w = _Writer()
    _intestazione(w, r)
    for (heading, entries), statement in zip(r.sections, (False, True, False), strict=True):
        w.heading(heading)
        _entries(w, entries, statement)
    _plan_and_hours(w, r)
    w.heading("Note")
    for note in cr.notes(r):
        w.para(note, "Nota")
    w.heading("Firme")
    w.para(f"{cr.SIGNATURE_PLACE}: ______________________")
    for name in cr.signature_labels(r):
        w.para(f"{name}: ______________________")
    w.para(f"{ly.CONFIDENTIAL}. Redatta il {fmt_date(r.printed_on)}.", "Nota")
    return w.bytes(r.created_at)
