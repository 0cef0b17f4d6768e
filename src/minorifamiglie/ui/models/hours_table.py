"""Rendicontazione ore as a table: the report's rows, each service's and ambito's total after
its rows, and the overall total, exactly as domain/hours_report.py computed them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.hours_report import HoursReport, Tally
from minorifamiglie.domain.italian_format import fmt_hours  # as in the PDF and the CSV: 12,50
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel

NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Level(enum.Enum):
    ROW = "row"
    SERVICE = "service"
    AMBITO = "ambito"
    TOTAL = "total"


@dataclass(frozen=True)
class HoursLine:
    level: Level
    ambito: str
    service: Service | None
    case: str
    operator: str
    hours: Tally
    comune: str = ""  # a case's row: its comune of residence ("non indicato" if not given)


def report_lines(report: HoursReport) -> tuple[HoursLine, ...]:
    """The rows in the report's order, a service's total after its last row, an ambito's after
    its last service, the overall total at the end (no sums here: the report has them all)."""
    services = {(s.ambito_code, s.service): s.hours for s in report.by_service}
    ambiti = {a.ambito_code: a for a in report.by_ambito}
    service_total = QCoreApplication.translate("HoursTableModel", "Service total")
    ambito_total = QCoreApplication.translate("HoursTableModel", "Ambito total")
    lines: list[HoursLine] = []
    rows = report.rows
    for i, row in enumerate(rows):
        case = f"{row.case_code} ({row.initials})" if row.initials else row.case_code
        lines.append(
            HoursLine(
                Level.ROW, row.ambito_name, row.service, case, row.operator, row.hours, row.comune
            )
        )
        following = rows[i + 1] if i + 1 < len(rows) else None
        same_ambito = following is not None and following.ambito_code == row.ambito_code
        if not (same_ambito and following is not None and following.service is row.service):
            tally = services[(row.ambito_code, row.service)]
            lines.append(HoursLine(Level.SERVICE, "", row.service, service_total, "", tally))
        if not same_ambito:
            ambito = ambiti[row.ambito_code]
            lines.append(
                HoursLine(Level.AMBITO, ambito.ambito_name, None, ambito_total, "", ambito.hours)
            )
    overall = QCoreApplication.translate("HoursTableModel", "Overall total")
    lines.append(HoursLine(Level.TOTAL, "", None, overall, "", report.total))
    return tuple(lines)


class HoursTableModel(RowsModel[HoursLine]):
    AMBITO, SERVICE, CASE, COMUNE, OPERATOR, AUTHORISED, DIRECT, INDIRECT, DELIVERED = range(9)
    VISITS, CANCELLED = 9, 10

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Ambito"),
                self.tr("Service"),
                self.tr("Case"),
                self.tr("Comune"),
                self.tr("Operator"),
                self.tr("Authorised"),
                self.tr("Direct"),
                self.tr("Indirect"),
                self.tr("Delivered"),
                self.tr("Visits"),
                self.tr("Cancelled"),
            ),
            parent,
        )

    def set_report(self, report: HoursReport | None) -> None:
        self.set_rows(report_lines(report) if report is not None else ())

    def cell(self, row: HoursLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column <= self.OPERATOR:
            return plain_html(self.text(row, column)) or None  # narrower than some names
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.AUTHORISED:
            return int(NUMBER_ALIGNMENT)
        if role == Qt.ItemDataRole.FontRole and row.level is not Level.ROW:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def text(self, row: HoursLine, column: int) -> str:
        h = row.hours
        if column == self.AMBITO:
            return row.ambito
        if column == self.SERVICE:
            return label(row.service) if row.service is not None else ""
        if column == self.CASE:
            return row.case
        if column == self.COMUNE:
            return row.comune
        if column == self.OPERATOR:
            return row.operator
        numbers = (
            fmt_hours(h.authorised_hours),
            fmt_hours(h.direct_hours),
            fmt_hours(h.indirect_hours),
            fmt_hours(h.delivered_hours),
            str(h.visits),
            str(h.cancelled),
        )
        return numbers[column - self.AUTHORISED] if column >= self.AUTHORISED else ""
