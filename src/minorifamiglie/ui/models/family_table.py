"""The registry of foster families and a family's placements (abbinamenti), as tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPalette

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.entities import FosterFamily
from minorifamiglie.domain.rules import DeadlineRules, add_months
from minorifamiglie.services.placements import PlacementView
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel

OVERDUE_COLOR = QColor("#b00020")
AMBITO_NAMES = {ambito_id(code): name for code, name in AMBITI}


class FamilyTableModel(RowsModel[FosterFamily]):
    """Rows are `FosterFamily` records in the service's order (by name)."""

    FamilyIdRole = Qt.ItemDataRole.UserRole + 2
    NAME, COMUNE, AMBITO, AVAILABILITY, STATUS, TRAINING = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Family"),
                self.tr("Municipality"),
                self.tr("Ambito"),
                self.tr("Availability"),
                self.tr("Status"),
                self.tr("Training completed"),
            ),
            parent,
        )

    def family_at(self, row: int) -> FosterFamily | None:
        return self.row_at(row)

    def row_of(self, family_id: object) -> int:
        for i, family in enumerate(self._rows):
            if family.id == family_id:
                return i
        return -1

    def cell(self, row: FosterFamily, column: int, role: int) -> Any:
        if role == self.FamilyIdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return "\n".join(t for t in (row.name, row.members, row.notes) if t)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.NAME:
            return row.name
        if column == self.COMUNE:
            return row.comune
        if column == self.AMBITO:
            return AMBITO_NAMES.get(row.ambito_id, "") if row.ambito_id else ""
        if column == self.AVAILABILITY:
            return label(row.availability)
        if column == self.STATUS:
            return label(row.status)
        if column == self.TRAINING:
            return fmt_date(row.training_completed_on)
        return None


class PlacementTableModel(RowsModel[PlacementView]):
    """Rows are `PlacementView`s of one family, most recent first. Ended placements are
    greyed; a six-monthly review past due is red."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    (
        CHILD,
        CASE,
        LEGAL_BASIS,
        KIND,
        SCHEDULE,
        START,
        PLANNED_END,
        LAST_REVIEW,
        NEXT_REVIEW,
        ENDED,
    ) = range(10)

    def __init__(
        self,
        parent: QObject | None = None,
        today: dt.date | None = None,
        rules: DeadlineRules | None = None,
    ) -> None:
        super().__init__(
            (
                self.tr("Child"),
                self.tr("Case"),
                self.tr("Legal basis"),
                self.tr("Kind"),
                self.tr("Schedule"),
                self.tr("Start"),
                self.tr("Planned end"),
                self.tr("Last review"),
                self.tr("Next review"),
                self.tr("Ended on"),
            ),
            parent,
        )
        self.today = today
        self.rules = rules or DeadlineRules()

    def placement_at(self, row: int) -> PlacementView | None:
        return self.row_at(row)

    def next_review(self, view: PlacementView) -> dt.date | None:
        p = view.placement
        if p.ended_on is not None:
            return None
        return add_months(p.last_review_on or p.start_on, self.rules.foster_review_months)

    def cell(self, row: PlacementView, column: int, role: int) -> Any:
        p = row.placement
        if role == self.CaseIdRole:
            return p.case_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if p.ended_on is not None:
                return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            due = self.next_review(row)
            today = self.today or dt.date.today()
            if column == self.NEXT_REVIEW and due is not None and due < today:
                return QBrush(OVERDUE_COLOR)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        texts: dict[int, Callable[[], str]] = {
            self.CHILD: lambda: row.minor.full_name,
            self.CASE: lambda: row.case_code,
            self.LEGAL_BASIS: lambda: label(p.legal_basis),
            self.KIND: lambda: label(p.kind),
            self.SCHEDULE: lambda: label(p.schedule),
            self.START: lambda: fmt_date(p.start_on),
            self.PLANNED_END: lambda: fmt_date(p.planned_end_on),
            self.LAST_REVIEW: lambda: fmt_date(p.last_review_on),
            self.NEXT_REVIEW: lambda: fmt_date(self.next_review(row)),
            self.ENDED: lambda: fmt_date(p.ended_on),
        }
        text = texts.get(column)
        return text() if text is not None else None
