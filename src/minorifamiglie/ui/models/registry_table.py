"""What the tables of the two registries share, foster families (family_table.py) and
communities (community_table.py): a record found again by its id, its name's tooltip, and
placements greyed once ended, their six-monthly review red once past due.

Each subclass names its columns and its headers (tr() in its own context: the same English
reads differently for an abbinamento and an inserimento)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPalette

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.entities import (
    Community,
    CommunityPlacement,
    FosterFamily,
    Placement,
)
from minorifamiglie.domain.rules import DeadlineRules, add_months
from minorifamiglie.services.communities import CommunityPlacementView
from minorifamiglie.services.placements import PlacementView
from minorifamiglie.ui.common import fmt_date, plain_html
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.rows import RowsModel

OVERDUE_COLOR = QColor("#b00020")
AMBITO_NAMES: dict[uuid.UUID, str] = {ambito_id(code): name for code, name in AMBITI}

Texts = dict[int, Callable[[], str]]  # what a row shows, column by column
R = TypeVar("R")  # a row of the registry
T = TypeVar("T", bound=FosterFamily | Community)  # the record it shows
V = TypeVar("V", bound=PlacementView | CommunityPlacementView)


def ambito_name(ambito: uuid.UUID | None) -> str:
    return AMBITO_NAMES.get(ambito, "") if ambito else ""


def next_review(placement: Placement | CommunityPlacement, months: int) -> dt.date | None:
    """When the six-monthly review (or report) falls due; None once the placement ended."""
    if placement.ended_on is not None:
        return None
    return add_months(placement.last_review_on or placement.start_on, months)


def _shown(texts: Texts, column: int) -> str | None:
    text = texts.get(column)
    return text() if text is not None else None


class RegistryTableModel(RowsModel[R], Generic[R, T]):
    """Rows of a registry in the service's order (by name); `record` is what a row shows."""

    IdRole = Qt.ItemDataRole.UserRole + 2
    NAME = 0

    # ------------------------------------------------------------------ to override
    def record(self, row: R) -> T:
        raise NotImplementedError

    def texts(self, row: R) -> Texts:
        raise NotImplementedError

    def tooltip(self, row: R) -> Sequence[str]:
        """The lines the name's tooltip joins (the empty ones left out)."""
        return (self.record(row).name, self.record(row).notes)

    def foreground(self, row: R, column: int) -> Any:
        return None

    # ------------------------------------------------------------------ rows
    def record_at(self, row: int) -> T | None:
        found = self.row_at(row)
        return self.record(found) if found is not None else None

    def row_of(self, record_id: object) -> int:
        for i, row in enumerate(self._rows):
            if self.record(row).id == record_id:
                return i
        return -1

    def cell(self, row: R, column: int, role: int) -> Any:
        if role == self.IdRole:
            return self.record(row).id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return plain_html("\n".join(t for t in self.tooltip(row) if t))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _shown(self.texts(row), column)


class PlacementRowsModel(RowsModel[V]):
    """The placements of one record (most recent first) or of one case. Ended ones are greyed;
    a six-monthly review past due is red. Subclasses number the columns."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    CHILD: int
    CASE: int
    LEGAL_BASIS: int
    START: int
    PLANNED_END: int
    LAST_REVIEW: int
    NEXT_REVIEW: int
    ENDED: int

    def __init__(
        self,
        headers: Sequence[str],
        parent: QObject | None = None,
        today: dt.date | None = None,
        rules: DeadlineRules | None = None,
    ) -> None:
        super().__init__(headers, parent)
        self.today = today
        self.rules = rules or DeadlineRules()

    # ------------------------------------------------------------------ to override
    def next_review(self, view: V) -> dt.date | None:
        raise NotImplementedError

    def texts(self, row: V) -> Texts:
        """The columns every placement has; subclasses add theirs."""
        p = row.placement
        return {
            self.CHILD: lambda: row.minor.full_name,
            self.CASE: lambda: row.case_code,
            self.LEGAL_BASIS: lambda: label(p.legal_basis),
            self.START: lambda: fmt_date(p.start_on),
            self.PLANNED_END: lambda: fmt_date(p.planned_end_on),
            self.LAST_REVIEW: lambda: fmt_date(p.last_review_on),
            self.NEXT_REVIEW: lambda: fmt_date(self.next_review(row)),
            self.ENDED: lambda: fmt_date(p.ended_on),
        }

    # ------------------------------------------------------------------ rows
    def placement_at(self, row: int) -> V | None:
        return self.row_at(row)

    def cell(self, row: V, column: int, role: int) -> Any:
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
        return _shown(self.texts(row), column)
