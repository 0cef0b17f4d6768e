"""The registry of residential communities and a community's placements (inserimenti), as
tables beside the foster families' (family_table.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QPalette

from minorifamiglie.domain.rules import DeadlineRules, add_months
from minorifamiglie.services.communities import CommunityPlacementView, CommunityView
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.family_table import AMBITO_NAMES, OVERDUE_COLOR
from minorifamiglie.ui.models.rows import RowsModel


def next_community_review(
    view: CommunityPlacementView, rules: DeadlineRules | None = None
) -> dt.date | None:
    """When the six-monthly report on the child falls due; None once the placement ended."""
    p = view.placement
    if p.ended_on is not None:
        return None
    months = (rules or DeadlineRules()).community_review_months
    return add_months(p.last_review_on or p.start_on, months)


class CommunityTableModel(RowsModel[CommunityView]):
    """Rows are `CommunityView`s in the service's order (by name); "Placed" is how many
    children the community hosts now, against its places."""

    CommunityIdRole = Qt.ItemDataRole.UserRole + 2
    NAME, KIND, COMUNE, AMBITO, PLACED, PHONE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                self.tr("Community"),
                self.tr("Kind"),
                self.tr("Municipality"),
                self.tr("Ambito"),
                self.tr("Placed / places"),
                self.tr("Phone"),
            ),
            parent,
        )

    def view_at(self, row: int) -> CommunityView | None:
        return self.row_at(row)

    def row_of(self, community_id: object) -> int:
        for i, view in enumerate(self._rows):
            if view.community.id == community_id:
                return i
        return -1

    def cell(self, row: CommunityView, column: int, role: int) -> Any:
        c = row.community
        if role == self.CommunityIdRole:
            return c.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return "\n".join(t for t in (c.name, c.notes) if t)
        if role == Qt.ItemDataRole.ForegroundRole:
            full = c.places is not None and row.placed > c.places
            return QBrush(OVERDUE_COLOR) if column == self.PLACED and full else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        texts: dict[int, Callable[[], str]] = {
            self.NAME: lambda: c.name,
            self.KIND: lambda: label(c.kind),
            self.COMUNE: lambda: c.comune,
            self.AMBITO: lambda: AMBITO_NAMES.get(c.ambito_id, "") if c.ambito_id else "",
            self.PLACED: lambda: f"{row.placed} / {c.places if c.places is not None else '—'}",
            self.PHONE: lambda: c.phone,
        }
        text = texts.get(column)
        return text() if text is not None else None


class CommunityPlacementTableModel(RowsModel[CommunityPlacementView]):
    """Rows are `CommunityPlacementView`s, of one community (most recent first) or of one case.
    Ended placements are greyed; a six-monthly report past due is red."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 2
    (
        CHILD,
        CASE,
        COMMUNITY,
        LEGAL_BASIS,
        START,
        PLANNED_END,
        LAST_REVIEW,
        NEXT_REVIEW,
        ENDED,
        END_REASON,
    ) = range(10)

    def __init__(self, parent: QObject | None = None, today: dt.date | None = None) -> None:
        super().__init__(
            (
                self.tr("Child"),
                self.tr("Case"),
                self.tr("Community"),
                self.tr("Legal basis"),
                self.tr("Start"),
                self.tr("Planned end"),
                self.tr("Last review"),
                self.tr("Next review"),
                self.tr("Ended on"),
                self.tr("Why it ended"),
            ),
            parent,
        )
        self.today = today

    def placement_at(self, row: int) -> CommunityPlacementView | None:
        return self.row_at(row)

    def cell(self, row: CommunityPlacementView, column: int, role: int) -> Any:
        p = row.placement
        if role == self.CaseIdRole:
            return p.case_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if p.ended_on is not None:
                return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            due = next_community_review(row)
            today = self.today or dt.date.today()
            if column == self.NEXT_REVIEW and due is not None and due < today:
                return QBrush(OVERDUE_COLOR)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        texts: dict[int, Callable[[], str]] = {
            self.CHILD: lambda: row.minor.full_name,
            self.CASE: lambda: row.case_code,
            self.COMMUNITY: lambda: row.community.name,
            self.LEGAL_BASIS: lambda: label(p.legal_basis),
            self.START: lambda: fmt_date(p.start_on),
            self.PLANNED_END: lambda: fmt_date(p.planned_end_on),
            self.LAST_REVIEW: lambda: fmt_date(p.last_review_on),
            self.NEXT_REVIEW: lambda: fmt_date(next_community_review(row)),
            self.ENDED: lambda: fmt_date(p.ended_on),
            self.END_REASON: lambda: label(p.end_reason) if p.end_reason else "",
        }
        text = texts.get(column)
        return text() if text is not None else None
