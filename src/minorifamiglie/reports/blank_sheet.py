"""Scheda in bianco: a visit sheet pre-filled with the case, to fill in by hand where a laptop
would be out of place. Its QR code carries only the sheet's id ("MF-SCHEDA:<uuid>", nothing
personal), printed as text too, so the handwritten sheet is matched to its case when it is
transcribed into the diary."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from minorifamiglie.domain.paper_sheets import sheet_code
from minorifamiglie.reports import layout as ly
from minorifamiglie.reports.visit_sheet import PARENT_SIGNATURE, RISK_REMINDER, CaseHeading

BOX = "☐"
QR_SIZE = 28 * mm
PLACES = ("Domicilio", "Scuola", "Spazio neutro", "Esterno")


@dataclass(frozen=True, slots=True)
class BlankSheet:
    sheet_id: uuid.UUID
    heading: CaseHeading
    operator: str
    persons: tuple[tuple[str, str], ...] = ()  # (name, role)
    goals: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # the kinds of activity to tick
    outcomes: tuple[str, ...] = ()
    parent_signature: bool = False

    @property
    def code(self) -> str:
        return sheet_code(self.sheet_id)


def qr_code(text: str, size: float = QR_SIZE) -> Drawing:
    """A QR code drawn by reportlab (vector, no image file), `size` points square."""
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = ly.FONT  # else the renderer sets Helvetica, unembedded
    return drawing


def _checks(options: Sequence[str], other: bool = False) -> Paragraph:
    text = "    ".join(f"{BOX} {ly.escape(o)}" for o in options)
    if other:
        text += f"    {BOX} Altro: ____________________"
    return Paragraph(text, ly.styles()["body"])


def _blanks(labels: Sequence[str]) -> Table:
    """Labels with a line to write on after each, side by side."""
    st = ly.styles()
    row: list[object] = []
    for label in labels:
        row += [Paragraph(ly.escape(label), st["label"]), ""]
    width = ly.CONTENT_WIDTH / len(labels)
    label_w = 24 * mm
    table = Table([row], colWidths=[label_w, width - label_w - 4 * mm] * len(labels), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("LINEBELOW", (i, 0), (i, 0), 0.4, ly.GREY) for i in range(1, 2 * len(labels), 2)]
            + [
                ly.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return table


def _top(sheet: BlankSheet) -> Table:
    st = ly.styles()
    left: list[Flowable] = [
        ly.title("Scheda visita — da compilare a mano"),
        Paragraph(
            "Scheda in bianco per la cartella indicata. Dopo la trascrizione nel diario, "
            "segnarla come trascritta e distruggerla: contiene dati personali.",
            st["small"],
        ),
    ]
    right: list[Flowable] = [
        qr_code(sheet.code),
        Paragraph(ly.escape(f"Scheda n. {sheet.sheet_id}"), st["small"]),
    ]
    table = Table([[left, right]], colWidths=[ly.CONTENT_WIDTH - 40 * mm, 40 * mm])
    table.setStyle(
        TableStyle(
            [
                ly.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def story(sheet: BlankSheet) -> list[Flowable]:
    h = sheet.heading
    parts: list[Flowable] = [
        _top(sheet),
        ly.fields_table([*h.fields(), ("Operatore", sheet.operator)]),
        _blanks(["Data", "Ora inizio", "Ora fine"]),
        ly.section("Luogo"),
        _checks(PLACES, other=True),
        ly.section("Tipo di attività"),
        _checks(sheet.kinds),
        ly.section("Esito"),
        _checks(sheet.outcomes),
        ly.section("Persone della cartella (segnare le presenti)"),
        ly.data_table(
            ["Presente", "Nome", "Ruolo"],
            [(BOX, name, role) for name, role in sheet.persons] + [(BOX, "Altri presenti:", "")],
            widths=[20 * mm, 88 * mm, ly.CONTENT_WIDTH - 108 * mm],
        ),
    ]
    if sheet.goals:
        parts += [
            ly.section("Obiettivi del PEI su cui si è lavorato"),
            *[Paragraph(f"{BOX} {ly.escape(goal)}", ly.styles()["body"]) for goal in sheet.goals],
        ]
    parts += [
        ly.ruled_area(7, "Descrizione dell'intervento"),
        ly.ruled_area(4, "Osservazioni (sul minore, sugli adulti, sulla relazione)"),
        ly.ruled_area(2, "Elementi di rischio o criticità"),
        Paragraph(ly.escape(RISK_REMINDER), ly.styles()["small"]),
        ly.ruled_area(2, "Fatti accertati"),
        ly.ruled_area(2, "Dichiarazioni (di parti e terzi)"),
        ly.ruled_area(2, "Valutazioni professionali dell'operatore"),
        ly.ruled_area(3, "Accordi e prossimi passi"),
        ly.ruled_area(1, "Prossimo appuntamento"),
        Spacer(1, 2),
    ]
    labels = ["Firma dell'operatore"]
    if sheet.parent_signature:
        labels.append(PARENT_SIGNATURE)
    parts.append(ly.signature_boxes(labels))
    parts.append(Paragraph(ly.escape(f"Codice scheda: {sheet.code}"), ly.styles()["small"]))
    return parts


def render_blank_sheet(sheet: BlankSheet) -> bytes:
    return ly.build_pdf(
        sheet.heading.header("Scheda visita in bianco"), story(sheet), subject="Scheda in bianco"
    )
