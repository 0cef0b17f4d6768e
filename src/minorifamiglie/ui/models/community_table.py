"""The registry of residential communities and a community's placements (inserimenti), as
tables beside the foster families' (family_table.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush

from minorifamiglie.domain.entities import Community
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.services.communities import CommunityPlacementView, CommunityView
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.registry_table import (
    OVERDUE_COLOR,
    PlacementRowsModel,
    RegistryTableModel,
    Texts,
    ambito_name,
    next_review,
)


def next_community_review(
    view: CommunityPlacementView, rules: DeadlineRules | None = None
) -> dt.date | None:
    """When the six-monthly report on the child falls due; None once the placement ended."""
    return next_review(view.placement, (rules or DeadlineRules()).community_review_months)


class CommunityTableModel(RegistryTableModel[CommunityView, Community]):
    """Rows are `CommunityView`s in the service's order (by name); "Placed" is how many
    children the community hosts now, against its places."""

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

    def record(self, row: CommunityView) -> Community:
        return row.community

    def foreground(self, row: CommunityView, column: int) -> Any:
        c = row.community
        full = c.places is not None and row.placed > c.places
        return QBrush(OVERDUE_COLOR) if column == self.PLACED and full else None

    def texts(self, row: CommunityView) -> Texts:
        c = row.community
        return {
            self.NAME: lambda: c.name,
            self.KIND: lambda: label(c.kind),
            self.COMUNE: lambda: c.comune,
            self.AMBITO: lambda: ambito_name(c.ambito_id),
            self.PLACED: lambda: f"{row.placed} / {c.places if c.places is not None else '—'}",
            self.PHONE: lambda: c.phone,
        }


class CommunityPlacementTableModel(PlacementRowsModel[CommunityPlacementView]):
    """Rows are `CommunityPlacementView`s, of one community (most recent first) or of one case.
    Ended placements are greyed; a six-monthly report past due is red."""

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
            today,
        )

    def next_review(self, view: CommunityPlacementView) -> dt.date | None:
        return next_review(view.placement, self.rules.community_review_months)

    def texts(self, row: CommunityPlacementView) -> Texts:
        p = row.placement
        return super().texts(row) | {
            self.COMMUNITY: lambda: row.community.name,
            self.END_REASON: lambda: label(p.end_reason) if p.end_reason else "",
        }
